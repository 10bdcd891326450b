"""The exact span a factoid question asks for, inside the evidence sentences: a date, a name, a
number (with the noun it counts), a concept named right after the asked noun."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.answering.analysis import AnalysedQuestion
from assistant.core.language import sentence_language
from assistant.core.numbers import DATE, quantities
from assistant.core.text import META_WORDS, content_words, index_terms, stem, word_after, word_matches, words
from assistant.core.types import Sentence
from assistant.generators.base import Evidence

# Runs of capitalised words, allowing short connectors inside ("Kementerian Kehutanan dan Lingkungan Hidup").
ENTITY = re.compile(
    r"\b[A-Z][\w-]*(?:\s+(?:(?:dan|untuk|of|and|the|de)\s+)?[A-Z(][\w()-]*)+|\b[A-Z]{2,}[\w]*\b"
)
# "Kementerian tersebut" (that ministry): a name given earlier; resolved by ``resolve_anaphor``.
_ANAPHOR = re.compile(r"\b([A-Z][a-z]+ (?:tersebut|itu))\b")
_GENERIC_STARTS = {"Dengan", "Sejak", "Namun", "Karena", "Dalam", "Hal", "Saran", "Kondisi", "Keadaan", "Pihak",
                   "Terlebih", "Sehingga", "Kota"}

SPAN_SENTENCES = 4  # a factoid's answer is looked for in this many best sentences
PROXIMITY_WEIGHT = 0.1  # how much the question's rare words next to a candidate span count
HEAD_BONUS = 0.15  # a candidate next to the very noun the question asks about
ATTACHED_GAP = 3  # at most this many words between the asked noun and its answer
# A number followed by these is a share; it answers a "how many" question only when the question asks a share.
SHARE_AFTER = re.compile(r"\s*(?:%|persen\b|percent\b|per cent\b)", re.IGNORECASE)
SHARE_WORDS = {"persen", "persentase", "proporsi", "percent", "percentage", "proportion", "share", "rate"}
HOW_MANY = re.compile(r"\bhow many\b|\bberapa banyak\b", re.IGNORECASE)
DURATION_UNITS = {"tahun", "bulan", "minggu", "hari", "jam", "years", "months", "weeks", "days"}



@dataclass(frozen=True)
class Span:
    """The exact words that answer a factoid question, inside one evidence sentence."""

    text: str
    kind: str  # date | entity | number
    evidence: Evidence
    source: Evidence | None = None  # the sentence that names it, when ``evidence`` only refers to it ("tersebut")


def type_fit(qtype: str, text: str, language: str = "id") -> float:
    """1.0 when a sentence holds a span of the kind the question asks for (a date, a number, a name)."""
    if qtype == "when":
        return 1.0 if DATE.search(text) else 0.0
    if qtype == "number":
        return 1.0 if any(not DATE.fullmatch(text[q.start:q.end]) for q in quantities(text, language)) else 0.0
    if qtype == "who":
        return 1.0 if entities(text) else 0.0
    return 0.0


def entities(text: str) -> list[tuple[int, int]]:
    """Spans of multi-word capitalised names and acronyms, without sentence-opening filler."""
    out = [(m.start(1), m.end(1)) for m in _ANAPHOR.finditer(text)]
    for match in ENTITY.finditer(text):
        start, end = match.start(), match.end()
        first = match.group(0).split()[0]
        if first in _GENERIC_STARTS and " " in match.group(0):
            start += len(first) + 1
            rest = text[start:end]
            if not rest or " " not in rest and not rest.isupper():
                continue
        out.append((start, end))
    return out


def answer_span(*, analysis: AnalysedQuestion, evidence: list[Evidence], idf: dict[str, float]) -> Span | None:
    """The date / name / number that answers a factoid question, attached to the question's rare words.

    A sentence is cut at its candidate spans; the words between two candidates belong to them
    (Indonesian puts "X pada tanggal D" and "D sebagai inisiator"): a date takes the words before
    it, a name the words after it, each also the other side at half weight. A name that is only
    the question's own words is no answer; "Kementerian tersebut" is resolved to the ministry
    named before it; a number must count what was asked ("berapa ton" wants "... ton").
    """
    qtype, asked = analysis.qtype, analysis.asked
    if qtype not in ("when", "who", "number", "which") or not evidence:
        return None
    if qtype == "which" and (asked is None or asked.head in META_WORDS):
        return None  # "apa saran ...?" wants sentences, "konsep apa ...?" wants a name
    terms = set(analysis.query_terms)
    own_words = {t.word for t in analysis.terms} | terms
    head_forms = forms_of(asked.head, analysis) if asked and content_words(asked.head) else set()  # not "of"
    units = DURATION_UNITS if asked and asked.head in ("lama", "long") else head_forms
    asks_share = bool({t.word for t in analysis.terms} & SHARE_WORDS)
    counts_only = bool(HOW_MANY.search(analysis.question))  # "how many ...?" is never answered by a share
    # (followed by the counted noun, attached to the asked noun, score, span)
    scored: list[tuple[bool, bool, float, Span]] = []
    unit_spans: set[tuple[int, int]] = set()
    candidates = evidence[:SPAN_SENTENCES] + [
        e for e in evidence[SPAN_SENTENCES:] if head_forms and set(index_terms(e.sentence.text)) & head_forms
    ]
    for item in candidates:
        text = item.sentence.text
        if qtype == "when":
            spans = [(m.start(), m.end()) for m in DATE.finditer(text)]
            kind, before_weight, after_weight = "date", 1.0, 0.5
        elif qtype == "number":
            dates = [(m.start(), m.end()) for m in DATE.finditer(text)]  # "18 November 2016" counts nothing
            spans = [(q.start, q.end) for q in quantities(text, item.sentence.language or sentence_language(text))
                     if not any(a <= q.start and q.end <= b for a, b in dates) and not _in_name(text, q.start, q.end)]
            if not asks_share:  # "how many": a count, not the share beside it ("12 responden (24,5 persen)")
                counts = [sp for sp in spans if not _is_share(text, sp)]
                spans = counts if counts or counts_only else spans
            if units:  # the counted noun follows the number, and belongs to the answer ("2 tahun")
                counted = [_counts(text, sp, units) for sp in spans]
                # a number that counts something else is still an answer when the noun is named
                # elsewhere ("jumlah petugas ... dua belas orang", "R/C ratio 1,63"): it is only not preferred
                spans = [_with_unit(text, sp) if hit else sp for sp, hit in zip(spans, counted)]
                unit_spans = {sp for sp, hit in zip(spans, counted) if hit}
            else:
                unit_spans = set()
            kind, before_weight, after_weight = "number", 1.0, 0.5
        else:
            spans = entities(text)
            kind, before_weight, after_weight = "entity", 0.5, 1.0
        spans = [sp for sp in spans if not set(content_words(text[sp[0]:sp[1]])) <= own_words]
        for i, (start, end) in enumerate(spans):
            previous_end = spans[i - 1][1] if i else 0
            next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
            # words between two candidates belong to one of them only: the later date, the earlier name
            before = before_weight if (before_weight == 1.0 or i == 0) else 0.0
            after = after_weight if (after_weight == 1.0 or i + 1 == len(spans)) else 0.0
            weight = (before * _weight(text[previous_end:start], terms, idf)
                      + after * _weight(text[end:next_start], terms, idf))
            if kind == "entity" and set(index_terms(text[start:end])) & terms:
                weight += 1.0  # "which ministry" -> a name that is a Kementerian
            score = item.score + PROXIMITY_WEIGHT * math.log1p(weight)
            gap = _head_distance(text, start, end, head_forms) if head_forms else None
            if qtype == "which" and gap != 0:
                continue  # "konsep Green City": a which-question's name stands right after its noun
            if gap is not None and previous_end <= start:
                score += HEAD_BONUS / (1 + gap)  # "siapa inisiator": the name next to "inisiator"
            span_text = text[start:end].strip(" ,.;")
            source = None
            if kind == "entity" and _ANAPHOR.fullmatch(span_text):
                resolved = resolve_anaphor(span_text, item)
                if not resolved:
                    continue
                span_text, named_in = resolved
                source = Evidence(item.passage, named_in, item.score)
            attached = gap is not None and gap <= ATTACHED_GAP
            counted_noun = kind == "number" and (start, end) in unit_spans
            if kind == "number" and units is DURATION_UNITS:
                attached = counted_noun  # "berapa lama": a number of years, months ...
            scored.append((counted_noun, attached, score, Span(span_text, kind, item, source)))
    if not scored:
        return None
    # a name attached to the very noun asked about ("... sebagai inisiator") beats any other
    # a number followed by the noun counted ("240 keluarga") beats one only near it
    return max(scored, key=lambda entry: entry[:3])[3]


def _head_distance(text: str, start: int, end: int, head_forms: set[str]) -> int | None:
    """Words between a candidate span and the nearest mention of the asked noun (None if absent);
    0 when the span is itself one ("Kementerian Kehutanan ..." for "which ministry")."""
    if set(index_terms(text[start:end])) & head_forms:
        return 0
    best = None
    for match in word_matches(text):
        if start <= match.start() < end:
            continue
        if {match.group(0).lower(), stem(match.group(0).lower())} & head_forms:
            lo, hi = (match.end(), start) if match.end() <= start else (end, match.start())
            gap = len(words(text[lo:hi]))
            best = gap if best is None else min(best, gap)
    return best


def _is_share(text: str, span: tuple[int, int]) -> bool:
    """The number at ``span`` is a percentage ("24,5 persen", "12%")."""
    return text[span[0]:span[1]].rstrip().endswith("%") or bool(SHARE_AFTER.match(text, span[1]))


def _in_name(text: str, start: int, end: int) -> bool:
    """A number between two capitalised words is part of a name ("SD Negeri 3 Margaluyu"), no count."""
    before, after = re.search(r"(\w+)\s+$", text[:start]), re.match(r"\s+(\w+)", text[end:])
    return bool(before and after and before.group(1)[:1].isupper() and after.group(1)[:1].isupper())


def _counts(text: str, span: tuple[int, int], units: set[str]) -> bool:
    """The number at ``span`` is followed (within two words) by one of the counted noun's forms."""
    return bool(set(index_terms(" ".join(words(text[span[1]:])[:2]))) & units)


def _with_unit(text: str, span: tuple[int, int]) -> tuple[int, int]:
    match = word_after(text, span[1])
    return (span[0], match.end()) if match else span


def resolve_anaphor(anaphor: str, item: Evidence) -> tuple[str, Sentence] | None:
    """"Kementerian tersebut" -> the last name starting with "Kementerian" earlier in the paragraph,
    with the sentence that names it (the answer quotes it: a name is traced to where it is written)."""
    noun = anaphor.split()[0]
    found = None
    for sentence in item.passage.chunk.sentences:
        if sentence.start >= item.sentence.start:
            break
        text = sentence.text
        names = [text[a:b] for a, b in entities(text) if text[a:b].startswith(noun + " ")]
        names = [n for n in names if not _ANAPHOR.fullmatch(n)]
        if names:
            found = (names[-1], sentence)
    return found


def forms_of(word: str, analysis: AnalysedQuestion) -> set[str]:
    """The index forms of a question word (its analysed term's, when it is one)."""
    for term in analysis.terms:
        if term.word == word:
            return set(term.forms)
    return {word, stem(word)}


def _weight(segment: str, terms: set[str], idf: dict[str, float]) -> float:
    """idf weight of the question's terms that occur in a stretch of text."""
    found = set(index_terms(segment)) & terms
    return sum(idf.get(t, 0.0) for t in found)
