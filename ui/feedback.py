"""Local, append-only storage for the web chat: thumbs up/down votes and conversation exports.

Everything is written inside ``settings.data_dir`` under names this module generates; no path
ever comes from user input.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from assistant.types import Answer
from ui.format import citations_record

FEEDBACK_FILE = "feedback.jsonl"
EXPORTS_DIR = "exports"

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
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)
    return row


def read_votes(data_dir: Path) -> list[dict[str, object]]:
    """Every vote recorded so far (empty when there is no feedback file)."""
    path = feedback_path(data_dir)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_export(data_dir: Path, markdown: str, now: datetime | None = None) -> Path:
    """Write a conversation export under a generated name in ``<data_dir>/exports``; return its path."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    folder = exports_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"conversation-{stamp}-{uuid.uuid4().hex[:8]}.md"
    path.write_text(markdown, encoding="utf-8")
    return path
