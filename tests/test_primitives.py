"""The language primitives, each written once in assistant/core and used by ingest, the read path and
the UI alike: word tokens, sentences, roman numerals, language detection and citation markers."""

from __future__ import annotations

import pytest

from assistant.answering.answer_language import answer_language
from assistant.core.language import detect_language, language_words, votes
from assistant.core.markers import MARKER, cited_ids, marker, marker_ids, markers, open_marker_start, strip_markers
from assistant.core.sentences import split_lines, split_sentences
from assistant.core.text import (
    content_words,
    index_terms,
    is_roman,
    letter_run_matches,
    letter_runs,
    roman,
    roman_value,
    translation_terms,
    word_after,
    word_forms,
    word_matches,
    word_terms,
    words,
)
from ui.format import guess_language

# ---- citation markers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("[6.1]", ("6.1",)),
        ("[6.1, 6.2]", ("6.1", "6.2")),
        ("[6.1; 6.2]", ("6.1", "6.2")),
        ("[Daftar Pustaka]", ("Daftar Pustaka",)),
        ("[Bagian 6.1]", ("6.1",)),
        ("[section 6.2]", ("6.2",)),
        ("[Sumber: 6.1]", ("6.1",)),
        ("[ 6 ]", ("6",)),
        ("[6.1.2, Bagian 6.2]", ("6.1.2", "6.2")),
        ("Tahun 2016 [6.1]. Lalu [6.2] dan [6.1] lagi.", ("6.1", "6.2")),
        ("[Lampiran] dan [Halaman Judul]", ("Lampiran", "Halaman Judul")),
        # a title is the id of a section in a document that numbers none ("Hasil Siklus II"), so any capitalised title
        # reads as one; a stream drops it unless it names a retrieved section (test_citations)
        ("[Hasil Siklus II]", ("Hasil Siklus II",)),
        ("[Hasil Penelitian dan Pembahasan] [Daftar Pustaka]", ("Hasil Penelitian dan Pembahasan", "Daftar Pustaka")),
        ("[Sumber: Daftar Pustaka]", ("Daftar Pustaka",)),
        ("[Catatan Kaki]", ("Catatan Kaki",)),
        ("[kutipan]", ()),
        ("[a]", ()),
        ("[6.1", ()),
        ("no marker at all", ()),
    ],
)
def test_cited_ids_reads_every_marker_form(text: str, ids: tuple[str, ...]) -> None:
    assert cited_ids(text) == ids


@pytest.mark.parametrize(
    ("inside", "ids"),
    [("6.1", ["6.1"]), ("6.1, 6.2", ["6.1", "6.2"]), ("Bagian 6.1; section 6.2", ["6.1", "6.2"]),
     ("Daftar Pustaka", ["Daftar Pustaka"]), ("Hasil Siklus I, Refleksi", ["Hasil Siklus I", "Refleksi"])],
)
def test_marker_ids_of_one_inside(inside: str, ids: list[str]) -> None:
    assert marker_ids(inside) == ids


def test_marker_group_is_the_inside() -> None:
    assert [m.group(1) for m in MARKER.finditer("a [6.1, 6.2] b [Daftar Pustaka]")] == ["6.1, 6.2", "Daftar Pustaka"]


def test_markers_are_formatted_canonically() -> None:
    assert marker("6.1") == "[6.1]"
    assert marker("Daftar Pustaka") == "[Daftar Pustaka]"
    assert markers(["6.1", "6.2"]) == "[6.1] [6.2]"
    assert markers([]) == ""
    assert cited_ids(markers(["6.1", "Lampiran"])) == ("6.1", "Lampiran")


def test_strip_markers() -> None:
    assert strip_markers("Tahun 2016 [6.1, 6.2] dan [Daftar Pustaka].") == "Tahun 2016  dan ."
    assert strip_markers("a [6.1] b", " ") == "a   b"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Tahun 2016 [6.", 11),
        ("Tahun 2016 [", 11),
        ("Tahun 2016 [Bagian 6", 11),
        ("Tahun 2016 [6.1]", None),
        ("Tahun 2016", None),
        ("[" + "x" * 45, None),  # too long to be a marker
        ("a [6.1] b [Daftar Pus", 10),
        ("a [(", None),  # a bracket no marker starts with
    ],
)
def test_open_marker_start(text: str, start: int | None) -> None:
    assert open_marker_start(text) == start


# ---- word tokens ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Bidang-bidang kota", ["bidang-bidang", "kota"]),  # hyphenated words stay whole (a \w+ split them)
        ("well-known e-mail", ["well-known", "e-mail"]),
        ("Kota's 2016 data", ["kota's", "2016", "data"]),
        ("Rp 5.000,00 (lima ribu)", ["rp", "5", "000", "00", "lima", "ribu"]),
        ("Pemerintah Kabupaten/Kota", ["pemerintah", "kabupaten", "kota"]),
        ("Ç'est Désolé", ["ç'est", "désolé"]),
        ("-awal- akhir-", ["awal", "akhir"]),  # a hyphen at an edge is no part of a word
        ("snake_case", ["snake", "case"]),
        ("", []),
        ("... !? —", []),
    ],
)
def test_words(text: str, tokens: list[str]) -> None:
    assert words(text) == tokens


def test_word_matches_give_positions_and_keep_case() -> None:
    text = "Dinas Kota-Bogor, 2016."
    assert [(m.start(), m.end(), m.group(0)) for m in word_matches(text)] == [
        (0, 5, "Dinas"), (6, 16, "Kota-Bogor"), (18, 22, "2016")]
    assert [m.group(0) for m in word_matches(text, 6)] == ["Kota-Bogor", "2016"]


@pytest.mark.parametrize(
    ("text", "pos", "word"),
    [("50 ha lahan", 2, "ha"), ("50 ha", 0, "50"), ("50  persen-an", 2, "persen-an"), ("50 %", 2, None), ("50", 2, None)],
)
def test_word_after(text: str, pos: int, word: str | None) -> None:
    match = word_after(text, pos)
    assert (match.group(0) if match else None) == word


@pytest.mark.parametrize(
    ("text", "runs"),
    [("twenty-five", ["twenty", "five"]), ("Apa-apa", ["apa", "apa"]), ("It's 2016", ["it", "s"]), ("Désolé", ["d", "sol"]),
     ("dua puluh", ["dua", "puluh"]), ("", [])],
)
def test_letter_runs_split_what_words_keep_whole(text: str, runs: list[str]) -> None:
    assert letter_runs(text) == runs
    assert [m.group(0).lower() for m in letter_run_matches(text)] == runs


# ---- roman numerals ------------------------------------------------------------------------------

ROMAN = [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (6, "VI"), (9, "IX"), (10, "X"), (14, "XIV"),
         (19, "XIX"), (40, "XL"), (49, "XLIX"), (90, "XC"), (99, "XCIX"), (100, "C")]


@pytest.mark.parametrize(("number", "numeral"), ROMAN)
def test_roman_both_ways(number: int, numeral: str) -> None:
    assert roman(number) == numeral
    assert roman_value(numeral) == number
    assert roman_value(numeral.lower()) == number


@pytest.mark.parametrize(("token", "value"), [("6", 6), ("12", 12), ("vi", 6), ("Xiv", 14)])
def test_roman_value_reads_digits_too(token: str, value: int) -> None:
    assert roman_value(token) == value


@pytest.mark.parametrize(
    ("token", "expected"), [("vi", True), ("XIV", True), ("c", True), ("via", False), ("6", False), ("", False),
                            ("bab", False)]
)
def test_is_roman(token: str, expected: bool) -> None:
    assert is_roman(token) is expected


# ---- language detection --------------------------------------------------------------------------

LONG_ID = ("Penelitian ini menggunakan metode kualitatif dengan pendekatan studi kasus untuk memahami bagaimana "
           "masyarakat mengelola sampah rumah tangga di tingkat kelurahan.")
LONG_EN = ("This study uses a qualitative method with a case study approach to understand how communities manage "
           "household waste at the neighbourhood level.")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [("Apa-apa saja?", ["apa", "apa", "saja"]), ("It's 2016, Désolé", ["it", "s", "d", "sol"]), ("", [])],
)
def test_language_words(text: str, tokens: list[str]) -> None:
    assert language_words(text) == tokens


@pytest.mark.parametrize(
    ("text", "detected", "vote", "label", "answer"),
    [
        # short questions: function words decide
        ("Apa saran penulis?", "id", (1, 0), "id", "id"),
        ("Siapa walikota Kisarazu?", "id", (1, 0), "id", "id"),
        ("Bukunya sangat bagus", "id", (2, 0), "id", "id"),  # "-nya" counts as Indonesian
        ("Apa-apa saja yang dibahas?", "id", (3, 0), "id", "id"),
        ("What does the thesis suggest?", "en", (0, 4), "en", "en"),
        ("Who is the mayor?", "en", (0, 3), "en", "en"),
        ("It's about drainage.", "en", (0, 2), "en", "en"),
        # no function word: py3langid for detection, English labels, no answer language
        ("Kota Bogor", "id", (0, 0), "en", None),
        ("Hello", "en", (0, 0), "en", None),
        ("asdf qwer zxcv", "en", (0, 0), "en", None),
        ("2016", "en", (0, 0), "en", None),
        ("", "en", (0, 0), "en", None),
        # long sentences
        (LONG_ID, "id", (5, 0), "id", "id"),
        (LONG_EN, "en", (0, 6), "en", "en"),
        # mixed: a tie goes to py3langid, a 2:1 majority decides
        ("Menurut tesis ini, the recommendation is to increase funding.", "en", (3, 3), "en", "en"),
        ("The thesis says bahwa pemerintah harus meningkatkan dana untuk program tersebut dan juga pelatihan.",
         "id", (5, 3), "id", "id"),
    ],
)
def test_language_of_short_long_and_mixed_text(
    text: str, detected: str, vote: tuple[int, int], label: str, answer: str | None
) -> None:
    assert detect_language(text) == detected
    assert votes(language_words(text)) == vote
    assert guess_language(text) == label  # the web chat's labels before an answer exists
    assert answer_language(text) == answer  # an answer's own prose


def test_answer_language_ignores_markers_and_quotes() -> None:
    text = ("The thesis says “Pemerintah harus meningkatkan dana untuk program tersebut dan juga pelatihan bagi para "
            "petani yang ada di desa” [6.2].")
    assert answer_language(text) == "en"
    assert detect_language(text) == "id"  # the whole text, quote included, is mostly Indonesian function words


# ---- sentences -----------------------------------------------------------------------------------

SENTENCES = [
    # (text, sentences of a thesis paragraph, sentences of an answer written in lines)
    ("Tahun 2016 [6.1]. Kota Bogor [6.2] Kemudian selesai.",
     ["Tahun 2016 [6.1].", "Kota Bogor [6.2] Kemudian selesai."],
     ["Tahun 2016 [6.1].", "Kota Bogor [6.2]", "Kemudian selesai."]),  # an answer's marker ends its sentence
    ("Prof. Dr. Budi menulis. Menurut Bima A. (1999) itu benar.",
     ["Prof. Dr. Budi menulis.", "Menurut Bima A. (1999) itu benar."],
     ["Prof. Dr. Budi menulis.", "Menurut Bima A. (1999) itu benar."]),
    ("Fungsinya yaitu: 1. Membawa pesan, 2. Menambah dana, dan 3. Lainnya. Berikutnya.",
     ["Fungsinya yaitu: 1. Membawa pesan, 2. Menambah dana, dan 3. Lainnya.", "Berikutnya."],
     ["Fungsinya yaitu: 1. Membawa pesan, 2. Menambah dana, dan 3. Lainnya.", "Berikutnya."]),
    ("Judul:\n1. Fokus kota.\n2. Proses kecil.\n- Butir satu.",
     ["Judul:\n1. Fokus kota.\n2. Proses kecil.\n- Butir satu."],
     ["Judul:", "1.", "Fokus kota.", "2.", "Proses kecil.", "- Butir satu."]),
    ("Kata “ya” Lalu pergi.", ["Kata “ya” Lalu pergi."], ["Kata “ya”", "Lalu pergi."]),
    ("dan lain-lain… Kemudian selesai.", ["dan lain-lain… Kemudian selesai."], ["dan lain-lain…", "Kemudian selesai."]),
    ("(Lihat tabel.) Berikut.", ["(Lihat tabel.)", "Berikut."], ["(Lihat tabel.)", "Berikut."]),
    ("Apa? Ya! 5 kota.", ["Apa?", "Ya!", "5 kota."], ["Apa?", "Ya!", "5 kota."]),
    ("Jl. Merdeka no. 5 Bogor. Selesai.", ["Jl. Merdeka no. 5 Bogor.", "Selesai."], ["Jl. Merdeka no. 5 Bogor.", "Selesai."]),
    ("It costs 5.5 dollars. e.g. this one.", ["It costs 5.5 dollars. e.g. this one."], ["It costs 5.5 dollars. e.g. this one."]),
    # a title before a capitalised name, a dotted degree after a name and a comma: no boundary
    ("Klinik dipimpin oleh drg. Rina Lestari sejak 2020. Ia dibantu Hj. Sari dan Tn. Budi.",
     ["Klinik dipimpin oleh drg. Rina Lestari sejak 2020.", "Ia dibantu Hj. Sari dan Tn. Budi."],
     ["Klinik dipimpin oleh drg. Rina Lestari sejak 2020.", "Ia dibantu Hj. Sari dan Tn. Budi."]),
    ("Dibimbing Ir. Dodi Santoso, M.Kes. Dan Ani Wijaya, S.Kom. M.Si. Kemudian selesai.",
     ["Dibimbing Ir. Dodi Santoso, M.Kes. Dan Ani Wijaya, S.Kom. M.Si. Kemudian selesai."],
     ["Dibimbing Ir. Dodi Santoso, M.Kes. Dan Ani Wijaya, S.Kom. M.Si. Kemudian selesai."]),
    ("Ia lulus S.Kom. Lalu bekerja. Harga naik. Dr. Budi setuju.",
     ["Ia lulus S.Kom.", "Lalu bekerja.", "Harga naik.", "Dr. Budi setuju."],
     ["Ia lulus S.Kom.", "Lalu bekerja.", "Harga naik.", "Dr. Budi setuju."]),  # a degree after no name ends one
    ("Datanya dari BPS. Hasilnya naik.", ["Datanya dari BPS.", "Hasilnya naik."],
     ["Datanya dari BPS.", "Hasilnya naik."]),  # an acronym without a vowel is no title
    # a unit's letter after the degree sign is no initial
    ("Suhu modul 61,0 °C. Efisiensinya 96,1%.", ["Suhu modul 61,0 °C.", "Efisiensinya 96,1%."],
     ["Suhu modul 61,0 °C.", "Efisiensinya 96,1%."]),
    # a mathematics thesis' numbered statement and proof open their sentence with their label
    ("Definisi 2.9. (AIC dan BIC) Untuk model dengan k parameter, AIC dihitung. Bukti. Dengan substitusi diperoleh "
     "hasil. Teorema 2.7. Model AR(1) stasioner.",
     ["Definisi 2.9. (AIC dan BIC) Untuk model dengan k parameter, AIC dihitung.",
      "Bukti. Dengan substitusi diperoleh hasil.", "Teorema 2.7. Model AR(1) stasioner."],
     ["Definisi 2.9. (AIC dan BIC) Untuk model dengan k parameter, AIC dihitung.",
      "Bukti. Dengan substitusi diperoleh hasil.", "Teorema 2.7. Model AR(1) stasioner."]),
    ("", [], []),
    ("  \n ", [], []),
]


@pytest.mark.parametrize(("text", "thesis", "answer"), SENTENCES)
def test_sentences_of_a_paragraph_and_of_an_answer(text: str, thesis: list[str], answer: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == thesis
    assert split_lines(text) == answer


def test_sentence_spans_are_positions_in_the_text() -> None:
    text = "  Satu dua.   Tiga empat!  "
    assert split_sentences(text) == [(2, 11), (14, 25)]


# ---- word forms (stem + translations) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "terms"),
    [
        ("kota", ["kota"]),
        ("ditandatangani", ["ditandatangani", "tandatangan"]),
        ("kerjasamanya", ["kerjasamanya", "kerjasama"]),  # outside Sastrawi's dictionary: the light stemmer
        ("bidang-bidang", ["bidang-bidang", "bidang", "bidang", "bidang"]),  # stem, then each part (BM25 counts them)
        ("mayor", ["mayor"]),
        # a possessive also counts as its word: "What is the Cronbach's Alpha ..." finds "Cronbach" (its premise was
        # read as absent from a thesis writing "Cronbach's Alpha", and the answerable question refused)
        ("cronbach's", ["cronbach's", "cronbach s", "cronbach"]),
        ("it's", ["it's", "it s"]),  # too short to be a name's possessive ("it's" is a stopword with its clitic anyway)
    ],
)
def test_word_terms(word: str, terms: list[str]) -> None:
    assert word_terms(word) == terms


def test_translation_terms_and_word_forms() -> None:
    assert translation_terms("wali kota") == ["wali", "kota"]
    assert translation_terms("penandatanganan perjanjian") == ["penandatanganan", "tandatangan", "perjanjian", "janji"]
    assert word_forms("mayor", ["wali kota", "walikota"]) == {"mayor", "wali", "kota", "walikota"}
    assert word_forms("signing", ["penandatanganan"]) == {"signing", "penandatanganan", "tandatangan"}
    assert word_forms("bidang-bidang") == {"bidang-bidang", "bidang"}


def test_index_terms_are_the_content_words_terms() -> None:
    assert index_terms("Bidang-bidang kerjasama yang ditandatangani") == [
        "bidang-bidang", "bidang", "bidang", "bidang", "kerjasama", "ditandatangani", "tandatangan"]


def test_content_words_drop_a_stopword_with_its_english_clitic() -> None:
    # "what's", "isn't" and "can't" are function words, no content the question asks about; a possessive
    # of a content word stays (the vocabulary reads "enterprise's" as "enterprise"); Indonesian apostrophes stay
    assert content_words("What's the enterprise's net profit? It isn't clear, we can't tell, Jum'at") == [
        "enterprise's", "net", "profit", "clear", "jum'at"]


@pytest.mark.parametrize(
    ("text", "detected"),
    [
        # a table's header and rows: "OR" (odds ratio) and "IK" are abbreviations in capitals, not the English "or"
        ("Tabel 4.2 Hasil Analisis Bivariat Faktor Risiko Variabel Kasus n (%) Kontrol n (%) Nilai p OR (IK 95%)", "id"),
        ("Variabel B SE Wald Nilai p OR IK 95% Usia ibu berisiko 1,230 0,452 7,404 0,007 3,42 1,41-8,29", "id"),
        ("Berapa OR obesitas?", "id"),
        # a title set in capitals keeps its words' votes ("PADA", "DI", "DAN"), a lower-case degree beside them
        ("FAKTOR RISIKO KEJADIAN PENYAKIT PADA IBU DI RSUD dr. SUMBER SEHAT", "id"),
        ("DAN KINERJA KEUANGAN BADAN USAHA MILIK DESA (BUMDes)", "id"),
        # English prose still votes its function words, and one written in capitals among them
        ("What is the OR of obesity in the final model?", "en"),
    ],
)
def test_abbreviations_in_capitals_are_no_function_words(text: str, detected: str) -> None:
    assert detect_language(text) == detected
