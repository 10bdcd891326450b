"""The index an evaluation runs against when ``--corpus`` names a folder: built by the real write
path (``ingest.ingest``) into a cache folder that later runs reuse (ingest is incremental)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.core.settings import Settings

STAMP = "eval-cache.json"
ROOT = Path(__file__).resolve().parents[1]
# The code that decides what an index holds. Ingest skips unchanged files by their hashes alone, so
# a changed parser would leave a cached index stale: a cache built by other code is rebuilt.
_WRITE_PATH = ("ingest/*.py", "assistant/answering/structure.py", "assistant/core/text.py", "assistant/core/sentences.py",
               "assistant/core/types.py", "assistant/index/store.py")


@dataclass(frozen=True)
class PreparedIndex:
    """Settings that point at the evaluation's index, and what preparing it did."""

    settings: Settings
    summary: str  # the ingest report's one-line summary
    rebuilt: bool  # True when a cache built by other write-path code was parsed and chunked again
    unchanged: bool  # True when ingest found nothing to do


def cache_dir(settings: Settings, corpus_dir: Path) -> Path:
    """The default index of ``--corpus``: ``<index dir>/eval-<folder name>``, e.g. ``.thesis_index/eval-collection``."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(corpus_dir).resolve().name).strip("-") or "corpus"
    return settings.index_dir / f"eval-{name}"


def write_path_fingerprint(root: Path = ROOT) -> str:
    """A hash of the write path's source files (a cached index built by other code is rebuilt)."""
    digest = hashlib.sha256()
    for pattern in _WRITE_PATH:
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_index(
    settings: Settings, corpus_dir: Path, index_dir: Path | None = None, progress: Any = None
) -> PreparedIndex:
    """Ingest ``corpus_dir`` into ``index_dir`` (default :func:`cache_dir`) and return settings for it.

    A cache folder (``index_dir`` None) carries a stamp of the write path's code; when the code
    changed since it was built, every file is parsed and chunked again (unchanged paragraphs keep
    their vectors), or the folder is built afresh when it cannot be read. An ``index_dir`` the user
    names is only ever ingested into as it is.
    """
    from ingest import ingest

    own = index_dir is None
    target = cache_dir(settings, corpus_dir) if own else Path(index_dir)
    changes: dict[str, Any] = {"corpus_dir": Path(corpus_dir), "index_dir": target}
    if settings.uses_server:  # a server holds every index: one collection per evaluated corpus
        changes["collection"] = f"eval-{target.name.removeprefix('eval-')}"[:60]
    prepared = settings.with_(**changes)
    fingerprint = write_path_fingerprint()
    stamp = target / STAMP
    rebuilt = False
    if own and stamp.is_file() and _stamped(stamp) != fingerprint:
        rebuilt = True
        if not _forget_hashes(prepared) and not settings.uses_server:
            shutil.rmtree(target)
    report = ingest(prepared, progress=progress)
    if own:
        target.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps({"write_path": fingerprint, "corpus": str(Path(corpus_dir).resolve())}) + "\n")
    return PreparedIndex(prepared, report.summary(), rebuilt, bool(report.unchanged))


def _forget_hashes(settings: Settings) -> bool:
    """Make the next ingest parse and chunk every file again: the manifest's file hashes are marked
    stale. Ingest then re-embeds only the paragraphs whose text changed (it reuses the vectors of
    the previous generation by text). False when the index cannot be read (then it is rebuilt)."""
    from assistant.index import store
    from assistant.core.errors import AssistantError

    try:
        client = store.open_client(settings)
        manifest = store.read_manifest(client, settings)
        for entry in manifest.documents.values():
            entry["hash"] = f"stale:{entry['hash']}"
        manifest.empty = {doc: f"stale:{value}" for doc, value in manifest.empty.items()}
        store.write_manifest(client, settings, manifest)
    except AssistantError:
        return False
    return True


def _stamped(stamp: Path) -> str | None:
    try:
        return json.loads(stamp.read_text(encoding="utf-8")).get("write_path")
    except (OSError, ValueError, AttributeError):
        return None
