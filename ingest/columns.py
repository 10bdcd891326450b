"""Lines that are no running text in what `pdftotext -layout` writes: table rows whose cells are set apart
by runs of spaces (with the lines of cells wrapped under them), and code listings. Found by their shape
alone and kept as blocks of their own, so that no row is read as a footnote and no prose is joined to them.
"""

from __future__ import annotations

import re

from ingest.headings import CAPTION

_GAP = re.compile(r" +")
_CELL = re.compile(r" {3,}(?=\S)")
# a line of code in a brace language: it ends a statement or a block, or is a tag or a comment opening
_CODE = re.compile(r"[{}]$|^[{}]|^<\?\w*$|^\?>$|^(?://|/\*|#include\b)")
# a statement ends with ";", and so does an item of a list in running text ("meningkatkan disiplin kerja;"):
# a statement is one token ("exit;") or holds what prose does not (=, $, a call "f(", ->, ::, [, 'quoted')
_STATEMENT = re.compile(r";$")
_CODE_MARK = re.compile(r"[=$\[\]]|\w\(|->|::|'[^' ]+'|^\S+;$")
_LONE_CODE = re.compile(r"^(?:[{}][;)]?|<\?\w*|\?>)$")  # a brace or a tag: code even on its own
# "2.1.3   Faktor yang Memengaruhi ...": a numbered heading whose title starts at a tab stop (Word sets the number
# at the margin and the title at the next stop), its title's words single-spaced: a heading, no row of cells
_TAB_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?( {2,})[^\W\d_]")
# "1.   Identifikasi model: ..." / "a)   ...": a list item whose label is set in a box, its text at the item's indent
# (LaTeX's enumerate; a hanging indent), the item's words justified: an item, no row, when no wide gap follows
_ITEM_LABEL = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|\(\d{1,2}\)|\([a-z]\))( {2,})[^\W\d_]")


_RULE = re.compile(r"^[_=\-─━]{8,}$")


def rule_line(text: str) -> bool:
    """A table's rule drawn with characters ("______", "-------", "======"): a line of them alone."""
    return bool(_RULE.match(text.strip()))


def layout_row(text: str) -> bool:
    """A row of a table laid out with spaces: a gap of three spaces or more, and gaps that differ by two
    spaces or more (justified running text spreads its spaces evenly: gaps differ by one at most), or only
    wide gaps (six spaces or more, wider than justification stretches a line of long words)."""
    if "\t" in text:
        return False
    heading = _TAB_HEADING.match(text.strip()) or _ITEM_LABEL.match(text.strip())
    if heading and max((len(gap) for gap in _GAP.findall(text.strip()[heading.end(1):])), default=1) < 3:
        return False
    gaps = [len(gap) for gap in _GAP.findall(text.strip())]
    if not gaps or max(gaps) < 3:
        return False
    return max(gaps) - min(gaps) >= 2 or min(gaps) >= 6


def code_line(text: str) -> bool:
    """A line of a code listing ("$x = 1;", "} else {", "<?php")."""
    line = text.strip()
    return bool(_CODE.search(line) or _STATEMENT.search(line) and _CODE_MARK.search(line))


def cell_count(line: str) -> int:
    """How many cells a laid-out line holds (runs of three spaces or more part them)."""
    return len(_CELL.findall(line.strip())) + 1


def _cells(text: str, column: int) -> set[int]:
    """Columns where the cells of a laid-out line start."""
    return {column} | {column + match.end() for match in _CELL.finditer(text)}


def segments(lines: list[str], columns: list[int]) -> list[tuple[int, int, str]]:
    """Runs ``(start, end, kind)`` of a block's lines: "table" (laid-out rows, with a caption right above
    them and the lines of wrapped cells, which start where a cell above starts), "code" (three lines or
    more, most of them code, or a block of code lines only: a listing's end on the next page), "" (the rest)."""
    out: list[tuple[int, int, str]] = []
    n = len(lines)
    if n and all(code_line(line) for line in lines) and (n >= 2 or _LONE_CODE.match(lines[0].strip())):
        return [(0, n, "code")]
    i = start = 0
    while i < n:
        end, kind = i, ""
        # a rule over a table's rows (and a caption over that rule) opens the table; the rules between and under
        # its rows are its own, never running text joined to the paragraph after the table
        ruled = rule_line(lines[i]) and _rows_under(lines, i + 1)
        captioned = CAPTION.match(lines[i]) is not None and i + 1 < n and (
            layout_row(lines[i + 1]) or (rule_line(lines[i + 1]) and _rows_under(lines, i + 2)))
        if layout_row(lines[i]) or captioned or ruled:
            kind, end = "table", i + 1
            cells = _cells(lines[i], columns[i]) if not (captioned or ruled) else set()
            left = columns[i + 1] if captioned else columns[i]
            while end < n:
                if rule_line(lines[end]):
                    end += 1
                    continue
                wrapped = any(abs(columns[end] - c) <= 1 for c in cells) and columns[end] > left + 1
                if layout_row(lines[end]) or (wrapped and (end + 1 == n or layout_row(lines[end + 1]))):
                    cells |= _cells(lines[end], columns[end])
                    end += 1
                else:
                    break
            while end > i + 1 and rule_line(lines[end - 1]) and not any(layout_row(x) for x in lines[i:end - 1]):
                end -= 1  # rules alone, no row: no table
        elif code_line(lines[i]):
            end = i + 1
            while end < n and (code_line(lines[end]) or (end + 1 < n and code_line(lines[end + 1]))):
                end += 1
            while end > i and not code_line(lines[end - 1]):
                end -= 1
            if end - i >= 3:
                kind = "code"
        if kind:
            if start < i:
                out.append((start, i, ""))
            out.append((i, end, kind))
            i = start = end
        else:
            i += 1
    if start < n:
        out.append((start, n, ""))
    return out


def _rows_under(lines: list[str], k: int) -> bool:
    """Whether a table's rows start at line ``k``, past its rules."""
    while k < len(lines) and rule_line(lines[k]):
        k += 1
    return k < len(lines) and layout_row(lines[k])
