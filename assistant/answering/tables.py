"""A follow-up's answer read off a table: a table written out as text (one sentence of rows, each a label
and its numbers), the previous answer's cell in it, and the cell the follow-up moves to -- another row, another
column, the row that negates the answered one, the row keyed by the value given instead, or the same cell of
another table whose caption names what it newly asks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answering.analysis import AnalysedQuestion
from assistant.answering.spans import SHARE_WORDS, Span, answered_in_order
from assistant.core.language import sentence_language
from assistant.core.numbers import parse_digits
from assistant.core.text import NEGATIONS, content_words, index_terms, words
from assistant.core.types import Chunk
from assistant.generators.base import Evidence, Passage

# A cell of a table written out as text: a number alone ("92,3", "-0,297", "1.500", "12%"); a code glued to
# letters ("P1", "X2", "(X1)") or bracketed ("(500)") is part of a row's label or the header.
_CELL = re.compile(r"[-−]?\d+(?:[.,]\d+)*%?")
_HEADER_NUMBER = re.compile(r"(?<![\w.,-])\d+(?:[.,]\d+)*(?![\w]|[.,]\d)")
TABLE_LABEL = re.compile(r"^\s*(?:Tabel|Table)\s+\d+(?:\.\d+)*\.?\s*", re.IGNORECASE)
# The words that negate a table row's label ("Belum tuntas", "Tidak lengkap", "Not passed", "Non ASI"): the
# language's negators, and "non" written apart from its word
ROW_NEGATIONS = NEGATIONS | {"non"}
MAX_ROW_LABEL = 6  # words of a table row's label: longer runs are prose, not a row
MIN_CELLS = 2  # numbers a row needs to be read as a table's row


@dataclass(frozen=True)
class _Row:
    label: str
    cells: tuple[tuple[int, int], ...]  # (start, end) of each number of the row, in order


@dataclass(frozen=True)
class _Table:
    """A sentence read as a table's rows (its caption's label cut off: "Tabel 4.3" is no row)."""

    item: Evidence
    offset: int  # where the rows' text starts in the sentence
    rows: tuple[_Row, ...]
    language: str

    @property
    def text(self) -> str:
        return self.item.sentence.text[self.offset:]

    def value(self, cell: tuple[int, int]) -> float | None:
        return parse_digits(self.text[cell[0]:cell[1]].lstrip("-−"), self.language)

    def span(self, cell: tuple[int, int], score: float) -> Span:
        text = self.item.sentence.text[self.offset + cell[0]:self.offset + cell[1]]
        return Span(text, "number", Evidence(self.item.passage, self.item.sentence, max(score, self.item.score)))


def table_rows(text: str) -> list[_Row]:
    """``text`` read as the rows of a table written out in one line ("Kelangsungan hidup (%) 92,3 88,7 76,4
    Bobot akhir (g) 48,6 42,1 35,8"): each run of words is a row's label, the numbers after it its cells."""
    rows: list[_Row] = []
    label: list[str] = []
    cells: list[tuple[int, int]] = []
    for match in re.finditer(r"\S+", text):
        token = match.group(0).rstrip(".,;:")
        if _CELL.fullmatch(token):
            cells.append((match.start(), match.start() + len(token)))
            continue
        if cells:
            rows.append(_Row(" ".join(label), tuple(cells)))
            label, cells = [], []
        label.append(match.group(0))
    rows.append(_Row(" ".join(label), tuple(cells)))
    return rows


def _table(item: Evidence) -> _Table:
    text = item.sentence.text
    rest = TABLE_LABEL.sub("", text)
    rows = tuple(r for r in table_rows(rest) if r.label or r.cells)  # (rows opening with their number have none)
    return _Table(item, len(text) - len(rest), rows, item.sentence.language or sentence_language(text))


def table_span(*, analysis: AnalysedQuestion, evidence: list[Evidence], passages: Sequence[Passage],
               adjacent: Callable[[Chunk, int], Chunk | None] | None = None) -> Span | None:
    """A follow-up that asks the previous question of another row, column or table ("Kalau bobot
    akhirnya?" after the survival rate of P2, "And at 1,500 fish/m³?" after the rate at 500, "And the
    coefficient of supervisor support?" after workload's, "And of the current sensor?" after the voltage
    sensor's mean error): the cell that held the previous answer's value, moved to the row whose label names
    what the follow-up newly asks, to the column whose header gives the value it gives, or to the same row
    and column of the table whose caption names what it newly asks. ``passages`` are every retrieved passage
    (a table's rows are often ranked below its caption); ``adjacent(chunk, step)`` is the chunk ``step``
    places from ``chunk`` in its section, or None (a caption holds the header of the rows after it)."""
    if not analysis.follow_up or analysis.qtype not in ("number", "duration"):
        return None
    answered = answered_in_order(analysis)
    if not answered:
        return None
    before = set(content_words(analysis.previous_question))
    new = {f for t in analysis.specific_words if t.word not in before and t.judged for f in t.forms}
    new |= set(analysis.new_forms)
    given = set(analysis.numbers)
    share = bool({t.word for t in analysis.terms} & SHARE_WORDS) or "%" in analysis.question
    top = evidence[0].score if evidence else 0.0
    seen: set[tuple[str, int]] = set()
    tables: list[_Table] = []
    for item in [*evidence, *(Evidence(p, s, 0.0) for p in passages for s in p.chunk.sentences)]:
        key = (item.passage.chunk.doc_id, item.sentence.start)
        if key not in seen:
            seen.add(key)
            tables.append(_table(item))
    keys = _changed_keys(analysis.question, analysis.previous_question)
    if keys:
        for table in _with_rows_after(tables, adjacent):
            moved = _keyed_cell(table, answered, *keys)
            if moved is not None and not (share and not _share_cell(table, moved)):
                return table.span(moved, top)
    for table in tables:
        found = _answered_cell(table, answered)
        if found is None:
            continue
        row, column = found
        moved = _other_row(table, row, column, new)
        if moved is None and _negates(analysis.question) and not _negates(analysis.previous_question):
            moved = _negated_row(table, row, column)
        header = _caption_text(table.item.passage.chunk, adjacent) or table.rows[0].label
        if moved is None and given:
            moved = _other_column(table, row, column, header, given)
        if moved is None and new:
            moved = _named_column(table, row, column, header, new, _initials(analysis.question))
        if moved is not None and not (share and not _share_cell(table, moved)):
            return table.span(moved, top)
        if moved is not None:
            continue  # (a count where a share is asked)
        other = _other_table(table, row, column, new, passages, adjacent)
        if other is not None and not (share and not _share_cell(other[0], other[1])):
            return other[0].span(other[1], top)
    return None


def _answered_cell(table: _Table, answered: list[float]) -> tuple[_Row, int] | None:
    """The row and column of the cell stating a value the previous answer gave, in a table of two rows or more."""
    rows = [r for r in table.rows if len(r.cells) >= MIN_CELLS]
    if len(rows) < 2:
        return None
    found = [(answered.index(value), row, j) for i, row in enumerate(rows)
             if row.label and not (i and len(row.label.split()) > MAX_ROW_LABEL)  # (the first may carry the header)
             for j, cell in enumerate(row.cells) if (value := table.value(cell)) in answered]
    if not found:
        return None
    _, row, column = min(found, key=lambda entry: entry[0])  # the value the previous answer gave first
    return row, column


def _other_row(table: _Table, row: _Row, column: int, new: set[str]) -> tuple[int, int] | None:
    """The same column of the row whose label names what the follow-up newly asks (and the answered row's not)."""
    if not new or new & set(index_terms(row.label)):
        return None
    for other in table.rows:
        if (other is not row and other.label and len(other.cells) > column and len(other.label.split()) <= MAX_ROW_LABEL
                and new & set(index_terms(other.label))):
            return other.cells[column]
    return None


def _changed_keys(question: str, previous: str) -> tuple[float, float] | None:
    """The whole number (a year, a code) a follow-up gives in place of the one its previous question gave
    ("Kalau tahun 2019?" after "... pada tahun 2018?"): (old, new), or None unless exactly one each."""
    now = {w for w in words(question) if w.isdigit()}
    before = {w for w in words(previous) if w.isdigit()}
    old, new = before - now, now - before
    return (float(old.pop()), float(new.pop())) if len(old) == 1 and len(new) == 1 else None


def _with_rows_after(tables: list[_Table], adjacent: Callable[[Chunk, int], Chunk | None] | None) -> list[_Table]:
    """The tables, each caption followed by the rows of the chunk after it (often not retrieved itself)."""
    out = list(tables)
    seen = {t.item.passage.chunk.chunk_id for t in tables}
    for table in tables:
        chunk = table.item.passage.chunk
        following = adjacent(chunk, 1) if adjacent is not None and chunk.kind == "caption" else None
        if following is not None and following.chunk_id not in seen:
            seen.add(following.chunk_id)
            passage = Passage(following, table.item.passage.score, table.item.passage.rank)
            out += [_table(Evidence(passage, sentence, 0.0)) for sentence in following.sentences]
    return out


def _keyed_cell(table: _Table, answered: list[float], old: float, new: float) -> tuple[int, int] | None:
    """In rows keyed by a value ("2018 18.500 370 2019 41.200 824"), the cell as far after the new key as the
    previous answer's is after the old key: "Kalau tahun 2019?" after "... tahun 2018?" - "18.500"."""
    cells = [cell for row in table.rows for cell in row.cells]
    values = [table.value(cell) for cell in cells]
    at_old, at_new = [i for i, v in enumerate(values) if v == old], [i for i, v in enumerate(values) if v == new]
    if len(at_old) != 1 or len(at_new) != 1:
        return None
    step = abs(at_new[0] - at_old[0])
    offsets = [(answered.index(values[at_old[0] + k]), k) for k in range(1, step)
               if at_old[0] + k < len(values) and values[at_old[0] + k] in answered]
    if not offsets:
        return None
    target = at_new[0] + min(offsets)[1]  # the value the previous answer gave first ("Enam ..., dari 48 ...": 6)
    return cells[target] if target < len(cells) else None


def _negates(question: str) -> bool:
    """The question asks the negation of the previous one ("How many didn't?", "Kalau yang belum?")."""
    return any(w in NEGATIONS or w.endswith(("n't", "n’t")) for w in words(question))


def _negated_row(table: _Table, row: _Row, column: int) -> tuple[int, int] | None:
    """The same column of the row that negates the answered one ("Belum tuntas 11" after "Tuntas 14"): what a
    follow-up that asks the negation wants ("How many didn't?", "Kalau yang tidak?")."""
    last = row.label.split()[-1].lower()
    for other in table.rows:
        words_of = other.label.lower().split()
        if (other is not row and len(words_of) >= 2 and words_of[-1] == last and words_of[-2] in ROW_NEGATIONS
                and len(other.cells) > column):
            return other.cells[column]
    return None


def _other_column(table: _Table, row: _Row, column: int, header: str, given: set[float]) -> tuple[int, int] | None:
    """The same row's cell under the header that gives the value the follow-up gives ("P3 (1.500)"), when the
    header's numbers are one a column."""
    values = [parse_digits(m.group(0), table.language) for m in _HEADER_NUMBER.finditer(TABLE_LABEL.sub("", header))]
    if len(values) != len(row.cells):
        return None
    wanted = [j for j, v in enumerate(values) if v in given]
    return row.cells[wanted[0]] if len(wanted) == 1 and wanted[0] != column else None


# A table header's column with its unit: "E AC (kWh)", "PR (%)", "P3 (1.500)": the name is the words before the
# bracket (at most two: the caption's title runs into the first one)
_UNIT_COLUMN = re.compile(r"((?:[^\s()]+\s+)?[^\s()]+)\s*\([^()]*\)")


def _named_column(table: _Table, row: _Row, column: int, header: str, new: set[str], initials: set[str]
                  ) -> tuple[int, int] | None:
    """The same row's cell under the header column the follow-up names ("Berapa performance ratio ...?" over
    "E AC (kWh) PR (%)": by its words or their initials), the header's bracketed columns being the row's last cells."""
    names = [m.group(1) for m in _UNIT_COLUMN.finditer(TABLE_LABEL.sub("", header))]
    if len(names) < 2 or len(row.cells) < len(names):
        return None
    first = len(row.cells) - len(names)
    if column < first:
        return None
    wanted = [k for k, name in enumerate(names) if new & set(index_terms(name))
              or name.split()[-1].lower() in initials]
    if len(wanted) != 1 or first + wanted[0] == column:
        return None
    return row.cells[first + wanted[0]]


def _initials(question: str) -> set[str]:
    """The initials of each run of two or three of the question's words ("performance ratio" -> "pr"), as a
    table header abbreviates a column's name."""
    found = [w for w in words(question)]
    return {"".join(w[0] for w in found[i:i + n]) for n in (2, 3) for i in range(len(found) - n + 1)}


def _other_table(table: _Table, row: _Row, column: int, new: set[str], passages: Sequence[Passage],
                 adjacent: Callable[[Chunk, int], Chunk | None] | None) -> tuple[_Table, tuple[int, int]] | None:
    """The same row (by its label) and column of another table whose caption names what the follow-up newly
    asks and the answered table's does not ("Tabel 4.2 ... sensor arus" after "Tabel 4.1 ... sensor tegangan")."""
    if not new or adjacent is None or new & set(index_terms(_caption_text(table.item.passage.chunk, adjacent)
                                                             or table.item.sentence.text)):
        return None
    label = row.label.lower()
    for passage in passages:
        chunk = passage.chunk
        if chunk.kind != "caption" or chunk.chunk_id == table.item.passage.chunk.chunk_id \
                or not new & set(index_terms(chunk.text)):
            continue
        following = adjacent(chunk, 1)
        holders = [(passage, s) for s in chunk.sentences]
        if following is not None:
            holders += [(Passage(following, passage.score, passage.rank), s) for s in following.sentences]
        for holder, sentence in holders:
            other = _table(Evidence(holder, sentence, 0.0))
            match = next((r for r in other.rows if r.label.lower() == label and len(r.cells) > column), None)
            if match is not None:
                return other, match.cells[column]
    return None


def _caption_text(chunk: Chunk, adjacent: Callable[[Chunk, int], Chunk | None] | None) -> str:
    """The caption right before ``chunk`` in its section (the header of the rows ``chunk`` holds), or ""."""
    before = adjacent(chunk, -1) if adjacent is not None else None
    return before.text if before is not None and before.kind == "caption" else ""


def _share_cell(table: _Table, cell: tuple[int, int]) -> bool:
    """The cell is a percentage: written with "%", or in a row whose label says so ("Kelangsungan hidup (%)")."""
    row = next((r for r in table.rows if cell in r.cells), None)
    label = row.label.lower() if row else ""
    return table.text[cell[0]:cell[1]].endswith("%") or "%" in label or "persen" in label or "percent" in label
