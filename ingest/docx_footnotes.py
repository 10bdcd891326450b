"""Word footnotes (``word/footnotes.xml``) in the plain-text convention the parser reads.

A thesis written in Word keeps its footnotes in a part of their own; the body holds only a
``w:footnoteReference`` where each is cited. The loader writes them the way text extracted from a printed
page shows them, which ``ingest.layout`` already separates: the marker's digits glued after the cited word
("persen.3 Selain", then dropped from the text) and the footnote as a line of its own opening with the same
number ("3 Ibid., hlm. 45."), right after the paragraph that cites it. The parser then keeps the footnote as
a note of that paragraph's section (paragraph kind "footnote"), never inside a sentence.

Markers are numbered 1, 2, ... in the order they are cited (as Word prints them); the number is only how
marker and footnote find each other, the parser keeps neither. A marker goes where the layout reads a
marker: right after the cited word or its punctuation; where the layout would not read one there (after a
number, "hlm. 45.", or after a year closing a paragraph, "Tahun 2011."), after the nearest word of the same
paragraph that it reads, since the footnote is placed after the whole paragraph anyway. A footnote opening
in lower case ("lihat ...") is capitalised (a note is a sentence of its own). A footnote cited in a caption
follows the caption's table. A footnote no place fits (cited in a heading) is a paragraph of its own after
the paragraph, without number.
"""

from __future__ import annotations

import re

from ingest.columns import layout_row
from ingest.layout import FOOTNOTE_LINE, MARKER_BEFORE, SYMBOL_INDEX, TABLE_HEAD, YEAR_BEFORE, is_heading_line

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PUNCTUATION = ".,;:!?)”\"’"
_WORD_END = re.compile(r"[^\W\d_]{2}(?=\s|$)")


def read_footnotes(document: object) -> dict[str, str]:
    """Footnote id -> its text (one line, spaces collapsed) from the footnotes part; separators (ids -1
    and 0, typed) are no footnotes. A file without the part has none."""
    element = None
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if not rel.is_external and rel.reltype.endswith("/footnotes"):
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is None:
                from lxml import etree

                try:
                    element = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False))
                except etree.XMLSyntaxError:
                    return {}
    if element is None:
        return {}
    notes: dict[str, str] = {}
    for note in element.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") not in (None, "normal"):
            continue
        pieces = []
        for node in note.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            pieces.append(node.text or "" if node.tag == f"{_W}t" else " ")
        text = " ".join("".join(pieces).split())
        if text:
            notes[note.get(f"{_W}id", "")] = text
    return notes


def marker_fits(flat: str, q: int) -> bool:
    """Whether ``ingest.layout`` reads digits inserted at ``q`` of a paragraph's text as a footnote marker
    (the same tests, on the same line)."""
    start = flat.rfind("\n", 0, q) + 1
    end = flat.find("\n", q)
    line = flat[start:] if end < 0 else flat[start:end]
    at = q - start
    if not at or line[at - 1].isspace() or line[at - 1].isdigit() or (line[at:at + 1] and not line[at].isspace()):
        return False
    if not MARKER_BEFORE.search(line, max(0, at - 5), at) or SYMBOL_INDEX.search(line, max(0, at - 2), at):
        return False
    year = YEAR_BEFORE.search(line, max(0, at - 6), at)
    if line[at - 1] in ".," and not year and at >= 2 and line[at - 2].isdigit():
        return False
    return not (year and not line[at:].lstrip()[:1].isupper())


def marker_spot(flat: str, cited: int, taken: set[int]) -> int | None:
    """Where the marker of a footnote cited at ``cited`` goes: there or after the punctuation closing the
    word, else after the nearest word before it, else after one and after it; None when nothing fits."""
    spots = [cited]
    k = cited
    while k < len(flat) and k - cited < 3 and flat[k] in _PUNCTUATION:
        k += 1
        spots.append(k)
    spots += [m.end() for m in reversed(list(_WORD_END.finditer(flat, 0, cited)))]
    spots += [m.end() for m in _WORD_END.finditer(flat, cited)]
    for q in spots:
        if q not in taken and q - 1 not in taken and q + 1 not in taken and marker_fits(flat, q):
            return q
    return None


def note_fits(number: int, text: str, last_line: str) -> bool:
    """Whether ``ingest.layout`` reads "number text" after a paragraph ending with ``last_line`` as the
    footnote (a capital first, no heading, no table row, not under a table's heading row)."""
    line = f"{number} {text}"
    return bool(FOOTNOTE_LINE.match(line)) and not is_heading_line(line) and not layout_row(line) \
        and not TABLE_HEAD.match(last_line)
