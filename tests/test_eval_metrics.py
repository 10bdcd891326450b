"""Exact values of the evaluation metrics on small hand-made inputs."""

from __future__ import annotations

import pytest

from evals import metrics


def test_normalize_strips_emphasis_case_and_spaces():
    assert metrics.normalize("  Kerjasama *Sister   City*\nantara ") == "kerjasama sister city antara"


@pytest.mark.parametrize(
    ("fact", "text", "present"),
    [
        ("18 November 2016", "MoU ditandatangani pada 18 november 2016 [6.1].", True),
        ("Green City", "Bogor mengusung konsep *Green City*", True),
        ("Green City", "Bogor mengusung konsep *Green\nCity*", True),
        ("blueberry|ikan sidat", "budidaya Ikan Sidat gagal", True),
        ("blueberry|ikan sidat", "budidaya kopi gagal", False),
        ("2 tahun", "setelah 3 tahun", False),
    ],
)
def test_fact_present(fact, text, present):
    assert metrics.fact_present(fact, text) is present


def test_facts_found_searches_answer_and_quotes_in_fact_order():
    facts = ["Pariwisata", "Pendidikan dan Kebudayaan", "Bima Arya"]
    texts = ["Kerjasama di bidang pendidikan dan kebudayaan [6.1]", "beserta Pariwisata"]
    assert metrics.facts_found(facts, texts) == ["Pariwisata", "Pendidikan dan Kebudayaan"]
    assert metrics.facts_found([], texts) == []


def test_hit_rank():
    assert metrics.hit_rank(["6.2", "6.1", "6.1"], ["6.1"]) == 2
    assert metrics.hit_rank(["6.1"], ["6.1", "6.2"]) == 1
    assert metrics.hit_rank(["6.2", "6.2"], ["6.1"]) is None
    assert metrics.hit_rank([], ["6.1"]) is None


def test_hit_at_and_mrr():
    ranks = [1, 2, None, 4]
    assert metrics.hit_at(ranks, 1) == 0.25
    assert metrics.hit_at(ranks, 3) == 0.5
    assert metrics.hit_at(ranks, 4) == 0.75
    assert metrics.mrr(ranks) == pytest.approx((1 + 0.5 + 0 + 0.25) / 4)
    assert metrics.mrr(ranks) == 0.4375
    assert metrics.hit_at([], 1) is None
    assert metrics.mrr([]) is None


def test_citation_precision_pools_distinct_sections():
    cited = [["6.1", "6.1"], ["6.1", "6.2"], [], ["6.2"]]
    expected = [["6.1"], ["6.1"], ["6.1"], ["6.1", "6.2"]]
    # distinct cited: {6.1} ok, {6.1 ok, 6.2 wrong}, {}, {6.2 ok} -> 3 of 4
    assert metrics.citation_precision(cited, expected) == 0.75
    assert metrics.citation_precision([[], []], [["6.1"], ["6.2"]]) is None


def test_citation_recall_counts_answers_citing_an_expected_section():
    cited = [["6.1", "6.1"], ["6.1", "6.2"], [], ["6.2"]]
    expected = [["6.1"], ["6.2"], ["6.1"], ["6.1"]]
    assert metrics.citation_recall(cited, expected) == 0.5
    assert metrics.citation_recall([], []) is None


def test_citation_lengths_must_match():
    with pytest.raises(ValueError):
        metrics.citation_recall([["6.1"]], [])


def test_key_fact_recall_is_a_mean_over_questions_with_facts():
    assert metrics.key_fact_recall([(1, 2), (2, 2), (0, 0), (0, 1)]) == 0.5
    assert metrics.key_fact_recall([(0, 0)]) is None
    assert metrics.key_fact_recall([]) is None


def test_refusal_precision_and_recall():
    refused = [True, True, False, False, True]
    answerable = [False, True, False, True, False]
    # refusals: q0 (unanswerable), q1 (answerable), q4 (unanswerable) -> precision 2/3
    assert metrics.refusal_precision(refused, answerable) == pytest.approx(2 / 3)
    # unanswerable: q0 refused, q2 answered, q4 refused -> recall 2/3
    assert metrics.refusal_recall(refused, answerable) == pytest.approx(2 / 3)
    assert metrics.refusal_precision([False, False], [True, False]) is None
    assert metrics.refusal_recall([True], [True]) is None


def test_language_match():
    assert metrics.language_match(["id", "en", "en", "id"], ["id", "en", "id", "id"]) == 0.75
    assert metrics.language_match([], []) is None


def test_percentile_interpolates_linearly():
    values = [40.0, 10.0, 30.0, 20.0]
    assert metrics.percentile(values, 0) == 10.0
    assert metrics.percentile(values, 50) == 25.0
    assert metrics.percentile(values, 95) == pytest.approx(38.5)
    assert metrics.percentile(values, 100) == 40.0
    assert metrics.percentile([7.0], 95) == 7.0
    assert metrics.percentile([], 50) is None
    with pytest.raises(ValueError):
        metrics.percentile(values, 101)


def test_latency_percentiles_keys():
    assert metrics.latency_percentiles([1.0, 2.0, 3.0]) == {"latency_p50_ms": 2.0, "latency_p95_ms": 2.9}


def test_share():
    assert metrics.share([True, False, False, True]) == 0.5
    assert metrics.share([False]) == 0.0
    assert metrics.share([]) is None


@pytest.mark.parametrize(
    ("refused", "found", "ok"), [(True, 0, True), (False, 1, True), (False, 0, False), (True, 2, True)]
)
def test_corrected_or_refused(refused, found, ok):
    assert metrics.corrected_or_refused(refused, found) is ok


@pytest.mark.parametrize(
    ("refused", "answerable", "found", "total", "right"),
    [
        (False, True, 2, 2, True),
        (False, True, 1, 2, False),  # a key fact missing
        (True, True, 2, 2, False),  # wrongly refused, even if the refusal quoted the facts
        (False, True, 0, 0, True),  # nothing to find, answered
        (True, False, 0, 0, True),  # an unanswerable follow-up refused
        (False, False, 0, 0, False),
    ],
)
def test_followup_right(refused, answerable, found, total, right):
    assert metrics.followup_right(refused, answerable, found, total) is right
