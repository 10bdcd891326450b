"""PDF -> the plain-text convention the parser reads, with the page of every character.

pypdf extracts the text of each page; its visitor gives each piece's position, size and font, so
lines carry geometry. From that:
- page numbers (a lone "87", "- 87 -", "Halaman 87", "iv" on a page's first or last lines) are
  removed, and the printed arabic number becomes the page that citations show;
- running headers and footers (the same line at the same height on several pages) are removed;
- footnotes (small-print lines at a page's foot starting with their number) leave the text flow and
  come back as paragraphs of their own after the paragraph that refers to them; the markers (small
  raised digits, or ¹²³) are dropped;
- paragraphs are found by vertical gaps, first-line indentation and style changes; a paragraph
  split by a page break is joined again (the next page opens without an indent);
- words hyphenated at a line end are joined ("pengem-" + "bangan"), reduplications keep their
  hyphen ("bidang-" + "bidang").
"""

from __future__ import annotations

import io
import itertools
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from assistant.core.paragraphs import TERMINAL, continues, hyphen_join
from ingest.extracted import Extracted, ExtractionError, TextBuilder
from ingest.headings import APPENDIX_ITEM, CAPTION, CHAPTER, SECTION, looks_like_heading, named_part
from ingest.layout import PAGE_NUMBER, numbered_headers

# a raised marker glued to a word ("persen²"); never a unit's power: a one- or two-letter symbol after a space,
# a number or a slash ("W/m²", "16,4 m²", "cm³")
_SUPERSCRIPTS = re.compile(r"(?<=[^\s\d])(?<![\s/\d(][^\W\d_])(?<![\s/\d(][^\W\d_]{2})(?<!^[^\W\d_])(?<!^[^\W\d_]{2})"
                           r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_SUPERSCRIPT_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_RAISED_DIGITS = str.maketrans("1234567890", "¹²³⁴⁵⁶⁷⁸⁹⁰")
# what a small raised digit follows when it is a power, as in the rule above: a one- or two-letter symbol after a
# space, a number, a slash or a bracket ("(R" "2", "16,4 m" "2", "W/m" "2")
_POWER_BASE = re.compile(r"(?:^|[\s/\d(])[^\W\d_]{1,2}$")
_FOOTNOTE_START = re.compile(r"^(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*)\s*(?=\S)")
EDGE_LINES = 3  # lines at the top and at the foot of a page where headers, footers and numbers live


@dataclass
class _Line:
    text: str
    x: float = 0.0
    y: float = 0.0
    size: float = 0.0  # 0 when the PDF gave no usable geometry
    bold: bool = False
    markers: list[str] = field(default_factory=list)  # footnote numbers dropped from this line


@dataclass(frozen=True)
class _Metrics:
    body_size: float
    margin: float  # x where body lines start
    line_gap: float  # usual distance between two lines of a paragraph
    indent_style: bool  # paragraphs open with an indented first line
    typical_chars: float  # length of a full body line

    def indented(self, line: _Line) -> bool:
        return bool(line.size) and line.x > self.margin + 0.3 * max(line.size, 1.0)


def read_pdf(data: bytes) -> Extracted:
    """Text and page map of a PDF file (raises ExtractionError naming the problem)."""
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise ExtractionError("cannot be read: PDF support needs `pip install pypdf`") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("is password-protected: save an unprotected copy of the PDF")
        pages = [_page_lines(page) for page in reader.pages]
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(
            f"is not a readable PDF ({exc.__class__.__name__}: {str(exc)[:120]}): re-export it from the word "
            "processor (File > Save as PDF) or remove it"
        ) from exc
    _split_numbered_headers(pages)
    numbers = _strip_page_numbers(pages)
    _strip_running_lines(pages)
    metrics = _metrics(pages)
    notes = _footnotes(pages, metrics)
    return _assemble(pages, numbers, notes, metrics)


# ---- lines with geometry --------------------------------------------------------------------------


def _page_lines(page: object) -> list[_Line]:
    """The page's lines, each with the position, size and weight of its first piece of text."""
    pieces: list[tuple[str, float, float, float, bool]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        if not text:
            return
        m = _multiply(tm, cm)
        scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
        name = str((font or {}).get("/BaseFont", ""))
        pieces.append((text, m[4], m[5], float(size) * scale, "bold" in name.lower() or "black" in name.lower()))

    full = page.extract_text(visitor_text=visit) or ""  # type: ignore[attr-defined]
    if "".join(p[0] for p in pieces) != full:  # geometry would not line up: text only
        return [_Line(_clean_line(t)) for t in full.splitlines() if _clean_line(t)]
    lines: list[_Line] = []
    current: _Line | None = None
    for text, x, y, size, bold in pieces:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i > 0 and current is not None:
                lines.append(current)
                current = None
            if not part:
                continue
            if current is None:
                if not part.strip():
                    continue
                current = _Line(part, x, y, size, bold)
            elif _is_marker(part, size, current):
                if _POWER_BASE.search(current.text):  # "(R" + a small "2", "16,4 m" + "2": a power, kept raised
                    current.text += part.strip().translate(_RAISED_DIGITS)
                else:
                    current.markers.append(part.strip())  # a footnote marker: small digits beside full-size text
            else:
                current.text += part
    if current is not None:
        lines.append(current)
    out = []
    for line in lines:
        line.markers += [m.translate(_SUPERSCRIPT_DIGITS) for m in _SUPERSCRIPTS.findall(line.text)]
        line.text = _clean_line(line.text)
        if line.text:
            out.append(line)
    return out


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """Product of two PDF matrices [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _is_marker(text: str, size: float, line: _Line) -> bool:
    stripped = text.strip()
    return (
        bool(stripped) and len(stripped) <= 3 and (stripped.isdigit() or stripped == "*")
        and line.size > 0 and size < 0.85 * line.size and not line.text.endswith(" ")
    )


def _clean_line(text: str) -> str:
    return _SUPERSCRIPTS.sub("", " ".join(text.replace("\u00a0", " ").split()))


# ---- page numbers, running headers and footers ----------------------------------------------------


def _split_numbered_headers(pages: list[list[_Line]]) -> None:
    """A running header and its page's number read as one line ("Judul Skripsi 35": the number printed at the
    right end of the header's line) become two lines, so that the number is the page's and the header is the
    same line on every page, numbered or not (a chapter's first page numbers itself at its foot)."""
    edges = [(p, i) for p, lines in enumerate(pages) for i in sorted({0, 1, len(lines) - 2, len(lines) - 1})
             if 0 <= i < len(lines)]
    split = numbered_headers([pages[p][i].text for p, i in edges])
    for k in sorted(split, reverse=True):
        p, i = edges[k]
        value, at, first = split[k]
        line = pages[p][i]
        words = line.text[at + len(str(value)):].strip() if first else line.text[:at].rstrip()
        pages[p][i:i + 1] = [_Line(words, line.x, line.y, line.size, line.bold, line.markers),
                             _Line(str(value), line.x, line.y, line.size)]


def _strip_page_numbers(pages: list[list[_Line]]) -> list[int | None]:
    """Remove page-number lines; the printed page of every page (None before the first numbered one)."""
    candidates: list[tuple[int, int, int | None]] = []  # (page index, line index, arabic value)
    for p, lines in enumerate(pages):
        edges = sorted({i for i in (0, 1, len(lines) - 2, len(lines) - 1) if 0 <= i < len(lines)})
        for i in edges:
            match = PAGE_NUMBER.match(lines[i].text)
            if match:
                token = match.group(1)
                candidates.append((p, i, int(token) if token.isdigit() else None))
    offsets = Counter(value - p for p, _, value in candidates if value is not None)
    offset, count = offsets.most_common(1)[0] if offsets else (None, 0)
    trusted = offset is not None and (count >= 2 or len(pages) == 1)
    drop: dict[int, set[int]] = {}
    printed: dict[int, int] = {}
    for p, i, value in candidates:
        if value is None:
            edge = i in (0, len(pages[p]) - 1)
            if edge and (offset is None or p + offset < 1):  # roman numbers: front matter
                drop.setdefault(p, set()).add(i)
        elif trusted and value - p == offset and p not in printed:
            drop.setdefault(p, set()).add(i)
            printed[p] = value
    for p, indices in drop.items():
        pages[p][:] = [line for i, line in enumerate(pages[p]) if i not in indices]
    if not printed:
        return [p + 1 for p in range(len(pages))]
    assert offset is not None
    return [p + offset if p + offset >= 1 else None for p in range(len(pages))]


def _strip_running_lines(pages: list[list[_Line]]) -> None:
    """Remove lines repeated at the same height near the top or foot of several pages."""
    if len(pages) < 2:
        return
    needed = 2 if len(pages) <= 4 else 3
    seen: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        keys = {_running_key(line) for line in _edges(lines)}
        seen.update(keys)
    running = {key for key, count in seen.items() if count >= needed}
    if not running:
        return
    kept_chapter_lines: set[str] = set()
    for lines in pages:
        edges = {id(line) for line in _edges(lines)}
        out = []
        for line in lines:
            key = _running_key(line)
            if id(line) in edges and key in running:
                # a running chapter title stays once: it may be the chapter's own heading
                if CHAPTER.match(line.text) and key[0] not in kept_chapter_lines:
                    kept_chapter_lines.add(key[0])
                    out.append(line)
                continue
            out.append(line)
        lines[:] = out


def _edges(lines: list[_Line]) -> list[_Line]:
    if len(lines) <= 2 * EDGE_LINES:
        return list(lines)
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def _running_key(line: _Line) -> tuple[str, int]:
    """A line's shape at its height: its numbers are any number (a header with its page's number, "Halaman 31 dari
    96"), but a chapter line's number is which chapter it is: "BAB 2", "BAB 3" alone at the top of their chapters'
    first pages are headings, while a running header naming its chapter repeats the same number."""
    text = line.text.lower()
    return (text if CHAPTER.match(line.text) else re.sub(r"\d+", "#", text)), round(line.y / 4)


# ---- footnotes ------------------------------------------------------------------------------------


def _footnotes(pages: list[list[_Line]], metrics: _Metrics) -> list[dict[str, str]]:
    """Each page's footnotes by number (removed from its lines). A footnote that a page ends without
    finishing goes on in the small print that opens the next page's foot, before any numbered note
    ("... di pedesaan umumnya" + "masih terbatas pada ternak ruminansia ..."): that text is the
    footnote's, never the body's."""
    out: list[dict[str, str]] = []
    open_note: tuple[dict[str, str], str, float] | None = None  # (its page's notes, its number, its print size)
    for lines in pages:
        notes, lead, size = _take_footnotes(lines, metrics, open_note[2] if open_note else 0.0)
        if lead and open_note is not None:
            owner, number, _ = open_note
            owner[number] = _join_lines(owner[number], lead)
            if owner[number].endswith(TERMINAL):
                open_note = None
        if notes:
            last = list(notes)[-1]
            open_note = None if notes[last].endswith(TERMINAL) else (notes, last, size)
        elif not lead:
            open_note = None
        out.append(notes)
    return [{n: t if t.endswith(TERMINAL) else t + "." for n, t in notes.items() if t} for notes in out]


def _take_footnotes(lines: list[_Line], metrics: _Metrics,
                    open_size: float = 0.0) -> tuple[dict[str, str], str, float]:
    """Remove the small-print footnotes at a page's foot. Returns their texts by number; the text of a
    footnote going on from the page before (``open_size``: one was left open, printed that size), which is
    all the small print before the first numbered note when it is of that size; and the notes' print size."""
    if not metrics.body_size:
        return {}, "", 0.0
    small = len(lines)
    while small > 0 and 0 < lines[small - 1].size < 0.9 * metrics.body_size:
        small -= 1
    start = small
    while start < len(lines) and not _FOOTNOTE_START.match(lines[start].text):
        start += 1  # small print that is not a footnote (a table, a caption) stays
    going_on = lines[small:start] if open_size and 0 < small < start and all(
        abs(line.size - open_size) < 0.3 for line in lines[small:start]) else []
    if not going_on and small < start < len(lines):
        start = _past_rows(lines, small, start)
    if start == 0 or (start >= len(lines) and not going_on):
        return {}, "", 0.0
    notes: dict[str, str] = {}
    number = ""
    size = 0.0
    for line in lines[start:]:
        match = _FOOTNOTE_START.match(line.text)
        if match:
            number = match.group(0).strip().translate(_SUPERSCRIPT_DIGITS)
            notes[number] = line.text[match.end():]
            size = line.size
        else:
            notes[number] = _join_lines(notes[number], line.text)
    lead = ""
    for line in going_on:
        lead = _join_lines(lead, line.text) if lead else line.text
    del lines[small if going_on else start:]
    return notes, lead, size


def _past_rows(lines: list[_Line], small: int, start: int) -> int:
    """Where the footnotes start when small print that is no footnote opens the page's foot (a table at the
    bottom of the page): numbered lines that go on from it at its own line spacing are its rows ("5 Juni 2023
    5,84 14,37 ..."); a footnote starts after a wider gap."""
    step = statistics.median(a.y - b.y for a, b in itertools.pairwise(lines[small:]))
    k = start
    while k < len(lines) and not (_FOOTNOTE_START.match(lines[k].text) and lines[k - 1].y - lines[k].y > 1.3 * step):
        k += 1
    return k


# ---- paragraphs -----------------------------------------------------------------------------------


def _metrics(pages: list[list[_Line]]) -> _Metrics:
    lines = [line for page in pages for line in page if line.size]
    if not lines:
        chars = [len(line.text) for page in pages for line in page]
        return _Metrics(0.0, 0.0, 0.0, False, statistics.median(chars) if chars else 60.0)
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    body = [line for line in lines if abs(line.size - body_size) < 0.6]
    margin = Counter(round(line.x) for line in body).most_common(1)[0][0]
    gaps = []
    indents = 0
    for page in pages:
        for a, b in itertools.pairwise(page):
            gap = a.y - b.y
            if abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6 and 0 < gap < 3 * body_size:
                gaps.append(gap)
            if abs(a.size - body_size) < 0.6 and margin + 0.3 * body_size < a.x < margin + 6 * body_size \
                    and abs(b.x - margin) < 1.5:
                indents += 1
    line_gap = statistics.median(gaps) if gaps else body_size * 1.2
    typical = statistics.median(len(line.text) for line in body) if body else 60.0
    return _Metrics(body_size, float(margin), line_gap, indents >= 1, float(typical))


def _assemble(pages: list[list[_Line]], numbers: list[int | None], notes: list[dict[str, str]],
              m: _Metrics) -> Extracted:
    """Write the pages' lines as paragraphs; a footnote follows the paragraph that cites it (or, when
    its marker was not found, the last paragraph of its page)."""
    builder = TextBuilder()
    block: list[tuple[_Line, int]] = []  # (line, page index)
    references = False

    def note(index: int, number: str, numbered: bool = False) -> None:
        text = notes[index].pop(number, None)
        if text:
            builder.set_page(numbers[index])
            # a note whose marker was not seen (a plain glued digit, "persen.3") keeps its number, so that
            # the parser can pair the two and drop the marker
            builder.write(f"{number} {text}" if numbered and number.isdigit() else text)
            builder.paragraph_break()

    def flush(done: int) -> None:
        """End the open paragraph; pages before ``done`` are finished."""
        if block:
            _write_block(builder, [(line, numbers[i]) for line, i in block])
            builder.paragraph_break()
            for line, i in block:
                for number in line.markers:
                    note(i, number)
            block.clear()
        for i in range(done):
            for number in list(notes[i]):
                note(i, number, numbered=True)

    previous: _Line | None = None
    for index, lines in enumerate(pages):
        for position, line in enumerate(lines):
            if previous is None:
                new = True
            elif position == 0:
                new = not _continues_page(previous, line, m, references)
            else:
                new = _starts_block(previous, line, m, references, opened=len(block) == 1)
            if new:
                flush(index)
            named = named_part(line.text)
            if named or CHAPTER.match(line.text):
                references = bool(named) and named[1] == "references"
            block.append((line, index))
            previous = line
    flush(len(pages))
    return builder.build()


def _write_block(builder: TextBuilder, block: list[tuple[_Line, int | None]]) -> None:
    """One paragraph: its lines joined by newlines (or de-hyphenated), each on its page."""
    segments: list[list] = []  # [text, page]
    heading = _heading_lines(block)
    for line, page in block:
        if segments:
            joined = _join_lines(segments[-1][0], line.text).replace("\n", " ") if heading else \
                _join_lines(segments[-1][0], line.text)
            segments[-1][0] = joined[: len(joined) - len(line.text)]
        segments.append([line.text, page])
    for text, page in segments:
        builder.set_page(page)
        builder.write(text)


def _join_lines(previous: str, following: str) -> str:
    """Two lines of one paragraph: a word hyphenated at the line end is joined again."""
    join = hyphen_join(previous, following)
    if join == "join":
        return previous[:-1] + following  # "pengem-" + "bangan"
    if join == "keep":
        return previous + following  # "bidang-" + "bidang", "Bogor-" + "Kisarazu"
    return previous + "\n" + following


def _starts_block(previous: _Line, line: _Line, m: _Metrics, references: bool, opened: bool) -> bool:
    """Whether ``line`` opens a new paragraph (or heading) after ``previous`` on the same page;
    ``opened``: ``previous`` is the first line of its block (so it may be a heading)."""
    terminal = previous.text.endswith(TERMINAL)
    if _heading(line.text) and (terminal or (opened and _heading(previous.text)) or line.bold):
        return True
    if opened and _heading(previous.text):
        return not _title_goes_on(previous, line, m)
    if not m.body_size or not line.size:
        return terminal and len(previous.text) < 0.7 * m.typical_chars
    gap = previous.y - line.y
    if gap > 1.2 * m.line_gap or gap < -0.5 * m.line_gap:
        return True
    if abs(previous.size - line.size) > 0.6 or previous.bold != line.bold:
        return True
    if references:  # hanging indent: an entry starts at the margin after an indented line; two lines at
        # the margin are cut by the parser where the second opens like an entry ("Rahayu, S. (2019).")
        return not m.indented(line) and m.indented(previous)
    if m.indented(line) and not m.indented(previous):
        return True
    return not m.indent_style and terminal and len(previous.text) < 0.7 * m.typical_chars


def _title_goes_on(heading: _Line, line: _Line, m: _Metrics) -> bool:
    """Whether ``line`` is the second line of a numbered heading's title that wrapped ("4.2.2.1 Hubungan
    Pengetahuan Ibu dengan Kelengkapan" + "Imunisasi Dasar pada Bayi"): bold as the heading, its size, at its
    left edge, one line below it."""
    if not (heading.bold and line.bold and heading.size and line.size and m.line_gap):
        return False
    gap = heading.y - line.y
    return bool(SECTION.match(heading.text)) and abs(heading.size - line.size) < 0.3 \
        and abs(heading.x - line.x) < 0.5 * line.size and 0 < gap <= 1.2 * m.line_gap \
        and not heading.text.endswith((".", ",", ";", ":")) and not _heading(line.text) \
        and not APPENDIX_ITEM.match(line.text) and len(line.text) < 100 and line.text[:1].isupper()


def _heading_lines(block: list[tuple[_Line, int | None]]) -> bool:
    """A numbered heading and the bold lines its title wrapped to: written as one line."""
    return len(block) > 1 and bool(SECTION.match(block[0][0].text)) and all(line.bold for line, _ in block)


def _continues_page(previous: _Line, line: _Line, m: _Metrics, references: bool) -> bool:
    """Whether the first line of a page goes on with the paragraph that ended the page before."""
    if _heading(line.text) or _heading(previous.text) or CAPTION.match(line.text) or APPENDIX_ITEM.match(line.text):
        return False  # a heading, a caption or an appendix item ("Appendix 3. The Students' Scores") opens its page
    if m.body_size and line.size and (abs(previous.size - line.size) > 0.6 or previous.bold != line.bold):
        return False
    if references:
        return m.indented(line)
    if m.indent_style and line.size:
        return not m.indented(line)
    return continues(previous.text, line.text)


def _heading(text: str) -> bool:
    return looks_like_heading(text) or bool(CAPTION.match(text) and len(text) < 120)
