"""The analysed question: built once per ask, read by every later stage (retrieve, evidence,
decide, generate). Nothing after this re-parses the question's text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.numbers import DATE, quantities
from assistant.core.language import detect_language
from assistant.answering.question import (
    Asked,
    asked,
    asks_source as _asks_source,
    contrast_words as _contrast_words,
    chapter_ref,
    cited_sections,
    follow_up_parts,
    follow_up_type,
    is_follow_up,
    ordinal_forms,
    points_back,
    previous_answer,
    previous_question,
    question_type,
    refilled_question,
    section_refs,
)
from assistant.core.markers import strip_markers
from assistant.answering.structure import strip_captions
from assistant.core.text import META_WORDS, QUESTION_WORDS, content_words, index_terms, word_forms, words
from assistant.core.types import Language, Turn
from assistant.retrieval.vocabulary import Vocabulary

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instruction|instructions|prompt|rules|above|previous|document|documents"
    r"|thesis|context|sources?)\b"
    r"|\b(abaikan|lupakan|acuhkan)\b.{0,40}\b(instruksi|perintah|aturan|sebelumnya|dokumen|tesis|skripsi|konteks"
    r"|sumber)\b"
    r"|\bsystem prompt\b|\bprompt sistem\b|\byou are now\b|\bkamu sekarang\b|\bact as\b|\bberperanlah\b",
    re.I,
)


# English plurals a dictionary lists under their singular (grammar, not vocabulary of any corpus)
IRREGULAR_PLURALS = {"men": "man", "women": "woman", "children": "child", "people": "person", "feet": "foot",
                     "teeth": "tooth", "mice": "mouse", "geese": "goose", "lives": "life", "wives": "wife",
                     "knives": "knife", "halves": "half", "leaves": "leaf", "criteria": "criterion",
                     "phenomena": "phenomenon", "analyses": "analysis", "theses": "thesis", "hypotheses": "hypothesis"}


@dataclass(frozen=True)
class Term:
    """One content word of the question and every index term it may match."""

    word: str
    forms: frozenset[str]  # the word, its stem, corpus words sharing its English stem, translations and theirs
    translations: tuple[str, ...]  # dictionary translations the corpus uses (embedder-arbitrated)
    known: bool | None  # the corpus has it in some form; None: cannot tell (no dictionary entry)
    own: bool  # in the question itself (not only in the history a follow-up leans on)
    judged: bool  # counts for coverage (not a question word, meta word or number)


@dataclass(frozen=True)
class AnalysedQuestion:
    """What a question is and asks, computed once."""

    question: str
    standalone: str  # with the previous user question in front for a follow-up
    language: Language
    qtype: str  # when | number | who | why | summary | how | yesno | which | other
    follow_up: bool
    asked: Asked | None  # the noun a factoid asks about ("Siapa *walikota* ...")
    terms: tuple[Term, ...]  # content words of the standalone question
    section_refs: tuple[str, ...]  # section numbers written in the question
    chapter: int | None  # a chapter number written in the question
    injection: bool  # the question asks to change the assistant's instructions
    numbers: tuple[float, ...] = ()  # quantities in the question itself
    has_date: bool = False  # the question itself names a date or year
    query_terms: tuple[str, ...] = field(default=())  # BM25 terms of the standalone question
    # a follow-up's previous answer: the sections it cites, and its text (markers removed) to find
    # them by when it cites none; retrieval leans towards them
    focus_sections: tuple[str, ...] = ()
    previous_answer: str = ""
    previous_question: str = ""
    previous_qtype: str = ""  # the kind of answer the previous question wanted (a follow-up's)
    # a follow-up's words its previous question did not have, with every form of each: what it newly asks
    # about ("kurang" in "Kalau yang berpengetahuan kurang?" after "... berpengetahuan baik ...?", stopword
    # or not; "2019" in "Kalau tahun 2019?")
    new_forms: frozenset[str] = frozenset()
    resolved: str = ""  # a follow-up with what it points back at put in, without its previous question in front
    # ... and its own words lack what they ask of: it gives its previous question a new value ("And in 2020?",
    # "Kalau sensor arus?") or still points back at it ("Is that rule usually applied?")
    leans: bool = False

    coverage: float = 1.0  # share of the question's judged words the corpus knows (1.0 when none is judged)
    unknown_words: tuple[str, ...] = ()  # the question's own words the corpus surely lacks
    specific_words: tuple[Term, ...] = ()  # words that say what the question is about (not how it asks)
    asks_source: bool = False  # it asks where a statement comes from: a footnote of the section answers it


def analyse(question: str, history: tuple[Turn, ...], vocabulary: Vocabulary,
            language: Language | None = None) -> AnalysedQuestion:
    """The one analysis of a question (and its history) against the loaded corpus."""
    language = language or detect_language(question)
    follow_up = bool(history) and is_follow_up(question)
    before, resolved = follow_up_parts(question, history) if follow_up else ("", question)
    standalone = f"{before} {resolved}" if before else question
    answered = previous_answer(history) if follow_up else None
    qtype = follow_up_type(question, history) if follow_up else question_type(question)
    # its own words, and the years and numbers it was given ("two years later" is 2022); not the names a
    # pronoun stands for: they find the passages, the follow-up's words say what it asks of them
    own = set(content_words(question)) | {w for w in content_words(resolved) if w.isdigit()}
    phrased = vocabulary.phrase_translations(words(standalone), language)  # "net income" -> pendapatan bersih
    terms: list[Term] = []
    seen: set[str] = set()
    for word in content_words(standalone):
        if word in seen:
            continue
        seen.add(word)
        terms.append(_term(word, language, vocabulary, word in own, phrased.get(word, ())))
    query = list(index_terms(standalone))
    for term in terms:
        query.extend(sorted(term.forms - set(query)))
    return AnalysedQuestion(
        question=question,
        standalone=standalone,
        language=language,
        qtype=qtype,
        follow_up=follow_up,
        asked=_asked(question, history if follow_up else (), qtype, language),
        terms=tuple(terms),
        section_refs=tuple(r.number for r in section_refs(strip_captions(question))),
        chapter=chapter_ref(strip_captions(question)),
        injection=bool(_INJECTION.search(question)),
        numbers=tuple(q.value for q in quantities(question, language) if not DATE.fullmatch(question[q.start:q.end])),
        has_date=bool(DATE.search(question)),
        asks_source=_asks_source(question),
        query_terms=tuple(dict.fromkeys(query)),
        focus_sections=cited_sections(history) if follow_up else (),
        previous_answer=" ".join(strip_markers(answered).split()) if answered else "",
        previous_question=(previous_question(history) or "") if follow_up else "",
        previous_qtype=question_type(previous_question(history) or "") if follow_up else "",
        new_forms=_new_forms(question, previous_question(history) or "", terms, language) if before else frozenset(),
        resolved=resolved if before else "",
        leans=bool(before) and (before != previous_question(history) or points_back(resolved)),
        **_coverage(terms, _changed_values(resolved, previous_question(history) or "") if before else ()),
    )


def _new_forms(question: str, previous: str, terms: list[Term], language: Language) -> frozenset[str]:
    """What a follow-up newly asks about, as a sentence writes it: the qualifier it gives in place of the
    previous question's (a stopword such as "kurang", taken as written) and, in an Indonesian follow-up,
    its own content words the previous question did not say, with their forms. (An English follow-up's
    words reach Indonesian sentences only through dictionary translations, which miss too often to decide
    by; values such as "2019" or "siklus II" set a context a whole paragraph may hold, not one sentence.)"""
    contrast = set(words(_contrast_words(question, previous)))
    if language != "id":
        return frozenset(contrast)
    said = set(words(previous))
    own = set(words(question))
    return frozenset(contrast | {f for t in terms if t.judged and t.own and t.word in own and t.word not in said
                                 for f in t.forms})


ASKS_A_NOUN = ("who", "number", "which")


def _asked(question: str, history: tuple[Turn, ...], qtype: str, language: Language) -> Asked | None:
    """The noun a factoid asks about. A follow-up that names none asks about the previous question's when
    it refills that question ("And the coefficient of supervisor support?" after "What is the regression
    coefficient of workload?") or asks the same kind of question ("How many didn't?" after "How many
    pupils passed ...?" counts pupils)."""
    if qtype not in ASKS_A_NOUN:
        return None
    found = asked(question, language)
    if found is not None and found.noun or not history:
        return found
    refilled = refilled_question(question, history)
    if refilled:  # "And the coefficient of supervisor support?": the previous question, refilled, is what it asks
        return asked(refilled, language) or found
    before = previous_question(history)
    if before and question_type(question) == qtype == question_type(before):
        return asked(before, language) or found
    return found  # "Kalau tahun 2020?" asks the previous question of a new value: the value decides its span


def _changed_values(resolved: str, previous: str) -> tuple[Term, ...]:
    """The numbers and years a follow-up gives that its previous question did not ("Kalau tahun 2020?",
    "two years later" read as 2022): what it newly asks about, though no word of it is judged."""
    said = set(words(previous))
    values = [w for w in dict.fromkeys(words(resolved)) if w.isdigit() and w not in said]
    return tuple(Term(w, frozenset({w}), (), True, True, False) for w in values)


def _coverage(terms: list[Term], changed: tuple[Term, ...] = ()) -> dict:
    """What the corpus knows of the question's own words (fields of the analysed question); ``changed``
    are the values a follow-up gives in place of its previous question's (specific, not judged)."""
    own = [t for t in terms if t.own and t.judged]
    judged = [t for t in own if t.known is not None]
    return {
        "coverage": sum(bool(t.known) for t in judged) / len(judged) if judged else 1.0,
        "unknown_words": tuple(t.word for t in own if t.known is False),
        "specific_words": tuple(own) + changed,
    }


def _term(word: str, language: str, vocabulary: Vocabulary, own: bool, phrased: tuple[str, ...] = ()) -> Term:
    judged = not (word in QUESTION_WORDS or word in META_WORDS or word.isdigit())
    translations = vocabulary.translations(word, language)
    if not translations and language == "en" and word in IRREGULAR_PLURALS:  # "men" is "man" in the dictionary
        translations = vocabulary.translations(IRREGULAR_PLURALS[word], language)
    translations += tuple(t for t in phrased if t not in translations)  # the word's two-word phrase's
    forms = word_forms(word, translations) | set(vocabulary.siblings(word)) | ordinal_forms(word)
    if vocabulary.knows(word) or translations:
        known: bool | None = True
    elif language == "id" or vocabulary.proposed(word, language):
        known = False  # an Indonesian word, or an English one whose every translation the corpus lacks
    else:
        known = None
    return Term(word, frozenset(forms), translations, known, own, judged)
