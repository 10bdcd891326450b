"""Vectors kept on disk by text, so work already paid for is not embedded again.

Two users: the read path keeps sentence vectors (``<index>/sentence-vectors``) and the ingest
journals the passage vectors it computes (``<index>/ingest-vectors``, ingest/pipeline.py), so an
ingest that is interrupted (killed, timed out, out of disk) resumes instead of starting over; a
finished ingest clears its journal, since its collection then holds every vector.

Evidence selection compares a question with the sentences of the passages it retrieved; those
sentence vectors cost most of a fresh process' first answer (0.7 s of 2.4 s for `thesis-chat ask`
at 1x). They depend only on the sentence and the embedder, so they survive re-ingests.

Layout: ``<folder>/<embedder>/<shard>.npz``, each shard holding ``keys`` (SHA-1 of the sentence)
and ``vectors``. A process writes only new shards (temporary name, then an atomic rename), so
readers never see half a file and concurrent writers never lose each other's work; past
``MAX_SHARDS`` a reader merges them into one. It is a cache: a shard that cannot be read is
skipped and a write that fails is dropped; neither ever stops an answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MAX_SHARDS = 32


def sentence_key(text: str) -> str:
    """The cache key of a sentence (or of any text)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class VectorCache:
    """On-disk sentence vectors of one embedder."""

    def __init__(self, folder: Path, embedder_id: str) -> None:
        self.folder = folder / re.sub(r"[^A-Za-z0-9._-]+", "_", embedder_id)

    def load(self) -> dict[str, np.ndarray]:
        """Every readable vector, by sentence key (merging the shards when there are many)."""
        shards = sorted(self.folder.glob("*.npz")) if self.folder.is_dir() else []
        vectors: dict[str, np.ndarray] = {}
        readable: list[Path] = []
        for shard in shards:
            try:
                with np.load(shard, allow_pickle=False) as data:
                    keys, matrix = data["keys"], data["vectors"]
                if matrix.ndim != 2 or len(keys) != len(matrix):
                    raise ValueError(f"{len(keys)} keys for a {matrix.shape} array")
            except Exception as exc:  # noqa: BLE001 - numpy and zipfile raise many kinds for a damaged file
                log.warning("skipping unreadable sentence-vector shard %s (%s)", shard, exc)
                continue
            vectors.update(zip(keys.tolist(), matrix))
            readable.append(shard)
        if len(readable) > MAX_SHARDS and self._write(vectors):
            for shard in readable:
                shard.unlink(missing_ok=True)
        return vectors

    def save(self, vectors: Mapping[str, np.ndarray] | Iterable[tuple[str, np.ndarray]]) -> bool:
        """Write new vectors as one shard; False (and a log line) when the disk refuses."""
        return self._write(dict(vectors))

    def clear(self) -> None:
        """Forget every vector of this embedder (the folder goes, and its parent when that is left
        empty; a failure only leaves them behind)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.folder.parent.rmdir()  # only when empty: another embedder's vectors stay

    def _write(self, vectors: dict[str, np.ndarray]) -> bool:
        if not vectors:
            return True
        keys = np.array(list(vectors), dtype="U40")
        matrix = np.stack([np.asarray(v, dtype=np.float32) for v in vectors.values()])
        name = f"{uuid.uuid4().hex}.npz"
        temporary = self.folder / f".{name}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                np.savez(handle, keys=keys, vectors=matrix)
            os.replace(temporary, self.folder / name)
        except OSError as exc:
            log.warning("could not keep sentence vectors in %s (%s); they are recomputed next time", self.folder, exc)
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return False
        return True
