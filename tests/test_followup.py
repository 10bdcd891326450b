"""Follow-up turns: deciding a question leans on the conversation, and the standalone question built
from it (pure logic; example conversations of our own)."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

import numpy as np
import pytest

from assistant.answering.analysis import AnalysedQuestion, Term
from assistant.answering.evidence import ScoredEvidence, _not_said_before, _ranks_without_lean
from assistant.answering.question import Asked, cited_sections, follow_up_type, is_follow_up, standalone_question
from assistant.retrieval.retrieve import FOCUS_WEIGHT
from assistant.core.types import Chunk, Sentence, Turn
from assistant.generators.base import Passage


def _conversation(question: str, answer: str) -> tuple[Turn, ...]:
    return (Turn("user", question), Turn("assistant", answer))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dan kapan itu terjadi?", True),  # a continuation and a demonstrative
        ("Lalu siapa ketuanya?", True),  # "-nya" points back
        ("Why is that?", True),
        ("What about the second group?", True),
        ("How many didn't?", True),  # the verb is left out
        ("Who did?", True),
        ("Why?", True),
        ("Kapan?", True),
        ("Yang belum mengembalikan angket ada berapa?", True),  # "Yang ..." with no noun before it
        ("Berapa ongkos yang dikeluarkan masing-masing?", True),  # "masing-masing" points back
        ("Apa saran penulis?", False),
        ("Siapa penulis skripsi ini?", False),  # names the work itself
        ("What is this thesis about?", False),
        ("Kapan penelitian lapangan di desa itu dimulai dan berapa lama kuesioner disebarkan ke petani?", False),
        ("How many farmers joined the cooperative in the first year?", False),
        ("What did the last one agree on?", True),  # "the last one" of those the answer named
        ("Which is the only one with a permit?", False),
    ],
)
def test_is_follow_up(text: str, expected: bool) -> None:
    assert is_follow_up(text) is expected


# (previous question, its answer, follow-up, the standalone question it is retrieved with)
_STANDALONE = [
    # a person pointed back at ("beliau") is the one the answer named
    ("Siapa ketua kelompok tani itu?", "Pak Darmo [4.1].", "Sejak kapan beliau menjabat?",
     "Siapa ketua kelompok tani itu? Sejak kapan Darmo menjabat?"),
    # names nothing itself: the previous question in front
    ("Which method did the survey use?", "Stratified sampling [3.2].", "Why?", "Which method did the survey use? Why?"),
    ("Which method did the survey use?", "Stratified sampling [3.2].", "Why is that?",
     "Which method did the survey use? Why is that?"),
    # a question that does not lean on the turn before is left alone
    ("Berapa luas lahan percobaan?", "Dua hektar [3.1].", "Apa saran penulis?", "Apa saran penulis?"),
    # the value a follow-up gives replaces the previous one
    ("Berapa jumlah anggota koperasi pada tahun 2015?", "Empat puluh orang [4.2].", "Kalau tahun 2019?",
     "Berapa jumlah anggota koperasi pada tahun 2019? Kalau tahun 2019?"),
    ("How many wells were dug in phase 2?", "Twelve [4.3].", "And in phase 3?",
     "How many wells were dug in phase 3? And in phase 3?"),
    # ... and so does an ordinal ("the second time" after "the first time")
    ("How much did the cooperative borrow the first time?", "Rp 50.000.000 [4.1].",
     "And the second time, what was it for?",
     "How much did the cooperative borrow the second time? And the second time, what was it for?"),
    ("Berapa benih yang dibagikan pada musim pertama?", "Dua ton [4.2].", "Kalau musim ketiga?",
     "Berapa benih yang dibagikan pada musim ketiga? Kalau musim ketiga?"),
    # the next one is counted from the previous question
    ("Berapa nilai rata-rata pada putaran I?", "61,5 [4.1.2].", "Pada putaran berikutnya berapa?",
     "Berapa nilai rata-rata pada putaran II? Pada putaran II berapa?"),
    ("What was the yield in season 3?", "4.1 tonnes [4.4].", "And the next season?",
     "What was the yield in season 4? And season 4?"),
    # "the second one": the noun the previous question asked about, with the follow-up's word before it
    ("Who is the main supervisor of this thesis?", "Dr. Rina Kartika [Halaman Judul].", "And who is the second one?",
     "Who is the second supervisor of this thesis? And who is the second supervisor?"),
    ("Which village had the highest yield?", "Sukamaju [4.2].", "And which one had the lowest?",
     "Which village had the highest yield? And which one had the lowest?"),
    # a personal pronoun after a who/which question: the names the answer gave
    ("Siapa ketua kelompok tani itu?", "Ketua kelompok adalah Bapak Darmo Wiyono [4.1].",
     "Apa yang beliau sampaikan waktu diwawancarai?",
     "Siapa ketua kelompok tani itu? Apa yang Bapak Darmo Wiyono sampaikan waktu diwawancarai?"),
    ("Which two elders were interviewed?", "Karto Sumarno and Sri Lestari [4.2].", "What did they say about the harvest?",
     "Which two elders were interviewed? What did Karto Sumarno, Sri Lestari say about the harvest?"),
    # ... not a possessive ("her study programme"), nor after a question that asked no one
    ("Who wrote this thesis?", "It was written by Sari Dewi [Halaman Judul].", "And what was her study programme?",
     "Who wrote this thesis? And what was her study programme?"),
    ("How many mothers were in the sample?", "Ninety-four mothers [3.3].", "And how were they selected?",
     "How many mothers were in the sample? And how were they selected?"),
    # an elliptical follow-up fills the previous question's slot anew: after a word both name ...
    ("What is the regression coefficient of rainfall?", "0.42 [4.4].", "And the coefficient of soil moisture?",
     "What is the regression coefficient of soil moisture? And the coefficient of soil moisture?"),
    ("Berapa koefisien reliabilitas skala kecemasan?", "0,91 [3.3].", "Kalau skala motivasi belajar berapa?",
     "Berapa koefisien reliabilitas skala motivasi belajar? Kalau skala motivasi belajar berapa?"),
    ("Berapa persen petani dari desa hulu yang memakai pupuk organik?", "40 persen [4.2].",
     "Kalau yang dari desa hilir berapa persen?",
     "Berapa persen petani dari desa hilir yang memakai pupuk organik? Kalau yang dari desa hilir berapa persen?"),
    # ... or the one word before it
    ("How many farms in the treated district adopted the method?", "Thirty [4.3].", "And in the neighbouring district?",
     "How many farms in the neighbouring district adopted the method? And in the neighbouring district?"),
    # ... a name there replaced whole, by the phrase the follow-up gives (not its last word by the phrase's last)
    ("When was SD Negeri Sukamaju opened?", "On 2 May 1961 [4.2].", "And when was the junior high school opened?",
     "When was junior high school opened? And when was the junior high school opened?"),
    # ... and a phrase of fewer words leaves the previous one's first words
    ("What was the mean pretest score of the class?", "61.2 [4.3].", "And the posttest score?",
     "What was the mean posttest score of the class? And the posttest score?"),
    # a bare English noun phrase sharing no word with the previous question: the noun phrase its "of" governs
    ("What is the path coefficient of rainfall on maize yield?", "0.41 [4.3].", "And soil moisture?",
     "What is the path coefficient of soil moisture on maize yield? And soil moisture?"),
    ("What was the share of the eastern hamlet?", "40 percent [4.2].", "What about Dusun Kidul?",
     "What was the share of Dusun Kidul? What about Dusun Kidul?"),
    ("How many farms adopted the method in 2019?", "Thirty [4.3].", "And fish ponds?",
     "How many farms adopted the method in 2019? And fish ponds?"),  # no "of": left alone
    ("How many of the respondents were women?", "Thirty [4.1].", "And men?",
     "How many of the respondents were women? And men?"),  # a part of them: no measure "of" governs
    # a pronoun after "Siapa <name>?" stands for the one the question named, not a place the answer adds
    ("Siapa Informan 4?", "Informan 4 adalah petani dari Desa Sukamaju [3.3].", "Bagaimana ia mendapat bantuan?",
     "Siapa Informan 4? Bagaimana Informan 4 mendapat bantuan?"),
    ("Siapa Ketua Blok C?", "Bapak Darmo Wiyono.", "Sejak kapan ia menjabat?",  # a role: the answer names the person
     "Siapa Ketua Blok C? Sejak kapan Darmo Wiyono menjabat?"),
    # ... and a name after "of" / "dari" in the answer is where a person is from, not a person
    ("Which two elders were interviewed?", "Karto Sumarno of Desa Wringin and Sri Lestari [4.2].",
     "What did they say about the harvest?",
     "Which two elders were interviewed? What did Karto Sumarno, Sri Lestari say about the harvest?"),
    # a follow-up that does not open as a continuation asks about the previous answer itself: no slot refilled
    ("Berapa biaya program pelatihan pada tahun 2022?", "Rp 42.000.000 [4.5].",
     "Itu setara dengan biaya penggantian berapa pekerja?",
     "Berapa biaya program pelatihan pada tahun 2022? Itu setara dengan biaya penggantian berapa pekerja?"),
]


@pytest.mark.parametrize(("previous", "answer", "question", "expected"), _STANDALONE)
def test_the_standalone_question(previous: str, answer: str, question: str, expected: str) -> None:
    assert standalone_question(question, _conversation(previous, answer)) == expected


def test_no_history_no_standalone() -> None:
    assert standalone_question("Dan siapa pemiliknya?", ()) == "Dan siapa pemiliknya?"


def test_cited_sections_of_the_previous_answer() -> None:
    history = _conversation("Siapa penulisnya?", "Ditulis oleh Sari [Halaman Judul], dibimbing Dr. Ani [4.1, 4.2].")
    assert cited_sections(history) == ("Halaman Judul", "4.1", "4.2")
    assert cited_sections(_conversation("Kapan?", "Pada Mei 2019.")) == ()
    assert cited_sections(()) == ()


# ---- the previous answer's sentence is not quoted first again ----------------------------------

_SAID = "Bantuan benih diterima kelompok tani pada bulan Maret."
_NEW = "Bantuan pupuk diterima dua bulan kemudian dari dinas."
_OTHER = "Seeds reached the farmers' group in March."  # the same meaning in other words: no embedding is asked


_AVERAGE = "Rp 8.450.000."
_RANGE = "Rata-rata modal Rp 8.450.000, terkecil Rp 2.000.000 dan terbesar Rp 25.000.000."


class _Vectors:
    """Sentence vectors by a table: the previous answer and the sentence it was drawn from coincide."""

    table: ClassVar[dict[str, tuple[float, float]]] = {
        "Bantuan benih diterima pada bulan Maret.": (1.0, 0.0), _SAID: (1.0, 0.0), _NEW: (0.0, 1.0), _OTHER: (1.0, 0.0),
        _AVERAGE: (1.0, 0.0), _RANGE: (0.6, 0.8),
    }

    def sentence_vectors(self, texts, embedder, *, save=True):
        return [np.array(self.table[t]) for t in texts]


def _evidence(text: str, score: float) -> ScoredEvidence:
    sentence = Sentence(text, 0, len(text))
    chunk = Chunk("c", text, "d.txt", 4, "BAB IV", "4.1", "Hasil", "4.1", 0, 0, len(text), (sentence,))
    return ScoredEvidence(Passage(chunk, score, 1), sentence, score)


def _follow_up(question: str, own: tuple[str, ...]) -> AnalysedQuestion:
    terms = tuple(Term(w, frozenset({w}), (), True, True, True) for w in own)
    return AnalysedQuestion(question=question, standalone=question, language="id", qtype="which", follow_up=True,
                            asked=None, terms=terms, section_refs=(), chapter=None, injection=False,
                            previous_answer="Bantuan benih diterima pada bulan Maret.",
                            previous_question="Kapan bantuan benih diterima?", specific_words=terms)


def test_the_sentence_the_previous_answer_came_from_goes_behind() -> None:
    scored = [_evidence(_SAID, 0.9), _evidence(_NEW, 0.7)]
    out = _not_said_before(analysis=_follow_up("Lalu apa lagi?", ()), scored=scored, index=_Vectors(), embedder=None)
    assert [e.sentence.text for e in out] == [_NEW, _SAID]
    assert [round(e.score, 3) for e in out] == [0.9, 0.6]  # the best score stays the passages' best


def test_it_stays_first_when_it_holds_what_the_follow_up_newly_asks() -> None:
    scored = [_evidence(_SAID, 0.9), _evidence(_NEW, 0.7)]
    analysis = _follow_up("Dari kelompok tani mana?", ("kelompok",))  # "kelompok" is new and in the sentence
    out = _not_said_before(analysis=analysis, scored=scored, index=_Vectors(), embedder=None)
    assert [e.sentence.text for e in out] == [_SAID, _NEW]


def test_a_sentence_sharing_few_words_with_the_previous_answer_is_not_checked() -> None:
    scored = [_evidence(_OTHER, 0.9), _evidence(_NEW, 0.7)]
    out = _not_said_before(analysis=_follow_up("Lalu apa lagi?", ()), scored=scored, index=_Vectors(), embedder=None)
    assert [e.sentence.text for e in out] == [_OTHER, _NEW]


def test_an_answer_in_other_words_is_found_by_its_numbers() -> None:
    said = "Modal usaha paling dominan dengan koefisien beta 0,452 dan nilai t 4,215."
    scored = [_evidence(said, 0.9), _evidence(_NEW, 0.7)]
    analysis = replace(_follow_up("Why is that?", ()), language="en",
                       previous_answer="Business capital, with a standardized beta of 0.452 (t = 4.215).")
    out = _not_said_before(analysis=analysis, scored=scored, index=_Vectors(), embedder=None)  # no vector asked
    assert [e.sentence.text for e in out] == [_NEW, said]


def test_small_counts_alone_do_not_tell_where_an_answer_came_from() -> None:
    sentence = "Tiga kelompok tani menerima 3 jenis bantuan dari dinas pada tahun itu juga."
    scored = [_evidence(sentence, 0.9), _evidence(_NEW, 0.7)]
    analysis = replace(_follow_up("Lalu apa lagi?", ()), previous_answer="Tiga kelompok (3).")
    out = _not_said_before(analysis=analysis, scored=scored, index=_Vectors(), embedder=None)
    assert [e.sentence.text for e in out] == [sentence, _NEW]


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        ("Dan sesudah siklus kedua?", "Berapa nilai rata-rata kelas sebelum tindakan?", "number"),
        ("Kalau tahun 2020?", "Kapan dana itu cair pada tahun 2019?", "when"),
        ("Mengapa begitu?", "Berapa nilai rata-rata kelas?", "why"),  # its own question word wins
    ],
)
def test_a_follow_up_without_a_question_word_asks_what_the_previous_question_asked(
        question: str, previous: str, expected: str) -> None:
    assert follow_up_type(question, _conversation(previous, "Jawaban.")) == expected


def _passage(section: str, score: float, rank: int, text: str) -> Passage:
    sentence = Sentence(text, 0, len(text))
    chunk = Chunk(f"{section}-c", text, "d.txt", 4, "BAB IV", section, "Hasil", section, 0, 0, len(text), (sentence,))
    return Passage(chunk, score, rank)


def test_a_follow_up_naming_something_new_ranks_passages_without_the_lean() -> None:
    leaned = _passage("4.1", 0.80 + FOCUS_WEIGHT, 1, "Nilai rata-rata kelas sebelum tindakan adalah 58.")
    other = _passage("4.3", 0.82, 2, "Nilai rata-rata pada siklus kedua naik menjadi 79.")
    analysis = replace(_follow_up("Dan pada siklus kedua?", ("siklus",)), focus_sections=("4.1",))
    ranks = _ranks_without_lean(analysis, [leaned, other])
    assert (ranks[id(other)], ranks[id(leaned)]) == (1, 2)
    assert _ranks_without_lean(replace(analysis, specific_words=()), [leaned, other]) == {}  # "Why?": the lean holds
    said_there_too = _passage("4.1", 0.80 + FOCUS_WEIGHT, 1, "Siklus pertama dimulai setelah tes awal.")
    assert _ranks_without_lean(analysis, [said_there_too, other]) == {}


def test_a_sentence_stating_the_previous_answers_numbers_leaves_the_best_few() -> None:
    said = "Hadiah lomba berjumlah Rp 7.500.000 bagi tiga pemenang."
    opening = "Lomba foto dibuka pada bulan Agustus untuk semua pengikut akun."
    counted = "Sampai akhir tahun tagar itu dipakai dalam 5.430 unggahan."
    scored = [_evidence(opening, 0.8), _evidence(said, 0.7), _evidence(counted, 0.5)]
    analysis = replace(_follow_up("How many posts used it?", ()), language="en",
                       previous_answer="A total of Rp 7,500,000 for three winners.")
    out = _not_said_before(analysis=analysis, scored=scored, index=_Vectors(), embedder=None)
    assert [e.sentence.text for e in out] == [opening, counted, said]


def test_a_sentence_with_numbers_the_answer_did_not_give_may_hold_the_next_answer() -> None:
    scored = [_evidence(_RANGE, 0.9), _evidence(_NEW, 0.7)]
    analysis = replace(_follow_up("Kalau yang terbesar?", ()), previous_answer=_AVERAGE)
    out = _not_said_before(analysis=analysis, scored=scored, index=_Vectors(), embedder=None)
    assert [e.sentence.text for e in out] == [_RANGE, _NEW]


# ---- what a follow-up changes, put into the question it is retrieved with ----------------------

@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("What was the dropout rate in 2020?", "And two years later?",
         "What was the dropout rate in 2022? And in 2022?"),
        ("Berapa jumlah anggota pada tahun 2022?", "Kalau tahun sebelumnya?",
         "Berapa jumlah anggota pada tahun 2021? Kalau tahun 2021?"),
        ("How many wells were dug in 2015?", "What about the year before?",
         "How many wells were dug in 2014? What about in 2014?"),
        ("Berapa panen pada tahun 2018?", "Dan tiga tahun kemudian?",
         "Berapa panen pada tahun 2021? Dan tahun 2021?"),
        ("Berapa panen pada tahun 2018?", "Kalau tahun 2020?",  # a year given outright is not counted
         "Berapa panen pada tahun 2020? Kalau tahun 2020?"),
    ],
)
def test_a_year_counted_from_the_previous_question(previous: str, question: str, expected: str) -> None:
    assert standalone_question(question, _conversation(previous, "Jawaban.")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenapa yang dari kelompok pertama keluar?", True),  # "yang" with no noun before it
        ("Kenapa turun dibandingkan tahun 2020?", True),  # compared with a year asked about before
        ("Setahun kemudian?", True),
        ("Bagaimana hasil panen dibandingkan dengan cara lama di desa tetangga?", False),  # compares two things itself
    ],
)
def test_more_ways_a_question_leans_on_the_turn_before(text: str, expected: bool) -> None:
    assert is_follow_up(text) is expected


def test_the_values_a_follow_up_gives_are_what_it_newly_asks() -> None:
    from assistant.answering.analysis import _changed_values

    changed = _changed_values("And in 2022?", "What was the dropout rate in 2020?")
    assert [(t.word, t.own, t.judged) for t in changed] == [("2022", True, False)]
    assert _changed_values("Why is that?", "What was the dropout rate in 2020?") == ()


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("How many pupils passed in cycle I?", "How many didn't?", Asked("pupils", None)),  # the same kind, no noun
        ("Berapa koefisien reliabilitas skala kecemasan?", "Kalau skala motivasi belajar berapa?",
         Asked("koefisien", None)),  # the previous question refilled
        ("Berapa jumlah anggota koperasi pada tahun 2015?", "Kalau tahun 2019?", None),  # a new value: its span decides
        ("How many wells were dug?", "Why?", None),  # a kind of question that asks no noun
        # "berapa yang <verb>": a relative clause, no noun; the previous question's is asked about
        ("Pada kelompok kontrol, berapa responden yang skornya turun?", "Lalu berapa yang mengalami kenaikan skor?",
         Asked("responden", None)),
    ],
)
def test_a_follow_up_naming_no_noun_asks_about_the_previous_questions(previous: str, question: str,
                                                                      expected: Asked | None) -> None:
    from assistant.answering.analysis import _asked
    from assistant.answering.question import follow_up_type

    history = _conversation(previous, "Jawaban.")
    language = "en" if previous.startswith(("How", "What")) else "id"
    assert _asked(question, history, follow_up_type(question, history), language) == expected


# ---- values written with separators, a qualifier given in place of another, what a follow-up newly names ----

from assistant.answering.analysis import analyse  # noqa: E402
from assistant.answering.question import contrast_words  # noqa: E402
from assistant.answering.spans import answer_span  # noqa: E402
from assistant.core.dictionary import get_dictionary  # noqa: E402
from assistant.core.text import index_terms  # noqa: E402
from assistant.generators.base import Evidence  # noqa: E402
from assistant.retrieval.lexical import BM25  # noqa: E402
from assistant.retrieval.vocabulary import Vocabulary  # noqa: E402


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        # a number with a thousands separator is one value: "at 1,500" replaces "at 500" (not "at 1")
        ("What was the yield at 500 plants per hectare?", "And at 1,500 plants per hectare?",
         "What was the yield at 1,500 plants per hectare? And at 1,500 plants per hectare?"),
        ("Berapa bobot akhir pada dosis 2,5 gram?", "Kalau dosis 5 gram?",
         "Berapa bobot akhir pada dosis 5 gram? Kalau dosis 5 gram?"),
        # a qualifier given in place of the previous one next to a word both say, though both are stopwords
        ("Berapa petani berpendidikan baik yang memakai pupuk organik?", "Kalau yang berpendidikan kurang?",
         "Berapa petani berpendidikan kurang yang memakai pupuk organik? Kalau yang berpendidikan kurang?"),
    ],
)
def test_values_and_qualifiers_a_follow_up_gives_instead(previous: str, question: str, expected: str) -> None:
    assert standalone_question(question, _conversation(previous, "20 [4.2].")) == expected


def test_the_qualifier_given_instead() -> None:
    assert contrast_words("Kalau yang berpendidikan kurang?",
                          "Berapa petani berpendidikan baik yang memakai pupuk organik?") == "kurang"
    assert contrast_words("Kalau yang berpendidikan kurang?", "Berapa petani yang memakai pupuk organik?") == ""
    # not a continuation: it asks about the previous answer itself
    assert contrast_words("Apakah itu termasuk berpendidikan kurang?",
                          "Berapa petani berpendidikan baik yang memakai pupuk organik?") == ""


_FARMS = [
    "Sebanyak 21 petani memakai pupuk organik dan 33 petani memakai pupuk kimia.",
    "Dari 20 petani berpendidikan baik, 14 orang memakai pupuk organik, sedangkan dari 18 petani berpendidikan"
    " kurang, 11 orang memakai pupuk kimia.",
    "Sebanyak 34 petani menjual hasil panen lewat koperasi dan dua belas petani menjual ke tengkulak.",
    "Petani yang tidak memakai pupuk sama sekali berjumlah tujuh orang.",
    "Thirty-four farmers sold through the cooperative and twelve farmers sold to middlemen.",
]


@pytest.fixture(scope="module")
def farm_vocabulary() -> Vocabulary:
    return Vocabulary(BM25([index_terms(text) for text in _FARMS]), get_dictionary())


def _farm_evidence(indices: list[int], language: str = "id") -> list[Evidence]:
    out = []
    for rank, i in enumerate(indices):
        text = _FARMS[i]
        sentence = Sentence(text, 0, len(text), language="en" if i == 4 else "id")
        chunk = Chunk(f"f{i}", text, "farm.txt", 4, "HASIL", "4.1", "Hasil", "4.1", 0, 0, len(text), (sentence,))
        out.append(Evidence(Passage(chunk, 1.0, rank + 1), sentence, 0.9 - 0.01 * rank))
    return out


@pytest.mark.parametrize(
    ("previous", "answer", "question", "sentences", "expected", "sentence"),
    [
        # "Kalau yang berpendidikan kurang?": the sentence that says "kurang", not the better-matching one
        ("Berapa petani berpendidikan baik yang memakai pupuk organik?", "14 orang [4.1].",
         "Kalau yang berpendidikan kurang?", [0, 1], "18 petani", 1),
        # the follow-up's own words ("tidak memakai pupuk"), not the previous question's count of "petani"
        ("Berapa petani yang menjual hasil panen lewat koperasi?", "34 petani [4.1].",
         "Yang sama sekali tidak memakai pupuk ada berapa?", [2, 3], "tujuh", 3),
    ],
)
def test_a_follow_ups_span_is_in_a_sentence_naming_what_it_newly_asks(
        farm_vocabulary: Vocabulary, previous: str, answer: str, question: str, sentences: list[int],
        expected: str, sentence: int) -> None:
    analysis = analyse(question, _conversation(previous, answer), farm_vocabulary, "id")
    span = answer_span(analysis=analysis, evidence=_farm_evidence(sentences), idf=farm_vocabulary.bm25.idf)
    assert span is not None
    assert (span.text, span.evidence.sentence.text) == (expected, _FARMS[sentence])


def test_what_a_follow_up_newly_names(farm_vocabulary: Vocabulary) -> None:
    history = _conversation("Berapa petani berpendidikan baik yang memakai pupuk organik?", "14 orang [4.1].")
    assert analyse("Kalau yang berpendidikan kurang?", history, farm_vocabulary, "id").new_forms == {"kurang"}
    history = _conversation("Berapa petani yang menjual hasil panen lewat koperasi?", "34 petani [4.1].")
    assert {"tidak", "pupuk"} - analyse("Yang sama sekali tidak memakai pupuk ada berapa?", history, farm_vocabulary,
                                        "id").new_forms == {"tidak"}  # (a stopword of its own is not content)
    # an English follow-up's words are not matched as written: dictionary translations miss too often
    history = _conversation("How many farmers sold through the cooperative?", "Thirty-four [4.1].")
    assert analyse("And how many used no fertiliser?", history, farm_vocabulary, "en").new_forms == frozenset()
    # a question that does not lean on the turn before names nothing newly
    assert analyse("Berapa petani memakai pupuk kimia?", (), farm_vocabulary, "id").new_forms == frozenset()


_SCHOOLS = [
    "Sekolah dasar pertama di desa ini, SD Negeri Sukamaju, dibuka pada 2 Mei 1961.",
    "Pada tahun 1978 dibuka pula SMP Negeri Sukamaju di samping balai desa.",
]


def test_a_when_follow_up_is_not_answered_by_the_date_given_before() -> None:
    """"And when was the junior high school opened?" after "... SD Negeri Sukamaju opened?" - "On 2 May 1961":
    the previous answer's date is no answer to it, the other date of the evidence is (also when the sentence it
    came from scores higher)."""
    vocabulary = Vocabulary(BM25([index_terms(text) for text in _SCHOOLS]), get_dictionary())
    history = _conversation("When was SD Negeri Sukamaju opened?", "On 2 May 1961 [4.2].")
    analysis = analyse("And when was the junior high school opened?", history, vocabulary, "en")
    evidence = []
    for rank, text in enumerate(_SCHOOLS):
        sentence = Sentence(text, 0, len(text), language="id")
        chunk = Chunk(f"s{rank}", text, "s.txt", 4, "HASIL", "4.2", "Hasil", "4.2", 0, 0, len(text), (sentence,))
        evidence.append(Evidence(Passage(chunk, 1.0, rank + 1), sentence, 0.9 - 0.01 * rank))
    span = answer_span(analysis=analysis, evidence=evidence, idf=vocabulary.bm25.idf)
    assert span is not None and "1978" in span.text


def test_a_follow_up_asking_another_kind_keeps_the_sentence_of_the_previous_answer() -> None:
    """"Who signed it?" after "When was the agreement signed?" - "On 4 May 2019": the sentence that date came
    from names the signatory; it is not put behind the others as said before (a when-question asked again is)."""
    signed = "Perjanjian ditandatangani pada 4 Mei 2019 oleh Bupati Hendra Wijaya di Kota Sukamaju."
    other = "Penandatanganan perjanjian disaksikan para kepala dinas dan tokoh masyarakat."
    scored = []
    for rank, text in enumerate([signed, other]):
        sentence = Sentence(text, 0, len(text), language="id")
        chunk = Chunk(f"a{rank}", text, "a.txt", 4, "HASIL", "4.2", "Hasil", "4.2", 0, 0, len(text), (sentence,))
        scored.append(ScoredEvidence(Passage(chunk, 1.0, rank + 1), sentence, 0.9 - 0.1 * rank, {}))
    history = _conversation("When was the agreement signed?", "On 4 May 2019 [4.2].")
    vocabulary = Vocabulary(BM25([index_terms(signed), index_terms(other)]), get_dictionary())
    for question, first in (("Who signed it?", signed), ("And when was it witnessed?", other)):
        analysis = analyse(question, history, vocabulary, "en")
        out = _not_said_before(analysis=analysis, scored=scored, index=_Vectors(), embedder=None)
        assert out[0].sentence.text == first, question
