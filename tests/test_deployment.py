"""Past one machine: one `chroma run` server and one OpenAI-compatible LLM server shared by two
`thesis-chat serve` processes, as README "Past one machine" describes; all on 127.0.0.1.

The processes are real (`thesis-chat ingest` and `thesis-chat serve` started as commands), the
store is a real `chroma run`, the LLM is llama-cpp-python's OpenAI-compatible server with the tiny
SmolLM2 model, and the chats are driven through gradio_client.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import gradio_client
import pytest
from conftest import CORPUS, ROOT, free_port, interrupt
from conftest_llm import openai_server, smollm2_gguf  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
APPENDIX = """BAB VII

LAMPIRAN

7.1 Kunjungan Delegasi

Delegasi Pemerintah Kota Bogor mengunjungi Kota Kisarazu pada tanggal 12 Maret 2019 untuk membahas pertukaran pelajar dan rencana kerja bidang lingkungan hidup.
"""
NEW_QUESTION = "Kapan delegasi Pemerintah Kota Bogor mengunjungi Kota Kisarazu?"


def _env(host: str, port: int, corpus: Path, base_url: str, extra: dict[str, str]) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("THESIS_")},
        "THESIS_CORPUS_DIR": str(corpus),
        "THESIS_CHROMA_HOST": host,
        "THESIS_CHROMA_PORT": str(port),
        "THESIS_COLLECTION": "department",
        "THESIS_GENERATOR": "openai",
        "THESIS_OPENAI_BASE_URL": base_url,
        "THESIS_LLM_MAX_TOKENS": "96",
        **extra,
    }


def _ingest(env: dict[str, str]) -> str:
    result = subprocess.run([str(BIN / "thesis-chat"), "ingest", "--no-progress"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@contextmanager
def _serve(env: dict[str, str]) -> Iterator[str]:
    """A `thesis-chat serve` process; yields its URL once it answers HTTP; stopped with SIGINT."""
    port = free_port()
    process = subprocess.Popen([str(BIN / "thesis-chat"), "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).read()
                break
            except OSError:
                assert process.poll() is None, "".join(output)
                assert time.perf_counter() - start < 120, "serve did not answer within 120 s:\n" + "".join(output)
                time.sleep(0.3)
        yield url
    finally:
        interrupt(process)
        reader.join(timeout=5)


def _text(chat: list[dict[str, Any]]) -> str:
    parts = []
    for message in chat:
        content = message["content"]
        if isinstance(content, list):
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        parts.append(str(content))
    return "\n".join(parts)


def _ask(client: Any, question: str) -> str:
    chat, _ = client.submit(question, api_name="/ask").result(timeout=300)
    return _text(chat)


def test_two_web_chats_share_one_chroma_server_and_one_llm_server(
    chroma_server: tuple[str, int], openai_server: str, tmp_path: Path  # noqa: F811
) -> None:
    host, port = chroma_server
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    writer = _env(host, port, corpus, openai_server, {"THESIS_INDEX_DIR": str(tmp_path / "unused-index")})
    assert "5 chunks" in _ingest(writer)

    with ExitStack() as stack:
        urls = [
            stack.enter_context(_serve(_env(host, port, corpus, openai_server, {
                "THESIS_INDEX_DIR": str(tmp_path / f"unused-index-{i}"), "THESIS_DATA_DIR": str(tmp_path / f"data-{i}")})))
            for i in (1, 2)
        ]
        clients = [gradio_client.Client(url, analytics_enabled=False, verbose=False) for url in urls]
        for client in clients:
            header, _ = client.predict(api_name="/status")
            assert "openai" in header and "BAB VI PENUTUP" in header
            answer = _ask(client, "Kapan MoU ditandatangani?")
            assert "[6.1]" in answer and "2016" in answer
            assert "12 Maret 2019" not in _ask(client, NEW_QUESTION)

        (corpus / "lampiran.txt").write_text(APPENDIX, encoding="utf-8")
        assert "(1 embedded, 5 reused)" in _ingest(writer)

        for client in clients:  # the new generation is picked up by both, without a restart
            header, _ = client.predict(api_name="/status")
            assert "LAMPIRAN" in header
            answer = _ask(client, NEW_QUESTION)
            assert "12 Maret 2019" in answer and "7.1" in answer

    for unused in ("unused-index", "unused-index-1", "unused-index-2"):  # the store is the server only
        assert not (tmp_path / unused / "chroma").exists()
