"""Key facts when the section is right: an announced list written one item a paragraph is quoted to its
last item, a list item's number does not cut its quote from the answer's frame, a sentence that asks a
question answers nothing, a significance level counts nothing, and a factoid's span comes from a sentence
that answers about as well as the best one.

On an invented closing chapter held in memory with the hashed bag-of-words embedder (no model, no Chroma),
as ``test_stages.py`` does; the sentences and questions are written for these tests.
"""

from __future__ import annotations

import pytest
from fakes import MemoryIndex, toy_chunks

from assistant.answering.citations import split_claims
from assistant.answering.evidence import choose, select_evidence
from assistant.answering.spans import answer_span
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, GenerationRequest, Passage
from assistant.generators.extractive import compose
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval.retrieve import Retriever

# (section, title, paragraph index, sentences): a conclusion written as a list, one item a paragraph.
PARAGRAPHS = [
    ("5.1", "Kesimpulan", 0, ["Berdasarkan hasil penelitian tentang kebun sekolah, dapat disimpulkan hal-hal berikut."]),
    ("5.1", "Kesimpulan", 1, ["1) Sebagian besar siswa menyiram kebun sekolah setiap pagi (61,2%)."]),
    ("5.1", "Kesimpulan", 2, ["2) Terdapat hubungan antara jadwal piket dengan kerapian kebun sekolah (p = 0,004)."]),
    ("5.1", "Kesimpulan", 3, ["3) Hasil panen sayur kebun sekolah naik menjadi 48 kilogram per bulan."]),
    ("5.1", "Kesimpulan", 4, ["4) Guru pembina kebun sekolah menilai program ini layak dilanjutkan."]),
    ("1.2", "Rumusan Masalah", 0, ["Berapa hasil panen sayur kebun sekolah setiap bulan?"]),
    ("4.3", "Hasil Panen", 0, [
        "Hasil panen sayur kebun sekolah berpengaruh nyata (p < 0,05) terhadap uang kas kelas.",
        "Rata-rata hasil panen sayur kebun sekolah adalah 48 kilogram per bulan."]),
]


def _chunks() -> list[Chunk]:
    return toy_chunks([(section, section, title, paragraph, sentences)
                       for section, title, paragraph, sentences in PARAGRAPHS], language="id")


@pytest.fixture(scope="module")
def toy() -> tuple[MemoryIndex, Retriever]:
    embedder = HashEmbedder()
    index = MemoryIndex(embedder, _chunks(), {5: "PENUTUP", 1: "PENDAHULUAN", 4: "HASIL"})
    return index, Retriever(index, embedder)  # type: ignore[arg-type]


def _ranked(toy, question: str, k: int = 4):
    index, retriever = toy
    analysis = retriever.analyse(question)
    retrieval = retriever.retrieve(analysis, k=k)
    ranked = select_evidence(analysis=analysis, retrieval=retrieval, index=index, embedder=index.embedder)  # type: ignore[arg-type]
    return analysis, retrieval, ranked


def test_an_announced_list_one_item_a_paragraph_is_quoted_to_its_last_item(toy) -> None:
    analysis, retrieval, ranked = _ranked(toy, "Ringkas kesimpulan penelitian kebun sekolah.", k=2)
    quoted = choose(analysis=analysis, evidence=ranked, retrieval=retrieval)
    texts = [e.sentence.text for e in quoted]
    assert texts[0].startswith("Berdasarkan hasil penelitian")
    assert [t[:2] for t in texts[1:5]] == ["1)", "2)", "3)", "4)"]  # items 3) and 4) were left out before


def _evidence(text: str, section: str = "5.1") -> Evidence:
    sentence = Sentence(text, 0, len(text), language="id")
    chunk = Chunk("x", text, "toy.txt", 5, "PENUTUP", section, "Kesimpulan", section, 0, 0, len(text), (sentence,))
    return Evidence(Passage(chunk, 0.9, 1), sentence, 0.9)


@pytest.mark.parametrize("item, quoted", [
    ("4. Posisi strategi berada pada kuadran I.", "“Posisi strategi berada pada kuadran I.”"),
    ("b. Guru sebaiknya menambah jadwal piket kebun.", "“Guru sebaiknya menambah jadwal piket kebun.”"),
    ("1. Observasi", "“1. Observasi”"),  # a heading-like item keeps its number (verified apart from the frame)
])
def test_a_list_items_number_does_not_cut_its_quote_from_the_frame(item, quoted) -> None:
    request = GenerationRequest(question="Apa kesimpulannya?", standalone_question="Apa kesimpulannya?",
                                language="id", question_type="summary", passages=(), evidence=(_evidence(item),))
    answer = compose(request)
    assert quoted in answer
    if len(item.split()) > 3:  # one claim: the frame with its quote, citing 5.1
        claims = split_claims(answer)
        assert len(claims) == 1 and claims[0].sections == ("5.1",)


def test_a_sentence_asking_a_question_answers_nothing(toy) -> None:
    _, _, ranked = _ranked(toy, "Berapa hasil panen sayur kebun sekolah setiap bulan?", k=6)
    asking = [e for e in ranked if e.sentence.text.endswith("?")]
    assert asking and all(e.score < min(o.score for o in ranked if not o.sentence.text.endswith("?")) for e in asking)
    assert not ranked[0].sentence.text.endswith("?")


def test_a_significance_level_is_no_quantity_unless_asked(toy) -> None:
    index, retriever = toy
    analysis, _, ranked = _ranked(toy, "Berapa hasil panen sayur kebun sekolah?", k=6)
    only = [e for e in ranked if "p < 0,05" in e.sentence.text]
    span = answer_span(analysis=analysis, evidence=only, idf=index.bm25.idf)
    assert span is None  # "(p < 0,05)" is the test's level, not the harvest
    asked = retriever.analyse("Berapa nilai p pengaruh hasil panen sayur kebun sekolah?")
    span = answer_span(analysis=asked, evidence=only, idf=index.bm25.idf)
    assert span is not None and span.text == "0,05"


def test_a_span_comes_from_a_sentence_that_answers_about_as_well_as_the_best(toy) -> None:
    index, retriever = toy
    analysis = retriever.analyse("Berapa siswa yang menyiram kebun sekolah setiap pagi?")
    good = _evidence("Kebun sekolah disiram setiap pagi oleh 31 orang (61,2%).")
    far = _evidence("Sekolah itu memiliki 240 siswa.")  # the asked noun counted, in a sentence far below
    good, far = Evidence(good.passage, good.sentence, 0.9), Evidence(far.passage, far.sentence, 0.2)
    span = answer_span(analysis=analysis, evidence=[good, far], idf=index.bm25.idf)
    assert span is not None and span.text.startswith("31")
    close = Evidence(far.passage, far.sentence, 0.85)  # as good as the best: the counted noun wins
    span = answer_span(analysis=analysis, evidence=[good, close], idf=index.bm25.idf)
    assert span is not None and span.text == "240 siswa"


@pytest.mark.parametrize("nothing", ["Gambar 4.1 Tampilan kebun sekolah pada bulan Juni",
                                     "Kata kunci: kebun sekolah, jadwal piket, hasil panen"])
def test_a_figure_caption_or_a_keywords_line_states_nothing(nothing) -> None:
    from assistant.answering.evidence import ScoredEvidence, _questions_last
    caption = _evidence(nothing)
    fact = _evidence("Kebun sekolah dipindahkan ke halaman belakang pada bulan Juni.")
    scored = [ScoredEvidence(caption.passage, caption.sentence, 0.8), ScoredEvidence(fact.passage, fact.sentence, 0.5)]
    ranked = sorted(_questions_last(scored), key=lambda e: -e.score)
    assert ranked[0].sentence.text.startswith("Kebun sekolah") and ranked[1].score < 0.5
    assert _questions_last(scored[:1]) == scored[:1]  # nothing else is there: it stays


@pytest.mark.parametrize("question, sentence, span", [
    ("What is the capacity of the school garden pump?", "The garden pump has a capacity of 40 litres per minute.",
     "40 litres"),
    ("What is the adjusted R square of the model?", "R Square is 0.620 and Adjusted R Square is 0.604.", "0.604"),
])
def test_a_which_question_naming_a_measure_is_answered_by_the_number_after_it(toy, question, sentence, span) -> None:
    index, retriever = toy
    analysis = retriever.analyse(question)
    assert analysis.qtype == "which"
    item = _evidence(sentence)
    item = Evidence(item.passage, Sentence(sentence, 0, len(sentence), language="en"), 0.9)
    found = answer_span(analysis=analysis, evidence=[item], idf=index.bm25.idf)
    assert found is not None and found.text == span and found.kind == "number"


def test_an_english_follow_up_does_not_repeat_the_thesis_value_its_previous_answer_gave() -> None:
    from assistant.answering.analysis import AnalysedQuestion
    from assistant.answering.spans import answered_in_order
    sentence = "Jumlah pengunjung kebun naik dari 18.500 orang pada tahun 2018 menjadi 41.200 orang pada tahun 2019."
    previous = f"18.500 — the thesis says (quoted in Indonesian): “{sentence}” [4.2]"  # the span as the thesis writes it
    analysis = AnalysedQuestion(question="And in 2019?", standalone="How many visitors came in 2018? And in 2019?",
                                language="en", qtype="number", follow_up=True, asked=None, terms=(), section_refs=(),
                                chapter=None, injection=False, numbers=(2019.0,), previous_answer=previous,
                                previous_question="How many visitors came in 2018?", specific_words=())
    assert 18500.0 in answered_in_order(analysis)
    span = answer_span(analysis=analysis, evidence=[_evidence(sentence, "4.2")], idf={})
    assert span is not None and span.text == "41.200"


def test_a_follow_ups_own_word_next_to_a_value_outweighs_the_previous_questions_word_further_off() -> None:
    from assistant.answering.analysis import AnalysedQuestion, Term
    # two sentences the parser glued into one, as extracted text often has them
    sentence = ("Kadar nitrat di kolam A sebesar 18,6 mg/L atau enam kali baku mutu 3 mg/L, dan kadar amonia sebesar "
                "52,4 mg/L. Nitrat dan amonia menurun ke arah hilir, tetapi nitrat di kolam D sebesar 5,4 mg/L.")
    terms = (Term("nitrate", frozenset({"nitrat", "nitrate"}), ("nitrat",), True, False, True),
             Term("ammonia", frozenset({"amonia", "ammonia"}), ("amonia",), True, True, True))
    analysis = AnalysedQuestion(
        question="And the ammonia there?", standalone="What was the nitrate in pond A? And the ammonia there?",
        language="en", qtype="number", follow_up=True, asked=None, terms=terms, section_refs=(), chapter=None,
        injection=False, numbers=(), previous_answer="18.6 mg/L in pond A.",
        previous_question="What was the nitrate in pond A?", specific_words=terms,
        query_terms=("nitrat", "nitrate", "amonia", "ammonia"))
    span = answer_span(analysis=analysis, evidence=[_evidence(sentence, "4.2")], idf={"nitrat": 3.0, "amonia": 3.0})
    assert span is not None and span.text == "52,4"  # not 5,4, which its glued sentence's 'nitrat ... amonia' named


# A frame that counts what it names, then its items one labelled paragraph each (label, then the item's text);
# and an informant introduced at the end of a paragraph, then their words quoted in the next one.
LED = [
    ("2.3", "Model Kebun", 0, ["Sutomo (1990) mengajukan tiga unsur yang menentukan keberhasilan kebun sekolah.",
                               "Ketiga unsur tersebut saling berkaitan."]),
    ("2.3", "Model Kebun", 1, ["a. Air", "Air berkaitan dengan cara siswa menyiram tanaman setiap pagi.",
                               "Tanpa air yang cukup, tanaman layu dalam dua hari.", "Air diambil dari sumur sekolah."]),
    ("2.3", "Model Kebun", 2, ["b. Pupuk", "Pupuk kompos dibuat dari daun kering di halaman sekolah.",
                               "Kompos diaduk setiap minggu.", "Pupuk diberikan dua kali sebulan."]),
    ("2.3", "Model Kebun", 3, ["c. Piket", "Piket disusun oleh wali kelas untuk setiap hari sekolah.",
                               "Siswa yang lupa piket mengganti pada hari berikutnya.", "Jadwal ditempel di kelas."]),
    ("4.2", "Tanggapan Siswa", 0, ["Para siswa menilai kegiatan kebun menyenangkan.",
                                   "Informan 5, seorang siswa kelas enam, ikut memanen sayur di kebun."]),
    ("4.2", "Tanggapan Siswa", 1, ["\"Saya senang sekali ikut panen.", "Sayurnya dibawa pulang tanpa membayar apa pun.",
                                   "Ibu saya memasaknya untuk makan malam.\""]),
    ("4.2", "Tanggapan Siswa", 2, ["(Wawancara dengan Informan 5, 3 Maret 2023)"]),
]


@pytest.fixture(scope="module")
def led() -> tuple[MemoryIndex, Retriever]:
    embedder = HashEmbedder()
    chunks = toy_chunks([(section, section, title, paragraph, sentences)
                         for section, title, paragraph, sentences in LED], language="id")
    index = MemoryIndex(embedder, chunks, {2: "TINJAUAN PUSTAKA", 4: "HASIL"})
    return index, Retriever(index, embedder)  # type: ignore[arg-type]


def test_a_sentence_counting_what_follows_is_quoted_with_each_items_label(led) -> None:
    analysis, retrieval, ranked = _ranked(led, "Apa saja tiga unsur keberhasilan kebun sekolah menurut Sutomo?", k=2)
    texts = [e.sentence.text for e in choose(analysis=analysis, evidence=ranked, retrieval=retrieval)]
    assert texts[0].startswith("Sutomo (1990) mengajukan tiga unsur")
    assert [t for t in texts if t[:2] in {"a.", "b.", "c."}] == ["a. Air", "b. Pupuk", "c. Piket"]  # c. was cut off


def test_an_informant_introduced_last_in_a_paragraph_is_quoted_with_their_words(led) -> None:
    analysis, retrieval, ranked = _ranked(led, "Apakah Informan 5 harus membayar sayur hasil panen kebun?", k=1)
    texts = [e.sentence.text for e in choose(analysis=analysis, evidence=ranked, retrieval=retrieval)]
    assert "Sayurnya dibawa pulang tanpa membayar apa pun." in texts


def _count_question(question: str, noun: str, other: str):
    """A count question's analysis asking for ``noun``, with ``other`` its second word."""
    from assistant.answering.analysis import AnalysedQuestion, Term
    from assistant.answering.question import Asked

    terms = tuple(Term(w, frozenset({w}), (), True, True, True) for w in (noun, other))
    return AnalysedQuestion(question=question, standalone=question, language="id", qtype="number", follow_up=False,
                            asked=Asked(noun, None), terms=terms, section_refs=(), chapter=None, injection=False,
                            specific_words=terms, query_terms=(noun, other))


def test_a_count_asked_is_not_answered_by_a_number_counting_another_noun_when_another_number_does() -> None:
    # the best sentence's number counts years ("di atas 25 tahun"); the next one's counts the asked residents
    # (its noun written before it: "Warga ... berjumlah 2.140 jiwa")
    best = _evidence("Hanya 4,1 persen warga berusia di atas 25 tahun yang pernah kuliah.", "4.1")
    counted = Evidence(_evidence("Warga Kampung Sukasari pada tahun 2022 berjumlah 2.140 jiwa.", "4.1").passage,
                       Sentence("Warga Kampung Sukasari pada tahun 2022 berjumlah 2.140 jiwa.", 0, 60, language="id"),
                       0.85)
    analysis = _count_question("Berapa jumlah warga Kampung Sukasari?", "warga", "kampung")
    span = answer_span(analysis=analysis, evidence=[best, counted], idf={"warga": 1.0, "kampung": 2.0})
    assert span is not None and span.text.startswith("2.140")
    # alone, the years' number is still the span (the decision refuses it as counting another noun)
    span = answer_span(analysis=analysis, evidence=[best], idf={"warga": 1.0, "kampung": 2.0})
    assert span is not None and span.text.startswith("25")


def test_a_sum_of_money_is_no_count_to_answer_in_place_of_one_counting_another_noun() -> None:
    sentence = "Koperasi ini salah satu koperasi terbesar dan menerima hibah sebanyak Rp 150.000.000."
    analysis = _count_question("Berapa jumlah koperasi di Kecamatan Sukasari?", "koperasi", "kecamatan")
    span = answer_span(analysis=analysis, evidence=[_evidence(sentence, "1.1")], idf={"koperasi": 1.0})
    assert span is not None and not span.text.startswith("Rp")
