"""The evaluation runner: against a deterministic fake assistant (unit), then the real one (integration)."""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path

import pytest

from assistant.generators.base import Passage
from assistant.core.settings import Settings
from assistant.core.types import Answer, Chunk, Citation, Sentence, Source
from evals import baselines, runner
from evals.cli import handle, register, summary_table
from evals.runner import ITEM_KEYS, SUMMARY_KEYS, parse_threshold

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
TOP_KEYS = {"summary", "by_language", "by_split", "by_kind", "by_document", "items", "baselines", "meta"}
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
            from assistant.core.errors import QuestionError

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
    assert items[0]["citations"] == [{"section": "6.1", "chunk_id": "c0", "quote": _TEXTS[0][1], "doc": ""}]
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
    from ui.cli import main

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


# ---------------------------------------------------------------- the collection's metrics on hand-made outcomes


def _crow(id_: str, kind: str, **fields) -> runner.QuestionRow:
    unanswerable = kind in {"unanswerable", "offtopic", "injection", "false_premise"}
    data = {
        "id": id_,
        "doc": "a.txt",
        "split": "dev",
        "kind": kind,
        "language": "id",
        "question": f"pertanyaan {id_}?",
        "history": [],
        "expected_sections": [] if unanswerable and kind != "false_premise" else ["4.1"],
        "key_facts": [] if unanswerable and kind != "false_premise" else ["Maret 2021"],
        "answerable": not unanswerable,
    }
    if kind == "followup":
        data["history"] = [{"role": "user", "content": "Kapan?"}, {"role": "assistant", "content": "Maret 2021."}]
    return runner.QuestionRow.model_validate(data | fields)


def _out(row, answer: str = "", refused: bool = False, sections=("4.1",), cited=("4.1",), lang=None, ms=10.0):
    citations = tuple({"section": s, "chunk_id": "c", "quote": "", "doc": row.doc or ""} for s in cited)
    return runner.Outcome(row, answer, lang or row.language, refused, citations, tuple(sections), ms)


def _hand_made() -> list[runner.Outcome]:
    return [
        _out(_crow("d1", "date"), "Survei pada Maret 2021 [4.1]."),
        _out(_crow("d2", "number", language="en"), "No.", refused=True, sections=("4.2", "4.1"), cited=()),
        _out(_crow("f1", "followup"), "Maret 2021 [4.1]."),
        _out(_crow("f2", "followup"), "Tahun 2020 [4.1].", lang="en"),
        _out(_crow("p1", "false_premise"), "Bukan 2019, melainkan Maret 2021 [4.1]."),
        _out(_crow("p2", "false_premise"), "Ya, pada 2019.", sections=("4.2",), cited=("4.2",)),
        _out(_crow("p3", "false_premise"), "Tidak ada.", refused=True, cited=()),
        _out(_crow("u1", "unanswerable"), "Tidak ada.", refused=True, sections=(), cited=()),
        _out(_crow("o1", "offtopic", split="test", doc="b.txt", language="en"), "Paris.", cited=()),
        _out(_crow("s1", "structure", split="test", doc="b.txt", expected_sections=[]), "BAB IV dan Maret 2021."),
    ]


def test_summarize_the_collection_metrics_exactly():
    s = runner.summarize(_hand_made())
    # located answerable: d1 rank 1, d2 rank 2, f1 1, f2 1 (s1 has no section: not counted)
    assert (s["n"], s["retrieval_hit_at_1"], s["retrieval_hit_at_3"], s["mrr"]) == (10, 0.75, 1.0, 0.875)
    # cited: d1 {4.1}, d2 {}, f1 {4.1}, f2 {4.1} -> precision 3/3, recall 3/4
    assert (s["citation_precision"], s["citation_recall"]) == (1.0, 0.75)
    # key facts over answerable (d1 1, d2 0, f1 1, f2 0, s1 1) -> 3/5
    assert s["key_fact_recall"] == 0.6
    # refusal judged without false premises: refused d2 (answerable) and u1 (to refuse); o1 not refused
    assert (s["refusal_precision"], s["refusal_recall"]) == (0.5, 0.5)
    assert s["answerable_refused_rate"] == 0.2  # d2 of 5
    assert s["false_premise_ok"] == 0.6667  # p1 corrected, p3 refused, p2 went along
    assert s["followup_right"] == 0.5  # f1 right, f2 missing its fact
    assert s["language_match"] == 0.9  # f2 answered in English
    assert (s["latency_p50_ms"], s["latency_p95_ms"]) == (10.0, 10.0)


def test_undefined_metrics_are_none_never_nan():
    s = runner.summarize([_out(_crow("u1", "unanswerable"), "Tidak ada.", refused=True, sections=(), cited=())])
    assert s["n"] == 1 and s["refusal_precision"] == 1.0 and s["refusal_recall"] == 1.0
    for key in ("retrieval_hit_at_1", "mrr", "citation_precision", "key_fact_recall", "answerable_refused_rate",
                "false_premise_ok", "followup_right"):
        assert s[key] is None, key
    assert runner.summarize([])["language_match"] is None


def test_report_groups_by_split_document_kind_and_language():
    report = runner.build_report(_hand_made())
    assert list(report["by_split"]) == ["dev", "test"]
    dev = report["by_split"]["dev"]
    assert set(dev) == {"summary", "by_language", "by_kind", "by_document"}
    assert dev["summary"]["n"] == 8 and list(dev["by_document"]) == ["a.txt"]
    assert list(dev["by_kind"]) == ["date", "number", "followup", "unanswerable", "false_premise"]
    assert dev["by_language"]["en"]["n"] == 1 and dev["by_language"]["en"]["answerable_refused_rate"] == 1.0
    test = report["by_split"]["test"]
    assert test["summary"]["refusal_recall"] == 0.0 and test["summary"]["key_fact_recall"] == 1.0
    assert list(report["by_document"]) == ["a.txt", "b.txt"]
    assert report["by_kind"]["false_premise"]["false_premise_ok"] == 0.6667
    assert report["by_kind"]["structure"]["retrieval_hit_at_1"] is None
    items = {i["id"]: i for i in report["items"]}
    assert items["p2"]["failures"] == ["went along with the false premise: neither refused nor said 'Maret 2021'"]
    assert items["o1"]["failures"] == ["answered an unanswerable question (offtopic) instead of refusing"]
    assert items["f2"]["failures"] == ["answered in 'en', asked in 'id'", "missing key facts: 'Maret 2021'"]
    assert items["s1"]["failures"] == [] and items["p3"]["failures"] == [] and items["d1"]["failures"] == []
    assert items["d2"]["failures"][:2] == [
        "refused an answerable question",
        "first passage from an expected section at rank 2",
    ]


def test_another_documents_passage_never_counts():
    row = _crow("d1", "date")
    answer = Answer(
        "q",
        "Maret 2021 [4.1]",
        "id",
        (Citation("4.1", "c9", "Maret 2021", doc_id="b.txt"),),
        (Source("c9", "b.txt", "4.1", "Hasil", "x", 0.9, 1), Source("c1", "a.txt", "4.1", "Hasil", "y", 0.8, 2)),
        False,
        "fake",
    )

    class Bot:
        def ask(self, question, history=None, document=None):
            self.seen = (question, history, document)
            return answer

    bot = Bot()
    outcome = runner.ask_one(bot, _crow("f1", "followup", doc="a.txt"))
    assert bot.seen == (
        "pertanyaan f1?",
        [{"role": "user", "content": "Kapan?"}, {"role": "assistant", "content": "Maret 2021."}],
        "a.txt",
    )
    outcome = runner.ask_one(bot, row)
    assert outcome.retrieved_sections == ("b.txt#4.1", "4.1") and outcome.hit_rank == 2
    assert outcome.cited_sections == ["b.txt#4.1"]


def test_answer_language_is_preferred_when_the_answer_has_it():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class WithAnswerLanguage:
        language: str
        answer_language: str | None

    assert runner.answered_language(WithAnswerLanguage("id", "en")) == "en"
    assert runner.answered_language(WithAnswerLanguage("id", None)) == "id"
    assert runner.answered_language(Answer("q", "t", "en", (), (), False, "fake")) == "en"


def test_scoped_thresholds():
    cases = {
        "test.key_fact_recall=0.5": ("by_split", "test", "summary", "key_fact_recall"),
        "dev.en.key_fact_recall=0.4": ("by_split", "dev", "by_language", "en", "key_fact_recall"),
        "dev.followup.followup_right=0.5": ("by_split", "dev", "by_kind", "followup", "followup_right"),
        "false_premise.false_premise_ok=0.3": ("by_kind", "false_premise", "false_premise_ok"),
        "en.mrr=0.2": ("by_language", "en", "mrr"),
    }
    for text, path in cases.items():
        assert parse_threshold(text).path == path, text
    with pytest.raises(ValueError, match="starts with a split"):
        parse_threshold("en.dev.mrr=0.5")
    with pytest.raises(ValueError, match="starts with a split"):
        parse_threshold("dev.en.date.mrr=0.5")
    with pytest.raises(ValueError, match="cannot take a floor"):
        parse_threshold("dev.answerable_refused_rate=0.1")
    ceiling = parse_threshold("dev.answerable_refused_rate=0.25", ceiling=True)
    assert ceiling.ceiling and ceiling.path == ("by_split", "dev", "summary", "answerable_refused_rate")
    with pytest.raises(ValueError, match="cannot take a ceiling"):
        parse_threshold("mrr=0.5", ceiling=True)
    report = runner.build_report(_hand_made())
    checks = [
        parse_threshold("dev.key_fact_recall=0.5"),  # 2/4 = 0.5 passes
        parse_threshold("dev.id.followup_right=0.6"),  # 0.5
        parse_threshold("test.en.key_fact_recall=0.1"),  # only the off-topic question: undefined
        parse_threshold("dev.answerable_refused_rate=0.2", ceiling=True),  # 0.25
        parse_threshold("test.answerable_refused_rate=0.0", ceiling=True),  # 0.0 passes
    ]
    assert runner.check_thresholds(report, checks) == [
        "dev.id.followup_right = 0.5 is under 0.6",
        "test.en.key_fact_recall is undefined on this question set (needs >= 0.1)",
        "dev.answerable_refused_rate = 0.25 is over 0.2",
    ]


def test_report_md_lists_dev_failures_and_hides_test_ones(tmp_path):
    from evals.report import render_markdown

    outcomes = _hand_made()
    outcomes[-1] = _out(_crow("s1", "structure", split="test", doc="b.txt", expected_sections=[]), "x" * 300)
    report = runner.build_report(outcomes)
    md = render_markdown(report, outcomes)
    assert "## By split" in md and "| metric | dev | dev id | dev en | test | test id | test en |" in md
    assert "### dev: per document" in md and "| a.txt | 8 | 0.750 |" in md
    assert "### test: per kind" in md and "| offtopic | 1 |" in md
    failures = md[md.index("## Failures (5 of 10)") :]
    assert "2 of the 2 test-split questions failed; they are not listed" in failures
    assert "### o1" not in failures and "### s1" not in failures
    assert "### p2 (id, false_premise, a.txt, dev) pertanyaan p2?" in failures
    assert "- after 1 earlier turn(s), last: 'Maret 2021.'" in failures
    shown = render_markdown(report, outcomes, show_test_failures=True)
    listed = shown[shown.index("## Failures") :]
    assert "not listed" not in listed and "### o1 (en, offtopic, b.txt, test)" in listed
    assert "> " + "x" * 200 + " …" in listed and "x" * 201 not in listed


def test_run_eval_keeps_one_split_and_asks_with_document_and_history(tmp_path):
    rows = [
        dict(ROWS[0], id="d1", doc="doc.txt", split="dev", kind="date"),
        dict(ROWS[2], id="t1", doc="doc.txt", split="test", kind="who"),
        dict(
            ROWS[1],
            id="f1",
            doc="doc.txt",
            split="dev",
            kind="followup",
            history=[{"role": "user", "content": "Bogor?"}, {"role": "assistant", "content": "Ya."}],
        ),
    ]
    questions = _write_rows(tmp_path / "q.jsonl", rows)

    class Recording(FakeAssistant):
        def ask(self, question, history=None, document=None):
            self.calls = [*getattr(self, "calls", []), (question, len(history or []), document)]
            return super().ask(question, history)

    bot = Recording()
    settings = Settings.from_env(env={}, corpus_dir=CORPUS_DIR)
    seen = {}

    def recording_baselines(retriever, settings, questions, k, documents=None):
        seen["documents"] = documents
        return {"bm25": [["6.1"]] * len(questions)}

    report = runner.run_eval(
        settings, questions, tmp_path / "out", split="dev", progress=False, bot=bot, baseline_runner=recording_baselines
    )
    assert bot.calls[1:] == [(ROWS[0]["question"], 0, "doc.txt"), (ROWS[1]["question"], 2, "doc.txt")]
    assert seen["documents"] == ["doc.txt", "doc.txt"]
    assert [i["id"] for i in report["items"]] == ["d1", "f1"]
    assert list(report["by_split"]) == ["dev"] and report["meta"]["split"] == "dev"
    assert report["by_split"]["dev"]["by_kind"]["followup"]["followup_right"] == 0.0  # 'transportasi hijau' missing
    assert report["baselines"]["bm25"]["summary"]["retrieval_hit_at_1"] == 1.0


# ---------------------------------------------------------------- integration: --corpus on a tiny collection

_KOPERASI = """BAB IV
HASIL PENELITIAN DAN PEMBAHASAN

4.1 Gambaran Responden
Survei lapangan dilaksanakan pada bulan Maret 2021 di Kabupaten Sleman. Jumlah responden sebanyak 48 orang
pelaku usaha, terdiri atas 25 perempuan dan 23 laki-laki.

4.2 Analisis Pendapatan
Rata-rata pendapatan anggota koperasi naik menjadi Rp 2.750.000 per bulan setelah program pendampingan
berjalan selama dua belas bulan.

BAB V
PENUTUP

5.1 Kesimpulan
Program pendampingan koperasi meningkatkan pendapatan anggota sebesar 12,5 persen.
"""
_SEKOLAH = """BAB IV
HASIL PENELITIAN

4.1 Deskripsi Sekolah
Penelitian dilakukan di SMP Negeri 3 Magelang pada bulan Oktober 2022. Sampel penelitian berjumlah 60 siswa
kelas VIII.

4.2 Hasil Tes Literasi
Nilai rata-rata tes literasi membaca meningkat dari 61,4 menjadi 74,8 setelah program membaca lima belas menit.
"""


def _tiny_collection(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "koleksi"
    corpus.mkdir()
    (corpus / "koperasi.txt").write_text(_KOPERASI, encoding="utf-8")
    (corpus / "sekolah.md").write_text(_SEKOLAH, encoding="utf-8")
    a = {"doc": "koperasi.txt", "split": "dev", "history": []}
    b = {"doc": "sekolah.md", "split": "test", "history": []}
    none: dict = {"expected_sections": [], "key_facts": [], "answerable": False}
    rows = [
        a | {"id": "a-date", "kind": "date", "language": "id", "question": "Kapan survei lapangan dilaksanakan?",
             "expected_sections": ["4.1"], "key_facts": ["Maret 2021"], "answerable": True},
        a | {"id": "a-followup", "kind": "followup", "language": "en", "question": "How many respondents took part?",
             "history": [{"role": "user", "content": "When was the field survey carried out?"},
                         {"role": "assistant", "content": "In March 2021 [4.1]."}],
             "expected_sections": ["4.1"], "key_facts": ["48"], "answerable": True},
        a | {"id": "a-premise", "kind": "false_premise", "language": "id",
             "question": "Mengapa survei lapangan dilaksanakan pada bulan Oktober 2022?",
             "expected_sections": ["4.1"], "key_facts": ["Maret 2021"], "answerable": False},
        a | {"id": "a-offtopic", "kind": "offtopic", "language": "en",
             "question": "What is the capital city of Australia?"} | none,
        b | {"id": "b-date", "kind": "date", "language": "id", "question": "Kapan penelitian dilakukan?",
             "expected_sections": ["4.1"], "key_facts": ["Oktober 2022"], "answerable": True},
        b | {"id": "b-unanswerable", "kind": "unanswerable", "language": "en",
             "question": "Who was the headmaster of the school?"} | none,
    ]
    return corpus, _write_rows(tmp_path / "koleksi.jsonl", rows)


def test_eval_corpus_ingests_a_cache_index_and_asks_per_document(tmp_path, monkeypatch, capsys):
    """`thesis-chat eval --corpus` on two documents written here: real ingest, real e5 embedder, real Assistant."""
    from ui.cli import main

    corpus, questions = _tiny_collection(tmp_path)
    monkeypatch.setenv("THESIS_INDEX_DIR", str(tmp_path / "idx"))
    out = tmp_path / "out"
    argv = ["eval", "--corpus", str(corpus), "--questions", str(questions), "--out", str(out),
            "--generator", "extractive", "--no-baselines", "--no-progress"]
    assert main([*argv, "--fail-under", "dev.key_fact_recall=0.5", "--fail-under", "test.refusal_recall=0.1"]) in (0, 1)
    captured = capsys.readouterr()
    cache = tmp_path / "idx" / "eval-koleksi"
    assert f"index {cache}: 2 documents" in captured.err and "embedded" in captured.err
    assert json.loads((cache / "eval-cache.json").read_text())["corpus"] == str(corpus.resolve())
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["meta"]["index"] == str(cache) and report["meta"]["errors"] == 0
    assert list(report["by_split"]) == ["dev", "test"]
    assert list(report["by_document"]) == ["koperasi.txt", "sekolah.md"]
    assert list(report["by_kind"]) == ["date", "followup", "unanswerable", "false_premise", "offtopic"]
    items = {item["id"]: item for item in report["items"]}
    for item in items.values():  # the document picked: no passage from the other one
        assert not any("#" in section for section in item["retrieved_sections"]), item
    assert items["a-date"]["hit_rank"] == 1 and items["a-date"]["key_facts_found"] == ["Maret 2021"]
    assert items["b-date"]["hit_rank"] == 1 and items["b-date"]["key_facts_found"] == ["Oktober 2022"]
    assert "Maret 2021" not in items["b-date"]["answer"]
    assert report["by_split"]["dev"]["summary"]["n"] == 4 and report["by_split"]["test"]["summary"]["n"] == 2
    for scope in [report["summary"], *report["by_kind"].values(), *report["by_document"].values()]:
        assert all(v is None or v == v for v in scope.values())  # None, never NaN
    assert "dev " in captured.out and "koperasi.txt" in captured.out and "false_premise" in captured.out
    md = (out / "report.md").read_text(encoding="utf-8")
    failed_test = [i for i in items.values() if i["split"] == "test" and i["failures"]]
    assert "### b-" not in md
    if failed_test:
        assert f"{len(failed_test)} of the 2 test-split questions failed" in md

    # the second run reuses the cache: ingest finds nothing to do
    assert main([*argv, "--split", "test", "--show-test-failures"]) == 0
    captured = capsys.readouterr()
    assert "(unchanged, nothing to do)" in captured.err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in report["items"]] == ["b-date", "b-unanswerable"]
    md = (out / "report.md").read_text(encoding="utf-8")
    assert all(f"### {i['id']} " in md for i in failed_test)


def test_a_cache_built_by_other_write_path_code_is_rebuilt(tmp_path, monkeypatch):
    from evals import corpus as eval_corpus

    corpus, _ = _tiny_collection(tmp_path)
    settings = Settings.from_env(env={}, index_dir=tmp_path / "idx")
    first = eval_corpus.prepare_index(settings, corpus)
    assert (first.rebuilt, first.unchanged) == (False, False)
    assert first.settings.index_dir == tmp_path / "idx" / "eval-koleksi"
    assert first.settings.corpus_dir == corpus
    again = eval_corpus.prepare_index(settings, corpus)
    assert (again.rebuilt, again.unchanged) == (False, True)
    monkeypatch.setattr(eval_corpus, "write_path_fingerprint", lambda root=None: "changed-code")
    rebuilt = eval_corpus.prepare_index(settings, corpus)
    assert (rebuilt.rebuilt, rebuilt.unchanged) == (True, False)
    assert "2 documents, 5 sections, 5 chunks (0 embedded, 5 reused)" in rebuilt.summary  # vectors kept
    named = eval_corpus.prepare_index(settings, corpus, tmp_path / "mine")  # an index the user names
    assert named.settings.index_dir == tmp_path / "mine" and not (tmp_path / "mine" / "eval-cache.json").exists()


def test_a_refusal_that_quotes_the_answer_scores_no_key_fact():
    row = _crow("d1", "date")
    text = "Tesis tidak menyebutkannya. Yang paling dekat: survei pada Maret 2021."
    refused = _out(row, text, refused=True, cited=())
    assert refused.key_facts_found == ["Maret 2021"] and refused.facts_answered == 0
    summary = runner.summarize([refused, _out(_crow("d2", "date"), "Maret 2021 [4.1]")])
    assert summary["key_fact_recall"] == 0.5 and summary["answerable_refused_rate"] == 0.5
    assert runner.failure_reasons(refused) == ["refused an answerable question (its text holds 'Maret 2021')"]


def test_an_answer_from_the_structure_ranks_its_citations():
    answer = Answer("q", "BAB IV dan BAB V.", "id", (Citation("Halaman Judul", "c1", "BAB IV"),), (), False, "fake")

    class Bot:
        def ask(self, question, **kwargs):
            return answer

    outcome = runner.ask_one(Bot(), _crow("s1", "structure", expected_sections=["Halaman Judul"]))
    assert outcome.retrieved_sections == ("Halaman Judul",) and outcome.hit_rank == 1


def test_baselines_keep_to_the_questions_document(tmp_path):
    corpus, _ = _tiny_collection(tmp_path)
    settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=tmp_path / "idx")
    questions = ["Kapan penelitian dilakukan bulan?", "Kapan penelitian dilakukan bulan?"]
    runs = baselines.langchain_baseline(
        settings, questions, embeddings=BagOfWordsEmbeddings(), documents=["koperasi.txt", "sekolah.md"]
    )
    both = baselines.langchain_baseline(settings, questions[:1], embeddings=BagOfWordsEmbeddings())
    # each small document is one textbook chunk: one passage per document, two without the filter
    assert [len(r) for r in runs] == [1, 1]
    assert len(both[0]) == 2

    class Recording:
        def search(self, question, k=4, mode="hybrid", document=None):
            self.seen = [*getattr(self, "seen", []), (mode, document)]
            return []

    retriever = Recording()
    assert baselines.retriever_baseline(retriever, questions, 3, "bm25", ["koperasi.txt", None]) == [[], []]
    assert retriever.seen == [("bm25", "koperasi.txt"), ("bm25", None)]


def test_a_bug_in_the_assistant_costs_one_question_not_the_run(tmp_path, caplog):
    class Buggy(FakeAssistant):
        def ask(self, question, history=None):
            if "Walikota" in question:
                raise ValueError("could not convert string to float: '1.0.2'")
            return super().ask(question, history)

    questions = _write_rows(tmp_path / "q.jsonl", ROWS)
    settings = Settings.from_env(env={}, corpus_dir=CORPUS_DIR)
    report = runner.run_eval(settings, questions, tmp_path / "out", baselines=False, progress=False, bot=Buggy())
    items = {i["id"]: i for i in report["items"]}
    assert items["u3"]["answer"].startswith("error: ValueError: could not convert string to float: '1.0.2' (at ")
    assert items["u3"]["failures"][0] == "raised ValueError"
    assert (report["meta"]["errors"], report["meta"]["errors_by_type"]) == (1, {"ValueError": 1})
    assert report["summary"]["n"] == 6 and items["u1"]["key_facts_found"] == ["18 November 2016"]
    assert "question u3 raised ValueError" in caplog.text
