"""Citations are verified, not trusted.

- ``MarkerStream`` turns a stream of generated text into a stream of safe text: a half-written
  marker ("[6.") is held back until it closes, markers naming sections that were not retrieved are
  dropped, and the output is the same however the input stream was split.
- ``verify`` checks every cited claim against the passages of the section it cites: numbers and
  dates must be there, and the claim must overlap the source (words, or e5 similarity for English
  claims over Indonesian text). Unsupported claims are re-cited to the section that does support
  them, or removed. Each surviving citation carries the exact thesis sentence as its quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from assistant.generators.base import Passage
from assistant.sentences import ends_with_abbreviation
from assistant.structure import NAMED_SECTION_IDS
from assistant.text import content_words, index_terms, query_terms
from assistant.types import Citation, Sentence

# "[6.1]", "[6.1, 6.2]", "[Bagian 6.1]", "[section 6.2]", "[Sumber: 6.1]", "[Daftar Pustaka]"
_ID = r"(?:\d+(?:\.\d+)*|" + "|".join(re.escape(n) for n in sorted(NAMED_SECTION_IDS, key=len, reverse=True)) + ")"
MARKER = re.compile(rf"\[\s*(?:[A-Za-z]+\s*:?\s*)?({_ID}(?:\s*[,;]\s*(?:[A-Za-z]+\s*)?{_ID})*)\s*\]")
_ONE_ID = re.compile(rf"(?:[A-Za-z]+\s*:?\s*)?({_ID})")
_MARKER_PREFIX = re.compile(r"\[\s*(?:[A-Za-z]{0,12}\s*:?\s*)?[\d\s.,;A-Za-z]*$")
_MAX_MARKER = 40
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")

# Measured on evals/ (see docs/tuning.md): claims at or above these are supported by a sentence.
LEXICAL_SUPPORT = 0.5  # share of the claim's content terms found in the source sentence
DENSE_SUPPORT = 0.86  # e5 cosine between claim and source sentence (cross-lingual claims)


def normalise_markers(text: str, allowed: set[str]) -> str:
    """A complete text as the stream would show it: markers "[a] [b]", only allowed ids."""
    return "".join(stream_markers([text], allowed))


class MarkerStream:
    """Feed generated text piece by piece; get back text whose markers are complete and allowed."""

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed
        self._buffer = ""

    def feed(self, piece: str) -> str:
        """Text that is safe to show now (may be empty)."""
        self._buffer += piece
        hold = self._hold_from(self._buffer)
        ready, self._buffer = self._buffer[:hold], self._buffer[hold:]
        return self._clean(ready)

    def close(self) -> str:
        """The rest, at the end of the stream (an unclosed "[6." is dropped)."""
        rest, self._buffer = self._buffer, ""
        hold = self._hold_from(rest)
        return self._clean(rest[:hold])

    def _hold_from(self, text: str) -> int:
        start = text.rfind("[")
        if start == -1 or "]" in text[start:]:
            return len(text)
        tail = text[start:]
        if len(tail) <= _MAX_MARKER and _MARKER_PREFIX.match(tail):
            return start
        return len(text)

    def _clean(self, text: str) -> str:
        def repl(match: re.Match[str]) -> str:
            ids = _ids(match.group(1))
            kept = [i for i in dict.fromkeys(ids) if i in self.allowed]
            return " ".join(f"[{i}]" for i in kept)

        return MARKER.sub(repl, text)


def stream_markers(pieces: Iterable[str], allowed: set[str]) -> Iterator[str]:
    """``MarkerStream`` over an iterable."""
    stream = MarkerStream(allowed)
    for piece in pieces:
        out = stream.feed(piece)
        if out:
            yield out
    rest = stream.close()
    if rest:
        yield rest


@dataclass(frozen=True)
class Claim:
    """A sentence of an answer and the sections it cites."""

    text: str  # without markers
    sections: tuple[str, ...]


def split_claims(text: str) -> list[Claim]:
    """Answer sentences with their markers; markers count for the sentence they close."""
    claims: list[Claim] = []
    for part in _claim_parts(text.strip()):
        part = part.strip()
        if not part:
            continue
        sections = tuple(dict.fromkeys(m2 for m in MARKER.finditer(part) for m2 in _ids(m.group(1))))
        bare = MARKER.sub("", part).strip()
        if not bare and claims and sections:  # a marker on its own line belongs to the claim before
            claims[-1] = Claim(claims[-1].text, tuple(dict.fromkeys(claims[-1].sections + sections)))
            continue
        claims.append(Claim(re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", bare)), sections))
    return claims


_CLAIM_BOUNDARY = re.compile(r"(?<=[.!?…”\]])\s+(?=[\"“(\[]?[A-Z0-9])|\n+")


def _claim_parts(text: str) -> list[str]:
    """Split an answer into sentences, not after "Prof." or an initial ("M. (1999)")."""
    parts, start = [], 0
    for match in _CLAIM_BOUNDARY.finditer(text):
        before = text[start : match.start()]
        if "\n" not in match.group(0) and before.endswith(".") and ends_with_abbreviation(before[:-1]):
            continue
        parts.append(before)
        start = match.end()
    parts.append(text[start:])
    return parts


def _ids(group: str) -> list[str]:
    """Section ids of a marker's inside, without "Bagian"/"section" prefixes."""
    out = []
    for part in re.split(r"[,;]", group):
        match = _ONE_ID.fullmatch(part.strip())
        out.append(match.group(1) if match else part.strip())
    return out


@dataclass(frozen=True)
class Verified:
    """The outcome of verification."""

    text: str
    citations: tuple[Citation, ...]
    removed: tuple[str, ...]  # claims dropped as unsupported
    recited: int  # claims moved to the section that supports them


Similarity = Callable[[str, list[str]], list[float]]  # (claim, sentences) -> cosine per sentence


def verify(
    answer: str,
    passages: list[Passage],
    language: str,
    similarity: Similarity | None = None,
) -> Verified:
    """Check every claim against its cited passages; keep, re-cite or drop it; quote the source sentence."""
    by_section: dict[str, list[tuple[Passage, Sentence]]] = {}
    for passage in passages:
        for sentence in passage.chunk.sentences:
            by_section.setdefault(passage.chunk.section_id, []).append((passage, sentence))
    kept_parts: list[str] = []
    citations: list[Citation] = []
    removed: list[str] = []
    recited = 0
    for claim in split_claims(answer):
        if not claim.sections:
            if _is_connective(claim.text):
                kept_parts.append(claim.text)
            elif claim.text:
                removed.append(claim.text)
            continue
        support = _best_support(claim, claim.sections, by_section, language, similarity)
        if support is None:
            others = tuple(s for s in by_section if s not in claim.sections)
            support = _best_support(claim, others, by_section, language, similarity) if others else None
            if support is None:
                removed.append(claim.text)
                continue
            recited += 1
        passage, sentence = support
        section = passage.chunk.section_id
        kept_parts.append(f"{claim.text} [{section}]")
        citation = Citation(section, passage.chunk.chunk_id, sentence.text, sentence.start, sentence.end)
        if citation not in citations:
            citations.append(citation)
    return Verified(" ".join(kept_parts).strip(), tuple(citations), tuple(removed), recited)


def _best_support(
    claim: Claim,
    sections: tuple[str, ...],
    by_section: dict[str, list[tuple[Passage, Sentence]]],
    language: str,
    similarity: Similarity | None,
) -> tuple[Passage, Sentence] | None:
    candidates = [c for s in sections for c in by_section.get(s, [])]
    if not candidates:
        return None
    claim_numbers = set(_NUMBERS.findall(claim.text)) - set(by_section)  # "Bagian 6.2 ..." names, not claims
    claim_terms = set(query_terms(claim.text, language))
    allowed = [
        (passage, sentence)
        for passage, sentence in candidates
        if not claim_numbers or claim_numbers <= set(_NUMBERS.findall(passage.chunk.text))
    ]  # a number or date that the cited passage does not hold disqualifies it
    best: tuple[float, tuple[Passage, Sentence]] | None = None
    for passage, sentence in allowed:
        if _quotes(claim.text, sentence.text):
            score = 2.0
        else:
            sentence_terms = set(index_terms(sentence.text))
            lexical = len(claim_terms & sentence_terms) / len(claim_terms) if claim_terms else 0.0
            score = lexical if lexical >= LEXICAL_SUPPORT else 0.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, (passage, sentence))
    if best is None and similarity is not None and allowed:  # a paraphrase or a translation
        scores = similarity(claim.text, [s.text for _, s in allowed])
        top = max(range(len(allowed)), key=lambda i: scores[i])
        if scores[top] >= DENSE_SUPPORT:
            best = (scores[top], allowed[top])
    return best[1] if best else None


def _quotes(claim: str, sentence: str) -> bool:
    """The claim quotes (part of) the sentence word for word."""
    claim_words = " ".join(content_words(claim))
    return len(claim_words) > 20 and claim_words in " ".join(content_words(sentence))


def _is_connective(text: str) -> bool:
    """Short framing with no claim of its own ("Menurut tesis ini:", "In short:")."""
    if _NUMBERS.search(text):
        return False
    return text.rstrip().endswith(":") or (len(content_words(text)) <= 2 and len(text.split()) <= 5)
