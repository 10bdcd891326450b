"""Thesis structure from plain text: chapters (BAB VI), numbered sections (6.1, 6.1.2), paragraphs.

Repairs what printing broke, keeping character offsets into the original file:
- a section number that disagrees with its chapter or its position ("1.2 Saran" inside BAB VI)
  becomes the canonical number (6.2), the printed one is kept, and a note says so;
- paragraphs split by a page break are joined again;
- Markdown emphasis (``*Sister City*``) is removed from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.types import Document, Paragraph, Section, Sentence
from ingest.load import RawDocument, decode
from ingest.sentences import split_sentences

_LINE = re.compile(r"([^\r\n]*)(\r\n|\n|\r|$)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_ROMAN = "IVXLC"
_CHAPTER = re.compile(r"^BAB\s+([IVXLC]+|\d+)\b[\s.:\-–—]*(.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+([^\W\d_][^\n]{0,150})$")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*\*|\*\*|\*|__|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_TERMINAL = tuple('.!?:;…"”’)]')


@dataclass
class _Mapped:
    """Text whose every character remembers its offset in the original file."""

    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    def append(self, text: str, start: int) -> None:
        self.chars.extend(text)
        self.offsets.extend(range(start, start + len(text)))

    def join_space(self) -> None:
        if self.chars and self.chars[-1] != " ":
            self.chars.append(" ")
            self.offsets.append(self.offsets[-1] + 1)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def delete(self, indices: set[int]) -> _Mapped:
        out = _Mapped()
        for i, (ch, off) in enumerate(zip(self.chars, self.offsets)):
            if i not in indices:
                out.chars.append(ch)
                out.offsets.append(off)
        return out


@dataclass
class _Heading:
    level: int
    printed: str
    canonical: str
    title: str
    children: int = 0


@dataclass
class _OpenSection:
    heading: _Heading | None
    chapter_number: int
    chapter_title: str
    blocks: list[_Mapped] = field(default_factory=list)


def parse_file(path: Path) -> Document:
    """Parse one UTF-8/UTF-16 text file into a Document (for tools and tests)."""
    import hashlib

    data = path.read_bytes()
    text = decode(data)
    if text is None:
        raise ValueError(f"{path} is not UTF-8 text")
    return parse_document(RawDocument(path.name, path, text, hashlib.sha256(data).hexdigest()))


def parse_document(raw: RawDocument) -> Document:
    """Parse a read corpus file into chapters, canonical sections and paragraphs."""
    notes: list[str] = []
    blocks = _blocks(raw.text)
    chapters: list[tuple[int, str]] = []
    sections: list[_OpenSection] = []
    current: _OpenSection | None = None
    chapter_number, chapter_title = 0, ""
    open_headings: list[_Heading] = []
    chapter_children = 0
    expect_title = False

    for block in blocks:
        first_line, first_offset = block[0]
        chapter_match = _CHAPTER.match(first_line) if len(first_line) < 120 else None
        if chapter_match and (len(block) <= 2):
            chapter_number = _number(chapter_match.group(1))
            chapter_title = chapter_match.group(2).strip()
            if not chapter_title and len(block) == 2:
                chapter_title = block[1][0].strip()
            expect_title = not chapter_title
            chapters.append((chapter_number, chapter_title))
            open_headings, chapter_children = [], 0
            current = _OpenSection(None, chapter_number, chapter_title)
            sections.append(current)
            continue
        if expect_title and len(block) == 1 and _looks_like_title(first_line):
            chapter_title = first_line.strip()
            chapters[-1] = (chapter_number, chapter_title)
            assert current is not None
            current.chapter_title = chapter_title
            expect_title = False
            continue
        expect_title = False

        section_match = _SECTION.match(first_line)
        if section_match and not section_match.group(2).rstrip().endswith((".", ",")):
            printed, title = section_match.group(1), section_match.group(2).strip()
            if not chapters:  # sections before any BAB heading: take the chapter from the number
                chapter_number = int(printed.split(".")[0])
                chapters.append((chapter_number, chapter_title))
            level = printed.count(".") + 1
            while open_headings and open_headings[-1].level >= level:
                open_headings.pop()
            if open_headings:
                parent = open_headings[-1]
                parent.children += 1
                canonical = f"{parent.canonical}.{parent.children}"
                level = parent.level + 1
            else:
                chapter_children += 1
                canonical = f"{chapter_number}.{chapter_children}"
                level = 2
            heading = _Heading(level, printed, canonical, _strip_emphasis_plain(title))
            open_headings.append(heading)
            if canonical != printed:
                notes.append(
                    f"{raw.doc_id}: section printed as {printed!r} ({title}) is {canonical} by its chapter "
                    f"and position; stored as {canonical} with printed_number={printed}"
                )
            current = _OpenSection(heading, chapter_number, chapter_title)
            sections.append(current)
            block = block[1:]
            if not block:
                continue
        if current is None:  # text before any heading
            current = _OpenSection(None, chapter_number, chapter_title)
            sections.append(current)
        mapped = _map_block(block)
        if current.blocks and _continues(current.blocks[-1].text, mapped.text):
            current.blocks[-1].join_space()
            current.blocks[-1].chars.extend(mapped.chars)
            current.blocks[-1].offsets.extend(mapped.offsets)
        else:
            current.blocks.append(mapped)

    if not chapters and not any(s.heading for s in sections):
        notes.append(f"{raw.doc_id}: no chapter or section headings found; the whole file is section 1")
    built = tuple(_build_section(s, raw.doc_id) for s in sections if s.heading or s.blocks)
    if not built:
        built = ()
    title = _document_title(chapters, raw.doc_id)
    return Document(raw.doc_id, title, built, raw.content_hash, tuple(notes))


def _blocks(text: str) -> list[list[tuple[str, int]]]:
    """Runs of non-blank lines, each line with the offset of its first non-space character."""
    blocks: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    for match in _LINE.finditer(text):
        line = match.group(1)
        if match.start() == len(text) and not line:
            break
        stripped = line.strip()
        if not stripped:
            if current:
                blocks.append(current)
                current = []
            continue
        offset = match.start() + (len(line) - len(line.lstrip()))
        heading = _MD_HEADING.match(stripped)
        if heading:
            offset += heading.end()
            stripped = stripped[heading.end() :]
            if current:  # a Markdown heading is a block of its own
                blocks.append(current)
                current = []
            blocks.append([(_strip_emphasis_plain(stripped), offset)])
            continue
        current.append((stripped, offset))
    if current:
        blocks.append(current)
    return blocks


def _map_block(lines: list[tuple[str, int]]) -> _Mapped:
    mapped = _Mapped()
    for line, offset in lines:
        if mapped.chars:
            mapped.join_space()
        mapped.append(line, offset)
    return mapped


def _continues(previous: str, following: str) -> bool:
    """True when a page break split one paragraph into ``previous`` and ``following``."""
    previous = previous.rstrip().rstrip("*_")
    if not previous or not following:
        return False
    return not previous.endswith(_TERMINAL) or following.lstrip("*_\"'“")[:1].islower()


def _clean(mapped: _Mapped) -> _Mapped:
    """Remove emphasis markers and repeated spaces, keeping offsets of what stays."""
    text = mapped.text
    drop: set[int] = set()
    for match in _EMPHASIS.finditer(text):
        marker = len(match.group(1))
        drop.update(range(match.start(), match.start() + marker))
        drop.update(range(match.end() - marker, match.end()))
    for match in re.finditer(r"\s{2,}", text):
        drop.update(range(match.start() + 1, match.end()))
    cleaned = mapped.delete(drop) if drop else mapped
    # normalise any remaining whitespace character to a plain space
    cleaned.chars = [" " if ch.isspace() else ch for ch in cleaned.chars]
    return cleaned


def _build_section(open_section: _OpenSection, doc_id: str) -> Section:
    paragraphs = []
    for index, block in enumerate(open_section.blocks):
        mapped = _clean(block)
        text = mapped.text
        sentences = tuple(
            Sentence(text[a:b], mapped.offsets[a], mapped.offsets[b - 1] + 1) for a, b in split_sentences(text)
        )
        paragraphs.append(Paragraph(text, mapped.offsets[0], mapped.offsets[-1] + 1, sentences, index))
    heading = open_section.heading
    chapter = open_section.chapter_number
    if heading is None:
        section_id = str(chapter) if chapter else "1"
        return Section(section_id, open_section.chapter_title or doc_id, section_id, chapter,
                       open_section.chapter_title, tuple(paragraphs), level=1)
    return Section(heading.canonical, heading.title, heading.printed, chapter, open_section.chapter_title,
                   tuple(paragraphs), level=heading.level)


def _strip_emphasis_plain(text: str) -> str:
    return _EMPHASIS.sub(lambda m: m.group(2), text)


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 100 and not line.endswith((".", ",")) and not _SECTION.match(line)


def _number(token: str) -> int:
    token = token.upper()
    if token.isdigit():
        return int(token)
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(token):
        value = values[ch]
        total += -value if i + 1 < len(token) and values[token[i + 1]] > value else value
    return total


def _document_title(chapters: list[tuple[int, str]], doc_id: str) -> str:
    if len(chapters) == 1:
        number, title = chapters[0]
        return f"BAB {_roman(number)} {title}".strip()
    return Path(doc_id).stem.replace("-", " ").replace("_", " ")


def _roman(number: int) -> str:
    parts = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in parts:
        while number >= value:
            out += letters
            number -= value
    return out or str(number)
