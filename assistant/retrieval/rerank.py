"""Re-ranking the fused candidates by their best sentence: a paragraph is as good as the sentence
in it that answers. The passage-level fusion reads a whole paragraph against the question, so a
paragraph whose one sentence holds the answer among others about something else ranks 5-20 and
never reaches the answerer (the top 4). Each of the first ``pool`` candidates gets

    score = fused + sentence * max over its sentences (cosine(question, sentence) + lexical * coverage
                                                        + typed * holds a span of the asked type)
                  + coverage * the paragraph's coverage

where coverage is the idf-weighted share of the question's words (in any form the analysis found:
stems, the corpus' translations of an English word) the sentence or paragraph holds. The weights are
fitted per embedder on the collection's dev split by ``evals/fit_retrieval.py`` (``rerank.json``);
an embedder with none fitted is not re-ranked.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence

HERE = Path(__file__).parent
WEIGHTS_FILE = HERE / "rerank.json"
# A follow-up's words taken from the turn before count this much (its own words count 1).
PREVIOUS_TURN_WEIGHT = 0.5
SENTENCE_TERMS_KEPT = 200_000  # sentences whose terms are remembered (a 1000x corpus has ~500k)


@dataclass(frozen=True)
class RerankModel:
    """The fitted weights of the re-ranking score, and where they came from."""

    sentence: float  # weight of the best sentence's score
    lexical: float  # inside a sentence's score: weight of its coverage beside its cosine
    coverage: float  # weight of the paragraph's coverage
    typed: float = 0.0  # inside a sentence's score: weight of holding a span of the asked type (a date for "when")
    pool: int = 20  # candidates (by the fused score) re-ranked
    enabled: bool = True  # False: fitted and kept, not used (the reason in ``model_for``)
    source: str = ""
    metrics: dict = field(default_factory=dict, compare=False, hash=False)

    def score(self, fused: float, features: PassageFeatures) -> float:
        """The re-ranked score of a candidate with its fused score and features."""
        best = max((d + self.lexical * c + self.typed * t
                    for d, c, t in zip(features.dense, features.sentence_coverage,
                                       features.typed or (0.0,) * len(features.dense))), default=0.0)
        return fused + self.sentence * best + self.coverage * features.coverage


@dataclass(frozen=True)
class PassageFeatures:
    """What the re-ranker reads of one candidate: each sentence's cosine and coverage, and the
    paragraph's coverage."""

    dense: tuple[float, ...]
    sentence_coverage: tuple[float, ...]
    coverage: float
    typed: tuple[float, ...] = ()  # each sentence: 1.0 when it holds a span of the asked type


def model_for(embedder_id: str) -> RerankModel | None:
    """The re-ranking weights fitted for an embedder and switched on, else None (no re-ranking).

    The e5 weights are fitted but off: on the dev split they raise hit@1 and key facts, but the seed
    set's key facts fell under their gate (0.955 -> 0.920, a why question answered from another
    sentence of the re-ordered passages) and refusal recall fell with the decision model fitted on
    the fused order. The seed's losses come from the sentence model's ``rank_prior`` (1 / the passage's
    rank): re-ordered passages lift the first one's other sentences. Reading that prior from each
    passage's own cosine instead makes the seed the same on and off, but costs the dev split more than
    the re-ranker gives (``metrics["ab_order_free_evidence_2026-11-30"]``: hit@1 0.797 -> 0.766, premises
    0.85 -> 0.77 off). Reading it from the passages' fused (pre-re-ranking) scores keeps what it knows
    (``ab_fused_score_prior_2026-11-30``: on, dev hit@1 0.797 -> 0.814, key facts 0.757 -> 0.778), but the
    seed's key facts stay under the gate (0.938) and dev refusal recall (0.67 -> 0.63) and premises
    (0.85 -> 0.79) fall: those wait for a decision model refitted on re-ranked passages."""
    found = fitted(embedder_id)
    return found if found is not None and found.enabled else None


@lru_cache(maxsize=8)
def fitted(embedder_id: str) -> RerankModel | None:
    """The re-ranking weights fitted for an embedder (by its id prefix), on or off; None if none are."""
    if not WEIGHTS_FILE.exists():
        return None
    for prefix, raw in json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")).items():
        if embedder_id.startswith(prefix):
            return RerankModel(float(raw["sentence"]), float(raw["lexical"]), float(raw["coverage"]),
                               float(raw.get("typed", 0.0)), int(raw.get("pool", 20)), bool(raw.get("enabled", True)),
                               str(raw.get("source", "")), dict(raw.get("metrics", {})))
    return None


class SentenceTerms:
    """Index terms of sentences, computed once per text (stemming is the costly part)."""

    def __init__(self) -> None:
        self._terms: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()

    def __call__(self, text: str) -> frozenset[str]:
        found = self._terms.get(text)
        if found is None:
            found = frozenset(index_terms(text))
            with self._lock:
                if len(self._terms) >= SENTENCE_TERMS_KEPT:
                    self._terms.pop(next(iter(self._terms)))
                self._terms[text] = found
        return found


def term_weights(terms: Sequence, idf: dict[str, float], follow_up: bool) -> list[tuple[frozenset[str], float]]:
    """(forms, weight) of the question's judged words: the idf of the rarest form the corpus has
    (a word the corpus lacks in every form weighs nothing: it cannot tell paragraphs apart)."""
    out = []
    for term in terms:
        if not term.judged:
            continue
        weight = max((idf.get(f, 0.0) for f in term.forms), default=0.0)
        if follow_up and not term.own:
            weight *= PREVIOUS_TURN_WEIGHT
        if weight > 0:
            out.append((term.forms, weight))
    return out


def features(*, chunks: Sequence[Chunk], query: np.ndarray, weights: list[tuple[frozenset[str], float]],
             sentence_vectors: Callable[[list[str]], list[np.ndarray]],
             sentence_terms: Callable[[str], frozenset[str]],
             typed: Callable[[Sentence], float] | None = None) -> list[PassageFeatures]:
    """The re-ranker's features of each chunk (its sentences embedded once, all together)."""
    texts = [s.text for chunk in chunks for s in chunk.sentences]
    vectors = sentence_vectors(texts) if texts else []
    cosines = (np.stack(vectors) @ query).tolist() if len(vectors) else []
    total = sum(w for _, w in weights) or 1.0
    out = []
    at = 0
    for chunk in chunks:
        n = len(chunk.sentences)
        term_sets = [sentence_terms(s.text) for s in chunk.sentences]
        covered = [sum(w for forms, w in weights if forms & terms) / total for terms in term_sets]
        union = frozenset().union(*term_sets) if term_sets else frozenset()
        out.append(PassageFeatures(tuple(cosines[at:at + n]), tuple(covered),
                                   sum(w for forms, w in weights if forms & union) / total,
                                   tuple(typed(s) for s in chunk.sentences) if typed else (0.0,) * n))
        at += n
    return out
