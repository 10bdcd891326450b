"""The generator interface: one method to implement, ``stream``.

A generator gets the question, its language, the retrieved passages and the selected evidence
sentences, and yields answer text that carries citation markers such as ``[6.1]``. It does not
verify anything: the assistant parses and checks every marker after (see ``assistant.answering.citations``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.core.types import Chunk, Language, Sentence, Turn


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and rank (1 = best)."""

    chunk: Chunk
    score: float
    rank: int
    dense_score: float = 0.0
    lexical_score: float = 0.0


@dataclass(frozen=True)
class Evidence:
    """A sentence chosen to answer the question, inside a retrieved passage."""

    passage: Passage
    sentence: Sentence
    score: float


@dataclass(frozen=True)
class GenerationRequest:
    """Everything a generator may use. Generators must not look elsewhere."""

    question: str  # the question as asked (after trimming)
    standalone_question: str  # the question rewritten with the history (for follow-ups)
    language: Language
    question_type: str  # when | who | number | which | why | how | section | summary | yesno | other
    passages: tuple[Passage, ...]
    evidence: tuple[Evidence, ...]
    history: tuple[Turn, ...] = ()
    answer_span: str | None = None  # the exact date/name/number a factoid question asks for, if found
    named_sections: tuple[str, ...] = ()  # sections the question names ("apa isi bagian 6.2?")
    firm_language: bool = False  # a retry after an answer in the wrong language: say the language again
    premise_absent: tuple[str, ...] = ()  # the question's names/numbers/dates the thesis does not state


class Generator(ABC):
    """A backend that writes answers. Subclasses set ``name`` and implement ``stream``."""

    name: str = "base"

    @abstractmethod
    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield pieces of the answer text, with [section] citation markers."""

    def describe(self) -> str:
        """One line for the UI header ("extractive (no LLM)", "openai: qwen at http://...")."""
        return self.name
