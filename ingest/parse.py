"""Thesis structure from plain text: chapters (BAB VI), numbered sections (6.1, 6.1.2), paragraphs,
front matter (Abstrak, Kata Pengantar), the Daftar Isi (read, never indexed) and the Daftar Pustaka.

Repairs what printing broke, keeping character offsets into the original file:
- a section number that disagrees with the Daftar Isi, or (without one) with its chapter or its
  position ("1.2 Saran" inside BAB VI) becomes the canonical number (6.2), the printed one is kept,
  and a note says so; a heading printed without its number gets the number the Daftar Isi lists;
- paragraphs split by a page break are joined again;
- Markdown emphasis (``*Sister City*``) is removed from the text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.core.language import detect_language, language_words
from assistant.core.paragraphs import continues, ends_sentence, hyphen_join
from assistant.core.parts import COVER_ID
from assistant.core.sentences import ends_with_abbreviation, split_sentences
from assistant.core.text import roman
from assistant.core.types import Document, Paragraph, Section, Sentence
from ingest.columns import cell_count, rule_line, segments
from ingest.frontmatter import read_front
from ingest.headings import (
    APPENDIX_ITEM,
    CAPTION,
    CONTENTS_NAMES,
    GLOSSARY_NAMES,
    LETTERED,
    SECTION,
    TITLE_CONNECTORS,
    ContentsEntry,
    chapter_line,
    chapter_value,
    chapter_word,
    contents_entry,
    is_contents_filler,
    looks_like_heading,
    named_part,
    normalise,
    run_in_pieces,
)
from ingest.layout import Line, page_layout
from ingest.load import RawDocument, decode
from ingest.markdown import plain_markdown
from ingest.subheadings import lettered_subheading, numbered_subheading, own_subheading, plain_subheading, title_case

_LINE = re.compile(r"([^\r\n]*)(\r\n|\n|\r|$)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_SECTION = SECTION
_GENERIC_COVER = {"tesis", "skripsi", "disertasi", "tugas akhir", "thesis", "dissertation", "proposal tesis"}
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*\*|\*\*|\*|__|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ANY_SPACE = re.compile(r"\s")


@dataclass
class _Mapped:
    """Text whose every character remembers its offset in the original file. Kept as runs (a run is
    text copied from one stretch of the file), so memory grows with the lines, not the characters."""

    parts: list[str] = field(default_factory=list)  # non-empty pieces of the text, in order
    starts: list[int] = field(default_factory=list)  # where each run starts in the text
    origins: list[int] = field(default_factory=list)  # where each run starts in the original file
    length: int = 0
    kind: str = "text"  # text | footnote | caption | code
    layout: str = ""  # "table" (rows laid out with spaces) or "code" (a listing): never joined to prose
    closed: bool = False  # nothing that follows joins it (a caption under its table or listing)
    listing: bool = False  # holds a list whose lead-in ends with ":"; the next item joins it
    breaks: list[int] = field(default_factory=list)  # original offsets where a sentence starts, whatever the text
    subheading: bool = False  # an unnumbered subheading on a line of its own; the paragraph under it joins it
    cells: bool = False  # a caption over its table's cells one a line (a two-column article as pdftotext reads it)

    def append(self, text: str, start: int) -> None:
        if not text:
            return
        if not self.starts or self.origins[-1] + self.length - self.starts[-1] != start:
            self.starts.append(self.length)
            self.origins.append(start)
        self.parts.append(text)
        self.length += len(text)

    def join_space(self) -> None:
        if self.length and self.parts[-1][-1] != " ":
            self.append(" ", self.offset(self.length - 1) + 1)

    def pop(self) -> None:
        """Drop the last character."""
        self.parts[-1] = self.parts[-1][:-1]
        if not self.parts[-1]:
            self.parts.pop()
        self.length -= 1
        if self.starts and self.starts[-1] >= self.length:
            self.starts.pop()
            self.origins.pop()

    def extend(self, other: _Mapped) -> None:
        self.breaks.extend(other.breaks)
        for start, origin in zip(other.starts, other.origins):
            self.starts.append(self.length + start)
            self.origins.append(origin)
        self.parts.extend(other.parts)
        self.length += other.length

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def tail(self, n: int = 16) -> str:
        """The last ``n`` characters (without joining the whole text: a paragraph may grow long)."""
        out = ""
        for part in reversed(self.parts):
            out = part + out
            if len(out) >= n:
                break
        return out[-n:]

    def offset(self, i: int) -> int:
        """The original offset of character ``i``."""
        k = bisect.bisect_right(self.starts, i) - 1
        return self.origins[k] + i - self.starts[k]

    def index_of(self, origin: int) -> int | None:
        """The position of the character that came from ``origin`` in the original file, if kept."""
        for k, start in enumerate(self.starts):
            end = self.starts[k + 1] if k + 1 < len(self.starts) else self.length
            if self.origins[k] <= origin < self.origins[k] + end - start:
                return start + origin - self.origins[k]
        return None

    def delete(self, indices: set[int]) -> _Mapped:
        """A copy without the characters at ``indices`` (copied by runs)."""
        out = _Mapped(kind=self.kind, layout=self.layout, closed=self.closed, breaks=list(self.breaks))
        text = self.text
        keep = 0
        for i in [*sorted(indices), self.length]:
            if i > keep:
                k = bisect.bisect_right(self.starts, keep) - 1
                while keep < i:
                    run_end = self.starts[k + 1] if k + 1 < len(self.starts) else self.length
                    stop = min(i, run_end)
                    out.append(text[keep:stop], self.origins[k] + keep - self.starts[k])
                    keep = stop
                    k += 1
            keep = max(keep, i + 1)
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
    named: tuple[str, str] | None = None  # (section id, kind) of a named part: ("Daftar Pustaka", "references")
    offset: int = 0  # where its heading (or first text) is in the original file

    @property
    def kind(self) -> str:
        return self.named[1] if self.named else "body"


def parse_file(path: Path) -> Document:
    """Parse one corpus file (.txt/.md, or .pdf/.docx through their loaders) into a Document."""
    from ingest.load import BINARY_SUFFIXES, read_document

    if path.suffix.lower() in BINARY_SUFFIXES:
        raw = read_document(path, path.parent)
        if not isinstance(raw, RawDocument):
            raise ValueError(f"{path} {raw.reason}")
        return parse_document(raw)
    import hashlib

    data = path.read_bytes()
    text = decode(data)
    if text is None:
        raise ValueError(f"{path} is not UTF-8 text")
    return parse_document(RawDocument(path.name, path, text, hashlib.sha256(data).hexdigest()))


def parse_document(raw: RawDocument) -> Document:
    """Parse a read corpus file into chapters, canonical sections and paragraphs.

    A whole thesis works too: front matter (Abstrak, Kata Pengantar) becomes unnumbered sections,
    the Daftar Isi is read to check section numbers and is never indexed, the Daftar Pustaka is a
    section of its own whose paragraphs are the reference entries.
    """
    markdown = raw.path.suffix.lower() == ".md"
    if markdown:  # a repository's Markdown export: its marks blanked, offsets kept
        raw = replace(raw, text=plain_markdown(raw.text))
    notes: list[str] = []
    layout = page_layout(_lines(raw.text), paged=bool(raw.pages))
    blocks, contents = _take_lists([b for b in _group(layout.lines) if not _speck(b)])
    if not markdown:  # blanked marks leave runs of spaces that are no columns; its tables are pipe tables
        blocks = _take_layout(blocks, raw.text)
    contents = _lettered_numbers(contents)
    toc = _Contents(contents)
    blocks = _split_run_in(blocks, tuple(normalise(e.title) for e in contents if e.kind == "section"),
                           tuple(normalise(f"{e.number} {e.title}") for e in contents if e.kind == "chapter"))
    blocks = _join_wrapped_headings(blocks, tuple(normalise(e.title) for e in contents if e.kind == "section"))
    blocks = _place_footnotes(blocks, layout.footnotes)
    pages = tuple(raw.pages) or tuple(layout.pages)
    chapters: list[tuple[int, str]] = []
    sections: list[_OpenSection] = []
    current: _OpenSection | None = None
    chapter_number, chapter_title = 0, ""
    worded = _worded_chapters(blocks)  # the thesis prints its chapters with the chapter word ("BAB I")
    # an article numbering nothing (a repository's naskah publikasi): its capital headings after the front matter
    # are its sections ("METODE PENELITIAN"), its title-case lines over running text their subsections
    article = _unnumbered_article(blocks)
    unnumbered = 0  # unnumbered sections opened so far (their chapter numbers)
    titled_ids: set[str] = set()
    chapter_printed = 0  # the chapter's number as printed (before any repair), for reading ahead in it
    lettered_chapters: dict[int, bool] = {}  # chapter (by position) -> whether its lettered headings are sections
    open_headings: list[_Heading] = []
    chapter_children = 0
    expect_title = False
    title_open = False  # the chapter title just read may go on over the next line ("... KERANGKA KONSEP" + "PENELITIAN")

    for position, block in enumerate(blocks):
        first_line, first_offset = block[0]
        if getattr(block, "kind", "") == "footnote":  # a footnote: a paragraph of its own, never joined
            if current is None:
                current = _OpenSection(None, chapter_number, chapter_title, offset=first_offset)
                sections.append(current)
            note = _map_block(block)
            note.kind = "footnote"
            current.blocks.append(note)
            continue
        if getattr(block, "kind", "") in ("table", "code"):  # laid-out rows or a listing: a paragraph of its own
            if current is None:
                current = _OpenSection(None, chapter_number, chapter_title, offset=first_offset)
                sections.append(current)
            _add_layout(current, block)
            continue
        if title_open and len(block) == 1 and _title_goes_on(chapter_title, first_line, toc.chapter_title(chapter_number)):
            chapter_title = f"{chapter_title} {first_line.strip()}"
            chapters[-1] = (chapter_number, chapter_title)
            assert current is not None
            current.chapter_title = chapter_title
            title_open = False
            continue
        title_open = False
        named = named_part(first_line)
        if named and expect_title and len(block) == 1:
            named = None  # "BAB VII" then "LAMPIRAN" on its own line: the chapter's title, not a part of its own
        if named and named[1] != "list":
            section_id, kind = named
            chapter_number, chapter_title, open_headings, expect_title = 0, "", [], False
            current = _OpenSection(None, 0, "", named=(section_id, kind), offset=first_offset)
            sections.append(current)
            block = block[1:]
            if not block:
                continue
        if article and not named and len(block) == 1 and current is not None and (
                capital_heading(first_line) or (current.heading is not None and current.heading.level <= 2
                                                and not current.heading.printed and _unnumbered_subheading(
                                                    first_line, blocks, position, current))):
            # "HASIL PENELITIAN DAN PEMBAHASAN" (a section), "Hasil Siklus I" under it (a subsection): ids are titles
            level = 1 if capital_heading(first_line) else 2
            title = _titled(first_line) if level == 1 else " ".join(first_line.split())
            section_id, repeat = title, 1
            while section_id in titled_ids:
                repeat += 1
                section_id = f"{title} ({repeat})"
            titled_ids.add(section_id)
            if level == 1:  # numbered in reading order to keep its subsections together; no chapter heading printed
                unnumbered += 1
                chapter_number, chapter_title = unnumbered, title
            open_headings, chapter_children, expect_title = [], 0, False
            current = _OpenSection(_Heading(level, "", section_id, title), chapter_number, chapter_title,
                                   offset=first_offset)
            sections.append(current)
            continue
        chapter_match = chapter_line(first_line) if not named else None
        if chapter_match and not chapter_word(first_line) and not _bare_chapter_counts(chapter_match, worded, toc):
            chapter_match = None  # "2 CIREMBANG", a title's wrapped last line, in a thesis of "CHAPTER II"
        wrapped = len(block) == 3 and not chapter_match.group(2).strip() and _title_lines(block[1:]) \
            if chapter_match else False
        if chapter_match and (len(block) <= 2 or wrapped):
            number = chapter_value(chapter_match.group(1))
            chapter_printed = number
            title = " ".join((chapter_match.group(2) or " ".join(line for line, _ in block[1:])).split())
            seen = dict(chapters)
            if number in seen and (not title or normalise(title) == normalise(seen[number])):
                continue  # a running header or a repeated heading: the chapter goes on
            if number in seen:
                fixed = max(seen) + 1
                notes.append(f"{raw.doc_id}: a second BAB {roman(number)} ({title}) follows BAB {roman(max(seen))}; "
                             f"stored as chapter {fixed}")
                number = fixed
            toc_number = toc.chapter_for(title)
            if toc_number is not None and toc_number != number and toc_number not in seen:
                notes.append(f"{raw.doc_id}: BAB {roman(number)} ({title}) is BAB {roman(toc_number)} by the "
                             "Daftar Isi; stored as chapter " + str(toc_number))
                number = toc_number
            chapter_number, chapter_title = number, title or toc.chapter_title(number)
            expect_title = not title  # the title may follow on a line of its own
            title_open = bool(title)
            chapters.append((chapter_number, chapter_title))
            open_headings, chapter_children = [], 0
            current = _OpenSection(None, chapter_number, chapter_title, offset=first_offset)
            sections.append(current)
            continue
        if expect_title and not named and (
                (len(block) == 1 and _looks_like_title(first_line)) or (len(block) == 2 and _title_lines(block))):
            chapter_title = " ".join(line.strip() for line, _ in block)
            chapters[-1] = (chapter_number, chapter_title)
            assert current is not None
            current.chapter_title = chapter_title
            expect_title = False
            title_open = len(block) == 1
            continue
        expect_title = False

        in_references = current is not None and current.kind == "references"
        taken = False  # the block's heading was read as a lettered section; the rest is text
        lettered = LETTERED.match(first_line) if chapter_number and not named and not open_headings \
            and not chapter_children and current is not None and current.kind == "body" \
            and lettered_subheading(first_line) else None
        if lettered and lettered_chapters.setdefault(len(chapters), not _numbered_ahead(blocks, position,
                                                                                         chapter_printed)):
            # "B. Penelitian Terdahulu" in a chapter without numbered sections: section 2.B
            letter = lettered.group(1)
            heading = _Heading(2, letter, f"{chapter_number}.{letter}",
                               _title_text(first_line[lettered.end():]))
            current = _OpenSection(heading, chapter_number, chapter_title, offset=first_offset)
            sections.append(current)
            block = block[1:]
            if not block:
                continue
            taken = True
        section_match = None if in_references or named or taken else _SECTION.match(first_line)
        if section_match is None and not in_references and not named and not taken and len(block) == 1 \
                and chapter_number:
            comma = _comma_heading(first_line, chapter_number, chapter_children, toc)
            if comma:
                notes.append(f"{raw.doc_id}: heading {first_line.strip()!r} is read as section {comma.group(1)} "
                             "(a comma for the number's period, as OCR reads a scan)")
                section_match = comma
        recovered = None
        if section_match is None and not in_references and not named and not taken and len(block) == 1 \
                and chapter_number:
            recovered = toc.recover(chapter_number, first_line, lambda number: _printed_ahead(blocks, position, number))
        if (section_match and not section_match.group(2).rstrip().endswith((".", ","))) or recovered:
            if recovered:
                printed, title = "", first_line.strip()
            else:
                assert section_match is not None
                printed, title = section_match.group(1), section_match.group(2).strip()
            if not chapters:  # sections before any BAB heading: take the chapter from the number
                chapter_number = int(printed.split(".")[0])
                chapters.append((chapter_number, chapter_title))
            listed = recovered or toc.number_for(chapter_number, _strip_emphasis_plain(title))
            if listed and not recovered:
                title, rest = _title_by_contents(title, toc.title_of(listed))
                if rest:  # the heading ran into its paragraph: its last words are the paragraph's first line
                    at = [m.start() for m in re.finditer(r"\S+", first_line)][-rest]
                    block = _Block([block[0], (first_line[at:], first_offset + at)] + list(block[1:]))
            if listed:
                canonical = listed
                level = listed.count(".") + 1
                while open_headings and not listed.startswith(open_headings[-1].canonical + "."):
                    open_headings.pop()
                last = int(listed.split(".")[-1])
                if open_headings:
                    open_headings[-1].children = last
                elif level == 2:
                    chapter_children = last
                reason = "the Daftar Isi"
            else:
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
                reason = "its chapter and position"
            heading = _Heading(level, printed, canonical, _title_text(title))
            open_headings.append(heading)
            if recovered:
                notes.append(f"{raw.doc_id}: heading {title!r} carries no number; the Daftar Isi lists it as "
                             f"{canonical}, stored so")
            elif canonical != printed:
                notes.append(
                    f"{raw.doc_id}: section printed as {printed!r} ({title}) is {canonical} by {reason}; "
                    f"stored as {canonical} with printed_number={printed}"
                )
            current = _OpenSection(heading, chapter_number, chapter_title, offset=first_offset)
            sections.append(current)
            block = block[1:]
            if not block:
                continue
        if current is None:  # text before any heading
            current = _OpenSection(None, chapter_number, chapter_title, offset=first_offset)
            sections.append(current)
        if current.kind == "references" and len(block) > 1:
            entries = _reference_entries(block)
            for entry in entries[:-1]:
                current.blocks.append(_map_block(entry))
            block = entries[-1]
        mapped = _map_block(block)
        # reference entries are never joined; nor are the short lines of a cover (title, author, year)
        cover = current.heading is None and not current.chapter_number and not current.named
        short = bool(current.blocks) and current.blocks[-1].length < 80
        joinable = current.kind != "references" and not (cover and short)
        if _CAPTION_LINE.match(mapped.text.lstrip("*_")) or (current.kind == "appendix" and APPENDIX_ITEM.match(
                mapped.text)):  # "Lampiran 2. Hasil Analisis Ragam": an appendix' item is captioned like a table
            mapped.kind = "caption"
            mapped.cells = _cell_lines(block)
        previous = _last_text(current.blocks)
        if previous is not None and previous.layout and mapped.kind == "caption" and len(block) == 1:
            mapped.closed = True  # the caption under a table or a listing: the text after it is no part of it
        # "Kualitas Air" on a line of its own inside a section, running text under it: an unnumbered subheading, no
        # section (right under a caption that holds no rows yet, or over a row, it is a table's header row)
        own_heading = len(block) == 1 and joinable and current.kind == "body" and own_subheading(mapped.text) \
            and not (previous is not None and previous.kind == "caption" and not _holds_rows(previous)) \
            and position + 1 < len(blocks) and _running_words(blocks[position + 1][0][0])
        item = previous is not None and joinable and _LIST_ITEM.match(mapped.text.lstrip("*_"))
        if item and (previous.listing or previous.tail().rstrip("*_ ").endswith(":")):
            previous.join_space()  # a list item stays with its lead-in ("berikut:" + "1. ...")
            previous.extend(mapped)
            previous.listing = True
        elif previous is not None and joinable and (_continues(previous.tail(), mapped.text) or _continued_caption(
                previous) or _header_row(previous, mapped.text)) and not _closed(previous) and not lettered_subheading(mapped.text) and mapped.kind != "caption" \
                and not (_holds_rows(previous) and (_prose(mapped.text) or (previous.cells and _opens_prose(mapped.text)))) \
                and not previous.layout \
                and not own_heading \
                and not (previous.subheading and _LIST_ITEM.match(mapped.text)):
            if previous.length <= 100 and (numbered_subheading(previous.text) or previous.subheading):
                previous.breaks.append(mapped.offset(0))  # "1. Pengertian Ayam Broiler" + its text: two sentences
            if hyphen_join(previous.tail(64), mapped.text[:64]) == "join":
                previous.pop()  # "pe-" at a page's foot + "rusahaan" on the next page: one word
            else:
                previous.join_space()
            previous.extend(mapped)
        else:
            mapped.subheading = own_heading  # the paragraph under it joins it as a sentence of its own
            current.blocks.append(mapped)

    has_structure = bool(chapters) or any(s.named for s in sections)
    if not has_structure and not any(s.heading for s in sections):
        notes.append(f"{raw.doc_id}: no chapter or section headings found; the whole file is section 1")
    if not pages:  # text without page markers: the Daftar Isi's printed pages, from each listed heading on
        pages = toc.page_map(sections)
    page_at = _page_finder(pages)
    markers = sorted(layout.drop)
    built = tuple(_listed_page(_build_section(s, raw, has_structure, page_at, markers), toc.listed_page(s))
                  for s in sections if s.heading or s.blocks or s.named)
    entries = tuple((e.number, e.title, e.page) for e in contents)
    cover = next((s for s in built if s.kind == "cover" and s.paragraphs), None)
    front = read_front(raw.text, cover.paragraphs[0].start, cover.paragraphs[-1].end, page_at) if cover else ()
    title = _document_title(chapters, raw.doc_id, built, next((f.value for f in front if f.name == "title"), ""))
    return Document(raw.doc_id, title, built, raw.content_hash, tuple(notes), tuple(chapters), entries, front)


class _Contents:
    """The Daftar Isi, used to check section numbers: a listed title gives its listed number."""

    def __init__(self, entries: list[ContentsEntry]) -> None:
        self.entries = list(entries)
        self.sections = [e for e in entries if e.kind == "section"]
        self.chapters = {int(e.number): e.title for e in entries if e.kind == "chapter"}
        self.used: set[int] = set()

    def number_for(self, chapter: int, title: str) -> str | None:
        """The listed number of a numbered heading with this title in this chapter, if listed."""
        for i, entry in enumerate(self.sections):
            if i not in self.used and entry.number.split(".")[0] == str(chapter) and _same_title(entry.title, title):
                self.used.add(i)
                return entry.number
        return None

    def title_of(self, number: str) -> str:
        """The listed title of a section number ("" when not listed)."""
        return next((e.title for e in self.sections if e.number == number), "")

    def listed_page(self, section: _OpenSection) -> str | None:
        """The page the Daftar Isi gives a section ("" for the cover, None when not listed)."""
        if section.named:
            return next((e.page for e in self.entries if e.kind == "named"
                         and normalise(e.title) == normalise(section.named[0])), None)
        number = section.heading.canonical if section.heading is not None else str(section.chapter_number or "")
        if not number:
            return ""
        kinds = ("section", "lettered") if section.heading is not None else ("chapter",)
        return next((e.page for e in self.entries if e.kind in kinds and e.number == number), None)

    def page_map(self, sections: list[_OpenSection]) -> tuple[tuple[int, int | None], ...]:
        """(offset, printed page) where each listed section starts, by the page the Daftar Isi gives it;
        a part on a roman-numbered page (front matter) or the cover has none; an unlisted section is on
        the page of the one before it."""
        out = [(s.offset, int(printed) if printed.isdigit() else None)
               for s in sections for printed in [self.listed_page(s)] if printed is not None]
        return tuple(out) if any(page is not None for _, page in out) else ()

    def recover(self, chapter: int, line: str, printed_ahead: Callable[[str], bool] = lambda number: False) -> str | None:
        """The listed number of an unnumbered line that is a listed section title of this chapter: the whole
        title as listed, in the listed case or in capitals (a table's header cell "Pertambahan bobot badan" is
        no heading), and only when the heading is not printed with its number further on (``printed_ahead``)."""
        line = " ".join(_strip_emphasis_plain(line).split())
        if len(line) > 100 or line.endswith((".", ",", ";")):
            return None
        for i, entry in enumerate(self.sections):
            listed = " ".join(_strip_emphasis_plain(entry.title).split())
            if i in self.used or entry.number.split(".")[0] != str(chapter) or line not in (listed, listed.upper()):
                continue
            if printed_ahead(entry.number):
                return None
            self.used.add(i)
            return entry.number
        return None

    def chapter_for(self, title: str) -> int | None:
        """The listed number of a chapter title."""
        if not title:
            return None
        matches = [n for n, t in self.chapters.items() if _same_title(t, title)]
        return matches[0] if len(matches) == 1 else None

    def chapter_title(self, number: int) -> str:
        """The listed title of a chapter ("" when not listed)."""
        return self.chapters.get(number, "")


def _lettered_numbers(entries: list[ContentsEntry]) -> list[ContentsEntry]:
    """Daftar Isi entries with each lettered one numbered by the chapter it is listed under ("B." under
    BAB II -> "2.B"); one listed before any chapter is no section ("other")."""
    out: list[ContentsEntry] = []
    chapter = ""
    for entry in entries:
        if entry.kind == "chapter":
            chapter = entry.number
        elif entry.kind == "named":
            chapter = ""
        elif entry.kind == "lettered":
            entry = replace(entry, number=f"{chapter}.{entry.number}") if chapter else replace(
                entry, kind="other", number="", title=f"{entry.number}. {entry.title}")
        out.append(entry)
    return out


def _numbered_ahead(blocks: list[list[tuple[str, int]]], position: int, chapter: int) -> bool:
    """Whether a numbered section heading ("2.1 ...") follows ``position`` inside the chapter printed as
    ``chapter`` (up to the next chapter or named part): then its lettered headings are subheadings."""
    for block in blocks[position + 1:]:
        if getattr(block, "kind", "") == "footnote" or not block:
            continue
        first = block[0][0]
        named = named_part(first)
        if named and named[1] != "list":
            return False
        other = chapter_line(first)
        if other and len(block) <= 3 and chapter_value(other.group(1)) != chapter:
            return False
        section = _SECTION.match(first)
        if section and not section.group(2).rstrip().endswith((".", ",")):
            return True
    return False


def _printed_ahead(blocks: list[list[tuple[str, int]]], position: int, number: str) -> bool:
    """Whether a heading printed with this section number ("4.3 ...") follows ``position`` before the next
    chapter (a running header naming this one is no next chapter) or named part."""
    for block in blocks[position + 1:]:
        if getattr(block, "kind", "") or not block:
            continue
        first = block[0][0]
        named = named_part(first)
        chapter = chapter_line(first) if chapter_word(first) else None
        if (named and named[1] != "list") or (chapter and str(chapter_value(chapter.group(1))) != number.split(".")[0]):
            return False
        section = _SECTION.match(first)
        if section and section.group(1) == number:
            return True
    return False


def _worded_chapters(blocks: list[list[tuple[str, int]]]) -> bool:
    """Whether a chapter heading with the chapter word ("BAB II", "CHAPTER II") opens a block."""
    return any(block and not getattr(block, "kind", "") and chapter_word(block[0][0]) and chapter_line(block[0][0])
               for block in blocks)


def _bare_chapter_counts(match: re.Match[str], worded: bool, toc: _Contents) -> bool:
    """Whether a chapter line without the chapter word ("2 METODE") is a chapter: never in a thesis that prints
    the word ("2 CIREMBANG" is a title's wrapped last line there); in one with a Daftar Isi of chapters, when
    it lists that chapter with that title."""
    if worded:
        return False
    if not toc.chapters:
        return True
    return _same_title(toc.chapters.get(chapter_value(match.group(1)), ""), match.group(2))


def _title_text(title: str) -> str:
    """A heading's title as stored: no emphasis, single spaces (justified text spaces its words out)."""
    return " ".join(_strip_emphasis_plain(title).split())


def _listed_page(section: Section, listed: str | None) -> Section:
    """A heading whose page is not known (no page number found near it) is on the page the Daftar Isi
    gives it, when that is an arabic (body) page."""
    if section.page is not None or not listed or not listed.isdigit():
        return section
    return replace(section, page=int(listed))


def _title_by_contents(title: str, listed: str) -> tuple[str, int]:
    """A heading's title repaired by its Daftar Isi title, and how many of its last words are its
    paragraph's: a title cut short is completed ("Teknik Analisis" + listed "Teknik Analisis Data"); a
    title run into its paragraph ("Teknik Analisis Data Data dianalisis dengan uji ...") is cut where the
    listed title ends when the rest reads as prose (six words or more, most of them lower case)."""
    have, want = _strip_emphasis_plain(title).split(), _strip_emphasis_plain(listed).split()
    if not want or normalise(" ".join(have)) == normalise(" ".join(want)):
        return title, 0
    key = [w.lower().rstrip(":.") for w in want]
    if len(have) < len(want) and " ".join(want).lower().startswith(" ".join(have).lower()):
        return " ".join(have + want[len(have):]), 0
    rest = have[len(want):]
    if [w.lower().rstrip(":.") for w in have[:len(want)]] == key and len(rest) >= 6 \
            and sum(w[:1].islower() for w in rest) * 2 > len(rest):
        return " ".join(have[:len(want)]), len(rest)
    return title, 0


def _same_title(a: str, b: str) -> bool:
    a, b = normalise(_strip_emphasis_plain(a)), normalise(_strip_emphasis_plain(b))
    return bool(a) and (a == b or (min(len(a), len(b)) >= 8 and (a.startswith(b) or b.startswith(a))))


def _take_lists(blocks: list[list[tuple[str, int]]]) -> tuple[list[list[tuple[str, int]]], list[ContentsEntry]]:
    """Remove the Daftar Isi and the lists of tables and figures (never content); return the Daftar
    Isi's entries. A list runs from its heading while its lines look like entries ("... 87")."""
    kept: list[list[tuple[str, int]]] = []
    contents: list[ContentsEntry] = []
    blocks = _cut_at_lists(blocks)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        named = named_part(block[0][0])
        if not named or named[1] != "list":
            kept.append(block)
            i += 1
            continue
        is_contents = normalise(block[0][0]) in CONTENTS_NAMES
        end = _entries_end(block)
        lines = [line for line, _ in block[1:end]]
        i += 1
        if end < len(block):  # hard-wrapped text: the text after the list is in the list's block
            blocks.insert(i, _Block(block[end:]))
            if is_contents:
                contents.extend(_entries(lines))
            continue
        while i < len(blocks) and not named_part(blocks[i][0][0]) and _entry_share(blocks[i]) >= 0.5:
            lines.extend(line for line, _ in blocks[i])
            i += 1
        if normalise(block[0][0]) in GLOSSARY_NAMES:  # a list of symbols: up to the next heading
            while i < len(blocks) and not looks_like_heading(blocks[i][0][0]):
                i += 1
        if is_contents:
            contents.extend(_entries(lines))
    return kept, contents


def _cut_at_lists(blocks: list[list[tuple[str, int]]]) -> list[list[tuple[str, int]]]:
    """A list heading ("DAFTAR ISI") inside a block of hard-wrapped lines starts a block of its own."""
    out: list[list[tuple[str, int]]] = []
    for block in blocks:
        start = 0
        for k in range(1, len(block)):
            named = named_part(block[k][0])
            if named and named[1] == "list" and getattr(block, "kind", "") != "footnote":
                out.append(_Block(block[start:k]))
                start = k
        out.append(block if start == 0 else _Block(block[start:]))
    return out


def _entries_end(block: list[tuple[str, int]]) -> int:
    """Where a list's entries end in its heading's block: after the last entry that is followed by
    three lines that are no entries (an entry may wrap over two lines)."""
    last = 0
    misses = 0
    k = 1
    while k < len(block) and misses < 3:
        line = block[k][0]
        if contents_entry(line) or is_contents_filler(line):
            last, misses = k, 0
        elif k + 1 < len(block) and _entry_end_line(block[k + 1][0]) and contents_entry(f"{line} {block[k + 1][0]}"):
            last, misses = k + 1, 0
            k += 1
        else:
            misses += 1
        k += 1
    if not last:  # no entry in the heading's block: the entries follow in blocks of their own
        return len(block) if len(block) <= 3 else 1
    return last + 1


def _entry_end_line(line: str) -> bool:
    """Whether a line may end an entry wrapped over two lines: its dot leaders, or a short line ("PENELITIAN 3");
    a line of prose ending in a year ("... In the 2013") is none."""
    return bool(re.search(r"(?:[.·…_]\s*){3,}", line)) or len(line) <= 60


def _entry_share(block: list[tuple[str, int]]) -> float:
    """Share of a block's lines that are list entries ("6.1 Kesimpulan ..... 87"), an entry wrapped over two lines
    or three counted whole ("Gambar 4.1 Plot deret waktu ... Januari" + "2016 sampai Desember 2022    14", as
    ``_entries`` joins it)."""
    lines = [line for line, _ in block if not is_contents_filler(line)]
    if not lines:
        return 1.0
    counted, pending = 0, []
    for line in lines:
        pending.append(line)
        if contents_entry(" ".join(pending)):
            counted += len(pending)
            pending = []
        elif len(pending) == 3:
            pending = pending[1:]
    return counted / len(lines)


def _entries(lines: list[str]) -> list[ContentsEntry]:
    """Entries of a list, joining an entry wrapped over several lines."""
    out: list[ContentsEntry] = []
    pending = ""
    for line in lines:
        if is_contents_filler(line):
            continue
        text = f"{pending} {line}".strip() if pending else line
        entry = contents_entry(text)
        if entry:
            out.append(entry)
            pending = ""
        else:
            pending = text
    return out


def _lines(text: str) -> list[Line]:
    """Every line with the offset of its first non-space character; blank lines as kind "blank",
    Markdown headings (without their #) as kind "heading"; a line after a form feed marked ``feed``."""
    lines: list[Line] = []
    feed = False  # a form feed (where pdftotext starts a page) since the last text line
    for match in _LINE.finditer(text):
        line = match.group(1)
        if match.start() == len(text) and not line:
            break
        stripped = line.strip()
        feed = feed or "\f" in line[:len(line) - len(line.lstrip())]
        if not stripped:
            lines.append(Line("", match.start(), "blank"))
            continue
        offset = match.start() + (len(line) - len(line.lstrip()))
        heading = _MD_HEADING.match(stripped)
        if heading:
            lines.append(Line(_strip_emphasis_plain(stripped[heading.end():]), offset + heading.end(), "heading"))
        else:
            lines.append(Line(stripped, offset, feed=feed))
        feed = False
    return lines


class _Block(list):
    """Lines (text, offset) of one block; ``kind`` "footnote" for a footnote's lines."""

    kind = ""


_SPECK = re.compile(r"^[^\w\s]{1,2}$")


def _speck(block: list[tuple[str, int]]) -> bool:
    """A paragraph of one or two marks and nothing else ("." or "'" alone between blank lines): a speck of dirt
    on a scanned page that OCR read as a character, no text."""
    return len(block) == 1 and not getattr(block, "kind", "") and bool(_SPECK.match(block[0][0].strip()))


def _group(lines: list[Line]) -> list[list[tuple[str, int]]]:
    """Runs of non-blank lines; a Markdown heading is a block of its own."""
    blocks: list[list[tuple[str, int]]] = []
    current = _Block()
    for line in lines:
        if line.kind == "blank" or line.kind == "heading":
            if current:
                blocks.append(current)
                current = _Block()
            if line.kind == "heading":
                blocks.append(_Block([(line.text, line.offset)]))
            continue
        current.append((line.text, line.offset))
    if current:
        blocks.append(current)
    return blocks


def _place_footnotes(blocks: list[list[tuple[str, int]]],
                     footnotes: list[tuple[int, list[Line]]]) -> list[list[tuple[str, int]]]:
    """Each footnote becomes a block after the paragraph whose marker cites it."""
    if not footnotes:
        return blocks

    starts = [block[0][1] for block in blocks]
    placed: dict[int, list[list[tuple[str, int]]]] = {}
    for marker, note_lines in footnotes:
        index = max(0, bisect.bisect_right(starts, marker) - 1)
        while index + 1 < len(blocks) and _continues(blocks[index][-1][0], blocks[index + 1][0][0]) \
                and not looks_like_heading(blocks[index + 1][0][0]):
            index += 1  # after the whole paragraph, also when a page break split it
        note = _Block((line.text, line.offset) for line in note_lines)
        note.kind = "footnote"
        placed.setdefault(index, []).append(note)
    out: list[list[tuple[str, int]]] = []
    for i, block in enumerate(blocks):
        out.append(block)
        out.extend(placed.get(i, ()))
    return out


# a caption: label, number, then a capitalised title ("Tabel 4.1 menunjukkan ..." is a sentence)
# "Tabel 4.2 (lanjutan)": a table going on over a page has its caption again
_CAPTION_LINE = re.compile(CAPTION.pattern + r"(?:\.?\s+[\W\d_]*(?-i:[A-Z])|\s*\((?:lanjutan|sambungan|continued|cont\.?)\))",
                           re.IGNORECASE)
# a reference entry opens with an author ("Cangara, H.", "Badan Pusat Statistik.") and has a year
# A numbered reference entry's opening ("1. ", "[12] ")
_NUMBERED_ENTRY = re.compile(r"^(?:\d{1,3}\.|\[\d{1,3}\])\s+\S")
_ENTRY_START = re.compile(r"^[A-Z][^\s,.]*(?:[ ,.]+\S+){0,12}?[ ,.]*\(?(?:19|20)\d\d[a-z]?\)?[.,]")
_SOURCE_LINE = re.compile(r"^(?:Sumber|Source)\s*:", re.IGNORECASE)


def _split_run_in(blocks: list[list[tuple[str, int]]], titles: tuple[str, ...],
                  chapters: tuple[str, ...] = ()) -> list[list[tuple[str, int]]]:
    """Blocks of hard-wrapped lines (text extracted from a PDF has no blank lines) cut where a heading,
    a caption or a paragraph starts: headings run into their text become blocks of their own ("BAB V
    PENUTUP 5.1.Kesimpulan Berdasarkan ..." -> "BAB V PENUTUP", "5.1.Kesimpulan", "Berdasarkan ..."),
    a caption keeps the table lines under it up to its "Sumber:" line, and a short line ending a
    sentence ends its paragraph. A heading the Daftar Isi lists (``titles``; ``chapters``: "1 pendahuluan" for
    a chapter printed without the word BAB) opens a block after any line, and so does a numbered heading under a
    table's rows (a caption without a "Sumber:" line)."""
    out: list[list[tuple[str, int]]] = []
    listed = set(titles)  # a title the Daftar Isi lists, printed without its number
    for block in blocks:
        if getattr(block, "kind", "") in ("footnote", "table", "code"):
            out.append(block)
            continue
        # a full line's length: the upper quartile (headings, table rows and last lines are shorter)
        typical = sorted(len(t) for t, _ in block)[3 * len(block) // 4] if len(block) >= 4 else 0
        current = _Block()
        after_heading = False
        caption_end = -1
        rows = False  # under a caption whose rows end with no "Sumber:" line
        numbered = -1  # a bare section number's line: its title is the next line
        for index, (line, offset) in enumerate(block):
            if index == numbered:
                continue
            if index <= caption_end:
                current.append((line, offset))
                if index == caption_end:
                    out.append(current)
                    current = _Block()
                    after_heading = True
                continue
            # a named part in capitals ("ABSTRACT") opens a block after any line: the page before may
            # end without a period ("Kata kunci: ...")
            section = _SECTION.match(line)
            following = block[index + 1][0] if index + 1 < len(block) else ""
            # a whole numbered heading under a table's last row ("Kurang 18 24 42"), under rows, or listed
            opens = not current or after_heading or ends_sentence(current[-1][0]) or _capital_part(line) \
                or (section is not None and _whole_heading(line, False)
                    and (current[-1][0].rstrip()[-1:].isdigit() or rows or _listed_start(section.group(2), listed)))
            if _bare_chapter_line(line, following, chapters):
                if current:
                    out.append(current)
                out.append(_Block([(line, offset)]))
                current = _Block()
                after_heading, rows = True, False
                continue
            if ends_sentence(line):
                rows = False
            pieces = run_in_pieces(line, titles) if opens else []
            if not pieces and opens and (_whole_heading(line, after_heading) or normalise(line) in listed):
                pieces = [(0, "heading")]
            if not pieces and opens and _BARE_NUMBER.match(line) and index + 1 < len(block) \
                    and _title_line(block[index + 1][0]):
                # "3.1" then "Lokasi Penelitian": a number that extraction put on a line of its own
                if current:
                    out.append(current)
                out.append(_Block([(f"{line} {block[index + 1][0]}", offset)]))
                current = _Block()
                after_heading = True
                numbered = index + 1
                continue
            if not pieces and index and _CAPTION_LINE.match(line.lstrip("*_")) and len(line) < 200:
                if current:
                    out.append(current)
                current = _Block([(line, offset)])
                after_heading = False
                source = next((j for j in range(index + 1, min(len(block), index + 16))
                               if _SOURCE_LINE.match(block[j][0])), None)
                if source is not None:
                    caption_end = source
                else:  # a caption wrapped over a short second line, then whatever follows may be a heading
                    rows = True
                    if following and len(following) < 60 and not line.rstrip().endswith(".") \
                            and not _whole_heading(following, False) and not ends_sentence(following):
                        caption_end = index + 1
                        continue
                    out.append(current)
                    current = _Block()
                    after_heading = True
                continue
            if not pieces:
                current.append((line, offset))
                after_heading = False
                if typical and len(line) < 0.8 * typical and ends_sentence(line) and index + 1 < len(block):
                    out.append(current)  # a short last line: the paragraph ends here
                    current = _Block()
                continue
            if current:
                out.append(current)
            current = _Block()
            after_heading = False
            for k, (start, kind) in enumerate(pieces):
                end = pieces[k + 1][0] if k + 1 < len(pieces) else len(line)
                text = line[start:end].rstrip()
                if kind == "text":
                    current.append((text, offset + start))
                else:
                    out.append(_Block([(text, offset + start)]))
                    after_heading, rows = True, False
        if current:
            out.append(current)
    return out


def _listed_start(title: str, listed: set[str]) -> bool:
    """Whether a heading's title is one the Daftar Isi lists, or the first line of one that wrapped (three words
    or more of it)."""
    key = normalise(title)
    return key in listed or (len(key.split()) >= 3 and any(t.startswith(key + " ") for t in listed))


def _bare_chapter_line(line: str, following: str, chapters: tuple[str, ...]) -> bool:
    """A chapter printed without the word BAB ("2 METODE") on a line of hard-wrapped text: one the Daftar Isi
    lists, or one whose first section follows ("2.1 ...")."""
    match = chapter_line(line) if not chapter_word(line) else None
    if not match:
        return False
    return normalise(line) in chapters or following.startswith(f"{match.group(1)}.1 ")


def _take_layout(blocks: list[list[tuple[str, int]]], text: str) -> list[list[tuple[str, int]]]:
    """Tables laid out with spaces and code listings (``pdftotext -layout``) cut out as blocks of their own,
    of kind "table" or "code"."""
    out: list[list[tuple[str, int]]] = []
    for block in blocks:
        if getattr(block, "kind", ""):
            out.append(block)
            continue
        columns = [offset - max(text.rfind("\n", 0, offset), text.rfind("\f", 0, offset)) - 1 for _, offset in block]
        for start, end, kind in segments([line for line, _ in block], columns):
            piece = _Block(block[start:end])
            piece.kind = kind
            out.append(piece)
    return out


def _add_layout(current: _OpenSection, block: list[tuple[str, int]]) -> None:
    """A table or a listing as a paragraph of its own; one going on over a page break (rows or code with no
    caption of their own) joins its start."""
    kind = getattr(block, "kind", "")
    mapped = _Mapped(kind="code" if kind == "code" else "text", layout=kind)
    for line, offset in block:
        mapped.join_space()
        mapped.append(line, offset)
    if _CAPTION_LINE.match(block[0][0]):
        mapped.kind = "caption"
    previous = _last_text(current.blocks)
    if previous is not None and previous.layout == kind and mapped.kind != "caption":
        previous.join_space()
        previous.extend(mapped)
    else:
        current.blocks.append(mapped)


def _join_wrapped_headings(blocks: list[list[tuple[str, int]]],
                           titles: tuple[str, ...]) -> list[list[tuple[str, int]]]:
    """A numbered heading whose title wrapped over a second line ("4.2.2.1 Hubungan ... Dasar pada" +
    "Bayi") is one heading line again; the second line is the next line of its block or, when the heading is
    a block of its own (a PDF's bold heading), the next block alone."""
    out: list[list[tuple[str, int]]] = []
    blocks = list(blocks)
    for k, block in enumerate(blocks):
        if not block:
            continue  # a block that was all a heading's second line
        if len(block) == 1 and _BARE_NUMBER.match(block[0][0]) and k + 1 < len(blocks) and blocks[k + 1] \
                and getattr(blocks[k + 1], "kind", "") != "footnote" and _title_line(blocks[k + 1][0][0]):
            # "3.1" and "Lokasi Penelitian" as blocks of their own: one heading
            block = _Block([(f"{block[0][0]} {blocks[k + 1][0][0]}", block[0][1])])
            blocks[k + 1] = _Block(blocks[k + 1][1:])
        head = _SECTION.match(block[0][0]) if getattr(block, "kind", "") != "footnote" else None
        if head is None or block[0][0].rstrip().endswith((".", ",")):
            out.append(block)
            continue
        alone = len(block) == 1 and k + 1 < len(blocks) and getattr(blocks[k + 1], "kind", "") != "footnote" \
            and bool(blocks[k + 1])
        following = blocks[k + 1][0][0] if alone else block[1][0] if len(block) > 1 else ""
        if not following or not _heading_goes_on(block[0][0], head.group(2), following, titles):
            out.append(block)
            continue
        out.append(_Block([(f"{block[0][0].rstrip()} {following.strip()}", block[0][1])] + list(block[2:])))
        if alone:
            blocks[k + 1] = _Block(blocks[k + 1][1:])
    return out


_COMMA_NUMBER = re.compile(r"^(\d{1,2}),(\d{1,2})\s+(\S.*)$")


def _comma_heading(line: str, chapter: int, children: int, toc: _Contents) -> re.Match[str] | None:
    """The heading of a section whose number OCR read with a comma for its period ("4,3 Pembahasan" in BAB IV),
    matched as ``SECTION`` matches "4.3 Pembahasan": a line of its own whose first number is the chapter's, whose
    rest is a title (capitalised words, no final stop), and which either the Daftar Isi lists by that number and
    title or, without a Daftar Isi, comes next in the chapter (its second number one more than the last section's).
    A decimal opening a line of prose ("4,3 persen ...") is none of these."""
    comma = _COMMA_NUMBER.match(line.strip())
    if not comma or int(comma.group(1)) != chapter or not _title_line(comma.group(3)):
        return None
    number = f"{comma.group(1)}.{comma.group(2)}"
    listed = toc.title_of(number)
    if listed and not _same_title(listed, comma.group(3)):
        return None
    if not listed and (toc.sections or int(comma.group(2)) != children + 1):
        return None
    return _SECTION.match(f"{number} {comma.group(3)}")


_BARE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?$")


def _title_line(line: str) -> bool:
    """A heading's title on a line of its own: capitalised words (or capitals), no final stop."""
    line = line.strip()
    return 0 < len(line) <= 100 and not line.endswith((".", ",", ";", ":")) and not chapter_line(line) \
        and not named_part(line) and not CAPTION.match(line) and not _BARE_NUMBER.match(line) \
        and (title_case(line) or line.isupper()) and any(len(w) >= 4 and w.isalpha() for w in line.split())


def _heading_goes_on(line: str, title: str, following: str, titles: tuple[str, ...]) -> bool:
    """Whether ``following`` is the second line of a heading's title: a short line of capitalised words (and
    connectors) without a final stop, after a title that ends on a connector ("... pada"), that ran to a line's
    length, or that the Daftar Isi lists with it."""
    following = following.strip()
    words = following.split()
    if not words or len(following) > 60 or following.endswith((".", ",", ";", ":")) or _SECTION.match(following) \
            or chapter_line(following) or named_part(following) or CAPTION.match(following) \
            or LETTERED.match(following) or _LIST_ITEM.match(following):
        return False
    if not all(w[:1].isupper() or w.lower() in TITLE_CONNECTORS or not w[:1].isalpha() for w in words):
        return False
    joined = normalise(f"{title} {following}")
    if any(t == joined or t.startswith(joined + " ") for t in titles):
        return True
    last = title.split()[-1].lower() if title.split() else ""
    return last in TITLE_CONNECTORS or len(line) >= 60


_LIST_ITEM = re.compile(r"^(?:[-•–]\s+|\(?(?:\d{1,2}|[a-z])[.)]\s+)")
def _whole_heading(line: str, after_heading: bool) -> bool:
    """A line inside a block that is a heading of its own (hard-wrapped text has no blank lines)."""
    if len(line) > 100:
        return False
    chapter = chapter_line(line)
    if chapter and not chapter.group(2).strip():  # "BAB II", also printed "BAB II."
        return chapter_word(line)
    if line.rstrip().endswith((".", ",", ";")):
        return False
    if chapter:
        return chapter_word(line)
    if after_heading and len(line) <= 80 and (line.isupper() or title_case(line)):
        return True  # the chapter title under "BAB IV" ("HASIL PENELITIAN", "Tinjauan Pustaka")
    section = _SECTION.match(line)
    if section:
        return section.group(2)[:1].isupper()
    return bool(named_part(line)) or lettered_subheading(line)  # "B. Penelitian Terdahulu": a section or a subheading


def _capital_part(line: str) -> bool:
    """A named part's heading in capitals on a line of its own ("ABSTRACT", "DAFTAR PUSTAKA"), or a
    chapter word and number alone ("BAB I", "Bab 4")."""
    if chapter_word(line):
        chapter = chapter_line(line)
        return chapter is not None and not chapter.group(2).strip()
    return line.isupper() and named_part(line) is not None


def _reference_entries(block: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """A Daftar Pustaka block of hard-wrapped lines cut into its entries: a new entry starts after a
    line that ends with a period, on a line that opens like an entry ("Cangara, H. (2014)."). A numbered
    list (Vancouver: "1. ...", "[1] ...") opens its entries with their numbers only: a wrapped line ending
    with the place and year ("Jakarta: Kementerian Kesehatan RI; 2022.") goes on with its entry."""
    numbered = _NUMBERED_ENTRY.match(block[0][0]) is not None
    entries: list[list[tuple[str, int]]] = [[block[0]]]
    for line, offset in block[1:]:
        if entries[-1][-1][0].rstrip().endswith(".") and (
                _NUMBERED_ENTRY.match(line) if numbered else _ENTRY_START.match(line)):
            entries.append([(line, offset)])
        else:
            entries[-1].append((line, offset))
    return entries


def _last_text(blocks: list[_Mapped]) -> _Mapped | None:
    """The last paragraph a page break may have split (footnotes in between are skipped)."""
    for block in reversed(blocks):
        if block.kind == "footnote":
            continue
        return block  # a caption takes the text that goes on under it ("Tabel 4.2 ..." + its paragraph)
    return None


def _page_finder(pages: tuple[tuple[int, int | None], ...]):
    """offset -> printed page (None without a page map)."""
    starts = [offset for offset, _ in pages]

    def page_at(offset: int) -> int | None:
        index = bisect.bisect_right(starts, offset) - 1
        return pages[index][1] if index >= 0 else None

    return page_at


def _map_block(lines: list[tuple[str, int]]) -> _Mapped:
    mapped = _Mapped()
    previous = ""
    for line, offset in lines:
        if mapped.length:
            join = hyphen_join(previous, line)
            if join == "join":  # "ber-" + "alasan": the hyphen goes, no space
                mapped.pop()
            elif join == "space":
                mapped.join_space()
        mapped.append(line, offset)
        previous = line
    return mapped


def _continues(previous: str, following: str) -> bool:
    """True when a page break split one paragraph into ``previous`` and ``following`` (a caption
    always starts its own)."""
    return not CAPTION.match(following.lstrip("*_")) and continues(previous, following)


def _clean(mapped: _Mapped, markers: list[int] | tuple[int, ...] = ()) -> _Mapped:
    """Remove emphasis markers, footnote markers (by original offset) and repeated spaces, keeping
    offsets of what stays."""
    if markers and mapped.length:
        low, high = mapped.offset(0), mapped.offset(mapped.length - 1)
        inside = markers[bisect.bisect_left(markers, low):bisect.bisect_right(markers, high)]
        gone = {i for i in (mapped.index_of(m) for m in inside) if i is not None}
        if gone:
            mapped = mapped.delete(gone)
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
    cleaned.parts = [_ANY_SPACE.sub(" ", cleaned.text)]  # \s is str.isspace(), one character each
    cleaned.kind, cleaned.layout, cleaned.closed = mapped.kind, mapped.layout, mapped.closed
    return _expand_ligatures(cleaned)


# typographic ligatures as a PDF's text layer gives them ("signiﬁkan"): the letters they stand for
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}
_LIGATURE = re.compile("[" + "".join(_LIGATURES) + "]")


def _expand_ligatures(mapped: _Mapped) -> _Mapped:
    """The text with each ligature written out as its letters, all of them mapped to the ligature's offset
    in the original file."""
    text = mapped.text
    if not _LIGATURE.search(text):
        return mapped
    out = _Mapped(kind=mapped.kind, layout=mapped.layout, closed=mapped.closed, breaks=list(mapped.breaks))
    for i, char in enumerate(text):
        out.append(_LIGATURES.get(char, char), mapped.offset(i))
    return out


def _build_section(open_section: _OpenSection, raw: RawDocument, has_structure: bool,
                   page_at: Callable[[int], int | None], markers: list[int]) -> Section:
    paragraphs = []
    cover = has_structure and open_section.heading is None and not open_section.chapter_number \
        and not open_section.named
    for index, block in enumerate(open_section.blocks):
        mapped = _clean(block, markers)
        text = mapped.text
        # a reference entry is quoted whole: "Keating, M. (1999). Regions ..." is one source, not three sentences
        if open_section.kind == "references":
            spans = [(0, len(text))]
        elif cover:  # a title page is lines, not prose: each line is quoted as it stands ("Nama : ...")
            spans = _line_spans(text, mapped, raw.text)
        elif open_section.named and open_section.named[0] in _SIGNATURE_PARTS:
            # a signature page: kept lines (the title, "Disusun oleh:", a name, "NIP ...") around a sentence or two
            spans = _break_at(split_sentences(text), text, _kept_line_starts(text, mapped, raw.text))
        elif mapped.layout == "table":  # a table is rows, each with the lines of its wrapped cells
            spans = _row_spans(text, mapped, raw.text)
        elif mapped.layout == "code":  # a listing is quoted whole, never cut into sentences
            spans = [(0, len(text))]
        else:
            spans = _break_at(split_sentences(text), text, [mapped.index_of(b) for b in block.breaks])
        languages = _languages([text[a:b] for a, b in spans])
        sentences = tuple(
            Sentence(text[a:b], mapped.offset(a), mapped.offset(b - 1) + 1, page_at(mapped.offset(a)), language)
            for (a, b), language in zip(spans, languages)
        )
        start = mapped.offset(0)
        paragraphs.append(Paragraph(text, start, mapped.offset(mapped.length - 1) + 1, sentences, index, page_at(start),
                                    kind=mapped.kind))
    heading = open_section.heading
    chapter = open_section.chapter_number
    page = page_at(open_section.offset)
    language = _language(paragraphs)
    if open_section.named:
        name, kind = open_section.named
        return Section(name, name, name, 0, "", tuple(paragraphs), level=1, kind=kind, page=page, language=language)
    if heading is None:
        if not chapter and has_structure:  # the cover: title, author, university
            return Section(COVER_ID, COVER_ID, "", 0, "", tuple(paragraphs), level=1, kind="cover", page=page,
                           language=language)
        section_id = str(chapter) if chapter else "1"
        return Section(section_id, open_section.chapter_title or raw.doc_id, section_id, chapter,
                       open_section.chapter_title, tuple(paragraphs), level=1, page=page, language=language)
    return Section(heading.canonical, heading.title, heading.printed, chapter, open_section.chapter_title,
                   tuple(paragraphs), level=heading.level, page=page, language=language)


def _text_lines(text: str, mapped: _Mapped, original: str) -> list[tuple[int, int]]:
    """(start, end) of each line of the original file in a paragraph's text (a space that stands for a
    line break ends a line)."""
    lines: list[tuple[int, int]] = []
    start = 0
    for i, char in enumerate(text):
        if char == " " and original[mapped.offset(i)] in "\r\n":
            if text[start:i].strip():
                lines.append((start, i))
            start = i + 1
    if text[start:].strip():
        lines.append((start, len(text)))
    return lines


def _kept_line_starts(text: str, mapped: _Mapped, original: str) -> list[int]:
    """Where a sentence must start in a paragraph of a signature page: after a line in capitals (a title, "NIM
    ...", "NIP ..."), never between two (a title wrapped over lines), and where prose wrapped to the page's width
    follows a short line. A signature's role, name and NIP stay one ("Ketua Program Studi Agribisnis, Dr. Ir. ...,
    NIP ..."): the role says whose name it is."""
    lines = _text_lines(text, mapped, original)
    wrapped = max(_PROSE_LINE, 0.75 * max((b - a for a, b in lines), default=0))
    cuts = []
    for (a0, b0), (a1, b1) in itertools.pairwise(lines):
        before, after = text[a0:b0], text[a1:b1]
        if _no_lower(before) and _no_lower(after):
            continue
        if _no_lower(before) or (b0 - a0 < wrapped <= b1 - a1):
            cuts.append(a1)
    return cuts


def _no_lower(line: str) -> bool:
    """A line in capitals, but for a unit's small letter ("3 kWp"): a tenth of its letters at most."""
    letters = [c for c in line if c.isalpha()]
    return sum(c.islower() for c in letters) <= 0.1 * len(letters)


def _line_spans(text: str, mapped: _Mapped, original: str) -> list[tuple[int, int]]:
    """(start, end) of each line of the original file in a paragraph's text; consecutive lines in capitals
    without a colon are one ("JUDUL YANG" + "PANJANG", "PROGRAM STUDI X" + "FAKULTAS Y" + "2021"), a
    "Nama : X" line is one of its own."""
    lines = _text_lines(text, mapped, original)
    spans: list[tuple[int, int]] = []
    for a, b in lines:
        if spans and _capitals(text[a:b]) and _capitals(text[spans[-1][0]:spans[-1][1]]):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def _row_spans(text: str, mapped: _Mapped, original: str) -> list[tuple[int, int]]:
    """(start, end) of each row of a laid-out table in its paragraph's text: a line right of the row above
    with fewer cells holds that row's wrapped cells and joins it."""
    spans: list[tuple[int, int]] = []
    row = (0, 0)  # column and cells of the last row
    start = 0
    for i in range(len(text) + 1):
        if i < len(text) and not (text[i] == " " and original[mapped.offset(i)] in "\r\n"):
            continue
        if text[start:i].strip() and not rule_line(text[start:i]):  # a rule drawn between rows is no row
            at = mapped.offset(start)
            line_start = max(original.rfind("\n", 0, at), original.rfind("\f", 0, at)) + 1
            line_end = original.find("\n", at)
            column = at - line_start
            cells = cell_count(original[line_start:line_end if line_end >= 0 else len(original)])
            if spans and column > row[0] and cells < row[1]:
                spans[-1] = (spans[-1][0], i)
            else:
                spans.append((start, i))
                row = (column, cells)
        start = i + 1
    return spans


def _capitals(line: str) -> bool:
    """A line in capitals that is no label: a title's colon before its subtitle ("DESCRIPTIVE TEXT: A QUASI-
    EXPERIMENTAL STUDY") keeps it one, a label's ("NIM : 123", "DISUSUN OLEH:") does not."""
    if any(c.islower() for c in line):
        return False
    return ":" not in line or (not _LABEL_START.match(line)
                               and line.count(":") == len(_SUBTITLE_COLON.findall(line)))


def _languages(sentences: list[str]) -> list[str]:
    """The language of each sentence (the question detector's); a sentence of fewer than four words
    ("4.", "Sig.") takes its paragraph's."""
    # the first 200 characters say which language a sentence is in (and keep a 50 MB parse linear and short)
    out = [detect_language(s[:200]) if len(_words(s[:200])) >= 4 else "" for s in sentences]
    known = [x for x in out if x]
    majority = max(("id", "en"), key=known.count) if known else ""
    if not majority:
        joined = " ".join(sentences)
        majority = detect_language(joined) if _words(joined) else ""
    return [x or majority for x in out]


def _words(text: str) -> list[str]:
    """The words of two letters or more the language detector reads."""
    return [w for w in language_words(text) if len(w) > 1]


def _language(paragraphs: list[Paragraph]) -> str:
    """The language most of a section's text is in (by characters)."""
    weight = {"id": 0, "en": 0}
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            if sentence.language in weight:
                weight[sentence.language] += len(sentence.text)
    if not any(weight.values()):
        return ""
    return "en" if weight["en"] > weight["id"] else "id"


def _title_lines(lines: list[tuple[str, int]]) -> bool:
    """Lines that are one chapter title wrapped over them: capitals, the first one long (it wrapped)."""
    texts = [line.strip() for line, _ in lines]
    return all(_looks_like_title(t) and t.isupper() and not named_part(t) for t in texts) and len(texts[0]) >= 30


def _title_goes_on(title: str, line: str, listed: str) -> bool:
    """Whether ``line``, the block after a chapter title, is the title's second line: the Daftar Isi lists the
    two as one title, or (without a listing) both are capitals and the first ran to a line's length or ends on
    a connector ("DAN")."""
    line = line.strip()
    if not _looks_like_title(line) or named_part(line) or chapter_line(line) or CAPTION.match(line) \
            or LETTERED.match(line):
        return False
    joined = normalise(f"{title} {line}")
    if listed:
        return normalise(listed) == joined or normalise(listed).startswith(joined + " ")
    words = title.split()
    return title.isupper() and line.isupper() and bool(words) and (
        len(title) >= 30 or words[-1].lower() in TITLE_CONNECTORS or title.endswith(","))


# A title's colon before its subtitle: glued to a word, a word after it (or the line's end); a title page's labels
_SUBTITLE_COLON = re.compile(r"[^\W\d_]:(?=\s+[^\W\d_]|\s*$)")
_LABEL_START = re.compile(r"^(?:nama|name|nim|npm|nrp|nip|nidn|oleh|disusun|ditulis|diajukan|by|written|submitted|"
                          r"(?:dosen\s+)?pembimbing|supervisors?|advisors?|program|prodi|jurusan|fakultas|faculty)\b",
                          re.IGNORECASE)
# The pages that carry signatures (supervisors, examiners, the head of the programme): kept lines, little prose
_PROSE_LINE = 50  # characters: a line of prose wrapped to the page's width is longer (a signature's line shorter)
_SIGNATURE_PARTS = frozenset({"Lembar Pengesahan", "Lembar Persetujuan", "Halaman Pengesahan", "Halaman Persetujuan"})
_CONTINUED = re.compile(r"\((?:lanjutan|sambungan|continued|cont\.?)\)\s*$", re.IGNORECASE)
_SOURCE_END = re.compile(r"(?:^|\s)(?:Sumber|Source)\s*:[^:]{0,160}$", re.IGNORECASE)


def capital_heading(line: str) -> bool:
    """A heading printed in capitals, unnumbered, on a line of its own ("METODE PENELITIAN", "SIMPULAN DAN SARAN")."""
    line = line.strip()
    words = line.split()
    return 0 < len(words) <= 8 and len(line) <= 60 and line.isupper() and all(w.isalpha() for w in words) \
        and len(line.replace(" ", "")) >= 4


def _titled(line: str) -> str:
    """A capital heading in title case, connectors in lower case ("Hasil Penelitian dan Pembahasan")."""
    words = line.split()
    return " ".join(w if re.fullmatch(r"[IVX]{1,4}", w) and i else w.lower() if i and w.lower() in TITLE_CONNECTORS
                    else w.capitalize() for i, w in enumerate(words))


def _unnumbered_article(blocks: list[list[tuple[str, int]]]) -> bool:
    """A text with no chapter and no numbered heading, whose named front matter (an ABSTRAK) is followed by at least two
    capital headings on lines of their own: the sections of an article, unnumbered."""
    front, capitals = False, 0
    for block in blocks:
        first = block[0][0]
        if chapter_word(first) or (chapter_line(first) and len(block) <= 2) or (
                _SECTION.match(first) and not _SECTION.match(first).group(2).rstrip().endswith((".", ","))):
            return False
        named = named_part(first)
        if named and named[1] != "list":
            front = front or named[1] == "front"
        elif front and len(block) == 1 and capital_heading(first):
            capitals += 1
    return capitals >= 2


def _unnumbered_subheading(line: str, blocks: list[list[tuple[str, int]]], position: int, current: _OpenSection) -> bool:
    """A title-case line of its own with running text under it ("Hasil Siklus I"), inside an unnumbered section."""
    previous = _last_text(current.blocks)
    return plain_subheading(line) and position + 1 < len(blocks) and _running_words(blocks[position + 1][0][0]) \
        and not (previous is not None and previous.kind == "caption" and not _holds_rows(previous))


def _running_words(line: str) -> bool:
    """A line of running text (most of its words in lower case), not a table's row."""
    words = line.split()
    return len(words) >= 4 and sum(w[:1].islower() for w in words) * 2 >= len(words)


def _break_at(spans: list[tuple[int, int]], text: str, cuts: list[int | None]) -> list[tuple[int, int]]:
    """Sentence spans cut again where a sentence must start (``cuts``, positions in ``text``)."""
    points = sorted(c for c in cuts if c is not None)
    if not points:
        return spans
    out = []
    for a, b in spans:
        for c in points:
            if a < c < b:
                end = c
                while end > a and text[end - 1].isspace():
                    end -= 1
                out.append((a, end))
                a = c
        out.append((a, b))
    return out


def _continued_caption(previous: _Mapped) -> bool:
    """A table's caption printed again where the table goes on over a page ("Tabel 4.2 (lanjutan)"): its rows
    follow it."""
    return previous.kind == "caption" and previous.length <= 60 and _CONTINUED.search(previous.text) is not None


def _header_row(previous: _Mapped, following: str) -> bool:
    """A caption whose last line is its table's header row ending in an abbreviation ("Model Koefisien (B)
    Std. Error t hitung Sig."): that period ends no sentence, and the rows under it are the table's."""
    return previous.kind == "caption" and not _holds_rows(previous) and ends_with_abbreviation(previous.tail()) \
        and not _prose(following)


def _holds_rows(previous: _Mapped) -> bool:
    """A caption with its table's rows under it (numbers past its label): the prose after it is no row. A caption
    alone ("Tabel 4.2 Jumlah Wisatawan ...") keeps the paragraph under it, its table's content in running text."""
    if previous.kind != "caption":
        return False
    words = previous.text.split()[2:]  # past "Tabel 4.2"
    return sum(any(c.isdigit() for c in w) for w in words) >= 2


def _prose(text: str) -> bool:
    """A paragraph of running text (a dozen words or more, most in lower case, few numbers, a final stop): what
    follows a table, never one of its rows."""
    words = text.split()
    if len(words) < 12 or not text[:1].isupper() or not ends_sentence(text):
        return False
    numbers = sum(any(c.isdigit() for c in w) for w in words)
    return numbers * 5 < len(words) and sum(w[:1].islower() for w in words) * 2 > len(words)


def _cell_lines(block: list[tuple[str, int]]) -> bool:
    """A caption's block whose lines under it are a table's cells, one a line: six or more, nearly all of three words
    or fewer."""
    cells = [line for line, _ in block[1:]]
    return len(cells) >= 6 and sum(len(line.split()) <= 3 for line in cells) * 10 >= len(cells) * 9


def _opens_prose(text: str) -> bool:
    """The start of a sentence of running text that a page or column break cut short ("Karena ketuntasan klasikal
    telah melampaui 80%" under a table whose cells come one a line): capitalised, most words in lower case, few
    numbers, no end (a whole sentence is ``_prose``); no table's cell, no source line."""
    words = text.split()
    numbers = sum(any(c.isdigit() for c in w) for w in words)
    return text[:1].isupper() and _running_words(text) and numbers * 4 < len(words) and len(words) >= 5 \
        and not ends_sentence(text) and not _SOURCE_LINE.match(text)


def _closed(previous: _Mapped) -> bool:
    """A paragraph that nothing continues: a lettered subheading, or a table caption whose table ends with its
    source line ("Sumber: Data Primer, 2022", no final period)."""
    if previous.closed or (previous.length <= 100 and lettered_subheading(previous.text)):
        return True
    return _SOURCE_END.search(previous.tail(170)) is not None and (previous.kind == "caption" or _rows_text(previous))


def _rows_text(previous: _Mapped) -> bool:
    """Table rows that a page's layout cut from their caption, ending with the table's source line."""
    words = previous.tail(400).split()
    return len(words) >= 6 and sum(any(c.isdigit() for c in w) for w in words) * 3 >= len(words)


def _strip_emphasis_plain(text: str) -> str:
    """A heading's words without Markdown emphasis and with ligatures written out."""
    return _LIGATURE.sub(lambda m: _LIGATURES[m.group(0)], _EMPHASIS.sub(lambda m: m.group(2), text))


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 100 and not line.endswith((".", ",")) and not _SECTION.match(line)


def _document_title(chapters: list[tuple[int, str]], doc_id: str, sections: tuple[Section, ...] = (),
                    front_title: str = "") -> str:
    """The thesis title the title page states; else a lone chapter's heading, a cover paragraph, or
    the file's name."""
    if front_title:
        return front_title
    if len(chapters) == 1:
        number, title = chapters[0]
        return f"BAB {roman(number)} {title}".strip()
    cover = next((s for s in sections if s.kind == "cover"), None)
    if cover:  # the thesis title: the first cover paragraph that is not just "TESIS"
        for paragraph in cover.paragraphs:
            if normalise(paragraph.text) not in _GENERIC_COVER and 10 <= len(paragraph.text) <= 250:
                return paragraph.text
    return Path(doc_id).stem.replace("-", " ").replace("_", " ")
