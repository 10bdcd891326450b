"""The false-premise check (``answering.premise.check_premise``) and the decision features that
read the best sentence for the question's particulars (``answering.features``), on sentences and
questions written for these tests (none comes from ``evals/``)."""

from __future__ import annotations

import pytest

from assistant.answering.analysis import AnalysedQuestion, Term
from assistant.answering.features import counts, second_margin, specific_features
from assistant.answering.evidence import without_reference_entries
from assistant.answering.premise import check_premise
from assistant.answering.question import Asked
from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, Passage


def evidence(text: str, features: dict[str, float] | None = None) -> Evidence:
    chunk = Chunk("c0", text, "toy.txt", 4, "HASIL", "4.1", "Hasil", "4.1", 0, 0, len(text),
                  (Sentence(text, 0, len(text), language="id"),))
    item = Evidence(Passage(chunk, 0.9, 1), chunk.sentences[0], 0.9)
    if features is not None:
        object.__setattr__(item, "features", features)
    return item


def term(word: str, *forms: str, known: bool | None = True) -> Term:
    return Term(word, frozenset({word, *forms}), (), known, True, True)


def question(text: str, terms: tuple[Term, ...], qtype: str = "why", asked: Asked | None = None) -> AnalysedQuestion:
    return AnalysedQuestion(question=text, standalone=text, language="id", qtype=qtype, follow_up=False, asked=asked,
                            terms=terms, section_refs=(), chapter=None, injection=False, specific_words=terms)


CYCLES = "Penelitian dilaksanakan dalam dua siklus dan diikuti tiga kelompok siswa."


@pytest.mark.parametrize(
    ("text", "terms", "absent"),
    [
        # "tiga" is in the sentence, but it counts groups: the thesis counts the cycles as two
        ("Mengapa penelitian ini memerlukan tiga siklus?", (term("penelitian"), term("memerlukan"), term("siklus")),
         ("tiga",)),
        ("Mengapa penelitian ini memerlukan dua siklus?", (term("penelitian"), term("memerlukan"), term("siklus")), ()),
        # a noun the sentence never counts: the number alone decides
        ("Mengapa tiga guru ikut dalam penelitian?", (term("guru"), term("penelitian")), ()),
        ("Mengapa lima guru ikut dalam penelitian?", (term("guru"), term("penelitian")), ("lima",)),
    ],
)
def test_a_number_of_the_question_must_count_the_same_noun(text, terms, absent) -> None:
    premise = check_premise(analysis=question(text, terms), evidence=[evidence(CYCLES)])
    assert premise.absent == absent


SENTENCE = "Pada tahun 2019 akun ini memiliki 4.820 pengikut."


def test_specific_features_weigh_the_question_words_by_rarity() -> None:
    asked = Asked("pengikut", None)
    terms = (term("pengikut"), term("facebook"), term("jumlah"), term("drop", known=None))
    analysis = question("Berapa jumlah pengikut halaman facebook?", terms, "number", asked)
    idf = {"pengikut": 2.0, "facebook": 4.0, "jumlah": 1.0}
    read = set(index_terms(SENTENCE))
    values = specific_features(analysis, evidence(SENTENCE), read, idf, 4.0)
    # "drop" (no dictionary entry: cannot tell) does not count; pengikut (2) of pengikut + facebook + jumlah (7)
    assert values == {"specific_idf_best": 2 / 7, "specific_idf_passages": 2 / 7, "asked_in_best": 1.0,
                      "number_uncounted": 0.0}


def test_a_number_asked_for_a_noun_the_best_sentence_does_not_count() -> None:
    asked = Asked("guru", None)
    analysis = question("Berapa guru di sekolah itu?", (term("guru"), term("sekolah")), "number", asked)
    values = specific_features(analysis, evidence(SENTENCE), set(), {}, 1.0)
    assert (values["asked_in_best"], values["number_uncounted"]) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("text", "forms", "expected"),
    [
        ("Sebanyak 240 keluarga tersambung.", {"keluarga"}, True),  # the noun after the number
        ("Jumlah guru sekolah itu 15 orang.", {"guru"}, True),  # the noun just before it (three words)
        ("Jumlah guru di sekolah itu 15 orang.", {"guru"}, False),  # four words before: too far
        ("Sebanyak 240 keluarga tersambung.", {"guru"}, False),
        ("Tidak ada angka di sini.", {"guru"}, False),
    ],
)
def test_counts_finds_a_number_next_to_the_noun(text, forms, expected) -> None:
    assert counts(text, forms, "id") is expected


def test_second_margin_is_the_best_similarity_above_the_best_other_sentence() -> None:
    ranked = [evidence("a", {"dense": 0.9}), evidence("b", {"dense": 0.85}), evidence("c", {"dense": 0.8})]
    assert second_margin({"dense": 0.9}, ranked) == pytest.approx(0.05)
    assert second_margin({"dense": 0.85}, ranked) == pytest.approx(-0.05)  # another sentence is closer
    assert second_margin({"dense": 0.9}, ranked[:1]) == 0.0
    assert second_margin({}, ranked) == 0.0


def reference_entry(text: str, section: str = "Daftar Pustaka") -> Evidence:
    chunk = Chunk("r0", text, "toy.txt", 0, section, section, section, section, 0, 0, len(text),
                  (Sentence(text, 0, len(text), language="id"),))
    return Evidence(Passage(chunk, 0.9, 1), chunk.sentences[0], 0.9)


def test_a_reference_entry_is_no_evidence_unless_a_source_is_asked_for():
    entry = reference_entry("Kementerian Pertama. 2023. Petunjuk Teknis Program Kedua. Jakarta: Direktorat Ketiga.")
    body = evidence("Program itu dibiayai dari dana desa sejak tahun 2022.")
    funded = question("Mengapa program itu dibiayai oleh Kementerian Pertama?",
                      (term("program"), term("dibiayai", "biaya")))
    assert without_reference_entries(funded, [entry, body]) == [body]
    assert without_reference_entries(funded, [entry]) == []
    # a question asking for the source, or naming the reference list, keeps the entries
    source = question("Apa sumber petunjuk teknis program itu?", (term("sumber"), term("petunjuk")))
    assert without_reference_entries(source, [entry, body]) == [entry, body]
    assert without_reference_entries(funded, [entry, body], named=("Daftar Pustaka",)) == [entry, body]
    # an English reference list is one too; other named parts are not
    assert without_reference_entries(funded, [reference_entry("Author, A. 2020. A Guide.", "References")]) == []
    abstract = reference_entry("Penelitian ini dibiayai dari dana desa.", "Abstrak")
    assert without_reference_entries(funded, [abstract]) == [abstract]
