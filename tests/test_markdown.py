"""A repository's Markdown export parses like plain text: its marks are blanked with offsets kept
(ingest/markdown.py), on a snippet and on the collection's two Markdown documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.markdown import plain_markdown
from ingest.parse import parse_file

COLLECTION = Path(__file__).resolve().parent.parent / "evals" / "collection"


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**DINDA AYU LESTARI**", "  DINDA AYU LESTARI  "),
        ("**NIM. 1910411027**", "  NIM. 1910411027  "),
        ("  __b. Kejelasan__", "    b. Kejelasan  "),
        ("> \"Jadwal kami kirim.\"", "  \"Jadwal kami kirim.\""),
        (">", " "),
        ("| Kode | Jabatan | Kategori |", "  Kode \t Jabatan \t Kategori  "),
        ("|---|:---:|---|", "               "),
        ("lihat [laman dinas](https://contoh.go.id) ini", "lihat  laman dinas" + " " * 24 + "ini"),
        ("![Gambar](gambar.png)", "                     "),
        # left as they are (emphasis inside a line is the parser's to drop): a run-in bold subheading, italics,
        # a multiplication, an underscore in a name, a heading, a lone asterisk
        ("**a. Perencanaan.** Pada tahap", "**a. Perencanaan.** Pada tahap"),
        ("teori *implementasi* kebijakan", "teori *implementasi* kebijakan"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("file_nama_data", "file_nama_data"),
        ("# BAB I PENDAHULUAN", "# BAB I PENDAHULUAN"),
        ("p < 0,05*", "p < 0,05*"),
    ],
)
def test_marks_become_whitespace_of_the_same_length(markdown: str, plain: str):
    assert plain_markdown(markdown) == plain
    assert len(plain_markdown(markdown)) == len(markdown)


def test_a_quote_and_its_attribution_stay_paragraphs_of_their_own():
    text = "> \"Jadwal kami kirim.\"\n>\n> (Wawancara dengan Informan 1, 6 Maret 2023)\n"
    assert plain_markdown(text).split("\n") == ["  \"Jadwal kami kirim.\"", " ", "  (Wawancara dengan Informan 1, 6 Maret 2023)",
                                                ""]


@pytest.mark.parametrize("doc", ["administrasi-publik-pelayanan-keliling.md", "pendidikan-literasi.md"])
def test_no_mark_is_quoted_and_offsets_point_into_the_file(doc: str):
    path = COLLECTION / doc
    source = path.read_text("utf-8")
    document = parse_file(path)
    sentences = [s for section in document.sections for p in section.paragraphs for s in p.sentences]
    assert sentences
    for sentence in sentences:
        assert "**" not in sentence.text and "|" not in sentence.text and not sentence.text.startswith(">")
        # the sentence starts where the file has its first word (its text joins hyphenated lines and drops
        # footnote markers, so only the first word is compared)
        quoted = source[sentence.start:sentence.end].split()
        assert quoted[0].strip("*>") == sentence.text.split()[0]


def test_a_bold_title_page_gives_its_facts():
    document = parse_file(COLLECTION / "administrasi-publik-pelayanan-keliling.md")
    front = {field.name: field.value for field in document.front}
    assert front["author"] == "DINDA AYU LESTARI"
    assert front["student_number"] == "1910411027"
    assert front["university"] == "UNIVERSITAS PELITA NUSANTARA"
    assert front["faculty"] == "ILMU SOSIAL DAN ILMU POLITIK"
    assert front["year"] == "2023"
