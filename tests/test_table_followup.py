"""Follow-ups answered from a table written out as text: the previous answer's cell moved to another row,
column or table (pure logic on tables of our own; the read path wires it in ``Assistant._plan``)."""

from __future__ import annotations

from assistant.answering.analysis import AnalysedQuestion, Term
from assistant.answering.tables import table_rows, table_span
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, Passage

_HEADER = "Tabel 2 Hasil panen per perlakuan Parameter A1 (100) A2 (200) A3 (300)"
_ROWS = "Tinggi tanaman (cm) 61,2 64,8 70,1 Jumlah anakan 14 17 21 Hasil gabah (%) 80,5 84,3 91,7"
_PROSE = "Hasil gabah tertinggi diperoleh pada A3 sebesar 91,7%, diikuti A2 sebesar 84,3%."


def _chunk(chunk_id: str, text: str, index: int, kind: str = "text", section: str = "4.2") -> Chunk:
    sentence = Sentence(text, index * 1000, index * 1000 + len(text), language="id")
    return Chunk(chunk_id, text, "d.pdf", 4, "BAB IV", section, "Hasil", section, index, index * 1000,
                 index * 1000 + len(text), (sentence,), kind=kind)


def _passages(*chunks: Chunk) -> list[Passage]:
    return [Passage(c, 0.9 - 0.01 * i, i + 1) for i, c in enumerate(chunks)]


def _adjacent(chunks: list[Chunk]):
    def adjacent(chunk: Chunk, step: int) -> Chunk | None:
        i = next(i for i, c in enumerate(chunks) if c.chunk_id == chunk.chunk_id) + step
        other = chunks[i] if 0 <= i < len(chunks) else None
        return other if other is not None and other.section_id == chunk.section_id else None
    return adjacent


def _analysis(question: str, previous: str, answer: str, new: tuple[tuple[str, frozenset[str]], ...] = (),
              numbers: tuple[float, ...] = (), language: str = "id") -> AnalysedQuestion:
    terms = tuple(Term(w, forms, (), True, True, True) for w, forms in new)
    return AnalysedQuestion(question=question, standalone=f"{previous} {question}", language=language,
                            qtype="number", follow_up=True, asked=None, terms=terms, section_refs=(), chapter=None,
                            injection=False, numbers=numbers, previous_answer=answer, previous_question=previous,
                            specific_words=terms)


def _evidence(passages: list[Passage]) -> list[Evidence]:
    return [Evidence(p, s, p.score) for p in passages for s in p.chunk.sentences]


def test_rows_of_a_table_written_in_one_line() -> None:
    rows = table_rows(_ROWS)
    assert [(r.label, [_ROWS[a:b] for a, b in r.cells]) for r in rows] == [
        ("Tinggi tanaman (cm)", ["61,2", "64,8", "70,1"]), ("Jumlah anakan", ["14", "17", "21"]),
        ("Hasil gabah (%)", ["80,5", "84,3", "91,7"])]


def test_another_row_named_by_the_follow_up() -> None:
    chunks = [_chunk("h", _HEADER, 0, "caption"), _chunk("r", _ROWS, 1)]
    analysis = _analysis("Kalau jumlah anakannya?", "Berapa tinggi tanaman pada A2?", "Tinggi tanaman pada A2 64,8 cm.",
                         new=(("anakan", frozenset({"anakan", "anak"})),))
    span = table_span(analysis=analysis, evidence=[], passages=_passages(*chunks), adjacent=_adjacent(chunks))
    assert span is not None and span.text == "17"
    assert span.evidence.passage.chunk.chunk_id == "r"


def test_another_column_given_by_its_header_value() -> None:
    chunks = [_chunk("h", _HEADER, 0, "caption"), _chunk("r", _ROWS, 1)]
    analysis = _analysis("And at 300?", "What was the plant height at 100?", "61.2 cm at 100 (A1).", numbers=(300.0,),
                         language="en")
    span = table_span(analysis=analysis, evidence=[], passages=_passages(*chunks), adjacent=_adjacent(chunks))
    assert span is not None and span.text == "70,1"


def test_the_same_cell_of_the_table_the_follow_up_names() -> None:
    first = [_chunk("h1", "Tabel 4.1 Uji sensor suhu No Acuan Sensor Galat (%)", 0, "caption", "4.2.1"),
             _chunk("r1", "1 10,1 10,3 1,98 2 20,2 20,3 0,50 Rata-rata 0,15 1,24 Galat terbesar 1,98%.", 1, section="4.2.1")]
    second = [_chunk("h2", "Tabel 4.2 Uji sensor cahaya No Acuan Sensor Galat (%)", 2, "caption", "4.2.2"),
              _chunk("r2", "1 5,0 5,1 2,00 2 9,9 10,0 1,01 Rata-rata 0,10 1,51 Galat terbesar 2,00%.", 3, section="4.2.2")]
    chunks = first + second
    analysis = _analysis("And of the light sensor?", "What was the mean error of the temperature sensor?",
                         "The temperature sensor's mean error was 1.24%.",
                         new=(("light", frozenset({"light", "cahaya"})),), language="en")
    passages = _passages(chunks[1], chunks[0], chunks[2])  # the second table's rows were not retrieved
    span = table_span(analysis=analysis, evidence=_evidence(passages), passages=passages, adjacent=_adjacent(chunks))
    assert span is not None and span.text == "1,51"
    assert span.evidence.passage.chunk.chunk_id == "r2"


def test_no_move_without_a_table_or_a_new_row() -> None:
    chunks = [_chunk("p", _PROSE, 0)]
    analysis = _analysis("Kalau A2?", "Berapa hasil gabah pada A3?", "91,7 persen.", new=(("a2", frozenset({"a2"})),))
    assert table_span(analysis=analysis, evidence=[], passages=_passages(*chunks), adjacent=_adjacent(chunks)) is None
    rows = [_chunk("r", _ROWS, 0)]  # names no other row: nothing moves
    analysis = _analysis("Kalau yang lain?", "Berapa tinggi tanaman pada A2?", "64,8 cm.")
    assert table_span(analysis=analysis, evidence=[], passages=_passages(*rows), adjacent=_adjacent(rows)) is None


def test_a_share_asked_is_no_count_of_another_row() -> None:
    text = "Keterangan Lengkap Tidak Total Positif 41 14 55 Negatif 17 22 39"
    chunks = [_chunk("r", text, 0)]
    analysis = _analysis("Kalau yang negatif berapa persen?", "Berapa persen yang positif lengkap?",
                         "41 bayi (74,5 persen).", new=(("negatif", frozenset({"negatif"})),
                                                        ("persen", frozenset({"persen"}))))
    assert table_span(analysis=analysis, evidence=[], passages=_passages(*chunks), adjacent=_adjacent(chunks)) is None


def test_a_negated_follow_up_takes_the_negated_row() -> None:
    text = "Tabel 4.2 Hasil tes Keterangan Jumlah Persentase (%) Lulus 14 56 Tidak lulus 11 44 Rata-rata kelas 67,2"
    chunks = [_chunk("c", text, 0, "caption")]
    analysis = _analysis("How many didn't?", "How many pupils passed?", "14 pupils, or 56 percent, passed.",
                         new=(("didn't", frozenset({"didn't"})),), language="en")
    span = table_span(analysis=analysis, evidence=[], passages=_passages(*chunks), adjacent=_adjacent(chunks))
    assert span is not None and span.text == "11"


def test_rows_keyed_by_the_value_the_follow_up_gives_instead() -> None:
    chunks = [_chunk("h", "Tabel 4.2 Jumlah pengunjung Tahun Pengunjung (orang) Penjualan (juta rupiah)", 0, "caption"),
              _chunk("r", "2018 18.500 370 2019 41.200 824 2020 9.800 196", 1)]
    analysis = _analysis("Kalau tahun 2019?", "Berapa jumlah pengunjung pada tahun 2018?",
                         "Pada tahun 2018 pengunjungnya 18.500 orang.")
    passages = _passages(chunks[0])  # only the caption was retrieved: its rows are the chunk after it
    span = table_span(analysis=analysis, evidence=[], passages=passages, adjacent=_adjacent(chunks))
    assert span is not None and span.text == "41.200"


def test_a_follow_up_with_its_own_question_word_refills_nothing() -> None:
    from assistant.answering.question import standalone_question
    from assistant.core.types import Turn

    history = (Turn("user", "Which plot had the highest seed density?"), Turn("assistant", "Plot B [4.2]."))
    question = "And how much did that seed cost per kilogram?"
    assert standalone_question(question, history) == f"Which plot had the highest seed density? {question}"
    history = (Turn("user", "What is the regression coefficient of rainfall?"), Turn("assistant", "0.41 [4.3]."))
    assert standalone_question("And the coefficient of soil depth?", history).startswith(
        "What is the regression coefficient of soil depth?")  # no question word of its own: refilled


def test_a_rate_asked_per_unit_is_the_number_written_per_that_unit() -> None:
    from assistant.answering.spans import answer_span

    texts = ["Biaya benih untuk menghasilkan satu kilogram gabah pada plot B adalah Rp4.100.",
             "Plot B ditanami pada bulan Maret.", "Jarak tanam plot B 25 cm.", "Plot B dipupuk dua kali.",
             "Harga benih plot B sebesar Rp9.500 per kilogram."]
    chunks = [_chunk(f"c{i}", t, i) for i, t in enumerate(texts)]
    evidence = [Evidence(Passage(c, 0.9, 1), c.sentences[0], 0.9 - 0.05 * i) for i, c in enumerate(chunks)]
    analysis = _analysis("How much did the seed cost per kilogram?", "", "", language="en")
    analysis = AnalysedQuestion(**{**analysis.__dict__, "follow_up": False, "previous_answer": ""})
    span = answer_span(analysis=analysis, evidence=evidence, idf={})
    assert span is not None and span.text == "Rp9.500"


def test_the_value_the_previous_answer_gave_first_is_its_cell() -> None:
    text = "Tahun Jumlah pengaduan Pengaduan kosmetik Persentase (%) 2018 48 6 12,5 2019 60 9 15,0 2020 72 15 20,8"
    chunks = [_chunk("r", text, 0)]
    analysis = _analysis("Kalau tahun 2020?", "Berapa pengaduan kosmetik pada tahun 2018?",
                         "Enam pengaduan, atau 12,5 persen dari 48 pengaduan.")
    span = table_span(analysis=analysis, evidence=[], passages=_passages(*chunks), adjacent=_adjacent(chunks))
    assert span is not None and span.text == "15"


def test_a_column_the_follow_up_names_by_its_initials() -> None:
    text = ("Tabel 4.5 Produksi harian dan rendemen giling Tanggal B (kg) G (kg) RG (%) Cuaca 5 Juni 2023 520 341 "
            "65,6 cerah 6 Juni 2023 610 402 65,9 hujan")
    chunks = [_chunk("c", text, 0, "caption")]
    analysis = _analysis("Berapa rendemen giling pada hari itu?", "Berapa hasil gabah tertinggi?",
                         "Hasil tertinggi 402 kg pada 6 Juni 2023.",
                         new=(("rendemen", frozenset({"rendemen"})), ("giling", frozenset({"giling"}))))
    span = table_span(analysis=analysis, evidence=[], passages=_passages(*chunks), adjacent=_adjacent(chunks))
    assert span is not None and span.text == "65,9"


def test_a_follow_up_asking_advice_quotes_its_sections_advice() -> None:
    from assistant.answering.evidence import choose
    from assistant.retrieval.retrieve import RetrievalResult

    texts = ["Petani dengan lahan kurang dari satu hektar memiliki skor risiko 3,52.",
             "Skor ini lebih tinggi daripada petani berlahan luas.",
             "Oleh karena itu petani berlahan sempit sebaiknya didampingi penyuluh senior."]
    chunks = [_chunk(f"s{i}", t, i) for i, t in enumerate(texts)]
    evidence = [Evidence(Passage(c, 0.9, 1), c.sentences[0], score) for c, score in zip(chunks, (0.84, 0.43, 0.42))]
    analysis = _analysis("What does the author recommend for them?", "Which farmers have the highest risk score?",
                         "Farmers with less than one hectare, with 3.52.", language="en")
    analysis = AnalysedQuestion(**{**analysis.__dict__, "qtype": "which"})
    retrieval = RetrievalResult([e.passage for e in evidence], (), 1.0, ())
    chosen = choose(analysis=analysis, evidence=evidence, retrieval=retrieval)
    assert texts[2] in [e.sentence.text for e in chosen]
