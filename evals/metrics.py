"""Pure metric functions. Each returns None when its denominator is empty (undefined, not zero)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence

_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower case, Markdown ``*`` emphasis removed, whitespace collapsed: how key facts are matched."""
    return _SPACES.sub(" ", text.replace("*", "")).strip().casefold()


def fact_present(fact: str, text: str) -> bool:
    """True when ``text`` contains the fact, or one of its ``a|b`` alternatives (case-insensitive)."""
    haystack = normalize(text)
    return any(normalize(alt) in haystack for alt in fact.split("|") if alt.strip())


def facts_found(facts: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The key facts present in any of ``texts`` (answer text and cited quotes), in their given order."""
    joined = "\n".join(texts)
    return [fact for fact in facts if fact_present(fact, joined)]


def hit_rank(retrieved_sections: Sequence[str], expected: Collection[str]) -> int | None:
    """1-based rank of the first retrieved section that is expected; None when none is."""
    for rank, section in enumerate(retrieved_sections, start=1):
        if section in expected:
            return rank
    return None


def hit_at(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of questions whose first expected passage ranks within the top ``k``."""
    if not ranks:
        return None
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr(ranks: Sequence[int | None]) -> float | None:
    """Mean reciprocal rank; a question with no hit counts 0."""
    if not ranks:
        return None
    return sum(1.0 / r for r in ranks if r is not None) / len(ranks)


def citation_precision(cited: Sequence[Collection[str]], expected: Sequence[Collection[str]]) -> float | None:
    """Share of cited sections (distinct per answer, pooled over answers) that are expected."""
    total = correct = 0
    for sections, wanted in zip(cited, expected, strict=True):
        distinct = set(sections)
        total += len(distinct)
        correct += len(distinct & set(wanted))
    return correct / total if total else None


def citation_recall(cited: Sequence[Collection[str]], expected: Sequence[Collection[str]]) -> float | None:
    """Share of answers that cite at least one expected section."""
    if not cited:
        return None
    pairs = list(zip(cited, expected, strict=True))
    return sum(1 for sections, wanted in pairs if set(sections) & set(wanted)) / len(pairs)


def key_fact_recall(found_and_total: Sequence[tuple[int, int]]) -> float | None:
    """Mean over questions (with at least one key fact) of found facts / key facts."""
    scored = [found / total for found, total in found_and_total if total > 0]
    return sum(scored) / len(scored) if scored else None


def refusal_precision(refused: Sequence[bool], answerable: Sequence[bool]) -> float | None:
    """Share of refusals that were for unanswerable questions."""
    pairs = [a for r, a in zip(refused, answerable, strict=True) if r]
    return sum(1 for a in pairs if not a) / len(pairs) if pairs else None


def refusal_recall(refused: Sequence[bool], answerable: Sequence[bool]) -> float | None:
    """Share of unanswerable questions that were refused."""
    pairs = [r for r, a in zip(refused, answerable, strict=True) if not a]
    return sum(1 for r in pairs if r) / len(pairs) if pairs else None


def language_match(expected: Sequence[str], answered: Sequence[str]) -> float | None:
    """Share of answers whose language equals the question's."""
    if not expected:
        return None
    return sum(1 for e, a in zip(expected, answered, strict=True) if e == a) / len(expected)


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0-100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is outside 0-100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_percentiles(latencies_ms: Sequence[float]) -> dict[str, float | None]:
    """p50 and p95 of the latencies, keyed as in the report."""
    return {"latency_p50_ms": percentile(latencies_ms, 50), "latency_p95_ms": percentile(latencies_ms, 95)}


def share(flags: Sequence[bool]) -> float | None:
    """Share of True among ``flags`` (answerable questions refused, follow-ups right, ...)."""
    return sum(1 for f in flags if f) / len(flags) if flags else None


def corrected_or_refused(refused: bool, truth_found: int) -> bool:
    """A false premise handled right: refused, or answered with at least one fact of what the thesis says."""
    return refused or truth_found > 0


def followup_right(refused: bool, answerable: bool, found: int, total: int) -> bool:
    """A follow-up turn handled right: answerable ones not refused with every key fact found;
    unanswerable ones refused."""
    if not answerable:
        return refused
    return not refused and found == total
