"""Local, append-only storage for the web chat: thumbs up/down votes and conversation exports.

Everything is written inside ``settings.data_dir`` under names this module generates; no path
ever comes from user input.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.core.types import Answer
from ui.format import citations_record

FEEDBACK_FILE = "feedback.jsonl"
EXPORTS_DIR = "exports"
EXPORT_KEEP_SECONDS = 24 * 3600  # an export is a download: older ones are deleted at the next export
VOTES_PER_SESSION = 50  # more than any reader votes; a script calling the hidden event stops here
VOTES_PER_MINUTE = 30  # all sessions together

_lock = threading.Lock()


def feedback_path(data_dir: Path) -> Path:
    """Where votes are appended: ``<data_dir>/feedback.jsonl``."""
    return Path(data_dir) / FEEDBACK_FILE


def exports_dir(data_dir: Path) -> Path:
    """Folder that holds conversation exports: ``<data_dir>/exports``."""
    return Path(data_dir) / EXPORTS_DIR


def record_vote(
    data_dir: Path, question: str, answer: Answer, vote: str, now: datetime | None = None
) -> dict[str, object]:
    """Append one vote ("up" | "down") on an answer to the feedback JSONL file; return the row."""
    if vote not in ("up", "down"):
        raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
    row: dict[str, object] = {
        "time": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "vote": vote,
        "question": question,
        "answer": answer.text,
        "language": answer.language,
        "refused": answer.refused,
        "generator": answer.generator,
        "citations": citations_record(answer.citations),
        "sources": [s.chunk_id for s in answer.sources],
    }
    path = feedback_path(data_dir)
    line = json.dumps(row, ensure_ascii=False) + "\n"
    with _lock:
        private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line)
    return row


@dataclass
class VoteLimiter:
    """Votes allowed per session (``per_session``) and for everyone per minute (``per_minute``)."""

    per_session: int = VOTES_PER_SESSION
    per_minute: int = VOTES_PER_MINUTE
    clock: Callable[[], float] = time.monotonic
    _sessions: dict[str, int] = field(default_factory=dict)
    _recent: deque[float] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, session: str) -> bool:
        """Count one vote of ``session``; False when it is over either limit (then nothing is counted)."""
        with self._lock:
            now = self.clock()
            while self._recent and self._recent[0] <= now - 60:
                self._recent.popleft()
            if len(self._recent) >= self.per_minute or self._sessions.get(session, 0) >= self.per_session:
                return False
            if len(self._sessions) > 100_000:
                self._sessions.clear()
            self._sessions[session] = self._sessions.get(session, 0) + 1
            self._recent.append(now)
            return True


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; make it owner-only (0700)."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def read_votes(data_dir: Path) -> list[dict[str, object]]:
    """Every vote recorded so far (empty when there is no feedback file)."""
    path = feedback_path(data_dir)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_export(data_dir: Path, markdown: str, now: datetime | None = None) -> Path:
    """Write a conversation export under a generated name in ``<data_dir>/exports``; return its path."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    private_dir(Path(data_dir))
    folder = private_dir(exports_dir(data_dir))
    remove_old_files(folder, EXPORT_KEEP_SECONDS)
    path = folder / f"conversation-{stamp}-{uuid.uuid4().hex[:8]}.md"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(markdown)
    return path


def remove_old_files(folder: Path, age_seconds: float) -> int:
    """Delete the files in ``folder`` (recursively) last changed more than ``age_seconds`` ago."""
    cutoff = time.time() - age_seconds
    removed = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
