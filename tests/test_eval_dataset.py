"""The question set file and its loader: schema, counts, key facts verbatim in the thesis."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import DEFAULT_QUESTIONS, QuestionRow, QuestionSetError, load_questions

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "bab-vi-penutup.txt"
FIELDS = {"id", "language", "question", "expected_sections", "key_facts", "answerable"}


def _corpus_text() -> str:
    text = CORPUS.read_text(encoding="utf-8").replace("*", "")
    return re.sub(r"\s+", " ", text).casefold()


@pytest.fixture(scope="module")
def rows() -> list[QuestionRow]:
    return load_questions(DEFAULT_QUESTIONS)


def test_default_path_is_the_project_set():
    assert DEFAULT_QUESTIONS == ROOT / "evals" / "questions.jsonl"


def test_every_line_has_exactly_the_fields():
    lines = [line for line in DEFAULT_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        assert set(json.loads(line)) == FIELDS, f"line {number}"


def test_counts(rows):
    assert len(rows) >= 64
    languages = Counter(r.language for r in rows)
    assert languages["id"] == languages["en"] == len(rows) // 2
    unanswerable = [r for r in rows if not r.answerable]
    assert len(unanswerable) >= 14
    assert Counter(r.language for r in unanswerable) == {"id": len(unanswerable) // 2, "en": len(unanswerable) // 2}


def test_ids_unique_and_ordered(rows):
    assert [r.id for r in rows] == [f"q{i:03d}" for i in range(1, len(rows) + 1)]


def test_expected_sections_are_the_chapter_sections(rows):
    for row in rows:
        assert set(row.expected_sections) <= {"6.1", "6.2"}, row.id
        assert bool(row.expected_sections) == row.answerable, row.id
    both = Counter(tuple(r.expected_sections) for r in rows if r.answerable)
    assert both[("6.1",)] > 0 and both[("6.2",)] > 0 and both[("6.1", "6.2")] > 0


def test_every_key_fact_alternative_is_verbatim_in_the_thesis(rows):
    corpus = _corpus_text()
    for row in rows:
        assert row.key_facts or not row.answerable, f"{row.id} is answerable but has no key fact"
        for fact in row.key_facts:
            for alternative in fact.split("|"):
                assert re.sub(r"\s+", " ", alternative).casefold() in corpus, f"{row.id}: {alternative!r}"


def test_question_kinds_are_covered(rows):
    text = {r.id: r.question for r in rows}
    questions = list(text.values())
    assert "apa isi subbab 6.2?" in questions
    assert "what does section 6.1 conclude?" in questions
    assert any("ignore previous instructions" in q.lower() for q in questions)
    assert any("abaikan semua instruksi" in q.lower() for q in questions)
    assert any(q == q.lower() for q in questions if "6." not in q)  # lower case without a section number


def test_questions_are_distinct(rows):
    assert len({r.question.casefold() for r in rows}) == len(rows)


# ---- the loader's errors name the line ----


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps(
    {
        "id": "a1",
        "language": "id",
        "question": "Kapan?",
        "expected_sections": ["6.1"],
        "key_facts": ["18 November 2016"],
        "answerable": True,
    }
)


def test_loads_good_rows_and_skips_blank_lines(tmp_path):
    other = GOOD.replace('"a1"', '"a2"')
    rows = load_questions(_write(tmp_path, GOOD, "", other))
    assert [r.id for r in rows] == ["a1", "a2"]
    assert rows[0].key_facts == ["18 November 2016"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "set.jsonl:2: not valid JSON"),
        ("[1, 2]", "set.jsonl:2: expected a JSON object, got list"),
        (GOOD.replace('"id"', '"lang"', 1).replace('"language"', '"id": "b", "language"'), "lang: Extra inputs"),
        (
            GOOD.replace('"a1"', '"b"').replace('"id", "question"', '"fr", "question"'),
            "set.jsonl:2: invalid question row (language",
        ),
        (GOOD.replace('"a1"', '"b"').replace("true", '"yes"'), "answerable"),
        (GOOD.replace('"a1"', '"b"').replace('["6.1"]', '["kesimpulan"]'), "not a canonical section id"),
        (GOOD.replace('"a1"', '"b"').replace('"18 November 2016"', '"a|"'), "empty alternative"),
        (GOOD.replace('"a1"', '"b"').replace('["6.1"]', "[]"), "needs at least one expected section"),
        (GOOD.replace('"a1"', '"b"').replace("true", "false"), "must have empty expected_sections"),
        (GOOD.replace('"a1"', '"b"').replace('"Kapan?"', '"   "'), "question is blank"),
        (GOOD, "set.jsonl:2: id 'a1' already used on line 1"),
    ],
)
def test_errors_name_the_line(tmp_path, line, message):
    with pytest.raises(QuestionSetError) as info:
        load_questions(_write(tmp_path, GOOD, line))
    assert message in str(info.value)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(QuestionSetError, match="does not exist"):
        load_questions(tmp_path / "nope.jsonl")
    with pytest.raises(QuestionSetError, match="holds no questions"):
        load_questions(_write(tmp_path, "", "  "))


def test_question_set_error_is_an_assistant_error():
    from assistant.core.errors import AssistantError

    assert issubclass(QuestionSetError, AssistantError)


# ---- the collection's rows: doc, split, kind, history, named sections, false premises ----

COLLECTION_ROW = {
    "id": "eko-001",
    "doc": "ekonomi-umkm.pdf",
    "split": "dev",
    "kind": "followup",
    "language": "en",
    "question": "And how many of them were women?",
    "history": [
        {"role": "user", "content": "How many respondents were surveyed?"},
        {"role": "assistant", "content": "Forty-eight respondents [3.2]."},
    ],
    "expected_sections": ["3.2", "Halaman Judul"],
    "key_facts": ["25|dua puluh lima|twenty-five"],
    "answerable": True,
}


def _row(**changes) -> str:
    return json.dumps({**COLLECTION_ROW, **changes}, ensure_ascii=False)


def test_collection_row_loads_with_all_fields(tmp_path):
    premise = _row(
        id="eko-002", kind="false_premise", history=[], answerable=False, expected_sections=["Daftar Pustaka"]
    )
    rows = load_questions(_write(tmp_path, _row(), premise))
    first, second = rows
    assert (first.doc, first.split, first.kind) == ("ekonomi-umkm.pdf", "dev", "followup")
    assert [t.model_dump() for t in first.history] == COLLECTION_ROW["history"]
    assert first.expected_sections == ["3.2", "Halaman Judul"]
    assert first.should_refuse is False
    assert (second.answerable, second.should_refuse, second.key_facts) == (
        False,
        False,
        ["25|dua puluh lima|twenty-five"],
    )


def test_seed_rows_have_no_collection_fields(rows):
    assert {(r.doc, r.split, r.kind) for r in rows} == {(None, None, None)}
    assert all(r.history == [] for r in rows)
    assert sum(r.should_refuse for r in rows) == sum(not r.answerable for r in rows)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "offtopic"}, "kind 'offtopic' needs answerable false"),
        ({"kind": "date", "answerable": False}, "kind 'date' needs answerable true"),
        ({"history": []}, "a followup needs the earlier turns"),
        ({"history": [{"role": "assistant", "content": "x"}]}, "history alternates user, assistant"),
        ({"history": [{"role": "system", "content": "x"}]}, "history.0.role"),
        ({"kind": "false_premise", "answerable": False, "key_facts": []}, "a false_premise needs key_facts"),
        ({"kind": "unanswerable", "answerable": False, "history": []}, "must have empty expected_sections"),
        ({"expected_sections": ["BAB IV"]}, "a named part"),
        ({"expected_sections": ["6.1."]}, "nor an unnumbered section's title"),
        ({"split": "train"}, "split"),
        ({"kind": "trivia"}, "kind"),
        ({"doc": ""}, "doc"),
    ],
)
def test_collection_row_errors(tmp_path, changes, message):
    with pytest.raises(QuestionSetError) as info:
        load_questions(_write(tmp_path, _row(**changes)))
    assert "set.jsonl:1: invalid question row" in str(info.value)
    assert message in str(info.value)


def test_a_folder_loads_every_jsonl_part_in_name_order(tmp_path):
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "b.jsonl").write_text(_row(id="b1") + "\n", encoding="utf-8")
    (parts / "a.jsonl").write_text(_row(id="a1") + "\n\n" + _row(id="a2") + "\n", encoding="utf-8")
    (parts / "notes.txt").write_text("not a part", encoding="utf-8")
    assert [r.id for r in load_questions(parts)] == ["a1", "a2", "b1"]
    (parts / "c.jsonl").write_text(_row(id="a2") + "\n", encoding="utf-8")
    with pytest.raises(QuestionSetError, match=r"c.jsonl:1: id 'a2' already used on a.jsonl:3"):
        load_questions(parts)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(QuestionSetError, match="holds no .jsonl file"):
        load_questions(empty)


def test_select_split(tmp_path):
    from evals.dataset import select_split

    rows = load_questions(_write(tmp_path, _row(id="d1"), _row(id="t1", split="test"), _row(id="d2")))
    assert [r.id for r in select_split(rows, "dev")] == ["d1", "d2"]
    assert [r.id for r in select_split(rows, "test")] == ["t1"]
    assert [r.id for r in select_split(rows, "all")] == ["d1", "t1", "d2"]
    with pytest.raises(QuestionSetError, match="no question has split 'test'"):
        select_split(rows[:1], "test")


def test_the_collection_question_set_loads():
    # `make test` evaluates evals/collection.jsonl: a repeated id (a new document's questions numbered with another
    # document's prefix) stops the run, so the set is loaded here as the runner loads it
    rows = load_questions(ROOT / "evals" / "collection.jsonl")
    documents = {p.name for p in (ROOT / "evals" / "collection").iterdir()}
    assert len({r.id for r in rows}) == len(rows)
    assert {r.doc for r in rows} <= documents
    prefixes: dict[str, set[str]] = {}
    for r in rows:
        prefixes.setdefault(r.id.rsplit("-", 1)[0], set()).add(r.doc)
    assert all(len(docs) == 1 for docs in prefixes.values()), prefixes  # one id prefix per document
    # a dev row's expected sections are sections of its document (an unnumbered section's id is its title: the
    # schema cannot tell a misspelt title from another, the structure file can)
    sources = ROOT / "evals" / "collection_src"
    for r in rows:
        if r.split == "dev":
            listed = {s["id"] for s in json.loads((sources / f"{Path(r.doc).stem}.structure.json").read_text("utf-8"))["sections"]}
            assert set(r.expected_sections) <= listed, (r.id, set(r.expected_sections) - listed)
