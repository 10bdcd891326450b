"""Evidence: the sentences inside the retrieved paragraphs that answer the question, and the exact
span a factoid question asks for (a date, a name, a number, a concept)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.answering.analysis import AnalysedQuestion
from assistant.answering.spans import forms_of, type_fit
from assistant.answering.tuning import tuning_for
from assistant.core.language import sentence_language
from assistant.core.parts import SOURCE_WORDS
from assistant.core.text import content_words, index_terms
from assistant.core.types import Sentence
from assistant.generators.base import Evidence, Passage
from assistant.index.embeddings import Embedder
from assistant.retrieval.loaded_index import LoadedIndex
from assistant.retrieval.retrieve import RetrievalResult

# How many sentences each kind of question gets.
SENTENCES_FOR = {"when": 1, "who": 1, "number": 1, "which": 3, "yesno": 2, "why": 3, "how": 3, "summary": 5,
                 "section": 4, "other": 3}
# Weight of the question's (idf-weighted) words found in a sentence, beside e5 cosine.
LEXICAL_WEIGHT = 0.2
# Extra sentences are quoted only when they score this close to the best one.
MARGIN = 0.06
# A quote from another section than the best sentence's must come this much closer to it (a share
# of the margin): a second section cited on a weaker match is more often wrong than informative.
CROSS_SECTION_SHARE = 0.5
# Sentences opening with these lean on the one before ("Karena ...", "Hal ini ..."): quoted with it.
CONTINUATIONS = re.compile(r"^(Karena|Sehingga|Hal ini|Oleh karena itu|Dengan demikian|Jadi|Maka|Hal tersebut)\b")


OVERVIEW_SENTENCES = 8  # opening sentences quoted when a question asks what sections say
POOL_PASSAGES = 3  # a factoid's sentences come from this many best passages


def select_evidence(*, analysis: AnalysedQuestion, retrieval: RetrievalResult, index: LoadedIndex,
                    embedder: Embedder) -> list[Evidence]:
    """Every sentence of the top passages, scored, best first (``choose`` keeps what an answer quotes)."""
    passages, named_sections, overview = retrieval.passages, retrieval.named_sections, retrieval.overview
    query_vector = retrieval.query_vector
    if not passages:
        return []
    if overview:  # what a section says: the opening sentence of each of its paragraphs, in order
        openings: dict[tuple[str, str, int], Passage] = {}
        for p in passages:
            key = (p.chunk.doc_id, p.chunk.section_id, p.chunk.paragraph_index)
            if p.chunk.section_id in named_sections and p.chunk.sentences:
                if key not in openings or p.chunk.start < openings[key].chunk.start:
                    openings[key] = p
        ordered = sorted(openings.values(), key=lambda p: (p.chunk.doc_id, p.chunk.start))
        return [Evidence(p, p.chunk.sentences[0], 1.0) for p in ordered]
    candidates = evidence_pool(analysis=analysis, retrieval=retrieval)
    if not candidates:
        return []
    model = tuning_for(embedder.id).sentence
    scored = []
    for passage, sentence, features in candidate_features(
            analysis=analysis, candidates=candidates, query_vector=query_vector, index=index, embedder=embedder):
        scored.append(ScoredEvidence(passage, sentence, model.probability(features), features))
    scored.sort(key=lambda e: -e.score)
    if analysis.follow_up and analysis.previous_answer and len(scored) > 1:
        scored = _not_said_before(analysis=analysis, scored=scored, index=index, embedder=embedder)
    return _dedupe(scored)


SAID_BEFORE = 0.95  # e5 similarity of a sentence to the previous answer at which that answer was drawn from it
SAID_BEFORE_SHARED = 0.3  # ... and that shares at least this share of its words with it
SAID_BEFORE_DROP = 0.1  # such a sentence scores this much below the one it gives way to (its spans lose too)


def _not_said_before(*, analysis: AnalysedQuestion, scored: list[ScoredEvidence], index: LoadedIndex,
                     embedder: Embedder) -> list[ScoredEvidence]:
    """A follow-up asks for what the previous answer did not say: the sentence that answer was drawn
    from does not come first again unless it holds a word the follow-up newly asks about."""
    top, second = scored[0], scored[1]
    before = set(content_words(analysis.previous_question))
    new = {f for t in analysis.specific_words if t.word not in before for f in t.forms}
    terms = set(index_terms(top.sentence.text))
    if new & terms or len(terms & set(index_terms(analysis.previous_answer))) < SAID_BEFORE_SHARED * len(terms):
        return scored  # (the shared words spare an embedding when the answer is in other words or language)
    answer, sentence = index.sentence_vectors([analysis.previous_answer, top.sentence.text], embedder, save=False)
    if float(np.dot(answer, sentence)) < SAID_BEFORE:
        return scored
    # the next sentence takes the first place and its score (how well the passages answer is unchanged)
    promoted, demoted = replace(second, score=top.score), replace(top, score=second.score - SAID_BEFORE_DROP)
    return sorted([promoted, demoted, *scored[2:]], key=lambda e: -e.score)


def rerank(passages: list[Passage], evidence: list[Evidence]) -> list[Passage]:
    """The passages in the order of their best evidence sentence (the sentence model reads the
    question against each sentence, which ranks finer than the passage-level fusion); passages with
    no scored sentence keep their place after them."""
    best: dict[int, float] = {}
    for item in evidence:
        key = id(item.passage)
        best[key] = max(best.get(key, 0.0), item.score)
    if not best:
        return passages
    scored = sorted((p for p in passages if id(p) in best), key=lambda p: (-best[id(p)], p.rank))
    ordered = scored + [p for p in passages if id(p) not in best]
    return [p if p.rank == rank else replace(p, rank=rank) for rank, p in enumerate(ordered, start=1)]


@dataclass(frozen=True)
class ScoredEvidence(Evidence):
    """An evidence sentence with the features its score came from (for the decision stage)."""

    features: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


def evidence_pool(*, analysis: AnalysedQuestion, retrieval: RetrievalResult) -> list[tuple[Passage, Sentence]]:
    """The sentences a question's evidence is chosen from (not for section overviews). Footnotes
    are notes, not the text: they are evidence only when the question asks for a source."""
    passages = retrieval.passages
    if not any(t.word in SOURCE_WORDS for t in analysis.terms):
        passages = [p for p in passages if p.chunk.kind != "footnote"] or passages
    if retrieval.named_sections:
        pool = [p for p in passages if p.chunk.section_id in retrieval.named_sections]
    elif analysis.qtype == "summary":
        pool = passages
    else:
        pool = passages[:POOL_PASSAGES]
    return [(p, s) for p in pool for s in p.chunk.sentences]


def candidate_features(
    *, analysis: AnalysedQuestion, candidates: list[tuple[Passage, Sentence]], query_vector: np.ndarray | None,
    index: LoadedIndex, embedder: Embedder,
) -> list[tuple[Passage, Sentence, dict[str, float]]]:
    """Each candidate sentence with the features that mean the same on any thesis (see
    ``assistant.answering.features.SENTENCE_FEATURES``)."""
    query = embedder.embed_query(analysis.standalone) if query_vector is None else query_vector
    vectors = index.sentence_vectors([s.text for _, s in candidates], embedder)
    terms = set(analysis.query_terms)
    idf = index.bm25.idf
    total_weight = sum(idf.get(t, 0.0) for t in terms) or 1.0
    head_forms = forms_of(analysis.asked.head, analysis) if analysis.asked else set()
    out = []
    for (passage, sentence), vector in zip(candidates, vectors):
        sentence_terms = set(index_terms(sentence.text))
        language = sentence.language or sentence_language(sentence.text)
        out.append((passage, sentence, {
            "dense": float(np.dot(query, vector)),
            "lexical": sum(idf.get(t, 0.0) for t in terms & sentence_terms) / total_weight,
            "type_fit": type_fit(analysis.qtype, sentence.text, language),
            "same_language": float(language == analysis.language),
            "rank_prior": 1.0 / passage.rank,
            "head": float(bool(head_forms & sentence_terms)),
        }))
    return out


def choose(*, analysis: AnalysedQuestion, evidence: list[Evidence], retrieval: RetrievalResult,
           margin: float = MARGIN, cross_share: float = CROSS_SECTION_SHARE) -> list[Evidence]:
    """The sentences an answer quotes: as many as the kind of question wants, close to the best one."""
    qtype, named_sections, overview = analysis.qtype, retrieval.named_sections, retrieval.overview
    if overview:
        return evidence[:OVERVIEW_SENTENCES]
    want = SENTENCES_FOR.get("section" if named_sections else qtype, 2)
    chosen = evidence[: max(want, 1)]
    if want > 1 and len(chosen) > 1:
        top = chosen[0]
        chosen = [e for e in chosen if e.score >= top.score - margin * (
            1.0 if e.passage.chunk.section_id == top.passage.chunk.section_id else cross_share)]
        chosen = _with_continuations(chosen, evidence)
    if named_sections or qtype == "summary":
        chosen.sort(key=lambda e: (e.passage.chunk.doc_id, e.sentence.start))
    return chosen


def _with_continuations(chosen: list[Evidence], pool: list[Evidence]) -> list[Evidence]:
    """Add the sentence that follows a chosen one when it opens with "Karena", "Hal ini" ...: it
    finishes the thought (in the same paragraph, or opening the next paragraph of the section)."""
    ordered = sorted(pool, key=lambda e: (e.passage.chunk.doc_id, e.sentence.start))
    position = {(e.passage.chunk.doc_id, e.sentence.start): i for i, e in enumerate(ordered)}
    out: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    for item in chosen:
        key = (item.passage.chunk.doc_id, item.sentence.start)
        if key not in seen:
            out.append(item)
            seen.add(key)
        i = position.get(key)
        if i is None or i + 1 >= len(ordered):
            continue
        following = ordered[i + 1]
        same_section = following.passage.chunk.section_id == item.passage.chunk.section_id
        adjacent = following.passage.chunk.paragraph_index - item.passage.chunk.paragraph_index in (0, 1)
        next_key = (following.passage.chunk.doc_id, following.sentence.start)
        if same_section and adjacent and CONTINUATIONS.match(following.sentence.text) and next_key not in seen:
            out.append(following)
            seen.add(next_key)
    return out


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
