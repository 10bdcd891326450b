"""Tuning values (weights, thresholds) in one object per embedder, with where they came from.

``assistant/answering/tuning/<embedder>.json`` holds the values fitted for an embedder by
``evals/fit_answering.py`` on the development collection's dev split; an embedder with no file gets
``DEFAULT``, the hand-set values the read path had before any fitting (said so in ``source``).
Scores of one embedder mean nothing for another: a cosine of 0.85 is high for e5 and low for others.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
# embedder id prefix -> tuning file stem
FILES = {"e5:": "e5"}


@dataclass(frozen=True)
class LinearModel:
    """``bias + sum(weight * feature)``, read as a probability when ``link`` is "logistic"."""

    weights: dict[str, float]
    bias: float = 0.0
    link: str = "identity"  # identity | logistic

    def score(self, features: dict[str, float]) -> float:
        """The linear score (a logit for a logistic model)."""
        return self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())

    def probability(self, features: dict[str, float]) -> float:
        """The model's output: a probability (logistic) or the linear score itself (identity)."""
        value = self.score(features)
        if self.link != "logistic":
            return value
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


@dataclass(frozen=True)
class Tuning:
    """Every fitted or hand-set number of the read path, for one embedder."""

    embedder: str
    source: str  # where the values come from (fitting command, data, date) or "hand-set"
    sentence: LinearModel  # which sentence answers: its score from SENTENCE_FEATURES
    decision: LinearModel | None = None  # whether to answer: P(answer) from DECISION_FEATURES; None = rules
    answer_threshold: float = 0.5  # answer when the decision model's probability is at least this
    margin: float = 0.06  # extra sentences are quoted when they score this close to the best one
    nearby_min: float = 0.78  # a refusal quotes the closest sentence when it scores at least this
    lexical_weight: dict[str, float] = field(default_factory=lambda: {"id": 0.15, "en": 0.10})  # BM25 in fusion
    same_language_bonus: float = 0.0  # retrieval: extra score for a passage in the question's language
    # Hand rules (the decision when no model is fitted): an English question is not refused for a word
    # the dictionary cannot bridge when the best passage's dense similarity is at least this, and its
    # coverage counts only over at least this many dictionary-judged words.
    en_dense_rescue: float = 0.86
    en_min_judged: int = 2
    # A quote from another section than the best sentence's must come this share of the margin closer.
    cross_section_share: float = 0.5
    # A false premise is corrected when a name/number/date of the question is absent from the quoted
    # evidence while at least this share of its other words is there and the best sentence is this close.
    premise_matched: float = 0.75
    premise_dense: float = 0.85
    premise_refuse_below: float = 0.0  # ... and refused when under this share is there (0: never)
    provenance: dict[str, str] = field(default_factory=dict)  # per value: how it was chosen
    metrics: dict[str, float] = field(default_factory=dict)  # what the fit measured (dev, leave-one-out)


DEFAULT = Tuning(
    embedder="any",
    source="hand-set before fitting (seed chapter, evals/questions.jsonl); not fitted for this embedder",
    sentence=LinearModel({"dense": 1.0, "lexical": 0.2, "type_fit": 0.03, "rank_prior": 0.02}),
)


def from_dict(data: dict) -> Tuning:
    """A Tuning from its JSON form."""
    def model(raw: dict | None) -> LinearModel | None:
        return None if raw is None else LinearModel(dict(raw["weights"]), float(raw["bias"]), raw.get("link", "logistic"))

    sentence = model(data["sentence"])
    assert sentence is not None
    return Tuning(
        embedder=data["embedder"], source=data["source"], sentence=sentence, decision=model(data.get("decision")),
        answer_threshold=float(data.get("answer_threshold", 0.5)), margin=float(data.get("margin", DEFAULT.margin)),
        nearby_min=float(data.get("nearby_min", DEFAULT.nearby_min)),
        lexical_weight=dict(data.get("lexical_weight", DEFAULT.lexical_weight)),
        same_language_bonus=float(data.get("same_language_bonus", 0.0)), metrics=dict(data.get("metrics", {})),
        en_dense_rescue=float(data.get("en_dense_rescue", DEFAULT.en_dense_rescue)),
        en_min_judged=int(data.get("en_min_judged", DEFAULT.en_min_judged)),
        cross_section_share=float(data.get("cross_section_share", DEFAULT.cross_section_share)),
        premise_matched=float(data.get("premise_matched", DEFAULT.premise_matched)),
        premise_dense=float(data.get("premise_dense", DEFAULT.premise_dense)),
        premise_refuse_below=float(data.get("premise_refuse_below", DEFAULT.premise_refuse_below)),
        provenance=dict(data.get("provenance", {})),
    )


@lru_cache(maxsize=8)
def tuning_for(embedder_id: str) -> Tuning:
    """The tuning fitted for an embedder (by its id), else ``DEFAULT``."""
    for prefix, stem in FILES.items():
        path = HERE / f"{stem}.json"
        if embedder_id.startswith(prefix) and path.exists():
            return from_dict(json.loads(path.read_text(encoding="utf-8")))
    return DEFAULT
