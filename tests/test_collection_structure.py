"""Every document of the development collection (evals/collection/, both splits) parses to exactly the
sections its structure file lists (evals/collection_src/<doc>.structure.json): ids, titles, and the
printed page of each heading (PDF and PDF-extracted text; a DOCX has no printed page numbers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
COLLECTION = ROOT / "evals" / "collection"
SOURCES = ROOT / "evals" / "collection_src"
DOCUMENTS = ["ekonomi-umkm.pdf", "pendidikan-literasi.md", "hukum-perlindungan-konsumen.docx",
             "komunikasi-media-sosial.txt", "teknik-sipil-drainase.pdf", "informatika-klasifikasi.txt"]


def _expected(doc: str) -> list[dict]:
    data = json.loads((SOURCES / f"{Path(doc).stem}.structure.json").read_text("utf-8"))
    assert data["doc"] == doc
    return data["sections"]


def test_the_collection_is_the_six_documents():
    assert sorted(p.name for p in COLLECTION.iterdir()) == sorted(DOCUMENTS)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_document_parses_to_its_listed_sections(doc: str):
    document = parse_file(COLLECTION / doc)
    expected = _expected(doc)
    assert [(s.section_id, s.title) for s in document.sections] == [(e["id"], e["title"]) for e in expected]
    if not doc.endswith(".docx"):
        assert [s.page for s in document.sections] == [e.get("page") for e in expected]
    text = " ".join(p.text for s in document.sections for p in s.paragraphs)
    assert "...." not in text  # the Daftar Isi is never content
