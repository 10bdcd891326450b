"""Does the evidence answer the question? A few rules that hold on any input (a named section is
answered, an instruction to the assistant is not), then the decision model fitted on the dev split
(``assistant.answering.tuning``); an embedder with no fitted model gets the hand-set rules below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.analysis import AnalysedQuestion
from assistant.answering.premise import Premise, check_premise, contradiction
from assistant.answering.tuning import DEFAULT, Tuning
from assistant.core.numbers import (ASKS_COUNT, CLASSIFIERS, asked_year, single_years, counted_other, value_year, quantities,
                                    shares_form)
from assistant.core.text import index_terms, stopwords, words
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
    evidence: tuple[Evidence, ...] = ()  # what the thesis states instead, to quote first (a false premise)


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
    counted = counts_another(analysis=analysis, evidence=evidence, answer_span=answer_span)
    if counted is not None:
        return Decision(True, f"a count is asked and the thesis' number counts {counted!r}")
    counted = counts_modifier(analysis=analysis, evidence=evidence, answer_span=answer_span)
    if counted is not None:
        return Decision(True, f"the thesis' number counts {counted!r}, not the {analysis.asked.head!r} asked")
    other = another_year(analysis=analysis, evidence=evidence, answer_span=answer_span)
    if other is not None:
        return Decision(True, f"the thesis gives the value for {other}, not for the {asked_year(analysis.question)} asked")
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
    question gives: a false premise, answered with what the thesis says and said to differ. A
    sentence of the passages that writes another date or count in that place, or negates the
    question's verb, is what the thesis says instead: it is quoted first."""
    checked: list[Premise] = []  # the premise, checked once, on first need

    def premise() -> Premise:
        if not checked:
            checked.append(check_premise(analysis=analysis, evidence=evidence, passages=retrieval.passages,
                                         glossary=retrieval.glossary))
        return checked[0]

    if features.get("premise_absent", 0.0) >= 1 or analysis.qtype == "why":
        found = contradiction(analysis=analysis, premise=premise(), passages=retrieval.passages)
        if found is not None:
            return Decision(False, f"the thesis states otherwise than {', '.join(found.written)} "
                            f"({found.kind}; a false premise, corrected)", decision.probability,
                            said_absent(found.written, analysis.language) if found.kind == "value" else (),
                            (found.evidence, *found.also))
    if features.get("premise_absent", 0.0) < 1:
        return decision
    if features.get("premise_matched", 0.0) < tuning.premise_refuse_below:
        absent = premise().written
        return Decision(True, f"the thesis does not state {', '.join(absent)} and says little else asked",
                        decision.probability)
    if features.get("premise_matched", 0.0) < tuning.premise_matched:
        return decision
    if features.get("best_dense", 0.0) < tuning.premise_dense:
        return decision
    absent = premise().written
    if not absent:
        return decision
    said = said_absent(absent, analysis.language)
    if len(said) < len(absent) and analysis.qtype in VALUE_ASKED:
        # a value asked for a year or count the thesis does not state ("how many visitors in 2021" over the
        # 2017 and 2018 figures): the value it states is for another one
        return Decision(True, f"the thesis does not state {', '.join(absent)}, for which the value is asked",
                        decision.probability)
    # the answer says only the names the thesis does not state: "the thesis does not name 250" is a claim
    # holding a number its quote lacks, dropped by verification with the quote of what the thesis says
    return Decision(False, f"the thesis does not state {', '.join(absent)} (a false premise, corrected)",
                    decision.probability, said)


VALUE_ASKED = frozenset({"number", "when", "who"})  # question types that ask for one value: a count, a date, a name


def counts_another(*, analysis: AnalysedQuestion, evidence: list[Evidence], answer_span: str | None) -> str | None:
    """The noun the answer's number counts when a count question ("how many teachers") gets a number
    that counts something else in its sentence ("lima belas menit", "10 persen"), else None."""
    asked = analysis.asked
    if (analysis.qtype != "number" or not answer_span or asked is None or not asked.noun or analysis.follow_up
            or not evidence or not ASKS_COUNT.search(analysis.question)):
        return None
    asked_forms = set().union(*(t.forms for t in analysis.terms)) if analysis.terms else set()
    head = next((t.forms for t in analysis.terms if t.word == asked.head), frozenset(index_terms(asked.head)))
    return counted_other(evidence[0].sentence.text, answer_span, asked_forms, head, analysis.language)


def another_year(*, analysis: AnalysedQuestion, evidence: list[Evidence], answer_span: str | None) -> str | None:
    """The year the answer's value is written with when the question asks the value of another year ("How much
    zakat was collected in 2020?" answered by "Pada tahun 2019, ... penghimpunan zakat hanya Rp 1,35 miliar"), else
    None. The span prefers a value written with the asked year (``spans.answer_span``): one written with another
    year means none of the evidence gives the asked year's value, and another year's value answers nothing."""
    if analysis.qtype != "number" or analysis.follow_up or not answer_span or not evidence:
        return None
    year = asked_year(analysis.question)
    if year is None:
        return None
    sentence = evidence[0].sentence.text
    at = sentence.find(answer_span)
    if at < 0:
        return None
    if year in {m.group(0) for m in single_years(sentence)}:
        return None
    given = value_year(sentence, at, at + len(answer_span))
    return given if given != year else None


def counts_modifier(*, analysis: AnalysedQuestion, evidence: list[Evidence], answer_span: str | None) -> str | None:
    """The noun the answer's number counts when a value is asked of a noun ("berapa gaji petugas", the wage of the
    officers) and the number counts another noun of the question instead ("upah enam petugas": six officers, no
    wage), else None. Only a number written in words: one in digits followed by a noun of the question is most
    often the value itself ("86,5 ton sampah"; with digits too, dev's answerable refused rose 50 -> 61). A count
    question is ``counts_another``'s."""
    asked = analysis.asked
    if (analysis.qtype != "number" or not answer_span or asked is None or not asked.noun or analysis.follow_up
            or not evidence or ASKS_COUNT.search(analysis.question) or any(c.isdigit() for c in answer_span)):
        return None
    sentence = evidence[0].sentence.text
    start = sentence.find(answer_span)
    spanned = words(answer_span)
    following = words(sentence[start + len(answer_span):])[:1] if start >= 0 else []
    if not spanned or not following or len(spanned) > 3:
        return None
    noun = following[0].lower()
    if noun in CLASSIFIERS or noun in stopwords():
        return None
    head = next((t.forms for t in analysis.terms if t.word == asked.head), frozenset(index_terms(asked.head)))
    counted = set(index_terms(noun))
    others = [t.forms for t in analysis.terms if t.own and t.word != asked.head]
    if shares_form(head, counted) or not any(shares_form(forms, counted) for forms in others):
        return None
    return noun


def said_absent(written: Sequence[str], language: str) -> tuple[str, ...]:
    """The particulars an answer says the thesis does not state, in front of the sentence that states
    otherwise: names, never a number or date (a claim holding a number its quoted sentence lacks fails
    verification and is dropped, quote and all; the quote of what the thesis states is answer enough)."""
    if any(any(c.isdigit() for c in w) or quantities(w, language) for w in written):
        return ()
    return tuple(written)


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
