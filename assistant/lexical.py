"""BM25 over an inverted index built once per loaded index (terms are stemmed at ingest)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence


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

    def __contains__(self, term: str) -> bool:
        return term in self.postings

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        """Scores of the documents that share at least one term with ``query`` (duplicates count once)."""
        out: dict[int, float] = defaultdict(float)
        for term in set(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for index, tf in self.postings[term]:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / (self.avg_length or 1))
                out[index] += idf * tf * (self.k1 + 1) / (tf + norm)
        return dict(out)

    def top(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best (document index, score) pairs, best first."""
        scored = self.scores(query)
        return sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:k]
