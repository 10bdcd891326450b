"""The benchmark suite at a tiny size: the corpus generator, and `python -m bench` at 1x without the web chat."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS_FILE

from bench.corpus_gen import FIRST_CHAPTER, REAL_CHAPTER, ensure_corpus, fingerprint, generate


def test_generator_is_deterministic_and_thesis_shaped(tmp_path: Path) -> None:
    from ingest.parse import parse_file

    first = generate(3, tmp_path / "a", seed=7)
    second = generate(3, tmp_path / "b", seed=7)
    other = generate(3, tmp_path / "c", seed=8)
    assert fingerprint(tmp_path / "a") == fingerprint(tmp_path / "b") != fingerprint(tmp_path / "c")
    assert first == second
    unit = REAL_CHAPTER.stat().st_size
    assert 3 * unit - 3000 <= first.bytes <= 3 * unit + 3000
    assert (tmp_path / "a" / CORPUS_FILE.name).read_bytes() == CORPUS_FILE.read_bytes()
    files = sorted(p for p in (tmp_path / "a").rglob("*.txt"))
    assert len(files) == first.files == first.chapters == 2
    assert other.files == 2
    section_ids: list[str] = []
    paragraphs = 0
    for path in files:
        document = parse_file(path)
        section_ids += [s.section_id for s in document.sections]
        paragraphs += sum(len(s.paragraphs) for s in document.sections)
        if path.name != CORPUS_FILE.name:
            assert path.parent.name == "tesis-001"
            assert document.notes == ()  # printed numbers are the canonical ones
            assert {s.chapter_number for s in document.sections} == {FIRST_CHAPTER}
            assert document.sections[0].section_id == f"{FIRST_CHAPTER}.1"
            assert all(p.text.endswith(".") for s in document.sections for p in s.paragraphs)
    assert len(section_ids) == len(set(section_ids)) == first.sections
    assert paragraphs == first.paragraphs


def test_ensure_corpus_reuses_a_fresh_corpus(tmp_path: Path) -> None:
    path, stats = ensure_corpus(tmp_path, 2, seed=1)
    stamp_time = (path / ".bench-corpus.json").stat().st_mtime_ns
    again, same = ensure_corpus(tmp_path, 2, seed=1)
    assert (again, same) == (path, stats)
    assert (path / ".bench-corpus.json").stat().st_mtime_ns == stamp_time
    _, reseeded = ensure_corpus(tmp_path, 2, seed=2)
    assert reseeded.seed == 2


@pytest.mark.slow
def test_bench_runs_at_1x_and_writes_results(tmp_path: Path) -> None:
    from bench.run import run

    out = tmp_path / "results"
    results = run(["--sizes", "1", "--quick", "--rounds", "1", "--no-serve", "--no-compare",
                   "--cache", str(tmp_path / "cache"), "--out", str(out)])
    data = json.loads((out / "results.json").read_text())
    assert data == json.loads(json.dumps(results))
    size = data["sizes"]["1"]
    assert size["corpus"]["files"] == 1 and size["corpus"]["bytes"] == CORPUS_FILE.stat().st_size
    assert size["ingest"]["chunks"] == 5 and size["ingest"]["embedded"] == 5 and not size["ingest"]["cached"]
    assert size["reingest"]["unchanged"] is True and size["reingest"]["embedded"] == 0
    assert size["ingest"]["maxrss_mb"] > 50 and size["disk"]["mb"] > 0
    assert size["embed_rate"]["texts"] == 5 and size["embed_rate"]["e5"]["texts_per_s"] > 0
    measure = size["measure"]
    assert measure["chunks"] == 5 and measure["ask_ms"]["n"] == 20 and measure["retrieval_ms"]["n"] == 20
    assert 0 < measure["ask_ms"]["p50"] <= measure["ask_ms"]["p95"]
    assert measure["hit_at_1"] == 1.0 and measure["refused_unanswerable"] == "3/3"
    assert len(size["cli_cold"]["runs_s"]) == 1 and size["cli_cold"]["median_s"] > 0
    assert "web" not in size and "textbook" not in size and data["comparisons"] == {}
    targets = {row["target"]: row for row in data["targets"]}
    assert targets["ask p50 warm at 1x"]["measured"] == measure["ask_ms"]["p50"]
    assert targets["ask p50 warm at 1x"]["status"] in ("pass", "MISS")
    assert targets["ask p50 warm at 1000x"]["status"] is None
    markdown = (out / "results.md").read_text()
    assert markdown.startswith("# Benchmark results")
    assert "| ask p50 warm at 1x | < 60.0 ms |" in markdown  # issue 12
    assert "\n| 1x | 0.00 MB | 1 | 5 |" in markdown
    assert (out / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
