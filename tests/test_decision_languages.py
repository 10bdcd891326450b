"""An Indonesian question over an English sentence is read as an English question over an Indonesian
one (issue #12): a question word's dictionary translation ("siswa" -> student) matches the sentence's
inflected form ("68 students") in the decision's coverage features and in the count rule, and a quote
put first without sentence features is read as close as the best scored sentence. Sentences written
for these tests (none comes from ``evals/``)."""

from __future__ import annotations

from dataclasses import replace

from assistant.answering.analysis import AnalysedQuestion, Term
from assistant.answering.question import Asked
from assistant.answering.features import counts, decision_features, term_coverage
from assistant.answering.refusal import counts_another
from assistant.core.numbers import shares_form, stemmed
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, Passage

SIGNED = "The form was signed by 52 teachers, and the group counts 52 teachers in all."


def passage(text: str, language: str = "en") -> Passage:
    sentences = tuple(Sentence(s, 0, len(s), language=language) for s in (text,))
    chunk = Chunk("c1", text, "toy.pdf", 4, "RESULTS", "4.1", "Results", "4.1", 0, 0, len(text), sentences)
    return Passage(chunk, 0.9, 1, 0.8, 0.5)


def analysed(question: str, terms: tuple[Term, ...], qtype: str = "number") -> AnalysedQuestion:
    return AnalysedQuestion(question=question, standalone=question, language="id", qtype=qtype, follow_up=False,
                            asked=None, terms=terms, section_refs=(), chapter=None, injection=False,
                            specific_words=terms)


GURU = Term("guru", frozenset({"guru", "teacher"}), ("teacher",), True, True, True)  # as the dictionary writes it


def test_a_translation_matches_its_inflected_english_form() -> None:
    assert shares_form(GURU.forms, ["teachers"]) and not shares_form(GURU.forms, ["students"])
    assert "teacher" in stemmed(["teachers"])
    assert term_coverage(analysed("Berapa guru?", (GURU,)), SIGNED) == 1.0
    assert counts(SIGNED, GURU.forms, "en", "guru")  # "52 teachers" counts the asked "guru"


def test_a_count_of_the_asked_noun_in_english_is_no_count_of_another() -> None:
    p = passage(SIGNED)
    best = Evidence(p, p.chunk.sentences[0], 0.9)
    question = replace(analysed("Berapa jumlah guru?", (GURU,)), asked=Asked("guru", None))
    assert counts_another(analysis=question, evidence=[best], answer_span="52") is None


def test_an_unscored_first_quote_reads_as_close_as_the_best_scored_sentence() -> None:
    p = passage(SIGNED)
    unscored = Evidence(p, p.chunk.sentences[0], 0.6)
    scored = Evidence(p, p.chunk.sentences[0], 0.9)
    object.__setattr__(scored, "features", {"dense": 0.86, "lexical": 0.4, "same_language": 0.0})
    values = decision_features(analysis=analysed("Berapa guru?", (GURU,)), evidence=[unscored, scored],
                               span_found=True, head_absent=False, modifier_mismatch=False, passages=[p],
                               ranked=[scored])
    assert values["best_dense"] == 0.86 and values["number_dense"] == 0.86
