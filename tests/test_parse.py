"""Parsing: the real chapter's structure, and crafted edge cases."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from ingest.load import RawDocument
from ingest.parse import parse_document, parse_file
from assistant.core.sentences import split_sentences

from conftest import CORPUS_FILE


def _parse(text: str, name: str = "x.txt"):
    return parse_document(RawDocument(name, Path(name), text, hashlib.sha256(text.encode()).hexdigest()))


def test_real_corpus_sections_and_paragraphs():
    document = parse_file(CORPUS_FILE)
    assert document.title == "BAB VI PENUTUP"
    assert [(s.section_id, s.title, s.printed_number) for s in document.sections] == [
        ("6.1", "Kesimpulan", "6.1"),
        ("6.2", "Saran", "1.2"),
    ]
    assert [len(s.paragraphs) for s in document.sections] == [3, 2]
    assert all(s.chapter_number == 6 and s.chapter_title == "PENUTUP" for s in document.sections)
    assert any("printed as '1.2'" in note and "6.2" in note for note in document.notes)


def test_page_breaks_are_rejoined():
    kesimpulan = parse_file(CORPUS_FILE).sections[0]
    assert "dalam pengembangan keduanya, sehingga" in kesimpulan.paragraphs[1].text
    assert "Pemerintah Kota Bogor dan Kedutaan Besar Jepang" in kesimpulan.paragraphs[2].text


def test_emphasis_removed_and_offsets_point_back(corpus_text: str):
    document = parse_file(CORPUS_FILE)
    for section in document.sections:
        for paragraph in section.paragraphs:
            assert "*" not in paragraph.text
            original = corpus_text[paragraph.start : paragraph.end]
            assert " ".join(original.replace("*", "").split()) == paragraph.text
            for sentence in paragraph.sentences:
                source = corpus_text[sentence.start : sentence.end]
                assert " ".join(source.replace("*", "").split()) == sentence.text
    first = document.sections[0].paragraphs[0]
    assert first.text.startswith("Kerjasama Sister City antara Kota Bogor")


def test_sentences_of_the_first_paragraph():
    first = parse_file(CORPUS_FILE).sections[0].paragraphs[0]
    assert len(first.sentences) == 4
    assert first.sentences[1].text.startswith("Sejak ditandatanganinya Minutes of Meeting pada tanggal 6 Oktober 2016")
    assert first.sentences[1].text.endswith("untuk dijadikan intensif bagi kedua Kota.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ada buah, sayur, dll. yang dijual. Harga naik.", ["Ada buah, sayur, dll. yang dijual.", "Harga naik."]),
        ("Menurut Prof. Budi hal itu benar. Dr. Ani setuju.", ["Menurut Prof. Budi hal itu benar.", "Dr. Ani setuju."]),
        ("Nilainya 3.5 persen pada 6 Oktober 2016. Lalu naik.", ["Nilainya 3.5 persen pada 6 Oktober 2016.", "Lalu naik."]),
        ("Lihat No. 5 di atas. Selesai!", ["Lihat No. 5 di atas.", "Selesai!"]),
        ("Apakah benar? Ya, benar.", ["Apakah benar?", "Ya, benar."]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_deeper_numbering_and_odd_case_headings():
    text = "bab ii\n\ntinjauan pustaka\n\n2.1 Teori\n\nIsi teori.\n\n2.1.1 Sub Teori\n\nIsi sub.\n\n2.2 Kerangka\n\nIsi kerangka.\n"
    document = _parse(text)
    assert [(s.section_id, s.title, s.level) for s in document.sections] == [
        ("2.1", "Teori", 2), ("2.1.1", "Sub Teori", 3), ("2.2", "Kerangka", 2)
    ]
    assert document.sections[0].chapter_title == "tinjauan pustaka"


def test_skipped_and_repeated_numbers_are_reconciled_by_position():
    text = "BAB III\n\nMETODE\n\n3.1 Satu\n\nA satu.\n\n3.3 Dua\n\nA dua.\n\n3.3 Tiga\n\nA tiga.\n"
    document = _parse(text)
    assert [(s.section_id, s.printed_number, s.title) for s in document.sections] == [
        ("3.1", "3.1", "Satu"), ("3.2", "3.3", "Dua"), ("3.3", "3.3", "Tiga")
    ]
    assert len(document.sections) == 3  # never merged
    assert len(document.notes) == 1 and "'3.3' (Dua) is 3.2" in document.notes[0]


def test_chapter_without_sections_and_windows_line_endings():
    text = "BAB I\r\nPENDAHULUAN\r\n\r\nLatar belakang penelitian ini panjang\r\nsekali.\r\n\r\nParagraf kedua.\r\n"
    document = _parse(text)
    assert [(s.section_id, s.title, len(s.paragraphs)) for s in document.sections] == [("1", "PENDAHULUAN", 2)]
    paragraph = document.sections[0].paragraphs[0]
    assert paragraph.text == "Latar belakang penelitian ini panjang sekali."
    assert text[paragraph.start : paragraph.end].replace("\r\n", " ") == paragraph.text


def test_a_chapter_titled_like_a_named_part_stays_a_chapter():
    """"BAB VII" then "LAMPIRAN" on its own line is chapter 7 titled Lampiran; its 7.1 stays 7.1.
    A LAMPIRAN heading with no BAB before it is still the named appendix part."""
    document = _parse("BAB VII\n\nLAMPIRAN\n\n7.1 Kunjungan Delegasi\n\nDelegasi datang pada 12 Maret 2019.\n")
    assert document.chapters == ((7, "LAMPIRAN"),) and document.title == "BAB VII LAMPIRAN"
    assert [(s.section_id, s.title, s.chapter_title) for s in document.sections] == [
        ("7.1", "Kunjungan Delegasi", "LAMPIRAN")]
    assert document.notes == ()
    part = _parse("BAB II\n\nTINJAUAN\n\n2.1 Teori\n\nIsi teori.\n\nLAMPIRAN\n\nDaftar pertanyaan wawancara.\n")
    assert [s.section_id for s in part.sections] == ["2.1", "Lampiran"]



def test_riwayat_hidup_after_the_references_is_a_part_of_its_own():
    """The author's curriculum vitae that closes many theses is back matter, not the references' last entry."""
    text = ("BAB V\n\nPENUTUP\n\n5.1 Kesimpulan\n\nTaraf terbaik adalah 5 persen.\n\nDAFTAR PUSTAKA\n\n"
            "Amir, B. 2019. Judul Buku. Bogor: Penerbit.\n\nRIWAYAT HIDUP\n\n"
            "Penulis lahir di Kota Contoh pada tanggal 2 Mei 2001 sebagai anak pertama.\n")
    sections = _parse(text).sections
    assert [s.section_id for s in sections] == ["5.1", "Daftar Pustaka", "Riwayat Hidup"]
    assert [p.text for p in sections[-1].paragraphs] == [
        "Penulis lahir di Kota Contoh pada tanggal 2 Mei 2001 sebagai anak pertama."]


def test_markdown_headings_and_no_headings():
    md = _parse("# BAB IV PEMBAHASAN\n\n## 4.1 Hasil\n\nHasilnya *baik* sekali.\n", "b.md")
    assert [(s.section_id, s.title) for s in md.sections] == [("4.1", "Hasil")]
    assert md.sections[0].paragraphs[0].text == "Hasilnya baik sekali."
    plain = _parse("Hanya teks tanpa judul. Dua kalimat.\n")
    assert [s.section_id for s in plain.sections] == ["1"]
    assert any("no chapter or section headings" in n for n in plain.notes)


def test_a_numbered_sentence_is_not_a_heading():
    document = _parse("BAB V\n\nHASIL\n\n5.1 Data\n\n2.5 juta orang tinggal di sana, menurut data.\n")
    assert [s.section_id for s in document.sections] == ["5.1"]
    assert re.match(r"2\.5 juta", document.sections[0].paragraphs[0].text)


class _CountingText(str):
    """A str that counts the characters its slices copy (issue 17.8: a slice of the rest of the text at
    every boundary made splitting quadratic)."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[override]
        piece = str.__getitem__(self, key)
        type(self).copied += len(piece)
        return piece


@pytest.mark.parametrize("megabytes", [1, 8])
def test_sentence_splitting_copies_linear_in_the_input(megabytes: int):
    unit = "Penelitian ini membahas kerjasama dua kota, dll. yang berbeda sejak 2016. Hasilnya baik! "
    text = _CountingText(unit * (megabytes * 2**20 // len(unit)))
    _CountingText.copied = 0
    spans = split_sentences(text)
    assert len(spans) == 2 * (megabytes * 2**20 // len(unit))
    assert _CountingText.copied <= 2 * len(text)  # was ~len(text)**2 / 180 (every boundary copied the rest)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tujuannya yakni : 1. Membawa Pesan Perdamaian Dunia 2. Menambah Teman. Selain itu ada hal lain.",
         ["Tujuannya yakni : 1. Membawa Pesan Perdamaian Dunia 2. Menambah Teman.", "Selain itu ada hal lain."]),
        ("Tujuannya yaitu: 1. Membawa pesan. 2. Menambah teman, dan 3. Memperluas jaringan. Hal ini penting.",
         ["Tujuannya yaitu: 1. Membawa pesan. 2. Menambah teman, dan 3. Memperluas jaringan.", "Hal ini penting."]),
        ("Ada tiga hal, yaitu a. Satu, b. Dua, dan c. Tiga. Lalu selesai.",
         ["Ada tiga hal, yaitu a. Satu, b. Dua, dan c. Tiga.", "Lalu selesai."]),
        ("Jumlahnya naik menjadi 25. Selain itu turun.", ["Jumlahnya naik menjadi 25.", "Selain itu turun."]),
    ],
)
def test_inline_lists_stay_one_sentence_with_their_lead_in(text: str, expected: list[str]):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


# ---- text as it comes out of PDFs and repositories (issue 13) ------------------------------------


def _sections(document):
    return [(s.section_id, s.title, s.printed_number) for s in document.sections]


def test_headings_run_into_their_text_and_the_misprint_repair_works_against_them():
    text = ("BAB V PENUTUP 5.1.Kesimpulan Berdasarkan hasil penelitian, pendapatan usaha naik.\n"
            "Kalimat kedua ada di sini.\n"
            "1.2 Saran Berdasarkan kesimpulan di atas, pemerintah perlu menambah modal.\n")
    document = _parse(text)
    assert document.chapters == ((5, "PENUTUP"),)
    assert _sections(document) == [("5.1", "Kesimpulan", "5.1"), ("5.2", "Saran", "1.2")]
    assert [p.text for p in document.sections[0].paragraphs] == [
        "Berdasarkan hasil penelitian, pendapatan usaha naik. Kalimat kedua ada di sini."]
    paragraph = document.sections[1].paragraphs[0]
    assert text[paragraph.start:paragraph.end] == paragraph.text  # offsets still point into the file


def test_glued_and_spaced_run_in_sections_keep_their_numbers():
    text = ("BAB III\nMETODE PENELITIAN\n3.1 Jenis Penelitian Penelitian ini bersifat kuantitatif.\n"
            "3.2.Analisis Data Hasil pengujian menunjukkan angka yang naik.\n"
            "3.3 Gambaran Umum Akun @contoh Akun @contoh dibuat pada tahun 2018.\n")
    document = _parse(text)
    assert _sections(document) == [("3.1", "Jenis Penelitian", "3.1"), ("3.2", "Analisis Data", "3.2"),
                                   ("3.3", "Gambaran Umum Akun @contoh", "3.3")]
    assert document.notes == ()
    assert document.sections[1].paragraphs[0].text == "Hasil pengujian menunjukkan angka yang naik."


def test_chapter_words_in_any_case_and_chapter_references_in_prose():
    document = _parse("Bab 4 Hasil dan Pembahasan\n\n4.1 Data\n\nIsi data.\n\n"
                      "BAB IV Hasil Penelitian dan Pembahasan menyajikan data lapangan.\n\n"
                      "BAB IV, dapat disimpulkan bahwa data cukup.\n")
    assert document.chapters == ((4, "Hasil dan Pembahasan"),)
    assert _sections(document) == [("4.1", "Data", "4.1")]
    assert [p.text[:20] for p in document.sections[0].paragraphs] == [
        "Isi data.", "BAB IV Hasil Penelit", "BAB IV, dapat disimp"]


EXTRACTED = """BAB II
TINJAUAN PUSTAKA
2.1 Landasan Teori Usaha kecil tumbuh cepat pada tahun terakhir. Menurut data resmi,
jumlahnya naik 15 persen.3 Selain itu, pendapatan pelaku usaha juga ber-
alasan untuk naik karena kerja-
sama antara negara-
negara tetangga semakin erat.
3 Badan Statistik. (2018). Statistik Usaha Kecil.
12
Judul Skripsi Ini | Universitas Contoh
13 Paragraf ini berlanjut di halaman berikutnya dengan data tambahan yang
cukup panjang untuk satu baris penuh di halaman tersebut.
Judul Skripsi Ini | Universitas Contoh
2.2 Kerangka Pemikiran Kerangka pemikiran menghubungkan modal dan pendapatan.
Tabel 2.1 Data Responden
No Nama Usia
1 Andi Saputra 35
Sumber: Data primer (2021)
14
Judul Skripsi Ini | Universitas Contoh
2.3 Hipotesis Hipotesis penelitian ini ada tiga, yaitu : 1. modal berpengaruh, 2. lama usaha
berpengaruh, dan 3. media digital berpengaruh. Hipotesis diuji dengan regresi.
15
"""


def test_pdf_extracted_text_pages_running_lines_footnotes_hyphens_captions_lists():
    document = _parse(EXTRACTED)
    assert [(s.section_id, s.title, s.page) for s in document.sections] == [
        ("2.1", "Landasan Teori", 12), ("2.2", "Kerangka Pemikiran", 14), ("2.3", "Hipotesis", 15)]
    landasan = document.sections[0]
    assert [(p.kind, p.page) for p in landasan.paragraphs] == [("text", 12), ("footnote", 12), ("text", 13)]
    body, note, continued = (p.text for p in landasan.paragraphs)
    assert body == ("Usaha kecil tumbuh cepat pada tahun terakhir. Menurut data resmi, jumlahnya naik 15 persen. "
                    "Selain itu, pendapatan pelaku usaha juga beralasan untuk naik karena kerja-sama antara "
                    "negara-negara tetangga semakin erat.")
    assert note == "Badan Statistik. (2018). Statistik Usaha Kecil."  # a note of its section, never in a sentence
    assert continued.startswith("Paragraf ini berlanjut") and "Universitas Contoh" not in continued
    assert [s.text for s in landasan.paragraphs[0].sentences][1] == "Menurut data resmi, jumlahnya naik 15 persen."
    every = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "Judul Skripsi Ini" not in every and " 12 " not in every and "13 Paragraf" not in every
    for section in document.sections:  # offsets into the original file, hyphens and markers aside
        for paragraph in section.paragraphs:
            for sentence in paragraph.sentences:
                source = EXTRACTED[sentence.start:sentence.end].replace("ber-\nalasan", "beralasan")
                source = source.replace("-\n", "-").replace("persen.3", "persen.")
                assert " ".join(source.split()) == sentence.text
    caption = document.sections[1].paragraphs[1]
    assert caption.kind == "caption" and caption.text.startswith("Tabel 2.1 Data Responden")
    hipotesis = document.sections[2].paragraphs[0]
    assert [s.text for s in hipotesis.sentences] == [
        "Hipotesis penelitian ini ada tiga, yaitu : 1. modal berpengaruh, 2. lama usaha berpengaruh, dan 3. media "
        "digital berpengaruh.", "Hipotesis diuji dengan regresi."]


def test_roman_page_numbers_and_a_page_number_line_mark_pages_in_plain_text():
    text = ("ABSTRAK\nPenelitian ini membahas usaha kecil di desa.\n(ii)\n"
            "ABSTRACT\nThis study discusses small enterprises in the village and their income.\n(iii)\n"
            "BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nUsaha kecil penting bagi desa.\n1\n"
            "1.2 Rumusan Masalah\nBagaimana pengaruh modal terhadap pendapatan?\n2\n")
    document = _parse(text)
    assert [(s.section_id, s.page, s.language) for s in document.sections] == [
        ("Abstrak", None, "id"), ("Abstract", None, "en"), ("1.1", 1, "id"), ("1.2", 2, "id")]
    assert all("(ii" not in p.text and not p.text.endswith(" 1") for s in document.sections for p in s.paragraphs)


def test_reference_entries_of_a_hard_wrapped_daftar_pustaka():
    document = _parse("BAB I\nPENDAHULUAN\n1.1 Latar\nIsi latar.\n\nDAFTAR PUSTAKA\n"
                      "Badan Statistik. (2019). Data Usaha dalam\nAngka 2019. Jakarta: BPS.\n"
                      "Cangara, H. (2014). Perencanaan Komunikasi. Jakarta: Penerbit\nContoh.\n"
                      "Kaplan, A. M. (2010). Users of the world. Business Horizons, 53(1), 59-68.\n")
    references = document.sections[-1]
    assert references.kind == "references"
    assert [p.text[:12] for p in references.paragraphs] == ["Badan Statis", "Cangara, H. ", "Kaplan, A. M"]


COVER = """PENGARUH MODAL USAHA TERHADAP
PENDAPATAN USAHA KECIL

SKRIPSI

Diajukan untuk Memenuhi Salah Satu Syarat Memperoleh Gelar Sarjana

Disusun Oleh :
Nama : Budi Santoso
NIM : 1710312999

Pembimbing Utama : Dr. Ani Wijaya, M.Si.
Pembimbing Pendamping : Citra Dewi, S.E., M.M.

PROGRAM STUDI MANAJEMEN
FAKULTAS EKONOMI
UNIVERSITAS CONTOH NUSANTARA
2022

ABSTRACT

This study examines how business capital affects the income of small enterprises in one village.

ABSTRAK

Penelitian ini meneliti pengaruh modal usaha terhadap pendapatan usaha kecil di satu desa.

BAB I
PENDAHULUAN

1.1 Latar Belakang

Usaha kecil menjadi penopang ekonomi desa.
"""


def test_title_page_facts_and_abstracts_with_their_language():
    document = _parse(COVER)
    assert [(f.name, f.value, f.quote) for f in document.front] == [
        ("title", "PENGARUH MODAL USAHA TERHADAP PENDAPATAN USAHA KECIL",
         "PENGARUH MODAL USAHA TERHADAP PENDAPATAN USAHA KECIL"),
        ("author", "Budi Santoso", "Nama : Budi Santoso"),
        ("student_number", "1710312999", "NIM : 1710312999"),
        ("supervisor", "Dr. Ani Wijaya, M.Si.", "Pembimbing Utama : Dr. Ani Wijaya, M.Si."),
        ("supervisor", "Citra Dewi, S.E., M.M.", "Pembimbing Pendamping : Citra Dewi, S.E., M.M."),
        ("programme", "MANAJEMEN", "PROGRAM STUDI MANAJEMEN"),
        ("faculty", "EKONOMI", "FAKULTAS EKONOMI"),
        ("university", "UNIVERSITAS CONTOH NUSANTARA", "UNIVERSITAS CONTOH NUSANTARA"),
        ("year", "2022", "2022"),
    ]
    for fact in document.front[1:]:
        assert COVER[fact.start:fact.end] == fact.quote
    assert [(s.section_id, s.kind, s.language) for s in document.sections] == [
        ("Halaman Judul", "cover", "id"), ("Abstract", "front", "en"), ("Abstrak", "front", "id"),
        ("1.1", "body", "id")]
    abstract = document.sections[1].paragraphs[0].sentences[0]
    assert abstract.language == "en" and document.sections[2].paragraphs[0].sentences[0].language == "id"


def test_sentence_languages_survive_the_index_record():
    from assistant.core.types import Chunk
    from ingest.chunk import chunk_document

    chunks = chunk_document(_parse(COVER), lambda text: True)
    abstract = next(c for c in chunks if c.section_id == "Abstract")
    again = Chunk.from_record(abstract.chunk_id, abstract.text, abstract.metadata())
    assert again == abstract and again.sentences[0].language == "en"


def test_a_daftar_isi_in_hard_wrapped_text_is_read_and_never_content():
    document = _parse("DAFTAR ISI\nBAB I PENDAHULUAN ........ 1\n1.1 Latar Belakang ........ 1\n"
                      "1.2 Rumusan Masalah dan Tujuan\nPenelitian ........ 2\nBAB I\nPENDAHULUAN\n"
                      "1.1 Latar Belakang Usaha kecil menjadi penopang ekonomi desa.\n"
                      "Rumusan Masalah dan Tujuan Penelitian\nBagaimana pengaruh modal terhadap pendapatan?\n")
    assert document.contents == (("1", "PENDAHULUAN", "1"), ("1.1", "Latar Belakang", "1"),
                                 ("1.2", "Rumusan Masalah dan Tujuan Penelitian", "2"))
    assert [(s.section_id, s.title, s.printed_number) for s in document.sections] == [
        ("1.1", "Latar Belakang", "1.1"), ("1.2", "Rumusan Masalah dan Tujuan Penelitian", "")]
    assert all("...." not in p.text for s in document.sections for p in s.paragraphs)


def test_list_items_on_their_own_lines_stay_with_their_lead_in():
    document = _parse("BAB V\n\nPENUTUP\n\n5.2 Saran\n\nSaran penelitian ini adalah sebagai berikut:\n\n"
                      "1. Pemerintah desa menambah modal usaha.\n\n2. Pelaku usaha memakai media digital.\n\n"
                      "Penelitian lanjutan dapat memakai sampel yang lebih besar.\n")
    assert [p.text for p in document.sections[0].paragraphs] == [
        "Saran penelitian ini adalah sebagai berikut: 1. Pemerintah desa menambah modal usaha. 2. Pelaku usaha "
        "memakai media digital.",
        "Penelitian lanjutan dapat memakai sampel yang lebih besar."]
    assert len(document.sections[0].paragraphs[0].sentences) == 1


def test_a_page_number_glued_to_a_run_in_heading():
    text = ("BAB III\nMETODE PENELITIAN\n3.1 Jenis Penelitian Penelitian ini bersifat kuantitatif dengan data primer.\n"
            "56\nJudul Skripsi Ini | Universitas Contoh\n"
            "57 3.2.Analisis Data Hasil pengujian menunjukkan angka yang naik setiap bulan.\n"
            "Judul Skripsi Ini | Universitas Contoh\nKalimat lain ada di halaman berikutnya.\n58\n"
            "Judul Skripsi Ini | Universitas Contoh\n3.3 Simpulan Sementara Hasilnya cukup baik.\n59\n")
    document = _parse(text)
    assert [(s.section_id, s.title, s.page) for s in document.sections] == [
        ("3.1", "Jenis Penelitian", 56), ("3.2", "Analisis Data", 57), ("3.3", "Simpulan Sementara", 59)]
    assert [(p.text, p.page) for p in document.sections[1].paragraphs] == [
        ("Hasil pengujian menunjukkan angka yang naik setiap bulan. Kalimat lain ada di halaman berikutnya.", 57)]
    assert [s.page for s in document.sections[1].paragraphs[0].sentences] == [57, 58]


# ---- shapes of a whole skripsi: sub-item headings, tables going on over a page, appendix items ----------


def test_a_numbered_sub_item_heading_is_no_section_and_no_part_of_the_sentence_under_it():
    text = ("BAB II\n\nTINJAUAN PUSTAKA\n\n2.1 Ayam Broiler\n\n1. Pengertian Ayam Broiler\n\n"
            "Ayam broiler adalah ayam ras yang dipilih karena pertumbuhannya cepat. Ayam ini dipanen pada umur "
            "35 hari.\n\n2. Kebutuhan Nutrisi\n\nRansum fase starter mengandung protein kasar 21 sampai 23 persen.\n\n"
            "2.2 Tanaman Kelor\n\nKelor adalah pohon kecil.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [("2.1", "Ayam Broiler"), ("2.2", "Tanaman Kelor")]
    assert [[x.text for x in p.sentences] for p in document.sections[0].paragraphs] == [
        ["1. Pengertian Ayam Broiler", "Ayam broiler adalah ayam ras yang dipilih karena pertumbuhannya cepat.",
         "Ayam ini dipanen pada umur 35 hari."],
        ["2. Kebutuhan Nutrisi", "Ransum fase starter mengandung protein kasar 21 sampai 23 persen."]]


def test_a_table_without_a_source_line_keeps_its_rows_not_the_paragraph_after_it_and_its_continuation_is_a_caption():
    text = ("BAB IV\n\nHASIL\n\n4.2 Konsumsi Ransum\n\nTabel 4.2 Rataan Konsumsi Ransum\n\nPerlakuan Konsumsi\n\n"
            "P0 3.412\nP1 3.398\n\nTurunnya konsumsi ransum pada taraf yang tinggi diduga disebabkan oleh rasa pahit "
            "dari saponin daun kelor.\n\nTabel 4.2 (lanjutan)\n\nPerlakuan Konsumsi\n\nP4 3.154\n\n"
            "Penurunan konsumsi baru berarti pada perlakuan yang paling tinggi, yaitu lebih rendah daripada yang lain.\n")
    paragraphs = _parse(text).sections[0].paragraphs
    assert [(p.kind, p.text) for p in paragraphs] == [
        ("caption", "Tabel 4.2 Rataan Konsumsi Ransum Perlakuan Konsumsi P0 3.412 P1 3.398"),
        ("text", "Turunnya konsumsi ransum pada taraf yang tinggi diduga disebabkan oleh rasa pahit dari saponin daun "
                 "kelor."),
        ("caption", "Tabel 4.2 (lanjutan) Perlakuan Konsumsi P4 3.154"),
        ("text", "Penurunan konsumsi baru berarti pada perlakuan yang paling tinggi, yaitu lebih rendah daripada yang "
                 "lain.")]


def test_the_items_of_a_lampiran_are_captions_of_their_own():
    text = ("BAB V\n\nPENUTUP\n\n5.1 Kesimpulan\n\nTaraf terbaik adalah 5 persen.\n\nLAMPIRAN\n\n"
            "Lampiran 1. Komposisi Ransum Basal\n\nJagung kuning 52,0\nBungkil kedelai 28,0\n\n"
            "Lampiran 2. Hasil Analisis Ragam\n\nPerlakuan 4 139.620\nGalat 15 76.545\n")
    appendix = _parse(text).sections[-1]
    assert appendix.section_id == "Lampiran"
    assert [(p.kind, p.text) for p in appendix.paragraphs] == [
        ("caption", "Lampiran 1. Komposisi Ransum Basal Jagung kuning 52,0 Bungkil kedelai 28,0"),
        ("caption", "Lampiran 2. Hasil Analisis Ragam Perlakuan 4 139.620 Galat 15 76.545")]


def test_statistics_abbreviations_end_no_sentence():
    # "Sig. (2-tailed)" and "Std. Error" as theses quote a statistics program's output
    from assistant.core.sentences import ends_with_abbreviation, split_sentences

    text = ("Uji normalitas menghasilkan nilai Sig. (2-tailed) sebesar 0,200. Karena nilai Sig. 0,200 lebih "
            "besar dari 0,05, residual normal. Nilai Std. Error sebesar 0,076.")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Uji normalitas menghasilkan nilai Sig. (2-tailed) sebesar 0,200.",
        "Karena nilai Sig. 0,200 lebih besar dari 0,05, residual normal.",
        "Nilai Std. Error sebesar 0,076."]
    # a word's period before another abbreviation closes an abbreviation too: "Asymp." is in no list
    text = "Nilai Asymp. Sig. (2-tailed) sebesar 0,200. Residual normal. Penelitian selesai. Dr. Budi menguji."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Nilai Asymp. Sig. (2-tailed) sebesar 0,200.", "Residual normal.", "Penelitian selesai.", "Dr. Budi menguji."]
    assert ends_with_abbreviation("Model Koefisien (B) Std. Error t hitung Sig.")
    assert not ends_with_abbreviation("Residual berdistribusi normal.")


def test_group_abbreviations_of_a_table_header_end_no_sentence():
    # an experiment's table header names its groups short ("Exp. Pre-test", "Ctrl. Gain"), as theses print them
    from assistant.core.sentences import split_sentences

    text = "Aspect Exp. Pre-test Exp. Post-test Ctrl. Pre-test Ctrl. Gain Content 18.03 23.03 17.74 2.55. The gain differs."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Aspect Exp. Pre-test Exp. Post-test Ctrl. Pre-test Ctrl. Gain Content 18.03 23.03 17.74 2.55.",
        "The gain differs."]


def test_a_repeated_citation_is_one_sentence():
    # "Op. Cit." (the work cited before), as footnotes write it: "Op." ends no sentence
    from assistant.core.sentences import split_sentences

    text = "Wawancara dengan Drs. H. Muhammad Ridwan, Op. Cit., hlm. 3. Harahap, Op. Cit., hlm. 38."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Wawancara dengan Drs. H. Muhammad Ridwan, Op. Cit., hlm. 3.", "Harahap, Op. Cit., hlm. 38."]


def test_numbered_reference_entries_are_cut_at_their_numbers_only():
    # a numbered (Vancouver) list: an entry opens with its number ("2.", "[3]"); a wrapped line that ends with
    # the publisher's place and year ("Jakarta: Kementerian Kesehatan RI; 2022.") goes on with its entry
    document = _parse("BAB I\nPENDAHULUAN\n1.1 Latar\nIsi latar.\n\nDAFTAR PUSTAKA\n"
                      "1. Badan Statistik. Data Usaha dalam Angka Tahun 2019.\nJakarta: Badan Statistik; 2020.\n"
                      "2. Cangara H. Perencanaan komunikasi. J Kom Nusant. 2014;3(1):5-9.\n"
                      "3. Dinas Kesehatan. Profil Kesehatan Tahun 2021.\nSukamaju: Dinas Kesehatan; 2022.\n")
    references = document.sections[-1]
    assert [p.text[:12] for p in references.paragraphs] == ["1. Badan Sta", "2. Cangara H", "3. Dinas Kes"]
    assert references.paragraphs[0].text.endswith("Jakarta: Badan Statistik; 2020.")


# ---- an article numbering nothing (a repository's naskah publikasi, two columns as plain pdftotext reads them) ----

_ARTICLE = """PENGARUH MODEL BELAJAR BERKELOMPOK TERHADAP
HASIL BELAJAR SISWA KELAS IV

Nadia Kartika1, Budi Santoso2
1,2Program Studi Pendidikan Guru Sekolah Dasar, Fakultas Keguruan dan Ilmu Pendidikan
Universitas Contoh
NIM: A510190001
Email: nadia@example.ac.id

ABSTRAK

Penelitian ini bertujuan untuk mengetahui pengaruh model belajar berkelompok terhadap hasil belajar siswa.

Kata Kunci: hasil belajar, model kelompok

PENDAHULUAN

Pembelajaran di kelas masih berpusat pada guru sehingga siswa kurang aktif dalam
kegiatan belajar di kelas dan hasil belajar rendah.

METODE PENELITIAN

Penelitian dilaksanakan dalam dua siklus dengan empat tahap pada setiap siklus,
yaitu perencanaan, pelaksanaan, observasi, dan refleksi.

HASIL PENELITIAN DAN PEMBAHASAN

Hasil Siklus I

Nilai rata-rata siswa pada siklus pertama adalah 68 dengan ketuntasan 60% dari
seluruh siswa, sehingga penelitian dilanjutkan.

Jurnal Contoh Pendidikan Dasar, Vol. 1 No. 1 | 1
\fRefleksi

Kelompok yang dibentuk menurut tempat duduk belum heterogen sehingga pada siklus
berikutnya kelompok disusun ulang oleh guru.

Tabel 1. Hasil Belajar
Keterangan
Siklus I
Siklus II
Nilai rata-rata
68
80
Siswa tuntas
2
3

Hasil tersebut menunjukkan bahwa nilai rata-rata kelas naik pada siklus kedua
dan ketuntasan belajar siswa juga naik.

Jurnal Contoh Pendidikan Dasar, Vol. 1 No. 1 | 2
\fSIMPULAN DAN SARAN

Model belajar berkelompok meningkatkan hasil belajar siswa kelas IV pada kedua
siklus yang dilaksanakan.

DAFTAR PUSTAKA

Arikunto, S. (2017). Penelitian Tindakan Kelas. Jakarta: Bumi Aksara.

Jurnal Contoh Pendidikan Dasar, Vol. 1 No. 1 | 3
"""


def test_an_unnumbered_article_reads_its_capital_headings_and_subheadings_as_sections():
    document = _parse(_ARTICLE)
    assert [(s.section_id, s.title, s.level) for s in document.sections] == [
        ("Halaman Judul", "Halaman Judul", 1), ("Abstrak", "Abstrak", 1), ("Pendahuluan", "Pendahuluan", 1),
        ("Metode Penelitian", "Metode Penelitian", 1),
        ("Hasil Penelitian dan Pembahasan", "Hasil Penelitian dan Pembahasan", 1),
        ("Hasil Siklus I", "Hasil Siklus I", 2), ("Refleksi", "Refleksi", 2),
        ("Simpulan dan Saran", "Simpulan dan Saran", 1), ("Daftar Pustaka", "Daftar Pustaka", 1)]
    # the footer's number is the printed page; a table's cell alone on its line mid-page ("2", "3") is no page number
    assert [s.page for s in document.sections] == [1, 1, 1, 1, 1, 1, 2, 3, 3]
    refleksi = next(s for s in document.sections if s.section_id == "Refleksi")
    assert all(p.page == 2 for p in refleksi.paragraphs)


def test_an_articles_title_block_gives_the_title_and_the_first_marked_author():
    front = {f.name: f.value for f in _parse(_ARTICLE).front}
    assert front["title"] == "PENGARUH MODEL BELAJAR BERKELOMPOK TERHADAP HASIL BELAJAR SISWA KELAS IV"
    assert front["author"] == "Nadia Kartika"
    assert front["programme"] == "Pendidikan Guru Sekolah Dasar"
    assert front["student_number"] == "A510190001"


def test_capital_lines_in_a_thesis_with_chapters_are_no_unnumbered_sections():
    text = ("ABSTRAK\n\nPenelitian ini membahas sesuatu yang penting bagi sekolah.\n\nBAB I\nPENDAHULUAN\n\n"
            "1.1 Latar Belakang\n\nTeks latar belakang yang cukup panjang untuk satu paragraf.\n\nCATATAN PENTING\n\n"
            "Teks sesudah baris kapital yang bukan judul bagian.\n")
    sections = _parse(text).sections
    assert [s.section_id for s in sections] == ["Abstrak", "1.1"]
    assert "CATATAN PENTING" in " ".join(p.text for p in sections[-1].paragraphs)


def test_prose_cut_by_a_page_break_under_a_table_of_cells_one_a_line_is_no_cell():
    text = ("ABSTRAK\n\nPenelitian ini dilaksanakan dalam dua siklus di kelas empat.\n\nHASIL PENELITIAN\n\n"
            "Nilai siswa pada kedua siklus disajikan dalam tabel di bawah ini secara ringkas.\n\n"
            "Tabel 1. Hasil Belajar\nAspek\nSiklus I\nSiklus II\nRata-rata\n68\n80\nKategori\nCukup\nSangat baik\n\n"
            "Karena nilai rata-rata kelas sudah melampaui\n\nJurnal Contoh, Vol. 1 | 1\n\fbatas yang ditetapkan, "
            "penelitian dihentikan pada siklus kedua.\n\nJurnal Contoh, Vol. 1 | 2\n\fSIMPULAN\n\n"
            "Nilai rata-rata kelas naik pada siklus kedua dan penelitian berhasil.\n\nJurnal Contoh, Vol. 1 | 3\n")
    section = next(s for s in _parse(text).sections if s.section_id == "Hasil Penelitian")
    assert [p.text for p in section.paragraphs][1:] == [
        "Tabel 1. Hasil Belajar Aspek Siklus I Siklus II Rata-rata 68 80 Kategori Cukup Sangat baik",
        "Karena nilai rata-rata kelas sudah melampaui batas yang ditetapkan, penelitian dihentikan pada siklus kedua."]
