"""What one evaluated question produced (:class:`Outcome`), the report's keys, and why an outcome
counts as a failure: shared by the runner, which makes outcomes, and the report, which prints them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evals import metrics
from evals.dataset import QuestionRow

SUMMARY_KEYS = (
    "n",
    "retrieval_hit_at_1",
    "retrieval_hit_at_3",
    "mrr",
    "citation_precision",
    "citation_recall",
    "citation_page_accuracy",
    "key_fact_recall",
    "refusal_precision",
    "refusal_recall",
    "answerable_refused_rate",
    "false_premise_ok",
    "followup_right",
    "language_match",
    "latency_p50_ms",
    "latency_p95_ms",
)
ITEM_KEYS = (
    "id",
    "doc",
    "split",
    "kind",
    "question",
    "language",
    "answer",
    "answer_language",
    "citations",
    "retrieved_sections",
    "hit_rank",
    "key_facts_found",
    "refused",
    "latency_ms",
    "failures",
)
RETRIEVAL_KEYS = ("retrieval_hit_at_1", "retrieval_hit_at_3", "mrr")
LANGUAGES = ("id", "en")
OTHER_DOC = "#"  # joins a passage's document to its section when it is not the question's document


@dataclass(frozen=True)
class Outcome:
    """What one question produced, before it is flattened into a report item."""

    row: QuestionRow
    answer: str
    answer_language: str
    refused: bool
    citations: tuple[dict[str, str], ...]
    retrieved_sections: tuple[str, ...]
    latency_ms: float
    error: str | None = None
    generator: str = ""
    page_checks: tuple[bool, ...] = ()  # per placed citation: its page is the page its quote starts on


    @property
    def hit_rank(self) -> int | None:
        """Rank of the first retrieved passage from an expected section (of the question's document)."""
        return metrics.hit_rank(self.retrieved_sections, self.row.expected_sections)

    @property
    def cited_sections(self) -> list[str]:
        """Sections cited by the answer, in order, with repeats; another document's as ``doc#section``."""
        return [_place(c["section"], c.get("doc", ""), self.row.doc) for c in self.citations]

    @property
    def key_facts_found(self) -> list[str]:
        """Key facts present in the answer text or in a cited quote."""
        return metrics.facts_found(self.row.key_facts, [self.answer, *(c["quote"] for c in self.citations)])

    @property
    def facts_answered(self) -> int:
        """Key facts the user was given: none when the answer refused (even if its closest quote held them)."""
        return 0 if self.refused else len(self.key_facts_found)

    def item(self) -> dict[str, Any]:
        """The report item, with exactly :data:`ITEM_KEYS`."""
        return {
            "id": self.row.id,
            "doc": self.row.doc,
            "split": self.row.split,
            "kind": self.row.kind,
            "question": self.row.question,
            "language": self.row.language,
            "answer": self.answer,
            "answer_language": self.answer_language,
            "citations": [dict(c) for c in self.citations],
            "retrieved_sections": list(self.retrieved_sections),
            "hit_rank": self.hit_rank,
            "key_facts_found": self.key_facts_found,
            "refused": self.refused,
            "latency_ms": round(self.latency_ms, 1),
            "failures": failure_reasons(self),
        }


def _place(section: str, doc: str, wanted: str | None) -> str:
    """``section``, or ``doc#section`` when the passage is from another document than the question's."""
    return section if not wanted or not doc or doc == wanted else f"{doc}{OTHER_DOC}{section}"


def failure_reasons(outcome: Outcome) -> list[str]:
    """Why an outcome counts as a failure in report.md; empty when it passed everything."""
    row = outcome.row
    reasons: list[str] = []
    if outcome.error:
        reasons.append(f"raised {outcome.error}")
    if outcome.answer_language != row.language and not outcome.error:
        reasons.append(f"answered in {outcome.answer_language!r}, asked in {row.language!r}")
    if row.kind == "false_premise":
        if not metrics.corrected_or_refused(outcome.refused, len(outcome.key_facts_found)):
            facts = ", ".join(repr(f) for f in row.key_facts)
            reasons.append(f"went along with the false premise: neither refused nor said {facts}")
        return reasons
    if not row.answerable:
        if not outcome.refused:
            reasons.append(f"answered an unanswerable question ({row.kind or 'unanswerable'}) instead of refusing")
        return reasons
    if outcome.refused:
        held = outcome.key_facts_found
        reasons.append(
            "refused an answerable question" + (f" (its text holds {', '.join(map(repr, held))})" if held else "")
        )
    missing = [] if outcome.refused else [f for f in row.key_facts if f not in outcome.key_facts_found]
    if not row.expected_sections:  # a question about the whole document: no section to find or cite
        if missing:
            reasons.append(f"missing key facts: {', '.join(repr(f) for f in missing)}")
        return reasons
    rank = outcome.hit_rank
    if rank is None:
        reasons.append(f"no retrieved passage from {', '.join(row.expected_sections)}")
    elif rank > 1:
        reasons.append(f"first passage from an expected section at rank {rank}")
    cited = set(outcome.cited_sections)
    if not outcome.refused and not cited & set(row.expected_sections):
        reasons.append("cites no expected section")
    unexpected = sorted(cited - set(row.expected_sections))
    if unexpected:
        reasons.append(f"cites unexpected section(s) {', '.join(unexpected)}")
    if missing:
        reasons.append(f"missing key facts: {', '.join(repr(f) for f in missing)}")
    wrong_pages = outcome.page_checks.count(False)
    if wrong_pages:
        reasons.append(f"{wrong_pages} citation(s) give another page than the one their quote starts on")
    return reasons
