"""Ingest with the real corpus, the real e5 model and real Chroma (embedded and `chroma run`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import numpy as np
import pytest

from assistant.index import store
from assistant.index.embeddings import get_embedder
from assistant.core.errors import CorpusError, EmbedderMismatchError, IndexMissingError, IngestLockedError
from assistant.core.settings import Settings
from ingest import ingest, pipeline
from ingest.lock import ingest_lock

from conftest import CORPUS, ROOT


def _collection(settings: Settings):
    client = store.open_client(settings)
    manifest = store.read_manifest(client, settings)
    return store.data_collection(client, manifest), manifest


def test_ingest_builds_chunks_with_section_metadata(built_index: Settings):
    collection, manifest = _collection(built_index)
    records = collection.get(include=["metadatas", "documents"])
    metas = sorted(records["metadatas"], key=lambda m: (m["section_id"], m["paragraph_index"]))
    assert [(m["section_id"], m["paragraph_index"]) for m in metas] == [
        ("6.1", 0), ("6.1", 1), ("6.1", 2), ("6.2", 0), ("6.2", 1)
    ]
    assert {m["printed_number"] for m in metas if m["section_id"] == "6.2"} == {"1.2"}
    assert {m["section_title"] for m in metas} == {"Kesimpulan", "Saran"}
    assert {(m["chapter_number"], m["chapter_title"]) for m in metas} == {(6, "PENUTUP")}
    assert manifest.embedder == get_embedder("e5").id and manifest.dim == 384
    assert all(cid.startswith(("6.1-", "6.2-")) for cid in records["ids"])
    assert not any("*" in d for d in records["documents"])


@pytest.mark.parametrize(
    ("question", "section", "paragraph"),
    [
        ("Kapan Agreement of Friendship ditandatangani?", "6.1", 0),
        ("Mengapa budidaya blueberry tidak berhasil di Bogor?", "6.1", 1),
        ("Apa rekomendasi penulis bagi Pemerintah Kota Bogor?", "6.2", 0),
        ("Which party initiated the cooperation between Bogor and Kisarazu?", "6.1", 0),
        ("What made blueberry and eel cultivation impossible in Bogor?", "6.1", 1),
        ("Will the health cooperation continue?", "6.1", 2),
    ],
)
def test_raw_chroma_query_finds_the_right_paragraph(built_index: Settings, question: str, section: str, paragraph: int):
    collection, _ = _collection(built_index)
    vector = get_embedder("e5").embed_query(question)
    result = collection.query(query_embeddings=[vector.tolist()], n_results=1, include=["metadatas"])
    meta = result["metadatas"][0][0]
    assert (meta["section_id"], meta["paragraph_index"]) == (section, paragraph)


def test_reingest_unchanged_is_a_no_op(built_index: Settings):
    report = ingest(built_index)
    assert report.unchanged and report.embedded == 0 and report.chunks == 5


def test_incremental_ingest_only_touches_the_changed_file(tmp_path: Path, corpus_copy: Path):
    (corpus_copy / "bab-v.txt").write_text("BAB V\n\nPEMBAHASAN\n\n5.1 Hasil\n\nHasil penelitian ini baik.\n", "utf-8")
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "idx")
    first = ingest(settings)
    assert (first.documents, first.chunks, first.embedded) == (2, 6, 6)
    _, before = _collection(settings)
    (corpus_copy / "bab-v.txt").write_text("BAB V\n\nPEMBAHASAN\n\n5.1 Hasil\n\nHasilnya berubah.\n", "utf-8")
    second = ingest(settings)
    assert (second.embedded, second.reused) == (1, 5)
    collection, after = _collection(settings)
    assert after.documents["bab-vi-penutup.txt"]["chunks"] == before.documents["bab-vi-penutup.txt"]["chunks"]
    assert after.documents["bab-v.txt"]["chunks"] != before.documents["bab-v.txt"]["chunks"]
    assert collection.count() == 6
    (corpus_copy / "bab-v.txt").unlink()
    third = ingest(settings)
    assert third.removed_documents == ("bab-v.txt",) and third.embedded == 0
    collection, _ = _collection(settings)
    assert collection.count() == 5
    client = store.open_client(settings)
    names = sorted(c.name if hasattr(c, "name") else c for c in client.list_collections())
    assert names == ["thesis-g3", "thesis-manifest"]  # older generations removed


def test_an_unchanged_corpus_is_recognised_by_its_hashes_alone(tmp_path: Path, corpus_copy: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    """No parse on an unchanged re-ingest; the report still has the parser's notes and the files
    that held no paragraph text; touching one of those files makes it a real ingest again."""
    (corpus_copy / "judul-saja.txt").write_text("BAB IX\n\nLAMPIRAN LAIN\n\n9.1 Kosong\n", "utf-8")
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "idx")
    first = ingest(settings)
    assert [s.doc_id for s in first.skipped] == ["judul-saja.txt"]

    def no_parsing(raw):  # noqa: ANN001, ANN202
        raise AssertionError(f"{raw.doc_id} was parsed on an unchanged re-ingest")

    monkeypatch.setattr(pipeline, "parse_document", no_parsing)
    again = ingest(settings)
    assert again.unchanged and (again.documents, again.sections, again.chunks) == (1, 2, 5)
    assert again.notes == first.notes and any("printed as '1.2'" in n for n in again.notes)
    assert [(s.doc_id, s.reason) for s in again.skipped] == [(s.doc_id, s.reason) for s in first.skipped]
    monkeypatch.undo()
    (corpus_copy / "judul-saja.txt").write_text("BAB IX\n\nLAMPIRAN LAIN\n\n9.1 Isi\n\nKini ada isinya.\n", "utf-8")
    changed = ingest(settings)
    assert not changed.unchanged and (changed.documents, changed.embedded, changed.reused) == (2, 1, 5)


def test_an_edited_paragraph_is_the_only_one_embedded_again(tmp_path: Path, corpus_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    """Vectors follow the text: an edit re-embeds its paragraph only, and a new chunker version
    (which re-chunks everything) embeds nothing whose text is unchanged."""
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "idx")
    first = ingest(settings)
    collection, _ = _collection(settings)
    before = collection.get(include=["embeddings", "documents"])
    vectors = dict(zip(before["documents"], before["embeddings"]))
    path = corpus_copy / "bab-vi-penutup.txt"
    text = path.read_text("utf-8")
    path.write_text(text.replace("Kementerian Kehutanan", "Kementerian Lingkungan Hidup dan Kehutanan", 1), "utf-8")
    second = ingest(settings)
    assert (first.embedded, second.embedded, second.reused, second.chunks) == (5, 1, 4, 5)
    collection, _ = _collection(settings)
    after = collection.get(include=["embeddings", "documents", "metadatas"])
    kept = [t for t in after["documents"] if t in vectors]
    assert len(kept) == 4
    for text_, vector in zip(after["documents"], after["embeddings"]):
        if text_ in vectors:
            assert np.allclose(vector, vectors[text_], atol=1e-6)  # the store keeps float32
    assert all(m["terms"] for m in after["metadatas"])

    monkeypatch.setattr(pipeline, "CHUNKER_VERSION", "test-next")
    third = ingest(settings)
    assert (third.embedded, third.reused, third.unchanged) == (0, 5, False)
    path.rename(corpus_copy / "tesis.txt")  # a renamed file is a new document with the same paragraphs
    fourth = ingest(settings)
    assert (fourth.embedded, fourth.reused, fourth.removed_documents) == (0, 5, ("bab-vi-penutup.txt",))
    from assistant import Assistant

    answer = Assistant(settings.with_(generator="extractive"), warm=False).ask("Siapa inisiator kerjasama Sister City?")
    assert "Kementerian Lingkungan Hidup dan Kehutanan" in answer.text


def test_bad_files_are_skipped_by_name(tmp_path: Path, corpus_copy: Path):
    (corpus_copy / "latin1.txt").write_bytes("Caf\xe9 di Bogor.".encode("latin-1"))
    (corpus_copy / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    (corpus_copy / "empty.md").write_text("", "utf-8")
    report = ingest(Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "idx"))
    assert report.documents == 1 and report.chunks == 5
    reasons = {s.doc_id: s.reason for s in report.skipped}
    assert set(reasons) == {"latin1.txt", "binary.txt", "empty.md"}
    assert "iconv" in reasons["latin1.txt"] and "empty" in reasons["empty.md"]


def test_empty_corpus_is_a_clear_error(tmp_path: Path):
    (tmp_path / "corpus").mkdir()
    with pytest.raises(CorpusError, match="holds no .txt/.md file"):
        ingest(Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "idx"))


def test_a_file_given_as_the_corpus_folder_is_a_clear_error(tmp_path: Path):
    thesis = tmp_path / "bab-vi.txt"
    thesis.write_text("BAB VI PENUTUP\n\n6.1 Kesimpulan\n\nKalimat.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"is a file: .*--corpus {tmp_path}\)"):
        ingest(Settings(corpus_dir=thesis, index_dir=tmp_path / "idx"))


def test_missing_index_and_embedder_mismatch(tmp_path: Path, built_index: Settings):
    from assistant import Assistant

    with pytest.raises(IndexMissingError, match="thesis-chat ingest"):
        Assistant(Settings(index_dir=tmp_path / "nothing"))
    with pytest.raises(EmbedderMismatchError, match="re-ingest"):
        Assistant(built_index.with_(embedder="minilm"))


def test_sentence_transformers_embedder_ingests_and_queries(tmp_path: Path):
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "idx", embedder="minilm")
    report = ingest(settings)
    assert report.chunks >= 5  # MiniLM's 256-token window splits the longest paragraphs
    collection, manifest = _collection(settings)
    assert manifest.embedder == "sentence-transformers:minilm" and manifest.dim == 384
    vector = get_embedder("minilm").embed_query("Green City concept of Bogor")
    meta = collection.query(query_embeddings=[vector.tolist()], n_results=1, include=["metadatas"])["metadatas"][0][0]
    assert meta["section_id"] == "6.1"


def test_a_second_ingest_is_refused_while_one_holds_the_lock(tmp_path: Path):
    with ingest_lock(tmp_path / "idx"):
        with pytest.raises(IngestLockedError, match="another ingest"):
            ingest(Settings(corpus_dir=CORPUS, index_dir=tmp_path / "idx"))


def test_killed_ingest_leaves_the_previous_index_answering(tmp_path: Path, corpus_copy: Path):
    """SIGKILL an ingest mid-embedding, several times: the old index answers; the next ingest completes."""
    from assistant import Assistant

    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "idx")
    ingest(settings)
    big = "BAB II\n\nTEORI\n\n" + "".join(
        f"2.{i} Bagian {i}\n\nParagraf nomor {i} membahas teori kerjasama kota ke-{i} secara panjang. " * 1
        + "Kalimat tambahan agar teks lebih panjang dan embedding butuh waktu. " * 8 + "\n\n"
        for i in range(1, 120)
    )
    (corpus_copy / "bab-ii.txt").write_text(big, "utf-8")
    env = {**os.environ, "THESIS_CORPUS_DIR": str(corpus_copy), "THESIS_INDEX_DIR": str(settings.index_dir)}
    for delay in (1.5, 2.5, 3.5):
        process = subprocess.Popen([sys.executable, "-m", "ui.cli", "ingest", "--no-progress"], env=env,
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        answer = Assistant(settings.with_(generator="extractive")).ask("Kapan MoU ditandatangani?")
        assert "18 November 2016" in answer.text and not answer.refused
    report = ingest(settings)
    assert report.documents == 2 and not report.unchanged
    client = store.open_client(settings)
    manifest = store.read_manifest(client, settings)
    collection = store.data_collection(client, manifest)
    ids = collection.get(include=[])["ids"]
    assert len(ids) == len(set(ids)) == manifest.chunk_count == report.chunks
    names = sorted(c.name if hasattr(c, "name") else c for c in client.list_collections())
    assert names == sorted([manifest.collection, "thesis-manifest"])  # no orphaned generation


def test_ingest_and_ask_against_a_chroma_server(chroma_server, tmp_path: Path):
    from assistant import Assistant

    host, port = chroma_server
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "local", chroma_host=host, chroma_port=port,
                        collection="server-thesis", generator="extractive")
    report = ingest(settings)
    assert report.chunks == 5 and "Chroma server" in report.where
    client = chromadb.HttpClient(host=host, port=port)
    assert "server-thesis-manifest" in [c.name if hasattr(c, "name") else c for c in client.list_collections()]
    answer = Assistant(settings).ask("Siapa inisiator kerjasama Sister City?")
    assert answer.citations[0].section == "6.1" and "Kementerian Kehutanan" in answer.text
    assert not (tmp_path / "local" / "chroma").exists()  # nothing embedded was written


def test_chroma_server_down_is_a_clear_error(tmp_path: Path):
    from assistant import Assistant
    from assistant.core.errors import StoreUnavailableError
    from conftest import free_port

    settings = Settings(index_dir=tmp_path / "idx", chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreUnavailableError, match="chroma run"):
        Assistant(settings)


def test_e5_reads_a_huge_sentence_as_its_first_512_tokens():
    """A 400 KB sentence without a full stop (a table or a run-on line extracted from a PDF) is embedded as the
    model's window, as sentence-transformers truncates: the C engine read it whole, for hours."""
    embedder = get_embedder("e5")
    huge = "kata panjang sekali " * 20_000
    clipped = embedder.clip(huge)
    assert huge.startswith(clipped) and 3000 < len(clipped) < 3450  # three tokens a 20-character repeat
    assert embedder.max_tokens * 0.95 < embedder.token_count(clipped) <= embedder.max_tokens  # cut 3% short at most
    assert embedder.clip("Kota Bogor menandatangani MoU pada 18 November 2016.") == (
        "Kota Bogor menandatangani MoU pada 18 November 2016.")
    vectors = embedder.embed_passages([huge, "Kalimat pendek."])
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ embedder.embed_passages([clipped])[0]) > 0.9999
    assert float(embedder.embed_query(huge) @ embedder.embed_query(embedder.clip(huge))) > 0.99


def test_a_question_whose_generation_an_ingest_dropped_reads_the_new_one(tmp_path: Path, corpus_copy: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    """The race the web chat's upload and a second process both have: the ask checked the generation, then an
    ingest swapped in a new one and dropped the old one the question was reading (real Chroma). The question
    reads the new generation instead of failing with "run thesis-chat ingest"."""
    from assistant import Assistant

    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "idx").with_(generator="extractive")
    ingest(settings)
    bot = Assistant(settings)
    assert "2016" in bot.ask("Kapan MoU ditandatangani?").text
    stale = bot._index
    (corpus_copy / "lampiran.txt").write_text(
        "LAMPIRAN\n\n7.1 Jadwal\n\nRapat evaluasi kerja sama diadakan pada 12 Maret 2019.\n", "utf-8")
    ingest(settings)  # a new generation; the one the bot holds is dropped
    answers = iter([False])  # the ask's own check ran just before the swap
    monkeypatch.setattr(stale, "generation_changed", lambda: next(answers, True))
    answer = bot.ask("Kapan rapat evaluasi kerja sama diadakan?")
    assert bot._index is not stale
    assert "12 Maret 2019" in answer.text and "7.1" in {c.section for c in answer.citations}
