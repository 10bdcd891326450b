"""The embedded default: answers composed from the thesis' own sentences, quoted exactly, each cited.

No model writes anything here. Factoid questions get the exact span first (the date, the name,
the number), so the first words answer the question in either language; English questions get an
English frame around the quoted Indonesian evidence (no translation model is available offline).
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.generators.base import GenerationRequest, Generator


class ExtractiveGenerator(Generator):
    """Quote the selected evidence sentences with their [section] markers."""

    name = "extractive"

    def __init__(self, settings: object | None = None) -> None:
        self.settings = settings

    def describe(self) -> str:
        return "extractive (no LLM: quotes the thesis)"

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        yield compose(request)


def compose(request: GenerationRequest) -> str:
    """The whole extractive answer for a request (evidence must not be empty)."""
    evidence = list(request.evidence)
    if not evidence:
        return ""
    english = request.language == "en"
    if request.answer_span:
        first = evidence[0]
        quote = _quote(first.sentence.text, english)
        if english:
            head = f"{request.answer_span} — the thesis says (quoted in Indonesian): {quote}"
        else:
            head = f"{request.answer_span} — menurut tesis ini: {quote}"
        return f"{head} [{first.passage.chunk.section_id}]"

    parts: list[str] = []
    if request.named_sections:
        named = request.named_sections
        titles = {e.passage.chunk.section_id: e.passage.chunk.section_title for e in evidence}
        listed = ", ".join(f"{s} ({titles.get(s, '')})".replace(" ()", "") for s in named)
        if english:
            parts.append(f"Section {listed} says, in the original Indonesian:")
        else:
            parts.append(f"Bagian {listed} menyatakan:")
    elif english:
        parts.append("The thesis says (quoted in Indonesian; no translation model is available offline):")
    else:
        parts.append("Menurut tesis ini:")
    for item in evidence:
        parts.append(f"{_quote(item.sentence.text, english)} [{item.passage.chunk.section_id}]")
    return " ".join(parts)


def _quote(sentence: str, english: bool) -> str:
    return f"“{sentence}”" if english else sentence
