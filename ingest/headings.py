"""What thesis headings look like: chapters (BAB VI), numbered sections (6.1), named parts (ABSTRAK,
DAFTAR ISI, DAFTAR PUSTAKA), captions (Tabel 4.2) and Daftar Isi entries. Shared by the parser and
the PDF loader."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.structure import NAMED_PARTS
from assistant.text import roman, roman_value  # noqa: F401 - re-exported for the parser

CHAPTER = re.compile(r"^BAB\s+([IVXLC]+|\d+)\b[\s.:\-–—]*(.*)$", re.IGNORECASE)
SECTION = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+([^\W\d_][^\n]{0,150})$")
CAPTION = re.compile(r"^(Tabel|Gambar|Grafik|Diagram|Bagan|Skema|Table|Figure|Fig\.|Chart)\s+(\d+(?:\.\d+)*)\b", re.IGNORECASE)
# English labels and their Indonesian form, so "Table 4.2" finds "Tabel 4.2".
LABEL_FORMS = {"table": "tabel", "figure": "gambar", "fig.": "gambar", "chart": "grafik"}

# Named parts of a thesis (assistant.structure.NAMED_PARTS): normalised heading -> (section id, kind).
# "list" parts (Daftar Isi, Daftar Tabel ...) are read for structure and never indexed as content.
NAMED: dict[str, tuple[str, str]] = {
    name.lower(): (name, kind) for kind, names in NAMED_PARTS.items() for name in names
}
CONTENTS_NAMES = {"daftar isi", "table of contents", "contents"}

# "6.1 Kesimpulan ....... 87" (dot leaders), or "6.1 Kesimpulan 87" (Word's tab, read as a space);
# front-matter pages are lower-case roman numbers ("ii"), so "BAB I" is never an entry.
_TOC_LINE = re.compile(
    r"^(?P<head>.*?[^\s.·…_])\s*(?:[.·…_]\s*){2,}(?P<page>\d{1,4}|[ivxlc]{1,7}|[IVXLC]{1,7})$"
    r"|^(?P<head2>.*?[^\d\s])\s+(?P<page2>\d{1,4}|[ivxlc]{1,7})$",
)
_TOC_HEADER = {"halaman", "hal", "hal.", "page", "pages", "judul", "isi"}


def normalise(text: str) -> str:
    """Lower case, single spaces, no trailing colon or period: for comparing headings."""
    return " ".join(text.replace("*", "").replace("_", " ").split()).lower().rstrip(":. ")


def named_part(line: str) -> tuple[str, str] | None:
    """(section id, kind) when a line is the heading of a named part ("DAFTAR PUSTAKA")."""
    return NAMED.get(normalise(line)) if len(line) <= 40 else None


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a Daftar Isi: a chapter, a numbered section or a named part, and its page."""

    kind: str  # chapter | section | named | other
    number: str  # "6.1", the chapter number as digits ("6"), or ""
    title: str
    page: str  # as printed ("87", "ii")


def contents_entry(line: str) -> ContentsEntry | None:
    """A Daftar Isi line ("6.1 Kesimpulan ........ 87"), or None when the line is not one."""
    line = line.strip()
    match = _TOC_LINE.match(line)
    bare_chapter = CHAPTER.match(line)
    if not match or (bare_chapter and not bare_chapter.group(2).strip()):
        return None
    head = (match.group("head") or match.group("head2") or "").strip()
    page = match.group("page") or match.group("page2") or ""
    if not head:
        return None
    chapter = CHAPTER.match(head)
    if chapter:
        return ContentsEntry("chapter", str(roman_value(chapter.group(1))), chapter.group(2).strip(), page)
    section = re.match(r"^(\d+(?:\.\d+)+)\.?\s+(.+)$", head)
    if section:
        return ContentsEntry("section", section.group(1), section.group(2).strip(), page)
    if named_part(head):
        return ContentsEntry("named", "", head, page)
    return ContentsEntry("other", "", head, page)


def is_contents_filler(line: str) -> bool:
    """Column headers inside a Daftar Isi ("Halaman")."""
    return normalise(line) in _TOC_HEADER


def looks_like_heading(line: str) -> bool:
    """A chapter, numbered-section or named-part heading line (for the PDF loader's block breaks)."""
    line = line.strip()
    if named_part(line) or (CHAPTER.match(line) and len(line) < 80):
        return True
    match = SECTION.match(line)
    return bool(match) and len(line) < 90 and not line.rstrip().endswith((".", ",", ";"))
