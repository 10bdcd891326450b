"""Settings from the environment and the `thesis-chat` command line, run for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.errors import ConfigError
from assistant.core.settings import Settings

from conftest import CORPUS, ROOT


def test_settings_from_env_and_overrides():
    env = {"THESIS_CORPUS_DIR": "other/", "THESIS_INDEX_DIR": "../idx", "THESIS_K": "6", "THESIS_CHROMA_HOST": "127.0.0.1"}
    settings = Settings.from_env(env, k=3)
    assert settings.corpus_dir == Path("other") and settings.index_dir == Path("../idx")
    assert settings.k == 3 and settings.uses_server and settings.generator == "auto"
    assert Settings.from_env({}).index_dir == Path(".thesis_index")


@pytest.mark.parametrize(("raw", "value"), [("0", False), ("off", False), ("1", True), ("Yes", True)])
def test_yes_no_settings(raw, value):
    assert Settings.from_env({"THESIS_SENTENCE_CACHE": raw}).sentence_cache is value


@pytest.mark.parametrize(("env", "message"), [({"THESIS_K": "many"}, "THESIS_K='many'"), ({"THESIS_K": "0"}, "k=0"),
                                              ({"THESIS_SENTENCE_CACHE": "maybe"}, "THESIS_SENTENCE_CACHE='maybe'")])
def test_bad_settings_say_what_to_fix(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_cli_ingest_ask_json_and_errors(tmp_path: Path):
    env = {"THESIS_CORPUS_DIR": str(CORPUS), "THESIS_INDEX_DIR": str(tmp_path / "idx")}
    missing = _cli("ask", "Kapan MoU ditandatangani?", env=env)
    assert missing.returncode == 2 and "run `thesis-chat ingest` first" in missing.stderr
    assert "Traceback" not in missing.stderr
    ingested = _cli("ingest", "--no-progress", env=env)
    assert ingested.returncode == 0 and "1 documents, 2 sections, 5 chunks" in ingested.stdout
    assert "printed as '1.2'" in ingested.stdout
    asked = _cli("ask", "What date is given for signing the Agreement of Friendship?", "--json", env=env)
    answer = json.loads(asked.stdout)
    assert answer["language"] == "en" and answer["citations"][0]["section"] == "6.1"
    assert answer["text"].startswith("18 November 2016")
    empty = _cli("ask", "   ", env=env)
    assert empty.returncode == 2 and "the question is empty" in empty.stderr
    unknown = _cli("ask", "hi", "--generator", "nope", env=env)
    assert unknown.returncode == 2 and "unknown generator 'nope'" in unknown.stderr


def test_cli_terminal_chat_keeps_history(built_index):
    env = {"THESIS_CORPUS_DIR": str(CORPUS), "THESIS_INDEX_DIR": str(built_index.index_dir)}
    result = subprocess.run([sys.executable, "-m", "ui.cli", "chat", "--generator", "extractive"], cwd=ROOT,
                            input="Kapan MoU ditandatangani?\nDan siapa inisiatornya?\n\n", capture_output=True,
                            text=True, env={**os.environ, **env}, timeout=300)
    assert result.returncode == 0
    assert "18 November 2016" in result.stdout and "Kementerian Kehutanan" in result.stdout
