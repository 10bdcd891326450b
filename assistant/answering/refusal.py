"""Does the evidence answer the question? A few rules that hold on any input (a named section is
answered, an instruction to the assistant is not), then the decision model fitted on the dev split
(``assistant.answering.tuning``); an embedder with no fitted model gets the hand-set rules below."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.analysis import AnalysedQuestion
from assistant.answering.premise import check_premise
from assistant.answering.tuning import DEFAULT, Tuning
from assistant.generators.base import Evidence
from assistant.retrieval.retrieve import RetrievalResult

# Hand-set on evals/questions.jsonl before any fitting: used only when no decision model is fitted.
MAX_COVERAGE_REFUSED = 0.5  # refuse when at most this share of the judged content words is in the thesis
COVERAGE_RESCUE = 0.88  # ... unless the best evidence sentence is at least this close
MIN_EVIDENCE = 0.80  # best evidence score when some words are unknown
MIN_EVIDENCE_ALWAYS = 0.77  # best evidence score in any case
# Two more hand-set values are fitted on dev for each embedder (``Tuning.en_dense_rescue``, the
# best passage's e5 similarity above which an English word the dictionary cannot bridge does not
# refuse; ``Tuning.en_min_judged``, the fewest dictionary-judged words an English question's
# coverage needs to count): see ``assistant.answering.tuning``.


@dataclass(frozen=True)
class Decision:
    """Whether to refuse, and why (for logs, notes and the evaluation)."""

    refuse: bool
    reason: str
    probability: float | None = None  # the decision model's P(answer), when one decided
    correction: tuple[str, ...] = ()  # the question's particulars the thesis does not state (a false premise)


def decide(
    *,
    analysis: AnalysedQuestion,
    retrieval: RetrievalResult,
    evidence: list[Evidence],
    features: dict[str, float],
    tuning: Tuning,
    answer_span: str | None,
) -> Decision:
    """Refuse when the thesis does not hold what the question asks for."""
    if retrieval.named_sections:
        return Decision(False, "the question names a section")
    if retrieval.captioned:
        return Decision(False, "the question names a table or figure")
    if not evidence:
        return Decision(True, "no evidence retrieved")
    if analysis.injection:
        return Decision(True, "the question asks to change the assistant's instructions")
    if tuning.decision is not None:
        p = tuning.decision.probability(features)
        if p < tuning.answer_threshold:
            return Decision(True, f"the decision model gives P(answer)={p:.2f} < {tuning.answer_threshold:.2f}", p)
        decision = Decision(False, "answered", p)
    else:
        decision = hand_rules(analysis=analysis, features=features, tuning=tuning)
    if decision.refuse or analysis.follow_up:
        return decision
    return corrected(analysis=analysis, retrieval=retrieval, evidence=evidence, features=features, tuning=tuning,
                     decision=decision)


def corrected(*, analysis: AnalysedQuestion, retrieval: RetrievalResult, evidence: list[Evidence],
              features: dict[str, float], tuning: Tuning, decision: Decision) -> Decision:
    """An answer whose evidence matches the question except for a name, number or date the
    question gives: a false premise, answered with what the thesis says and said to differ."""
    if features.get("premise_absent", 0.0) < 1:
        return decision
    if features.get("premise_matched", 0.0) < tuning.premise_refuse_below:
        absent = check_premise(analysis=analysis, evidence=evidence, passages=retrieval.passages).written
        return Decision(True, f"the thesis does not state {', '.join(absent)} and says little else asked",
                        decision.probability)
    if features.get("premise_matched", 0.0) < tuning.premise_matched:
        return decision
    if features.get("best_dense", 0.0) < tuning.premise_dense:
        return decision
    absent = check_premise(analysis=analysis, evidence=evidence, passages=retrieval.passages).written
    if not absent:
        return decision
    return Decision(False, f"the thesis does not state {', '.join(absent)} (a false premise, corrected)",
                    decision.probability, absent)


def hand_rules(*, analysis: AnalysedQuestion, features: dict[str, float], tuning: Tuning = DEFAULT) -> Decision:
    """The decision as it was hand-set on the seed chapter, from the same features (the fallback
    for an embedder with no fitted model, and one input of the fitted model); its two English
    thresholds come from the tuning."""
    unknown_words, best = analysis.unknown_words, features.get("hand_best", 0.0)
    english = analysis.language == "en"
    dense_strong = english and features.get("passage_dense", 0.0) >= tuning.en_dense_rescue
    judged = sum(1 for t in analysis.terms if t.own and t.judged and t.known is not None)
    if features.get("head_absent") and not dense_strong:
        return Decision(True, f"the thesis never mentions {analysis.asked.head if analysis.asked else ''!r}")
    if features.get("modifier_mismatch"):
        return Decision(True, "the thesis never speaks of the name asked with that noun")
    if analysis.coverage <= MAX_COVERAGE_REFUSED and best < COVERAGE_RESCUE and not (english and judged < tuning.en_min_judged):
        return Decision(True, f"the thesis does not use {', '.join(unknown_words[:3])}")
    if unknown_words and best < MIN_EVIDENCE:
        return Decision(True, f"weak evidence ({best:.2f}) and unknown words ({', '.join(unknown_words[:3])})")
    if best < MIN_EVIDENCE_ALWAYS:
        return Decision(True, f"weak evidence ({best:.2f})")
    if analysis.qtype == "when" and not features.get("date_found"):
        return Decision(True, "a date is asked for and the evidence holds none")
    if analysis.qtype == "number" and features.get("span_missing"):
        return Decision(True, "a number is asked for and the evidence holds none that counts it")
    return Decision(False, "answered")
