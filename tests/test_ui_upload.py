"""Uploads in the web chat (issue 14): the checks on each file, storing, duplicates, replacing after
confirmation, the background ingest, the panel's plain functions, and the same through gradio_client.

The generated files (a multi-page thesis PDF with fpdf2, a DOCX with python-docx, and each kind of
unusable file) are shared with ``test_ui_upload_browser.py``.
"""

from __future__ import annotations

import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, close_app, free_port

from assistant.core.errors import CorpusError
from assistant.core.settings import Settings
from ui import uploads
from ui.documents import document_view, example_questions, outline_items, panel_html, progress_html
from ui.ingest_worker import IngestStatus, IngestWorker

PDF_QUESTION = "Berapa jumlah responden penelitian?"  # answered by 1.2 Metode Penelitian, page 3 of the PDF
DOCX_QUESTION = "Kapan jembatan gantung di Kampung Cibeber dibangun?"  # answered by the DOCX's 1.1


def thesis_pdf(path: Path) -> Path:
    """A four-page thesis PDF: a title page (title, author, year), BAB I with 1.1 and 1.2, BAB II with 2.1."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)

    def page(lines: list[tuple[str, str]]) -> None:
        pdf.add_page()
        for kind, text in lines:
            pdf.set_font("Helvetica", "B" if kind == "h" else "", 12)
            pdf.multi_cell(0, 8 if kind == "h" else 7, text, new_x="LMARGIN", new_y="NEXT")
            if kind == "p":
                pdf.ln(4)

    page([("h", "PERAN KOPERASI DALAM PEMASARAN KOPI RAKYAT"), ("p", "TESIS"), ("p", "Disusun Oleh: Ani Wijaya"),
          ("p", "2021")])
    page([("h", "BAB I"), ("h", "PENDAHULUAN"), ("h", "1.1 Latar Belakang"),
          ("p", "Koperasi Tani Makmur didirikan pada tahun 1998 oleh dua puluh petani kopi di Desa Sukamaju. "
                "Koperasi ini membantu petani menjual biji kopi langsung kepada pembeli di kota.")])
    page([("h", "1.2 Metode Penelitian"),
          ("p", "Penelitian ini mewawancarai 120 responden petani kopi selama bulan Maret 2020. "
                "Data dianalisis dengan statistik deskriptif dan wawancara mendalam.")])
    page([("h", "BAB II"), ("h", "HASIL PENELITIAN"), ("h", "2.1 Harga Jual"),
          ("p", "Harga jual biji kopi anggota koperasi naik dari Rp 20.000 menjadi Rp 32.000 per kilogram "
                "setelah koperasi membuka gudang penyimpanan bersama.")])
    pdf.output(str(path))
    return path


def thesis_docx(path: Path) -> Path:
    """A DOCX with BAB I, 1.1 Latar Belakang (the bridge built in 2015) and 1.2 Tujuan."""
    import docx

    document = docx.Document()
    for kind, text in [
        ("h", "BAB I"), ("h", "PENDAHULUAN"), ("h", "1.1 Latar Belakang"),
        ("p", "Jembatan gantung di Kampung Cibeber dibangun pada tahun 2015 oleh warga secara gotong royong. "
              "Jembatan itu menghubungkan kampung dengan pasar kecamatan."),
        ("h", "1.2 Tujuan"),
        ("p", "Tujuan penelitian ini adalah mengukur waktu tempuh warga ke pasar sebelum dan sesudah jembatan "
              "gantung dibangun."),
    ]:
        if kind == "h":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF page with a drawing and no text layer (what a scan looks like to a text extractor)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 160)
    pdf.output(str(path))
    return path


def protected_pdf(path: Path) -> Path:
    """A PDF that opens only with a password."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "BAB I\n\nPENDAHULUAN\n\nIsi rahasia tesis.")
    pdf.set_encryption(owner_password="owner", user_password="reader")
    pdf.output(str(path))
    return path


def zip_bomb_docx(path: Path, unpacked_mb: int = 300) -> Path:
    """A small .docx whose word/document.xml would unpack to ``unpacked_mb`` MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"<w:t>" + b"a" * (2**20 - 12) + b"</w:t>\n"
            for _ in range(unpacked_mb):
                member.write(block)
    return path


def broken_docx(path: Path) -> Path:
    """A zip named .docx with word/document.xml that is not XML."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "this is <<< not xml")
    return path


def png_named_pdf(path: Path) -> Path:
    """An image with a .pdf name: wrong type by content."""
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    return path


# ---- names ----------------------------------------------------------------------------------------


def test_safe_names_stay_in_the_corpus_folder() -> None:
    assert uploads.safe_name("Tesis Ani (final).pdf", "pdf") == "Tesis Ani -final.pdf"
    assert uploads.safe_name(".bashrc.txt", "txt") == "bashrc.txt"  # no hidden files
    assert uploads.safe_name("...", "md") == "document.md"
    assert uploads.safe_name("thesis.pdf", "docx") == "thesis.docx"  # the content decides the suffix
    assert uploads.safe_name("Skripsi_Ibu_Sri_Rahayu.DOCX", "docx") == "Skripsi_Ibu_Sri_Rahayu.docx"
    assert uploads.safe_name("Tésis Çağ.txt", "txt") == "Tesis Cag.txt"
    assert len(uploads.safe_name("a" * 500 + ".pdf", "pdf")) == len(uploads.safe_name("b" * 500 + ".docx", "docx")) == 120
    for traversal in ("../../etc/cron.d/x.txt", "..\\..\\x.txt", "/etc/passwd", "sub/x.pdf", "a\x00.txt"):
        with pytest.raises(CorpusError, match="holds a folder path"):
            uploads.safe_name(traversal, "txt")


# ---- checks (one refusal per kind of unusable file) -------------------------------------------------


@pytest.fixture
def small_settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "idx", data_dir=tmp_path / "data",
                    generator="extractive", max_upload_mb=1)


def _corpus_state(settings: Settings) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(settings.corpus_dir).rglob("*") if p.is_file()}


def test_each_unusable_file_is_refused_with_its_reason_and_nothing_is_stored(small_settings: Settings,
                                                                              tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = {
        "gambar.pdf": png_named_pdf(inbox / "gambar.pdf"),
        "besar.txt": inbox / "besar.txt",
        "bom.docx": zip_bomb_docx(inbox / "bom.docx"),
        "scan.pdf": scanned_pdf(inbox / "scan.pdf"),
        "kunci.pdf": protected_pdf(inbox / "kunci.pdf"),
        "rusak.docx": broken_docx(inbox / "rusak.docx"),
        "kosong.txt": inbox / "kosong.txt",
    }
    files["besar.txt"].write_text("BAB I\n\n" + "kata " * 300_000, encoding="utf-8")  # 1.5 MB > 1 MB
    files["kosong.txt"].write_bytes(b"")
    before = _corpus_state(small_settings)
    outcome = uploads.receive([(p, name) for name, p in files.items()], small_settings)
    reasons = {r.name: r.reason for r in outcome.refused}
    assert outcome.stored == () and outcome.conflicts == () and outcome.duplicates == ()
    assert set(reasons) == set(files)
    assert reasons["gambar.pdf"].startswith("is not a PDF, DOCX, TXT or MD file by its content")
    assert reasons["besar.txt"].startswith("is 1.4 MB, over the 1 MB limit")
    assert "refused before unpacking" in reasons["bom.docx"]
    assert reasons["scan.pdf"].startswith("has no text layer")
    assert reasons["kunci.pdf"].startswith("is password-protected")
    assert "docx" in reasons["rusak.docx"].lower() or "xml" in reasons["rusak.docx"].lower()
    assert reasons["kosong.txt"].startswith("is empty")
    assert _corpus_state(small_settings) == before
    assert list((Path(small_settings.data_dir) / "uploads").iterdir()) == []  # nothing left staged


def test_duplicates_are_recognised_and_a_same_name_waits_for_confirmation(small_settings: Settings,
                                                                          tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    copy = inbox / "salinan.txt"
    copy.write_bytes((CORPUS / "bab-vi-penutup.txt").read_bytes())
    pdf = thesis_pdf(inbox / "kopi.pdf")
    outcome = uploads.receive([(copy, "salinan.txt"), (pdf, "kopi.pdf")], small_settings)
    assert outcome.duplicates == (("salinan.txt", "bab-vi-penutup.txt"),)
    assert [(c.name, c.kind, c.pages) for c in outcome.stored] == [("kopi.pdf", "pdf", 4)]
    assert (Path(small_settings.corpus_dir) / "kopi.pdf").read_bytes() == pdf.read_bytes()
    assert not (Path(small_settings.corpus_dir) / "salinan.txt").exists()

    other = thesis_docx(inbox / "other.docx")
    renamed = inbox / "kopi.pdf.docx"
    shutil.copy(other, renamed)
    outcome = uploads.receive([(renamed, "kopi.pdf")], small_settings)  # a DOCX named kopi.pdf: kopi.docx
    assert [c.name for c in outcome.stored] == ["kopi.docx"]
    second = thesis_docx(inbox / "second.docx")
    with zipfile.ZipFile(second, "a") as archive:
        archive.writestr("docProps/custom.xml", "<x/>")  # other bytes, same name
    outcome = uploads.receive([(second, "kopi.docx")], small_settings)
    assert [c.name for c in outcome.conflicts] == ["kopi.docx"] and outcome.stored == ()
    assert (Path(small_settings.corpus_dir) / "kopi.docx").read_bytes() == other.read_bytes()  # not yet replaced
    uploads.store(outcome.conflicts[0], Path(small_settings.corpus_dir))  # what "Replace" does
    assert (Path(small_settings.corpus_dir) / "kopi.docx").read_bytes() == second.read_bytes()


def test_remove_only_moves_corpus_files(small_settings: Settings) -> None:
    worker = IngestWorker(small_settings, ingest=lambda *a, **k: None)
    for bad in ("../bab-vi-penutup.txt", ".hidden.txt", "missing.txt", "/etc/passwd"):
        with pytest.raises(CorpusError, match="not a file in the corpus folder"):
            worker.remove(bad)


# ---- the panel's plain functions --------------------------------------------------------------------


ENTRY = {
    "title": "PERAN KOPERASI",
    "front": [["author", "Ani Wijaya"], ["year", "2021"]],
    "chapters": [[1, "PENDAHULUAN"], [2, "HASIL"]],
    "sections": [["Halaman Judul", "Halaman Judul", "", None, 3, 1, "cover", 1, "c0"],
                 ["1.1", "Latar Belakang", "1.1", 1, 1, 2, "body", 2, "c1"],
                 ["1.2", "Metode <b>Penelitian</b>", "1.2", 1, 1, 2, "body", 3, "c2"],
                 ["2.1", "Harga Jual", "2.1", 2, 1, 2, "body", 4, "c3"]],
}


def test_panel_outline_and_examples_come_from_the_documents() -> None:
    doc = document_view("kopi.pdf", ENTRY)
    assert doc.facts == (("author", "Ani Wijaya"), ("year", "2021")) and doc.pages == 4
    html = panel_html([doc])
    assert "<b>Penelitian" not in html  # escaped
    assert "Ani Wijaya" in html and "4 pages" in html and "2 chapters" in html and "3 sections" in html
    items = outline_items([doc])
    assert [i.label for i in items] == ["Halaman Judul · p. 1", "BAB I PENDAHULUAN", "    1.1 Latar Belakang · p. 2",
                                        "    1.2 Metode <b>Penelitian</b> · p. 3", "BAB II HASIL",
                                        "    2.1 Harga Jual · p. 4"]
    assert items[2].question == "Apa isi bagian 1.1 Latar Belakang?" and items[1].question == "Ringkasan BAB I PENDAHULUAN"
    examples = example_questions([doc])
    assert examples["Bahasa Indonesia"] == ["Siapa penulis tesis ini?", "Apa saja subbab di BAB I?",
                                            "Apa isi bagian 1.1 Latar Belakang?", "Apa isi bagian 2.1 Harga Jual?"]
    assert examples["English"] == ["Who wrote the thesis?", "What are the sections of chapter 1?",
                                   "What does section 1.1 Latar Belakang say?", "What does section 2.1 Harga Jual say?"]


def test_progress_shows_files_pages_chunks_and_time_left() -> None:
    status = IngestStatus(state="embedding", files=("a.pdf", "b.docx"), pages=12, chunks_done=30, chunks_total=120,
                          seconds_left=9.4, version=2)
    html = progress_html(status)
    assert 'data-state="embedding"' in html and "2 file(s) · 12 pages" in html
    assert "chunks 30/120 · about 9 s left" in html and '<progress max="120" value="30">' in html
    done = progress_html(IngestStatus(state="done", message="3 documents", problems=("x.pdf <b>bad</b>",)))
    assert "✓ 3 documents" in done and "x.pdf &lt;b&gt;bad&lt;/b&gt;" in done
    assert progress_html(IngestStatus()) == ""


# ---- the background ingest --------------------------------------------------------------------------


def test_worker_ingests_in_the_background_one_at_a_time(small_settings: Settings) -> None:
    from ingest import ingest

    calls: list[float] = []

    def slow_ingest(settings: Settings, **kwargs: Any) -> Any:
        calls.append(time.monotonic())
        time.sleep(0.5)
        return ingest(settings, **kwargs)

    worker = IngestWorker(small_settings, ingest=slow_ingest)
    worker.request(("a",), 1)
    deadline = time.monotonic() + 60
    while not calls:  # the first run has started
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert worker.request(("b",), 1).queued == 1
    assert worker.request(("c",), 1).queued == 2  # the two waiting requests become one run after the first
    status = worker.wait_idle(timeout=300)
    assert status.state == "done" and status.version == 2 and len(calls) == 2
    assert calls[1] - calls[0] >= 0.5


# ---- the same through gradio_client -----------------------------------------------------------------


@pytest.fixture
def served_upload(tmp_path: Path) -> Iterator[tuple[str, Settings, Any]]:
    from assistant import Assistant
    from ingest import ingest
    from ui.app import build_app, launch

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "idx", data_dir=tmp_path / "data",
                        generator="extractive", port=free_port())
    ingest(settings)
    app = build_app(lambda: Assistant(settings), settings)
    launch(app, settings, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{settings.port}", settings, app
    finally:
        close_app(app)


def _wait(client: Any, version: int) -> dict[str, Any]:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = client.predict(api_name="/ingest_status")
        if not status["busy"] and status["version"] >= version:
            return status
        time.sleep(0.5)
    raise AssertionError("the background ingest did not finish")


def _text(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def test_gradio_client_uploads_asks_and_removes(served_upload, tmp_path: Path) -> None:
    import gradio_client
    from gradio_client import handle_file

    url, settings, _ = served_upload
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf, docx_file = thesis_pdf(inbox / "kopi rakyat.pdf"), thesis_docx(inbox / "jembatan.docx")
    client = gradio_client.Client(url, analytics_enabled=False, verbose=False, download_files=False)
    message, *_ = client.predict([handle_file(str(pdf)), handle_file(str(docx_file))], False, api_name="/upload")
    assert "✓ kopi rakyat.pdf added (pdf, 4 pages)" in message and "✓ jembatan.docx added (docx" in message
    status = _wait(client, 1)
    assert status["state"] == "done" and status["files"] == ["kopi rakyat.pdf", "jembatan.docx"]
    assert status["chunks_done"] == status["chunks_total"] > 0 and status["pages"] == 5

    chat, _ = client.predict(PDF_QUESTION, api_name="/ask")
    assert _text(chat[1]).startswith("120 responden") and "[1.2]" in _text(chat[1])
    assert chat[2]["metadata"]["title"] == "Sumber · 1.2 Metode Penelitian, p. 3"
    assert 'href="thesis/document/kopi%20rakyat.pdf#page=3"' in _text(chat[2])
    import urllib.request

    with urllib.request.urlopen(f"{url}/thesis/document/kopi%20rakyat.pdf", timeout=10) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("inline")
        assert response.read() == pdf.read_bytes()

    again, *_ = client.predict([handle_file(str(pdf))], False, api_name="/upload")
    assert "= kopi rakyat.pdf has the same content as the loaded kopi rakyat.pdf" in again

    client.predict("jembatan.docx", api_name="/remove_document")
    _wait(client, 2)
    assert not (Path(settings.corpus_dir) / "jembatan.docx").exists()
    assert len(list((Path(settings.data_dir) / "removed").glob("*-jembatan.docx"))) == 1
    chat, _ = client.predict(DOCX_QUESTION, api_name="/ask")
    assert "jembatan.docx" not in _text(chat[-1]) and "2015 —" not in _text(chat[-2])


def test_the_chat_answers_from_the_current_index_while_an_upload_is_ingested(served_upload, tmp_path: Path) -> None:
    import gradio_client
    from gradio_client import handle_file

    from ingest import ingest

    url, _, app = served_upload

    release = threading.Event()

    class SlowBar:
        """The ingest's progress bar, held after the first embedded batch until the test has its answer
        (the ingest holds its lock and has not swapped the new generation in meanwhile)."""

        def __init__(self, bar: Any) -> None:
            self.bar = bar

        def update(self, n: int) -> None:
            self.bar.update(n)
            release.wait(timeout=300)

        def close(self) -> None:
            self.bar.close()

    app.worker._ingest = lambda settings, progress, lock_wait: ingest(
        settings, progress=lambda total, what: SlowBar(progress(total, what)), lock_wait=lock_wait)
    pdf = thesis_pdf(tmp_path / "kopi.pdf")
    client = gradio_client.Client(url, analytics_enabled=False, verbose=False, download_files=False)
    client.predict([handle_file(str(pdf))], False, api_name="/upload")
    deadline = time.monotonic() + 120
    while client.predict(api_name="/ingest_status")["chunks_done"] == 0:
        assert time.monotonic() < deadline, "the ingest never reached the embedding step"
        time.sleep(0.2)
    chat, _ = client.predict("Kapan Agreement of Friendship ditandatangani?", api_name="/ask")
    during = client.predict(api_name="/ingest_status")
    assert "18 November 2016" in _text(chat[1]) and "[6.1]" in _text(chat[1])
    assert during["busy"] is True  # answered while the new generation was still being written
    release.set()
    assert _wait(client, 1)["state"] == "done"
    chat, _ = client.predict(PDF_QUESTION, api_name="/ask")
    assert _text(chat[-2]).startswith("120 responden")
