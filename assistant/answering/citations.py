"""Citations are verified, not trusted.

- ``split_claims`` reads markers after a claim ("... 2016 [6.1].") and before it ("[6.1] ... 2016."),
  the answer's own habit deciding which one a marker between two sentences belongs to; markers with
  no text are no claim.
- ``verify`` checks every claim against the sentences of the section it cites (``assistant.answering.support``:
  numbers, dates and names must be in the sentence, content words must overlap through the
  dictionary, and the embedder must find them close, with thresholds fitted per embedder). Given the
  question, a bare answer must be what the sentence gives for the question's words, and an echo of the
  question is no claim; names may stand in the sentences shown before the cited one in its section.
  Unsupported claims are re-cited to the section that does support them, or removed. Each
  surviving citation carries the exact thesis sentence as its quote.
- ``is_refusal``: the model saying that the thesis does not say, in either language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.generators.base import Passage
from assistant.core.markers import MARKER, cited_ids, marker
from assistant.core.sentences import split_lines
from assistant.answering.support import features, supported
from assistant.core.text import content_words, stem, words
from assistant.core.types import Citation, Sentence

_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")

# "The thesis does not say ..." / "Tesis ini tidak membahas ...", as the prompts ask, and close variants.
_REFUSAL = re.compile(
    r"^\W*(?:(?:the\s+|this\s+)?(?:thesis|passages?|sentences?|text|source)\s+(?:does|do|did)\s*(?:not|n't)\s+"
    r"(?:say|mention|state|discuss|specify|provide|contain|answer|include|explain|give)"
    r"|there\s+is\s+no\s+(?:information|mention)|no\s+information\s+(?:is|was)\s+(?:given|provided)"
    r"|(?:tesis|kutipan|kalimat|teks|sumber)(?:\s+ini|\s+tersebut)?\s+tidak\s+"
    r"(?:membahas|menyebutkan|menjelaskan|memuat|menyatakan|mengatakan|memberikan|menjawab|berisi)"
    r"|tidak\s+ada\s+(?:informasi|keterangan)|(?:hal\s+(?:ini|tersebut)\s+)?tidak\s+(?:dibahas|disebutkan))",
    re.I,
)


@dataclass(frozen=True)
class Claim:
    """A sentence of an answer and the sections it cites."""

    text: str  # without markers
    sections: tuple[str, ...]


def split_claims(text: str) -> list[Claim]:
    """Answer sentences with the sections they cite; markers only are no claim.

    A marker may close its sentence ("... 2016 [6.1].") or open it ("[6.1] ... 2016."). An answer
    whose first sentence opens with a marker writes them before; then a marker standing between
    two sentences, or alone on its line, belongs to the sentence after it. Otherwise it belongs to
    the sentence before it, unless that one already has its own.
    """
    parts = []  # (leading ids, text, other ids)
    for part in split_lines(text.strip()):
        part = part.strip()
        if not part:
            continue
        lead = re.match(rf"^(?:\s*{MARKER.pattern}[\s.,;:]*)+", part)
        head = lead.group(0) if lead else ""
        rest = part[len(head):]
        leading = cited_ids(head)
        parts.append((leading, _clean_claim(MARKER.sub("", rest)), cited_ids(rest)))
    first_text = next((p for p in parts if p[1]), None)
    opens = bool(re.match(rf"\s*{MARKER.pattern}", text))  # the answer starts with a marker
    before = first_text is not None and opens and not first_text[2]
    claims: list[Claim] = []
    pending: tuple[str, ...] = ()  # markers waiting for the next sentence
    for leading, bare, trailing in parts:
        if not bare:  # markers only
            if before or not claims:
                pending += leading + trailing
            else:
                claims[-1] = Claim(claims[-1].text, _merge(claims[-1].sections, leading + trailing))
            continue
        if leading and not before and claims and not claims[-1].sections:
            claims[-1] = Claim(claims[-1].text, leading)  # "... 2016. [6.1] Next ..." closes the one before
            leading = ()
        claims.append(Claim(bare, _merge(pending, leading + trailing)))
        pending = ()
    if pending and claims:
        claims[-1] = Claim(claims[-1].text, _merge(claims[-1].sections, pending))
    return claims


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + second))


def _clean_claim(text: str) -> str:
    text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    if not re.search(r"\w", text) or re.fullmatch(r"[-*•]?\s*\(?\w{1,2}[.)]", text):
        return ""  # punctuation, or a list's "1." / "b)" on its own: formatting, no claim
    return text


def is_refusal(text: str) -> bool:
    """The answer says the thesis does not say (either language), before saying anything else."""
    claims = split_claims(text)
    return bool(claims) and bool(_REFUSAL.match(claims[0].text))


@dataclass(frozen=True)
class Verified:
    """The outcome of verification."""

    text: str
    citations: tuple[Citation, ...]
    removed: tuple[str, ...]  # claims dropped as unsupported
    recited: int  # claims moved to the section that supports them


Similarity = Callable[[str, list[str]], list[float]]  # (claim, sentences) -> cosine per sentence
Located = tuple[Passage, Sentence]


def verify(
    answer: str,
    passages: list[Passage],
    language: str,
    similarity: Similarity | None = None,
    embedder: str = "e5",
    question: str | None = None,
) -> Verified:
    """Check every claim against the sentences of its cited sections; keep, re-cite or drop it; quote
    the source sentence. ``embedder`` names whose fitted thresholds apply to ``similarity``;
    ``question`` (what was asked) lets a bare answer be checked against what the sentence answers."""
    by_section = sentences_by_section(passages)
    kept_parts: list[str] = []
    seen: set[str] = set()
    citations: list[Citation] = []
    removed: list[str] = []
    recited = 0

    def support_of(claim: Claim) -> tuple[Located | None, bool]:
        """The sentence supporting a claim, and whether it is another section's than the cited ones."""
        found = supporting(claim.text, claim.sections, by_section, similarity, embedder, question)
        if found is not None:
            return found, False
        others = tuple(s for s in by_section if s not in claim.sections)
        return (supporting(claim.text, others, by_section, similarity, embedder, question) if others else None), True

    claims = split_claims(answer)
    i = 0
    while i < len(claims):
        claim = claims[i]
        i += 1
        said = claim.text.casefold().rstrip(" .")
        if said in seen or len(said) > 20 and any(said in earlier for earlier in seen):
            continue  # a looping model says it again (or starts to): once is enough
        if not claim.sections and _is_connective(claim.text):
            kept_parts.append(claim.text)
            continue
        question_like = bool(_REFUSAL.match(claim.text) or claim.text.rstrip().endswith("?"))
        support, moved = (None, False) if question_like else support_of(claim)
        if support is None:
            # a quotation the answer's splitter cut (its head has no marker): the quotation whole, when that holds
            whole = _quotation_from(claims, i - 1)
            if whole is not None and not _REFUSAL.match(whole[0].text):
                support, moved = support_of(whole[0])
                if support is not None:
                    claim, i = whole[0], whole[1]
                    said = claim.text.casefold().rstrip(" .")
        if support is None:
            removed.append(claim.text)  # unsupported; "the thesis does not say ..." or a question: no claim about the thesis
            continue
        recited += moved
        seen.add(said)
        passage, sentence = support
        section = passage.chunk.section_id
        kept_parts.append(f"{claim.text} {marker(section)}")
        citation = Citation(section, passage.chunk.chunk_id, sentence.text, sentence.start, sentence.end)
        if citation not in citations:
            citations.append(citation)
    return Verified(" ".join(kept_parts).strip(), tuple(citations), tuple(removed), recited)


def _quotation_from(claims: list[Claim], i: int) -> tuple[Claim, int] | None:
    """The quotation claim ``i`` opens, whole, and the index after its last claim; None when claim ``i`` cites
    nothing of its own or opens no quotation (“) it leaves open, or the quotation is never closed. The answer's
    sentence splitter cuts a quoted thesis sentence where it reads a sentence end inside the marks (a list's
    "... 0,004. 2. Budaya ...", "... 25)] (2.4) dengan ..."), leaving a head without its marker that no
    sentence supports on its own: the quotation whole cites what its pieces cite."""
    claim = claims[i]
    if claim.sections:
        return None
    depth = claim.text.count("“") - claim.text.count("”")
    end = i
    while depth > 0 and end + 1 < len(claims):
        end += 1
        depth += claims[end].text.count("“") - claims[end].text.count("”")
    if end == i or depth > 0:
        return None
    joined = claims[i:end + 1]
    sections: tuple[str, ...] = ()
    for part in joined:
        sections = _merge(sections, part.sections)
    return Claim(" ".join(part.text for part in joined), sections), end + 1


def sentences_by_section(passages: list[Passage]) -> dict[str, list[Located]]:
    """Every sentence of the passages, by the section of its passage (passage order)."""
    by_section: dict[str, list[Located]] = {}
    for passage in passages:
        for sentence in passage.chunk.sentences:
            by_section.setdefault(passage.chunk.section_id, []).append((passage, sentence))
    return by_section


def supporting(
    claim: str,
    sections: tuple[str, ...],
    by_section: dict[str, list[Located]],
    similarity: Similarity | None,
    embedder: str = "e5",
    question: str | None = None,
) -> Located | None:
    """The sentence of ``sections`` that supports ``claim`` best, or None (``assistant.answering.support`` decides)."""
    candidates = list(dict.fromkeys(c for s in sections for c in by_section.get(s, [])))
    if not candidates:
        return None
    ids = frozenset(by_section)  # "Bagian 6.2 ..." names a section, it claims no number
    titles = frozenset(w for located in by_section.values() for p, _ in located[:1]
                       for w in words(p.chunk.section_title))
    vocabulary = _vocabulary(tuple(p.chunk.chunk_id for located in by_section.values() for p, _ in located), by_section)
    shown = tuple(dict.fromkeys(s.text for located in by_section.values() for _, s in located))
    measured = [(c, features(claim, c[1].text, ids, titles, vocabulary, question, _context(c, by_section), shown))
                for c in candidates]
    plausible = [(c, f) for c, f in measured if f.numbers_ok and f.names_ok and f.polarity_ok and f.words_known
                 and f.answers and f.attached]
    if not plausible:
        return None
    quoting = [(c, f) for c, f in plausible if f.quotes]
    if len(quoting) == 1:  # a claim that quotes one sentence is that sentence's: no embedding needed
        located, feats = quoting[0]
        return located if supported(feats, None, embedder) else None
    plausible = quoting or plausible
    scores: list[float | None] = [None] * len(plausible)
    if similarity is not None:
        scores = list(similarity(claim, [c[1].text for c, _ in plausible]))
    best: tuple[tuple[bool, float], Located] | None = None
    for (located, feats), score in zip(plausible, scores):
        if not supported(feats, score, embedder):
            continue
        rank = (feats.quotes, score if score is not None else feats.overlap)
        if best is None or rank > best[0]:
            best = (rank, located)
    return best[1] if best else None


CONTEXT_SENTENCES = 6  # how far back a sentence's context (for names) reaches


def _context(located: Located, by_section: dict[str, list[Located]]) -> str:
    """The sentences shown before ``located`` in its section (its passage's, then the passages before it
    in the same section), at most ``CONTEXT_SENTENCES``: where a sentence's "kedua kota" was named."""
    passage, sentence = located
    shown = by_section.get(passage.chunk.section_id, [])
    index = next((i for i, (p, s) in enumerate(shown) if p is passage and s == sentence), 0)
    return " ".join(s.text for _, s in shown[max(0, index - CONTEXT_SENTENCES) : index])


_VOCABULARY: dict[tuple[str, ...], frozenset[str]] = {}


def _vocabulary(key: tuple[str, ...], by_section: dict[str, list[Located]]) -> frozenset[str]:
    """Words and stems of all the passages (kept for the last answer's passages)."""
    if key not in _VOCABULARY:
        _VOCABULARY.clear()
        texts = {p.chunk.chunk_id: p.chunk.text for located in by_section.values() for p, _ in located}
        tokens = {w for text in texts.values() for w in words(text)}
        _VOCABULARY[key] = frozenset(tokens | {stem(w) for w in tokens})
    return _VOCABULARY[key]


def _is_connective(text: str) -> bool:
    """Short framing with no claim of its own ("Menurut tesis ini:", "In short:")."""
    if _NUMBERS.search(text):
        return False
    return text.rstrip().endswith(":") or (len(content_words(text)) <= 2 and len(text.split()) <= 5)
