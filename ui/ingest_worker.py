"""Ingest in the background for the web chat: one at a time, later requests queued, progress readable.

The chat keeps answering from the current index generation while this runs (``ingest`` writes a new
generation and swaps it in with one manifest write; the Assistant picks it up at its next question).
Every finished run bumps ``version``, which the page polls to refresh its header, document picker,
documents panel and example questions by itself.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.core.errors import AssistantError, CorpusError
from assistant.core.settings import Settings

log = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 3600.0  # a `thesis-chat ingest` in a terminal holds the lock: wait for it


@dataclass(frozen=True)
class IngestStatus:
    """A snapshot of the background ingest, for the progress bar."""

    state: str = "idle"  # idle | queued | reading | embedding | done | failed
    files: tuple[str, ...] = ()
    pages: int = 0
    chunks_done: int = 0
    chunks_total: int = 0
    seconds_left: float | None = None
    message: str = ""
    problems: tuple[str, ...] = ()  # files the ingest skipped, with the reason (moved out of the corpus)
    version: int = 0  # finished runs so far
    queued: int = 0  # requests waiting behind the running one

    @property
    def busy(self) -> bool:
        """True while an ingest runs or waits."""
        return self.state in ("queued", "reading", "embedding")


class _Bar:
    """The progress object ``ingest`` drives while embedding (update(n) / close())."""

    def __init__(self, worker: IngestWorker, total: int) -> None:
        self.worker, self.total, self.started = worker, total, time.monotonic()
        worker._update(state="embedding", chunks_total=total, chunks_done=0, seconds_left=None)

    def update(self, n: int) -> None:
        status = self.worker.status()
        done = min(self.total, status.chunks_done + n)
        elapsed = time.monotonic() - self.started
        left = elapsed / done * (self.total - done) if done else None
        self.worker._update(chunks_done=done, seconds_left=left)

    def close(self) -> None:
        self.worker._update(seconds_left=0.0)


class IngestWorker:
    """Runs ``ingest(settings)`` on a daemon thread whenever ``request`` is called; one run at a time."""

    def __init__(self, settings: Settings, ingest: Callable[..., Any] | None = None) -> None:
        self.settings = settings
        self._ingest = ingest
        self._status = IngestStatus()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: list[tuple[tuple[str, ...], int]] = []
        self._thread: threading.Thread | None = None

    def status(self) -> IngestStatus:
        """The current snapshot."""
        with self._lock:
            return self._status

    def request(self, files: tuple[str, ...] = (), pages: int = 0) -> IngestStatus:
        """Queue an ingest of the corpus folder (``files``/``pages``: what changed, for the progress bar)."""
        with self._wake:
            self._pending.append((tuple(files), pages))
            running = self._status.state in ("reading", "embedding")
            self._status = replace(self._status, state=self._status.state if running else "queued",
                                   queued=len(self._pending) - (0 if running else 1), problems=()
                                   if not running else self._status.problems)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="web-ingest", daemon=True)
                self._thread.start()
            self._wake.notify()
            return self._status

    def wait_idle(self, timeout: float = 600.0) -> IngestStatus:
        """Block until no ingest runs or waits (for tests and scripts); the final snapshot."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if not status.busy:
                return status
            time.sleep(0.1)
        raise TimeoutError(f"the background ingest did not finish within {timeout:.0f} s")

    def remove(self, doc_id: str) -> Path:
        """Move a loaded document's file out of the corpus folder (into ``<data_dir>/removed``) and
        queue the ingest that drops its chunks; CorpusError when it is not a corpus file."""
        from ui.uploads import corpus_file

        path = corpus_file(Path(self.settings.corpus_dir), doc_id)
        if path is None:
            raise CorpusError(f"{doc_id!r} is not a file in the corpus folder: nothing removed")
        folder = Path(self.settings.data_dir) / "removed"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{path.name}"
        shutil.move(str(path), target)
        self.request((), 0)
        return target

    # ---- the thread ---------------------------------------------------------------------------

    def _update(self, **changes: Any) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending:
                    self._wake.wait()
                batch, self._pending = self._pending, []
                files = tuple(f for item in batch for f in item[0])
                pages = sum(item[1] for item in batch)
                self._status = replace(self._status, state="reading", files=files, pages=pages, chunks_done=0,
                                       chunks_total=0, seconds_left=None, queued=0, message="")
            self._one(files)

    def _one(self, files: tuple[str, ...]) -> None:
        from ingest import ingest

        run = self._ingest or ingest
        try:
            report = run(self.settings, progress=lambda total, _: _Bar(self, total), lock_wait=LOCK_WAIT_SECONDS)
        except AssistantError as exc:
            log.warning("background ingest failed: %s", exc)
            unusable = files and isinstance(exc, CorpusError)  # e.g. every uploaded file unusable
            problems = self._set_aside(files, {name: str(exc) for name in files}) if unusable else ()
            self._finish("failed", f"The index was not changed: {exc}", problems)
            return
        except Exception as exc:  # noqa: BLE001 - never kill the worker thread; the page says what happened
            log.exception("background ingest failed")
            self._finish("failed", f"The index was not changed ({type(exc).__name__}); see the server log.", ())
            return
        skipped = {s.doc_id: s.reason for s in report.skipped if s.doc_id in files}
        problems = self._set_aside(files, skipped)
        self._finish("done", done_message(report), problems)

    def _set_aside(self, files: tuple[str, ...], reasons: dict[str, str]) -> tuple[str, ...]:
        """Move uploaded files the ingest could not use out of the corpus (kept in ``<data_dir>/rejected``)."""
        problems: list[str] = []
        folder = Path(self.settings.data_dir) / "rejected"
        for name, reason in reasons.items():
            path = Path(self.settings.corpus_dir) / name
            if name in files and path.is_file() and not path.is_symlink():
                folder.mkdir(parents=True, exist_ok=True)
                shutil.move(str(path), folder / f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{path.name}")
            problems.append(f"{name} {reason}")
        return tuple(problems)

    def _finish(self, state: str, message: str, problems: tuple[str, ...]) -> None:
        with self._lock:
            waiting = bool(self._pending)
            self._status = replace(self._status, state="queued" if waiting else state, message=message,
                                   problems=problems, version=self._status.version + 1, seconds_left=0.0)


def done_message(report: Any) -> str:
    """One line for the page about a finished ingest (no server paths)."""
    if report.unchanged:
        return f"Index unchanged: {report.documents} documents, {report.chunks} chunks"
    removed = f", {len(report.removed_documents)} removed" if report.removed_documents else ""
    return (f"Index updated: {report.documents} documents, {report.chunks} chunks ({report.embedded} embedded"
            f"{removed}) in {report.seconds:.1f} s")
