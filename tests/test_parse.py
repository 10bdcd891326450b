"""Parsing: the real chapter's structure, and crafted edge cases."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from ingest.load import RawDocument
from ingest.parse import parse_document, parse_file
from assistant.sentences import split_sentences

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
