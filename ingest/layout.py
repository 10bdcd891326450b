"""Page furniture in text that came out of a PDF (a .txt export, or what a loader extracted):
page-number lines, numbers glued to the next line, running headers and footers, footnotes.

Works on lines that remember their offset in the original file. What it finds is removed from the
text flow, never rewritten: page numbers become the page map (offset -> printed page), footnote
lines come back as blocks of their own after the paragraph that cites them, and the glued marker
digits ("persen.3 Selain") are returned as offsets for the parser to delete.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from assistant.core.text import roman_value
from ingest.columns import layout_row
from ingest.headings import CHAPTER, SECTION, bare_chapter_line, chapter_line, chapter_word, named_part

PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?\s*(?:(?:halaman|hal\.?|page|p\.)\s*)?(\d{1,4}|[ivxlc]{1,7})\s*(?:(?:/|dari|of)\s*\d{1,4})?"
    r"\s*[-–—)\]]?$",
    re.IGNORECASE,
)
_GLUED_PAGE = re.compile(r"^(\d{1,4})\s+(?=\S)")
# an arabic page number as OCR reads a scan: a letter for a digit ("l2", "1O"; l and I for 1, O for 0), at least
# one real digit; taken only when it counts pages with its neighbours, as every number is
_OCR_PAGE = re.compile(r"^[-–—(\[]?\s*((?=[lIoO]*\d)[\dlIoO]{2,4})\s*[-–—)\]]?$")
_OCR_DIGITS = str.maketrans("lIoO", "1100")
# a footnote marker glued to a word or to its punctuation: "persen.3 Selain", "kebijakan12 yang"
# digits ending a word; then checked: a letter (and punctuation) right before, or a year and its period
_MARKER = re.compile(r"\d{1,3}(?!\S)")
MARKER_BEFORE = re.compile(r"[^\W\d_][.,;:!?)”\"’]{0,2}$|\d{4}\.$")  # 'itu".8', "persen.3", "2020.2"
# a symbol's index, not a marker: digits right after a one-letter word ("O1 X O2" in a research design, "X1", "P3")
SYMBOL_INDEX = re.compile(r"(?:^|[^\w.,;:!?)”\"’])[^\W\d_]$")
TABLE_HEAD = re.compile(r"^(?:No\.?|Nomor)\s+\S|^(?:Tabel|Table)\s+\d", re.IGNORECASE)
YEAR_BEFORE = re.compile(r"(?<!\d)\d{4}\.$")
FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(?=[A-Z\"“'(\[])")
_NOTE_REACH = 12_000  # characters from a marker to its footnote (a page and a bit)


@dataclass
class Line:
    """A non-blank line (stripped) and the offset of its first character; ``kind`` is "" for text,
    "heading" for a Markdown heading, "footnote" for a footnote's lines, "blank" for a blank line."""

    text: str
    offset: int
    kind: str = ""
    feed: bool = False  # a form feed comes before it (pdftotext ends every page with one)


@dataclass
class Layout:
    """The text's lines without page furniture, and what was learned from it."""

    lines: list[Line]
    pages: list[tuple[int, int | None]] = field(default_factory=list)  # (offset, printed page), ascending
    drop: set[int] = field(default_factory=set)  # offsets of footnote-marker digits to delete
    footnotes: list[tuple[int, list[Line]]] = field(default_factory=list)  # (marker offset, footnote lines)


def page_layout(lines: list[Line], paged: bool) -> Layout:
    """Strip page numbers and running lines (unless a loader already did: ``paged``), and footnotes."""
    layout = Layout(lines)
    if not paged:
        _pages(layout)
    _footnotes(layout)
    return layout


# ---- page numbers, running headers and footers ------------------------------------------------------


def _value(token: str) -> tuple[int, bool]:
    """(value, is arabic) of a printed page number."""
    return (int(token), True) if token.isdigit() else (roman_value(token.upper()), False)


def _pages(layout: Layout) -> None:
    """Find the page breaks: page-number lines (at a page's foot they close it, at its top they open
    it), numbers glued to the first line of a page ("40 antara ..."), running headers and footers;
    remove them and keep the printed page of every stretch of text."""
    lines, headers, heads = _numbered_headers(layout.lines)
    layout.lines = lines
    candidates: list[tuple[int, int, bool]] = []  # (line index, value, arabic)
    for i, line in enumerate(lines):
        match = PAGE_NUMBER.match(line.text) if not line.kind else None
        if match and (match.group(1).isdigit() or match.group(1).islower()):
            value, arabic = _value(match.group(1))
            if value:
                candidates.append((i, value, arabic))
        elif not match and not line.kind and (ocr := _OCR_PAGE.match(line.text)):
            value = int(ocr.group(1).translate(_OCR_DIGITS))
            if value:
                candidates.append((i, value, True))
    numbers = _in_sequence(_near_feeds(lines, candidates))
    chapter_headers = _chapter_headers(lines, numbers)
    running = _running(lines, numbers, headers) | chapter_headers | _fed_headers(lines, numbers) | heads
    if not numbers and not running:
        return
    glued = _glued(lines, numbers)
    top = bool(numbers) and _numbers_on_top(lines, numbers)
    furniture = set(numbers) | running
    footers = _footers(lines, running, numbers, glued, chapter_headers)
    # walk the breaks in reading order: [offset where a page starts, its number, set by a number]
    pages: list[list] = [[0, None, False]]
    last_break = -2  # index of the line that made the last break
    for i, line in enumerate(lines):
        if i in numbers:
            value, arabic = numbers[i]
            page = value if arabic else -1  # -1: a roman-numbered page (front matter)
            if _opens_page(lines, i, furniture, footers, top):
                if last_break == i - 1 or not _text_since(lines, pages[-1][0], i):
                    pages[-1][1:] = [page, True]
                else:
                    pages.append([line.offset, page, True])
            elif _text_since(lines, pages[-1][0], i) or len(pages) == 1:
                if not pages[-1][2]:
                    pages[-1][1:] = [page, True]
                elif arabic and pages[-1][1] == value - 1:
                    # the page before was numbered at its top and ended with no furniture; this one opens a
                    # chapter or a part (numbered at its foot): it starts at that heading
                    opener = _part_opening(lines, pages[-1][0], i)
                    if opener is not None:
                        pages.append([lines[opener].offset, page, True])
                pages.append([_next_offset(lines, i), None, False])
            else:  # a footer already ended the page: the number is the page's before it
                if not pages[-2][2]:
                    pages[-2][1:] = [page, True]
                pages[-1][0] = max(pages[-1][0], _next_offset(lines, i))
            last_break = i
        elif i in running:
            if last_break != i - 1 and _text_since(lines, pages[-1][0], i):
                pages.append([_next_offset(lines, i), None, False])
            else:
                pages[-1][0] = max(pages[-1][0], _next_offset(lines, i))
            last_break = i
        elif i in glued:
            value = glued[i]
            if _text_since(lines, pages[-1][0], i):
                pages.append([line.offset, value, True])
            else:
                pages[-1][1:] = [value, True]
            cut = _GLUED_PAGE.match(line.text)
            assert cut is not None
            lines[i] = Line(line.text[cut.end():], line.offset + cut.end(), line.kind)
        elif line.feed and not line.kind and last_break != i - 1 and _text_since(lines, pages[-1][0], i):
            # a form feed (pdftotext's page end) before a page that prints no number and no header (a chapter's
            # first page in many theses): a page of its own, numbered from its neighbours
            pages.append([line.offset, None, False])
            last_break = i
    _fill(pages)
    layout.pages = [(offset, None if page is None or page < 0 else page) for offset, page, _ in pages]
    layout.lines = [line for i, line in enumerate(lines) if i not in numbers and i not in running]


_NUMBER_AFTER = re.compile(r"^(.*?\S)\s+(\d{1,4})$")
_NUMBER_GLUED = re.compile(r"^(.*?[^\d\s])(\d{1,4})$")  # a header that fills its line touches its number
_NUMBER_BEFORE = re.compile(r"^(\d{1,4})\s+(\S.*)$")


def numbered_headers(texts: list[str]) -> dict[int, tuple[int, int, bool]]:
    """The lines that are a running header with its page's number on the line ("Judul Skripsi ... 12", "12 Judul
    Skripsi"): the same words on three lines or more, their numbers rising. By line index: (the number, where it
    starts in the line, whether it comes first)."""
    found: dict[tuple[str, bool], list[tuple[int, int, int]]] = {}  # (words, number first) -> (line, number, at)
    for i, text in enumerate(texts):
        for pattern, first in ((_NUMBER_AFTER, False), (_NUMBER_GLUED, False), (_NUMBER_BEFORE, True)):
            match = pattern.match(text)
            words = match.group(2 if first else 1) if match else ""
            if match and 10 <= len(words) <= 120 and _WORD.search(words) and not SECTION.match(words):
                number = match.group(1 if first else 2)
                at = match.start(1 if first else 2)
                found.setdefault((" ".join(words.lower().split()), first), []).append((i, int(number), at))
    split: dict[int, tuple[int, int, bool]] = {}
    for (_, first), hits in found.items():
        values = [value for _, value, _ in hits]
        if len(hits) >= 3 and all(a < b for a, b in itertools.pairwise(values)):
            split.update({i: (value, at, first) for i, value, at in hits})
    return split


def _numbered_headers(lines: list[Line]) -> tuple[list[Line], set[str], set[int]]:
    """A running header printed with its page's number on its line ("Judul Skripsi ... 12", "12 Judul Skripsi",
    as a text extractor joins them) made two lines, the header and the number, which the page walk reads as it
    reads a header over its number: the same words on three lines or more, their numbers rising, or a page's first
    line set apart from its number by a run of spaces, when such numbers count the pages (``_page_heads``). Also
    the repeated headers' running keys (the same header printed without a number, on a chapter's first page, is
    one too), and the indices (in the lines returned) of the page heads, which are running lines wherever read."""
    split = numbered_headers([line.text if not line.kind else "" for line in lines])
    heads = {i: (value, at, False) for i, (value, at) in _page_heads(lines).items() if i not in split}
    if not split and not heads:
        return lines, set(), set()
    out: list[Line] = []
    keys: set[str] = set()
    fed: set[int] = set()
    for i, line in enumerate(lines):
        if i not in split and i not in heads:
            out.append(line)
            continue
        value, at, first = split[i] if i in split else heads[i]
        number = Line(str(value), line.offset + at)
        if first:
            rest = line.text.find(" ", at) + 1
            rest += len(line.text[rest:]) - len(line.text[rest:].lstrip())
            out += [Line(str(value), line.offset, feed=line.feed), Line(line.text[rest:], line.offset + rest)]
        else:
            out += [Line(line.text[:at].rstrip(), line.offset, feed=line.feed), number]
        if i in heads:
            fed.add(len(out) - 2)
        else:
            keys.add(_running_key(out[-1].text if first else out[-2].text))
    return out, keys, fed


_PAGE_HEAD = re.compile(r"^(\S.*?\S)\s{2,}(\d{1,4})$")


def _page_heads(lines: list[Line]) -> dict[int, tuple[int, int]]:
    """A page's first line (after a form feed) that ends, past a run of spaces, in its page's number, even one
    printed once: LaTeX sets the chapter's running head on even pages and the section's, with its number, on odd
    ones, the page number at the right margin ("BAB 2. LANDASAN TEORI      6", "2.2. MODEL ARIMA      5"). Taken
    when such numbers count the pages: a number less its page's place in the file is the same for at least three
    of them (a table's row that happens to open a page and end in a number is off that count). By line index:
    (the number, where it starts in the line)."""
    found: list[tuple[int, int, int, int]] = []  # (line index, number, where it starts, number less page place)
    place = 1
    for i, line in enumerate(lines):
        if line.feed:
            place += 1
        match = _PAGE_HEAD.match(line.text) if line.feed and not line.kind else None
        if match and 3 <= len(match.group(1)) <= 120 and _WORD.search(match.group(1)):
            value = int(match.group(2))
            found.append((i, value, match.start(2), value - place))
    counts: dict[int, int] = {}
    for *_, shift in found:
        counts[shift] = counts.get(shift, 0) + 1
    return {i: (value, at) for i, value, at, shift in found if counts[shift] >= 3}


def _fed_headers(lines: list[Line], numbers: dict[int, tuple[int, bool]]) -> set[int]:
    """A page's first line (after a form feed) with the page's number right under it: its header, even one seen
    once (alternating headers in a short excerpt); never a heading."""
    out: set[int] = set()
    for i in numbers:
        before = _neighbour(lines, i, -1)
        if before is None or not lines[before].feed or lines[i].feed or before in numbers:
            continue
        text = lines[before].text
        if 10 <= len(text) <= 120 and _WORD.search(text) and not chapter_line(text) and not SECTION.match(text) \
                and not named_part(text):
            out.add(before)
    return out


def _part_opening(lines: list[Line], start: int, end: int) -> int | None:
    """The first chapter heading or named part heading ("BAB II", "DAFTAR PUSTAKA") after the first line
    of the page that starts at offset ``start``, before line ``end``."""
    first = bisect.bisect_left(lines, start, key=lambda line: line.offset)
    for k in range(first + 1, end):
        line = lines[k]
        if not line.kind and ((chapter_word(line.text) and CHAPTER.match(line.text)) or named_part(line.text)):
            return k
    return None


def _opens_page(lines: list[Line], i: int, furniture: set[int], footers: set[int], top: bool) -> bool:
    """Whether the page-number line ``i`` opens its page (printed at the top) or closes it: a number
    after a running footer, or between text and a running line (or the file's end), closes it; one
    after a running header (or at the file's start) and before text opens it; otherwise the file's
    habit (``top``) decides. A form feed right before or after the number settles it first."""
    before, after = _neighbour(lines, i, -1), _neighbour(lines, i, 1)
    if lines[i].feed or (after is not None and lines[after].feed):  # a form feed says where the page breaks
        return lines[i].feed
    if before is not None and lines[before].feed:
        return True  # the page opens with one line (a running header, alternating ones too), its number under it
    if before in footers:
        return False
    edge_before = before is None or before in furniture
    edge_after = after is None or after in furniture
    if edge_before != edge_after:
        return edge_before
    return top and not edge_before


def _footers(lines: list[Line], running: set[int], numbers: dict[int, tuple[int, bool]],
             glued: dict[int, int], chapter_headers: frozenset[int] | set[int] = frozenset()) -> set[int]:
    """The running lines that close their pages (footers). A running line opens its page (a header)
    when a page number comes right before it (the page above ended there) or right after it with the
    page's text following (a number at the top). A repeated line is a footer when it does so at most
    half the time, or when it sits before a page edge (a number, another running line, the file's
    end) more often than after one. The running lines naming their chapter (``chapter_headers``) are one
    line whose text changes with the chapter, judged together."""
    groups: dict[str, list[int]] = {}
    for i in running:
        groups.setdefault("\0chapter" if i in chapter_headers else _running_key(lines[i].text), []).append(i)
    edge = set(numbers) | running
    stats = []
    for indices in groups.values():
        opens = edge_after = edge_before = after_foot = over_number = 0
        for i in indices:
            before, after = _neighbour(lines, i, -1), _neighbour(lines, i, 1)
            edge_before += before is None or before in edge
            edge_after += after is None or after in edge
            over_number += after in numbers
            if before in numbers or after in glued:
                opens += 1
                above = _neighbour(lines, before, -1) if before in numbers else None
                after_foot += above is not None and above not in edge
            elif after in numbers:
                following = _neighbour(lines, after, 1)
                opens += following is not None and following not in edge
        stats.append((indices, opens, edge_after, edge_before, after_foot, over_number * 2 > len(indices)))
    # headers that alternate (the thesis title over odd pages, the chapter over even ones) share the evidence of
    # the chapter pages: together they follow a chapter page's foot number as often as one header would
    shared = sum(after_foot for *_, after_foot, over in stats if over)
    out: set[int] = set()
    for indices, opens, edge_after, edge_before, after_foot, over in stats:
        # a header over its page's number is before an edge (the number) more often than after one; it is told
        # from a footer by the pages that open a chapter: their number closes them at the foot, then this line
        # opens the next page, whose number follows it
        header = over and (after_foot >= 2 or (after_foot >= 1 and shared >= 2))
        if opens * 2 <= len(indices) or (edge_after > edge_before and not header):
            out.update(indices)
    return out


def _neighbour(lines: list[Line], i: int, step: int) -> int | None:
    """The index of the nearest non-blank line before (step -1) or after (step 1) line ``i``."""
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].kind != "blank":
            return j
        j += step
    return None


def _text_since(lines: list[Line], offset: int, i: int) -> bool:
    """Whether a text line lies between ``offset`` and line ``i``."""
    for j in range(i - 1, -1, -1):
        if lines[j].offset < offset:
            return False
        if lines[j].kind != "blank":
            return True
    return False


def _next_offset(lines: list[Line], i: int) -> int:
    return lines[i + 1].offset if i + 1 < len(lines) else lines[i].offset + len(lines[i].text)


def _fill(pages: list[list]) -> None:
    """Pages without a printed number get their neighbour's plus or minus one."""
    for k in range(1, len(pages)):
        if pages[k][1] is None and pages[k - 1][1] is not None and pages[k - 1][1] > 0:
            pages[k][1] = pages[k - 1][1] + 1
    for k in range(len(pages) - 2, -1, -1):
        if pages[k][1] is None and pages[k + 1][1] is not None and pages[k + 1][1] > 1:
            pages[k][1] = pages[k + 1][1] - 1


def _glued(lines: list[Line], numbers: dict[int, tuple[int, bool]]) -> dict[int, int]:
    """Numbers glued to the line that opens their page: the page the sequence skips ("39", then
    "40 antara ...", then "41")."""
    out: dict[int, int] = {}
    arabic = sorted((i, v) for i, (v, a) in numbers.items() if a)
    for k, (i, value) in enumerate(arabic):
        end = arabic[k + 1][0] if k + 1 < len(arabic) else len(lines)
        following = arabic[k + 1][1] if k + 1 < len(arabic) else None
        if following is not None and following <= value + 1:
            continue
        for j in range(i + 1, end):
            match = _GLUED_PAGE.match(lines[j].text) if not lines[j].kind else None
            if match and int(match.group(1)) == value + 1 and not _decimal(lines[j].text):
                out[j] = value + 1
                break
    return out


def _decimal(text: str) -> bool:
    return bool(re.match(r"^\d+[.,]\d", text))


_FEED_REACH = 4  # lines: a page's number is among its first or last few lines (header, footnotes, footer beside it)


def _near_feeds(lines: list[Line], candidates: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """In text whose pages end with form feeds (pdftotext), the candidates among a page's first or last few lines: a
    number alone on a line in the middle of a page is a table's cell ("Siswa belum tuntas" over "19", "10", "3",
    one cell a line), never its page's number, even when it happens to count with the pages around it."""
    feeds = [i for i, line in enumerate(lines) if line.feed]
    if not feeds:
        return candidates
    edges = [0, *feeds, len(lines)]  # a page starts at a feed's line; the file's start and end are edges too
    out = []
    for candidate in candidates:
        i = candidate[0]
        k = bisect.bisect_right(edges, i)
        start, end = edges[k - 1], edges[k] if k < len(edges) else len(lines)
        if i - start < _FEED_REACH or end - i <= _FEED_REACH:
            out.append(candidate)
    return out


def _in_sequence(candidates: list[tuple[int, int, bool]]) -> dict[int, tuple[int, bool]]:
    """The candidates that count pages: each one's value fits a neighbour's (one more per page, or
    two when a page between put its number elsewhere)."""
    accepted: dict[int, tuple[int, bool]] = {}
    for k, (i, value, arabic) in enumerate(candidates):
        for m in range(max(0, k - 3), min(len(candidates), k + 4)):
            if m == k:
                continue
            _, other, other_arabic = candidates[m]
            step = other - value
            if other_arabic == arabic and (m - k) * step > 0 and abs(m - k) <= abs(step) <= 2 * abs(m - k):
                accepted[i] = (value, arabic)
                break
    return accepted


def _numbers_on_top(lines: list[Line], accepted: dict[int, tuple[int, bool]]) -> bool:
    """Whether page numbers open their pages (else they close them): the file starts with one and
    does not end with one."""
    first, last = min(accepted), max(accepted)
    opens = all(line.kind == "blank" for line in lines[:first])
    closes = all(line.kind == "blank" for line in lines[last + 1:])
    return opens and not closes


def _running(lines: list[Line], numbers: dict[int, tuple[int, bool]], headers: set[str] = frozenset()) -> set[int]:
    """Lines repeated beside page numbers (running headers and footers), and every line of a header that was
    printed with its number on its line (``headers``); a repeated chapter heading stays once (it may be the
    chapter's own heading)."""
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        # a header or footer has words: a table's rows of numbers ("2019 12.654 6,3") repeat their shape
        if not line.kind and 10 <= len(line.text) <= 120 and i not in numbers and not SECTION.match(line.text) \
                and _WORD.search(line.text):
            where.setdefault(_running_key(line.text), []).append(i)
    out: set[int] = set()
    for key, indices in where.items():
        if key in headers:
            out.update(indices)
            continue
        if len(indices) < 3 or _footnotes_alike(lines, indices, numbers):
            continue
        # rows of one shape, most of them right under each other ("18 - 25 tahun", "26 - 35 tahun"): a table's rows,
        # no page's furniture (a running line is printed once a page)
        if sum(1 for a, b in itertools.pairwise(indices) if b - a == 1) * 2 >= len(indices) - 1:
            continue
        beside = sum(1 for i in indices if _beside_number(lines, i, numbers))
        if beside * 2 < len(indices):
            continue
        chapter = bool(CHAPTER.match(lines[indices[0]].text))
        out.update(indices[1:] if chapter else indices)
    return out


_WORD = re.compile(r"[^\W\d_]{3}")


def _footnotes_alike(lines: list[Line], indices: list[int], numbers: dict[int, tuple[int, bool]]) -> bool:
    """Lines of one shape that open with numbers that do not count pages: footnotes citing one source again
    ("3 Hasibuan, Op. Cit., hlm. 45.", "9 Hasibuan, Op. Cit., hlm. 60."), never a running line. A running line
    with its page's number glued to it ("12 Judul Skripsi") counts one or two a page, and has no page number of
    its own beside it."""
    leads = [FOOTNOTE_LINE.match(lines[i].text) for i in indices]
    if not all(leads):
        return False
    values = [int(m.group(1)) for m in leads if m]
    if len(set(values)) < 2:
        return False
    own_number = all(any(j in numbers and numbers[j][0] != value for j in range(i - 3, i + 4))
                     for i, value in zip(indices, values))
    return own_number or any(not 1 <= b - a <= 2 for a, b in itertools.pairwise(values))


def _chapter_headers(lines: list[Line], numbers: dict[int, tuple[int, bool]]) -> set[int]:
    """A running header that names the chapter it is printed in ("BAB I PENDAHULUAN" over the even pages
    of BAB I, the thesis title over the odd ones): a chapter line beside a page number, inside the chapter
    it names (the chapter line before it has its number). A short chapter shows it once or twice, too
    few times to be found as a repeated line."""
    out: set[int] = set()
    current = None  # the number of the last chapter line read (a Daftar Isi lists them all in order)
    for i, line in enumerate(lines):
        match = chapter_line(line.text) if not line.kind and chapter_word(line.text) else None
        if not match:
            continue
        number = roman_value(match.group(1).upper()) if not match.group(1).isdigit() else int(match.group(1))
        beside = any(j in numbers for j in (i - 2, i - 1, i + 1, i + 2))  # a page number on top, or at the foot
        if number == current and match.group(2).strip() and beside and not re.search(r"\.{3,}|\s\d{1,4}$", line.text):
            out.add(i)
        current = number
    return out


def _beside_number(lines: list[Line], i: int, numbers: dict[int, tuple[int, bool]]) -> bool:
    if _neighbour(lines, i, 1) is None:
        return True  # the file's last line: the foot of the last page
    for j in (i - 2, i - 1, i + 1, i + 2):
        if j in numbers or (0 <= j < len(lines) and _GLUED_PAGE.match(lines[j].text) and not _decimal(lines[j].text)):
            return True
    return False


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


# ---- footnotes ------------------------------------------------------------------------------------


def _footnotes(layout: Layout) -> None:
    """Footnote lines ("3 Badan Pusat Statistik. (2018).") whose number a glued marker earlier in the
    text announced ("15 persen.3 Selain"): moved out of the text; the marker digits are dropped.
    Footnotes are numbered in order, so only the next number counts (a table row "1 Hendra ..." after
    footnote 3 is a row; "P1" is no marker of footnote 4). A chapter may start its own numbering at 1;
    an excerpt may start at any number."""
    lines = layout.lines
    expected = 0  # 0: any number (the first footnote seen)
    new_chapter = False
    pending: dict[int, list[int]] = {}  # marker number -> offsets of its digits, not yet matched
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = FOOTNOTE_LINE.match(line.text) if not line.kind else None
        number = int(match.group(1)) if match else 0
        if match and number in pending and line.offset - pending[number][0] > _NOTE_REACH:
            del pending[number]
        # in order (one may have been missed), or 1 again in a new chapter; never a table's row
        in_order = not expected or expected <= number <= expected + 1 or (number == 1 and new_chapter)
        row = (bool(out) and TABLE_HEAD.match(out[-1].text) is not None) or layout_row(line.text)
        if match and in_order and not row and number in pending and not is_heading_line(line.text):
            new_chapter = False
            digits = pending.pop(number)
            expected = number + 1
            layout.drop.update(digits)
            note = [Line(line.text[match.end():], line.offset + match.end(), "footnote")]
            i += 1
            while i < len(lines) and not lines[i].kind and not FOOTNOTE_LINE.match(lines[i].text) \
                    and not note[-1].text.endswith(".") and not is_heading_line(lines[i].text) \
                    and not layout_row(lines[i].text):
                note.append(Line(lines[i].text, lines[i].offset, "footnote"))
                i += 1
            layout.footnotes.append((digits[0], note))
            continue
        if not line.kind and chapter_word(line.text) and CHAPTER.match(line.text):
            new_chapter = True
        if not line.kind:
            for marker in _MARKER.finditer(line.text):
                at = marker.start()
                if not at or line.text[at - 1].isdigit() or not MARKER_BEFORE.search(line.text, max(0, at - 5), at) \
                        or SYMBOL_INDEX.search(line.text, max(0, at - 2), at):
                    continue
                if line.text[at - 1] in ".," and not YEAR_BEFORE.search(line.text, max(0, at - 6), at):
                    if at >= 2 and line.text[at - 2].isdigit():
                        continue  # a decimal or thousands group ("3.5", "12.654")
                year = YEAR_BEFORE.search(line.text, max(0, at - 6), at)
                if year and not line.text[marker.end():].lstrip()[:1].isupper():
                    continue
                value = int(marker.group(0))
                if not expected or expected <= value <= expected + 9 or (value == 1 and new_chapter):
                    start = line.offset + at
                    pending[value] = list(range(start, start + len(marker.group(0))))
        out.append(line)
        i += 1
    layout.lines = out


def is_heading_line(text: str) -> bool:
    """A chapter or section heading line, never a footnote ("3 HASIL DAN PEMBAHASAN" after "P3")."""
    return bool(CHAPTER.match(text) or SECTION.match(text) or bare_chapter_line(text))
