"""The fixed benchmark questions: 10 Indonesian, 10 English, about the real chapter (kept fixed so runs compare).

Each is (question, expected section of the real chapter, or None when the thesis does not say).
"""

from __future__ import annotations

QUESTIONS: list[tuple[str, str | None]] = [
    ("Kapan Agreement of Friendship antara Kota Bogor dan Kota Kisarazu ditandatangani?", "6.1"),
    ("Siapa inisiator kerjasama Sister City Kota Bogor dan Kota Kisarazu?", "6.1"),
    ("Mengapa budidaya blueberry dan ikan sidat tidak dapat dilaksanakan di Bogor?", "6.1"),
    ("Konsep pembangunan kota apa yang diusung oleh Kota Bogor?", "6.1"),
    ("Apa kepanjangan PK2H?", "6.1"),
    ("Sampai kapan kerjasama di bidang kesehatan akan terus berlanjut?", "6.1"),
    ("Apa saran penulis untuk Pemerintah Kota Bogor?", "6.2"),
    ("Siapa Walikota Bogor yang menyampaikan bahwa Organic City sejalan dengan Kota Bogor?", "6.2"),
    ("apa isi subbab 6.2?", "6.2"),
    ("Berapa jumlah penduduk Kota Kisarazu?", None),
    ("When was the Agreement of Friendship between Bogor and Kisarazu signed?", "6.1"),
    ("Which ministry initiated the sister city cooperation?", "6.1"),
    ("Which fruit did Kisarazu hope Bogor would cultivate?", "6.1"),
    ("What sector is Bogor's economy mainly based on?", "6.1"),
    ("How does the Japanese embassy see the partnership?", "6.1"),
    ("What does the author recommend to the Bogor city government?", "6.2"),
    ("Which local agency was consulted about whether agro-industry could work in Bogor?", "6.2"),
    ("what does section 6.1 conclude?", "6.1"),
    ("What is the population of Kisarazu?", None),
    ("Who is the mayor of Kisarazu?", None),
]


def texts() -> list[str]:
    """The question texts in order."""
    return [q for q, _ in QUESTIONS]
