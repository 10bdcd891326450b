"""Does the evidence contradict the question's premise? The question's own particulars (its names,
numbers and dates) are looked for in the evidence an answer would quote: a particular the evidence
does not state, while the rest of the question is well matched, means the thesis says something
else in that place ("Why did the court grant the full Rp 100,000,000?" over "the court granted
Rp 15,000,000"). A number that counts a noun must count the same noun there: "three cycles" is not
stated by a text that counts "dua siklus" and "tiga kelompok". Whether that is a false premise or a
loose match is decided with thresholds fitted on the dev split (``assistant.answering.tuning``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.analysis import AnalysedQuestion
from assistant.core.numbers import DATE, quantities, read_date
from assistant.core.text import QUESTION_WORDS, content_words, index_terms, stopwords, words
from assistant.generators.base import Evidence, Passage

PASSAGES_READ = 2  # a particular absent from the quotes but in one of these best passages is not absent
COUNTED_WINDOW = 3  # a number counts the noun written at most this many words after it ("tiga siklus")
_CAPITALISED = re.compile(r"(?<![\w#])[#]?[A-Z][\w-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*)$")


@dataclass(frozen=True)
class Premise:
    """The question's particulars and which of them the evidence does not state."""

    particulars: tuple[str, ...]  # names, numbers and dates written in the question
    absent: tuple[str, ...]  # those the quoted evidence does not state (in any form the index knows)
    matched: float  # share of the question's other content words found in the quoted evidence
    written: tuple[str, ...] = ()  # the absent particulars as the question writes them, to say so

    @property
    def absent_share(self) -> float:
        """Share of the particulars the evidence does not state (0 when there are none)."""
        return len(self.absent) / len(self.particulars) if self.particulars else 0.0


def check_premise(*, analysis: AnalysedQuestion, evidence: Sequence[Evidence], passages: Sequence[Passage] = ()
                  ) -> Premise:
    """The question's names, numbers and dates, and which of them the evidence sentences lack (and,
    when ``passages`` are given, the best of those passages too: the thesis does not say it nearby)."""
    question = analysis.question
    texts = [e.sentence.text for e in evidence] + [p.chunk.text for p in passages[:PASSAGES_READ]]
    present_terms: set[str] = set()
    values: set[float] = set()
    counted: list[tuple[float, set[str]]] = []  # each number of the texts and the words right after it
    dates: list[tuple[int, int | None]] = []
    for text in texts:
        present_terms.update(index_terms(text))
        for language in ("id", "en"):
            for q in quantities(text, language):
                values.add(q.value)
                counted.append((q.value, set(index_terms(" ".join(words(text[q.end:])[:COUNTED_WINDOW])))))
        for match in DATE.finditer(text):
            date = read_date(match.group(0))
            if date is not None:
                dates.append((date.year, date.month))
    particulars: list[str] = []
    absent: list[str] = []
    covered: list[tuple[int, int]] = []  # character ranges of the question already read as a particular
    for match in DATE.finditer(question):
        date = read_date(match.group(0))
        if date is None:
            continue
        covered.append(match.span())
        particulars.append(match.group(0))
        if not any(year == date.year and (date.month is None or month in (None, date.month)) for year, month in dates):
            absent.append(match.group(0))
    refs = set(analysis.section_refs)
    for quantity in quantities(question, analysis.language):
        span = (quantity.start, quantity.end)
        text = question[quantity.start:quantity.end]
        if _overlaps(span, covered) or text in refs or any(text in r for r in refs):
            continue
        if quantity.words and quantity.value <= 1:  # "which one", "salah satu": a pronoun more than a count
            continue
        covered.append(span)
        particulars.append(text)
        if quantity.value not in values or _counts_otherwise(quantity.value, _counted_noun(question, quantity.end,
                                                                                            analysis), counted):
            absent.append(text)
    names: dict[str, re.Match[str]] = {}  # each capitalised word of the question (lower-cased) -> where it is
    for match in _CAPITALISED.finditer(question):
        if _overlaps(match.span(), covered) or _SENTENCE_START.search(question[:match.start()]):
            continue
        word = match.group(0).lstrip("#").lower()
        if word in QUESTION_WORDS or word in stopwords():
            continue
        names.setdefault(word, match)
    by_word = {t.word: t for t in analysis.terms if t.own}
    shown: list[tuple[int, int]] = []  # the absent names as written, neighbours joined ("Sumpah Pemuda")
    for word, match in sorted(names.items(), key=lambda item: item[1].start()):
        term = by_word.get(word)
        forms = term.forms if term is not None else frozenset(index_terms(word))
        particulars.append(word)
        if not forms & present_terms:
            absent.append(word)
            if shown and not question[shown[-1][1]:match.start()].strip():
                shown[-1] = (shown[-1][0], match.end())
            else:
                shown.append(match.span())
    written = [a for a in absent if a not in names] + [question[start:end] for start, end in shown]
    name_words = set(names)
    quoted: set[str] = set()
    for item in evidence:
        quoted.update(index_terms(item.sentence.text))
    rest = [t for t in analysis.terms if t.own and t.judged and t.word not in name_words]
    matched = sum(bool(t.forms & quoted) for t in rest) / len(rest) if rest else 1.0
    return Premise(tuple(particulars), tuple(absent), matched, tuple(written))


def _counted_noun(question: str, end: int, analysis: AnalysedQuestion) -> frozenset[str]:
    """The index forms of the noun a number of the question counts ("tiga *siklus*"), or nothing."""
    following = content_words(" ".join(words(question[end:])[:2]))
    if not following:
        return frozenset()
    for term in analysis.terms:
        if term.word == following[0]:
            return term.forms
    return frozenset(index_terms(following[0]))


def _counts_otherwise(value: float, noun: frozenset[str], counted: list[tuple[float, set[str]]]) -> bool:
    """The texts count the question's noun, but never with the question's number: "dua siklus"
    against "three cycles" (a number that is in the texts, counting something else, is no match)."""
    if not noun:
        return False
    with_noun = {v for v, after in counted if after & noun}
    return bool(with_noun) and value not in with_noun


def _overlaps(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in ranges)
