"""The sections a follow-up leans on (``Retriever._focus``), on an invented document held in memory with
the deterministic hashed embedder (no model, no Chroma): the sections its previous answer cites, else the
ones the previous turn (question and answer) retrieves; and a sibling section whose title the follow-up
newly names in place of the previous question's. Also: a section that states the research's questions
(Rumusan Masalah) does not outrank the one that answers them."""

from __future__ import annotations

import pytest

from assistant.answering.analysis import analyse
from assistant.core.types import Chunk, Sentence, Turn
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval import retrieve
from assistant.retrieval.retrieve import Retriever
from fakes import MemoryIndex

DOC = "alat.txt"
# (section, title, sentences)
PARAGRAPHS = [
    ("3.1", "Lokasi Penelitian", ["Pengujian dilakukan di laboratorium kampus pada bulan Maret 2023."]),
    ("4.1", "Hasil Perancangan", ["Alat terdiri atas mikrokontroler, tiga sensor, dan modul pengirim data."]),
    ("4.2.1", "Sensor Tegangan", ["Galat rata-rata sensor tegangan sebesar 0,40 persen dari alat ukur acuan."]),
    ("4.2.2", "Sensor Arus", ["Galat rata-rata sensor arus sebesar 1,25 persen dari alat ukur acuan."]),
    ("4.2.3", "Sensor Suhu", ["Galat rata-rata sensor suhu sebesar 0,8 derajat dari termometer acuan."]),
    ("4.3", "Penyebab Galat", ["Galat sensor arus lebih besar karena derau pada kabel yang panjang."]),
]
OUTLINE = {"3.1": "Lokasi Penelitian", "4.1": "Hasil Perancangan", "4.2": "Pengujian Sensor",
           "4.2.1": "Sensor Tegangan", "4.2.2": "Sensor Arus", "4.2.3": "Sensor Suhu", "4.3": "Penyebab Galat"}


def _index(embedder: HashEmbedder, paragraphs: list = PARAGRAPHS, outline: dict = OUTLINE) -> MemoryIndex:
    """The retriever's index over one document held in memory."""
    chunks = []
    for i, (section, title, sentences) in enumerate(paragraphs):
        text = " ".join(sentences)
        spans = tuple(Sentence(s, text.index(s), text.index(s) + len(s)) for s in sentences)
        chunks.append(Chunk(f"{DOC}-{i}", text, DOC, int(section[0]), "BAB", section, title, section, 0,
                            0, len(text), spans))
    index = MemoryIndex(embedder, chunks, {3: "METODE", 4: "HASIL"})
    index.outlines = {DOC: outline}
    return index


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    embedder = HashEmbedder()
    return Retriever(_index(embedder), embedder)  # type: ignore[arg-type]


def _focus(retriever: Retriever, previous: str, answer: str, follow_up: str) -> set[str]:
    analysis = analyse(follow_up, (Turn("user", previous), Turn("assistant", answer)), retriever.vocabulary, "id")
    assert analysis.follow_up
    return retriever._focus(analysis, DOC)


def test_a_follow_up_leans_on_the_section_its_previous_answer_cites(retriever: Retriever) -> None:
    assert _focus(retriever, "Berapa galat rata-rata sensor tegangan?", "0,40 persen [4.2.1].",
                  "Mengapa begitu?") == {"4.2.1"}


def test_an_answer_without_markers_is_placed_by_its_whole_turn(retriever: Retriever) -> None:
    # the answer alone is nearest the section on the current sensor; with its question it is the voltage sensor's
    assert _focus(retriever, "Berapa galat rata-rata sensor tegangan?", "Lebih kecil daripada galat sensor arus.",
                  "Mengapa begitu?") == {"4.2.1"}


def test_a_follow_up_naming_a_sibling_leans_on_that_sibling(retriever: Retriever) -> None:
    # "arus" takes the place of "tegangan": the previous answer's section is no longer the one asked about
    assert _focus(retriever, "Berapa galat rata-rata sensor tegangan?", "0,40 persen [4.2.1].",
                  "Kalau sensor arus?") == {"4.2.2"}
    result = retriever.retrieve(analyse("Kalau sensor arus?", (Turn("user", "Berapa galat rata-rata sensor tegangan?"),
                                                               Turn("assistant", "0,40 persen [4.2.1].")),
                                        retriever.vocabulary, "id"), k=2, document=DOC)
    assert result.passages[0].chunk.section_id == "4.2.2"


def test_a_word_every_title_of_the_outline_shares_moves_nothing(retriever: Retriever) -> None:
    # "sensor" was said before; a new word in no title leaves the cited section the focus
    assert _focus(retriever, "Berapa galat rata-rata sensor tegangan?", "0,40 persen [4.2.1].",
                  "Kalau pada bulan Maret?") == {"4.2.1"}


GROUPS = [
    ("4.1", "Skor Kelompok Perlakuan", ["Skor rata-rata kelompok perlakuan turun dari 24,6 menjadi 16,3, sedangkan "
                                         "skor rata-rata kelompok pembanding turun dari 24,1 menjadi 22,8."]),
    ("4.2", "Kelompok Pembanding", ["Kelompok pembanding menerima perawatan biasa tanpa latihan tambahan."]),
    ("4.3", "Siklus II", ["Pada siklus II skor rata-rata naik menjadi 78,6."]),
]


def test_a_follow_up_naming_a_title_stays_where_its_previous_answer_says_it_too() -> None:
    # "pembanding" names 4.2's title, but the previous answer's section writes the comparison group's score too
    embedder = HashEmbedder()
    outline = {"4.1": "Skor Kelompok Perlakuan", "4.2": "Kelompok Pembanding", "4.3": "Siklus II"}
    retriever = Retriever(_index(embedder, GROUPS, outline), embedder)  # type: ignore[arg-type]
    assert _focus(retriever, "Berapa skor rata-rata kelompok perlakuan sesudah latihan?", "16,3 [4.1].",
                  "Kalau kelompok pembanding?") == {"4.1"}
    # a number the section writes is no sign it holds an ordinal's "kedua" ("2" is any table's number)
    assert _focus(retriever, "Berapa skor rata-rata kelompok perlakuan sesudah latihan?", "16,3 [4.1].",
                  "Kalau siklus kedua?") == {"4.3"}


ASKING = [
    ("1.2", "Rumusan Masalah", ["Apakah harga berpengaruh terhadap keputusan pembelian?"]),
    ("4.3", "Uji t", ["Harga berpengaruh signifikan terhadap keputusan pembelian dengan nilai signifikansi 0,012."]),
]


def test_a_section_stating_the_research_questions_weighs_less(monkeypatch: pytest.MonkeyPatch) -> None:
    embedder = HashEmbedder()
    retriever = Retriever(_index(embedder, ASKING, {"1.2": "Rumusan Masalah", "4.3": "Uji t"}),  # type: ignore[arg-type]
                          embedder)
    question = retriever.analyse("Apakah harga berpengaruh pada keputusan pembelian konsumen?")

    def scores() -> dict[str, float]:
        return {p.chunk.section_id: p.score for p in retriever.retrieve(question, k=2, document=DOC).passages}

    weighed, weight = scores(), retrieve.QUESTION_SECTION_WEIGHT
    monkeypatch.setattr(retrieve, "QUESTION_SECTION_WEIGHT", 0.0)
    plain = scores()
    assert weight < 0
    assert weighed["1.2"] == pytest.approx(plain["1.2"] + weight)
    assert weighed["4.3"] == plain["4.3"]
    monkeypatch.undo()
    # a question that names the section is not held back from it
    named = retriever.retrieve(retriever.analyse("Apa rumusan masalah penelitian ini?"), k=2, document=DOC)
    assert named.passages[0].chunk.section_id == "1.2"


def test_a_follow_up_naming_enough_of_its_own_is_searched_as_itself(retriever: Retriever) -> None:
    from assistant.retrieval.retrieve import asks_of_its_own

    history = (Turn("user", "Berapa galat rata-rata sensor tegangan?"), Turn("assistant", "0,40 persen [4.2.1]."))
    own = analyse("Lalu apa sebab derau pada kabel?", history, retriever.vocabulary, "id")
    assert asks_of_its_own(own) and own.resolved == "Lalu apa sebab derau pada kabel?" and not own.leans
    # searched with its previous question in front, the previous answer's section came first
    assert retriever.retrieve(own, k=1, document=DOC).passages[0].chunk.section_id == "4.3"
    # one giving the previous question a new value, or still pointing back at it, is searched with it too ("sensor
    # arus" alone finds the noise of the current sensor's cable; test_a_follow_up_naming_a_sibling...: its error)
    for leaning in ("Kalau sensor arus pada kabel?", "Apakah derau kabel itu besar?"):
        analysis = analyse(leaning, history, retriever.vocabulary, "id")
        assert asks_of_its_own(analysis) and analysis.leans
    # one word of its own, or none, is searched with the previous question: alone it says too little
    assert not asks_of_its_own(analyse("Kalau arus?", history, retriever.vocabulary, "id"))
    assert not asks_of_its_own(analyse("Mengapa begitu?", history, retriever.vocabulary, "id"))
    assert not asks_of_its_own(retriever.analyse("Apa sebab derau pada kabel?"))  # no follow-up
