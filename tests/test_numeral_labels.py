"""A word labelled by a roman numeral ("Siklus I", "cycle II", "Pembimbing I"): the numeral is no index term ("I" is
an English stopword), so the evidence drops the sentences that give the asked word only another numeral."""

from __future__ import annotations

from assistant.answering.analysis import analyse
from assistant.answering.evidence import numeral_labels, without_other_numerals
from assistant.core.dictionary import get_dictionary
from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, Passage
from assistant.retrieval.lexical import BM25
from assistant.retrieval.vocabulary import Vocabulary

SENTENCES = [
    "Hasil tes akhir siklus II menunjukkan nilai rata-rata kelas 80,36.",
    "Hasil tes akhir siklus I menunjukkan nilai rata-rata kelas 69,64.",
    "Nilai rata-rata kelas pada siklus I dan siklus II terus meningkat.",
    "Nilai rata-rata kelas sebelum tindakan adalah 58,21.",
    "Nilai rata-rata kelas IV adalah 70.",
    "Nilai rata-rata kelas V adalah 80.",
]


def _evidence() -> list[Evidence]:
    out = []
    for i, text in enumerate(SENTENCES):
        sentence = Sentence(text, 0, len(text), language="id")
        chunk = Chunk(f"c{i}", text, "toy.txt", 0, "", "Hasil", "Hasil", "", 0, 0, len(text), (sentence,))
        out.append(Evidence(Passage(chunk, 1.0, i + 1), sentence, 0.9 - 0.01 * i))
    return out


def _vocabulary() -> Vocabulary:
    return Vocabulary(BM25([index_terms(text) for text in SENTENCES]), get_dictionary())


def test_labels_are_words_with_a_numeral_after_them():
    assert numeral_labels("Hasil Siklus II dan Pembimbing I, kelas V") == {("siklus", "II"), ("pembimbing", "I"),
                                                                            ("kelas", "V")}
    assert numeral_labels("Can I see BAB II 2?") == set()  # a pronoun after a stopword; a numeral before a number


def test_a_sentence_giving_the_word_only_another_numeral_is_no_evidence():
    analysis = analyse("Berapa nilai rata-rata kelas pada siklus I?", (), _vocabulary())
    kept = [e.sentence.text for e in without_other_numerals(analysis, _evidence())]
    assert kept == SENTENCES[1:]


def test_the_word_is_matched_in_the_other_language():
    analysis = analyse("What was the mean score of class V?", (), _vocabulary())
    kept = [e.sentence.text for e in without_other_numerals(analysis, _evidence())]
    assert SENTENCES[4] not in kept and SENTENCES[5] in kept and SENTENCES[0] in kept


def test_no_numeral_asked_keeps_everything():
    analysis = analyse("Berapa nilai rata-rata kelas sebelum tindakan?", (), _vocabulary())
    assert len(without_other_numerals(analysis, _evidence())) == len(SENTENCES)
