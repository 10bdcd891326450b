"""Evidence: the sentences inside the retrieved paragraphs that answer the question, and the exact
span a factoid question asks for (a date, a name, a number, a concept)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from assistant.embeddings import Embedder
from assistant.generators.base import Evidence, Passage
from assistant.loaded_index import LoadedIndex
from assistant.text import index_terms, query_terms, words

MONTHS = (
    "januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
    "january|february|march|may|june|july|august|october|december"
)
DATE = re.compile(rf"\b\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}\b|\b(?:{MONTHS})\s+\d{{4}}\b|\b(?:19|20)\d{{2}}\b", re.I)
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|persen|percent|juta|ribu|miliar|million|billion|thousand)?", re.I)
# Runs of capitalised words, allowing short connectors inside ("Kementerian Kehutanan dan Lingkungan Hidup").
ENTITY = re.compile(
    r"\b[A-Z][\w-]*(?:\s+(?:(?:dan|untuk|of|and|the|de)\s+)?[A-Z(][\w()-]*)+|\b[A-Z]{2,}[\w]*\b"
)
_GENERIC_STARTS = {"Dengan", "Sejak", "Namun", "Karena", "Dalam", "Hal", "Saran", "Kondisi", "Keadaan", "Pihak",
                   "Terlebih", "Sehingga", "Kota"}

# How many sentences each kind of question gets.
SENTENCES_FOR = {"when": 1, "who": 1, "number": 1, "which": 2, "yesno": 1, "why": 2, "how": 2, "summary": 4,
                 "section": 4, "other": 2}


@dataclass(frozen=True)
class Span:
    """The exact words that answer a factoid question, inside one evidence sentence."""

    text: str
    kind: str  # date | entity | number
    evidence: Evidence


def select_evidence(
    question: str,
    language: str,
    qtype: str,
    passages: list[Passage],
    index: LoadedIndex,
    embedder: Embedder,
    named_sections: tuple[str, ...] = (),
) -> list[Evidence]:
    """The best sentences of the top passages, best first (document order for summaries)."""
    if not passages:
        return []
    if named_sections:
        pool = [p for p in passages if p.chunk.section_id in named_sections]
    elif qtype == "summary":
        pool = passages
    else:
        pool = passages[:3]
    candidates = [(p, s) for p in pool for s in p.chunk.sentences]
    if not candidates:
        return []
    query = embedder.embed_query(question)
    vectors = index.sentence_vectors([s.text for _, s in candidates], embedder)
    terms = set(query_terms(question, language))
    idf = index.bm25.idf
    total_weight = sum(idf.get(t, 0.0) for t in terms) or 1.0
    scored: list[Evidence] = []
    for (passage, sentence), vector in zip(candidates, vectors):
        dense = float(np.dot(query, vector))
        sentence_terms = set(index_terms(sentence.text))
        lexical = sum(idf.get(t, 0.0) for t in terms & sentence_terms) / total_weight
        fit = _type_fit(qtype, sentence.text)
        prior = 0.02 / passage.rank
        scored.append(Evidence(passage, sentence, dense + 0.08 * lexical + 0.03 * fit + prior))
    scored.sort(key=lambda e: -e.score)
    want = SENTENCES_FOR.get("section" if named_sections else qtype, 2)
    chosen = _dedupe(scored)[: max(want, 1)]
    if want > 1 and len(chosen) > 1:  # keep only sentences close to the best one
        chosen = [e for e in chosen if e.score >= chosen[0].score - (0.06 if named_sections else 0.03)]
    if named_sections or qtype == "summary":
        chosen.sort(key=lambda e: (e.passage.chunk.doc_id, e.sentence.start))
    return chosen


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    """The same sentence can sit in two overlapping windows: keep it once."""
    seen: set[tuple[str, int]] = set()
    out = []
    for item in evidence:
        key = (item.passage.chunk.doc_id, item.sentence.start)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _type_fit(qtype: str, text: str) -> float:
    if qtype == "when":
        return 1.0 if DATE.search(text) else 0.0
    if qtype == "number":
        return 1.0 if NUMBER.search(text) else 0.0
    if qtype == "who":
        return 1.0 if entities(text) else 0.0
    return 0.0


def entities(text: str) -> list[tuple[int, int]]:
    """Spans of multi-word capitalised names and acronyms, without sentence-opening filler."""
    out = []
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


def answer_span(question: str, language: str, qtype: str, evidence: list[Evidence], idf: dict[str, float]) -> Span | None:
    """The date / name / number that answers a factoid question, attached to the question's rare words.

    A sentence is cut at its candidate spans; the words between two candidates belong to them
    (Indonesian puts "X pada tanggal D" and "D sebagai inisiator"): a date takes the words before
    it, a name the words after it, each also the other side at half weight.
    """
    if qtype not in ("when", "who", "number") or not evidence:
        return None
    terms = set(query_terms(question, language))
    best: tuple[float, Span] | None = None
    for item in evidence[:2]:
        text = item.sentence.text
        if qtype == "when":
            spans = [(m.start(), m.end()) for m in DATE.finditer(text)]
            kind, before_weight, after_weight = "date", 1.0, 0.5
        elif qtype == "number":
            spans = [(m.start(), m.end()) for m in NUMBER.finditer(text) if not DATE.match(text, m.start())]
            kind, before_weight, after_weight = "number", 1.0, 0.5
        else:
            spans = entities(text)
            kind, before_weight, after_weight = "entity", 0.5, 1.0
        spans = [s for s in spans if not (set(words(text[s[0]:s[1]])) <= terms)]  # not the question's own words
        for i, (start, end) in enumerate(spans):
            previous_end = spans[i - 1][1] if i else 0
            next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
            score = (before_weight * _weight(text[previous_end:start], terms, idf)
                     + after_weight * _weight(text[end:next_start], terms, idf))
            score = math.log1p(score) + item.score
            candidate = Span(text[start:end].strip(" ,.;"), kind, item)
            if best is None or score > best[0]:
                best = (score, candidate)
    return best[1] if best else None


def _weight(segment: str, terms: set[str], idf: dict[str, float]) -> float:
    """idf weight of the question's terms that occur in a stretch of text."""
    found = set(index_terms(segment)) & terms
    return sum(idf.get(t, 0.0) for t in found)
