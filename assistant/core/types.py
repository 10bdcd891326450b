"""Plain value types shared by the write path (ingest) and the read path (assistant).

Every value is a frozen dataclass: no LangChain object, no Chroma object leaks through them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Language = Literal["id", "en"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph: clean text plus its span in the original file."""

    text: str
    start: int  # character offset in the original file (inclusive)
    end: int  # character offset in the original file (exclusive)
    page: int | None = None  # page the sentence starts on (PDF/DOCX; None for plain text)
    language: str = ""  # "id" | "en" (the parser tags every sentence; "" when unknown)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph after page-break repair and emphasis removal."""

    text: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    index: int  # position inside its section, from 0
    page: int | None = None  # page the paragraph starts on (PDF/DOCX; None for plain text)
    kind: str = "text"  # text | footnote (a note of its section) | caption (Tabel 4.1 ...) | code (a listing)


@dataclass(frozen=True)
class Section:
    """A numbered section (``6.1``) or the unnumbered body of a chapter (``6``)."""

    section_id: str  # canonical number, e.g. "6.2"
    title: str
    printed_number: str  # as printed in the source, e.g. "1.2"
    chapter_number: int
    chapter_title: str
    paragraphs: tuple[Paragraph, ...]
    level: int = 2  # 1 = chapter body, 2 = 6.1, 3 = 6.1.2 ...
    kind: str = "body"  # body | front (Abstrak, Kata Pengantar) | references (Daftar Pustaka) | appendix | cover
    page: int | None = None  # page of the heading (PDF/DOCX)
    language: str = ""  # the language most of its sentences are in ("en" for an ABSTRACT)


@dataclass(frozen=True)
class FrontField:
    """One fact of the title page: the field, its value, and the line it was read from."""

    name: str  # title | author | student_number | supervisor | programme | faculty | university | year
    value: str
    quote: str  # the line as printed (after whitespace normalisation)
    start: int  # span of the line in the original file
    end: int
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """One parsed corpus file."""

    doc_id: str  # file name, e.g. "bab-vi-penutup.txt"
    title: str
    sections: tuple[Section, ...]
    content_hash: str
    notes: tuple[str, ...] = ()  # what the parser repaired (printed 1.2 -> 6.2 ...)
    chapters: tuple[tuple[int, str], ...] = ()  # (number, title) of every chapter heading, in order
    contents: tuple[tuple[str, str, str], ...] = ()  # the Daftar Isi as printed: (number, title, page)
    front: tuple[FrontField, ...] = ()  # the title page's facts (author, supervisors ...), in reading order


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded, stored and retrieved: a paragraph or a window of one."""

    chunk_id: str
    text: str
    doc_id: str
    chapter_number: int
    chapter_title: str
    section_id: str
    section_title: str
    printed_number: str
    paragraph_index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    page: int | None = None  # page the chunk starts on (PDF/DOCX)
    kind: str = "text"  # text | footnote (a note of its section) | caption | code: its paragraph's kind

    def metadata(self) -> dict[str, Any]:
        """Flat metadata for a vector store (scalars only; sentence spans as JSON)."""
        import json

        extra: dict[str, Any] = {} if self.page is None else {"page": self.page}
        if self.kind != "text":
            extra["kind"] = self.kind
        return {**extra,
            "doc_id": self.doc_id,
            "chapter_number": self.chapter_number,
            "chapter_title": self.chapter_title,
            "section_id": self.section_id,
            "section_title": self.section_title,
            "printed_number": self.printed_number,
            "paragraph_index": self.paragraph_index,
            "start": self.start,
            "end": self.end,
            "sentences": json.dumps(
                [[s.text, s.start, s.end] + ([] if s.page is None and not s.language else [s.page])
                 + ([s.language] if s.language else []) for s in self.sentences],
                ensure_ascii=False,
            ),
        }

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
        """Rebuild a chunk from what :meth:`metadata` stored."""
        import json

        return cls(
            chunk_id=chunk_id,
            text=text,
            doc_id=str(meta["doc_id"]),
            chapter_number=int(meta["chapter_number"]),
            chapter_title=str(meta["chapter_title"]),
            section_id=str(meta["section_id"]),
            section_title=str(meta["section_title"]),
            printed_number=str(meta["printed_number"]),
            paragraph_index=int(meta["paragraph_index"]),
            start=int(meta["start"]),
            end=int(meta["end"]),
            sentences=tuple(
                Sentence(str(s[0]), int(s[1]), int(s[2]), int(s[3]) if len(s) > 3 and s[3] is not None else None,
                         str(s[4]) if len(s) > 4 else "")
                for s in json.loads(meta["sentences"])
            ),
            page=int(meta["page"]) if meta.get("page") is not None else None,
            kind=str(meta.get("kind") or "text"),
        )


@dataclass(frozen=True)
class Source:
    """A retrieved passage as shown to users: where it is, what it says, how it ranked."""

    chunk_id: str
    doc_id: str
    section: str
    section_title: str
    text: str
    score: float
    rank: int  # 1 = best
    page: int | None = None  # page the passage starts on (PDF/DOCX)


@dataclass(frozen=True)
class Citation:
    """A claim's pointer into the thesis: canonical section plus the exact source sentence."""

    section: str
    chunk_id: str
    quote: str
    start: int = -1  # span of the quote in the original file
    end: int = -1
    doc_id: str = ""  # the document quoted (filled by the assistant)
    page: int | None = None  # page of the quote (PDF/DOCX), for "6.2, p. 87"


@dataclass(frozen=True)
class Answer:
    """What :meth:`assistant.Assistant.ask` returns."""

    question: str
    text: str
    language: Language
    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]
    refused: bool
    generator: str
    notes: tuple[str, ...] = field(default_factory=tuple)  # e.g. "LLM unreachable: fell back"
    answer_language: str | None = None  # language of the answer's own prose (quotes removed); None if none

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (used by ``thesis-chat ask --json`` and the evaluation)."""
        return asdict(self)


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation."""

    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class TextDelta:
    """A piece of the answer text, yielded by :meth:`assistant.Assistant.stream` as soon as it is ready."""

    text: str


@dataclass(frozen=True)
class Finished:
    """The last event of :meth:`assistant.Assistant.stream`: the final, verified answer (its text is
    authoritative; verification may have removed a claim that was already streamed)."""

    answer: Answer


#: what :meth:`assistant.Assistant.stream` yields: text pieces, then one ``Finished``
StreamEvent = TextDelta | Finished
