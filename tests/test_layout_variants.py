"""Dev documents laid out as other theses are (evals/layout_variants.py) parse to exactly their listed sections:
a selection of the variants that once failed, and a few that hold the furniture the others do not (page numbers
at the top of every page, alternating headers, a running footer, a DOCX source set as a PDF). Each case builds
the PDF (or its extracted text) in a temporary folder and compares ids, titles and printed pages."""

from __future__ import annotations

import pytest

from evals.layout_variants import SOURCES, TEST_SPLIT, VARIANTS, dev_sources, run_variant

CASES = [
    # a title page's title wrapping before "2 CIREMBANG" in a thesis of "CHAPTER II": no chapter 2
    ("pendidikan-bahasa-inggris-peer-feedback", "margins-wide"),
    # a table's header cells "Pertambahan bobot badan" and a caption's wrapped "Konversi Ransum" read as listed titles
    ("peternakan-broiler-kelor", "dejavu"),
    # "4.2.2.1. Hubungan Pengetahuan Ibu dengan Kelengkapan" + "Imunisasi Dasar pada Bayi": one bold heading
    ("kesmas-imunisasi", "dejavu"),
    # table rows of one shape beside page numbers taken for a footer; a heading under rows without "Sumber:"
    ("ekonomi-umkm", "text"),
    ("teknik-elektro-plts-monitoring", "text"),
    # "Op. Cit." footnotes of one book on several pages taken for a footer (a DOCX source set as a PDF)
    ("hukum-islam-zakat-profesi", "text"),
    # "1 PENDAHULUAN", "2 METODE" in hard-wrapped text
    ("perikanan-lele-bioflok", "text"),
    # justified text's double spaces in a run-in title
    ("pertanian-jajar-legowo", "text-layout"),
    # pdftotext's form feeds and no page number on a chapter's first page
    ("perikanan-lele-bioflok", "text-skip-opening"),
    # the page's number on the running header's line ("Judul ... 35"), none on a chapter's first page's header
    ("hukum-perlindungan-konsumen", "numbers-in-header"),
    # furniture the committed files do not have
    ("sosiologi-desa-wisata", "numbers-top"),
    ("agribisnis-pemasaran-beras-organik", "alternating"),
    ("lingkungan-kualitas-air-sungai", "footer-numbers-bottom"),
]


def test_the_variants_never_build_the_test_split():
    names = {p.name.removesuffix(".src.txt") for p in dev_sources()}
    assert not names & set(TEST_SPLIT)
    assert {doc for doc, _ in CASES} <= names
    assert {variant for _, variant in CASES} <= {v.name for v in VARIANTS}


@pytest.mark.parametrize(("doc", "variant"), CASES)
def test_a_dev_document_laid_out_otherwise_parses_to_its_listed_sections(doc: str, variant: str):
    outcome = run_variant(SOURCES / f"{doc}.src.txt", next(v for v in VARIANTS if v.name == variant))
    assert not outcome.skipped
    assert (outcome.missing, outcome.extra, outcome.titles, outcome.pages, outcome.order) == ([], [], [], [], True)
