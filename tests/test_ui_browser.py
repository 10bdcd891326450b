"""End to end in Debian's headless Chromium (Playwright with executable_path; never a browser download).

Set UI_SCREENSHOT_DIR to keep the screenshots somewhere (they always go to the test's temp dir too).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import close_app, free_port
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
OFFLINE_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DONE_JS = """(n) => {
  const users = document.querySelectorAll('#ta-chat .user-row').length;
  const rows = document.querySelectorAll('#ta-chat .bot-row');
  const last = rows[rows.length - 1];
  return users === n && last && last.querySelector('.ta-source, .ta-badge-error')
         && !document.querySelector('#ta-chat .loading-spinner');
}"""

SCRIPT_CORPUS = """BAB I

PENDAHULUAN

1.1 Latar Belakang

Kota Contoh menandatangani perjanjian kerjasama pendidikan dengan Kota Mitra pada tanggal 5 Mei 2020 <script>window.__xss = 1</script> <img src=x onerror="window.__xss = 2"> sebagai awal hubungan kedua kota. Kerjasama ini diharapkan memperkuat pertukaran pelajar.

1.2 Tujuan

Tujuan penelitian ini adalah menjelaskan pelaksanaan kerjasama pendidikan antara Kota Contoh dan Kota Mitra serta hambatan yang dihadapi dalam pelaksanaannya.
"""

HOSTILE_CORPUS = """BAB I

PENDAHULUAN

1.1 Latar Belakang

Kota Contoh menandatangani perjanjian kerjasama pendidikan dengan Kota Mitra pada tanggal 5 Mei 2020 sebagai awal hubungan kedua kota.

1.2 Arsip <b style="position:fixed;inset:0;z-index:99999;background:#c00">SESI HABIS</b>

Arsip kerjasama disimpan di portal ![logo](http://evil.example/pixel.png) dan [portal](http://evil.example/login) dengan kode $$x^2$$ sejak tahun 2019.
"""


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str]]]:
    """A Chromium with a fresh profile that cannot resolve any host but 127.0.0.1; every request URL recorded."""
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium (make browser)"
    requests: list[str] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=OFFLINE_FLAGS,
            viewport={"width": 1280, "height": 1000},
        )
        context.on("request", lambda request: requests.append(request.url))
        yield context, requests
        context.close()


def _serve(settings: Any, bot_factory: Any) -> tuple[Any, str]:
    from ui.app import build_app, launch

    app = build_app(bot_factory, settings)
    launch(app, settings, block=False, quiet=True)
    return app, f"http://127.0.0.1:{settings.port}"


@pytest.fixture(scope="module")
def site(built_index, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """The chat over the real Assistant on a free port; yields (url, settings)."""
    from assistant import Assistant

    settings = built_index.with_(generator="extractive", data_dir=tmp_path_factory.mktemp("data"), port=free_port())
    start = time.perf_counter()
    app, url = _serve(settings, lambda: Assistant(settings))
    print(f"\napp built and listening in {time.perf_counter() - start:.2f} s")
    yield url, settings
    close_app(app)


@pytest.fixture
def page(browser_context, site) -> Iterator[Page]:
    context, _ = browser_context
    page = context.new_page()
    page.goto(site[0])
    page.wait_for_selector("#ta-header .ta-doc-row")
    yield page
    page.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _screenshot(page: Page, shots: Path, name: str) -> Path:
    path = shots / name
    page.wait_for_timeout(600)  # let the Sources block finish opening
    page.screenshot(path=str(path), full_page=True)
    extra = os.environ.get("UI_SCREENSHOT_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / name)
    return path


def _ask(page: Page, question: str, number: int) -> float:
    """Type a question, press Enter, wait for the finished answer; return the seconds it took."""
    box = page.locator("#ta-question textarea")
    box.fill(question)
    start = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(DONE_JS, arg=number, timeout=120_000)
    return time.perf_counter() - start


def _last_bot(page: Page) -> Any:
    return page.locator("#ta-chat .bot-row").last


def test_header_says_what_is_loaded(page: Page) -> None:
    header = page.locator("#ta-header")
    assert "Thesis Assistant · Asisten Tesis" in header.inner_text()
    assert "BAB VI PENUTUP" in header.inner_text()
    assert "6.1 Kesimpulan · 6.2 Saran" in header.inner_text()
    assert "extractive" in header.inner_text()


def test_indonesian_then_english_question(page: Page, shots: Path) -> None:
    seconds = _ask(page, "Kapan Agreement of Friendship ditandatangani?", 1)
    print(f"\nfirst answer in the browser after {seconds:.2f} s")
    bot = _last_bot(page)
    assert "18 November 2016" in bot.inner_text()
    assert bot.locator(".cite").first.inner_text() == "[6.1]"
    assert "Sumber · 6.1 Kesimpulan" in bot.locator(".thought-group .title").inner_text()
    assert bot.locator(".ta-section").first.inner_text() == "6.1 Kesimpulan"
    assert "Agreement of Friendship" in bot.locator(".ta-passage mark").first.inner_text()
    assert bot.locator(".ta-score").first.inner_text().startswith("skor 0.")

    seconds = _ask(page, "Who initiated the cooperation?", 2)
    print(f"second answer in the browser after {seconds:.2f} s")
    bot = _last_bot(page)
    assert "Kementerian Kehutanan dan Lingkungan Hidup" in bot.inner_text()
    assert bot.locator(".cite").first.inner_text() == "[6.1]"
    assert "Sources · 6.1 Kesimpulan" in bot.locator(".thought-group .title").inner_text()
    assert "sebagai inisiator kerjasama" in bot.locator(".ta-passage mark").first.inner_text()
    assert bot.locator(".ta-score").first.inner_text().startswith("score 0.")
    page.locator("#ta-chat .thought-group .title").first.click()  # fold the first Sources so both answers fit
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.wait_for_timeout(400)
    page.locator("#ta-chat .bubble-wrap").evaluate("e => { e.scrollTop = e.scrollHeight; }")
    _screenshot(page, shots, "chat-id-en.png")


def test_sources_block_collapses_and_opens(page: Page) -> None:
    _ask(page, "Apa rekomendasi penulis bagi Pemerintah Kota Bogor?", 1)
    bot = _last_bot(page)
    assert bot.locator(".ta-source").first.is_visible()
    _toggle_until(bot, "hidden")
    _toggle_until(bot, "visible")
    assert bot.locator(".ta-section").first.inner_text() == "6.2 Saran"


def _toggle_until(bot: Any, state: str) -> None:
    """Click the Sources title until the passages reach ``state``.

    The block animates open and shut, and on a loaded machine the last streamed update can re-render
    the message just after the answer appears and swallow a click; so each click gets 10 s to take
    effect and there are three tries.
    """
    for _ in range(3):
        bot.locator(".thought-group .title").click()
        try:
            bot.locator(".ta-source").first.wait_for(state=state, timeout=10_000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"the Sources block never became {state} after three clicks")


def test_examples_come_from_the_loaded_document_and_clicking_one_asks_it(page: Page) -> None:
    # On a loaded machine (load average 10, a fresh-clone `make test` beside three other jobs) one read saw
    # the set's label alone: the page had its header but the example set was not rendered yet, or was being
    # re-rendered by the panel's timer (its ticks update the sets). The items are waited for first.
    page.wait_for_function(
        "() => (document.querySelector('#ta-examples-id')?.innerText || '').includes('Apa isi bagian 6.2 Saran?')",
        timeout=30_000)
    assert page.locator("#ta-examples-id").inner_text().split("\n")[1:] == [
        "Apa saja subbab di BAB VI?", "Apa isi bagian 6.1 Kesimpulan?", "Apa isi bagian 6.2 Saran?"]
    assert "What does section 6.2 Saran say?" in page.locator("#ta-examples-en").inner_text()
    page.locator("#ta-examples-id").get_by_text("Apa isi bagian 6.2 Saran?").click()
    page.wait_for_function(DONE_JS, arg=1, timeout=120_000)
    assert "Apa isi bagian 6.2 Saran?" in page.locator("#ta-chat .user-row").first.inner_text()
    bot = _last_bot(page)
    assert "Saran untuk Pemerintah Kota Bogor" in bot.inner_text()
    assert bot.locator(".cite").first.inner_text() == "[6.2]"
    assert "Sumber · 6.2 Saran" in bot.locator(".thought-group .title").inner_text()


def test_refusal_looks_different(page: Page, shots: Path) -> None:
    _ask(page, "Berapa luas wilayah Kota Kisarazu?", 1)
    badge = _last_bot(page).locator(".ta-badge-refusal")
    assert badge.inner_text() == "⊘ Tidak ada dalam tesis"
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 244, 229)"
    _screenshot(page, shots, "refusal.png")


def test_too_long_question_shows_a_message_and_the_chat_goes_on(page: Page, shots: Path) -> None:
    _ask(page, "a" * 5000, 1)
    bot = _last_bot(page)
    assert bot.locator(".ta-badge-error").inner_text() == "⚠ Question not accepted"
    assert "5,000 characters" in bot.inner_text()
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Connection errored out" not in body
    _screenshot(page, shots, "error.png")
    _ask(page, "Siapa inisiator kerjasama Sister City ini?", 2)
    assert "Kementerian Kehutanan" in _last_bot(page).inner_text()


def test_thumbs_up_is_recorded(page: Page, site) -> None:
    _ask(page, "Kapan Agreement of Friendship ditandatangani?", 1)
    page.locator("#ta-chat button[aria-label='Like']").last.click()
    path = site[1].data_dir / "feedback.jsonl"
    deadline = time.monotonic() + 15
    while not (path.exists() and path.read_text(encoding="utf-8").strip()):
        assert time.monotonic() < deadline, "no feedback row was written"
        time.sleep(0.2)
    row = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert row["vote"] == "up" and row["question"] == "Kapan Agreement of Friendship ditandatangani?"
    assert row["citations"][0]["section"] == "6.1"


def test_export_and_new_chat(page: Page) -> None:
    _ask(page, "Kapan Agreement of Friendship ditandatangani?", 1)
    page.locator("#ta-export").click()
    link = page.locator("#ta-file a").first
    link.wait_for(state="visible", timeout=15_000)
    assert re.search(r"conversation-\d{8}-\d{6}-[0-9a-f]{8}\s*\.md", page.locator("#ta-file").inner_text())
    with page.expect_download() as download:
        link.click()
    target = Path(tempfile.mkdtemp()) / "export.md"
    download.value.save_as(target)
    markdown = target.read_text(encoding="utf-8")
    assert "## 1. Kapan Agreement of Friendship ditandatangani?" in markdown and "[6.1]" in markdown
    page.locator("#ta-new").click()
    page.wait_for_function("document.querySelectorAll('#ta-chat .user-row').length === 0")
    assert not page.locator("#ta-file a").is_visible()


def test_nothing_leaves_the_machine(browser_context, page: Page) -> None:
    _, requests = browser_context
    assert requests, "no request was recorded"
    outside = [url for url in requests if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    assert outside == []


def test_script_in_a_passage_does_not_run(browser_context, tmp_path: Path, shots: Path) -> None:
    from assistant import Assistant, Settings
    from ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bab-i.txt").write_text(SCRIPT_CORPUS, encoding="utf-8")
    settings = Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "idx",
        data_dir=tmp_path / "data",
        generator="extractive",
        port=free_port(),
    )
    ingest(settings)
    app, url = _serve(settings, lambda: Assistant(settings))
    context, _ = browser_context
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url)
        page.wait_for_selector("#ta-header .ta-doc-row")
        _ask(page, "Kapan Kota Contoh menandatangani perjanjian kerjasama pendidikan?", 1)
        bot = _last_bot(page)
        assert "<script>window.__xss = 1</script>" in bot.locator(".ta-passage").first.inner_text()
        assert page.evaluate("() => window.__xss") is None
        assert bot.locator(".ta-passage script, .ta-passage img").count() == 0
        assert dialogs == []
        _screenshot(page, shots, "escaped.png")
    finally:
        page.close()
        close_app(app)


def test_hostile_corpus_text_shows_as_text_and_fetches_nothing(browser_context, tmp_path: Path) -> None:
    """Issue 17 item 1: a heading with a page-covering <b style=...>, a paragraph with a remote image,
    a link and $$math$$: all shown as the thesis wrote them, nothing rendered, nothing fetched."""
    from assistant import Assistant, Settings
    from ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bab-i.txt").write_text(HOSTILE_CORPUS, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "idx", data_dir=tmp_path / "data",
                        generator="extractive", port=free_port())
    ingest(settings)
    app, url = _serve(settings, lambda: Assistant(settings))
    context, requests = browser_context
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_selector("#ta-header .ta-doc-row")
        _ask(page, "Di mana arsip kerjasama disimpan sejak tahun 2019?", 1)
        bot = _last_bot(page)
        answer = bot.inner_text()
        assert "![logo](http://evil.example/pixel.png)" in answer and "$$x^2$$" in answer
        title = bot.locator(".thought-group .title").inner_text()
        assert '<b style="position:fixed;inset:0;z-index:99999;background:#c00">SESI HABIS</b>' in title
        passage = bot.locator(".ta-passage").first.inner_text()
        assert "[portal](http://evil.example/login)" in passage and "$$x^2$$" in passage
        chat = page.locator("#ta-chat")
        assert chat.locator("b[style], img[src*='evil'], a[href*='evil'], .katex, form, input").count() == 0
        assert not page.evaluate("() => [...document.querySelectorAll('*')].some("
                                 "e => getComputedStyle(e).position === 'fixed' && e.innerText === 'SESI HABIS')")
        assert [u for u in requests if "evil.example" in u] == []
    finally:
        page.close()
        close_app(app)
