"""Table-driven tests of the exact span a factoid question asks for (``assistant.answering.spans``),
of the question's kind (``question.question_type``) and of dates read as ranges
(``core.numbers.date_spans``).

The sentences and questions are invented for these tests (none comes from ``evals/``); the question
is analysed against a small corpus of those sentences with the installed dictionary, as the read
path does; the evidence is the sentences in the order given, best first.
"""

from __future__ import annotations

import pytest

from assistant.answering.analysis import analyse
from assistant.answering.question import question_type
from assistant.answering.spans import _unnamed, answer_span, cognates, entities
from assistant.core.dictionary import get_dictionary
from assistant.core.numbers import date_spans, in_english
from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence, Turn
from assistant.generators.base import Evidence, Passage
from assistant.retrieval.lexical import BM25
from assistant.retrieval.vocabulary import Vocabulary

# Invented sentences of an invented thesis, each tagged with its language (the parser tags every one).
CORPUS = [
    ("Wawancara dengan petani dilakukan mulai 4 Januari 2023 sampai dengan 20 Februari 2023.", "id"),
    ("Survei awal dilaksanakan pada bulan Juli 2022 di tiga dusun.", "id"),
    ("Penelitian ini berlangsung pada tahun pelajaran 2023/2024 di kelas V.", "id"),
    ("Sekolah ini didirikan pada tahun 1998 oleh yayasan setempat.", "id"),
    ("Bapak Rudi Hartono, S.Pt., M.Si., bertindak sebagai penyuluh yang mendampingi kelompok tani.", "id"),
    ("Penelitian dilakukan di kelas V SD Negeri 2 Sukasari pada semester ganjil.", "id"),
    ("Resiliensi terdiri atas tiga aspek, yakni: 1. ketekunan, 2. refleksi, dan 3. afek negatif.", "id"),
    ("Sebanyak 17 petani memiliki produktivitas rendah.", "id"),
    ("Kerugian seorang petani mencapai Rp 350.000, sedangkan 9 petani lain tidak merugi.", "id"),
    ("The average productivity of the improved plots was 5.1 tonnes per hectare, above the 4.3 tonnes of the"
     + " old plots.", "en"),
    ("Each farmer group met for forty minutes every week.", "en"),
    ("Kelompok tani membeli 40 karung pupuk organik dengan biaya Rp 2.400.000 dari koperasi.", "id"),
    ("Tabel 4.3 Daftar Penyuluh Lapangan Nama Wilayah Rudi Hartono Dusun Kidul", "id"),
    ("Perkara ini diajukan oleh Siti Aminah, seorang pedagang pasar, sebagai penggugat.", "id"),
    ("Gugatan ditujukan kepada Koperasi Tani Makmur yang menjual benih palsu.", "id"),
    ("Program pembibitan tersebut diprakarsai oleh Yayasan Benih Lestari.", "id"),
    ("Harga pupuk urea naik dari Rp 2.250 menjadi Rp 2.800 per kilogram pada musim tanam kedua.", "id"),
    ("Sampai bulan Juni 2022 setiap petani menerima 1.050 bibit.", "id"),
    ("Mulai tanggal 4 Juli 2022 jatah itu ditambah menjadi 1.400 bibit.", "id"),
    ("Koperasi Tani Makmur berkantor di Jalan Raya Sukamaju Km 4, Kecamatan Sukamaju.", "id"),
    ("Koperasi ini didirikan pada tanggal 3 Mei 2001 oleh H. Ahmad Subagja bersama warga.", "id"),
    ("Tabel 4.1 Jumlah Anggota Koperasi Tani Makmur Tahun 2019-2021 Tahun Jumlah Anggota", "id"),
    ("Pendapatan usahatani kelompok tani Makmur rata-rata Rp 9.800.000 per musim tanam.", "id"),
    ("Uji beda menghasilkan signifikansi 0,002 sehingga perbedaan pendapatan kedua kelompok nyata.", "id"),
    ("Berdasarkan Tabel 4.4, koefisien korelasi antara luas lahan dan pendapatan adalah 0,718.", "id"),
    ("Selama pandemi COVID-19 pasar desa ditutup dan pembeli beralih ke pedagang keliling.", "id"),
    ("Jumlah pembeli di pasar desa naik dari 1.850 orang pada musim pertama menjadi 2.430 orang pada musim kedua.",
     "id"),
    ("Nama Kelompok Wilayah Ketua", "id"),  # a table's header row, in its caption's paragraph
    ("Toko Roti Sentosa berdiri di Jalan Kenanga No. 5 dan dimiliki oleh Ibu Ratna Dewi sejak tahun 2010.", "id"),
    ("Metode AHP membantu Toko Roti Sentosa memilih pemasok tepung.", "id"),
    ("Kerja sama Kelompok Wanita Tani Melati dan Dinas Ketahanan Pangan berlangsung sejak penandatanganan nota"
     " kesepakatan pada 5 Maret 2018 hingga penandatanganan perjanjian kemitraan pada 9 Oktober 2019.", "id"),
    ("Definisi 2.9. (Kriteria Informasi) Untuk model dengan k parameter, kriteria informasi dihitung dari fungsi"
     " kemungkinan maksimum.", "id"),  # 31: a numbered statement's label opens its sentence
    ("Aktivitas siswa memperoleh skor 73 dari skor maksimal 112 pada siklus pertama.", "id"),  # 32
    # the last one: a follow-up asking another year reads it (len(CORPUS) - 1)
    ("Jumlah anggota koperasi turun dari 120 orang pada tahun 2019 menjadi 104 orang pada tahun 2020 dan 97 orang"
     " pada tahun 2021.", "id"),
]
CAPTION_ROWS = {27}


def _evidence(indices: list[int]) -> list[Evidence]:
    out = []
    for rank, i in enumerate(indices):
        text, language = CORPUS[i]
        sentence = Sentence(text, 0, len(text), language=language)
        chunk = Chunk(f"c{i}", text, "toy.txt", 4, "HASIL", "4.1", "Hasil", "4.1", 0, 0, len(text), (sentence,),
                      kind="caption" if i in CAPTION_ROWS else "text")
        out.append(Evidence(Passage(chunk, 1.0, rank + 1), sentence, 0.9 - 0.01 * rank))
    return out


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(BM25([index_terms(text) for text, _ in CORPUS]), get_dictionary())


@pytest.mark.parametrize(
    ("question", "language", "sentences", "expected"),
    [
        # a range of dates is one answer, its first date given without the year
        ("Kapan wawancara dengan petani dilakukan?", "id", [0], "4 Januari 2023 sampai dengan 20 Februari 2023"),
        ("Tahun pelajaran berapa penelitian ini berlangsung?", "id", [2], "2023/2024"),
        # no date in the four best sentences: the section's later sentence that gives one
        ("Kapan survei awal dilaksanakan?", "id", [7, 8, 6, 5, 1], "Juli 2022"),
        # the asked noun next to the name, after the name's degrees
        ("Who was the extension worker accompanying the farmer groups?", "en", [5, 4],
         "Bapak Rudi Hartono, S.Pt., M.Si."),
        ("Siapa penyuluh yang mendampingi kelompok tani?", "id", [5, 4], "Bapak Rudi Hartono, S.Pt., M.Si."),
        # a list's item numbers count nothing
        ("Berapa jumlah aspek resiliensi?", "id", [6], "tiga aspek"),
        # a function word between a number and the counted noun is no unit of it ("73 dari skor maksimal 112")
        ("Berapa skor aktivitas siswa pada siklus pertama?", "id", [32], "73"),
        # a sum of money does not answer "how many"
        ("How many farmers lost nothing?", "en", [8], "9 petani"),
        # the asked noun in the other language, by its spelling ("produktivitas" / "productivity")
        ("Berapa produktivitas rata-rata petak yang diperbaiki per hektare?", "id", [9], "5.1"),
        # words between two numbers belong to the later one ("dengan biaya Rp ...")
        ("Berapa biaya yang dikeluarkan kelompok tani?", "id", [11], "Rp 2.400.000"),
        # a table's capitalised headers are no names
        ("Which extension worker covered the southern hamlet?", "en", [12], None),
        # the asked noun itself attaches a name, another word of its stem does not ("gugatan" / "penggugat") ...
        ("Siapa penggugat dalam perkara ini?", "id", [13, 14], "Siti Aminah"),
        # ... but a verb is itself in any form ("memprakarsai" / "diprakarsai oleh")
        ("Siapa yang memprakarsai program pembibitan?", "id", [14, 15], "Yayasan Benih Lestari"),
        # the words around an in-place question word are the answer's ("naik menjadi *berapa* per kilo")
        ("Harga pupuk urea naik menjadi berapa per kilogram?", "id", [16], "Rp 2.800"),
        # a number the question gives, in the other language's digits, is one of its words near the date
        ("From what date did each farmer receive 1,400 seedlings?", "en", [17, 18], "4 Juli 2022"),
        # a number the question gives is not its answer
        ("How many of the 17 farmers had low productivity?", "en", [7], None),
        # a who-question asks for a person: a name with a form of address beats a method's name beside the
        # question's words
        ("Who owns Toko Roti Sentosa?", "en", [29, 28], "Ibu Ratna Dewi"),
        # a passive verb's agent after "oleh" (and a title) answers who did it, however far from the verb
        ("Siapa yang mendirikan Koperasi Tani Makmur?", "id", [19, 20], "Ahmad Subagja"),
        # a caption's years are the period its table covers, not when something happened
        ("Kapan Koperasi Tani Makmur dibentuk?", "id", [21, 20], "3 Mei 2001"),
        ("When did Koperasi Tani Makmur start?", "en", [21, 20], "3 Mei 2001"),
        # "how long" is answered by a number of a time unit, not by another number in the best sentence ...
        ("How long did each farmer group meet every week?", "en", [7, 10], "forty minutes"),
        # ... and by sentences when no sentence gives one
        ("How long did the farmers buy organic fertiliser?", "en", [11], None),
        # the question's own words between the asked noun and a number name the noun, they do not part
        # them ("pendapatan usahatani kelompok tani Makmur rata-rata Rp ..."), so a number only near
        # another mention of the noun does not win
        ("Berapa pendapatan usahatani kelompok tani Makmur per musim tanam?", "id", [22, 23], "Rp 9.800.000"),
        ("What is the average income of the Makmur farmer group per planting season?", "en", [22, 23],
         "Rp 9.800.000"),
        # a sentence giving several dates: its opening frames them all, the words right before a date say
        # which it is
        ("Kapan perjanjian kemitraan Kelompok Wanita Tani Melati dan Dinas Ketahanan Pangan ditandatangani?", "id",
         [30], "9 Oktober 2019"),
        ("Kapan nota kesepakatan Kelompok Wanita Tani Melati dan Dinas Ketahanan Pangan ditandatangani?", "id", [30],
         "5 Maret 2018"),
    ],
)
def test_answer_span(vocabulary: Vocabulary, question: str, language: str, sentences: list[int],
                     expected: str | None) -> None:
    analysis = analyse(question, (), vocabulary, language)
    span = answer_span(analysis=analysis, evidence=_evidence(sentences), idf=vocabulary.bm25.idf)
    assert (span.text if span else None) == expected


@pytest.mark.parametrize(
    ("question", "sentences", "expected"),
    [
        # the number of a table's label ("Tabel 4.4") is no quantity
        ("Berapa koefisien korelasi antara luas lahan dan pendapatan?", [24], "0,718"),
        # nor a number glued to a name by a hyphen ("COVID-19")
        ("Berapa jumlah pembeli yang beralih ke pedagang keliling?", [25], None),
        # a table's header row names columns, not an answer
        ("Kelompok mana yang wilayahnya paling luas?", [27], None),
        # the number of a numbered statement ("Definisi 2.9.") is its label, no value
        ("Berapa nilai kriteria informasi model?", [31], None),
    ],
)
def test_labels_and_headers_are_no_answers(vocabulary: Vocabulary, question: str, sentences: list[int],
                                          expected: str | None) -> None:
    analysis = analyse(question, (), vocabulary, "id")
    span = answer_span(analysis=analysis, evidence=_evidence(sentences), idf=vocabulary.bm25.idf)
    assert (span.text if span else None) == expected


@pytest.mark.parametrize(
    ("previous", "answer", "question", "expected"),
    [
        # a follow-up asks a new value: the one the previous answer gave is not it again ...
        ("Berapa jumlah pembeli di pasar desa pada musim pertama?", "Sebanyak 1.850 orang [4.1].",
         "Bagaimana dengan musim berikutnya?", "2.430"),
        # ... also when the previous answer wrote it in English digits, and quoted the sentence that holds both
        ("How many buyers did the village market have in the first season?",
         "1,850 — the thesis says: “Jumlah pembeli di pasar desa naik dari 1.850 orang pada musim pertama menjadi"
         " 2.430 orang pada musim kedua.” [4.1]", "Dan pada musim lainnya?", "2.430"),
    ],
)
def test_a_follow_up_does_not_repeat_the_previous_value(vocabulary: Vocabulary, previous: str, answer: str,
                                                        question: str, expected: str) -> None:
    history = (Turn("user", previous), Turn("assistant", answer))
    analysis = analyse(question, history, vocabulary, "id")
    span = answer_span(analysis=analysis, evidence=_evidence([26]), idf=vocabulary.bm25.idf)
    assert (span.text if span else None) == expected


@pytest.mark.parametrize(
    ("previous", "answer", "question", "expected"),
    [
        # a follow-up asking another year: the value written with that year, not the next one in the series
        ("Berapa jumlah anggota koperasi pada tahun 2019?", "120 orang [4.1].", "Kalau pada tahun 2020?", "104"),
        ("Berapa jumlah anggota koperasi pada tahun 2019?", "120 orang [4.1].", "Kalau tahun 2021?", "97"),
        ("How many members did the cooperative have in 2019?", "120 [4.1].", "And the year after?", "104"),
    ],
)
def test_a_follow_up_asking_another_year_gets_that_years_value(vocabulary: Vocabulary, previous: str, answer: str,
                                                               question: str, expected: str) -> None:
    history = (Turn("user", previous), Turn("assistant", answer))
    analysis = analyse(question, history, vocabulary)
    span = answer_span(analysis=analysis, evidence=_evidence([len(CORPUS) - 1, 26]), idf=vocabulary.bm25.idf)
    assert (span.text if span else None) == expected


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Penelitian ini berlangsung pada tahun ajaran berapa?", "when"),
        ("Jumlah siswa tahun ini berapa?", "number"),
        ("Berapa tahun program itu berjalan?", "number"),
        ("On which days were the interviews held?", "when"),
        ("Over what period were the data collected?", "when"),
        ("Which agency did the farmers contact when the harvest failed?", "which"),
        ("Why did the farmers who joined late earn less?", "why"),
        ("Are the farmers who own land older than forty?", "yesno"),
        ("What is the name of the farmer who won the prize?", "who"),
        ("And who trained them?", "who"),
        ("The programme was funded by whom?", "who"),
        ("When was the cooperative founded?", "when"),
        ("Seberapa besar pengaruh pupuk terhadap hasil panen?", "number"),
        ("What share of the farmers used organic fertiliser?", "number"),
        ("Penelitian ini dilakukan di desa mana?", "which"),
        ("How long will the programme go on?", "duration"),
        ("Until when will the programme go on?", "how"),
    ],
)
def test_question_type(question: str, kind: str) -> None:
    assert question_type(question) == kind


@pytest.mark.parametrize(
    ("text", "spans", "english"),
    [
        ("mulai 4 Januari 2023 sampai dengan 20 Februari 2023.", ["4 Januari 2023 sampai dengan 20 Februari 2023"],
         ["4 January 2023 to 20 February 2023"]),
        ("pada 3 hingga 9 Mei 2021", ["3 hingga 9 Mei 2021"], ["3 to 9 May 2021"]),
        ("antara Agustus sampai Oktober 2020", ["Agustus sampai Oktober 2020"], ["August to October 2020"]),
        ("pada hari Senin, 7 Maret 2022 dan Rabu, 9 Maret 2022.", ["7 Maret 2022 dan Rabu, 9 Maret 2022"],
         ["7 March 2022 and Rabu, 9 March 2022"]),
        ("sebanyak 12 hingga 2022", ["2022"], ["2022"]),  # a count before a year opens no range
        ("tahun pelajaran 2023/2024 dan 1998", ["2023/2024 dan 1998"], ["2023/2024 and 1998"]),
        ("signed on 6 Oktober 2016 in Bogor", ["6 Oktober 2016"], ["6 October 2016"]),
    ],
)
def test_date_spans(text: str, spans: list[str], english: list[str]) -> None:
    found = [text[a:b] for a, b in date_spans(text)]
    assert found == spans
    assert [in_english(s, "date") for s in found] == english


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Bapak Rudi Hartono, S.Pt., M.Si., bertindak sebagai penyuluh.", ["Bapak Rudi Hartono, S.Pt., M.Si."]),
        ("di kelas V SD Negeri 2 Sukasari pada semester ganjil.", ["V SD Negeri 2 Sukasari"]),
        ("Dinas Pertanian Kabupaten Sukamulya membagikan benih.", ["Dinas Pertanian Kabupaten Sukamulya"]),
        ("sesuai Peraturan Menteri Nomor 12 Tahun 2020 tentang pupuk", ["Peraturan Menteri Nomor 12 Tahun 2020"]),
    ],
)
def test_entities(text: str, names: list[str]) -> None:
    assert [text[a:b] for a, b in entities(text)] == names


@pytest.mark.parametrize(
    ("word", "text", "expected"),
    [
        ("collaborator", "Ibu Sari bertindak sebagai kolaborator.", {"kolaborator"}),
        ("produktivitas", "the productivity of the plots", {"productivity"}),
        ("farmer", "petani", set()),  # too short a word to be told by its spelling
    ],
)
def test_cognates(word: str, text: str, expected: set[str]) -> None:
    assert cognates(word, text) == expected


@pytest.mark.parametrize(
    ("between", "gap"),
    [
        # inside one clause the question's words name the asked noun: only "rata-rata" parts it from the number
        (" usahatani jajar legowo rata-rata ", 1),
        # across a bracket or a semicolon every word counts
        (" (p < 0,004); 2. jajar legowo memberikan ", 7),  # words() splits "0,004" in two
        (" hasil uji ", 2),
    ],
)
def test_unnamed_gap(between: str, gap: int) -> None:
    skip = set(index_terms("usahatani jajar legowo"))
    assert _unnamed(between, skip) == gap


ITEMS_WITH_VALUES = ("Uji chi-square menunjukkan hubungan yang bermakna antara luas lahan (p = 0,012), umur petani"
                     " (p = 0,030), dan pengalaman bertani (p = 0,004) dengan pendapatan.")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What was the p-value of the farmers' age?", "0,030"),
        ("What was the p-value of farming experience?", "0,004"),
        ("What was the p-value of the land area?", "0,012"),
    ],
)
def test_a_measure_asked_of_one_item_is_that_items_value(question: str, expected: str) -> None:
    # a measure asked of one of several items, each with its own value right after the measure's name
    # ("X (p = a), Y (p = b), dan Z (p = c)"): the value whose own words name the item, not the first one
    corpus = [text for text, _ in CORPUS] + [ITEMS_WITH_VALUES]
    vocabulary = Vocabulary(BM25([index_terms(text) for text in corpus]), get_dictionary())
    sentence = Sentence(ITEMS_WITH_VALUES, 0, len(ITEMS_WITH_VALUES), language="id")
    chunk = Chunk("c", ITEMS_WITH_VALUES, "toy.txt", 4, "HASIL", "4.1", "Hasil", "4.1", 0, 0, len(ITEMS_WITH_VALUES),
                  (sentence,))
    analysis = analyse(question, (), vocabulary, "en")
    span = answer_span(analysis=analysis, evidence=[Evidence(Passage(chunk, 1.0, 1), sentence, 0.9)],
                       idf=vocabulary.bm25.idf)
    assert (span.text if span else None) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a question naming one year: the value written with that year, not the first of the series
        ("Berapa jumlah anggota koperasi pada tahun 2020?", "104"),
        ("How many members did the cooperative have in 2021?", "97"),
    ],
)
def test_a_question_naming_one_year_gets_that_years_value(vocabulary: Vocabulary, question: str,
                                                          expected: str) -> None:
    analysis = analyse(question, (), vocabulary)
    span = answer_span(analysis=analysis, evidence=_evidence([len(CORPUS) - 1, 26]), idf=vocabulary.bm25.idf)
    assert span is not None and span.text.startswith(expected)
