"""BM25: the vectorised scoring equals the textbook per-posting loop, and ``top`` is an exact top-k."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.retrieval.lexical import BM25

WORDS = st.sampled_from(["kota", "bogor", "kisarazu", "kerjasama", "sister", "city", "mou", "saran"])
CORPUS = st.lists(st.lists(WORDS, max_size=12), min_size=1, max_size=25)
QUERY = st.lists(WORDS, max_size=6)


def textbook(documents: list[list[str]], query: list[str], k1: float = 1.2, b: float = 0.75) -> dict[int, float]:
    """BM25 as written in the books: for each query term, for each document that has it."""
    size = len(documents)
    average = sum(map(len, documents)) / size
    out: dict[int, float] = {}
    for term in set(query):
        having = [i for i, d in enumerate(documents) if term in d]
        if not having:
            continue
        idf = math.log(1 + (size - len(having) + 0.5) / (len(having) + 0.5))
        for i in having:
            tf = Counter(documents[i])[term]
            norm = k1 * (1 - b + b * len(documents[i]) / (average or 1))
            out[i] = out.get(i, 0.0) + idf * tf * (k1 + 1) / (tf + norm)
    return out


@settings(max_examples=200, deadline=None)
@given(CORPUS, QUERY)
def test_scores_equal_the_textbook_formula(documents: list[list[str]], query: list[str]) -> None:
    assert BM25(documents).scores(query) == textbook(documents, query)


@settings(max_examples=200, deadline=None)
@given(CORPUS, QUERY, st.integers(min_value=0, max_value=30))
def test_top_is_the_sorted_prefix(documents: list[list[str]], query: list[str], k: int) -> None:
    expected = sorted(textbook(documents, query).items(), key=lambda item: (-item[1], item[0]))[:k]
    assert BM25(documents).top(query, k) == expected


def test_repeated_query_terms_count_once_and_unknown_terms_score_nothing() -> None:
    index = BM25([["kota", "bogor"], ["kisarazu"]])
    assert index.scores(["kota", "kota", "zzz"]) == index.scores(["kota"])
    assert index.top(["zzz"], 3) == []
    assert "bogor" in index and "zzz" not in index
