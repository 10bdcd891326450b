"""Issue 14 end to end in Debian's headless Chromium: upload a thesis PDF and a DOCX, watch the
progress finish, see them in the panel with their outline, ask about each, open the cited PDF page,
remove one; and every kind of unusable file refused in the page with the index left as it was.

Set UI_SCREENSHOT_DIR to keep the screenshots (docs/screenshot.png is made from "panel-answer.png").
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, close_app, free_port
from playwright.sync_api import Page, sync_playwright
from test_ui_browser import CHROMIUM, DONE_JS, OFFLINE_FLAGS
from test_ui_upload import (
    DOCX_QUESTION,
    PDF_QUESTION,
    broken_docx,
    png_named_pdf,
    protected_pdf,
    scanned_pdf,
    thesis_docx,
    thesis_pdf,
    zip_bomb_docx,
)

pytestmark = pytest.mark.slow

WAIT = 180_000  # ms: generous, the machine is shared (an earlier CI run failed on a 300 ms wait)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str]]]:
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium (make browser)"
    requests: list[str] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=OFFLINE_FLAGS, viewport={"width": 1440, "height": 1100},
        )
        context.on("request", lambda request: requests.append(request.url))
        yield context, requests
        context.close()


def _site(tmp_path: Path, **changes: Any) -> tuple[Any, Any, str]:
    from assistant import Assistant, Settings
    from ingest import ingest
    from ui.app import build_app, launch

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "idx", data_dir=tmp_path / "data",
                        generator="extractive", port=free_port(), **changes)
    ingest(settings)
    app = build_app(lambda: Assistant(settings), settings)
    launch(app, settings, block=False, quiet=True)
    return app, settings, f"http://127.0.0.1:{settings.port}"


def _open(context: Any, url: str) -> Page:
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#ta-header .ta-doc-row", timeout=WAIT)
    page.wait_for_selector("#ta-upload input[type=file]", state="attached", timeout=WAIT)
    return page


def _upload(page: Page, files: list[Any]) -> None:
    page.locator("#ta-upload input[type=file]").set_input_files(files)


def _wait_version(page: Page, version: int) -> str:
    """Wait until the progress line says an ingest finished (``version`` runs so far); its text."""
    done = page.locator(f"#ta-progress .ta-progress[data-version='{version}'][data-state='done'],"
                        f"#ta-progress .ta-progress[data-version='{version}'][data-state='failed']")
    done.wait_for(timeout=WAIT)
    return done.inner_text()


def _ask(page: Page, question: str, number: int) -> Any:
    box = page.locator("#ta-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(DONE_JS, arg=number, timeout=WAIT)
    return page.locator("#ta-chat .bot-row").last


def _screenshot(page: Page, path: Path, name: str) -> None:
    page.wait_for_timeout(600)  # let the Sources block finish opening
    page.screenshot(path=str(path / name), full_page=False)
    extra = os.environ.get("UI_SCREENSHOT_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path / name, Path(extra) / name)


def test_upload_pdf_and_docx_see_outline_ask_open_page_and_remove(chromium, tmp_path: Path) -> None:
    context, requests = chromium
    app, settings, url = _site(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf = thesis_pdf(inbox / "kopi-rakyat.pdf")
    docx_file = thesis_docx(inbox / "jembatan.docx")
    page = _open(context, url)
    try:
        assert "Apa saja subbab di BAB VI?" in page.locator("#ta-examples-id").inner_text()
        _upload(page, [str(pdf), str(docx_file)])
        result = page.locator("#ta-upload-result .ta-stored")
        result.first.wait_for(timeout=WAIT)
        assert "kopi-rakyat.pdf added (pdf, 4 pages)" in page.locator("#ta-upload-result").inner_text()
        progress = _wait_version(page, 1)
        assert progress.startswith("✓ Index updated: 3 documents, ")
        # the panel, outline, picker and examples refreshed by themselves
        page.wait_for_function("() => document.querySelector('#ta-docs').innerText.includes('PERAN KOPERASI')",
                               timeout=WAIT)
        docs = page.locator("#ta-docs").inner_text()
        assert "Ani Wijaya" in docs and "2021" in docs and "4 pages" in docs
        outline = page.locator("#ta-outline").inner_text()
        assert "    kopi-rakyat · 1.2 Metode Penelitian · p. 3" in outline
        assert "    jembatan · 1.1 Latar Belakang" in outline
        assert page.locator("#ta-document").is_visible()  # several documents: the picker shows
        assert "kopi-rakyat.pdf" in page.locator("#ta-header").inner_text()  # so does the header
        assert "Siapa penulis tesis ini?" in page.locator("#ta-examples-id").inner_text()
        assert "Who wrote the thesis?" in page.locator("#ta-examples-en").inner_text()

        bot = _ask(page, PDF_QUESTION, 1)
        assert "120 responden" in bot.inner_text() and bot.locator(".cite").first.inner_text() == "[1.2]"
        assert bot.locator(".ta-section").first.inner_text() == "1.2 Metode Penelitian, p. 3"
        link = bot.locator("a.ta-open").first
        assert link.get_attribute("href").endswith("thesis/document/kopi-rakyat.pdf#page=3")
        response = page.request.get(url + "/thesis/document/kopi-rakyat.pdf")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert page.request.get(url + "/thesis/document/..%2F..%2Fetc%2Fpasswd").status == 404
        _screenshot(page, tmp_path, "panel-answer.png")

        bot = _ask(page, DOCX_QUESTION, 2)
        assert "2015" in bot.inner_text() and bot.locator(".cite").first.inner_text() == "[1.1]"
        assert "jembatan.docx" in bot.locator(".ta-doc").first.inner_text()

        page.locator("#ta-outline").get_by_text("2.1 Harga Jual · p. 4").click()
        bot = page.locator("#ta-chat .bot-row").last
        page.wait_for_function(DONE_JS, arg=3, timeout=WAIT)
        assert "Rp 32.000" in bot.inner_text() and "2.1" in bot.locator(".cite").first.inner_text()

        choice = page.locator("#ta-remove-choice input")
        choice.click()
        choice.fill("jembatan.docx")
        page.get_by_role("option", name="jembatan.docx").click()
        page.locator("#ta-remove").click()
        page.locator("#ta-remove-confirm").click()
        _wait_version(page, 2)
        assert not (settings.corpus_dir / "jembatan.docx").exists()
        page.wait_for_function("() => !document.querySelector('#ta-outline').innerText.includes('jembatan')",
                               timeout=WAIT)
        bot = _ask(page, DOCX_QUESTION, 4)
        assert "jembatan.docx" not in bot.inner_text() and "2015 —" not in bot.inner_text()
        assert [u for u in requests if not u.startswith(("http://127.0.0.1:", "data:", "blob:"))] == []
    finally:
        page.close()
        close_app(app)


def test_each_unusable_file_gets_a_message_and_the_index_stays(chromium, tmp_path: Path) -> None:
    context, _ = chromium
    app, settings, url = _site(tmp_path, max_upload_mb=1)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = [
        png_named_pdf(inbox / "gambar.pdf"),  # wrong type by content
        zip_bomb_docx(inbox / "bom.docx"),
        scanned_pdf(inbox / "scan.pdf"),  # no text layer
        protected_pdf(inbox / "kunci.pdf"),
        broken_docx(inbox / "rusak.docx"),
    ]
    before = sorted(p.name for p in settings.corpus_dir.iterdir())
    page = _open(context, url)
    try:
        _upload(page, [str(p) for p in bad])
        refused = page.locator("#ta-upload-result .ta-refused")
        refused.first.wait_for(timeout=WAIT)
        text = page.locator("#ta-upload-result").inner_text()
        assert "gambar.pdf is not a PDF, DOCX, TXT or MD file by its content" in text
        assert "bom.docx" in text and "refused before unpacking" in text
        assert "scan.pdf has no text layer (a scanned PDF?): run OCR on it first" in text
        assert "kunci.pdf is password-protected" in text
        assert "rusak.docx" in text and refused.count() == 5
        # a traversal name reaches us as a plain name (the browser and Gradio keep only the last part):
        # it is stored inside the corpus folder under a safe name, never outside it
        _upload(page, [{"name": "../../evil.txt", "mimeType": "text/plain",
                        "buffer": b"BAB I\n\nPENDAHULUAN\n\n1.1 Latar\n\nTeks biasa untuk uji nama berkas."}])
        page.wait_for_function("() => document.querySelector('#ta-upload-result').innerText.includes('evil.txt')",
                               timeout=WAIT)
        assert not (tmp_path / "evil.txt").exists() and not (settings.corpus_dir.parent.parent / "evil.txt").exists()
        assert (settings.corpus_dir / "evil.txt").is_file()
        _wait_version(page, 1)
        assert sorted(p.name for p in settings.corpus_dir.iterdir()) == sorted([*before, "evil.txt"])

        # too large: the page refuses it before sending (Gradio's max_file_size), the server would too
        big = inbox / "besar.txt"
        big.write_text("BAB I\n\n" + "kata " * 300_000, encoding="utf-8")
        _upload(page, [str(big)])
        page.wait_for_function(
            "() => /exceed|too large|maximum/i.test(document.body.innerText)", timeout=WAIT)
        assert not (settings.corpus_dir / "besar.txt").exists()
        assert app.worker.status().version == 1  # only the good upload made a new generation

        # the same name with other content waits for "Replace"
        newer = b"BAB I\n\nPENDAHULUAN\n\n1.1 Latar\n\nTeks baru yang menggantikan teks lama sepenuhnya."
        _upload(page, [{"name": "evil.txt", "mimeType": "text/plain", "buffer": newer}])
        page.locator("#ta-upload-result .ta-conflict").wait_for(timeout=WAIT)
        assert "evil.txt has the name of a loaded document" in page.locator("#ta-upload-result").inner_text()
        assert (settings.corpus_dir / "evil.txt").read_bytes() != newer
        assert app.worker.status().version == 1
        page.locator("#ta-replace").click()
        _wait_version(page, 2)
        assert (settings.corpus_dir / "evil.txt").read_bytes() == newer
        assert not page.locator("#ta-replace").is_visible()
    finally:
        page.close()
        close_app(app)


def test_a_file_dropped_on_the_panel_is_uploaded(chromium, tmp_path: Path) -> None:
    """Drag-and-drop: a drop event carrying a file, as the browser fires it, uploads that file."""
    context, _ = chromium
    app, settings, url = _site(tmp_path)
    page = _open(context, url)
    try:
        data = page.evaluate_handle("""() => {
            const transfer = new DataTransfer();
            const text = 'BAB I\\n\\nPENDAHULUAN\\n\\n1.1 Latar Belakang\\n\\nSumur bor desa digali pada tahun 2012.';
            transfer.items.add(new File([text], 'sumur.txt', {type: 'text/plain'}));
            return transfer;
        }""")
        target = page.locator("#ta-upload button").first
        target.dispatch_event("dragenter", {"dataTransfer": data})
        target.dispatch_event("dragover", {"dataTransfer": data})
        target.dispatch_event("drop", {"dataTransfer": data})
        page.locator("#ta-upload-result .ta-stored").wait_for(timeout=WAIT)
        assert "sumur.txt added (txt)" in page.locator("#ta-upload-result").inner_text()
        _wait_version(page, 1)
        assert (settings.corpus_dir / "sumur.txt").is_file()
    finally:
        page.close()
        close_app(app)
