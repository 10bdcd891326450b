"""Abbreviations a thesis defines once and then uses (``assistant.core.abbreviations``), on sentences written
for these tests."""

from __future__ import annotations

from assistant.core.abbreviations import definitions


def test_a_definition_is_the_capitalised_run_that_spells_the_bracketed_abbreviation() -> None:
    text = ("Rencana itu memerlukan pertimbangan Kementerian Luar Negeri (Kemlu) dan persetujuan Kementerian Dalam "
            "Negeri (Kemendagri). Menurut kajian Dinas Lingkungan Hidup (DLH), sampah bertambah. Kedua pihak "
            "menandatangani Letter of Intent (LoI) pada 2017 dan Anggaran Pendapatan dan Belanja Daerah (APBD) "
            "menanggung biayanya.")
    assert definitions(text) == {
        "Kemlu": "Kementerian Luar Negeri", "Kemendagri": "Kementerian Dalam Negeri",
        "DLH": "Dinas Lingkungan Hidup", "LoI": "Letter of Intent",
        "APBD": "Anggaran Pendapatan dan Belanja Daerah"}


def test_no_definition_across_a_sentence_or_of_other_letters() -> None:
    # the run stops at a full stop; a run that does not spell the bracket defines nothing; a bracketed word
    # of the language is no abbreviation
    text = ("Data diolah oleh Badan Statistik Provinsi. Pengawas Obat dan Makanan (BPOM) memeriksanya. "
            "Kantor Wilayah Utara (KWS) dan tim survei (ulang) bekerja bersama Badan Pusat Statistik (BPS).")
    assert definitions(text) == {"BPS": "Badan Pusat Statistik"}


def test_the_retrieval_result_carries_the_abbreviations_its_documents_define() -> None:
    from fakes import MemoryIndex

    from assistant.core.types import Chunk, Sentence
    from assistant.index.embeddings import HashEmbedder
    from assistant.retrieval.retrieve import Retriever

    texts = ["Izin diberikan oleh Kementerian Keuangan (Kemenkeu) pada tahun 2020.",
             "Kemenkeu meminta laporan tahunan setiap bulan Januari."]
    chunks, offset = [], 0
    for i, text in enumerate(texts):
        chunks.append(Chunk(f"c{i}", text, "toy.txt", 4, "HASIL", "4.1", "Hasil", "4.1", i, offset,
                            offset + len(text), (Sentence(text, offset, offset + len(text)),)))
        offset += len(text) + 2
    embedder = HashEmbedder()
    retriever = Retriever(MemoryIndex(embedder, chunks), embedder)  # type: ignore[arg-type]
    result = retriever.retrieve(retriever.analyse("Kapan laporan tahunan diminta?"), k=2)
    assert result.glossary == {"Kemenkeu": "Kementerian Keuangan"}
