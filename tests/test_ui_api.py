"""The web chat launched for real on 127.0.0.1 over a real Assistant and index, driven by gradio_client."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import gradio_client
import gradio_client.exceptions
import pytest
from conftest import CORPUS, ROOT, close_app, free_port, interrupt

pytestmark = pytest.mark.slow


def _client(url: str) -> Any:
    return gradio_client.Client(url, analytics_enabled=False, verbose=False)


def _text(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


@contextmanager
def _running(app: Any, settings: Any) -> Iterator[str]:
    from ui.app import launch

    launch(app, settings, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        close_app(app)


@pytest.fixture(scope="module")
def served(built_index, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, Any]]:
    """The app over a real Assistant (extractive) on a free port, for the whole module."""
    from assistant import Assistant
    from ui.app import build_app

    settings = built_index.with_(generator="extractive", data_dir=tmp_path_factory.mktemp("data"), port=free_port())
    app = build_app(lambda: Assistant(settings), settings)
    with _running(app, settings) as url:
        yield url, settings, app


def _ask(client: Any, question: str) -> tuple[list[dict[str, Any]], list[Any]]:
    job = client.submit(question, api_name="/ask")
    chat, box = job.result(timeout=120)
    assert box == ""
    return chat, job.outputs()


def test_binds_loopback_with_analytics_off(served) -> None:
    url, settings, app = served
    assert settings.host == "127.0.0.1" and app.server_name == "127.0.0.1"
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False" and os.environ["HF_HUB_OFFLINE"] == "1"
    page = urllib.request.urlopen(url, timeout=10).read().decode()
    assert "Thesis Assistant · Asisten Tesis" in page


def test_status_shows_document_and_generator(served) -> None:
    header, chat = _client(served[0]).predict(api_name="/status")
    assert chat == []
    assert "<b>BAB VI PENUTUP</b>" in header
    assert "6.1 Kesimpulan · 6.2 Saran" in header
    assert "extractive" in header


def test_indonesian_question_streams_an_answer_with_citation_and_sources(served) -> None:
    chat, outputs = _ask(_client(served[0]), "Kapan Agreement of Friendship ditandatangani?")
    assert len(outputs) >= 2  # a pending message first, then the answer
    assert outputs[0][0][-1]["metadata"]["title"] == "Mencari di tesis…"
    user, answer, sources = chat
    assert _text(user) == "Kapan Agreement of Friendship ditandatangani?"
    assert _text(answer).startswith("18 November 2016")
    assert '<span class="cite">[6.1]</span>' in _text(answer)
    assert sources["metadata"]["title"] == "Sumber · 6.1 Kesimpulan"
    assert '<span class="ta-section">6.1 Kesimpulan</span>' in _text(sources)
    assert "<mark>Sejak ditandatanganinya Minutes of Meeting" in _text(sources)
    assert '<span class="ta-score">skor 0.' in _text(sources)


def test_english_question_gets_english_labels(served) -> None:
    chat, _ = _ask(_client(served[0]), "Who initiated the cooperation?")
    assert "Kementerian Kehutanan dan Lingkungan Hidup" in _text(chat[1])
    assert "[6.1]" in _text(chat[1])
    assert chat[2]["metadata"]["title"] == "Sources · 6.1 Kesimpulan"
    assert "score 0." in _text(chat[2])


def test_saran_question_cites_section_6_2(served) -> None:
    chat, _ = _ask(_client(served[0]), "Apa rekomendasi penulis bagi Pemerintah Kota Bogor?")
    assert "[6.2]" in _text(chat[1])
    assert chat[2]["metadata"]["title"] == "Sumber · 6.2 Saran"
    assert '<span class="ta-section">6.2 Saran</span>' in _text(chat[2])


def test_follow_up_uses_the_conversation_and_new_chat_clears_it(served) -> None:
    client = _client(served[0])
    _ask(client, "Kapan Agreement of Friendship ditandatangani?")
    chat, _ = _ask(client, "Siapa inisiatornya?")
    assert len(chat) == 6
    assert "Kementerian Kehutanan" in _text(chat[4])
    cleared = client.predict(api_name="/new_chat")
    assert cleared[0] == [] and cleared[1] == ""
    chat, _ = _ask(client, "Who initiated the cooperation?")
    assert len(chat) == 3


def test_refusal_is_shown_as_a_refusal(served) -> None:
    chat, _ = _ask(_client(served[0]), "Berapa luas wilayah Kota Kisarazu?")
    assert _text(chat[1]).startswith('<span class="ta-badge ta-badge-refusal">⊘ Tidak ada dalam tesis</span>')
    assert "cite" not in _text(chat[1]).split("</span>", 1)[1].split("Yang paling dekat")[0]
    assert chat[2]["metadata"]["title"].startswith("Bagian yang diperiksa (")


def test_too_long_question_is_a_readable_message(served) -> None:
    chat, _ = _ask(_client(served[0]), "a" * 5000)
    assert len(chat) == 2
    assert _text(chat[0]).endswith("… (5,000 characters)")
    message = _text(chat[1])
    assert message.startswith('<span class="ta-badge ta-badge-error">⚠ Question not accepted</span>')
    assert "5,000 characters" in message and "2,000" in message
    assert "Traceback" not in message


def test_bad_inputs_never_kill_the_app(served) -> None:
    client = _client(served[0])
    for question in ["???", "<script>alert(1)</script>", "\x00\x01", "🙂" * 10]:
        chat, _ = _ask(client, question)
        assert chat[-1]["role"] == "assistant" and "Traceback" not in _text(chat[-1])
        assert "<script>" not in _text(chat[0])
    chat, _ = _ask(client, "Who initiated the cooperation?")
    assert "Kementerian Kehutanan" in _text(chat[-2])


def test_export_writes_markdown_with_citations_inside_data_dir(served) -> None:
    url, settings, _ = served
    client = _client(url)
    _ask(client, "Kapan Agreement of Friendship ditandatangani?")
    _ask(client, "Who initiated the cooperation?")
    update = client.predict(api_name="/export")
    path = Path(update["value"] if isinstance(update, dict) else update)
    markdown = path.read_text(encoding="utf-8")
    assert markdown.startswith("# Percakapan dengan asisten tesis\n")
    assert "## 1. Kapan Agreement of Friendship ditandatangani?" in markdown
    assert "## 2. Who initiated the cooperation?" in markdown
    assert "- [6.1] 6.1 Kesimpulan: “Sejak ditandatanganinya Minutes of Meeting" in markdown
    written = list((settings.data_dir / "exports").glob("conversation-*.md"))
    assert path.name in {p.name for p in written}


def test_a_slow_answer_blocks_neither_pages_nor_other_answers(built_index, tmp_path: Path) -> None:
    from assistant import Assistant
    from ui.app import build_app

    class SlowBot:
        """The real Assistant behind a 3-second pause (a slow LLM server, say)."""

        def __init__(self, bot: Any) -> None:
            self.bot = bot

        def info(self) -> Any:
            return self.bot.info()

        def stream(self, question: str, history: Any = None) -> Iterator[Any]:
            time.sleep(3)
            yield from self.bot.stream(question, history=history)

    settings = built_index.with_(generator="extractive", data_dir=tmp_path / "data", port=free_port())
    app = build_app(SlowBot(Assistant(settings)), settings)
    with _running(app, settings) as url:
        clients = [_client(url) for _ in range(3)]
        start = time.perf_counter()
        jobs = [c.submit("Who initiated the cooperation?", api_name="/ask") for c in clients]
        time.sleep(0.5)
        page_start = time.perf_counter()
        assert b"Asisten Tesis" in urllib.request.urlopen(url, timeout=10).read()
        page_seconds = time.perf_counter() - page_start
        results = [job.result(timeout=120) for job in jobs]
        total = time.perf_counter() - start
    assert page_seconds < 1.5
    assert all("Kementerian Kehutanan" in _text(chat[1]) for chat, _ in results)
    assert total < 3 * 3  # answered side by side, not one after the other


def test_starts_without_an_index_and_recovers_after_ingest(tmp_path: Path) -> None:
    from assistant import Assistant, Settings
    from ingest import ingest
    from ui.app import build_app

    settings = Settings(
        corpus_dir=CORPUS,
        index_dir=tmp_path / "idx",
        data_dir=tmp_path / "data",
        generator="extractive",
        port=free_port(),
    )
    app = build_app(lambda: Assistant(settings), settings)
    assert type(app.holder.problem).__name__ == "IndexMissingError"
    with _running(app, settings) as url:
        client = _client(url)
        header, chat = client.predict(api_name="/status")
        assert "Index not ready" in header and "thesis-chat ingest" in header
        assert "⚠ Index not ready" in _text(chat[0]) and "thesis-chat ingest" in _text(chat[0])
        chat, _ = _ask(client, "Who initiated the cooperation?")
        assert "thesis-chat ingest" in _text(chat[1])
        ingest(settings)  # what `thesis-chat ingest` does, while the app keeps running
        chat, _ = _ask(client, "Who initiated the cooperation?")
        assert "Kementerian Kehutanan" in _text(chat[-2]) and "[6.1]" in _text(chat[-2])
        header, chat = client.predict(api_name="/status")
        assert "6.1 Kesimpulan · 6.2 Saran" in header and chat == []


def test_unreachable_llm_is_said_and_the_answer_still_comes(built_index, tmp_path: Path) -> None:
    from assistant import Assistant
    from ui.app import build_app

    nobody = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    settings = built_index.with_(
        generator="openai", openai_base_url=nobody, llm_timeout=2.0, data_dir=tmp_path / "data", port=free_port()
    )
    app = build_app(lambda: Assistant(settings), settings)
    with _running(app, settings) as url:
        client = _client(url)
        header, _ = client.predict(api_name="/status")
        assert f"openai: local at {nobody}" in header
        chat, _ = _ask(client, "Who initiated the cooperation?")
    answer = _text(chat[1])
    assert "Kementerian Kehutanan" in answer and "[6.1]" in answer
    assert '<span class="ta-note">ℹ Note: The openai generator failed' in answer
    assert f"Start the server at {nobody.replace('://', '&#58;//')}" in answer  # shown, not linked


def test_a_configuration_error_is_shown_and_the_app_stays_up(built_index, tmp_path: Path) -> None:
    from assistant import Assistant
    from ui.app import build_app

    settings = built_index.with_(generator="openai", data_dir=tmp_path / "data", port=free_port())  # no server URL
    app = build_app(lambda: Assistant(settings), settings)
    with _running(app, settings) as url:
        client = _client(url)
        header, chat = client.predict(api_name="/status")
        assert "⚠ Configuration problem" in header and "THESIS_OPENAI_BASE_URL" in header
        chat, _ = _ask(client, "Who initiated the cooperation?")
        assert "⚠ Configuration problem" in _text(chat[1]) and "--generator extractive" in _text(chat[1])


def test_auth_from_settings_guards_the_chat(bot, built_index, tmp_path: Path) -> None:
    from assistant.core.errors import ConfigError
    from ui.app import build_app, parse_auth

    assert parse_auth("ana:s3cret:x") == ("ana", "s3cret:x")
    for bad in ("ana", ":pw", "ana:"):
        with pytest.raises(ConfigError, match="user:password"):
            parse_auth(bad)
    settings = built_index.with_(auth="ana:s3cret", data_dir=tmp_path / "data", port=free_port())
    app = build_app(bot, settings)
    with _running(app, settings) as url:
        with pytest.raises(gradio_client.exceptions.AuthenticationError, match="credentials were not provided"):
            _client(url)
        client = gradio_client.Client(url, auth=("ana", "s3cret"), analytics_enabled=False, verbose=False)
        chat, _ = _ask(client, "Who initiated the cooperation?")
    assert "Kementerian Kehutanan" in _text(chat[1])


def test_thesis_chat_serve_starts_and_stops(built_index, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("THESIS_")},
        "THESIS_INDEX_DIR": str(built_index.index_dir),
        "THESIS_CORPUS_DIR": str(CORPUS),
        "THESIS_DATA_DIR": str(tmp_path / "data"),
    }
    command = [
        str(Path(sys.executable).parent / "thesis-chat"),
        "serve",
        "--port",
        str(port),
        "--generator",
        "extractive",
    ]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except OSError:
                assert process.poll() is None, "".join(output)
                assert time.perf_counter() - start < 90, "serve did not answer within 90 s"
                time.sleep(0.2)
        seconds = time.perf_counter() - start
        assert b"Asisten Tesis" in page
        print(f"thesis-chat serve answered HTTP after {seconds:.1f} s")
        while "Thesis chat ready on http://127.0.0.1:" not in "".join(output):
            assert time.perf_counter() - start < 90, "".join(output)
            time.sleep(0.1)
    finally:
        interrupt(process)
    reader.join(timeout=5)
    assert process.returncode == 0, "".join(output)


def test_thesis_chat_serve_refuses_the_network_without_the_flag(tmp_path: Path) -> None:
    command = [str(Path(sys.executable).parent / "thesis-chat"), "serve", "--host", "0.0.0.0"]
    result = subprocess.run(
        command,
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("THESIS_")},
    )
    assert result.returncode == 2
    assert "refusing to bind 0.0.0.0" in result.stderr and "--share-on-network" in result.stderr
