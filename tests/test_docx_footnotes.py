"""Real Word footnotes (word/footnotes.xml, w:footnoteReference in the text): each footnote is kept as a note
(paragraph kind "footnote") of the section whose paragraph cites it, its marker never glued to the cited word
and its text never inside a sentence; also where the layout reads no marker in place (after a year closing a
paragraph, after a page number "hlm. 45.", before a comma) and where none fits (a heading). The small DOCX is
built here by the collection's builder ("%footnotes word"); the collection's Word-footnoted thesis too."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from evals.build_collection import build
from ingest.docx import read_docx
from ingest.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
THESIS = ROOT / "evals" / "collection" / "hukum-islam-zakat-profesi.docx"

SOURCE = """%header -
%format docx
%footnotes word
<<<PAGE 1>>>
BAB I

PENDAHULUAN

1.1 Latar Belakang

Perlindungan konsumen diatur dalam Undang-Undang Nomor 8 Tahun 1999.^1 Undang-undang itu berlaku sejak diundangkan.

Menurut Subekti, perjanjian mengikat para pihak,^2 yang membuatnya secara sah. Hal itu juga dibahas dalam Pasal 1338 ayat (1).^3

Asas kebebasan berkontrak diakui dalam Undang-Undang Nomor 12 Tahun 2011.^4

^1 Lihat Pasal 4 huruf a Undang-Undang Nomor 8 Tahun 1999 tentang Perlindungan Konsumen.

^2 Subekti, Hukum Perjanjian (Jakarta: Intermasa, 2005), hlm. 45.

^3 Ibid., hlm. 47.

^4 Lihat https://peraturan.example.go.id/uu-12-2011, diakses 1 Maret 2023.

<<<PAGE 2>>>
1.2 Rumusan Masalah

Bagaimana perlindungan hukum bagi konsumen daring?^5

Tabel 1.1 Jumlah Pengaduan Konsumen^6

| Tahun | Pengaduan |
|---|---|
| 2021 | 120 |
| 2022 | 145 |

Jumlah pengaduan naik pada tahun 2022.

^5 Op. Cit., hlm. 50.

^6 Badan Perlindungan Konsumen Nasional, Laporan Tahunan 2022, hlm. 3.
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fn")
    src = folder / "kecil.src.txt"
    src.write_text(SOURCE, encoding="utf-8")
    return build(src, folder)


def test_the_builder_writes_real_word_footnotes(small):
    with zipfile.ZipFile(small) as z:
        notes = z.read("word/footnotes.xml").decode()
        body = z.read("word/document.xml").decode()
        assert "footnotes" in z.read("word/_rels/document.xml.rels").decode()
        assert "footnotes+xml" in z.read("[Content_Types].xml").decode()
    assert 'w:id="-1"' in notes and 'w:id="0"' in notes and notes.count("<w:footnote ") == 8
    assert body.count("<w:footnoteReference ") == 6
    assert "Ibid" not in body  # the footnotes' text is in their own part, not in the body


def test_footnotes_are_notes_of_their_section_never_in_a_sentence(small):
    sections = {s.section_id: s for s in parse_file(small).sections}
    first = sections["1.1"].paragraphs
    texts = [p.text for p in first if p.kind != "footnote"]
    notes = [p.text for p in first if p.kind == "footnote"]
    assert notes == ["Lihat Pasal 4 huruf a Undang-Undang Nomor 8 Tahun 1999 tentang Perlindungan Konsumen.",
                     "Subekti, Hukum Perjanjian (Jakarta: Intermasa, 2005), hlm. 45.", "Ibid., hlm. 47.",
                     "Lihat https://peraturan.example.go.id/uu-12-2011, diakses 1 Maret 2023."]
    # each sentence as printed, without the marker: after a year, before a comma, after "ayat (1).",
    # and after a year closing its paragraph (where the layout reads no marker, the marker moves within it)
    assert texts == ["Perlindungan konsumen diatur dalam Undang-Undang Nomor 8 Tahun 1999. Undang-undang itu berlaku "
                     "sejak diundangkan.",
                     "Menurut Subekti, perjanjian mengikat para pihak, yang membuatnya secara sah. Hal itu juga dibahas "
                     "dalam Pasal 1338 ayat (1).",
                     "Asas kebebasan berkontrak diakui dalam Undang-Undang Nomor 12 Tahun 2011."]
    second = sections["1.2"].paragraphs
    assert [p.kind for p in second] == ["text", "footnote", "caption", "footnote"]
    assert [p.text for p in second[:2]] == ["Bagaimana perlindungan hukum bagi konsumen daring?", "Op. Cit., hlm. 50."]
    # a footnote cited in a caption comes after the caption's table, the caption keeps no marker
    assert second[2].text.startswith("Tabel 1.1 Jumlah Pengaduan Konsumen Tahun | Pengaduan 2021 | 120 2022 | 145")
    assert second[3].text == "Badan Perlindungan Konsumen Nasional, Laporan Tahunan 2022, hlm. 3."


def test_the_loader_writes_each_footnote_after_its_paragraph(small):
    text = read_docx(small.read_bytes()).text
    assert "Tahun 1999.1 Undang-undang" in text  # the marker the layout reads, glued as on a printed page
    assert "\n\n1 Lihat Pasal 4 huruf a" in text and "\n\n5 Op. Cit., hlm. 50." in text


def test_a_docx_without_footnotes_reads_as_before(tmp_path):
    src = tmp_path / "polos.src.txt"
    src.write_text(SOURCE.replace("%footnotes word\n", ""), encoding="utf-8")
    text = read_docx(build(src, tmp_path).read_bytes()).text
    assert "\n1 Lihat Pasal 4" in text  # the plain small paragraph at the page's end, as the builder prints it


def test_the_collection_thesis_keeps_every_footnote_as_a_note():
    document = parse_file(THESIS)
    notes = [(s.section_id, p.text) for s in document.sections for p in s.paragraphs if p.kind == "footnote"]
    assert len(notes) == 33
    assert ("1.1", "Lihat Pasal 1 angka 2 Undang-Undang Nomor 23 Tahun 2011 tentang Pengelolaan Zakat.") in notes
    assert ("4.2.2", "Ibid.") in notes
    assert any(section == "3.4" and "https://baznas-lembahhijau.or.id/laporan-tahunan-2022" in text
               for section, text in notes)
    for section in document.sections:
        for p in section.paragraphs:
            if p.kind != "footnote":  # no footnote text and no marker digits glued inside a sentence
                assert "Op. Cit." not in p.text and "Ibid." not in p.text
                assert not re.search(r"[a-z][.,;:\"”]?\d{1,2}(?=\s|$)", p.text), p.text


def _hand_built(tmp_path: Path) -> Path:
    """A DOCX written by hand: a footnote cited in a heading, one whose text opens in lower case, two cited
    one after the other after a page number, and a footnotes part as Word writes it (separators -1 and 0)."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def cite(paragraph, note_id: int) -> None:
        paragraph._p.append(parse_xml(f'<w:r xmlns:w="{w}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                      f'<w:footnoteReference w:id="{note_id}"/></w:r>'))

    d = docx.Document()
    d.add_heading("BAB I", level=1)
    heading = d.add_heading("1.1 Latar Belakang", level=2)
    cite(heading, 1)
    first = d.add_paragraph("Putusan itu dimuat pada hlm. 45.")
    cite(first, 2)
    cite(first, 3)
    second = d.add_paragraph("Gugatan diajukan oleh konsumen")
    cite(second, 4)
    second.add_run(" pada tahun berikutnya.")
    notes = "".join(f'<w:footnote w:id="{k}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {t}'
                    "</w:t></w:r></w:p></w:footnote>" for k, t in
                    ((1, "Bagian ini merangkum latar belakang."), (2, "Ibid., hlm. 45."),
                     (3, "Lihat Pasal 19 ayat (1)."), (4, "menurut keterangan panitera.")))
    xml = (f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
           '</w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
           f"<w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    path = tmp_path / "tangan.docx"
    d.save(str(path))
    return path


def test_footnotes_no_marker_fits_stay_out_of_the_sentence(tmp_path):
    section = {s.section_id: s for s in parse_file(_hand_built(tmp_path)).sections}["1.1"]
    assert section.title == "Latar Belakang"  # the heading keeps no marker
    kinds = [(p.kind, p.text) for p in section.paragraphs]
    # a footnote cited in a heading is a paragraph of its own: never in a sentence
    assert ("footnote", "Ibid., hlm. 45.") in kinds and ("footnote", "Lihat Pasal 19 ayat (1).") in kinds
    assert ("text", "Putusan itu dimuat pada hlm. 45.") in kinds
    assert ("text", "Gugatan diajukan oleh konsumen pada tahun berikutnya.") in kinds
    assert any(text == "Bagian ini merangkum latar belakang." for _, text in kinds)
    assert ("footnote", "Menurut keterangan panitera.") in kinds  # opening in lower case: capitalised, a note
    assert all("Latar Belakang1" not in text for _, text in kinds)
