"""The question set: one validated row per JSON line, and a loader whose errors name the line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import AssistantError

DEFAULT_QUESTIONS = Path(__file__).with_name("questions.jsonl")
_SECTION_ID = re.compile(r"^\d+(\.\d+)*$")


class QuestionSetError(AssistantError):
    """The question file is missing or a line of it is not a valid question row."""


class QuestionRow(BaseModel):
    """One evaluation question, exactly the fields of ``questions.jsonl``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: str = Field(min_length=1)
    language: Literal["id", "en"]
    question: str = Field(min_length=1)
    expected_sections: list[str]
    key_facts: list[str]
    answerable: bool

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
            if not _SECTION_ID.match(section):
                raise ValueError(f"{section!r} is not a canonical section id such as '6.1'")
        return value

    @field_validator("key_facts")
    @classmethod
    def _facts(cls, value: list[str]) -> list[str]:
        for fact in value:
            if any(not alt.strip() for alt in fact.split("|")):
                raise ValueError(f"key fact {fact!r} has an empty alternative (write 'a|b', not 'a|')")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> QuestionRow:
        if self.answerable and not self.expected_sections:
            raise ValueError("an answerable question needs at least one expected section")
        if not self.answerable and (self.expected_sections or self.key_facts):
            raise ValueError("an unanswerable question must have empty expected_sections and key_facts")
        return self


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


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[QuestionRow]:
    """Every question of a JSONL file (blank lines skipped); raises QuestionSetError naming the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise QuestionSetError(f"question file {path} does not exist: pass --questions with a .jsonl file.") from exc
    except UnicodeDecodeError as exc:
        raise QuestionSetError(f"question file {path} is not UTF-8: convert it.") from exc
    rows: list[QuestionRow] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        row = parse_line(line, where)
        if row.id in seen:
            raise QuestionSetError(f"{where}: id {row.id!r} already used on line {seen[row.id]}: ids must be unique.")
        seen[row.id] = number
        rows.append(row)
    if not rows:
        raise QuestionSetError(f"question file {path} holds no questions: add one JSON object per line.")
    return rows
