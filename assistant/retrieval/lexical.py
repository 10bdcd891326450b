"""BM25 over an inverted index built once per loaded index (terms are stemmed at ingest)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np


class BM25:
    """Okapi BM25 with an inverted index: a question costs its postings, not a scan of the corpus."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(documents)
        self.lengths = [len(d) for d in documents]
        self.avg_length = (sum(self.lengths) / self.size) if self.size else 0.0
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, terms in enumerate(documents):
            for term, count in Counter(terms).items():
                postings[term].append((index, count))
        self.postings = dict(postings)
        self.idf = {
            term: math.log(1 + (self.size - len(p) + 0.5) / (len(p) + 0.5)) for term, p in self.postings.items()
        }
        self._length_array = np.asarray(self.lengths, dtype=np.float64)
        self._weights: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # term -> (documents, BM25 weights)

    def restricted(self, positions: Sequence[int]) -> BM25:
        """The same index with statistics counted over ``positions`` only (one thesis' chunks): postings,
        document frequencies, idf and the mean length are those ``positions`` alone would give, and the
        positions keep their numbers in the whole index (a picked thesis is scored as if it were loaded alone,
        whatever else is)."""
        keep = set(positions)
        view = BM25.__new__(BM25)
        view.k1, view.b = self.k1, self.b
        view.size = len(keep)
        view.lengths = self.lengths
        view.avg_length = (sum(self.lengths[i] for i in keep) / view.size) if view.size else 0.0
        postings = {}
        for term, found in self.postings.items():
            held = [(i, n) for i, n in found if i in keep]
            if held:
                postings[term] = held
        view.postings = postings
        view.idf = {term: math.log(1 + (view.size - len(p) + 0.5) / (len(p) + 0.5)) for term, p in postings.items()}
        view._length_array = self._length_array
        view._weights = {}
        return view

    def __contains__(self, term: str) -> bool:
        return term in self.postings

    def _term_weights(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's postings as (document indices, BM25 weights), computed on first use and kept.

        Same formula and operation order as a per-posting loop, so the scores are bit-for-bit equal;
        vectorised because common terms have postings in most documents (9 ms per question at 1000x).
        """
        cached = self._weights.get(term)
        if cached is None:
            postings = self.postings[term]
            documents = np.fromiter((i for i, _ in postings), dtype=np.int64, count=len(postings))
            tf = np.fromiter((t for _, t in postings), dtype=np.float64, count=len(postings))
            norm = self.k1 * (1 - self.b + self.b * self._length_array[documents] / (self.avg_length or 1))
            cached = self._weights[term] = (documents, self.idf[term] * tf * (self.k1 + 1) / (tf + norm))
        return cached

    def _score_array(self, query: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(scores of all documents, indices of the documents sharing a term with ``query``)."""
        scores = np.zeros(len(self.lengths), dtype=np.float64)
        touched = np.zeros(len(self.lengths), dtype=bool)
        for term in set(query):
            if term not in self.idf:
                continue
            documents, weights = self._term_weights(term)
            scores[documents] += weights  # a term's documents are distinct: no lost updates
            touched[documents] = True
        return scores, np.flatnonzero(touched)

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        """Scores of the documents that share at least one term with ``query`` (duplicates count once)."""
        scores, touched = self._score_array(query)
        return dict(zip(touched.tolist(), scores[touched].tolist(), strict=True))

    def top(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best (document index, score) pairs, best first (ties: the lower index first)."""
        scores, touched = self._score_array(query)
        if k <= 0 or not len(touched):
            return []
        if len(touched) > k:  # keep every document at least as good as the k-th, then order exactly
            kth = np.partition(scores[touched], len(touched) - k)[len(touched) - k]
            touched = touched[scores[touched] >= kth]
        ranked = sorted(zip(touched.tolist(), scores[touched].tolist(), strict=True),
                        key=lambda item: (-item[1], item[0]))
        return ranked[:k]
