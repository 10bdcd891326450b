"""The embedded default: answers composed from the thesis' own sentences, quoted exactly, each cited.

No model writes anything here. Factoid questions get the exact span first (the date, the name,
the number), so the first words answer the question in either language; a quote is labelled with
its language when it differs from the question's ("quoted in Indonesian", "dikutip dalam bahasa
Inggris"): no translation model is available offline, so an English question over Indonesian
evidence gets an English frame around the Indonesian sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from assistant.core.markers import marker
from assistant.core.numbers import digits_in_english
from assistant.generators.base import Evidence, GenerationRequest, Generator

# How the frame names a quote's language, by the question's language.
IN_LANGUAGE = {"en": {"id": "in Indonesian", "en": "in English"},
               "id": {"id": "dalam bahasa Indonesia", "en": "dalam bahasa Inggris"}}


class ExtractiveGenerator(Generator):
    """Quote the selected evidence sentences with their [section] markers."""

    name = "extractive"

    def __init__(self, settings: object | None = None) -> None:
        self.settings = settings

    def describe(self) -> str:
        return "extractive (no LLM: quotes the thesis)"

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        yield compose(request)


def quote_language(item: Evidence) -> str:
    """The language an evidence sentence is written in (the parser's tag, else detected)."""
    tagged = getattr(item.sentence, "language", "")
    if tagged in ("id", "en"):
        return tagged
    from assistant.core.language import sentence_language

    return sentence_language(item.sentence.text)


def compose(request: GenerationRequest) -> str:
    """The whole extractive answer for a request (evidence must not be empty)."""
    evidence = list(request.evidence)
    if not evidence:
        return ""
    english = request.language == "en"
    languages = [quote_language(e) for e in evidence]
    foreign = sorted({lang for lang in languages if lang != request.language})
    if request.premise_absent:  # a false premise: say what the question gives that the thesis does not
        return _corrected(request, compose(replace(request, premise_absent=())))
    if request.answer_span:
        first = evidence[0]
        # The span is claimed with the sentence that writes it; when the answering sentence only
        # refers to it ("Kementerian tersebut sebagai perantara"), that sentence follows, quoted too.
        naming = next((e for e in evidence if request.answer_span in e.sentence.text), first)
        label = _label(request.language, quote_language(naming))
        quote = _quote(naming.sentence.text)
        if english:
            # an English reader reads "5.040" as five point zero four: a span read from an Indonesian sentence
            # gives its numbers the English way ("5,040"), the quote after it keeps the thesis' own
            span = digits_in_english(request.answer_span) if quote_language(naming) == "id" else request.answer_span
            head = f"{span} — the thesis says{label}: {quote}"
        else:
            head = f"{request.answer_span} — menurut tesis ini{label}: {quote}"
        head = f"{head} {marker(naming.passage.chunk.section_id)}"
        if naming is not first:
            head += f" {_quote(first.sentence.text)} {marker(first.passage.chunk.section_id)}"
        # the other chosen sentences of the span's section follow: the span is read from one sentence, which
        # need not be the one the question matched best (that one, or the items it announces, often states
        # what the span leaves out). Another section's are not quoted: measured on the dev split, the span's
        # section was the expected one twice as often as a differing best sentence's.
        section = (naming.passage.chunk.doc_id, naming.passage.chunk.section_id)
        for item in evidence:
            if (item is not naming and item is not first
                    and (item.passage.chunk.doc_id, item.passage.chunk.section_id) == section):
                head += f" {_quote(item.sentence.text)} {marker(item.passage.chunk.section_id)}"
        return head

    parts: list[str] = []
    label = _label(request.language, foreign[0]) if len(foreign) == 1 and len(set(languages)) == 1 else ""
    mixed = len(set(languages)) > 1
    if request.named_sections:
        named = request.named_sections
        titles = {e.passage.chunk.section_id: e.passage.chunk.section_title for e in evidence}
        listed = ", ".join(f"{s} ({titles.get(s, '')})".replace(" ()", "") for s in named)
        if english:
            parts.append(f"Section {listed} says{label}:")
        else:
            parts.append(f"Bagian {listed} menyatakan{label}:")
    elif english:
        parts.append(f"The thesis says{label}:")
    else:
        parts.append(f"Menurut tesis ini{label}:")
    for item, language in zip(evidence, languages):
        tag = _label(request.language, language).strip() if mixed else ""
        tag = f"{tag[1:-1]}: " if tag else ""
        parts.append(f"{tag}{_quote(item.sentence.text)} {marker(item.passage.chunk.section_id)}")
    return " ".join(parts)


def _corrected(request: GenerationRequest, answer: str) -> str:
    """``answer`` after a sentence saying the thesis does not state the question's particulars
    ("Tesis ini tidak menyebut 96; menurut tesis ini: ..."), its opening lower-cased to follow."""
    absent = ", ".join(f"“{a}”" for a in request.premise_absent)
    if request.language == "en":
        lead = f"The thesis does not name {absent};"
        opening = "The thesis says"
        answer = "it says" + answer[len(opening):] if answer.startswith(opening) else answer
    else:
        lead = f"Tesis ini tidak menyebut {absent};"
        opening = "Menurut tesis ini"
        answer = "menurut" + answer[len("Menurut"):] if answer.startswith(opening) else answer
    return f"{lead} {answer}"


def _label(question_language: str, quote_language: str) -> str:
    """" (quoted in Indonesian)" when a quote is not in the question's language, else ""."""
    if quote_language == question_language:
        return ""
    name = IN_LANGUAGE[question_language if question_language in IN_LANGUAGE else "en"][quote_language]
    return f" (quoted {name})" if question_language == "en" else f" (dikutip {name})"


# A list item's number opening a sentence ("4. Posisi strategi ...", "b. ..."): formatting, which an answer's
# sentence splitter reads as a sentence of its own ('“4.'), cutting the quote from its frame.
ITEM_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[a-z])[.)]\s+(?=\S)")
ITEM_WORDS = 4


def _quote(sentence: str) -> str:
    """The thesis sentence in quotation marks, in either language: what is quoted is the thesis' own
    words (verification reads the marks and checks the frame around them), without a list item's number when
    the item is a statement (four words or more; a heading-like item keeps it, and is verified apart from the frame)."""
    item = ITEM_NUMBER.sub("", sentence, count=1)
    return f"“{item if len(item.split()) >= ITEM_WORDS else sentence}”"
