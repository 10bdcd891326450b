"""Does the evidence answer the question? Several signals, because e5 scores alone are bunched
(an unanswerable "population of Kisarazu" scored above answerable questions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.evidence import DATE
from assistant.generators.base import Evidence

# Tuned on evals/questions.jsonl (see README "Evaluation"); change with the eval run at hand.
MAX_COVERAGE_REFUSED = 0.5  # refuse when at most this share of the judged content words is in the thesis
COVERAGE_RESCUE = 0.88  # ... unless the best evidence sentence is at least this close
MIN_EVIDENCE = 0.80  # best evidence score when some words are unknown
MIN_EVIDENCE_ALWAYS = 0.77  # best evidence score in any case

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instruction|instructions|prompt|rules|above|previous)\b"
    r"|\b(abaikan|lupakan)\b.{0,40}\b(instruksi|perintah|aturan|sebelumnya)\b"
    r"|\bsystem prompt\b|\bprompt sistem\b|\byou are now\b|\bkamu sekarang\b|\bact as\b|\bberperanlah\b",
    re.I,
)


@dataclass(frozen=True)
class Decision:
    """Whether to refuse, and why (for logs, notes and the evaluation)."""

    refuse: bool
    reason: str


def decide(
    qtype: str,
    coverage: float,
    unknown_words: tuple[str, ...],
    evidence: list[Evidence],
    answer_span: str | None,
    named_sections: tuple[str, ...],
    question: str,
    head_absent: str | None = None,
    modifier_mismatch: str | None = None,
) -> Decision:
    """Refuse when the thesis does not hold what the question asks for.

    ``head_absent``: the noun a factoid asks about ("population", "presiden") is nowhere in the thesis.
    ``modifier_mismatch``: the thesis has the noun but never for the name asked ("Walikota Kisarazu").
    """
    if named_sections:
        return Decision(False, "the question names a section")
    if not evidence:
        return Decision(True, "no evidence retrieved")
    if _INJECTION.search(question):
        return Decision(True, "the question asks to change the assistant's instructions")
    best = evidence[0].score
    if head_absent:
        return Decision(True, f"the thesis never mentions {head_absent!r}")
    if modifier_mismatch:
        return Decision(True, f"the thesis never speaks of {modifier_mismatch!r}")
    if coverage <= MAX_COVERAGE_REFUSED and best < COVERAGE_RESCUE:
        return Decision(True, f"the thesis does not use {', '.join(unknown_words[:3])}")
    if unknown_words and best < MIN_EVIDENCE:
        return Decision(True, f"weak evidence ({best:.2f}) and unknown words ({', '.join(unknown_words[:3])})")
    if best < MIN_EVIDENCE_ALWAYS:
        return Decision(True, f"weak evidence ({best:.2f})")
    if qtype == "when" and not any(DATE.search(e.sentence.text) for e in evidence):
        return Decision(True, "a date is asked for and the evidence holds none")
    if qtype == "number" and not answer_span:
        return Decision(True, "a number is asked for and the evidence holds none that counts it")
    return Decision(False, "answered")

