"""bench/run.py's cached indexes: a cached size's index without a valid build record is updated in
place (its vectors reused), not deleted; other sizes are built afresh."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import run as bench_run
from bench.corpus_gen import CorpusStats


def _stats(version: str = "1") -> CorpusStats:
    return CorpusStats(size=1000, seed=0, files=2, bytes=10, chapters=1, sections=2, paragraphs=3, version=version)


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """bench.run.run_worker replaced by a record of its calls; the 'ingest' reuses 3 of 5 vectors."""
    calls: list[dict[str, Any]] = []

    def fake(task: str, args: dict[str, Any], **_: Any) -> dict[str, Any]:
        calls.append({"task": task, **args, "index_had": sorted(p.name for p in Path(args["index"]).glob("*"))})
        Path(args["index"]).mkdir(parents=True, exist_ok=True)
        return {"seconds": 2.0, "chunks": 5, "embedded": 2, "reused": 3, "unchanged": False}

    monkeypatch.setattr(bench_run, "run_worker", fake)
    return calls


def _old_index(tmp_path: Path, stamp: dict[str, Any] | None) -> Path:
    index = tmp_path / "index-1000x"
    (index / "chroma").mkdir(parents=True)
    (index / "ingest-vectors").mkdir()
    if stamp is not None:
        (index / bench_run.BUILD_STAMP).write_text(json.dumps(stamp))
    return index


def test_a_cached_size_without_a_record_is_updated_not_deleted(tmp_path: Path, worker: list[dict[str, Any]]) -> None:
    index = _old_index(tmp_path, stamp=None)
    record = bench_run.build_index(1000, tmp_path / "corpus", index, _stats(), cached_ok=True)
    assert worker[0]["index_had"] == ["chroma", "ingest-vectors"]
    assert (record["cached"], record["partial"], record["chunks_per_s"]) == (False, True, None)
    assert json.loads((index / bench_run.BUILD_STAMP).read_text())["corpus"] == _stats().__dict__


def test_a_stale_record_is_replaced_and_the_index_kept(tmp_path: Path, worker: list[dict[str, Any]]) -> None:
    index = _old_index(tmp_path, stamp={"corpus": _stats("0").__dict__, "seconds": 1.0})
    bench_run.build_index(1000, tmp_path / "corpus", index, _stats(), cached_ok=True)
    assert worker[0]["index_had"] == ["chroma", "ingest-vectors"]  # the stale record gone
    assert json.loads((index / bench_run.BUILD_STAMP).read_text())["corpus"]["version"] == "1"
    again = bench_run.build_index(1000, tmp_path / "corpus", index, _stats(), cached_ok=True)
    assert again["cached"] is True and len(worker) == 1  # now valid: no second ingest


def test_a_size_not_cached_is_built_afresh(tmp_path: Path, worker: list[dict[str, Any]]) -> None:
    index = _old_index(tmp_path, stamp=None)
    bench_run.build_index(1, tmp_path / "corpus", index, _stats(), cached_ok=False)
    assert worker[0]["index_had"] == []
