"""The PDF loader on a real PDF laid out like a printed thesis (built with fpdf2 by the collection's
builder, evals/build_collection.py): paragraphs told apart by their gaps, flush-left reference
entries, footnotes kept as notes of their section with their page, a heading run into its paragraph,
a chapter word in mixed case, the running header and page numbers gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.build_collection import build
from ingest.parse import parse_file

SOURCE = """%header Judul Skripsi Contoh tentang Usahatani
%format pdf
<<<PAGE 1>>>
BAB I

PENDAHULUAN

1.1 Latar Belakang

Padi merupakan komoditas pangan utama karena beras menjadi makanan pokok sebagian besar penduduk
di negeri ini, dan kebutuhan beras terus meningkat seiring pertambahan jumlah penduduk setiap tahunnya
sampai hari ini sehingga produksi harus terus naik dari tahun ke tahun dengan segala cara yang ada.

Sistem jajar legowo diperkenalkan di desa penelitian pada tahun 2019, tetapi sampai tahun 2022 baru
sekitar 41 persen petani yang menerapkannya,^1 sedangkan petani lain masih memakai sistem tegel.

^1 Balai Penyuluhan Pertanian, Laporan Tahunan Penyuluhan Tahun 2021, hlm. 12.

<<<PAGE 2>>>
%p 1.2.Rumusan Masalah Berdasarkan latar belakang tersebut, masalah penelitian ini adalah
berapa besar pendapatan usahatani padi sawah sistem jajar legowo dibandingkan sistem tegel.

<<<PAGE 3>>>
Bab II

TINJAUAN PUSTAKA

2.1 Usahatani

Usahatani adalah kegiatan mengorganisasikan lahan, tenaga kerja, dan modal untuk menghasilkan
produk pertanian yang dijual ke pasar.

<<<PAGE 4>>>
DAFTAR PUSTAKA

Badan Penelitian dan Pengembangan Pertanian. (2016). Sistem Tanam Jajar Legowo untuk Peningkatan
Produksi Padi Sawah di Lahan Irigasi. Jakarta: Kementerian Pertanian.

Soekartawi. (2016). Analisis Usahatani. Jakarta: UI Press.
"""


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("pdf")
    src = folder / "contoh.src.txt"
    src.write_text(SOURCE, encoding="utf-8")
    pdf = build(src, folder / "out")
    assert pdf == folder / "out" / "contoh.pdf"
    return parse_file(pdf)


def test_sections_titles_and_printed_pages(document):
    assert [(s.section_id, s.title, s.page) for s in document.sections] == [
        ("1.1", "Latar Belakang", 1), ("1.2", "Rumusan Masalah", 2), ("2.1", "Usahatani", 3),
        ("Daftar Pustaka", "Daftar Pustaka", 4)]
    assert document.chapters == ((1, "PENDAHULUAN"), (2, "TINJAUAN PUSTAKA"))


def test_paragraphs_by_their_gap_and_the_footnote_as_a_note_with_its_page(document):
    latar = document.sections[0]
    assert [(p.kind, p.text[:40], p.page) for p in latar.paragraphs] == [
        ("text", "Padi merupakan komoditas pangan utama ka", 1),
        ("text", "Sistem jajar legowo diperkenalkan di des", 1),
        ("footnote", "Balai Penyuluhan Pertanian, Laporan Tahu", 1)]
    # the marker is gone from the sentence, the note is never glued into it
    assert latar.paragraphs[1].text.endswith("sekitar 41 persen petani yang menerapkannya, sedangkan petani lain "
                                             "masih memakai sistem tegel.")
    text = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "Judul Skripsi Contoh" not in text


def test_a_run_in_heading_leaves_its_text(document):
    assert [p.text for p in document.sections[1].paragraphs] == [
        ("Berdasarkan latar belakang tersebut, masalah penelitian ini adalah berapa besar pendapatan usahatani "
        "padi sawah sistem jajar legowo dibandingkan sistem tegel.")]


def test_flush_left_reference_entries_are_one_paragraph_each(document):
    assert [p.text for p in document.sections[-1].paragraphs] == [
        ("Badan Penelitian dan Pengembangan Pertanian. (2016). Sistem Tanam Jajar Legowo untuk Peningkatan "
        "Produksi Padi Sawah di Lahan Irigasi. Jakarta: Kementerian Pertanian."),
        "Soekartawi. (2016). Analisis Usahatani. Jakarta: UI Press."]


def test_the_builder_output_is_deterministic(tmp_path: Path):
    src = tmp_path / "contoh.src.txt"
    src.write_text(SOURCE, encoding="utf-8")
    first = build(src, tmp_path / "a").read_bytes()
    assert build(src, tmp_path / "b").read_bytes() == first


@pytest.mark.parametrize("name", ["kesmas-imunisasi", "peternakan-broiler-kelor"])
def test_the_collection_thesis_as_plain_text_extracted_page_by_page_parses_to_the_same_structure(name: str):
    # the text a user gets from copying a PDF out page by page: no geometry, the running header above the
    # top-right page number, chapter pages numbered at the foot, tables as lines of cells; in the second thesis
    # the headers alternate (thesis title, chapter) and a chapter's first page has none
    import hashlib
    import json

    from pypdf import PdfReader

    from ingest.load import RawDocument
    from ingest.parse import parse_document

    root = Path(__file__).resolve().parent.parent
    reader = PdfReader(str(root / "evals" / "collection" / f"{name}.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\u00ad", "")
    document = parse_document(RawDocument("k.txt", Path("k.txt"), text, hashlib.sha256(text.encode()).hexdigest()))
    expected = json.loads((root / "evals" / "collection_src" / f"{name}.structure.json").read_text("utf-8"))
    assert [(s.section_id, s.title, s.page) for s in document.sections] == [
        (e["id"], e["title"], e["page"]) for e in expected["sections"]]


FOOTNOTE_GOING_ON = """%header Judul Skripsi Contoh tentang Pakan Ternak || {chapter}
%format pdf
<<<PAGE 1>>>
BAB II.

TINJAUAN PUSTAKA

2.1 Tanaman Kelor

Kelor adalah pohon kecil yang berasal dari kaki pegunungan Himalaya dan kini tersebar di seluruh
daerah tropis.^1 Tanaman ini tahan kering dan mudah diperbanyak dengan stek batang.

^1 Di Indonesia kelor dikenal dengan banyak nama daerah, antara lain kelor, marungga, kelo, dan murong,
dan pemanfaatan daunnya untuk pakan ternak di pedesaan umumnya

<<<PAGE 2>>>
2.2 Pemanfaatan Daun Kelor

Beberapa penelitian telah menguji penggunaan tepung daun kelor dalam ransum ayam pedaging dengan
hasil yang berbeda-beda menurut tarafnya.

^+ masih terbatas pada ternak ruminansia yang diberi daun segar sebagai hijauan tambahan.
"""


def test_a_footnote_going_on_over_the_next_page_is_one_note_and_never_body_text(tmp_path: Path):
    # the note's last words are the small print at the next page's foot, under that page's text; the page
    # opens after a running header that names the chapter ("BAB II TINJAUAN PUSTAKA", the even page's)
    src = tmp_path / "catatan.src.txt"
    src.write_text(FOOTNOTE_GOING_ON, encoding="utf-8")
    document = parse_file(build(src, tmp_path / "out"))
    assert [(s.section_id, s.title, s.page) for s in document.sections] == [
        ("2.1", "Tanaman Kelor", 1), ("2.2", "Pemanfaatan Daun Kelor", 2)]
    assert [(p.kind, p.text, p.page) for p in document.sections[0].paragraphs] == [
        ("text", "Kelor adalah pohon kecil yang berasal dari kaki pegunungan Himalaya dan kini tersebar di seluruh "
                 "daerah tropis. Tanaman ini tahan kering dan mudah diperbanyak dengan stek batang.", 1),
        ("footnote", "Di Indonesia kelor dikenal dengan banyak nama daerah, antara lain kelor, marungga, kelo, dan "
                     "murong, dan pemanfaatan daunnya untuk pakan ternak di pedesaan umumnya masih terbatas pada "
                     "ternak ruminansia yang diberi daun segar sebagai hijauan tambahan.", 1)]
    assert [p.text for p in document.sections[1].paragraphs] == [
        "Beberapa penelitian telah menguji penggunaan tepung daun kelor dalam ransum ayam pedaging dengan hasil "
        "yang berbeda-beda menurut tarafnya."]


UNITS_AND_FOOT_TABLE = """%header Judul Skripsi Contoh tentang Pengukuran
%format pdf
<<<PAGE vi>>>
DAFTAR SIMBOL

| Simbol | Keterangan | Satuan |
|---|---|---|
| P | Daya | W |
| G | Iradiasi | W/m² |

<<<PAGE 1>>>
BAB IV HASIL DAN PEMBAHASAN

4.1 Hasil Pengukuran

Iradiasi tertinggi sebesar 948 W/m² tercatat pada siang hari, dan luas bidang ukur adalah 16,4 m².
Daya dihitung dengan persamaan (2.1).

%eq P = V × I (2.1)

Hasil pengukuran harian ditunjukkan pada Tabel 4.1, yang dicetak di bagian bawah halaman ini dengan
huruf yang lebih kecil daripada teks.

Baris-baris tabel yang dimulai dengan tanggal tetap menjadi bagian tabel, bukan catatan kaki, karena
jarak antarbaris sama dengan jarak baris kepala tabel.

Tabel 4.1 Energi harian

| Tanggal | H (kWh/m²) | E (kWh) |
|---|---|---|
| 5 Juni 2023 | 5,84 | 14,37 |
| 6 Juni 2023 | 5,62 | 13,90 |
| 7 Juni 2023 | 6,05 | 14,81 |

<<<PAGE 2>>>
4.2 Pembahasan

Energi harian mengikuti iradiasi harian pada bidang modul.
"""


def test_a_unit_keeps_its_power_a_table_at_the_foot_keeps_its_rows_and_a_symbol_list_is_no_content(tmp_path: Path):
    # "W/m²" is no footnote marker; rows in small print at the page's foot that start with a number ("5 Juni
    # 2023 ...") go on from the table's heading row at its line spacing, so they are no footnotes; DAFTAR
    # SIMBOL, a list without page numbers, runs to the next heading and is never content
    src = tmp_path / "satuan.src.txt"
    src.write_text(UNITS_AND_FOOT_TABLE, encoding="utf-8")
    document = parse_file(build(src, tmp_path / "out"))
    assert [(s.section_id, s.title, s.page) for s in document.sections] == [
        ("4.1", "Hasil Pengukuran", 1), ("4.2", "Pembahasan", 2)]
    texts = [(p.kind, p.text) for p in document.sections[0].paragraphs]
    assert texts[0] == ("text", "Iradiasi tertinggi sebesar 948 W/m² tercatat pada siang hari, dan luas bidang ukur "
                                "adalah 16,4 m². Daya dihitung dengan persamaan (2.1).")
    assert texts[1] == ("text", "P = V × I (2.1)")
    assert texts[-2:] == [("caption", "Tabel 4.1 Energi harian Tanggal H (kWh/m²) E (kWh)"),
                          ("text", "5 Juni 2023 5,84 14,37 6 Juni 2023 5,62 13,90 7 Juni 2023 6,05 14,81")]
    assert [kind for kind, _ in texts].count("footnote") == 0
    assert "Simbol" not in " ".join(text for _, text in texts)


WRAPPED_HEADING = """%header Judul Skripsi Contoh tentang Imunisasi
%format pdf
<<<PAGE 12>>>
BAB IV

HASIL PENELITIAN

4.1 Analisis Bivariat

4.1.1 Hubungan Pengetahuan Ibu dengan Kelengkapan Imunisasi Dasar

Dari 52 ibu berpengetahuan baik, 40 bayi mendapat imunisasi dasar lengkap.

4.1.2 Hubungan Sikap Ibu

Dari 55 ibu bersikap positif, 41 bayi mendapat imunisasi dasar lengkap.

<<<PAGE 13>>>
4.2 Pembahasan

Pengetahuan dan sikap ibu sama-sama berhubungan dengan kelengkapan imunisasi dasar.
"""


def test_a_numbered_heading_wrapped_over_two_bold_lines_is_one_heading(tmp_path: Path):
    # set on a narrow page the title wraps after "dengan" or "Kelengkapan" (a short first line, no connector
    # at its end): the bold second line at the heading's edge, one line below it, is the title's
    from evals.build_collection import PdfStyle, build_pdf, parse_source

    src = tmp_path / "sempit.src.txt"
    src.write_text(WRAPPED_HEADING, encoding="utf-8")
    out = tmp_path / "sempit.pdf"
    out.write_bytes(build_pdf(parse_source(src), PdfStyle(left=55, right=55)))
    document = parse_file(out)
    assert [(s.section_id, s.title, s.page) for s in document.sections] == [
        ("4.1", "Analisis Bivariat", 12),
        ("4.1.1", "Hubungan Pengetahuan Ibu dengan Kelengkapan Imunisasi Dasar", 12),
        ("4.1.2", "Hubungan Sikap Ibu", 12), ("4.2", "Pembahasan", 13)]


ARABIC_CHAPTERS = "%header -\n%format pdf\n" + "".join(
    f"<<<PAGE {page}>>>\nBAB {n}\n\n{title}\n\n{n}.1. {first}\n\nParagraf pertama bab ini menjelaskan {first.lower()} "
    "dengan kalimat yang cukup panjang untuk menjadi isi halaman yang sebenarnya.\n\n"
    f"<<<PAGE {page + 1}>>>\n{n}.2. {second}\n\nParagraf kedua bab ini menjelaskan {second.lower()} dengan kalimat "
    "yang cukup panjang pula.\n\n"
    for n, page, title, first, second in (
        (1, 1, "PENDAHULUAN", "Latar Belakang", "Rumusan Masalah"),
        (2, 3, "TINJAUAN PUSTAKA", "Landasan Teori", "Kerangka Konsep"),
        (3, 5, "METODE PENELITIAN", "Desain Penelitian", "Analisis Data"),
        (4, 7, "HASIL DAN PEMBAHASAN", "Hasil Penelitian", "Pembahasan")))


def test_arabic_chapter_words_alone_on_their_line_are_chapters_not_a_running_line(tmp_path: Path):
    # "BAB 1" .. "BAB 4" each alone at the top of its chapter's first page, the title on the next line (as a medical
    # faculty's skripsi prints them): one line's shape at one height on four pages, but each names another chapter,
    # so none is a running header (a running header naming its chapter repeats the same number)
    src = tmp_path / "arab.src.txt"
    src.write_text(ARABIC_CHAPTERS, encoding="utf-8")
    document = parse_file(build(src, tmp_path / "out"))
    assert [(s.section_id, s.title, s.page) for s in document.sections] == [
        ("1.1", "Latar Belakang", 1), ("1.2", "Rumusan Masalah", 2), ("2.1", "Landasan Teori", 3),
        ("2.2", "Kerangka Konsep", 4), ("3.1", "Desain Penelitian", 5), ("3.2", "Analisis Data", 6),
        ("4.1", "Hasil Penelitian", 7), ("4.2", "Pembahasan", 8)]
    assert [title for _, title in document.chapters] == ["PENDAHULUAN", "TINJAUAN PUSTAKA", "METODE PENELITIAN",
                                                         "HASIL DAN PEMBAHASAN"]
