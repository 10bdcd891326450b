"""The evaluation runner: against a deterministic fake assistant (unit), then the real one (integration)."""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path

import pytest

from assistant.generators.base import Passage
from assistant.settings import Settings
from assistant.types import Answer, Chunk, Citation, Sentence, Source
from evals import baselines, runner
from evals.cli import handle, register, summary_table
from evals.runner import ITEM_KEYS, SUMMARY_KEYS, parse_threshold

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
TOP_KEYS = {"summary", "by_language", "items", "baselines", "meta"}
BASELINE_NAMES = ["ours", "bm25", "dense", "langchain_textbook"]

# ---------------------------------------------------------------- a fake that really ranks

_TEXTS = [
    ("6.1", "Agreement of Friendship ditandatangani pada 18 November 2016 oleh Kota Bogor dan Kisarazu."),
    ("6.1", "Kota Bogor mengusung konsep Green City dengan infrastruktur hijau."),
    ("6.2", "Saran untuk Pemerintah Kota Bogor: Walikota Bima Arya harus memperhatikan potensi kota."),
]
_ENGLISH = {"when", "who", "what", "which", "the", "is", "does", "was"}


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _chunk(i: int) -> Chunk:
    section, text = _TEXTS[i]
    return Chunk(
        f"c{i}",
        text,
        "doc.txt",
        6,
        "PENUTUP",
        section,
        "Kesimpulan" if section == "6.1" else "Saran",
        section,
        i,
        0,
        len(text),
        (Sentence(text, 0, len(text)),),
    )


class FakeRetriever:
    """Ranks the three chunks by word overlap; ``mode`` reverses the order for "bm25" to tell modes apart."""

    def search(self, question: str, k: int = 4, mode: str = "hybrid") -> list[Passage]:
        scored = sorted(range(len(_TEXTS)), key=lambda i: (-len(_words(question) & _words(_TEXTS[i][1])), i))
        if mode == "bm25":
            scored = scored[::-1]
        return [Passage(_chunk(i), 1.0 / r, r) for r, i in enumerate(scored[:k], start=1)]


class FakeAssistant:
    """Answers with the best chunk, cites its section, refuses when fewer than two words overlap."""

    def __init__(self) -> None:
        self.retriever = FakeRetriever()
        self.asked: list[str] = []

    def ask(self, question: str, history=None) -> Answer:
        self.asked.append(question)
        if "error" in question:
            from assistant.errors import QuestionError

            raise QuestionError("question too long: shorten it")
        passages = self.retriever.search(question, k=3)
        language = "en" if _words(question) & _ENGLISH else "id"
        sources = tuple(
            Source(
                p.chunk.chunk_id,
                p.chunk.doc_id,
                p.chunk.section_id,
                p.chunk.section_title,
                p.chunk.text,
                p.score,
                p.rank,
            )
            for p in passages
        )
        best = passages[0].chunk
        if len(_words(question) & _words(best.text)) < 2:
            return Answer(question, "Tidak ditemukan di tesis.", language, (), sources, True, "fake")
        citation = Citation(best.section_id, best.chunk_id, best.text, best.start, best.end)
        return Answer(question, f"{best.text} [{best.section_id}]", language, (citation,), sources, False, "fake")


ROWS = [
    {
        "id": "u1",
        "language": "id",
        "question": "Kapan Agreement of Friendship ditandatangani?",
        "expected_sections": ["6.1"],
        "key_facts": ["18 November 2016"],
        "answerable": True,
    },
    {
        "id": "u2",
        "language": "en",
        "question": "What concept does Kota Bogor carry, Green City?",
        "expected_sections": ["6.1"],
        "key_facts": ["Green City", "transportasi hijau"],
        "answerable": True,
    },
    {
        "id": "u3",
        "language": "id",
        "question": "Siapa Walikota Bogor yang disebut dalam saran?",
        "expected_sections": ["6.2"],
        "key_facts": ["Bima Arya"],
        "answerable": True,
    },
    {
        "id": "u4",
        "language": "en",
        "question": "Who is mayor in Kisarazu?",
        "expected_sections": [],
        "key_facts": [],
        "answerable": False,
    },
    {
        "id": "u5",
        "language": "en",
        "question": "what population",
        "expected_sections": [],
        "key_facts": [],
        "answerable": False,
    },
    {
        "id": "u6",
        "language": "id",
        "question": "saran potensi",
        "expected_sections": ["6.1"],
        "key_facts": ["potensi"],
        "answerable": True,
    },
]


def _write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _fake_baselines(retriever, settings, questions, k):
    return {
        "bm25": baselines.retriever_baseline(retriever, questions, k, "bm25"),
        "dense": baselines.retriever_baseline(retriever, questions, k, "dense"),
        "langchain_textbook": [["6.2", "6.1"] for _ in questions],
    }


@pytest.fixture
def fake_report(tmp_path):
    questions = _write_rows(tmp_path / "q.jsonl", ROWS)
    settings = Settings.from_env(env={}, index_dir=tmp_path / "idx", corpus_dir=CORPUS_DIR, k=3)
    report = runner.run_eval(
        settings, questions, tmp_path / "out", progress=False, bot=FakeAssistant(), baseline_runner=_fake_baselines
    )
    return report, tmp_path / "out"


def test_fake_report_summary_exact(fake_report):
    report, _ = fake_report
    summary = report["summary"]
    assert list(summary) == list(SUMMARY_KEYS)
    # answerable: u1 hit@1 (6.1), u2 hit@1 (6.1), u3 hit@1 (6.2), u6 best chunk is 6.2, 6.1 at rank 2
    assert summary["n"] == 6
    assert summary["retrieval_hit_at_1"] == 0.75
    assert summary["retrieval_hit_at_3"] == 1.0
    assert summary["mrr"] == 0.875
    # citations: u1 6.1 ok, u2 6.1 ok, u3 6.2 ok, u6 cites 6.2 (wrong) -> precision 3/4, recall 3/4
    assert summary["citation_precision"] == 0.75
    assert summary["citation_recall"] == 0.75
    # key facts: u1 1/1, u2 1/2, u3 1/1, u6 1/1 -> 3.5/4
    assert summary["key_fact_recall"] == 0.875
    # refused: u4 and u5 (fewer than two words shared with any chunk); nothing answerable refused
    assert summary["refusal_precision"] == 1.0
    assert summary["refusal_recall"] == 1.0
    # u2 is asked in English and the fake detects "what" -> en; all match
    assert summary["language_match"] == 1.0
    assert summary["latency_p50_ms"] >= 0 and summary["latency_p95_ms"] >= summary["latency_p50_ms"]


def test_fake_report_by_language_and_items(fake_report):
    report, _ = fake_report
    assert set(report) == TOP_KEYS
    assert set(report["by_language"]) == {"id", "en"}
    assert list(report["by_language"]["id"]) == list(SUMMARY_KEYS)
    assert report["by_language"]["id"]["n"] == 3
    assert report["by_language"]["en"]["n"] == 3
    assert report["by_language"]["en"]["retrieval_hit_at_1"] == 1.0
    assert report["by_language"]["id"]["retrieval_hit_at_1"] == pytest.approx(0.6667)
    assert report["by_language"]["id"]["refusal_recall"] is None  # no unanswerable Indonesian question
    items = report["items"]
    assert [i["id"] for i in items] == ["u1", "u2", "u3", "u4", "u5", "u6"]
    for item in items:
        assert list(item) == list(ITEM_KEYS)
    assert items[0]["citations"] == [{"section": "6.1", "chunk_id": "c0", "quote": _TEXTS[0][1]}]
    assert items[0]["retrieved_sections"] == ["6.1", "6.1", "6.2"]
    assert items[0]["hit_rank"] == 1
    assert items[1]["key_facts_found"] == ["Green City"]
    assert items[3]["refused"] is True and items[3]["hit_rank"] is None
    assert items[5]["hit_rank"] == 2


def test_fake_report_baselines_with_deltas(fake_report):
    report, _ = fake_report
    base = report["baselines"]
    assert list(base) == BASELINE_NAMES
    assert base["ours"]["summary"] == {"n": 4, "retrieval_hit_at_1": 0.75, "retrieval_hit_at_3": 1.0, "mrr": 0.875}
    # the textbook fake always returns [6.2, 6.1]: hit@1 only for u3
    assert base["langchain_textbook"]["summary"] == {
        "n": 4,
        "retrieval_hit_at_1": 0.25,
        "retrieval_hit_at_3": 1.0,
        "mrr": 0.625,
    }
    assert base["langchain_textbook"]["delta"] == {"retrieval_hit_at_1": 0.5, "retrieval_hit_at_3": 0.0, "mrr": 0.25}
    assert set(base["bm25"]["delta_by_language"]) == {"id", "en"}
    assert base["dense"]["summary"] == base["ours"]["summary"]


def test_fake_report_files(fake_report):
    report, out = fake_report
    assert json.loads((out / "report.json").read_text(encoding="utf-8")) == report
    png = (out / "report.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.index("## Summary") < md.index("## Baselines") < md.index("## Failures (2 of 6)")
    assert "| retrieval hit@1 | 0.750 | 0.667 | 1.000 |" in md
    assert "| langchain_textbook | 0.250 | 1.000 | 0.625 | +0.500 | +0.000 | +0.250 |" in md
    failures = md[md.index("## Failures") :]
    assert "### u2 (en)" in failures and "missing key facts: 'transportasi hijau'" in failures
    assert "### u6 (id)" in failures and "cites unexpected section(s) 6.2" in failures
    assert "first passage from an expected section at rank 2" in failures
    assert "### u1 " not in failures and "### u4 " not in failures
    assert "> Saran untuk Pemerintah Kota Bogor" in failures


def test_error_question_is_recorded_not_raised(tmp_path):
    rows = [dict(ROWS[0], id="e1", question="error please")]
    questions = _write_rows(tmp_path / "q.jsonl", rows)
    settings = Settings.from_env(env={}, corpus_dir=CORPUS_DIR)
    report = runner.run_eval(
        settings, questions, tmp_path / "out", baselines=False, progress=False, bot=FakeAssistant()
    )
    item = report["items"][0]
    assert item["answer"] == "error: question too long: shorten it"
    assert item["refused"] is False and item["hit_rank"] is None
    assert report["meta"]["errors"] == 1
    assert report["baselines"] == {}
    assert "raised QuestionError" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- thresholds and the CLI


def test_parse_threshold():
    assert parse_threshold("retrieval_hit_at_1=0.95") == runner.Threshold("retrieval_hit_at_1", 0.95)
    assert parse_threshold("id.key_fact_recall=0.9").path == ("by_language", "id", "key_fact_recall")
    for bad, message in [
        ("mrr", "METRIC=VALUE"),
        ("bogus=1", "cannot take a floor"),
        ("fr.mrr=1", "starts with"),
        ("mrr=high", "not a number"),
        ("latency_p95_ms=100", "cannot take a floor"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_threshold(bad)


def test_check_thresholds_names_the_metric():
    report = {"summary": {"mrr": 0.8, "refusal_recall": None}, "by_language": {"id": {"mrr": 0.9}}}
    thresholds = [parse_threshold(t) for t in ("mrr=0.8", "mrr=0.85", "id.mrr=0.95", "refusal_recall=0.5")]
    assert runner.check_thresholds(report, thresholds) == [
        "mrr = 0.8 is under 0.85",
        "id.mrr = 0.9 is under 0.95",
        "refusal_recall is undefined on this question set (needs >= 0.5)",
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="thesis-chat")
    register(parser.add_subparsers(dest="command"))
    return parser


def test_register_parses_eval_flags(tmp_path):
    args = _parser().parse_args(
        [
            "eval",
            "--questions",
            "q.jsonl",
            "--out",
            str(tmp_path),
            "--generator",
            "extractive",
            "--k",
            "5",
            "--fail-under",
            "mrr=0.9",
            "--fail-under",
            "en.retrieval_hit_at_1=0.95",
            "--no-baselines",
        ]
    )
    assert args.func is handle
    assert args.questions == Path("q.jsonl") and args.out == tmp_path
    assert (args.generator, args.k, args.no_baselines) == ("extractive", 5, True)
    assert [t.name for t in args.fail_under] == ["mrr", "en.retrieval_hit_at_1"]


def test_register_rejects_bad_threshold(capsys):
    with pytest.raises(SystemExit) as info:
        _parser().parse_args(["eval", "--fail-under", "speed=1"])
    assert info.value.code == 2
    assert "'speed' cannot take a floor" in capsys.readouterr().err


def test_handle_exit_codes(tmp_path, monkeypatch, capsys):
    questions = _write_rows(tmp_path / "q.jsonl", ROWS)
    real_run_eval = runner.run_eval
    seen = {}

    def run_with_fake(settings, questions_path, out_dir, **kwargs):
        seen["settings"] = settings
        return real_run_eval(settings, questions_path, out_dir, bot=FakeAssistant(), **kwargs)

    monkeypatch.setattr("evals.cli.run_eval", run_with_fake)
    settings = Settings.from_env(env={}, corpus_dir=CORPUS_DIR)
    ok = _parser().parse_args(
        [
            "eval",
            "--questions",
            str(questions),
            "--out",
            str(tmp_path / "o"),
            "--no-baselines",
            "--no-progress",
            "--k",
            "2",
            "--generator",
            "extractive",
            "--fail-under",
            "refusal_recall=1.0",
        ]
    )
    assert handle(ok, settings) == 0
    assert (seen["settings"].k, seen["settings"].generator) == (2, "extractive")
    out = capsys.readouterr().out
    assert "retrieval_hit_at_1" in out and "report.json" in out
    bad = _parser().parse_args(
        [
            "eval",
            "--questions",
            str(questions),
            "--out",
            str(tmp_path / "o"),
            "--no-baselines",
            "--no-progress",
            "--fail-under",
            "citation_precision=0.9",
            "--fail-under",
            "id.refusal_recall=0.5",
        ]
    )
    assert handle(bad, settings) == 1
    err = capsys.readouterr().err
    assert "eval: FAIL citation_precision = 0.75 is under 0.9" in err
    assert "eval: FAIL id.refusal_recall is undefined" in err


def test_summary_table_shows_na_for_undefined():
    summary = dict.fromkeys(SUMMARY_KEYS, 0.5) | {"n": 2}
    table = summary_table({"summary": summary, "by_language": {"id": summary, "en": dict(summary, mrr=None)}})
    assert table.splitlines()[0].split() == ["metric", "all", "id", "en"]
    assert "mrr" in table and "n/a" in table


# ---------------------------------------------------------------- baselines on the real corpus file


def test_section_for_span():
    spans = [(0, 100, "6"), (120, 400, "6.1"), (410, 600, "6.1"), (650, 900, "6.2")]
    assert baselines.section_for_span(spans, 0, 50) == "6"
    assert baselines.section_for_span(spans, 300, 700) == "6.1"  # 100 + 190 of 6.1 against 50 of 6.2
    assert baselines.section_for_span(spans, 550, 1000) == "6.2"
    assert baselines.section_for_span(spans, 100, 120) is None
    assert baselines.section_for_span([(0, 10, "6.1"), (10, 20, "6.2")], 5, 15) == "6.1"  # tie: earlier


def test_section_spans_cover_the_file_and_give_headings_to_the_next_section():
    from ingest.parse import parse_file

    spans = baselines.section_spans(parse_file(CORPUS_DIR / "bab-vi-penutup.txt"))
    raw = (CORPUS_DIR / "bab-vi-penutup.txt").read_text(encoding="utf-8")
    assert [s for _, _, s in spans] == ["6.1", "6.2"]
    assert spans[0][0] == 0 and spans[0][1] == spans[1][0] and spans[1][1] > len(raw)
    assert raw.index("1.2 Saran") >= spans[1][0]
    assert raw.index("6.1 Kesimpulan") < spans[0][1]


def test_textbook_chunks_on_the_thesis():
    chunks = baselines.textbook_chunks(CORPUS_DIR)
    raw = (CORPUS_DIR / "bab-vi-penutup.txt").read_text(encoding="utf-8")
    assert all(len(text) <= 1000 for text, _ in chunks)
    for text, meta in chunks:
        assert raw[meta["start"] : meta["start"] + len(text)] == text
    sections = [meta["section"] for _, meta in chunks]
    assert chunks[0][0] == "BAB VI\n\nPENUTUP\n\n6.1 Kesimpulan"  # the textbook splitter makes a heading-only chunk
    assert sections == ["6.1"] * 7 + ["6.2"] * 2


class BagOfWordsEmbeddings:
    """Hashed bag-of-words vectors (a fake that really ranks: shared words mean higher similarity)."""

    dims = 512

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dims
        for word in _words(text):
            vec[sum(map(ord, word)) * 31 % self.dims] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def test_langchain_baseline_with_a_fake_embedder(tmp_path):
    settings = Settings.from_env(env={}, corpus_dir=CORPUS_DIR, index_dir=tmp_path / "idx")
    runs = baselines.langchain_baseline(
        settings,
        ["Bima Arya Walikota Bogor Dinas Pertanian", "Minutes of Meeting 6 Oktober 2016"],
        embeddings=BagOfWordsEmbeddings(),
    )
    assert [len(r) for r in runs] == [4, 4]
    assert runs[0][0] == "6.2"
    assert runs[1][0] == "6.1"


# ---------------------------------------------------------------- integration: the real assistant


def _six_questions(path: Path) -> list:
    from evals.dataset import DEFAULT_QUESTIONS, load_questions

    rows = load_questions(DEFAULT_QUESTIONS)
    picked = [r for r in rows if r.answerable and r.language == "id"][:2]
    picked += [r for r in rows if r.answerable and r.language == "en"][:2]
    picked += [r for r in rows if not r.answerable and r.language == "id"][:1]
    picked += [r for r in rows if not r.answerable and r.language == "en"][:1]
    path.write_text("".join(r.model_dump_json() + "\n" for r in picked), encoding="utf-8")
    return picked


def test_real_runner_on_six_questions(built_index, tmp_path):
    """The real Assistant over a temp index of the real corpus (conftest's ``built_index``, made by ``ingest``)."""
    questions = tmp_path / "six.jsonl"
    picked = _six_questions(questions)
    settings = built_index.with_(generator="extractive")
    report = runner.run_eval(settings, questions, tmp_path / "out", progress=False)
    for name in ("report.json", "report.md", "report.png"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert set(report) == TOP_KEYS
    assert list(report["summary"]) == list(SUMMARY_KEYS)
    assert {lang: list(v) for lang, v in report["by_language"].items()} == {
        "id": list(SUMMARY_KEYS),
        "en": list(SUMMARY_KEYS),
    }
    assert [list(item) for item in report["items"]] == [list(ITEM_KEYS)] * 6
    assert [item["id"] for item in report["items"]] == [r.id for r in picked]
    assert report["summary"]["n"] == 6
    assert list(report["baselines"]) == BASELINE_NAMES
    assert report["meta"]["generator"].startswith("extractive") and report["meta"]["errors"] == 0
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "## Summary" in md and "| langchain_textbook |" in md
    for item in report["items"]:
        assert set(item["retrieved_sections"]) <= {"6", "6.1", "6.2"}
        assert item["latency_ms"] > 0


def test_thesis_chat_eval_command(built_index, tmp_path, capsys):
    from assistant.cli import main

    questions = tmp_path / "six.jsonl"
    _six_questions(questions)
    out = tmp_path / "out"
    common = ["--index", str(built_index.index_dir), "--corpus", str(CORPUS_DIR)]
    argv = ["eval", *common, "--questions", str(questions), "--out", str(out), "--generator", "extractive"]
    assert main([*argv, "--no-baselines", "--no-progress", "--fail-under", "language_match=0.5"]) == 0
    assert "retrieval_hit_at_1" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["n"] == 6 and report["baselines"] == {}
    assert main([*argv, "--no-baselines", "--no-progress", "--fail-under", "en.mrr=1.01"]) == 1
    assert "eval: FAIL en.mrr = " in capsys.readouterr().err
    assert main([*argv[:-2], "--questions", str(tmp_path / "missing.jsonl")]) == 2
    assert "does not exist" in capsys.readouterr().err
