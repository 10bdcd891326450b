"""The question set: one validated row per JSON line, and a loader whose errors name the line.

Two shapes load: the seed set (``questions.jsonl``: id, language, question, expected_sections,
key_facts, answerable) and the development collection's rows, which add ``doc``, ``split``,
``kind`` and ``history`` (evals/COLLECTION.md). A folder loads every ``*.jsonl`` in it, in name order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.core.errors import AssistantError
from assistant.core.parts import NAMED_SECTION_IDS

DEFAULT_QUESTIONS = Path(__file__).with_name("questions.jsonl")
_SECTION_ID = re.compile(r"^\d+(\.\d+)*(\.[A-Z])?$")  # "6.1", or a lettered section "2.B"
# an unnumbered section's title, its id in a document that numbers none ("Metode Penelitian", "Hasil Siklus II");
# tests/test_eval_dataset.py checks every dev row's ids against its document's structure file
_TITLED_ID = re.compile(r"^[A-Z][a-z]+(?: (?:[A-Za-z][a-z]*|[IVXL]+|\d+))*$")

Kind = Literal[
    "date", "number", "who", "which", "why", "how", "yesno", "list", "summary", "structure",
    "followup", "unanswerable", "false_premise", "offtopic", "injection",
]
Split = Literal["dev", "test"]
# Kinds a right answer refuses (the refusal metrics' positives); a false premise may be refused or corrected.
REFUSE_KINDS = frozenset({"unanswerable", "offtopic", "injection"})
_UNANSWERABLE_KINDS = REFUSE_KINDS | {"false_premise"}


class QuestionSetError(AssistantError):
    """The question file is missing or a line of it is not a valid question row."""


class HistoryTurn(BaseModel):
    """One earlier turn of a follow-up's conversation, as ``Assistant.ask(history=...)`` takes it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    role: Literal["user", "assistant"]
    content: str = Field(min_length=1)


class QuestionRow(BaseModel):
    """One evaluation question: the seed set's fields, plus the collection's doc/split/kind/history."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: str = Field(min_length=1)
    language: Literal["id", "en"]
    question: str = Field(min_length=1)
    expected_sections: list[str]
    key_facts: list[str]
    answerable: bool
    doc: str | None = Field(default=None, min_length=1)  # doc_id the user picked in the chat
    split: Split | None = None
    kind: Kind | None = None
    history: list[HistoryTurn] = Field(default_factory=list)

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question is blank")
        return value

    @field_validator("expected_sections")
    @classmethod
    def _section_ids(cls, value: list[str]) -> list[str]:
        for section in value:
            if not _SECTION_ID.match(section) and section not in NAMED_SECTION_IDS and not _TITLED_ID.match(section):
                raise ValueError(
                    f"{section!r} is not a canonical section id such as '6.1', a named part "
                    "such as 'Halaman Judul', 'Abstrak' or 'Daftar Pustaka', nor an unnumbered section's title "
                    "such as 'Metode Penelitian'"
                )
        return value

    @field_validator("key_facts")
    @classmethod
    def _facts(cls, value: list[str]) -> list[str]:
        for fact in value:
            if any(not alt.strip() for alt in fact.split("|")):
                raise ValueError(f"key fact {fact!r} has an empty alternative (write 'a|b', not 'a|')")
        return value

    @field_validator("history")
    @classmethod
    def _alternating(cls, value: list[HistoryTurn]) -> list[HistoryTurn]:
        for i, turn in enumerate(value):
            wanted = "user" if i % 2 == 0 else "assistant"
            if turn.role != wanted:
                raise ValueError(f"turn {i} is {turn.role!r}: history alternates user, assistant, starting with user")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> QuestionRow:
        if self.kind is not None and (self.kind in _UNANSWERABLE_KINDS) == self.answerable:
            wanted = "false" if self.kind in _UNANSWERABLE_KINDS else "true"
            raise ValueError(f"kind {self.kind!r} needs answerable {wanted}")
        if self.kind == "followup" and not self.history:
            raise ValueError("a followup needs the earlier turns in history")
        if self.kind == "false_premise":
            if not self.key_facts:
                raise ValueError("a false_premise needs key_facts: what the thesis really says")
            return self
        if self.answerable and not self.expected_sections and self.kind != "structure":
            raise ValueError(
                "an answerable question needs at least one expected section "
                "(only a structure question about the whole document may have none)"
            )
        if not self.answerable and (self.expected_sections or self.key_facts):
            raise ValueError("an unanswerable question must have empty expected_sections and key_facts")
        return self

    @property
    def should_refuse(self) -> bool:
        """True when a right answer refuses (unanswerable, off-topic, injection; not a false premise)."""
        return not self.answerable and self.kind != "false_premise"


def parse_line(line: str, where: str) -> QuestionRow:
    """One JSON line as a QuestionRow; ``where`` ("questions.jsonl:12") prefixes any error."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise QuestionSetError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno}): fix that line.") from exc
    if not isinstance(data, dict):
        raise QuestionSetError(f"{where}: expected a JSON object, got {type(data).__name__}.")
    try:
        return QuestionRow.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'row'}: {err['msg']}" for err in exc.errors())
        raise QuestionSetError(f"{where}: invalid question row ({problems}).") from exc


def question_files(path: Path) -> list[Path]:
    """The files a ``--questions`` path names: itself, or every ``*.jsonl`` of a folder in name order."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.jsonl") if p.is_file())
        if not files:
            raise QuestionSetError(f"question folder {path} holds no .jsonl file: add one or pass a file.")
        return files
    return [path]


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[QuestionRow]:
    """Every question of a JSONL file or a folder of them (blank lines skipped); errors name the line."""
    rows: list[QuestionRow] = []
    seen: dict[str, str] = {}
    path = Path(path)
    files = question_files(path)
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise QuestionSetError(
                f"question file {file} does not exist: pass --questions with a .jsonl file or a folder of them."
            ) from exc
        except UnicodeDecodeError as exc:
            raise QuestionSetError(f"question file {file} is not UTF-8: convert it.") from exc
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{file.name}:{number}"
            row = parse_line(line, where)
            if row.id in seen:
                raise QuestionSetError(f"{where}: id {row.id!r} already used on {seen[row.id]}: ids must be unique.")
            seen[row.id] = where if len(files) > 1 else f"line {number}"
            rows.append(row)
    if not rows:
        raise QuestionSetError(f"question file {path} holds no questions: add one JSON object per line.")
    return rows


def select_split(rows: list[QuestionRow], split: str) -> list[QuestionRow]:
    """The rows of one split (``dev``, ``test``) or all of them (``all``); QuestionSetError when none."""
    if split == "all":
        return list(rows)
    picked = [r for r in rows if r.split == split]
    if not picked:
        raise QuestionSetError(
            f"no question has split {split!r}: give rows a \"split\" field or run with --split all."
        )
    return picked
