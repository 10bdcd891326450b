"""Parsing text as it really comes out of PDFs and repositories (issue 13): each shape on a small
text that has it, with exact expectations. The whole-document versions are the collection's dev
documents (tests/test_collection_structure.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assistant.core.paragraphs import continues, ends_sentence, hyphen_join
from ingest.load import RawDocument
from ingest.parse import parse_document

HEADER = "Judul Skripsi yang Panjang dan Berulang"
FOOTER = "Fakultas Contoh Universitas Contoh"


def _parse(text: str, name: str = "x.txt"):
    return parse_document(RawDocument(name, Path(name), text, hashlib.sha256(text.encode()).hexdigest()))


def _layout(document):
    return [(s.section_id, s.title, s.page) for s in document.sections]


# ---- page numbers: at the top or the foot of a page, told apart by the running lines around them ----


def test_page_numbers_at_the_foot_after_a_footer_and_at_the_top_after_a_header():
    # chapter pages number at the foot (after the footer), other pages at the top (after the header)
    text = (f"BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nKalimat pertama ada di halaman satu.\n{FOOTER}\n- 1 -\n"
            f"{HEADER}\n2\n1.2 Rumusan Masalah\nKalimat ini ada di halaman dua.\n{FOOTER}\n"
            f"{HEADER}\n3\n1.3 Tujuan\nKalimat ini ada di halaman tiga.\n{FOOTER}\n"
            f"BAB II\nTINJAUAN PUSTAKA\n2.1 Teori\nKalimat ini ada di halaman empat.\n{FOOTER}\n- 4 -\n"
            f"{HEADER}\n5\n2.2 Kerangka\nKalimat ini ada di halaman lima.\n{FOOTER}\n")
    document = _parse(text)
    assert _layout(document) == [("1.1", "Latar Belakang", 1), ("1.2", "Rumusan Masalah", 2), ("1.3", "Tujuan", 3),
                                 ("2.1", "Teori", 4), ("2.2", "Kerangka", 5)]
    flat = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert HEADER not in flat and FOOTER not in flat and "- 1 -" not in flat


def test_a_foot_number_before_a_part_without_a_header_closes_its_page():
    text = (f"{HEADER}\n10\n4.1 Pembahasan\nHasil ini sejalan dengan penelitian terdahulu.\n{FOOTER}\n"
            f"{HEADER}\n11\n4.2 Kesimpulan\nPenelitian ini menyimpulkan tiga hal penting.\n{FOOTER}\n"
            f"{HEADER}\n12\n4.3 Saran\nPeneliti menyarankan dua hal kepada pembaca.\n{FOOTER}\n- 12 -\n"
            "DAFTAR PUSTAKA\nAhmad, B. (2020). Buku Contoh. Jakarta: Penerbit.\n"
            f"{FOOTER}\n- 13 -\n")
    assert _layout(_parse(text)) == [("4.1", "Pembahasan", 10), ("4.2", "Kesimpulan", 11), ("4.3", "Saran", 12),
                                     ("Daftar Pustaka", "Daftar Pustaka", 13)]


def test_a_page_number_glued_to_the_first_line_of_its_page():
    text = (f"{HEADER}\n6\n3.1 Desain\nPenelitian ini memakai desain korelasional.\n{FOOTER}\n"
            f"{HEADER}\n7 3.2 Instrumen Penelitian\nSkala disusun oleh peneliti.\n{FOOTER}\n"
            f"{HEADER}\n8\n3.3 Prosedur\nSkala disebarkan secara daring.\n{FOOTER}\n")
    document = _parse(text)
    assert _layout(document) == [("3.1", "Desain", 6), ("3.2", "Instrumen Penelitian", 7), ("3.3", "Prosedur", 8)]
    assert document.sections[1].paragraphs[0].text == "Skala disusun oleh peneliti."


def test_roman_numbers_in_parentheses_mark_front_matter_pages_without_a_number():
    text = ("ABSTRAK\nPenelitian ini membahas mahasiswa rantau di kota besar.\n"
            "Kata kunci: dukungan sosial, resiliensi\n(ii)\n"
            "ABSTRACT\nThis study discusses students who live far away from their families.\n"
            "Keywords: social support, resilience\n(iii)\n"
            "BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nMahasiswa rantau tinggal jauh dari keluarga.\n- 1 -\n"
            "1.2 Rumusan Masalah\nApakah dukungan sosial berhubungan dengan resiliensi?\n- 2 -\n")
    document = _parse(text)
    # "ABSTRACT" and "BAB I" follow a line without a period ("Keywords: ...") and still open their parts
    assert [(s.section_id, s.page, s.language) for s in document.sections] == [
        ("Abstrak", None, "id"), ("Abstract", None, "en"), ("1.1", 1, "id"), ("1.2", 2, "id")]
    assert document.sections[0].paragraphs[-1].text.endswith("resiliensi")


# ---- chapters and headings --------------------------------------------------------------------------


@pytest.mark.parametrize("chapter, title", [("Bab 2", "Tinjauan Pustaka"), ("BAB 2", "TINJAUAN PUSTAKA"),
                                            ("BAB II", "Tinjauan Pustaka"), ("Bab II", "TINJAUAN PUSTAKA")])
def test_chapter_words_and_numbers_in_any_case_with_the_title_on_its_own_line(chapter: str, title: str):
    text = (f"1.1 Latar Belakang\nIni bagian pertama.\n{chapter}\n{title}\n2.1 Resiliensi Akademik\n"
            "2.1.1 Pengertian Resiliensi Istilah resiliensi berasal dari bahasa Inggris.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [
        ("1.1", "Latar Belakang"), ("2.1", "Resiliensi Akademik"), ("2.1.1", "Pengertian Resiliensi")]
    assert document.chapters[1] == (2, title)
    assert document.sections[2].paragraphs[0].text == "Istilah resiliensi berasal dari bahasa Inggris."


def test_a_misprinted_number_in_hard_wrapped_text_takes_the_daftar_isi_number():
    text = ("DAFTAR ISI\nBAB III METODE PENELITIAN ........ 6\n3.1 Desain Penelitian ........ 6\n"
            "3.2 Teknik Analisis Data ........ 7\n"
            "BAB III\nMETODE PENELITIAN\n3.1 Desain Penelitian\nPenelitian ini kuantitatif.\n"
            "3.6 Teknik Analisis Data\nData dianalisis dengan korelasi Pearson.\n")
    document = _parse(text)
    assert [(s.section_id, s.title, s.printed_number) for s in document.sections] == [
        ("3.1", "Desain Penelitian", "3.1"), ("3.2", "Teknik Analisis Data", "3.6")]
    assert any("printed as '3.6'" in note for note in document.notes)


def test_a_caption_wrapped_over_two_lines_then_a_heading():
    text = ("BAB II\nTINJAUAN PUSTAKA\n2.1 Dukungan Sosial\nDukungan sosial terdiri atas empat bentuk.\n"
            "Gambar 2.1 Kerangka Berpikir Hubungan Dukungan Sosial dan Resiliensi\nAkademik\n"
            "2.2 Hipotesis Penelitian\nTerdapat hubungan positif antara kedua variabel.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [("2.1", "Dukungan Sosial"),
                                                                      ("2.2", "Hipotesis Penelitian")]
    assert [(p.kind, p.text) for p in document.sections[0].paragraphs] == [
        ("text", "Dukungan sosial terdiri atas empat bentuk."),
        ("caption", "Gambar 2.1 Kerangka Berpikir Hubungan Dukungan Sosial dan Resiliensi Akademik")]


# ---- footnotes, lists, spaces -----------------------------------------------------------------------


def test_a_footnote_is_a_note_of_its_section_with_its_page_and_its_marker_is_gone():
    text = (f"{HEADER}\n8\n4.1 Hasil Uji Hipotesis\nKoefisien korelasi sebesar 0,614. Sumbangan efektif\n"
            f"dukungan sosial\n{FOOTER}\n"
            f"{HEADER}\n9\nsebesar 37,7 persen.4 Selain itu, sisa 62,3 persen dipengaruhi faktor lain.\n"
            "4 Koefisien determinasi dihitung dengan mengkuadratkan r.\n"
            f"{FOOTER}\n{HEADER}\n10\n4.2 Pembahasan\nHasilnya sejalan dengan penelitian lain.\n{FOOTER}\n")
    section = _parse(text).sections[0]
    assert [(p.kind, p.text, p.page) for p in section.paragraphs] == [
        ("text", ("Koefisien korelasi sebesar 0,614. Sumbangan efektif dukungan sosial sebesar 37,7 persen. "
                  "Selain itu, sisa 62,3 persen dipengaruhi faktor lain."), 8),
        ("footnote", "Koefisien determinasi dihitung dengan mengkuadratkan r.", 9)]
    # the paragraph goes on over the page break; each sentence keeps the page it starts on
    assert [(s.text, s.page) for s in section.paragraphs[0].sentences] == [
        ("Koefisien korelasi sebesar 0,614.", 8),
        ("Sumbangan efektif dukungan sosial sebesar 37,7 persen.", 8),
        ("Selain itu, sisa 62,3 persen dipengaruhi faktor lain.", 9)]


def test_lettered_and_numbered_inline_lists_stay_one_sentence_with_their_lead_in():
    text = ("1.4 Manfaat Penelitian\nPenelitian ini memberikan dua manfaat, yaitu: a) manfaat teoretis bagi\n"
            "psikologi pendidikan; b) manfaat praktis bagi bagian kemahasiswaan. Manfaat lain tidak ada.\n"
            "1.5 Tantangan\nTantangannya ada tiga, yaitu : 1. tuntutan akademik, 2. penyesuaian\n"
            "budaya, dan 3. keterbatasan keuangan. Tantangan ini berat.\n")
    first, second = (s.paragraphs[0] for s in _parse(text).sections)
    assert [s.text for s in first.sentences] == [
        ("Penelitian ini memberikan dua manfaat, yaitu: a) manfaat teoretis bagi psikologi pendidikan; b) manfaat "
        "praktis bagi bagian kemahasiswaan."), "Manfaat lain tidak ada."]
    assert [s.text for s in second.sentences] == [
        "Tantangannya ada tiga, yaitu : 1. tuntutan akademik, 2. penyesuaian budaya, dan 3. keterbatasan keuangan.",
        "Tantangan ini berat."]


def test_hyphenated_breaks_hard_breaks_and_double_spaces_are_normalised_offsets_kept():
    text = ("2.1 Teori\nMahasiswa yang resilien lebih mudah bangkit setelah meng-\nalami kegagalan  akademik, "
            "karena kerja-\nsama dengan teman-\nteman membantu.\n")
    paragraph = _parse(text).sections[0].paragraphs[0]
    assert paragraph.text == ("Mahasiswa yang resilien lebih mudah bangkit setelah mengalami kegagalan akademik, "
                              "karena kerja-sama dengan teman-teman membantu.")
    assert text[paragraph.start:paragraph.start + 9] == "Mahasiswa" and text[paragraph.end - 1] == "."


# ---- the shared paragraph primitives (assistant/core/paragraphs.py) ---------------------------------


@pytest.mark.parametrize("previous, following, expected", [
    ("dalam pengem-", "bangan kota", "join"),
    ("ber-", "alasan", "join"),
    ("dinas pari-", "wisata kota", "join"),
    ("kerja-", "sama antarkota", "keep"),
    ("bidang-", "bidang prioritas", "keep"),
    ("Bogor-", "Kisarazu", "keep"),
    ("tahun 2016 -", "2018", "space"),
    ("kata biasa", "berikutnya", "space"),
    ("soft\u00ad", "hyphen", "join"),
])
def test_hyphen_join(previous: str, following: str, expected: str):
    assert hyphen_join(previous, following) == expected


@pytest.mark.parametrize("previous, following, expected", [
    ("sampai dengan", "11 Maret 2022.", True),  # no sentence end
    ("itu adalah hal penting.", "Selanjutnya dibahas", False),
    ("itu adalah hal penting.", "dan selanjutnya dibahas", True),  # lower case goes on
    ("15 persen.3", "Selain itu", False),  # a footnote marker after the period is no word
    ("", "apa saja", False),
])
def test_continues(previous: str, following: str, expected: bool):
    assert continues(previous, following) is expected


def test_ends_sentence():
    assert [ends_sentence(x) for x in ("persen.3", "kata*.*", "tanpa titik", "(2020)", "Produksi 6.840 5.920")] == [
        True, True, False, True, False]


# ---- the title page -----------------------------------------------------------------------------------


def test_the_title_page_in_hard_wrapped_text_gives_the_facts_and_the_document_title():
    text = ("HUBUNGAN DUKUNGAN SOSIAL DENGAN\nRESILIENSI AKADEMIK MAHASISWA\nSKRIPSI\n"
            "Diajukan sebagai Salah Satu Syarat\nDisusun Oleh :\nNama : Anisa Lubis\nNIM : 180541028\n"
            "Pembimbing I : Dr. Yuliani, M.Psi.\nPembimbing II : Fadhil, M.A.\nPROGRAM STUDI PSIKOLOGI\n"
            "FAKULTAS PSIKOLOGI\nUNIVERSITAS CONTOH\n2022\nABSTRAK\nPenelitian ini membahas mahasiswa rantau.\n"
            "BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nMahasiswa rantau tinggal jauh dari keluarga.\n")
    document = _parse(text)
    assert [(s.section_id, s.kind) for s in document.sections] == [
        ("Halaman Judul", "cover"), ("Abstrak", "front"), ("1.1", "body")]
    assert [(f.name, f.value) for f in document.front] == [
        ("title", "HUBUNGAN DUKUNGAN SOSIAL DENGAN RESILIENSI AKADEMIK MAHASISWA"), ("author", "Anisa Lubis"),
        ("student_number", "180541028"), ("supervisor", "Dr. Yuliani, M.Psi."), ("supervisor", "Fadhil, M.A."),
        ("programme", "PSIKOLOGI"), ("faculty", "PSIKOLOGI"), ("university", "UNIVERSITAS CONTOH"), ("year", "2022")]
    assert document.title == "HUBUNGAN DUKUNGAN SOSIAL DENGAN RESILIENSI AKADEMIK MAHASISWA"


# ---- the Daftar Isi confirms pages and titles ----

_CONTENTS = ("DAFTAR ISI\nABSTRAK ........ ii\nBAB III METODE PENELITIAN ........ 6\n3.1 Desain Penelitian ........ 6\n"
             "3.2 Teknik Analisis Data ........ 7\nDAFTAR PUSTAKA ........ 9\n")


def test_text_without_page_numbers_takes_its_pages_from_the_daftar_isi_and_a_cut_title_is_completed():
    text = (_CONTENTS + "ABSTRAK\nPenelitian ini kuantitatif.\nBAB III\nMETODE PENELITIAN\n3.1 Desain Penelitian\n"
            "Penelitian ini kuantitatif.\n3.2 Teknik Analisis\nData dianalisis dengan korelasi Pearson.\n"
            "DAFTAR PUSTAKA\nAzwar, S. (2012). Penyusunan Skala. Yogyakarta.\n")
    document = _parse(text)
    # printed pages as the Daftar Isi gives them; a roman (front matter) page is no page, as in the structure lists
    assert _layout(document) == [("Abstrak", "Abstrak", None), ("3.1", "Desain Penelitian", 6),
                                 ("3.2", "Teknik Analisis Data", 7), ("Daftar Pustaka", "Daftar Pustaka", 9)]
    assert [[s.page for p in s.paragraphs for s in p.sentences] for s in document.sections] == [[None], [6], [7], [9]]


def test_a_heading_run_into_its_paragraph_is_cut_where_its_listed_title_ends():
    text = (_CONTENTS + "BAB III\nMETODE PENELITIAN\n3.1 Desain Penelitian\nPenelitian ini kuantitatif.\n"
            "3.2 Teknik Analisis Data data yang terkumpul dianalisis dengan uji korelasi dari\nkedua variabel penelitian.\n")
    document = _parse(text)
    assert _layout(document) == [("3.1", "Desain Penelitian", 6), ("3.2", "Teknik Analisis Data", 7)]
    paragraph = document.sections[1].paragraphs[0]
    assert paragraph.text == "data yang terkumpul dianalisis dengan uji korelasi dari kedua variabel penelitian."
    assert text[paragraph.start:paragraph.start + 9] == "data yang"


def test_title_by_contents_keeps_a_longer_title_that_is_no_prose():
    from ingest.parse import _title_by_contents

    assert _title_by_contents("Analisis Data Penelitian Lapangan", "Analisis Data") == (
        "Analisis Data Penelitian Lapangan", 0)
    assert _title_by_contents("Teknik Analisis", "Teknik Analisis Data") == ("Teknik Analisis Data", 0)
    assert _title_by_contents("Teknik Analisis Data data yang ada dianalisis dengan uji", "Teknik Analisis Data") == (
        "Teknik Analisis Data", 6)


def test_a_heading_whose_page_was_not_found_is_on_its_listed_arabic_page():
    from assistant.core.types import Section
    from ingest.parse import _listed_page

    section = Section("3.2", "Teknik Analisis Data", "3.2", 3, "Metode", (), level=2, page=None)
    assert _listed_page(section, "7").page == 7
    assert _listed_page(section, "ii").page is None
    assert _listed_page(section, None).page is None
    assert _listed_page(Section("3.2", "T", "3.2", 3, "M", (), level=2, page=8), "7").page == 8


def test_the_title_page_in_hard_wrapped_text_is_quoted_line_by_line():
    # a "Nama : X" line is a sentence of its own; lines in capitals (a wrapped title, the institution) are one
    text = ("HUBUNGAN DUKUNGAN SOSIAL DENGAN\nRESILIENSI AKADEMIK MAHASISWA\nSKRIPSI\nDisusun Oleh :\n"
            "Nama : Anisa Lubis\nNIM : 180541028\nPembimbing I : Dr. Yuliani, M.Psi.\nUNIVERSITAS CONTOH\n2022\n"
            "BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nMahasiswa rantau tinggal jauh\ndari keluarga. Mereka belajar.\n")
    document = _parse(text)
    cover, body = document.sections
    assert [s.text for p in cover.paragraphs for s in p.sentences] == [
        "HUBUNGAN DUKUNGAN SOSIAL DENGAN RESILIENSI AKADEMIK MAHASISWA SKRIPSI", "Disusun Oleh :",
        "Nama : Anisa Lubis", "NIM : 180541028", "Pembimbing I : Dr. Yuliani, M.Psi.", "UNIVERSITAS CONTOH 2022"]
    assert all(text[s.start:s.end].replace("\n", " ") == s.text for p in cover.paragraphs for s in p.sentences)
    # body text stays prose: its hard line breaks are no sentence ends
    assert [s.text for p in body.paragraphs for s in p.sentences] == [
        "Mahasiswa rantau tinggal jauh dari keluarga.", "Mereka belajar."]


# ---- shapes of a complete skripsi (evals/collection_src/kesmas-imunisasi.src.txt) --------------------


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_chapter_title_wrapped_over_two_lines_is_one_title(sep: str):
    text = sep.join(["1.1 Latar Belakang", "Ini bagian pertama.", "BAB II", "TINJAUAN PUSTAKA, LANDASAN TEORI, DAN KERANGKA",
                     "KONSEP PENELITIAN", "2.1 Imunisasi Dasar", "Imunisasi adalah upaya kesehatan."]) + "\n"
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [("1.1", "Latar Belakang"), ("2.1", "Imunisasi Dasar")]
    assert document.chapters[1] == (2, "TINJAUAN PUSTAKA, LANDASAN TEORI, DAN KERANGKA KONSEP PENELITIAN")


def test_a_wrapped_chapter_title_is_completed_as_the_daftar_isi_lists_it_and_a_capital_heading_stays_one():
    text = ("DAFTAR ISI\nBAB II TINJAUAN PUSTAKA DAN\nKERANGKA KONSEP ........ 3\n  2.1 Imunisasi ........ 3\n"
            "BAB III METODE ........ 4\n  3.1 Desain ........ 4\n\n"
            "BAB II TINJAUAN PUSTAKA DAN\n\nKERANGKA KONSEP\n\n2.1 Imunisasi\n\nImunisasi adalah upaya kesehatan.\n\n"
            "BAB III\n\nMETODE\n\nRINGKASAN DESAIN\n\nPenelitian ini potong lintang.\n\n3.1 Desain\n\nDesainnya potong lintang.\n")
    document = _parse(text)
    assert document.chapters == ((2, "TINJAUAN PUSTAKA DAN KERANGKA KONSEP"), (3, "METODE"))
    # "RINGKASAN DESAIN" is no part of "METODE" (the Daftar Isi lists the title whole): it is text of the chapter
    assert [(s.section_id, s.paragraphs[0].text[:16]) for s in document.sections] == [
        ("2.1", "Imunisasi adalah"), ("3", "RINGKASAN DESAIN"), ("3.1", "Desainnya potong")]


def test_a_listed_title_that_begins_a_longer_heading_does_not_cut_it():
    # "Pengetahuan" (2.2) is listed; "4.2.1.2. Pengetahuan Ibu" is a heading of its own, not "Pengetahuan" + "Ibu ..."
    text = ("DAFTAR ISI\nBAB II TINJAUAN PUSTAKA ........ 3\n2.1 Pengetahuan ........ 3\n"
            "BAB IV HASIL ........ 9\n4.1 Hasil Penelitian ........ 9\n"
            "BAB II\nTINJAUAN PUSTAKA\n2.1 Pengetahuan Pengetahuan merupakan hasil tahu seseorang.\n"
            "BAB IV\nHASIL\n4.1. Hasil Penelitian\n4.1.1. Pengetahuan Ibu\nSebanyak 52 responden berpengetahuan baik.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [
        ("2.1", "Pengetahuan"), ("4.1", "Hasil Penelitian"), ("4.1.1", "Pengetahuan Ibu")]
    assert [p.text for s in document.sections for p in s.paragraphs] == [
        "Pengetahuan merupakan hasil tahu seseorang.", "Sebanyak 52 responden berpengetahuan baik."]


def test_a_lettered_subheading_is_a_paragraph_of_its_own():
    text = ("2.1 Imunisasi Dasar\n\nA. Pengertian Imunisasi\n\nImunisasi adalah upaya kesehatan.\n\n"
            "B. Jadwal Imunisasi dan Efek Samping\n\nVaksin diberikan sesuai usia.\n")
    document = _parse(text)
    assert [p.text for p in document.sections[0].paragraphs] == [
        "A. Pengertian Imunisasi", "Imunisasi adalah upaya kesehatan.", "B. Jadwal Imunisasi dan Efek Samping",
        "Vaksin diberikan sesuai usia."]


def test_a_table_closed_by_its_source_line_does_not_take_the_next_paragraph():
    text = ("3.4 Definisi Operasional\n\nTabel 3.1 Definisi Operasional Variabel\n\nVariabel Alat Ukur\n"
            "Sikap Kuesioner\n\nSumber: Data Primer, 2022\n\nKelengkapan imunisasi dinilai dari buku KIA.\n")
    document = _parse(text)
    assert [(p.kind, p.text) for p in document.sections[0].paragraphs] == [
        ("caption", "Tabel 3.1 Definisi Operasional Variabel Variabel Alat Ukur Sikap Kuesioner "
                    "Sumber: Data Primer, 2022"),
        ("text", "Kelengkapan imunisasi dinilai dari buku KIA.")]


def test_the_printed_page_wins_over_a_wrong_daftar_isi_page_also_for_a_heading_at_a_page_foot():
    # the Daftar Isi says 3.2 is on page 8 (where its paragraph is); the heading is the last line of page 7
    text = ("DAFTAR ISI\nBAB III METODE ........ 6\n3.1 Desain ........ 6\n3.2 Instrumen Penelitian ........ 8\n"
            "3.3 Analisis Data ........ 9\n"
            f"BAB III\nMETODE\n3.1 Desain\nPenelitian ini potong lintang dengan sampel ibu.\n3.2 Instrumen Penelitian\n"
            f"{FOOTER}\n- 7 -\n{HEADER}\n8\nInstrumen berupa kuesioner lima belas butir.\n3.3 Analisis Data\n"
            f"Data dianalisis dengan uji chi-square.\n{FOOTER}\n{HEADER}\n9\nHasil diolah dengan SPSS.\n{FOOTER}\n"
            f"{HEADER}\n10\nTabel dibaca per baris.\n{FOOTER}\n")
    document = _parse(text)
    assert _layout(document) == [("3.1", "Desain", 7), ("3.2", "Instrumen Penelitian", 7), ("3.3", "Analisis Data", 8)]
    assert document.sections[1].paragraphs[0].page == 8


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_numbered_heading_wrapped_over_two_lines_is_one_title(sep: str):
    text = sep.join([
        "4.1 Gambaran Umum", "Puskesmas melayani enam desa.", "4.2 Hasil Penelitian",
        "4.2.1 Hubungan Pengetahuan Ibu dengan Kelengkapan Imunisasi Dasar pada", "Bayi",
        "Dari 52 ibu berpengetahuan baik, 40 bayi lengkap.",
        "4.2.2 Hubungan Sikap Ibu terhadap Kelengkapan Imunisasi Dasar Bayi Balita", "Usia Sembilan Bulan",
        "Dari 55 ibu bersikap positif, 41 bayi lengkap.", "4.2.3 Kesimpulan Sementara",
        "Pembahasan Singkat", "Kedua variabel berhubungan."]) + "\n"
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections][2:] == [
        ("4.2.1", "Hubungan Pengetahuan Ibu dengan Kelengkapan Imunisasi Dasar pada Bayi"),
        ("4.2.2", "Hubungan Sikap Ibu terhadap Kelengkapan Imunisasi Dasar Bayi Balita Usia Sembilan Bulan"),
        ("4.2.3", "Kesimpulan Sementara")]  # a short title does not take the line under it
    assert [p.text for s in document.sections for p in s.paragraphs][1:3] == [
        "Dari 52 ibu berpengetahuan baik, 40 bayi lengkap.", "Dari 55 ibu bersikap positif, 41 bayi lengkap."]


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_section_number_extracted_on_a_line_of_its_own_heads_the_title_under_it(sep: str):
    text = sep.join(["BAB III", "METODE PENELITIAN", "3.1", "Lokasi Penelitian", "Penelitian ini dilaksanakan di desa.",
                     "3.2.", "Teknik Analisis Data", "Data dianalisis dengan uji t.", "Tabel 3.1 Nilai Uji",
                     "Variabel Nilai", "X1", "2.5", "X2", "Sumber: Data diolah"]) + "\n"
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [
        ("3.1", "Lokasi Penelitian"), ("3.2", "Teknik Analisis Data")]
    assert [p.text for p in document.sections[0].paragraphs] == ["Penelitian ini dilaksanakan di desa."]
    # a number in a table ("2.5" over "X2") heads nothing
    assert document.sections[1].paragraphs[-1].text.endswith("X1 2.5 X2 Sumber: Data diolah")


def test_a_heading_right_under_a_table_row_in_hard_wrapped_text_is_a_heading():
    text = ("BAB IV\nHASIL\n4.1 Hasil Penelitian\nHasil uji disajikan pada tabel berikut.\n"
            "Tabel 4.3 Hubungan Pengetahuan Ibu dengan Kelengkapan Imunisasi\nPengetahuan Lengkap Tidak Lengkap Total\n"
            "Baik 40 12 52\nKurang 18 24 42\n4.2. Hubungan Sikap Ibu dengan Kelengkapan Imunisasi\n"
            "Dari 55 ibu bersikap positif, 41 bayi lengkap.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [
        ("4.1", "Hasil Penelitian"), ("4.2", "Hubungan Sikap Ibu dengan Kelengkapan Imunisasi")]
    assert [p.text for p in document.sections[1].paragraphs] == ["Dari 55 ibu bersikap positif, 41 bayi lengkap."]


def test_a_header_over_the_top_page_number_with_chapter_pages_numbered_at_the_foot():
    # no footer: the header sits before an edge (its number) on most pages, yet after a chapter page's foot
    # number it opens the next page, so it is a header and the numbers under it open their pages
    text = (f"BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nKalimat di halaman satu.\n1\n{HEADER}\n2\n1.2 Rumusan\n"
            f"Kalimat di halaman dua.\n{HEADER}\n3\n1.3 Tujuan\nKalimat di halaman tiga.\n{HEADER}\n"
            f"BAB II\nTINJAUAN PUSTAKA\n2.1 Teori\nKalimat di halaman empat.\n4\n{HEADER}\n5\n2.2 Kerangka\n"
            f"Kalimat di halaman lima.\n{HEADER}\n6\n2.3 Hipotesis\nKalimat di halaman enam.\n")
    assert _layout(_parse(text)) == [("1.1", "Latar Belakang", 1), ("1.2", "Rumusan", 2), ("1.3", "Tujuan", 3),
                                     ("2.1", "Teori", 4), ("2.2", "Kerangka", 5), ("2.3", "Hipotesis", 6)]


# ---- lettered sections: "BAB II / A. Landasan Teori / B. Penelitian Terdahulu" -------------------

LETTERED_THESIS = (
    "DAFTAR ISI\n\nBAB II KAJIAN PUSTAKA ........ 5\n  A. Landasan Teori ........ 5\n"
    "    1. Pengertian Modal Sosial ........ 5\n  B. Penelitian Terdahulu ........ 8\n"
    "BAB IV HASIL PENELITIAN ........ 12\n  4.1 Hasil Penelitian ........ 12\n\n"
    "BAB II\n\nKAJIAN PUSTAKA\n\nA. Landasan Teori\n\n1. Pengertian Modal Sosial\n\n"
    "Modal sosial adalah kepercayaan, norma, dan jaringan.\n\n2. Bentuk Modal Sosial\n\n"
    "Modal sosial dibedakan menjadi tiga bentuk.\n\nB. Penelitian Terdahulu\n\n"
    "Penelitian sebelumnya menggunakan metode survei.\n\n"
    "BAB IV\n\nHASIL PENELITIAN\n\n4.1 Hasil Penelitian\n\nA. Gambaran Informan\n\n"
    "Informan berjumlah 14 orang.\n"
)


def test_a_chapter_without_numbered_sections_has_lettered_sections():
    document = _parse(LETTERED_THESIS)
    assert [(s.section_id, s.title, s.printed_number, s.level, s.chapter_number) for s in document.sections] == [
        ("2.A", "Landasan Teori", "A", 2, 2), ("2.B", "Penelitian Terdahulu", "B", 2, 2),
        ("4.1", "Hasil Penelitian", "4.1", 2, 4)]
    # numbered items inside a lettered section are its text; a lettered line in a numbered section a subheading
    assert [p.text for s in document.sections for p in s.paragraphs] == [
        "1. Pengertian Modal Sosial Modal sosial adalah kepercayaan, norma, dan jaringan.",
        "2. Bentuk Modal Sosial Modal sosial dibedakan menjadi tiga bentuk.",
        "Penelitian sebelumnya menggunakan metode survei.",
        "A. Gambaran Informan", "Informan berjumlah 14 orang."]
    assert document.notes == ()


def test_lettered_daftar_isi_entries_are_numbered_by_their_chapter_and_give_the_pages():
    document = _parse(LETTERED_THESIS)
    assert [e for e in document.contents if e[0] in ("2.A", "2.B", "")] == [
        ("2.A", "Landasan Teori", "5"), ("", "1. Pengertian Modal Sosial", "5"), ("2.B", "Penelitian Terdahulu", "8")]
    # text without page markers: each listed heading is on the page the Daftar Isi gives it
    assert [(s.section_id, s.page) for s in document.sections] == [("2.A", 5), ("2.B", 8), ("4.1", 12)]


def test_lettered_lines_before_a_chapters_first_numbered_section_stay_subheadings():
    text = ("BAB II\n\nTINJAUAN PUSTAKA\n\nA. Pengantar Teori\n\nBagian ini mengantar teori.\n\n"
            "2.1 Teori Perubahan\n\nPerubahan sosial terjadi pada lembaga.\n\nB. Faktor Pendorong\n\n"
            "Faktor pendorong berasal dari luar.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [("2", "TINJAUAN PUSTAKA"), ("2.1", "Teori Perubahan")]
    assert [p.text for p in document.sections[1].paragraphs] == [
        "Perubahan sosial terjadi pada lembaga.", "B. Faktor Pendorong", "Faktor pendorong berasal dari luar."]


def test_lettered_sections_in_hard_wrapped_text_without_blank_lines():
    text = ("BAB II\nKAJIAN PUSTAKA\nA. Landasan Teori\n1. Pengertian Modal Sosial\nModal sosial adalah kepercayaan, norma,\n"
            "dan jaringan yang dimiliki warga.\nB. Penelitian Terdahulu\nPenelitian sebelumnya menggunakan metode\n"
            "survei terhadap 80 rumah tangga.\nBAB III\nMETODE PENELITIAN\nA. Jenis Penelitian\nPenelitian ini kualitatif.\n")
    document = _parse(text)
    assert [(s.section_id, s.title, [p.text for p in s.paragraphs]) for s in document.sections] == [
        ("2.A", "Landasan Teori", ["1. Pengertian Modal Sosial Modal sosial adalah kepercayaan, norma, dan jaringan yang "
                                   "dimiliki warga."]),
        ("2.B", "Penelitian Terdahulu", ["Penelitian sebelumnya menggunakan metode survei terhadap 80 rumah tangga."]),
        ("3.A", "Jenis Penelitian", ["Penelitian ini kualitatif."])]


def test_alternating_headers_the_chapter_title_over_even_pages_and_the_thesis_title_over_odd_ones():
    # a real skripsi's extracted text: chapter pages carry no header and their number at the foot; the other
    # pages have their header and number on top, the header naming the chapter on even pages ("BAB I
    # PENDAHULUAN", once or twice a chapter: too few to be a repeated line) and the thesis on odd ones; a page
    # numbered on top ends with no furniture before the next chapter opens; the chapter word printed "BAB II."
    odd = HEADER
    text = ("BAB I.\nPENDAHULUAN\n1.1 Latar Belakang\nKalimat ini ada di halaman satu dan paragrafnya\n1\n"
            "BAB I PENDAHULUAN\n2\nberlanjut di halaman dua.\n1.2 Rumusan Masalah\nKalimat halaman dua.\n"
            f"{odd}\n3\n1.3 Tujuan\nKalimat ini ada di halaman tiga.\n"
            "BAB II.\nTINJAUAN PUSTAKA\n2.1 Teori\nKalimat ini ada di halaman empat.\n4\n"
            f"{odd}\n5\n2.2 Kerangka\nKalimat ini ada di halaman lima.\n"
            "BAB II TINJAUAN PUSTAKA\n6\n2.3 Hipotesis\nKalimat ini ada di halaman enam.\n"
            "BAB III.\nMETODE PENELITIAN\n3.1 Lokasi\nKalimat ini ada di halaman tujuh.\n7\n"
            "BAB III METODE PENELITIAN\n8\n3.2 Sampel\nKalimat ini ada di halaman delapan.\n"
            f"{odd}\n9\n3.3 Analisis\nKalimat ini ada di halaman sembilan.\n"
            "DAFTAR PUSTAKA\nSoekartawi. (2016). Analisis Usahatani. Jakarta: UI Press.\n10\n")
    document = _parse(text)
    assert _layout(document) == [
        ("1.1", "Latar Belakang", 1), ("1.2", "Rumusan Masalah", 2), ("1.3", "Tujuan", 3), ("2.1", "Teori", 4),
        ("2.2", "Kerangka", 5), ("2.3", "Hipotesis", 6), ("3.1", "Lokasi", 7), ("3.2", "Sampel", 8),
        ("3.3", "Analisis", 9), ("Daftar Pustaka", "Daftar Pustaka", 10)]
    assert document.chapters == ((1, "PENDAHULUAN"), (2, "TINJAUAN PUSTAKA"), (3, "METODE PENELITIAN"))
    # the header is furniture: the paragraph split by it is one again
    assert [p.text for p in document.sections[0].paragraphs] == [
        "Kalimat ini ada di halaman satu dan paragrafnya berlanjut di halaman dua."]
    assert "BAB I PENDAHULUAN" not in " ".join(p.text for s in document.sections for p in s.paragraphs)


@pytest.mark.parametrize("chapter", ["BAB II.", "BAB II. TINJAUAN PUSTAKA"])
def test_a_chapter_word_with_a_trailing_period_heads_its_chapter_in_hard_wrapped_text(chapter: str):
    text = (f"BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nKalimat pertama.\n{chapter}\n"
            + ("TINJAUAN PUSTAKA\n" if chapter == "BAB II." else "") + "2.1 Teori\nKalimat kedua.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [("1.1", "Latar Belakang"), ("2.1", "Teori")]
    assert document.chapters == ((1, "PENDAHULUAN"), (2, "TINJAUAN PUSTAKA"))


def test_a_pembimbing_anggota_is_a_supervisor_of_the_title_page():
    text = ("PENGARUH PAKAN TERHADAP PERFORMA TERNAK\nSKRIPSI\nDisusun Oleh :\nNama : Nurul Rahmah\nNIM : 1810612045\n"
            "Pembimbing Utama : Prof. Dr. Ir. Suharyanto, M.P.\nPembimbing Anggota : drh. Maya Lestari, M.Sc.\n"
            "PROGRAM STUDI PETERNAKAN\nFAKULTAS PETERNAKAN\nUNIVERSITAS CONTOH\n2022\n"
            "BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nHarga pakan terus naik.\n")
    assert [(f.name, f.value) for f in _parse(text).front if f.name == "supervisor"] == [
        ("supervisor", "Prof. Dr. Ir. Suharyanto, M.P."), ("supervisor", "drh. Maya Lestari, M.Sc.")]


# ---- pdftotext -layout: form feeds, tables laid out with spaces, code listings ----


def _layout_page(number: int, body: list[str]) -> str:
    return "\f" + f"{number:>80}\n\n" + "\n".join(body) + f"\n\n{FOOTER:^80}\n"


def _closing_pages(number: int) -> str:
    """Two more pages (a running line is one that repeats on three pages or more)."""
    return _layout_page(number, ["5.1 Kesimpulan", "Sistem berjalan baik."]) \
        + _layout_page(number + 1, ["5.2 Saran", "Sistem dapat dikembangkan."]) + "\f"


def test_a_laid_out_table_whose_rows_open_with_numbers_stays_one_paragraph_of_rows_over_a_page_break():
    # rows "1  Login ..." read like footnotes 1 and 2 after "V1" and "V2", a wrapped cell under its row, the
    # table going on over the page break, prose after it a paragraph of its own
    text = (_layout_page(30, [
        "4.1 Pengujian",
        "     Nilai V1 = 0,826 dan V2 = 0,770 dihitung dengan bobot yang sama untuk semua",
        "data. Hasil pengujian ditunjukkan pada tabel berikut.",
        "",
        "                        Tabel 4.3 Hasil Pengujian Fungsi",
        " No   Skenario Pengujian          Hasil yang Diharapkan           Kesimpulan",
        " 1    Login dengan kata sandi     Sistem menampilkan halaman      Valid",
        "      yang benar                  utama",
        " 2    Login dengan kata sandi     Sistem menampilkan pesan        Valid",
        "      yang salah                  galat"])
        + _layout_page(31, [
        " 3    Menekan tombol Keluar       Sesi berakhir                   Valid",
        "",
        "     Berdasarkan tabel tersebut, seluruh skenario pengujian memberikan hasil",
        "sesuai harapan."]) + _closing_pages(32))
    section = _parse(text).sections[0]
    assert [(p.kind, p.page) for p in section.paragraphs] == [("text", 30), ("caption", 30), ("text", 31)]
    assert section.paragraphs[0].text == ("Nilai V1 = 0,826 dan V2 = 0,770 dihitung dengan bobot yang sama untuk "
                                          "semua data. Hasil pengujian ditunjukkan pada tabel berikut.")
    assert [(s.text, s.page) for s in section.paragraphs[1].sentences] == [
        ("Tabel 4.3 Hasil Pengujian Fungsi", 30),
        ("No Skenario Pengujian Hasil yang Diharapkan Kesimpulan", 30),
        ("1 Login dengan kata sandi Sistem menampilkan halaman Valid yang benar utama", 30),
        ("2 Login dengan kata sandi Sistem menampilkan pesan Valid yang salah galat", 30),
        ("3 Menekan tombol Keluar Sesi berakhir Valid", 31)]
    assert section.paragraphs[2].text == "Berdasarkan tabel tersebut, seluruh skenario pengujian memberikan hasil " \
                                         "sesuai harapan."


def test_justified_lines_with_even_gaps_are_running_text_not_rows():
    text = _layout_page(27, [
        "3.4 Basis Data",
        "     Basis  data  sistem  bernama  db_contoh dan terdiri  atas lima tabel,  yaitu",
        "tb_user,   tb_kriteria,   tb_alternatif,   tb_penilaian,   dan   tb_hasil.   Tabel",
        "tb_penilaian menyimpan nilai setiap alternatif."]) + _closing_pages(28)
    section = _parse(text).sections[0]
    assert [p.text for p in section.paragraphs] == [
        "Basis data sistem bernama db_contoh dan terdiri atas lima tabel, yaitu tb_user, tb_kriteria, "
        "tb_alternatif, tb_penilaian, dan tb_hasil. Tabel tb_penilaian menyimpan nilai setiap alternatif."]


def test_a_code_listing_split_by_a_page_break_is_one_code_paragraph_and_its_caption_takes_no_prose():
    text = (_layout_page(29, [
        "4.1 Kode Program",
        "     Potongan kode program login ditunjukkan pada Gambar 4.5.",
        "",
        "        <?php",
        "        session_start();",
        "        if (isset($_POST['login'])) {",
        "            $user = cari($_POST['username']);",
        "            if ($user) {",
        "                header(\"Location: utama.php\");"])
        + _layout_page(30, [
        "            }",
        "        }",
        "        ?>",
        "",
        "                      Gambar 4.5 Potongan kode program login",
        "",
        "     Perhitungan dilakukan oleh fungsi hitung yang membaca nilai dari basis data.",
        "4.2 Pengujian",
        "     Pengujian dilakukan dengan metode black box."]) + _closing_pages(31))
    document = _parse(text)
    assert _layout(document)[:2] == [("4.1", "Kode Program", 29), ("4.2", "Pengujian", 30)]
    paragraphs = document.sections[0].paragraphs
    assert [(p.kind, p.page, len(p.sentences)) for p in paragraphs] == [
        ("text", 29, 1), ("code", 29, 1), ("caption", 30, 1), ("text", 30, 1)]
    assert paragraphs[1].text == ("<?php session_start(); if (isset($_POST['login'])) { $user = cari($_POST['username']); "
                                  "if ($user) { header(\"Location: utama.php\"); } } ?>")
    assert paragraphs[2].text == "Gambar 4.5 Potongan kode program login"


def test_list_items_ending_in_semicolons_are_running_text_not_code():
    text = ("BAB V\nPENUTUP\n5.2 Saran\nPerusahaan perlu meningkatkan motivasi kerja karyawan;\n"
            "memperbaiki disiplin kerja;\nmenata lingkungan kerja (Y);\nserta memberi pelatihan.\n")
    paragraphs = _parse(text).sections[0].paragraphs
    assert [(p.kind, p.text) for p in paragraphs] == [
        ("text", "Perusahaan perlu meningkatkan motivasi kerja karyawan; memperbaiki disiplin kerja; "
                 "menata lingkungan kerja (Y); serta memberi pelatihan.")]


def test_a_formula_on_its_own_line_with_its_number_is_a_line_of_its_own():
    text = _layout_page(25, [
        "3.3 Normalisasi",
        "     Normalisasi kriteria benefit dihitung dengan persamaan (3.1).",
        "",
        "                        rij = xij / Max xij                                   (3.1)",
        "     dengan rij adalah rating ternormalisasi dan xij adalah nilai alternatif."]) \
        + _closing_pages(26)
    section = _parse(text).sections[0]
    assert [p.text for p in section.paragraphs] == [
        "Normalisasi kriteria benefit dihitung dengan persamaan (3.1).", "rij = xij / Max xij (3.1)",
        "dengan rij adalah rating ternormalisasi dan xij adalah nilai alternatif."]


def test_form_feeds_tell_a_number_opening_its_page_from_one_closing_the_page_before():
    # number, text, footer on every page: without the form feeds each number could close the page above
    text = (_layout_page(40, ["4.1 Hasil", "Teks halaman empat puluh."])
            + _layout_page(41, ["4.2 Pembahasan", "Teks halaman empat puluh satu."])
            + _layout_page(42, ["4.3 Temuan", "Teks halaman empat puluh dua."]) + "\f")
    assert _layout(_parse(text)) == [("4.1", "Hasil", 40), ("4.2", "Pembahasan", 41), ("4.3", "Temuan", 42)]
    # without them the numbers after the footers are read as closing the pages below them
    assert _layout(_parse(text.replace("\f", ""))) == [("4.1", "Hasil", 40), ("4.2", "Pembahasan", 42),
                                                        ("4.3", "Temuan", 43)]


# ---- chapters printed without the word BAB ("1 PENDAHULUAN"), as IPB-style theses print them ----


def test_chapters_without_the_word_bab_are_chapters_and_the_contents_lists_them():
    text = ("DAFTAR ISI\n1 PENDAHULUAN ........ 1\n1.1 Latar Belakang ........ 1\n2 METODE ........ 2\n"
            "2.1 Waktu dan Tempat ........ 2\n3 HASIL DAN PEMBAHASAN ........ 3\n3.1 Hasil ........ 3\n\n"
            "1 PENDAHULUAN\n\n1.1 Latar Belakang\n\nPerlakuan P3 diberikan pada wadah ketiga.\n\n"
            "2 METODE\n\n2.1 Waktu dan Tempat\n\nPenelitian dilaksanakan pada bulan Juni.\n\n"
            "3 HASIL DAN PEMBAHASAN\n\n3.1 Hasil\n\nPerlakuan P3 memberi hasil terendah.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [
        ("1.1", "Latar Belakang"), ("2.1", "Waktu dan Tempat"), ("3.1", "Hasil")]
    assert document.chapters == ((1, "PENDAHULUAN"), (2, "METODE"), (3, "HASIL DAN PEMBAHASAN"))
    # "P3" before "3 HASIL DAN PEMBAHASAN" is no footnote marker, and the chapter heading no footnote
    assert not [p for s in document.sections for p in s.paragraphs if p.kind == "footnote"]


def test_a_count_or_a_table_row_is_no_bare_chapter():
    from ingest.headings import bare_chapter_line

    assert [bool(bare_chapter_line(x)) for x in ("2 TINJAUAN PUSTAKA", "4 SIMPULAN DAN SARAN", "3 KG", "12 Hasil uji",
                                                 "25 PT ABC", "2 METODE 3", "150 RESPONDEN")] == [
        True, True, False, False, False, False, False]


# ---- a title page without labels: the author's name alone under the title, supervisors under "Pembimbing:" ----


def test_an_unlabelled_author_and_supervisors_listed_under_their_label():
    text = ("PENGARUH PADAT TEBAR TERHADAP\nPERTUMBUHAN IKAN\n\nSITI RAHMAWATI\n\nSKRIPSI\nsebagai salah satu syarat\n\n"
            "NIM C14190001\n\nPembimbing:\nDr. Ir. Budi Santoso, M.Si.\nAni Lestari, S.Pi., M.Si.\n\n"
            "FAKULTAS PERIKANAN\nINSTITUT CONTOH\n2023\n\nABSTRAK\n\nPenelitian ini membahas ikan.\n\n"
            "1 PENDAHULUAN\n\n1.1 Latar Belakang\n\nIkan tumbuh cepat.\n")
    document = _parse(text)
    assert [(f.name, f.value) for f in document.front] == [
        ("title", "PENGARUH PADAT TEBAR TERHADAP PERTUMBUHAN IKAN"), ("author", "SITI RAHMAWATI"),
        ("student_number", "C14190001"), ("supervisor", "Dr. Ir. Budi Santoso, M.Si."),
        ("supervisor", "Ani Lestari, S.Pi., M.Si."), ("faculty", "PERIKANAN"), ("university", "INSTITUT CONTOH"),
        ("year", "2023")]


# ---- an unnumbered subheading on a line of its own: no section, never glued to the table or text above ----


def test_an_unnumbered_subheading_after_table_rows_opens_a_paragraph_of_its_own():
    text = ("BAB IV\nHASIL\n\n4.1 Hasil\n\nTabel 1 Kinerja tiap perlakuan\n\nParameter P1 P2\n\n"
            "Bobot akhir (g) 48,6 42,1\nLaju tumbuh (%) 3,97 3,72\n\nKualitas Air\n\n"
            "Suhu air berkisar antara 27 dan 29 derajat selama pemeliharaan.\n")
    section = _parse(text).sections[0]
    assert section.section_id == "4.1"
    last = section.paragraphs[-1]
    assert last.text == "Kualitas Air Suhu air berkisar antara 27 dan 29 derajat selama pemeliharaan."
    assert [s.text for s in last.sentences] == [
        "Kualitas Air", "Suhu air berkisar antara 27 dan 29 derajat selama pemeliharaan."]


# ---- plain pdftotext output: ligatures, "a)" / "1)" subheadings that are no sections ----


def test_ligatures_are_written_out_in_text_and_titles_and_keep_their_offsets():
    text = "BAB III\nMETODE\n\n3.1. Identi\ufb01kasi Masalah\n\nHasilnya signi\ufb01kan dan \ufb02uktuasi kecil.\n"
    section = _parse(text).sections[0]
    assert (section.section_id, section.title) == ("3.1", "Identifikasi Masalah")
    paragraph = section.paragraphs[0]
    assert paragraph.text == "Hasilnya signifikan dan fluktuasi kecil."
    assert text[paragraph.start:paragraph.end] == "Hasilnya signi\ufb01kan dan \ufb02uktuasi kecil."


def test_marked_subheadings_open_their_paragraph_and_are_no_sections():
    text = ("BAB III\nMETODE\n\n3.1. Populasi dan Sampel\n\nSampel dipilih dengan teknik purposive sampling.\n\n"
            "a) Kriteria inklusi\n\nPasien berusia 30 sampai 75 tahun.\n\n1) Uji validitas\n\n"
            "Seluruh butir dinyatakan valid.\n\n3.2. Analisis Data\n\nData diolah dengan SPSS.\n")
    sections = _parse(text).sections
    assert [(s.section_id, s.title) for s in sections] == [("3.1", "Populasi dan Sampel"), ("3.2", "Analisis Data")]
    assert [[s.text for s in p.sentences] for p in sections[0].paragraphs] == [
        ["Sampel dipilih dengan teknik purposive sampling."],
        ["a) Kriteria inklusi", "Pasien berusia 30 sampai 75 tahun."],
        ["1) Uji validitas", "Seluruh butir dinyatakan valid."]]


def test_a_header_row_repeated_over_a_table_s_rows_is_no_subheading():
    text = ("BAB IV\nHASIL\n\n4.1 Hasil\n\nTabel 4.1 Karakteristik Responden\n\nKarakteristik Jumlah Persen\n\n"
            "Umur muda 6 6,4\nUmur tua 17 18,1\n\nKarakteristik Jumlah Persen\n\nBekerja 31 33,0\n")
    paragraphs = _parse(text).sections[0].paragraphs
    assert [(p.kind, p.text) for p in paragraphs] == [
        ("caption", "Tabel 4.1 Karakteristik Responden Karakteristik Jumlah Persen Umur muda 6 6,4 Umur tua 17 18,1 "
                    "Karakteristik Jumlah Persen Bekerja 31 33,0")]


# ---- a statistics program's tables and abbreviations --------------------------------------------------------


def test_a_header_row_ending_in_an_abbreviation_keeps_the_table_rows_with_their_caption():
    # SPSS prints "Sig." as the last column: the header row's period ends no sentence, so the rows printed under
    # it (a block of their own after the bold header row) stay with the caption instead of becoming prose
    text = ("BAB IV\nHASIL DAN PEMBAHASAN\n4.1 Analisis Regresi\nHasil analisis regresi disajikan pada Tabel 4.7.\n\n"
            "Tabel 4.7 Hasil Analisis Regresi Linear Berganda\nModel Koefisien (B) Std. Error t hitung Sig.\n\n"
            "Konstanta 2,418 1,306 1,851 0,067\nProduk (X1) 0,312 0,076 4,127 0,000\n"
            "Sumber: Data Primer Diolah, 2023\n\n"
            "Koefisien produk sebesar 0,312 berarti skor keputusan pembelian naik bila skor produk naik.\n")
    paragraphs = _parse(text).sections[0].paragraphs
    assert [(p.kind, p.text) for p in paragraphs] == [
        ("text", "Hasil analisis regresi disajikan pada Tabel 4.7."),
        ("caption", "Tabel 4.7 Hasil Analisis Regresi Linear Berganda Model Koefisien (B) Std. Error t hitung Sig. "
                    "Konstanta 2,418 1,306 1,851 0,067 Produk (X1) 0,312 0,076 4,127 0,000 "
                    "Sumber: Data Primer Diolah, 2023"),
        ("text", "Koefisien produk sebesar 0,312 berarti skor keputusan pembelian naik bila skor produk naik.")]
    assert [len(p.sentences) for p in paragraphs] == [1, 1, 1]


def test_a_header_row_ending_in_a_sentence_stays_apart_from_prose_under_it():
    # the join is for rows: prose under a caption whose last line ends with an abbreviation is still its own
    text = ("BAB IV\nHASIL DAN PEMBAHASAN\n4.1 Analisis Regresi\n"
            "Tabel 4.7 Hasil Analisis Regresi Linear Berganda\nModel Koefisien (B) Std. Error t hitung Sig.\n\n"
            "Tabel tersebut menunjukkan bahwa seluruh koefisien regresi bertanda positif dan sebagian besar "
            "signifikan pada taraf lima persen.\n")
    paragraphs = _parse(text).sections[0].paragraphs
    assert [p.kind for p in paragraphs] == ["caption", "text"]


# ---- front matter: a named part's heading with the page's or the work's word, two parts on one page -----------


def test_front_matter_pages_named_with_the_page_or_the_work_are_parts_of_their_own():
    text = ("LEMBAR PENGESAHAN\nSkripsi ini telah dipertahankan di depan Tim Penguji pada tanggal 14 Juni 2023.\n\n"
            "PERNYATAAN KEASLIAN SKRIPSI\nDengan ini saya menyatakan bahwa skripsi ini adalah hasil karya saya sendiri.\n\n"
            "MOTTO DAN PERSEMBAHAN\nSkripsi ini kupersembahkan untuk Ayah dan Ibu.\n\n"
            "HALAMAN PERNYATAAN ORISINALITAS\nSemua sumber yang dikutip telah saya nyatakan dengan benar.\n\n"
            "ABSTRAK\nPenelitian ini menganalisis pengaruh bauran pemasaran.\n\n"
            "BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nKalimat pertama ada di sini.\n")
    document = _parse(text)
    assert [(s.section_id, s.paragraphs[0].text[:20]) for s in document.sections] == [
        ("Lembar Pengesahan", "Skripsi ini telah di"), ("Pernyataan Keaslian", "Dengan ini saya meny"),
        ("Motto", "Skripsi ini kupersem"), ("Pernyataan Orisinalitas", "Semua sumber yang di"),
        ("Abstrak", "Penelitian ini menga"), ("1.1", "Kalimat pertama ada ")]


def test_only_a_capitalised_front_part_takes_the_page_or_the_work_word():
    from ingest.headings import named_part

    assert named_part("SURAT PERNYATAAN") == ("Pernyataan", "front")
    assert named_part("KATA PENGANTAR DAN UCAPAN TERIMA KASIH") == ("Kata Pengantar", "front")
    # a list, the references, a chapter title, a line in running text: no part by these readings
    assert [named_part(x) for x in ("DAFTAR TABEL DAN GAMBAR", "LAMPIRAN SKRIPSI", "HASIL DAN PEMBAHASAN",
                                    "Pernyataan Keaslian Skripsi")] == [None, None, None, None]


def test_table_rows_ending_with_their_source_line_take_no_prose_after_them():
    # the rows of a table that the page's layout cut from its caption (the header row ends in "(%)") end with the
    # table's "Sumber:" line: the paragraph after them, a blank line further down, is prose of its own
    text = ("BAB IV\nHASIL DAN PEMBAHASAN\n4.1 Karakteristik Responden Berdasarkan Usia\n"
            "Tabel 4.2 Karakteristik Responden Berdasarkan Usia\nUsia (tahun) Jumlah (orang) Persentase (%)\n\n"
            "20-29 18 18,0\n30-39 37 37,0\n40-49 29 29,0\n>= 50 16 16,0\nSumber: Data Primer Diolah, 2023\n\n"
            "Responden terbanyak berusia 30 sampai 39 tahun, yaitu 37 orang, diikuti responden berusia 40 sampai 49 "
            "tahun.\n")
    paragraphs = _parse(text).sections[0].paragraphs
    assert paragraphs[-2].text.endswith("16,0 Sumber: Data Primer Diolah, 2023")
    assert paragraphs[-1].text.startswith("Responden terbanyak berusia 30 sampai 39 tahun")


def test_a_run_in_title_with_a_statistic_symbol_keeps_its_section():
    # "Uji t (Parsial)" run into its text with no Daftar Isi to confirm it: the lone "t" is the title's, so the
    # section is not lost (and the next one is not renumbered into its place)
    text = ("BAB IV\nHASIL DAN PEMBAHASAN\n4.1 Uji Normalitas Kolmogorov-Smirnov Hasil uji normalitas menunjukkan "
            "residual berdistribusi normal.\n"
            "4.2 Uji t (Parsial) Hasil uji t menunjukkan bahwa produk berpengaruh signifikan.\n"
            "4.3 Uji F (Simultan) Hasil uji F menunjukkan nilai F hitung sebesar 38,746.\n"
            "4.4 Uji t Hasil uji t menunjukkan bahwa harga berpengaruh signifikan.\n")
    document = _parse(text)
    assert [(s.section_id, s.title, s.paragraphs[0].text[:17]) for s in document.sections] == [
        ("4.1", "Uji Normalitas Kolmogorov-Smirnov", "Hasil uji normali"),
        ("4.2", "Uji t (Parsial)", "Hasil uji t menun"), ("4.3", "Uji F (Simultan)", "Hasil uji F menun"),
        ("4.4", "Uji t", "Hasil uji t menun")]


def test_a_small_raised_digit_after_a_symbol_is_a_power_and_after_a_word_a_footnote_marker(tmp_path):
    # Word prints "R2" and "m2" with the digit as a small raised run, as it prints a footnote's marker: after a one- or
    # two-letter symbol it is the symbol's power (kept, raised), after a word or a stop it is a marker (dropped)
    from fpdf import FPDF

    from ingest.parse import parse_file

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()

    def line(y: float, parts: list[tuple[str, bool]], style: str = "") -> None:
        x = 30.0
        for text, small in parts:
            pdf.set_font("Times", style, 8 if small else 12)
            pdf.text(x, y - (1.5 if small else 0), text)
            x += pdf.get_string_width(text)

    line(30, [("BAB IV", False)], "B")
    line(40, [("HASIL DAN PEMBAHASAN", False)], "B")
    line(52, [("4.1 Koefisien Determinasi (R", False), ("2", True), (")", False)], "B")
    line(62, [("Nilai koefisien determinasi (R", False), ("2", True), (") sebesar 0,620 pada lahan 16,4 m", False),
              ("2", True), (" yang", False)])
    line(68.6, [("ditanami padi. Produksi naik 15 persen.", False), ("3", True), (" Harga gabah tetap", False)])
    line(75.2, [("stabil selama musim tanam ini.", False)])
    path = tmp_path / "pangkat.pdf"
    path.write_bytes(bytes(pdf.output()))
    section = parse_file(path).sections[0]
    assert (section.section_id, section.title) == ("4.1", "Koefisien Determinasi (R²)")
    assert section.paragraphs[0].text == ("Nilai koefisien determinasi (R²) sebesar 0,620 pada lahan 16,4 m² yang "
                                          "ditanami padi. Produksi naik 15 persen. Harga gabah tetap stabil selama "
                                          "musim tanam ini.")


# ---- a thesis written in English (an English Education skripsi): CHAPTER I, APPROVAL SHEET, ACKNOWLEDGEMENT ----


ENGLISH_THESIS = (
    "APPROVAL SHEET\nThis skripsi has been approved by the advisors on 24 June 2024.\n\n"
    "ABSTRACT\nThis study examines peer feedback in a writing class.\n\n"
    "ACKNOWLEDGEMENT\nThe writer thanks her advisors for their guidance.\n\n"
    "TABLE OF CONTENTS\nCHAPTER I INTRODUCTION ........ 1\n1.1 Background of the Study ........ 1\n"
    "1.2 Research Questions ........ 1\nCHAPTER II REVIEW OF RELATED LITERATURE ........ 2\n"
    "2.1 Writing Skill ........ 2\nREFERENCES ........ 3\n\n"
    "CHAPTER I\n\nINTRODUCTION\n\n1.1 Background of the Study\n\nWriting is one of the four language skills.\n\n"
    "1.2 Research Questions\n\nThe research questions are formulated as follows.\n\n"
    "CHAPTER II REVIEW OF RELATED LITERATURE\n\n2.1 Writing Skill\n\nWriting is a productive skill.\n"
    "Chapter II reviews the theories that this study uses.\n\n"
    "REFERENCES\n\nHarmer, J. (2007). How to Teach Writing. Harlow: Pearson.\n"
)


def test_a_thesis_in_english_has_chapters_and_front_parts_by_their_english_words():
    document = _parse(ENGLISH_THESIS)
    assert [(s.section_id, s.title) for s in document.sections] == [
        ("Lembar Persetujuan", "Lembar Persetujuan"), ("Abstract", "Abstract"),
        ("Acknowledgements", "Acknowledgements"), ("1.1", "Background of the Study"), ("1.2", "Research Questions"),
        ("2.1", "Writing Skill"), ("References", "References")]
    assert document.chapters == ((1, "INTRODUCTION"), (2, "REVIEW OF RELATED LITERATURE"))
    # a sentence of prose that starts with the chapter word stays prose
    assert document.sections[5].paragraphs[-1].text.endswith("Chapter II reviews the theories that this study uses.")


def test_english_chapter_words_and_front_part_headings():
    from ingest.headings import chapter_line, named_part

    assert [bool(chapter_line(x)) for x in ("CHAPTER I", "CHAPTER IV FINDINGS AND DISCUSSION", "Chapter 2 Literature Review",
                                            "Chapter II reviews the theories", "CHAPTER III, the method")] == [
        True, True, True, False, False]
    assert [named_part(x) for x in ("APPROVAL SHEET", "ACKNOWLEDGEMENT", "STATEMENT OF AUTHENTICITY",
                                    "MOTTO AND DEDICATION", "REFERENCES", "APPENDICES")] == [
        ("Lembar Persetujuan", "front"), ("Acknowledgements", "front"), ("Pernyataan Keaslian", "front"),
        ("Motto", "front"), ("References", "references"), ("Appendices", "appendix")]


def test_a_research_design_s_symbols_are_no_footnote_markers_for_numbered_table_rows():
    # "O1 X O2" (pre-test, treatment, post-test) glues digits to a one-letter symbol: no footnote markers, so the
    # numbered rows of a questionnaire table further on stay rows of their section, no footnotes 1 and 2
    text = ("3.1 Research Design\n\nTable 3.1 The Research Design\n\nExperimental O1 X O2\nControl O3 - O4\n\n"
            "O1 and O3 are the pre-test scores.\n\n"
            "3.2 Findings\n\nTable 3.2 The Students' Responses\n\nNo Statement Students Percentage\n\n"
            "1 Peer feedback helped me organise my ideas. 28 82.4\n2 My partner's comments were clear. 26 76.5\n\n"
            "Most students agreed with the statements.\n")
    document = _parse(text)
    assert not [p for s in document.sections for p in s.paragraphs if p.kind == "footnote"]
    findings = " ".join(p.text for p in document.sections[1].paragraphs)
    assert "1 Peer feedback helped me organise my ideas. 28 82.4" in findings
    assert "O1 X O2" in " ".join(p.text for p in document.sections[0].paragraphs)


def test_an_appendix_item_opening_a_page_opens_its_own_paragraph(tmp_path):
    # "Appendix 3. ..." at the top of a page after a page ending in a question: a new item, not the question's paragraph
    from fpdf import FPDF

    from ingest.parse import parse_file

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()  # a page of paragraphs that open with an indent: a page's first line at the margin goes on
    pdf.set_font("Times", "", 12)
    pdf.text(180, 15, "23")
    pdf.text(30, 30, "5.2 Suggestion")
    pdf.text(40, 37, "English teachers are suggested to train the students before they give feedback")
    pdf.text(30, 44, "on each other's drafts in the writing class.")
    for number, lines in ((24, ["APPENDICES", "Appendix 2. The Peer Feedback Sheet",
                                "1. Does the first paragraph tell the reader which place is described?",
                                "2. Are there errors in spelling, punctuation, or capital letters?"]),
                          (25, ["Appendix 3. The Students' Pre-test and Post-test Scores", "No Pre-test Post-test",
                                "1 72 78", "2 74 98"])):
        pdf.add_page()
        pdf.set_font("Times", "", 12)
        pdf.text(180, 15, str(number))
        for k, text in enumerate(lines):
            pdf.text(30, 30 + 7 * k, text)
    path = tmp_path / "appendices.pdf"
    path.write_bytes(bytes(pdf.output()))
    section = parse_file(path).sections[-1]
    assert section.section_id == "Appendices"
    last = section.paragraphs[-1]
    assert (last.kind, last.page, last.text[:55]) == ("caption", 25, "Appendix 3. The Students' Pre-test and Post-test Scores")
    assert section.paragraphs[-2].text.endswith("capital letters?")


def test_a_signature_page_is_quoted_by_its_signatures_and_its_prose_by_sentences():
    text = ("APPROVAL SHEET\n\nTHE EFFECT OF PEER FEEDBACK ON STUDENTS' WRITING OF DESCRIPTIVE\nTEXT: A QUASI-EXPERIMENTAL "
            "STUDY\nWritten by:\nNadia Kusuma Wardani\nNIM 2011102045\nThis skripsi has been examined and defended "
            "before the Board of Examiners\non 24 June 2024 and has been approved as fulfilling the requirements.\n\n"
            "Advisor I,\nDr. Agus Salim Harahap, M.Pd.\nNIP 197604142003121002\nHead of the Study Program,\n"
            "Dr. Yohana Simanjuntak, M.Hum.\n\nABSTRACT\n\nThis study examines peer feedback in a writing class.\n")
    section = _parse(text).sections[0]
    assert section.section_id == "Lembar Persetujuan"
    assert [s.text for p in section.paragraphs for s in p.sentences] == [
        "THE EFFECT OF PEER FEEDBACK ON STUDENTS' WRITING OF DESCRIPTIVE TEXT: A QUASI-EXPERIMENTAL STUDY",
        "Written by:", "Nadia Kusuma Wardani NIM 2011102045",
        "This skripsi has been examined and defended before the Board of Examiners on 24 June 2024 and has been "
        "approved as fulfilling the requirements.",
        # a signature's role, name and NIP are one: the role says whose name it is
        "Advisor I, Dr. Agus Salim Harahap, M.Pd. NIP 197604142003121002",
        "Head of the Study Program, Dr. Yohana Simanjuntak, M.Hum."]


def test_a_title_with_a_subtitle_after_its_colon_is_one_line_of_the_title_page_and_a_label_is_not():
    text = ("THE EFFECT OF PEER FEEDBACK ON STUDENTS' WRITING\nOF DESCRIPTIVE TEXT: A QUASI-EXPERIMENTAL STUDY\n"
            "AT THE TENTH GRADE\n\nSKRIPSI\n\nDISUSUN OLEH:\nNADIA KUSUMA WARDANI\nNIM: 2011102045\n\n"
            "UNIVERSITAS MEGA PERSADA\n2024\n\nABSTRACT\n\nThis study examines peer feedback in a writing class.\n")
    cover = _parse(text).sections[0]
    # the title's lines are one (the genre word in capitals after it joins them too, as on every title page); the
    # label's colon ends its line
    assert [s.text for p in cover.paragraphs for s in p.sentences] == [
        "THE EFFECT OF PEER FEEDBACK ON STUDENTS' WRITING OF DESCRIPTIVE TEXT: A QUASI-EXPERIMENTAL STUDY AT THE "
        "TENTH GRADE SKRIPSI", "DISUSUN OLEH:", "NADIA KUSUMA WARDANI", "NIM: 2011102045", "UNIVERSITAS MEGA PERSADA 2024"]


# ---- the same thesis laid out otherwise (evals/layout_variants.py): what re-laying the dev documents exposed ----


def test_rows_of_numbers_repeating_their_shape_beside_page_numbers_are_no_running_lines():
    # three pages end in a table row shaped "#### ##.### #,#" right above their page number: rows, not a footer;
    # each page opens (after its form feed) with the running header, its number under it: the number opens it
    pages = []
    for k, (caption, year, count, rate) in enumerate((("Jumlah Usaha Mikro", "2019", "12.654", "6,3"),
                                                      ("Jumlah Tenaga Kerja", "2020", "14.236", "12,5"),
                                                      ("Nilai Penjualan Kerupuk", "2021", "15.102", "6,1"))):
        pages.append(f"\f{HEADER}\n{k + 2}\n1.{k + 1} Bagian Ke {k + 1}\nTabel 1.{k + 1} {caption}\n"
                     f"Tahun {caption.split()[0]} Pertumbuhan\n2017 11.208 -\n{year} {count} {rate}\n")
    document = _parse("\fBAB I\nPENDAHULUAN\nBab ini memuat latar belakang.\n- 1 -\n" + "".join(pages))
    flat = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "2019 12.654 6,3" in flat and "2020 14.236 12,5" in flat and "2021 15.102 6,1" in flat
    assert [(s.section_id, s.page) for s in document.sections] == [("1", 1), ("1.1", 2), ("1.2", 3), ("1.3", 4)]


def test_a_source_cited_again_in_footnotes_on_several_pages_is_no_running_footer():
    # "Op. Cit." notes of one book: the same line but for their numbers (2, 5, 9), at three pages' feet
    text = (f"\f{HEADER}\nBAB I\nPENDAHULUAN\n1.1 Latar Belakang\nZakat adalah rukun Islam yang ketiga.1 Zakat juga "
            "ibadah sosial.2\n1 Hasibuan, Fikih Zakat, hlm. 12.\n2 Hasibuan, Op. Cit., hlm. 45.\n1\n"
            f"\f{HEADER}\n2\nZakat profesi dikenal pada masa modern.3 Kadarnya 2,5 persen.4 Nisabnya 85 gram "
            "emas.5\n3 Rahman, Zakat Modern, hlm. 9.\n4 Yusuf, Hukum Zakat, hlm. 487.\n5 Hasibuan, Op. Cit., hlm. 60.\n"
            f"\f{HEADER}\n3\n1.2 Rumusan Masalah\nMasalah penelitian ini dirumuskan sebagai berikut.6 Jawabannya "
            "dicari di lapangan.7 Datanya dari wawancara.8 Hasilnya dianalisis.9\n6 Rahman, Zakat Modern, hlm. 11.\n"
            "7 Yusuf, Hukum Zakat, hlm. 490.\n8 Wawancara dengan bendahara gaji.\n9 Hasibuan, Op. Cit., hlm. 71.\n")
    document = _parse(text)
    assert _layout(document) == [("1.1", "Latar Belakang", 1), ("1.2", "Rumusan Masalah", 3)]
    notes = [p.text for s in document.sections for p in s.paragraphs if p.kind == "footnote"]
    assert [n for n in notes if "Op. Cit." in n] == ["Hasibuan, Op. Cit., hlm. 45.", "Hasibuan, Op. Cit., hlm. 60.",
                                                     "Hasibuan, Op. Cit., hlm. 71."]


def test_chapters_without_the_chapter_word_in_hard_wrapped_text():
    # an IPB-style thesis copied out as text: "1 PENDAHULUAN" opens its block under the list of figures (the Daftar
    # Isi lists it), "2 METODE" after a sentence; no blank line anywhere
    text = ("DAFTAR ISI\n1 PENDAHULUAN ........ 1\n1.1 Latar Belakang ........ 1\n2 METODE ........ 2\n"
            "2.1 Waktu dan Tempat ........ 2\nDAFTAR GAMBAR\n1 Tata letak wadah pemeliharaan ........ 2\n"
            "1 PENDAHULUAN\n1.1 Latar Belakang\nIkan lele banyak dibudidayakan karena tumbuh cepat dan tahan\n"
            "terhadap air yang kurang baik.\n2 METODE\n2.1 Waktu dan Tempat\nPenelitian dilaksanakan pada bulan\n"
            "Maret sampai Mei 2022.\n")
    document = _parse(text)
    assert [s.section_id for s in document.sections] == ["1.1", "2.1"]
    assert document.chapters == ((1, "PENDAHULUAN"), (2, "METODE"))


def test_a_title_line_opening_with_a_number_is_no_chapter_in_a_thesis_that_prints_the_chapter_word():
    # the approval sheet's title wraps before "2 CIREMBANG" (the school's number and town): it looks like "2 METODE"
    text = ("APPROVAL SHEET\n\nTHE EFFECT OF PEER FEEDBACK AT SMA NEGERI\n\n2 CIREMBANG\n\nWritten by:\nNadia\n\n"
            "CHAPTER I\n\nINTRODUCTION\n\n1.1 Background of the Study\n\nWriting is a skill.\n\n"
            "CHAPTER II\n\nREVIEW OF RELATED LITERATURE\n\n2.1 Writing Skill\n\nWriting is productive.\n")
    document = _parse(text)
    assert [s.section_id for s in document.sections] == ["Lembar Persetujuan", "1.1", "2.1"]
    assert "2 CIREMBANG" in " ".join(p.text for p in document.sections[0].paragraphs)


def test_a_run_in_title_spaced_out_by_justified_text_is_stored_with_single_spaces():
    text = ("BAB II\nTINJAUAN PUSTAKA\n2.1  Usahatani  Padi  Sawah  Usahatani  adalah  kegiatan  mengorganisasikan\n"
            "sumber daya untuk menghasilkan produk pertanian.\n2.2  Pendapatan  Usahatani\nPendapatan adalah selisih "
            "penerimaan dan biaya.\n")
    assert _layout(_parse(text)) == [("2.1", "Usahatani Padi Sawah", None), ("2.2", "Pendapatan Usahatani", None)]


def test_a_heading_under_table_rows_without_a_source_line_opens_its_section():
    # the table's last row ends with a word, no "Sumber:" line closes it: the heading under it is still one
    text = ("BAB III\nMETODE PENELITIAN\n3.1 Definisi Operasional Variabel\nTabel 3.1 Definisi Operasional Variabel\n"
            "Variabel Definisi Satuan\nPendapatan (Y) Penerimaan dikurangi biaya produksi Rupiah\n"
            "Media digital (X3) Skor sembilan butir pernyataan Skor\n3.2 Teknik Analisis Data\n"
            "Data dianalisis dengan regresi linear berganda.\n")
    document = _parse(text)
    assert [s.section_id for s in document.sections] == ["3.1", "3.2"]
    assert document.sections[1].title == "Teknik Analisis Data"


def test_a_table_header_cell_reading_as_a_listed_title_is_no_heading():
    # "Pertambahan bobot badan" heads a table's column: listed as 4.3 but not in the listed case, and 4.3 is
    # printed further on; "Konversi Ransum" (a caption's wrapped line) is in the listed case but 4.4 follows too
    text = ("DAFTAR ISI\nBAB IV HASIL DAN PEMBAHASAN ........ 10\n4.1 Konsumsi Ransum ........ 10\n"
            "4.2 Pertambahan Bobot Badan ........ 11\n4.3 Konversi Ransum ........ 12\n\n"
            "BAB IV\n\nHASIL DAN PEMBAHASAN\n\n4.1 Konsumsi Ransum\n\nRataan konsumsi disajikan pada Tabel 4.1.\n\n"
            "Tabel 4.1 Rataan Konsumsi Ransum, Pertambahan Bobot Badan, dan\n\nKonversi Ransum\n\nPerlakuan\n\n"
            "Pertambahan bobot badan\n\nP0 3.412 2.105 1,62\n\n4.2 Pertambahan Bobot Badan\n\nBobot badan naik.\n\n"
            "4.3 Konversi Ransum\n\nKonversi ransum turun.\n")
    assert [s.section_id for s in _parse(text).sections] == ["4.1", "4.2", "4.3"]


@pytest.mark.parametrize(("number_first", "header"), [(False, HEADER), (True, HEADER),
                                                     (False, "Sistem Pemantauan Kinerja Berbasis ESP32")])
def test_a_running_header_with_its_page_number_on_its_line(number_first: bool, header: str):
    # a text extractor joins the header and the number printed at its right ("Judul ... 12"), or at its left on
    # an even page ("12 Judul ..."): the header goes, the number is the page's
    # a header may end in digits of its own ("ESP32"): the page's number is the last group after a space
    title = header

    def header(number: int) -> str:
        return f"{number}    {title}" if number_first else f"{title}    {number}"

    text = (f"\fBAB IV\nHASIL PENELITIAN\n4.1 Gambaran Umum\nDesa ini terletak di kaki gunung.\n11\n"
            f"\f{header(12)}\n4.2 Karakteristik Responden\nResponden berjumlah 96 orang.\n"
            f"\f{header(13)}\n4.3 Hasil Uji Validitas\nSemua butir dinyatakan valid.\n"
            f"\f{header(14)}\n4.4 Pembahasan\nHasil ini sejalan dengan teori.\n")
    document = _parse(text)
    assert _layout(document) == [("4.1", "Gambaran Umum", 11), ("4.2", "Karakteristik Responden", 12),
                                 ("4.3", "Hasil Uji Validitas", 13), ("4.4", "Pembahasan", 14)]
    assert title not in " ".join(p.text for s in document.sections for p in s.paragraphs)


def test_a_form_feed_starts_a_page_that_prints_no_number():
    # pdftotext ends every page with a form feed; a chapter's first page prints no number (and no header) here
    text = ("\fBAB I\nPENDAHULUAN\n1.1 Latar Belakang\nKalimat ini ada di halaman satu.\n"
            "\f2\n1.2 Rumusan Masalah\nKalimat ini ada di halaman dua.\n"
            "\fBAB II\nTINJAUAN PUSTAKA\n2.1 Teori\nKalimat ini ada di halaman tiga.\n"
            "\f4\n2.2 Kerangka Berpikir\nKalimat ini ada di halaman empat.\n")
    assert _layout(_parse(text)) == [("1.1", "Latar Belakang", 1), ("1.2", "Rumusan Masalah", 2), ("2.1", "Teori", 3),
                                      ("2.2", "Kerangka Berpikir", 4)]


def test_a_line_of_prose_ending_in_a_year_ends_no_list_of_contents():
    # the Daftar Isi runs into the first chapter (no blank line); "1.1 Latar Belakang" + a prose line ending in
    # "2013" reads like an entry wrapped over two lines with its page: it is the chapter's text
    text = ("DAFTAR ISI\nBAB I PENDAHULUAN ........ 1\n1.1 Latar Belakang ........ 1\n1.2 Rumusan Masalah ........ 2\n"
            "BAB I\nPENDAHULUAN\n1.1 Latar Belakang\nPenelitian tentang usaha mikro di desa ini sudah banyak dilakukan "
            "sejak tahun 2013\noleh peneliti dari berbagai kampus di provinsi ini.\n1.2 Rumusan Masalah\n"
            "Masalahnya dirumuskan sebagai berikut.\n")
    assert [(s.section_id, s.title) for s in _parse(text).sections] == [("1.1", "Latar Belakang"),
                                                                        ("1.2", "Rumusan Masalah")]


def test_a_listed_heading_whose_title_wraps_opens_its_section_after_an_unfinished_line():
    # the line before runs on without a stop (a footnote's words going on); the heading's first line is the start
    # of a title the Daftar Isi lists whole
    text = ("DAFTAR ISI\nBAB II TINJAUAN PUSTAKA ........ 4\n2.1 Tanaman Kelor ........ 4\n"
            "2.2 Pemanfaatan Tepung Daun Kelor sebagai Bahan Pakan\nTambahan dalam Ransum ........ 6\n\n"
            "BAB II\nTINJAUAN PUSTAKA\n2.1 Tanaman Kelor\nKelor adalah pohon kecil yang tahan kering.\n"
            "Pemanfaatan daun kelor untuk pakan ternak di pedesaan umumnya\n"
            "2.2 Pemanfaatan Tepung Daun Kelor sebagai Bahan Pakan\nTambahan dalam Ransum\n"
            "Beberapa penelitian telah menguji tepung daun kelor dalam ransum.\n")
    assert [(s.section_id, s.title) for s in _parse(text).sections] == [
        ("2.1", "Tanaman Kelor"), ("2.2", "Pemanfaatan Tepung Daun Kelor sebagai Bahan Pakan Tambahan dalam Ransum")]


def test_a_header_touching_its_page_number_and_printed_without_it_over_a_chapter():
    # the header fills its line, so the extractor glues the number to its last word ("...Berulang12"); a
    # chapter's first page prints the header with no number (its number is at its foot): a header still
    text = (f"\f{HEADER}\nBAB III\nMETODE PENELITIAN\n3.1 Desain\nPenelitian ini korelasional.\n11\n"
            f"\f{HEADER}12\n3.2 Sampel\nSampel berjumlah 96 orang.\n"
            f"\f{HEADER}13\n3.3 Instrumen\nSkala disusun oleh peneliti.\n"
            f"\f{HEADER}\nBAB IV\nHASIL PENELITIAN\n4.1 Gambaran Umum\nDesa ini terletak di kaki gunung.\n14\n"
            f"\f{HEADER}15\n4.2 Pembahasan\nHasil ini sejalan dengan teori.\n")
    document = _parse(text)
    assert _layout(document) == [("3.1", "Desain", 11), ("3.2", "Sampel", 12), ("3.3", "Instrumen", 13),
                                 ("4.1", "Gambaran Umum", 14), ("4.2", "Pembahasan", 15)]
    assert HEADER not in " ".join(p.text for s in document.sections for p in s.paragraphs)


def test_a_page_opening_with_a_header_seen_once_and_its_number_under_it():
    # alternating headers in a short excerpt: the thesis title heads one odd page only, too few times to be
    # found as a repeated line; the form feed before it says the page starts there, so the number under it opens
    # the page
    text = ("\fBAB IV\nHASIL DAN PEMBAHASAN\n4.1 Gambaran Umum\nDesa ini terletak di kaki gunung.\n7\n"
            "\fBab IV HASIL DAN PEMBAHASAN\n8\n4.2 Analisis Usahatani\nBiaya total dihitung per hektare.\n"
            f"\f{HEADER}\n9\n4.3 Pendapatan\nPendapatan dihitung dari penerimaan dikurangi biaya.\n"
            "\fBab IV HASIL DAN PEMBAHASAN\n10\n4.4 Pembahasan\nHasil ini sejalan dengan teori.\n"
            "\fBAB V\nPENUTUP\n5.1 Kesimpulan\nPendapatan sistem ini lebih tinggi.\n11\n")
    assert _layout(_parse(text)) == [("4.1", "Gambaran Umum", 7), ("4.2", "Analisis Usahatani", 8),
                                     ("4.3", "Pendapatan", 9), ("4.4", "Pembahasan", 10), ("5.1", "Kesimpulan", 11)]


def test_numbered_headings_whose_title_starts_at_a_tab_stop():
    # a PDF made in Word sets a heading's number at the margin and its title at the next tab stop; pdftotext -layout
    # writes the gap as a run of spaces ("2.1.1   Pengertian"), which a table's row has too: these are headings,
    # each opening its section, also two in a row and with a justified paragraph under them
    text = ("\fBAB II\nTINJAUAN PUSTAKA\n\n2.1     Konsep Kecemasan\n2.1.1   Pengertian Kecemasan\n"
            "       Kecemasan  adalah  perasaan  khawatir  yang  samar  dan  tidak  jelas  penyebabnya,\n"
            "disertai respons otonom.\n\n2.1.2   Tingkat Kecemasan\n"
            "       Kecemasan dibagi menjadi empat tingkat.\n\n"
            "              Tabel 2.1 Kategori Skor\n  No    Skor Total          Kategori\n"
            "  1     Kurang dari 14      Tidak ada\n  2     14 - 20             Ringan\n\n"
            "2.2     Konsep Pre Operasi\n       Fase pre operasi dimulai ketika keputusan dibuat.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [
        ("2.1", "Konsep Kecemasan"), ("2.1.1", "Pengertian Kecemasan"), ("2.1.2", "Tingkat Kecemasan"),
        ("2.2", "Konsep Pre Operasi")]
    rows = [p.text for s in document.sections if s.section_id == "2.1.2" for p in s.paragraphs]
    assert any("Kurang dari 14" in row for row in rows)  # the table stays in its section


def test_rows_of_one_shape_beside_a_page_number_are_no_running_line():
    # a table's rows differ in their digits only ("18 - 25 tahun", "26 - 35 tahun"): the same line once digits are
    # set aside, and near the lines "1   Umur" / "2   Jenis kelamin", which open with a number as a page's first
    # line glued to its number does; they are rows under each other, no running header or footer
    text = ("\fBAB IV\nHASIL\n\n4.1 Karakteristik Responden\n       Karakteristik responden disajikan berikut.\n"
            "11\n\f                                                    12\n\n"
            "  No  Karakteristik              n        %\n  1   Umur\n      18 - 25 tahun              3     16,7\n"
            "      26 - 35 tahun              5     27,8\n      36 - 45 tahun              6     33,3\n"
            "      46 - 55 tahun              4     22,2\n  2   Jenis kelamin\n      Laki-laki                  7     38,9\n"
            "      Perempuan                 11     61,1\n\n       Sebagian besar responden berjenis kelamin perempuan.\n"
            "\n4.2 Pembahasan\n       Hasil ini sejalan dengan teori.\n"
            "\f                                                    13\n\n4.3 Keterbatasan\n"
            "       Penelitian ini memiliki keterbatasan.\n")
    document = _parse(text)
    assert _layout(document) == [("4.1", "Karakteristik Responden", 11), ("4.2", "Pembahasan", 12),
                                 ("4.3", "Keterbatasan", 13)]
    flat = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "18 - 25 tahun" in flat and "46 - 55 tahun" in flat


# ---- a scanned thesis as OCR reads it (evals/collection/sejarah-perdagangan-kopra.txt) ----------------------------

OCR_HEADER = "Sejarah Pelabuhan Contoh 1950-1980"


def _ocr_page(number: str, body: str, header: str = OCR_HEADER) -> str:
    return f"{header}\n\n{number}\n\n{body}\n\f"


def test_ocr_chapter_word_with_l_for_i_and_a_comma_for_the_period():
    # "BAB lV" (l for I) is chapter IV, never chapter 55 (L V); "4,3 Pembahasan" is section 4.3, listed so
    text = ("DAFTAR ISI\n\nBAB IV DAMPAK .............. 3\n4.1 Dampak Ekonomi .............. 3\n"
            "4.2 Dampak Sosial .............. 3\n4.3 Pembahasan .............. 4\n\f"
            "BAB III\nSEJARAH\n\n3.1 Masa Awal\n\nKalimat pertama ada di halaman satu.\n\n- 1 -\n\f"
            + _ocr_page("2", "Kalimat kedua ada di halaman dua dan ditutup.")
            + "BAB lV\nDAMPAK\n\n4.1 Dampak Ekonomi\n\nPendapatan naik.\n\n4.2 Dampak Sosial\n\nPenduduk bertambah.\n\n- 3 -\n\f"
            + _ocr_page("4", "4,3 Pembahasan\n\nUraian ini membahas semuanya."))
    document = _parse(text)
    assert _layout(document) == [("3.1", "Masa Awal", 1), ("4.1", "Dampak Ekonomi", 3), ("4.2", "Dampak Sosial", 3),
                                 ("4.3", "Pembahasan", 4)]
    assert [c for c, _ in document.chapters] == [3, 4]


def test_a_comma_numbered_line_is_a_heading_only_when_it_comes_next_or_is_listed():
    # without a Daftar Isi: "2,2 Teori Lanjutan" follows 2.1 and is read as 2.2; "2,5 Hasil Sementara" (not next)
    # and a decimal opening prose ("2,3 persen ...") stay text
    text = ("BAB II\nTINJAUAN\n\n2.1 Teori Dasar\n\nTeori dasar diuraikan di sini.\n\n2,5 Hasil Sementara\n\n"
            "Kalimat berikutnya.\n\n2,2 Teori Lanjutan\n\nTeori lanjutan diuraikan.\n\n"
            "2,3 persen responden menjawab tidak tahu.\n")
    document = _parse(text)
    assert [(s.section_id, s.title) for s in document.sections] == [("2.1", "Teori Dasar"), ("2.2", "Teori Lanjutan")]
    flat = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "2,5 Hasil Sementara" in flat and "2,3 persen" in flat


def test_ocr_page_number_with_a_letter_for_a_digit_and_a_word_broken_over_it():
    # "l2" under the running header is page 12 (it counts with 11 and 13): furniture, not text; the word
    # hyphenated at the foot of page 11 ("pe-", over its number) goes on on page 12 ("rusahaan") as one word
    text = ("BAB I\nPENDAHULUAN\n\n1.1 Latar Belakang\n\nKebun itu milik pe-\n\n- 11 -\n\f"
            + _ocr_page("l2", "rusahaan kecil di kota ini.\n\n1.2 Rumusan Masalah\n\nMasalahnya dirumuskan berikut.")
            + _ocr_page("13", "1.3 Tujuan\n\nTujuannya diuraikan di sini."))
    document = _parse(text)
    assert _layout(document) == [("1.1", "Latar Belakang", 11), ("1.2", "Rumusan Masalah", 12), ("1.3", "Tujuan", 13)]
    first = document.sections[0].paragraphs[0].text
    assert first == "Kebun itu milik perusahaan kecil di kota ini."


def test_ocr_specks_alone_between_paragraphs_are_no_text():
    # a "." or "'" alone on a line between blank lines is a speck on the scan, not a paragraph
    text = ("1.1 Latar Belakang\n\nParagraf pertama selesai di sini.\n\n.\n\nParagraf kedua juga selesai.\n\n'\n\n"
            "1.2 Rumusan Masalah\n\nMasalahnya dirumuskan.\n")
    document = _parse(text)
    assert [p.text for p in document.sections[0].paragraphs] == ["Paragraf pertama selesai di sini.",
                                                                "Paragraf kedua juga selesai."]
    assert [s.section_id for s in document.sections] == ["1.1", "1.2"]


# ---- a thesis typeset in LaTeX, as `pdftotext -layout` prints it ----


def _latex_page(head: str, number: int, body: str) -> str:
    return f"{head}{' ' * (70 - len(head))}{number}\n\n{body}\n\f"


def test_latex_running_heads_with_their_number_at_the_right_are_furniture_even_printed_once():
    # the chapter's head on even pages, the section's (numbered, with a period) on odd ones, each page's number at the
    # right margin; the odd page 5 opens with a paragraph's one-word end, which is no title of the head's
    def prose(n: str) -> str:
        return f"     Kalimat {n} berisi uraian yang cukup panjang tentang model pada bab ini dan berakhir di sini."

    text = ("\n\n                BAB 2\n\n           LANDASAN TEORI\n\n\n2.1    Dasar Teori\n\n" + prose("satu")
            + "\nKalimat ini terpotong pada akhir halaman dan dilanjutkan\n\n\n                  4\n\f"
            + _latex_page("2.2. MODEL ARIMA", 5, "sebagai\n\n2.2    Model ARIMA\n\n" + prose("dua"))
            + _latex_page("BAB 2. LANDASAN TEORI", 6, prose("tiga") + "\n\n2.2.1   Model Autoregresif\n\n" + prose("empat"))
            + _latex_page("2.3. UJI AKAR UNIT", 7, prose("lima") + "\n\n2.3    Uji Akar Unit\n\n" + prose("enam"))
            + _latex_page("BAB 2. LANDASAN TEORI", 8, prose("tujuh")))
    document = _parse(text)
    assert _layout(document) == [("2.1", "Dasar Teori", 4), ("2.2", "Model ARIMA", 5),
                                 ("2.2.1", "Model Autoregresif", 6), ("2.3", "Uji Akar Unit", 7)]
    words = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "MODEL ARIMA" not in words and "LANDASAN TEORI" not in words and "UJI AKAR" not in words
    assert "dilanjutkan sebagai" in words


def test_a_page_opening_row_that_ends_in_a_number_is_no_head_when_the_numbers_count_no_pages():
    from ingest.layout import Line, _page_heads

    lines = [Line("Tahun   Jumlah", 0), Line("2019        12", 20, feed=True), Line("teks", 40),
             Line("2020        40", 60, feed=True), Line("Kalimat biasa yang panjang.", 80, feed=True)]
    assert _page_heads(lines) == {}


def test_a_list_item_whose_label_is_set_in_a_box_is_no_table_row():
    from ingest.columns import layout_row

    # LaTeX's enumerate: the label, then the item's justified words at the item's indent
    assert not layout_row("1.   Identifikasi  model:  memeriksa  kestasioneran data dan menentukan orde p, d,")
    assert not layout_row("a)   Pemeriksaan   diagnostik  dengan  uji  Ljung-Box  dan  uji  normalitas")
    assert layout_row("1.   Pupuk organik          25 kg        Rp 40.000")  # a numbered row with cells stays one
    text = ("BAB 2\nLANDASAN TEORI\n\n2.4    Prosedur\n\n     Prosedur ini terdiri atas dua tahap berikut.\n"
            "1.   Identifikasi  model:  memeriksa  kestasioneran data dan menentukan orde p, d,\n"
            "     dan q sementara berdasarkan plot ACF dan PACF.\n"
            "2.   Estimasi  parameter:  menaksir  parameter  model  dengan  metode  kemungkinan\n"
            "     maksimum dan menguji signifikansinya.\n")
    sentences = [x.text for s in _parse(text).sections for p in s.paragraphs for x in p.sentences]
    assert ("1. Identifikasi model: memeriksa kestasioneran data dan menentukan orde p, d, dan q sementara "
            "berdasarkan plot ACF dan PACF.") in " ".join(sentences)


def test_a_list_of_figures_with_a_wrapped_entry_is_never_content():
    text = ("DAFTAR ISI\n\n1.1 Latar Belakang . . . . . . . . . . 1\n\nDAFTAR GAMBAR\n\n"
            "Gambar 3.1 Diagram alir penelitian                                   12\n"
            "Gambar 4.1 Plot deret waktu volume produksi air bersih bulanan Januari\n"
            "          2016 sampai Desember 2022                                  14\n"
            "Gambar 4.2 Plot ACF dan PACF data hasil pembedaan pertama            16\n"
            "Gambar 4.3 Plot data aktual dan hasil peramalan volume produksi tahun\n"
            "          2023                                                       20\n\n"
            "BAB 1\nPENDAHULUAN\n\n1.1 Latar Belakang\n\nKalimat pertama bab ini.\n")
    words = " ".join(p.text for s in _parse(text).sections for p in s.paragraphs)
    assert "Gambar" not in words and "Kalimat pertama" in words


def test_a_ruled_table_keeps_its_rules_and_no_rule_is_glued_to_the_paragraph_after_it():
    rule = "        " + "_" * 60
    text = ("BAB 4\nHASIL\n\n4.1    Uji Stasioneritas\n\n     Hasil uji disajikan pada Tabel 4.2.\n\n"
            "           Tabel 4.2 Hasil uji Augmented Dickey-Fuller\n" + rule + "\n"
            "          Data                  Statistik τ    Lag   Nilai-p\n" + rule + "\n"
            "          Data asli               −1,874        4    0,627\n"
            "          Pembedaan pertama       −6,912        3    < 0,01\n" + rule + "\n\n"
            "     Pada data asli, nilai-p uji ADF sebesar 0,627 sehingga data tidak stasioner.\n")
    paragraphs = [p for s in _parse(text).sections for p in s.paragraphs]
    assert paragraphs[-1].text == "Pada data asli, nilai-p uji ADF sebesar 0,627 sehingga data tidak stasioner."
    rows = [x.text for p in paragraphs for x in p.sentences]
    assert "Data asli −1,874 4 0,627" in rows and not any(set(r) <= {"_", " "} for r in rows)
