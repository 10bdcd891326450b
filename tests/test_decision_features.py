"""Decision features of session 12 (``answering.features``) and the false-premise outcome the fit
simulates (``evals.fit_answering.premise_outcome``): whether the best sentence is in the section the
lexical retrieval ranks first, and a premise that a sentence of the passages contradicts answered
with a correction. Sentences written for these tests (none comes from ``evals/``)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answering.features import DECISION_FEATURES, best_in_lexical_top
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, Passage
from evals.fit_answering import premise_outcome


def passage(text: str, section: str, dense: float, lexical: float) -> Passage:
    chunk = Chunk(f"c{section}", text, "toy.txt", 4, "HASIL", section, "Hasil", section, 0, 0, len(text),
                  (Sentence(text, 0, len(text), language="id"),))
    return Passage(chunk, 0.9, 1, dense, lexical)


def test_the_best_sentence_in_the_section_bm25_ranks_first() -> None:
    # dense retrieval likes 4.1 (the topic), the question's own words point to 4.2
    topic = passage("Status gizi balita diukur setiap bulan.", "4.1", dense=0.9, lexical=0.2)
    words = passage("Rata-rata tinggi badan balita adalah 82,4 cm.", "4.2", dense=0.8, lexical=0.9)
    assert best_in_lexical_top(Evidence(topic, topic.chunk.sentences[0], 0.9), [topic, words]) == 0.0
    assert best_in_lexical_top(Evidence(words, words.chunk.sentences[0], 0.9), [topic, words]) == 1.0
    assert best_in_lexical_top(None, [topic]) == 0.0 and best_in_lexical_top(None, []) == 0.0
    assert "best_in_lexical_top" in DECISION_FEATURES and "premise_contradicted" in DECISION_FEATURES


def sample(absent: float, matched: float, contradicted: float = 0.0, follow_up: bool = False) -> dict:
    return {"analysis": SimpleNamespace(follow_up=follow_up),
            "features": {"premise_absent": absent, "premise_matched": matched, "best_dense": 0.9,
                         "premise_contradicted": contradicted}}


def test_a_contradicted_premise_is_corrected_and_an_uncontradicted_absent_one_refused_under_the_threshold() -> None:
    assert premise_outcome(sample(1, 0.9, contradicted=1), False, 1.01, 0.75, 0.84) == "correct"
    assert premise_outcome(sample(0, 0.9, contradicted=1), False, 1.01, 0.75, 0.84) == "correct"  # a negated verb
    assert premise_outcome(sample(1, 0.9, contradicted=1), True, 1.01, 0.75, 0.84) == "refuse"  # the model refused
    assert premise_outcome(sample(1, 0.9), False, 1.01, 0.75, 0.84) == "refuse"  # 1.01: every uncontradicted one
    assert premise_outcome(sample(1, 0.9), False, 0.2, 0.75, 0.84) == "correct"  # said to be absent
    assert premise_outcome(sample(1, 0.5), False, 0.2, 0.75, 0.84) == "answer"
    assert premise_outcome(sample(1, 0.9, contradicted=1, follow_up=True), False, 1.01, 0.75, 0.84) == "answer"
    assert premise_outcome(sample(0, 0.9), False, 1.01, 0.75, 0.84) == "answer"  # nothing absent


def test_number_dense_is_the_best_similarity_of_a_number_question_only() -> None:
    from assistant.answering.analysis import AnalysedQuestion, Term
    from assistant.answering.features import decision_features

    text = "Rata-rata tinggi badan balita adalah 82,4 cm."
    p = passage(text, "4.2", dense=0.8, lexical=0.9)
    best = Evidence(p, p.chunk.sentences[0], 0.9)
    object.__setattr__(best, "features", {"dense": 0.87, "lexical": 0.5, "same_language": 1.0})
    terms = tuple(Term(w, frozenset({w}), (), True, True, True) for w in ("tinggi", "badan", "balita"))

    def analysed(qtype: str, follow_up: bool = False) -> AnalysedQuestion:
        return AnalysedQuestion(question="Berapa tinggi badan balita?", standalone="Berapa tinggi badan balita?",
                                language="id", qtype=qtype, follow_up=follow_up, asked=None, terms=terms,
                                section_refs=(), chapter=None, injection=False, specific_words=terms)

    def value(analysis: AnalysedQuestion) -> float:
        return decision_features(analysis=analysis, evidence=[best], span_found=True, head_absent=False,
                                 modifier_mismatch=False, passages=[p], ranked=[best])["number_dense"]

    assert value(analysed("number")) == 0.87
    assert value(analysed("which")) == 0.0 and value(analysed("number", follow_up=True)) == 0.0
