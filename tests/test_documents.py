"""PDF and DOCX theses, whole-thesis structure, several documents in one index (issue 8).

The test files are built here from the real chapter's text (fpdf2 for PDF, python-docx for DOCX)
with running headers, page numbers, hyphenated line ends and page breaks inside paragraphs; a small
synthetic whole thesis (cover, front matter, Daftar Isi, six chapters, captions, Daftar Pustaka, a
mislabelled and a skipped section number) checks the structure and the structure questions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS_FILE

from assistant import Assistant, QuestionError
from assistant.core.settings import Settings
from assistant.answering.structure import caption_labels, structure_intent
from ingest import ingest
from ingest.load import RawDocument, Skipped, read_document
from ingest.parse import parse_file

pytestmark = pytest.mark.filterwarnings("ignore:Dimensions for page format")

# ---- builders ------------------------------------------------------------------------------------
# A document to render is a list of (kind, text) items: chapter ("BAB VI\nPENUTUP"), heading, para (a
# "\f" inside is a page break at that point), caption, entry (a Daftar Isi line), title (a centred cover
# line), reference (a Daftar Pustaka entry, hanging indent), footnote (paragraph with "\x01" where the
# marker goes, footnote text), newpage.
Item = tuple


def build_pdf(items: list[Item], path: Path, header: str = "Kerjasama Sister City Bogor dan Kisarazu",
              first_page: int = 86) -> Path:
    """An A5 PDF: a running header and a page number on every page, first-line indents, words
    hyphenated at line ends, hanging-indent references, small-print footnotes at the page foot."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "I", 8)
            self.set_xy(self.l_margin, 8)
            self.cell(0, 5, header, align="C")

        def footer(self) -> None:
            self.set_font("Helvetica", "", 9)
            self.set_xy(self.l_margin, self.h - 12)
            self.cell(0, 5, str(first_page + self.page_no() - 1), align="C")

    pdf = Doc(format="A5")
    pdf.set_auto_page_break(False)
    pdf.set_margins(18, 18, 15)
    pdf.c_margin = 0
    bottom, line_h, width = pdf.h - 20, 5.5, pdf.w - 33
    notes: list[str] = []

    def footnotes() -> None:  # the page's footnotes, in small print above the page number
        pdf.set_font("Times", "", 8)
        for i, note in enumerate(notes):
            pdf.set_xy(pdf.l_margin, bottom - 4 * (len(notes) - i))
            pdf.cell(0, 4, f"{i + 1} {note}")
        notes.clear()

    def new_page() -> None:
        footnotes()
        pdf.add_page()
        pdf.set_y(18)

    def emit(text: str, x: float, style: str = "", size: float = 11) -> None:
        if pdf.get_y() + line_h > bottom - 4 * len(notes):
            new_page()
        pdf.set_font("Times", style, size)
        pdf.set_xy(x, pdf.get_y())
        before, _marker, after = text.partition("^")  # "Kota.^1": a raised footnote number
        number, _, rest = after.partition(" ")
        for piece, position in ((before, "LINE"), (number, "SUP"), (f" {rest}" if rest else "", "LINE")):
            if piece:
                pdf.char_vpos = position
                pdf.cell(pdf.get_string_width(piece), line_h, piece)
        pdf.char_vpos = "LINE"
        pdf.set_y(pdf.get_y() + line_h)

    def paragraph(text: str, indent: float = 10, hang: float = 0) -> None:
        pdf.set_font("Times", "", 11)
        first = True
        for number, part in enumerate(text.split("\f")):
            if number:
                new_page()
            words, current = part.split(), ""
            while words or current:
                x = pdf.l_margin + (indent if first else hang)
                trial = f"{current} {words[0]}".strip() if words else current
                if words and pdf.get_string_width(trial.replace("^", "")) <= width - (x - pdf.l_margin):
                    current, words = trial, words[1:]
                    continue
                if words:
                    split = _hyphenate(words[0], current, width - (x - pdf.l_margin), pdf)
                    if split:
                        current, words[0] = f"{current} {split[0]}".strip(), split[1]
                emit(current, x)
                first, current = False, ""

    new_page()
    for item in items:
        kind, text = item[0], item[1] if len(item) > 1 else ""
        if kind == "newpage":
            new_page()
        elif kind in ("chapter", "title", "caption"):
            size = {"chapter": 13, "title": 12, "caption": 10}[kind]
            for line in text.split("\n"):
                pdf.set_font("Times", "B", size)
                emit(line, (pdf.w - pdf.get_string_width(line)) / 2, "B", size)
            pdf.set_y(pdf.get_y() + {"chapter": 4, "title": 8, "caption": 2}[kind])
        elif kind == "heading":
            if pdf.get_y() + 3 * line_h > bottom:
                new_page()
            pdf.set_y(pdf.get_y() + 3)
            emit(text, pdf.l_margin, "B")
            pdf.set_y(pdf.get_y() + 1)
        elif kind == "entry":
            emit(f"{text} {'.' * 12} {item[2]}", pdf.l_margin)
        elif kind == "reference":
            paragraph(text, indent=0, hang=8)
        elif kind == "footnote":
            notes.append(item[2])
            paragraph(text.replace("\x01", f"^{len(notes)}"))
        else:
            paragraph(text)
    footnotes()
    pdf.output(str(path))
    return path


def _hyphenate(word: str, current: str, room: float, pdf: Any) -> tuple[str, str] | None:
    """Split a word that does not fit: at its own hyphen ("sektor-" "sektor"), or syllable-blind."""
    fits = lambda head: pdf.get_string_width(f"{current} {head}".strip()) <= room
    if "-" in word:
        head, _, tail = word.partition("-")
        return (head + "-", tail) if tail and fits(head + "-") else None
    if len(word) < 10 or not word.isalpha():
        return None
    for k in range(len(word) - 4, 3, -1):
        if fits(word[:k] + "-"):
            return word[:k] + "-", word[k:]
    return None


def build_docx(items: list[Item], path: Path, header: str = "Kerjasama Sister City Bogor dan Kisarazu") -> Path:
    """A DOCX as Word writes one: a running header, a PAGE field in the footer, headings styled as
    headings, *emphasis* as italic runs, Daftar Isi lines with a tab before the page number."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    _page_field(document.sections[0].footer.paragraphs[0])
    for item in items:
        kind, text = item[0], item[1] if len(item) > 1 else ""
        if kind == "newpage":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "chapter":
            paragraph = document.add_paragraph(style="Heading 1")
            lines = text.split("\n")
            for i, line in enumerate(lines):
                run = paragraph.add_run(line)
                if i < len(lines) - 1:
                    run.add_break()  # "BAB I" and its title: one paragraph, two lines
        elif kind == "heading":
            document.add_paragraph(text, style="Heading 2")
        elif kind in ("title", "caption"):
            paragraph = document.add_paragraph(text, style="Title" if kind == "title" else "Caption")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "entry":
            document.add_paragraph(f"{text}\t{item[2]}", style="List Paragraph")
        else:
            paragraph = document.add_paragraph()
            for i, part in enumerate(text.split("\f")):
                if i:
                    paragraph.add_run().add_break(WD_BREAK.PAGE)
                for j, piece in enumerate(part.split("*")):  # *emphasis* as italic runs
                    if piece:
                        paragraph.add_run(piece).italic = bool(j % 2)
    document.save(str(path))
    return path


def _page_field(paragraph: Any) -> None:
    """A PAGE field as Word writes it: its digits live in the footer, never in the body."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", ""), ("", "PAGE"), ("separate", ""), ("", "87"), ("end", "")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == "PAGE" else "w:t")
            element.text = text
        run._r.append(element)


def render_text(items: list[Item]) -> str:
    """The same document in the plain-text convention (blank lines between blocks)."""
    blocks: list[str] = []
    entries: list[str] = []
    for item in items:
        if item[0] == "entry":
            entries.append(f"{item[1]} {'.' * 12} {item[2]}")
            continue
        if entries:
            blocks.append("\n".join(entries))
            entries = []
        if item[0] != "newpage":
            blocks.append(item[1].replace("\f", " ").replace("\x01", ""))
    if entries:
        blocks.append("\n".join(entries))
    return "\n\n".join(blocks) + "\n"


# ---- the corpus chapter and a synthetic whole thesis -------------------------------------------

TOC = [
    ("ABSTRAK", "ii"), ("ABSTRACT", "iii"), ("KATA PENGANTAR", "iv"),
    ("BAB I PENDAHULUAN", "1"), ("1.1 Latar Belakang", "1"), ("1.2 Rumusan Masalah", "3"),
    ("BAB II TINJAUAN PUSTAKA", "5"), ("2.1 Paradiplomasi", "5"), ("2.2 Sister City", "7"),
    ("2.3 Kerangka Pemikiran", "9"),
    ("BAB III METODE PENELITIAN", "11"), ("3.1 Jenis Penelitian", "11"), ("3.2 Lokasi Penelitian", "12"),
    ("3.3 Teknik Pengumpulan Data", "13"),
    ("BAB IV GAMBARAN UMUM", "15"), ("4.1 Profil Kota Bandung", "15"), ("4.2 Profil Kota Hamamatsu", "17"),
    ("BAB V HASIL DAN PEMBAHASAN", "20"), ("5.1 Bidang Kerjasama", "20"), ("5.1.1 Bidang Pendidikan", "21"),
    ("5.1.2 Bidang Kesehatan", "22"), ("5.2 Hambatan Kerjasama", "24"),
    ("BAB VI PENUTUP", "30"), ("6.1 Kesimpulan", "30"), ("6.2 Saran", "31"), ("DAFTAR PUSTAKA", "33"),
]

THESIS = [
    ("title", "TESIS"),
    ("title", "KERJASAMA SISTER CITY KOTA BANDUNG DAN KOTA HAMAMATSU"),
    ("title", "Disusun oleh Rina Wulandari"),
    ("newpage",),
    ("chapter", "ABSTRAK"),
    ("para", ("Penelitian ini membahas kerjasama Sister City antara Kota Bandung dan Kota Hamamatsu di Jepang. "
             "Metode yang digunakan adalah penelitian kualitatif dengan wawancara dan studi dokumen.")),
    ("chapter", "ABSTRACT"),
    ("para", ("This research discusses the sister city cooperation between Bandung and Hamamatsu in Japan. "
             "It uses a qualitative method with interviews and document study.")),
    ("chapter", "KATA PENGANTAR"),
    ("para", ("Puji syukur penulis panjatkan kepada Tuhan Yang Maha Esa atas selesainya tesis ini. "
             "Penulis berterima kasih kepada Prof. Hadi Santoso selaku pembimbing.")),
    ("newpage",),
    ("chapter", "DAFTAR ISI"),
    *[("entry", title, page) for title, page in TOC],
    ("chapter", "DAFTAR TABEL"),
    ("entry", "Tabel 4.1 Jumlah Penduduk Kota Bandung", "16"),
    ("entry", "Tabel 4.2 Jumlah Wisatawan Jepang di Bandung", "16"),
    ("newpage",),
    ("chapter", "BAB I\nPENDAHULUAN"),
    ("heading", "1.1 Latar Belakang"),
    ("para", ("Kota Bandung menjalin hubungan kota kembar dengan Kota Hamamatsu sejak tahun 2019. "
             "Hubungan ini diharapkan membuka peluang di bidang pendidikan, kesehatan dan industri kreatif.")),
    ("heading", "1.2 Rumusan Masalah"),
    ("para", ("Rumusan masalah penelitian ini adalah bagaimana pelaksanaan kerjasama Sister City Bandung dan "
             "Hamamatsu serta apa saja hambatannya.")),
    ("chapter", "BAB II\nTINJAUAN PUSTAKA"),
    ("heading", "2.1 Paradiplomasi"),
    ("para", ("Paradiplomasi adalah kegiatan hubungan luar negeri yang dilakukan oleh pemerintah daerah. "
             "Konsep ini menjelaskan peran kota dalam hubungan internasional.")),
    ("heading", "2.2 Sister City"),
    ("para", ("Sister City adalah kerjasama antara dua kota dari negara yang berbeda untuk tujuan bersama. "
             "Kerjasama ini biasanya diresmikan dengan penandatanganan nota kesepahaman.")),
    ("heading", "2.2 Kerangka Pemikiran"),
    ("para", ("Kerangka pemikiran penelitian ini menghubungkan konsep paradiplomasi dengan pelaksanaan kerjasama "
             "antarkota.")),
    ("chapter", "BAB III\nMETODE PENELITIAN"),
    ("heading", "3.1 Jenis Penelitian"),
    ("para", "Penelitian ini menggunakan pendekatan kualitatif deskriptif."),
    ("heading", "Lokasi Penelitian"),
    ("para", "Penelitian dilakukan di Kantor Walikota Bandung dan Dinas Pariwisata Kota Bandung."),
    ("heading", "3.3 Teknik Pengumpulan Data"),
    ("para", "Data dikumpulkan melalui wawancara mendalam, observasi dan studi dokumen."),
    ("chapter", "BAB IV\nGAMBARAN UMUM"),
    ("heading", "4.1 Profil Kota Bandung"),
    ("para", "Kota Bandung adalah ibu kota Provinsi Jawa Barat dengan penduduk lebih dari dua juta jiwa."),
    ("caption", "Tabel 4.1 Jumlah Penduduk Kota Bandung"),
    ("para", "Pada tahun 2019 penduduk Kota Bandung berjumlah 2.507.888 jiwa menurut Badan Pusat Statistik."),
    ("caption", "Tabel 4.2 Jumlah Wisatawan Jepang di Bandung"),
    ("para", "Jumlah wisatawan Jepang yang berkunjung ke Bandung pada tahun 2019 tercatat sebanyak 14.250 orang."),
    ("heading", "4.3 Profil Kota Hamamatsu"),
    ("para", "Kota Hamamatsu terletak di Prefektur Shizuoka dan dikenal sebagai kota industri alat musik."),
    ("chapter", "BAB V\nHASIL DAN PEMBAHASAN"),
    ("heading", "5.1 Bidang Kerjasama"),
    ("para", ("MoU kerjasama Sister City Bandung dan Hamamatsu ditandatangani pada tanggal 12 Maret 2019 di "
             "Hamamatsu.")),
    ("heading", "5.1.1 Bidang Pendidikan"),
    ("para", "Di bidang pendidikan, kedua kota melaksanakan pertukaran pelajar setiap tahun."),
    ("heading", "5.1.2 Bidang Kesehatan"),
    ("para", "Di bidang kesehatan, perawat dari Bandung mengikuti pelatihan di rumah sakit Hamamatsu."),
    ("heading", "5.2 Hambatan Kerjasama"),
    ("para", "Hambatan utama kerjasama adalah perbedaan bahasa dan keterbatasan anggaran daerah."),
    ("chapter", "BAB VI\nPENUTUP"),
    ("heading", "6.1 Kesimpulan"),
    ("para", "Kerjasama Sister City Bandung dan Hamamatsu berjalan baik di bidang pendidikan dan kesehatan."),
    ("heading", "1.2 Saran"),
    ("para", "Saran untuk Pemerintah Kota Bandung adalah menambah anggaran untuk program pertukaran pelajar."),
    ("chapter", "DAFTAR PUSTAKA"),
    ("reference", ("Keating, M. (1999). Regions and International Affairs: Motives, Opportunities and Strategies. "
                  "London: Frank Cass")),
    ("reference", ("Mukti, T. A. (2013). Paradiplomacy: Kerjasama Luar Negeri oleh Pemda di Indonesia. "
                  "Yogyakarta: The Phinisi Press")),
]



THESIS_DOC = "tesis-bandung.txt"


def chapter_items(emphasis: bool = False) -> list[Item]:
    """The real chapter as items: its logical paragraphs, with page breaks forced inside two of them
    (one right after a sentence, one mid-sentence, where the text file has its own page break)."""
    document = parse_file(CORPUS_FILE)
    items: list[Item] = [("chapter", "BAB VI\nPENUTUP")]
    for section in document.sections:
        items.append(("heading", f"{section.printed_number} {section.title}"))
        for paragraph in section.paragraphs:
            text = paragraph.text.replace("bagi kedua Kota. ", "bagi kedua Kota.\f")
            text = text.replace("pengembangan keduanya", "pengembangan\fkeduanya")
            items.append(("para", text.replace("Sister City", "*Sister City*") if emphasis else text))
    return items


def structure(document: Any) -> list[tuple[str, str, str, list[str]]]:
    return [(s.section_id, s.title, s.printed_number, [p.text for p in s.paragraphs]) for s in document.sections]


# ---- PDF and DOCX of the chapter: the same structure as the text file ------------------------------


@pytest.fixture(scope="module")
def chapter_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats") / "corpus"
    folder.mkdir()
    return {
        "pdf": build_pdf(chapter_items(), folder / "bab-vi.pdf"),
        "docx": build_docx(chapter_items(emphasis=True), folder / "bab-vi.docx"),
    }


def test_the_test_pdf_really_has_the_artefacts(chapter_files):
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(chapter_files["pdf"]).pages]
    assert len(pages) == 4
    assert all(p.splitlines()[0] == "Kerjasama Sister City Bogor dan Kisarazu" for p in pages)
    assert [p.splitlines()[-1] for p in pages] == ["86", "87", "88", "89"]
    line_ends = [line for p in pages for line in p.splitlines() if line.endswith("-")]
    assert any(line.endswith(" bidang-") for line in line_ends)  # a reduplication broken at its own hyphen
    assert len(line_ends) >= 5  # words hyphenated at line ends
    assert pages[1].splitlines()[1].startswith("Dengan Kementerian")  # page 2 opens inside a paragraph


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_pdf_and_docx_parse_like_the_text_file(chapter_files, kind: str):
    expected = parse_file(CORPUS_FILE)
    document = parse_file(chapter_files[kind])
    assert structure(document) == structure(expected)
    assert document.title == "BAB VI PENUTUP" and document.chapters == ((6, "PENUTUP"),)
    assert any("printed as '1.2'" in note and "6.2" in note for note in document.notes)
    text = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "Kerjasama Sister City Bogor dan Kisarazu" not in text and " 87 " not in text
    pages = [[p.page for p in s.paragraphs] for s in document.sections]
    sentence_pages = [x.page for x in document.sections[0].paragraphs[0].sentences]
    if kind == "pdf":  # printed page numbers, 86-89
        assert pages == [[86, 87, 88], [89, 89]] and sentence_pages == [86, 86, 87, 87]
    else:  # Word pages, counted from the page breaks
        assert pages == [[1, 2, 3], [3, 3]] and sentence_pages == [1, 1, 2, 2]
        assert [x.page for x in document.sections[0].paragraphs[1].sentences] == [2, 2, 3, 3, 3, 3]


@pytest.fixture(scope="module")
def formats_bot(chapter_files, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """One index holding the chapter as PDF and as DOCX."""
    settings = Settings(corpus_dir=chapter_files["pdf"].parent, index_dir=tmp_path_factory.mktemp("fidx"),
                        generator="extractive")
    report = ingest(settings)
    assert (report.documents, report.chunks, report.skipped) == (2, 10, ())
    return Assistant(settings)


@pytest.mark.parametrize(
    ("question", "section", "fact", "pages"),
    [
        ("Kapan MoU ditandatangani?", "6.1", "18 November 2016", {"bab-vi.pdf": 86, "bab-vi.docx": 1}),
        ("Apa saran untuk Pemerintah Kota Bogor?", "6.2", "Saran untuk Pemerintah Kota Bogor",
         {"bab-vi.pdf": 89, "bab-vi.docx": 3}),
        ("Who initiated the sister city cooperation?", "6.1", "Kementerian Kehutanan",
         {"bab-vi.pdf": 87, "bab-vi.docx": 2}),
    ],
)
def test_pdf_and_docx_give_the_text_files_answers_with_pages(bot: Assistant, formats_bot: Assistant, question,
                                                             section, fact, pages):
    reference = bot.ask(question)
    for doc_id, page in pages.items():
        answer = formats_bot.ask(question, document=doc_id)
        assert answer.text == reference.text and fact in answer.text and not answer.refused
        assert [c.quote for c in answer.citations] == [c.quote for c in reference.citations]
        first = answer.citations[0]
        assert (first.section, first.doc_id, first.page) == (section, doc_id, page)
        assert {s.doc_id for s in answer.sources} == {doc_id} and answer.sources[0].page is not None
        assert reference.citations[0].page is None and reference.citations[0].doc_id == "bab-vi-penutup.txt"


def test_cli_shows_pages_and_documents(formats_bot: Assistant, capsys: pytest.CaptureFixture[str]):
    from ui.cli import main

    settings = formats_bot.settings
    code = main(["ask", "--index", str(settings.index_dir), "--corpus", str(settings.corpus_dir), "--generator",
                 "extractive", "--document", "bab-vi.pdf", "Apa saran untuk Pemerintah Kota Bogor?"])
    out = capsys.readouterr().out
    assert code == 0
    assert "[6.2, p. 89 · bab-vi.pdf] “Saran untuk Pemerintah Kota Bogor" in out
    assert "bab-vi.docx" not in out
    code = main(["ask", "--index", str(settings.index_dir), "--corpus", str(settings.corpus_dir), "--generator",
                 "extractive", "--document", "nope.pdf", "Apa saran?"])
    assert code == 2 and "choose one of bab-vi.docx, bab-vi.pdf" in capsys.readouterr().err


# ---- PDF cleanup details ------------------------------------------------------------------------


def test_pdf_footnotes_and_hanging_references(tmp_path: Path):
    items: list[Item] = [
        ("chapter", "BAB II\nTINJAUAN PUSTAKA"),
        ("heading", "2.1 Sister City"),
        ("footnote", ("Sister City adalah kerjasama dua kota dari negara berbeda.\x01 Kerjasama ini diresmikan "
                     "dengan nota kesepahaman antara kedua walikota."), "Lihat Keating (1999), hlm. 12"),
        ("para", "Paragraf berikutnya membahas paradiplomasi yang dilakukan oleh pemerintah daerah di Indonesia."),
        ("newpage",),
        ("chapter", "DAFTAR PUSTAKA"),
        ("reference", ("Keating, M. (1999). Regions and International Affairs: Motives, Opportunities and "
                      "Strategies of Subnational Governments. London: Frank Cass")),
        ("reference", ("Mukti, T. A. (2013). Paradiplomacy: Kerjasama Luar Negeri oleh Pemda di Indonesia. "
                      "Yogyakarta: The Phinisi Press")),
    ]
    document = parse_file(build_pdf(items, tmp_path / "bab-ii.pdf", header="Tesis Rina", first_page=5))
    assert [(s.section_id, s.kind, [p.text for p in s.paragraphs]) for s in document.sections] == [
        ("2.1", "body", [
            ("Sister City adalah kerjasama dua kota dari negara berbeda. Kerjasama ini diresmikan dengan nota "
            "kesepahaman antara kedua walikota."),
            "Lihat Keating (1999), hlm. 12.",  # the footnote: a paragraph after the one citing it
            "Paragraf berikutnya membahas paradiplomasi yang dilakukan oleh pemerintah daerah di Indonesia.",
        ]),
        ("Daftar Pustaka", "references", [
            ("Keating, M. (1999). Regions and International Affairs: Motives, Opportunities and Strategies of "
            "Subnational Governments. London: Frank Cass"),
            ("Mukti, T. A. (2013). Paradiplomacy: Kerjasama Luar Negeri oleh Pemda di Indonesia. Yogyakarta: "
            "The Phinisi Press"),
        ]),
    ]
    assert [[p.page for p in s.paragraphs] for s in document.sections] == [[5, 5, 5], [6, 6]]


def test_join_lines_hyphenation_rules():
    from ingest.pdf import _join_lines

    assert _join_lines("dalam pengem-", "bangan kota") == "dalam pengembangan kota"
    assert _join_lines("bidang-", "bidang prioritas") == "bidang-bidang prioritas"
    assert _join_lines("Bogor-", "Kisarazu") == "Bogor-Kisarazu"
    assert _join_lines("tahun 2016 -", "2018") == "tahun 2016 -\n2018"
    assert _join_lines("kata biasa", "berikutnya") == "kata biasa\nberikutnya"


def test_broken_files_are_skipped_by_name(tmp_path: Path):
    from fpdf import FPDF

    (tmp_path / "rusak.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    (tmp_path / "rusak.docx").write_bytes(b"PK\x03\x04 this is not a zip file")
    scanned = FPDF()
    scanned.add_page()
    scanned.rect(20, 20, 100, 100, style="F")  # an image-only page: no text layer
    scanned.output(str(tmp_path / "pindaian.pdf"))
    reasons = {}
    for name in ("rusak.pdf", "rusak.docx", "pindaian.pdf"):
        result = read_document(tmp_path / name, tmp_path)
        assert isinstance(result, Skipped) and result.doc_id == name
        reasons[name] = result.reason
    assert reasons["rusak.pdf"].startswith("is not a readable PDF") and "Save as PDF" in reasons["rusak.pdf"]
    assert reasons["rusak.docx"].startswith("is not a readable DOCX file")
    assert reasons["pindaian.pdf"].startswith("has no text layer") and "ocrmypdf" in reasons["pindaian.pdf"]


# ---- a whole thesis: structure ------------------------------------------------------------------

EXPECTED_THESIS = [
    ("Halaman Judul", "Halaman Judul", "", 0, 1, "cover"),
    ("Abstrak", "Abstrak", "Abstrak", 0, 1, "front"),
    ("Abstract", "Abstract", "Abstract", 0, 1, "front"),
    ("Kata Pengantar", "Kata Pengantar", "Kata Pengantar", 0, 1, "front"),
    ("1.1", "Latar Belakang", "1.1", 1, 2, "body"),
    ("1.2", "Rumusan Masalah", "1.2", 1, 2, "body"),
    ("2.1", "Paradiplomasi", "2.1", 2, 2, "body"),
    ("2.2", "Sister City", "2.2", 2, 2, "body"),
    ("2.3", "Kerangka Pemikiran", "2.2", 2, 2, "body"),  # printed twice as 2.2: the Daftar Isi says 2.3
    ("3.1", "Jenis Penelitian", "3.1", 3, 2, "body"),
    ("3.2", "Lokasi Penelitian", "", 3, 2, "body"),  # printed without its number: the Daftar Isi has it
    ("3.3", "Teknik Pengumpulan Data", "3.3", 3, 2, "body"),
    ("4.1", "Profil Kota Bandung", "4.1", 4, 2, "body"),
    ("4.2", "Profil Kota Hamamatsu", "4.3", 4, 2, "body"),  # 4.2 skipped in print
    ("5.1", "Bidang Kerjasama", "5.1", 5, 2, "body"),
    ("5.1.1", "Bidang Pendidikan", "5.1.1", 5, 3, "body"),
    ("5.1.2", "Bidang Kesehatan", "5.1.2", 5, 3, "body"),
    ("5.2", "Hambatan Kerjasama", "5.2", 5, 2, "body"),
    ("6.1", "Kesimpulan", "6.1", 6, 2, "body"),
    ("6.2", "Saran", "1.2", 6, 2, "body"),  # printed 1.2 inside BAB VI, as in the real chapter
    ("Daftar Pustaka", "Daftar Pustaka", "Daftar Pustaka", 0, 1, "references"),
]
CHAPTERS = ((1, "PENDAHULUAN"), (2, "TINJAUAN PUSTAKA"), (3, "METODE PENELITIAN"), (4, "GAMBARAN UMUM"),
            (5, "HASIL DAN PEMBAHASAN"), (6, "PENUTUP"))


@pytest.fixture(scope="module")
def thesis_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("thesis")
    (folder / THESIS_DOC).write_text(render_text(THESIS), "utf-8")
    return {
        "txt": folder / THESIS_DOC,
        "pdf": build_pdf(THESIS, folder / "tesis.pdf", header="Kerjasama Bandung dan Hamamatsu", first_page=1),
        "docx": build_docx(THESIS, folder / "tesis.docx", header="Kerjasama Bandung dan Hamamatsu"),
    }


@pytest.mark.parametrize("kind", ["txt", "pdf", "docx"])
def test_whole_thesis_structure(thesis_files, kind: str):
    document = parse_file(thesis_files[kind])
    assert [(s.section_id, s.title, s.printed_number, s.chapter_number, s.level, s.kind)
            for s in document.sections] == EXPECTED_THESIS
    assert document.chapters == CHAPTERS
    assert document.title == "KERJASAMA SISTER CITY KOTA BANDUNG DAN KOTA HAMAMATSU"
    by_id = {s.section_id: s for s in document.sections}
    assert [p.text[:24] for p in by_id["Daftar Pustaka"].paragraphs] == [
        "Keating, M. (1999). Regi", "Mukti, T. A. (2013). Par"]
    assert [p.text[:9] for p in by_id["4.1"].paragraphs] == ["Kota Band", "Tabel 4.1", "Tabel 4.2"]
    text = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "...." not in text and "DAFTAR ISI" not in text and "BAB I PENDAHULUAN" not in text  # never indexed
    assert ("2.3", "Kerangka Pemikiran", "9") in document.contents and len(document.contents) == 26
    repairs = sorted(n.split(": ", 1)[1][:45] for n in document.notes)
    assert repairs == [
        "heading 'Lokasi Penelitian' carries no number",
        "section printed as '1.2' (Saran) is 6.2 by th",
        "section printed as '2.2' (Kerangka Pemikiran)",
        "section printed as '4.3' (Profil Kota Hamamat",
    ]
    if kind == "txt":
        assert structure(document) == structure(parse_file(thesis_files["txt"]))
    else:
        assert structure(document) == structure(parse_file(thesis_files["txt"]))
        assert all(p.page for s in document.sections for p in s.paragraphs)


def test_without_a_daftar_isi_numbers_follow_position():
    from ingest.parse import parse_document

    items = [i for i in THESIS if i[0] != "entry" and i[1:2] != ("DAFTAR ISI",)]
    text = render_text(items)
    document = parse_document(RawDocument("t.txt", Path("t.txt"), text, "h"))
    ids = [(s.section_id, s.printed_number) for s in document.sections if s.chapter_number in (2, 3, 4)]
    assert ids == [("2.1", "2.1"), ("2.2", "2.2"), ("2.3", "2.2"), ("3.1", "3.1"), ("3.2", "3.3"),
                   ("4.1", "4.1"), ("4.2", "4.3")]  # "Lokasi Penelitian" stays a paragraph of 3.1


# ---- structure questions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("What are the chapters?", "chapters"), ("berapa bab dalam tesis ini?", "chapters"),
        ("Bab apa saja yang ada di tesis ini?", "chapters"), ("How many chapters does the thesis have?", "chapters"),
        ("apa saja subbab di BAB VI?", "sections"), ("Sebutkan subbab dalam bab penutup", "sections"),
        ("What are the sections of chapter 3?", "sections"), ("How many sections does chapter II have?", "sections"),
        ("apa struktur tesis ini?", "outline"), ("Show me the table of contents", "outline"),
        ("Apa saran untuk Pemerintah Kota Bogor?", None), ("Ringkas isi bab penutup ini.", None),
        ("Apa isi bagian 6.2?", None), ("apa saja isi bab VI?", None), ("What does chapter 6 conclude?", None),
        ("Apa saja bagian kota yang dikunjungi?", None), ("Apa struktur organisasi Pemerintah Kota Bogor?", None),
    ],
)
def test_structure_intent(question: str, intent: str | None):
    assert structure_intent(question) == intent


def test_caption_labels():
    assert caption_labels("apa isi Tabel 4.2?") == [("tabel", "4.2")]
    assert caption_labels("What does Figure 3.1 show, and table 2?") == [("gambar", "3.1"), ("tabel", "2")]
    assert caption_labels("Apa isi bagian 4.2?") == []


def test_equation_numbers_are_labels_not_sections():
    from assistant.answering.question import section_refs
    from assistant.answering.structure import caption_positions, strip_captions
    from assistant.core.types import Chunk, Sentence

    def chunk(section: str, sentences: list[str]) -> Chunk:
        text = " ".join(sentences)
        spans = tuple(Sentence(x, text.index(x), text.index(x) + len(x)) for x in sentences)
        return Chunk(section, text, "t.pdf", int(section[0]), "BAB", section, "", section, 0, 0, len(text), spans)

    assert caption_labels("Bagaimana rumus daya pada persamaan (2.1)?") == [("persamaan", "2.1")]
    assert caption_labels("What does equation 2.5 calculate, and Tabel 4.1?") == [("persamaan", "2.5"), ("tabel", "4.1")]
    assert section_refs(strip_captions("Menurut persamaan (2.4), berapa dayanya pada bagian 4.3?")) == [
        section_refs("bagian 4.3")[0]]
    chunks = [chunk("4.3", ["Sesuai persamaan (2.1), daya rata-rata adalah 1.761 W."]),
              chunk("2.3.1", ["Daya dihitung dengan persamaan (2.1).", "P = V × I (2.1)"])]
    assert caption_positions(chunks, "Apa isi persamaan (2.1)?") == [1]  # the formula line, not the mention
    assert caption_positions(chunks[:1], "Apa isi persamaan (2.1)?") == [0]  # else where it is mentioned


@pytest.fixture(scope="module")
def two_docs(thesis_files, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The real chapter and the synthetic thesis in one index (and two broken files, skipped)."""
    import shutil

    folder = tmp_path_factory.mktemp("two") / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS_FILE, folder)
    shutil.copy(thesis_files["txt"], folder)
    (folder / "rusak.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "~$tesis.docx").write_bytes(b"Word lock file")
    settings = Settings(corpus_dir=folder, index_dir=tmp_path_factory.mktemp("two-idx"), generator="extractive")
    report = ingest(settings)
    assert report.documents == 2 and [s.doc_id for s in report.skipped] == ["rusak.pdf"]
    return Assistant(settings)


STRUCTURE_ANSWERS = [
    ("berapa bab dalam tesis ini?", ("Tesis ini terdiri dari 6 bab: BAB I “PENDAHULUAN” [1.1]; BAB II “TINJAUAN "
     "PUSTAKA” [2.1]; BAB III “METODE PENELITIAN” [3.1]; BAB IV “GAMBARAN UMUM” [4.1]; BAB V “HASIL DAN PEMBAHASAN” "
     "[5.1]; BAB VI “PENUTUP” [6.1]."), ["1.1", "2.1", "3.1", "4.1", "5.1", "6.1"]),
    ("What are the chapters?", ("The thesis has 6 chapters (titles in Indonesian, as printed): Chapter I "
     "“PENDAHULUAN” [1.1]; Chapter II “TINJAUAN PUSTAKA” [2.1]; Chapter III “METODE PENELITIAN” [3.1]; Chapter IV "
     "“GAMBARAN UMUM” [4.1]; Chapter V “HASIL DAN PEMBAHASAN” [5.1]; Chapter VI “PENUTUP” [6.1]."),
     ["1.1", "2.1", "3.1", "4.1", "5.1", "6.1"]),
    ("apa saja subbab di BAB VI?", ("BAB VI “PENUTUP” memiliki 2 subbab: 6.1 “Kesimpulan” [6.1]; 6.2 “Saran” "
     "(tercetak 1.2) [6.2]."), ["6.1", "6.2"]),
    ("Which sections does chapter V have?", ("Chapter V “HASIL DAN PEMBAHASAN” has 2 sections (titles in Indonesian, "
     "as printed): 5.1 “Bidang Kerjasama” [5.1] (5.1.1 “Bidang Pendidikan” [5.1.1], 5.1.2 “Bidang Kesehatan” "
     "[5.1.2]); 5.2 “Hambatan Kerjasama” [5.2]."), ["5.1", "5.1.1", "5.1.2", "5.2"]),
    ("Sebutkan subbab dalam bab metode penelitian", ("BAB III “METODE PENELITIAN” memiliki 3 subbab: 3.1 “Jenis "
     "Penelitian” [3.1]; 3.2 “Lokasi Penelitian” [3.2]; 3.3 “Teknik Pengumpulan Data” [3.3]."), ["3.1", "3.2", "3.3"]),
]


@pytest.mark.parametrize(("question", "text", "cited"), STRUCTURE_ANSWERS)
def test_structure_questions_are_answered_from_the_structure(two_docs: Assistant, question, text, cited):
    answer = two_docs.ask(question, document="tesis-bandung")
    assert answer.text == text and not answer.refused and answer.generator == "structure"
    assert answer.language == ("en" if question[0] in "WH" else "id")
    assert [c.section for c in answer.citations] == cited
    assert {c.doc_id for c in answer.citations} == {THESIS_DOC} and all(c.chunk_id for c in answer.citations)


def test_structure_answers_quote_headings_and_cover_every_document(two_docs: Assistant):
    answer = two_docs.ask("apa saja subbab di BAB VI?")
    assert answer.text.splitlines() == [
        "bab-vi-penutup.txt: BAB VI “PENUTUP” memiliki 2 subbab: 6.1 “Kesimpulan” [6.1]; 6.2 “Saran” (tercetak 1.2) [6.2].",
        f"{THESIS_DOC}: BAB VI “PENUTUP” memiliki 2 subbab: 6.1 “Kesimpulan” [6.1]; 6.2 “Saran” (tercetak 1.2) [6.2].",
    ]
    assert [(c.doc_id, c.section, c.quote) for c in answer.citations] == [
        ("bab-vi-penutup.txt", "6.1", "6.1 Kesimpulan"), ("bab-vi-penutup.txt", "6.2", "1.2 Saran"),
        (THESIS_DOC, "6.1", "6.1 Kesimpulan"), (THESIS_DOC, "6.2", "1.2 Saran"),
    ]
    outline = two_docs.ask("What is the structure of the thesis?", document=THESIS_DOC)
    assert outline.text.startswith("The thesis is organised as follows (titles in Indonesian, as printed): “Abstrak” "
                                   "[Abstrak]; “Abstract” [Abstract]; “Kata Pengantar” [Kata Pengantar]; Chapter I "
                                   "“PENDAHULUAN”: 1.1 “Latar Belakang” [1.1]")
    assert outline.text.endswith("Chapter VI “PENUTUP”: 6.1 “Kesimpulan” [6.1], 6.2 “Saran” [6.2]; “Daftar Pustaka” "
                                 "[Daftar Pustaka].")
    missing = two_docs.ask("apa saja subbab di BAB IX?", document="bab-vi-penutup")
    assert missing.refused and missing.text == "Tesis ini tidak memiliki BAB IX; bab yang ada: BAB VI."


# ---- captions, references, several documents ----------------------------------------------------


def test_a_caption_is_found_by_its_label(two_docs: Assistant):
    passages = two_docs.retriever.search("apa isi Tabel 4.2?", document=THESIS_DOC)
    assert passages[0].chunk.text.startswith("Tabel 4.2 Jumlah Wisatawan Jepang di Bandung")
    assert passages[0].chunk.section_id == "4.1"  # not section 4.2, which the number alone would name
    answer = two_docs.ask("apa isi Tabel 4.2?")
    assert not answer.refused and "14.250 orang" in answer.text
    assert answer.citations[0].quote.startswith("Tabel 4.2") and answer.citations[0].doc_id == THESIS_DOC
    english = two_docs.ask("What does Table 4.1 show?")
    assert "2.507.888 jiwa" in english.text and english.citations[0].section == "4.1"


def test_references_and_front_matter_are_indexed_daftar_isi_is_not(two_docs: Assistant):
    index = two_docs.retriever.index
    thesis = [c for c in index.chunks if c.doc_id == THESIS_DOC]
    assert {c.section_id for c in thesis} >= {"Abstrak", "Kata Pengantar", "Daftar Pustaka", "Halaman Judul"}
    assert not any("...." in c.text or c.text.startswith("BAB I PENDAHULUAN") for c in thesis)
    passages = two_docs.retriever.search("Keating Regions and International Affairs", document=THESIS_DOC)
    assert passages[0].chunk.section_id == "Daftar Pustaka" and passages[0].chunk.text.startswith("Keating")


def test_citations_name_the_document_and_a_question_can_be_limited(two_docs: Assistant):
    info = two_docs.info()
    assert [(d.doc_id, d.chapters[-1]) for d in info.documents] == [
        ("bab-vi-penutup.txt", (6, "PENUTUP")), (THESIS_DOC, (6, "PENUTUP"))]
    chapter = two_docs.ask("Kapan MoU ditandatangani?", document="bab-vi-penutup.txt")
    thesis = two_docs.ask("Kapan MoU ditandatangani?", document="tesis-bandung")  # the stem works too
    assert "18 November 2016" in chapter.text and "[6.1]" in chapter.text
    assert {c.doc_id for c in chapter.citations} == {"bab-vi-penutup.txt"}
    assert {s.doc_id for s in chapter.sources} == {"bab-vi-penutup.txt"}
    assert "12 Maret 2019" in thesis.text and thesis.citations[0].section == "5.1"
    assert {c.doc_id for c in thesis.citations} == {THESIS_DOC}
    anywhere = two_docs.ask("Apa saran untuk Pemerintah Kota Bogor?")
    assert anywhere.citations[0].section == "6.2" and anywhere.citations[0].doc_id == "bab-vi-penutup.txt"
    with pytest.raises(QuestionError, match="choose one of bab-vi-penutup.txt, tesis-bandung.txt"):
        two_docs.ask("Kapan MoU ditandatangani?", document="skripsi.pdf")


def test_cli_document_flag_limits_the_answer(two_docs: Assistant, capsys: pytest.CaptureFixture[str]):
    from ui.cli import main

    settings = two_docs.settings
    base = ["ask", "--index", str(settings.index_dir), "--corpus", str(settings.corpus_dir), "--generator",
            "extractive"]
    assert main([*base, "--document", "tesis-bandung.txt", "Kapan MoU ditandatangani?"]) == 0
    out = capsys.readouterr().out
    assert "12 Maret 2019" in out and f"[5.1, p. 20 · {THESIS_DOC}]" in out and "18 November 2016" not in out
    assert main([*base, "--document", "bab-vi-penutup.txt", "Kapan MoU ditandatangani?"]) == 0
    out = capsys.readouterr().out
    assert "18 November 2016" in out and "[6.1 · bab-vi-penutup.txt]" in out and "12 Maret 2019" not in out


def test_ui_shows_a_document_selector_only_for_several_documents(two_docs: Assistant, bot: Assistant):
    from ui.app import ALL_DOCUMENTS, build_app

    def picker(app: Any) -> Any:
        return next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == "ta-document")

    several = build_app(two_docs, two_docs.settings, warm=False)
    assert picker(several).visible and picker(several).choices == [
        (ALL_DOCUMENTS, ALL_DOCUMENTS), ("bab-vi-penutup.txt", "bab-vi-penutup.txt"), (THESIS_DOC, THESIS_DOC)]
    one = build_app(bot, bot.settings, warm=False)
    assert not picker(one).visible
    ask = next(f for f in several.fns.values() if f.api_name == "ask")
    *_, (_chat, exchanges, _box) = ask.fn("Kapan MoU ditandatangani?", [], THESIS_DOC)
    assert "12 Maret 2019" in exchanges[-1].answer.text
    assert {c.doc_id for c in exchanges[-1].answer.citations} == {THESIS_DOC}


# ---- the title page answers who wrote it, who supervised it, where (issue 13) -------------------

TITLE_PAGE = """PENGARUH MODAL USAHA TERHADAP
PENDAPATAN USAHA KECIL DI DESA

SKRIPSI

Disusun Oleh :
Nama : Budi Santoso
NIM : 1710312999

Dosen Pembimbing I : Dr. Ani Wijaya, M.Si.
Dosen Pembimbing II : Citra Dewi, S.E., M.M.

PROGRAM STUDI MANAJEMEN
FAKULTAS EKONOMI
UNIVERSITAS CONTOH NUSANTARA
2022

BAB I
PENDAHULUAN

1.1 Latar Belakang

Usaha kecil di desa menjadi penopang ekonomi keluarga. Modal usaha yang terbatas membuat pendapatan sulit naik.
"""


@pytest.fixture(scope="module")
def title_page_bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("cover") / "corpus"
    folder.mkdir()
    (folder / "skripsi.txt").write_text(TITLE_PAGE, "utf-8")
    settings = Settings(corpus_dir=folder, index_dir=tmp_path_factory.mktemp("cover-idx"), generator="extractive")
    ingest(settings)
    return Assistant(settings)


@pytest.mark.parametrize(
    ("question", "text", "quotes"),
    [
        ("Siapa penulis skripsi ini?", "Penulis skripsi ini adalah Budi Santoso (NIM 1710312999) [Halaman Judul].",
         ["Nama : Budi Santoso", "NIM : 1710312999"]),
        ("Who wrote this thesis?", "The thesis was written by Budi Santoso (student number 1710312999) "
         "[Halaman Judul].", ["Nama : Budi Santoso", "NIM : 1710312999"]),
        ("Who supervised the thesis?", "The thesis was supervised by Dr. Ani Wijaya, M.Si. and Citra Dewi, S.E., "
         "M.M. [Halaman Judul].", ["Dosen Pembimbing I : Dr. Ani Wijaya, M.Si.",
                                   "Dosen Pembimbing II : Citra Dewi, S.E., M.M."]),
        ("Which university was this thesis submitted to?", "The thesis was submitted to UNIVERSITAS CONTOH NUSANTARA "
         "(Faculty: EKONOMI) [Halaman Judul].", ["UNIVERSITAS CONTOH NUSANTARA", "FAKULTAS EKONOMI"]),
    ],
)
def test_title_page_questions_cite_the_title_page(title_page_bot: Assistant, question, text, quotes):
    answer = title_page_bot.ask(question)
    assert answer.text == text and not answer.refused
    assert [(c.section, c.quote, c.doc_id) for c in answer.citations] == [
        ("Halaman Judul", quote, "skripsi.txt") for quote in quotes]
    assert all(TITLE_PAGE[c.start:c.end] == c.quote and c.chunk_id for c in answer.citations)


def test_cli_names_the_author_from_the_title_page(title_page_bot: Assistant, capsys: pytest.CaptureFixture[str]):
    from ui.cli import main

    settings = title_page_bot.settings
    code = main(["ask", "--index", str(settings.index_dir), "--corpus", str(settings.corpus_dir), "--generator",
                 "extractive", "Siapa penulis skripsi ini?"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Budi Santoso" in out and "Halaman Judul" in out and "“Nama : Budi Santoso”" in out
