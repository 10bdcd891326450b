"""One ingest at a time per index: an exclusive, non-blocking file lock."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.core.errors import IngestLockedError


@contextmanager
def ingest_lock(index_dir: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold ``index_dir/.ingest.lock`` (the OS frees it if the process dies); refuse after ``wait_seconds``."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / ".ingest.lock"
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IngestLockedError(
                        f"another ingest is writing {index_dir} right now: wait for it to finish, then run again."
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # closing releases the lock
