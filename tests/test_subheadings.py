"""Subheadings inside a section that are no sections, on text as a repository exports it (paragraphs
between blank lines): a lower-case lettered one ("b. Kejelasan") opens its own paragraph; it is not the
previous paragraph going on because it opens in lower case."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.load import RawDocument
from ingest.parse import parse_document
from ingest.subheadings import own_subheading

HEAD = "BAB IV\nHASIL\n\n4.1 Komunikasi\n\na. Transmisi\n\nTransmisi berjalan baik.\n\n"


def _paragraphs(text: str) -> list[list[str]]:
    document = parse_document(RawDocument("x.txt", Path("x.txt"), text, "h"))
    return [[s.text for s in p.sentences] for section in document.sections for p in section.paragraphs]


@pytest.mark.parametrize("before", ["(Wawancara dengan Informan 9, 2 Maret 2023)", "Kami kirim jadwal lebih awal."])
def test_a_lower_case_lettered_subheading_is_not_the_paragraph_before_going_on(before: str):
    paragraphs = _paragraphs(HEAD + f"{before}\n\nb. Kejelasan\n\nBagi pelaksana, isi kebijakan sudah jelas.\n")
    assert [before] in paragraphs
    assert ["b. Kejelasan", "Bagi pelaksana, isi kebijakan sudah jelas."] in paragraphs


@pytest.mark.parametrize(("line", "subheading"), [
    ("b. Kejelasan", True), ("b. Sumber daya anggaran", True), ("a) Kriteria inklusi", True), ("1) Uji validitas", True),
    # an item of a list, not a title: a sentence, or a line ending in a comma or a stop
    ("b. Siswa membaca teks bacaan dengan suara keras di depan kelas.", False), ("b. Kedua,", False),
    ("b. kejelasan", False),
])
def test_lettered_and_marked_subheadings(line: str, subheading: bool):
    assert own_subheading(line) is subheading
