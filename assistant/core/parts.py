"""The parts of a thesis that are named, not numbered (Abstrak, Daftar Pustaka, Lampiran ...), and
the title page's section id: shared by the parser (which recognises them) and the read path (which
cites them)."""

from __future__ import annotations

import re

# Unnumbered parts of a thesis by kind; a part's section id is its name ("Daftar Pustaka"). "list"
# parts (Daftar Isi, Daftar Tabel ...) are read by the parser and never indexed.
NAMED_PARTS: dict[str, tuple[str, ...]] = {
    "front": ("Abstrak", "Abstract", "Intisari", "Ringkasan", "Kata Pengantar", "Prakata", "Ucapan Terima Kasih",
              "Halaman Pengesahan", "Lembar Pengesahan", "Lembar Persetujuan", "Halaman Persetujuan",
              "Pernyataan Keaslian", "Pernyataan Orisinalitas", "Pernyataan", "Halaman Persembahan", "Persembahan", "Motto", "Foreword",
              "Preface", "Acknowledgements", "Acknowledgments"),
    "list": ("Daftar Isi", "Table of Contents", "Contents", "Daftar Tabel", "List of Tables", "Daftar Gambar",
             "List of Figures", "Daftar Lampiran", "List of Appendices", "Daftar Singkatan", "Daftar Istilah",
             "Daftar Lambang", "Daftar Simbol", "Daftar Notasi", "List of Symbols", "Nomenclature"),
    "references": ("Daftar Pustaka", "Daftar Referensi", "Referensi", "Kepustakaan", "Bibliografi", "Bibliography",
                   "References", "Reference List"),
    "appendix": ("Lampiran", "Lampiran-Lampiran", "Appendix", "Appendices", "Riwayat Hidup", "Daftar Riwayat Hidup",
                 "Curriculum Vitae"),
}
COVER_ID = "Halaman Judul"  # the text before the first heading of a whole thesis
# Section ids that are names, not numbers: a citation marker may be "[Daftar Pustaka]".
NAMED_SECTION_IDS = tuple(n for kind, names in NAMED_PARTS.items() if kind != "list" for n in names) + (COVER_ID,)

# Titles of the section that states a thesis' conclusions (where "summarise the findings" is answered).
CONCLUSION_TITLES = ("kesimpulan", "simpulan", "kesimpulan dan saran", "simpulan dan saran", "conclusion",
                     "conclusions", "conclusion and suggestions", "conclusions and recommendations")
# Words that name the work as a whole: a summary question made only of them asks for its conclusions.
WHOLE_WORK_WORDS = frozenset("""
    hasil penelitian meneliti skripsi tesis disertasi studi kajian temuan menemukan ditemukan kesimpulan simpulan
    ini itu research researched study studies thesis dissertation work finding findings found result results
    conclusion conclusions show shows showed what this
""".split())
# Words of a question that asks where something comes from: only then are footnotes evidence.
SOURCE_WORDS = frozenset("""
    sumber sumbernya referensi rujukan dirujuk pustaka kutipan dikutip mengutip catatan kaki footnote footnotes
    note notes source sources reference references cited cites citation quoted quote
""".split())

# Sections that state what a thesis sets out to do (its aims, its research questions): their sentences restate a
# question's words ("Menentukan faktor risiko yang paling dominan ...") and hold no finding.
AIM_TITLES = re.compile(r"^\s*(?:tujuan|rumusan\s+masalah|pertanyaan\s+penelitian|identifikasi\s+masalah|"
                        r"research\s+(?:objectives?|questions?|aims?|purposes?)|objectives?|aims?|purposes?|"
                        r"problem\s+statements?|statement\s+of\s+the\s+problem|hipotesis|hypothes[ie]s)\b", re.IGNORECASE)
# A question about those aims or questions themselves (or about the problem studied) is answered there.
ASKS_AIM = re.compile(r"\b(?:tujuan\w*|bertujuan|rumusan|masalah\w*|pertanyaan|aim\w*|objectives?|purposes?|goals?|"
                      r"intend\w*|problems?|questions?|ingin|hendak|hipotesis|hypothes\w*|dugaan)\b", re.IGNORECASE)


def is_aim_part(title: str | None) -> bool:
    """A section title that names a thesis' aims or research questions ("1.3 Tujuan Penelitian", "Tujuan Khusus")."""
    return bool(title) and AIM_TITLES.match(title) is not None
