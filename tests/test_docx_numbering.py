"""Word's automatic list numbers: headings numbered through a multilevel list on the heading styles
("BAB %1" / "%1.%2" with isLgl / "%1.%2.%3"), lettered levels, body lists restarted by startOverride,
bullets, lvlRestart, list styles (numStyleLink) and styles inheriting a list through basedOn. Each DOCX is
built here with python-docx, its numbering.xml written by hand."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ingest.docx import read_docx
from ingest.docx_numbering import format_number
from ingest.parse import parse_file

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, style: str = "", legal: bool = False,
         restart: int | None = None, suff: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else "")
        + (f'<w:pStyle w:val="{style}"/>' if style else "")
        + ("<w:isLgl/>" if legal else "")
        + (f'<w:suff w:val="{suff}"/>' if suff else "")
        + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
    )


def _numbering(abstracts: dict[int, str], nums: dict[int, tuple[int, str]]) -> str:
    """numbering.xml: abstractNum id -> its levels' XML; num id -> (abstractNum id, overrides' XML)."""
    body = "".join(f'<w:abstractNum w:abstractNumId="{a}"><w:multiLevelType w:val="multilevel"/>{levels}'
                   "</w:abstractNum>" for a, levels in abstracts.items())
    body += "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{extra}</w:num>'
                    for n, (a, extra) in nums.items())
    return f'<w:numbering xmlns:w="{W_NS}">{body}</w:numbering>'


def _set_numbering(document, xml: str) -> None:
    from docx.oxml import parse_xml

    part = document.part.numbering_part
    part._element = parse_xml(xml.encode("utf-8"))


def _style_list(document, style_name: str, num_id: int | None, ilvl: int | None = None) -> None:
    """Attach a list to a paragraph style (numId, and ilvl unless the list level names the style)."""
    document.styles[style_name].element.get_or_add_pPr().insert(0, _num_pr(num_id, ilvl))


def _numbered(paragraph, num_id: int | None, ilvl: int | None = None):
    """Put a paragraph in a list (numId 0: out of the list its style gives it)."""
    paragraph._p.get_or_add_pPr().append(_num_pr(num_id, ilvl))
    return paragraph


def _num_pr(num_id: int | None, ilvl: int | None):
    """A w:numPr element with the list level and list id given."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", ilvl), ("w:numId", num_id)):
        if value is not None:
            child = OxmlElement(tag)
            child.set(qn("w:val"), str(value))
            num_pr.append(child)
    return num_pr


def _chapter(document, title: str, *, break_line: bool = True):
    """A Heading 1 paragraph holding only the title; "BAB I" comes from the list (a line break first, as
    Indonesian templates put the title under the chapter word)."""
    paragraph = document.add_paragraph(style="Heading 1")
    if break_line:
        paragraph.add_run().add_break()
    paragraph.add_run(title)
    return paragraph


def _save(document, path: Path) -> Path:
    document.save(str(path))
    return path


def _thesis(tmp_path: Path) -> Path:
    """Headings on a multilevel list linked to Heading 1-3, lists in the body."""
    import docx

    document = docx.Document()
    _set_numbering(document, _numbering(
        {
            1: _lvl(0, "upperRoman", "BAB %1", style="Heading1", suff="space")
            + _lvl(1, "decimal", "%1.%2", style="Heading2", legal=True)
            + _lvl(2, "decimal", "%1.%2.%3", style="Heading3", legal=True),
            2: _lvl(0, "decimal", "%1.") + _lvl(1, "lowerLetter", "%2."),
            3: _lvl(0, "bullet", "\u2022"),
        },
        {
            7: (1, ""),
            8: (2, ""),
            9: (2, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
            10: (3, ""),
        },
    ))
    _style_list(document, "Heading 1", 7)  # the level is the one whose pStyle names the style
    _style_list(document, "Heading 2", 7, ilvl=1)
    _style_list(document, "Heading 3", 7)
    document.add_paragraph("SKRIPSI")
    _numbered(document.add_paragraph("ABSTRAK", style="Heading 1"), 0)  # a heading out of the list
    document.add_paragraph("Penelitian ini membahas pemasaran hasil tani di tingkat desa.")
    _chapter(document, "PENDAHULUAN")
    document.add_paragraph("Latar Belakang", style="Heading 2")
    document.add_paragraph("Pemasaran ditempuh melalui tiga saluran, yaitu:")
    for item in ("pedagang pengumpul;", "koperasi; dan", "pasar lelang."):
        _numbered(document.add_paragraph(item, style="List Paragraph"), 8, 0)
    _numbered(document.add_paragraph("pedagang desa;", style="List Paragraph"), 8, 1)
    _numbered(document.add_paragraph("pedagang kecamatan.", style="List Paragraph"), 8, 1)
    document.add_paragraph("Rumusan Masalah", style="Heading 2")
    document.add_paragraph("Masalah penelitian dirumuskan sebagai berikut.")
    for item in ("Berapa marjin pemasaran?", "Saluran mana yang efisien?"):  # a new list: starts again at 1
        _numbered(document.add_paragraph(item, style="List Paragraph"), 9, 0)
    _numbered(document.add_paragraph("Catatan lapangan tanpa nomor.", style="List Paragraph"), 10, 0)
    _chapter(document, "TINJAUAN PUSTAKA")
    document.add_paragraph("Pemasaran", style="Heading 2")
    document.add_paragraph("Saluran Pemasaran", style="Heading 3")
    document.add_paragraph("Saluran pemasaran adalah jalur barang dari produsen ke konsumen.")
    document.add_paragraph("Marjin Pemasaran", style="Heading 3")
    document.add_paragraph("Marjin pemasaran adalah selisih harga di tingkat konsumen dan produsen.")
    document.add_paragraph("Kerangka Pemikiran", style="Heading 2")
    document.add_paragraph("Kerangka pemikiran disusun dari kedua konsep tersebut.")
    _chapter(document, "PENUTUP", break_line=False)
    document.add_paragraph("Kesimpulan", style="Heading 2")
    document.add_paragraph("Saluran melalui koperasi paling efisien.")
    _numbered(document.add_paragraph("DAFTAR PUSTAKA", style="Heading 1"), 0)
    document.add_paragraph("Kotler, P. (2016). Marketing Management. Pearson.")
    return _save(document, tmp_path / "bernomor.docx")


def test_auto_numbered_headings_and_lists_print_their_numbers(tmp_path: Path):
    text = read_docx(_thesis(tmp_path).read_bytes()).text
    assert text.split("\n\n") == [
        "SKRIPSI",
        "ABSTRAK",
        "Penelitian ini membahas pemasaran hasil tani di tingkat desa.",
        "BAB I\nPENDAHULUAN",
        "1.1 Latar Belakang",
        "Pemasaran ditempuh melalui tiga saluran, yaitu:",
        "1. pedagang pengumpul;",
        "2. koperasi; dan",
        "3. pasar lelang.",
        "a. pedagang desa;",
        "b. pedagang kecamatan.",
        "1.2 Rumusan Masalah",
        "Masalah penelitian dirumuskan sebagai berikut.",
        "1. Berapa marjin pemasaran?",
        "2. Saluran mana yang efisien?",
        "Catatan lapangan tanpa nomor.",
        "BAB II\nTINJAUAN PUSTAKA",
        "2.1 Pemasaran",
        "2.1.1 Saluran Pemasaran",
        "Saluran pemasaran adalah jalur barang dari produsen ke konsumen.",
        "2.1.2 Marjin Pemasaran",
        "Marjin pemasaran adalah selisih harga di tingkat konsumen dan produsen.",
        "2.2 Kerangka Pemikiran",
        "Kerangka pemikiran disusun dari kedua konsep tersebut.",
        "BAB III PENUTUP",
        "3.1 Kesimpulan",
        "Saluran melalui koperasi paling efisien.",
        "DAFTAR PUSTAKA",
        "Kotler, P. (2016). Marketing Management. Pearson.",
    ]


def test_auto_numbered_thesis_parses_to_its_sections(tmp_path: Path):
    document = parse_file(_thesis(tmp_path))
    assert [(s.section_id, s.title) for s in document.sections] == [
        ("Halaman Judul", "Halaman Judul"),
        ("Abstrak", "Abstrak"),
        ("1.1", "Latar Belakang"),
        ("1.2", "Rumusan Masalah"),
        ("2.1", "Pemasaran"),
        ("2.1.1", "Saluran Pemasaran"),
        ("2.1.2", "Marjin Pemasaran"),
        ("2.2", "Kerangka Pemikiran"),
        ("3.1", "Kesimpulan"),
        ("Daftar Pustaka", "Daftar Pustaka"),
    ]
    paragraphs = {s.section_id: [p.text for p in s.paragraphs] for s in document.sections}
    assert paragraphs["1.1"] == [  # a list in the body is one unit with its lead-in
        ("Pemasaran ditempuh melalui tiga saluran, yaitu: 1. pedagang pengumpul; 2. koperasi; dan 3. pasar lelang. "
         "a. pedagang desa; b. pedagang kecamatan."),
    ]
    assert paragraphs["1.2"] == [
        "Masalah penelitian dirumuskan sebagai berikut.", "1. Berapa marjin pemasaran?",
        "2. Saluran mana yang efisien?", "Catatan lapangan tanpa nomor.",
    ]


def test_lettered_sections_and_arabic_chapters(tmp_path: Path):
    """"BAB %1" in decimal and sections lettered "%2." upperLetter (numbered per paragraph, no styles)."""
    import docx

    document = docx.Document()
    _set_numbering(document, _numbering(
        {4: _lvl(0, "decimal", "BAB %1", suff="space") + _lvl(1, "upperLetter", "%2.")},
        {3: (4, "")},
    ))
    _numbered(_chapter(document, "PENDAHULUAN"), 3, 0)
    _numbered(document.add_paragraph("Latar Belakang Masalah", style="Heading 2"), 3, 1)
    document.add_paragraph("Koperasi desa belum menjadi saluran utama.")
    _numbered(document.add_paragraph("Tujuan Penelitian", style="Heading 2"), 3, 1)
    document.add_paragraph("Penelitian ini bertujuan mengukur efisiensi saluran.")
    _numbered(_chapter(document, "METODE PENELITIAN"), 3, 0)
    _numbered(document.add_paragraph("Lokasi Penelitian", style="Heading 2"), 3, 1)
    document.add_paragraph("Penelitian dilakukan di dua kecamatan.")
    path = _save(document, tmp_path / "huruf.docx")
    assert read_docx(path.read_bytes()).text.split("\n\n") == [
        "BAB 1\nPENDAHULUAN", "A. Latar Belakang Masalah", "Koperasi desa belum menjadi saluran utama.",
        "B. Tujuan Penelitian", "Penelitian ini bertujuan mengukur efisiensi saluran.",
        "BAB 2\nMETODE PENELITIAN", "A. Lokasi Penelitian", "Penelitian dilakukan di dua kecamatan.",
    ]
    sections = parse_file(path).sections
    assert [(s.section_id, s.title) for s in sections] == [
        ("1.A", "Latar Belakang Masalah"), ("1.B", "Tujuan Penelitian"), ("2.A", "Lokasi Penelitian"),
    ]


def test_list_styles_based_on_chains_restarts_and_table_cells(tmp_path: Path):
    """A custom chapter style based on Heading 1 inherits its list; the list is defined by a list style
    (numStyleLink); a level with lvlRestart 0 never restarts; numbered paragraphs in a table count on."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    document = docx.Document()
    _set_numbering(document, _numbering(
        {
            5: '<w:styleLink w:val="DaftarBab"/>'
            + _lvl(0, "upperRoman", "BAB %1", style="Heading1", suff="space")
            + _lvl(1, "decimal", "%1.%2", legal=True, restart=0),
            6: '<w:numStyleLink w:val="DaftarBab"/>',
        },
        {1: (5, ""), 2: (6, "")},
    ))
    list_style = document.styles.add_style("DaftarBab", WD_STYLE_TYPE.PARAGRAPH)
    list_style.element.set(qn("w:type"), "numbering")
    _style_list(document, "DaftarBab", 1)
    _style_list(document, "Heading 1", 2)
    chapter_style = document.styles.add_style("Judul Bab", WD_STYLE_TYPE.PARAGRAPH)
    chapter_style.base_style = document.styles["Heading 1"]
    document.add_paragraph("PENDAHULUAN", style="Judul Bab")
    _numbered(document.add_paragraph("Latar Belakang", style="Heading 2"), 2, 1)
    document.add_paragraph("HASIL", style="Heading 1")
    _numbered(document.add_paragraph("Gambaran Umum", style="Heading 2"), 2, 1)  # lvlRestart 0: 2.2, not 2.1
    table = document.add_table(rows=2, cols=2)
    for row, (name, value) in enumerate((("Petani", "40"), ("Pedagang", "12"))):
        cell = table.cell(row, 0)
        cell.paragraphs[0].text = name
        _numbered(cell.paragraphs[0], 2, 1)
        table.cell(row, 1).text = value
    _numbered(document.add_paragraph("Pembahasan", style="Heading 2"), 2, 1)
    path = _save(document, tmp_path / "gaya.docx")
    assert read_docx(path.read_bytes()).text.split("\n\n") == [
        "BAB I PENDAHULUAN", "1.1 Latar Belakang", "BAB II HASIL", "2.2 Gambaran Umum",
        "2.3 Petani | 40\n2.4 Pedagang | 12", "2.5 Pembahasan",
    ]


def test_a_docx_without_numbering_reads_as_before():
    import docx

    document = docx.Document()
    document.add_paragraph("BAB I", style="Heading 1").add_run().add_break()
    document.add_paragraph("1.1 Latar Belakang", style="Heading 2")
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue()).text == "BAB I\n\n1.1 Latar Belakang"


@pytest.mark.parametrize(("value", "fmt", "printed"), [
    (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (1, "upperLetter", "A"), (27, "lowerLetter", "aa"),
    (3, "decimalZero", "03"), (12, "decimal", "12"), (2, "bullet", ""), (5, "none", ""), (7, "ordinal", "7"),
])
def test_number_formats(value: int, fmt: str, printed: str):
    assert format_number(value, fmt) == printed
