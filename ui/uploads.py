"""Files dropped into the web chat: checked by content, stored under the corpus folder with a safe name.

``receive`` takes the uploaded files (paths in Gradio's cache and the names the user gave them) and
returns what happened to each: stored, refused (with the reason and the fix), a duplicate of a
loaded file, or a name conflict that waits for the user to confirm the replacement. Every check
runs before anything reaches the corpus folder, so a refused file leaves the index as it was.
Nothing here imports gradio.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.errors import CorpusError
from assistant.core.settings import Settings
from ingest.load import RawDocument, read_document, sniff_kind
from ingest.safety import archive_problem

SUFFIX = {"pdf": ".pdf", "docx": ".docx", "txt": ".txt", "md": ".md"}
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass(frozen=True)
class Refused:
    """A file that was not stored, and why (the reason says what to do)."""

    name: str
    reason: str


@dataclass(frozen=True)
class Checked:
    """A file that passed every check, staged under a safe name, ready to be stored."""

    name: str  # the safe name it gets in the corpus folder
    staged: Path
    kind: str
    sha256: str
    size: int
    pages: int  # 0 for plain text


@dataclass(frozen=True)
class Outcome:
    """What ``receive`` did with one batch of uploads."""

    stored: tuple[Checked, ...] = ()
    refused: tuple[Refused, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()  # (uploaded name, the loaded file with that content)
    conflicts: tuple[Checked, ...] = ()  # same name as a loaded file, other content: waits for "replace"
    replaced: tuple[str, ...] = field(default=())


def safe_name(given: str, kind: str) -> str:
    """The name a file gets in the corpus folder; CorpusError for a name that tries to leave it.

    A name with a folder part or ``..`` is refused (say so rather than guess); otherwise letters are
    folded to ASCII, anything but letters, digits, ``. _ -`` and spaces dropped, leading dots removed
    (no hidden files), and the suffix set from the content ("thesis.pdf" holding a DOCX is "thesis.docx").
    """
    if any(sep in given for sep in ("/", "\\", "\x00")) or given.strip() in ("..", ".") or ".." in given.split("/"):
        raise CorpusError(f"the file name {given!r} holds a folder path: rename the file (no / or \\ or ..) and "
                          "upload it again")
    folded = unicodedata.normalize("NFKD", given).encode("ascii", "ignore").decode()
    stem = Path(folded).stem if Path(folded).suffix.lower() in (*SUFFIX.values(), ".doc") else folded
    stem = _UNSAFE.sub("-", stem).strip(" .-_")
    stem = re.sub(r"\s+", " ", stem)[: MAX_NAME_CHARS - len(SUFFIX[kind])] or "document"
    return stem + SUFFIX[kind]


def receive(files: list[tuple[Path, str]], settings: Settings, *, replace: bool = False,
            staging: Path | None = None) -> Outcome:
    """Check each uploaded (path, name) and store the good ones in the corpus folder (see module doc)."""
    staging = staging or staging_dir(settings)
    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    known = corpus_hashes(corpus)
    stored: list[Checked] = []
    refused: list[Refused] = []
    duplicates: list[tuple[str, str]] = []
    conflicts: list[Checked] = []
    replaced: list[str] = []
    batch: dict[str, str] = {}
    for path, given in files:
        checked = check(Path(path), given, settings, staging)
        if isinstance(checked, Refused):
            refused.append(checked)
            continue
        existing = known.get(checked.sha256) or batch.get(checked.sha256)
        if existing is not None:
            duplicates.append((given, existing))
            checked.staged.unlink(missing_ok=True)
            continue
        target = corpus / checked.name
        if target.exists() and not replace:
            conflicts.append(checked)
            continue
        if target.exists():
            replaced.append(checked.name)
        store(checked, corpus)
        batch[checked.sha256] = checked.name
        stored.append(checked)
    return Outcome(tuple(stored), tuple(refused), tuple(duplicates), tuple(conflicts), tuple(replaced))


def check(path: Path, given: str, settings: Settings, staging: Path) -> Checked | Refused:
    """Every check on one uploaded file, cheapest first; the file is staged only when all pass."""
    shown = given or path.name
    limit = settings.max_upload_mb * 2**20
    try:
        size = path.stat().st_size
    except OSError:
        return Refused(shown, "was not received completely: upload it again")
    if size > limit:
        return Refused(shown, f"is {size / 2**20:.1f} MB, over the {settings.max_upload_mb} MB limit: split it, "
                              "or raise THESIS_MAX_UPLOAD_MB")
    if size == 0:
        return Refused(shown, "is empty: choose the file that holds the thesis text")
    kind = sniff_kind(path)
    if kind is None:
        return Refused(shown, "is not a PDF, DOCX, TXT or MD file by its content (whatever its name says): "
                              "save the thesis as PDF or DOCX and upload that")
    try:
        name = safe_name(given or path.name, kind)
    except CorpusError as exc:
        return Refused(shown, str(exc))
    problem = archive_problem(path) if kind == "docx" else None  # a zip bomb is refused before unpacking
    if problem:
        return Refused(shown, problem)
    folder = staging / uuid.uuid4().hex
    folder.mkdir(parents=True, mode=0o700)
    staged = folder / name
    shutil.copyfile(path, staged)
    raw = read_document(staged, folder)  # the ingest's own reader: no text layer, password, broken DOCX ...
    if not isinstance(raw, RawDocument):
        shutil.rmtree(folder, ignore_errors=True)
        return Refused(shown, raw.reason)
    pages = max((p for _, p in raw.pages if p is not None), default=0)
    return Checked(name, staged, kind, raw.content_hash, size, pages)


def store(checked: Checked, corpus: Path) -> Path:
    """Move a checked file into the corpus folder under its safe name (atomically: a hidden temporary
    name first, which the corpus walker ignores, then a rename)."""
    target = corpus / checked.name
    temporary = corpus / f".upload-{uuid.uuid4().hex}.part"
    shutil.copyfile(checked.staged, temporary)
    os.chmod(temporary, 0o600)
    os.replace(temporary, target)
    shutil.rmtree(checked.staged.parent, ignore_errors=True)
    return target


def discard(checked: Checked) -> None:
    """Drop a staged file (a conflict the user did not confirm)."""
    shutil.rmtree(checked.staged.parent, ignore_errors=True)


def corpus_hashes(corpus: Path) -> dict[str, str]:
    """sha256 -> name (relative to the corpus folder) of every supported file in it."""
    from ingest.load import SUPPORTED_SUFFIXES

    hashes: dict[str, str] = {}
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if (path.is_symlink() or not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES
                or any(part.startswith(".") for part in relative.parts)):
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(2**20), b""):
                digest.update(block)
        hashes.setdefault(digest.hexdigest(), relative.as_posix())
    return hashes


def staging_dir(settings: Settings) -> Path:
    """``<data_dir>/uploads``, owner-only: where uploads wait while they are checked."""
    folder = Path(settings.data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def corpus_file(corpus: Path, doc_id: str) -> Path | None:
    """The corpus file a loaded document's id names, or None when it would lie outside the folder."""
    parts = doc_id.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    root = corpus.resolve()
    path = root.joinpath(*parts)
    if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(root):
        return None
    return path
