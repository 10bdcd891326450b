"""A bilingual lexicon each thesis teaches about itself: most theses carry their abstract twice, in
Indonesian and in English, sentence for sentence. The two are aligned by the embedder, and within an
aligned pair an English word the dictionary leaves unexplained is paired with the Indonesian word of the
other sentence that no other English word explains ("underweight" ... "gizi kurang": the dictionary
explains "status gizi" by "nutritional status" and "balita" by nothing, so the leftovers pair up); the
embedder arbitrates between the leftovers and keeps a pair only when it finds the two words close.

A list after a colon that both sentences give with as many items ("Keywords: a, b, c" / "Kata kunci:
x, y, z") is paired item by item. Built once per loaded index from its chunks (front-matter sentences
carry the parser's language tag); a document without both abstracts teaches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.core.dictionary import Dictionary, english_lemmas, english_stem
from assistant.core.text import content_words, stem, words
from assistant.core.types import Chunk
from assistant.retrieval.vocabulary import COGNATE_PREFIX, loan_spelling

ALIGN_MIN = 0.80  # cosine of an English and an Indonesian abstract sentence to count as one another's translation
# hub-corrected score (see ``learn``) of an English word and an Indonesian leftover of its aligned sentence
# for the pair to be kept. Dev English hit@1 (evals/fit_vocabulary.py --language en, 2026-12-01): 0.678 with no
# lexicon, 0.692 at -0.06 and -0.045, 0.689 at -0.03, 0.681 at 0.01 (-0.045 keeps fewer wrong pairs). Keeping a
# link only when no other English word links to the same Indonesian word better did not help (0.689-0.692).
LEXICON_MIN = -0.045
LEXICON_MARGIN = 0.0  # links this close to the best one's score are kept too
HUB_NEIGHBOURS = 5
LIST_ITEMS_MIN = 2  # items a colon list must have on both sides to be paired item by item
ITEM_WORDS_MAX = 3  # words of a list item kept whole as a phrase translation
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")

Texts = Callable[[list[str]], Sequence[np.ndarray]]  # texts -> L2-normalised passage vectors


@dataclass(frozen=True)
class Pair:
    """An English text and the Indonesian text that translates it (two sentences, or two list items)."""

    english: str
    indonesian: str


def abstract_sides(chunks: Sequence[Chunk]) -> list[tuple[list[str], list[str]]]:
    """Per document, the sentences of its English abstract and of its Indonesian one: a section whose
    sentences are mostly tagged English, and the neighbouring section (before or after it) whose sentences
    are mostly Indonesian and whose count is closest to its own."""
    by_document: dict[str, dict[str, list]] = {}
    for chunk in chunks:
        sections = by_document.setdefault(chunk.doc_id, {})
        sections.setdefault(chunk.section_id, []).extend(chunk.sentences)
    out: list[tuple[list[str], list[str]]] = []
    for sections in by_document.values():
        order = list(sections)
        for i, section in enumerate(order):
            sentences = sections[section]
            if sum(s.language == "en" for s in sentences) * 2 <= len(sentences):
                continue
            neighbours = [sections[order[j]] for j in (i - 1, i + 1) if 0 <= j < len(order)]
            neighbours = [n for n in neighbours if sum(s.language == "id" for s in n) * 2 > len(n)]
            if not neighbours:
                continue
            other = min(neighbours, key=lambda n: abs(len(n) - len(sentences)))
            out.append(([s.text for s in sentences], [s.text for s in other]))
    return out


def align(english: list[str], indonesian: list[str], vectors: Texts) -> list[Pair]:
    """The monotone alignment of two abstracts' sentences with the greatest summed cosine, pairs below
    ``ALIGN_MIN`` left out (a sentence one side splits in two keeps its best half)."""
    if not english or not indonesian:
        return []
    found = vectors(english + indonesian)
    e = np.asarray(found[: len(english)])
    i = np.asarray(found[len(english) :])
    cosine = e @ i.T
    n, m = cosine.shape
    best = np.zeros((n + 1, m + 1))
    for a in range(1, n + 1):
        for b in range(1, m + 1):
            matched = best[a - 1, b - 1] + cosine[a - 1, b - 1] if cosine[a - 1, b - 1] >= ALIGN_MIN else -1.0
            best[a, b] = max(matched, best[a - 1, b], best[a, b - 1])
    pairs: list[Pair] = []
    a, b = n, m
    while a > 0 and b > 0:
        if cosine[a - 1, b - 1] >= ALIGN_MIN and best[a, b] == best[a - 1, b - 1] + cosine[a - 1, b - 1]:
            pairs.append(Pair(english[a - 1], indonesian[b - 1]))
            a, b = a - 1, b - 1
        elif best[a, b] == best[a - 1, b]:
            a -= 1
        else:
            b -= 1
    return pairs[::-1]


def split_lists(pair: Pair) -> list[Pair]:
    """A pair whose two sentences each end in a list after a colon with as many items, item by item (the
    words before the colon a pair of their own); any other pair as it is."""
    if ":" not in pair.english or ":" not in pair.indonesian:
        return [pair]
    e_head, e_list = pair.english.split(":", 1)
    i_head, i_list = pair.indonesian.split(":", 1)
    e_items = [x for x in _LIST_SPLIT.split(e_list.strip().rstrip(".")) if x]
    i_items = [x for x in _LIST_SPLIT.split(i_list.strip().rstrip(".")) if x]
    if len(e_items) < LIST_ITEMS_MIN or len(e_items) != len(i_items):
        return [pair]
    return [Pair(e_head, i_head), *(Pair(e, i) for e, i in zip(e_items, i_items))]


def _alphabetic(text: str) -> list[str]:
    return [w for w in dict.fromkeys(content_words(text)) if w.replace("-", "").isalpha() and len(w) >= 3]


class Leftovers:
    """What the dictionary explains of an aligned pair, and what is left on each side."""

    def __init__(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self._translated: dict[str, frozenset[str]] = {}
        self._meanings: dict[str, frozenset[str]] = {}

    def translated(self, word: str) -> frozenset[str]:
        """Indonesian words and stems of an English word's dictionary translations."""
        found = self._translated.get(word)
        if found is None:
            parts = {p for t in self.dictionary.to_indonesian(word) for p in t.split()}
            found = self._translated[word] = frozenset(parts | {stem(p) for p in parts})
        return found

    def meanings(self, word: str) -> frozenset[str]:
        """English stems of an Indonesian word's (or its stem's) dictionary meanings."""
        found = self._meanings.get(word)
        if found is None:
            english = self.dictionary.to_english(word) or self.dictionary.to_english(stem(word))
            found = self._meanings[word] = frozenset(english_stem(p) for m in english for p in m.split())
        return found

    def split(self, pair: Pair) -> tuple[list[str], list[str]]:
        """(English words nothing on the Indonesian side explains, Indonesian words nothing on the English
        side explains): explained are words written alike on both sides (names, numbers, shared loans),
        dictionary translations either way, and loanwords spelt as an English word's loan spelling."""
        english = _alphabetic(pair.english)
        indonesian = _alphabetic(pair.indonesian)
        every_english = [w for w in dict.fromkeys(words(pair.english)) if w.isalpha()]  # "may" explains "mei"
        e_set, i_set = set(every_english), set(indonesian)
        i_forms = i_set | {stem(w) for w in indonesian}
        e_stems = ({english_stem(w) for w in every_english}
                   | {english_stem(m) for w in every_english for m in english_lemmas(w)})
        loans = {w: loan_spelling(w)[:COGNATE_PREFIX] for w in english if len(w) >= COGNATE_PREFIX}
        left_e = [w for w in english if w not in i_set and not (self.translated(w) & i_forms)
                  and not any(i.startswith(loans[w]) for i in indonesian if w in loans)]
        explained_i: set[str] = set()
        for w in every_english:
            explained_i |= self.translated(w)
        left_i = [w for w in indonesian if w not in e_set and w not in explained_i and stem(w) not in explained_i
                  and not (self.meanings(w) & e_stems) and not any(w.startswith(p) for p in loans.values())]
        return left_e, left_i


def learn(chunks: Sequence[Chunk], dictionary: Dictionary, vectors: Texts, corpus_has: Callable[[str], bool],
          wanted: Callable[[str], bool] = lambda word: True) -> dict[str, tuple[str, ...]]:
    """English stem -> the Indonesian corpus words (or list-item phrases) the thesis' own abstracts pair
    the English words ``wanted`` with (those the dictionary does not translate into a corpus term).

    Word cosines of e5 are high for any two words (0.82-0.94), and some words are near every other
    ("hubs"), so a pair is scored as 2 cos(e, i) - r(e) - r(i), r being a word's mean cosine with its
    ``HUB_NEIGHBOURS`` nearest words of the other side (CSLS); within each aligned pair the leftovers are
    linked one to one, best score first; an English word keeps its best link if it scores at least
    ``LEXICON_MIN``."""
    leftovers = Leftovers(dictionary)
    linked: list[tuple[list[str], list[str]]] = []
    for english, indonesian in abstract_sides(chunks):
        for sentence_pair in align(english, indonesian, vectors):
            for pair in split_lists(sentence_pair):
                left_e, left_i = leftovers.split(pair)
                left_e = [w for w in left_e if wanted(w)]
                # a word with the clitic -nya stands for its base when the corpus has that ("pengunjungnya")
                left_i = list(dict.fromkeys(w[:-3] if w.endswith("nya") and corpus_has(w[:-3]) else w
                                            for w in left_i if corpus_has(w)))
                if pair is not sentence_pair and len(_alphabetic(pair.english)) == 1:
                    items = [w for w in pair.indonesian.lower().split() if w.isalpha()]
                    if 1 < len(items) <= ITEM_WORDS_MAX and all(corpus_has(w) for w in items):
                        left_i.append(" ".join(items))  # "underweight" / "gizi kurang": the item whole
                if left_e and left_i:
                    linked.append((left_e, left_i))
    if not linked:
        return {}
    english_words = sorted({w for e, _ in linked for w in e})
    indonesian_words = sorted({w for _, i in linked for w in i})
    found = vectors(english_words + indonesian_words)
    cosine = np.asarray(found[: len(english_words)]) @ np.asarray(found[len(english_words) :]).T
    k_e = min(HUB_NEIGHBOURS, cosine.shape[1])
    k_i = min(HUB_NEIGHBOURS, cosine.shape[0])
    hub_e = np.sort(cosine, axis=1)[:, -k_e:].mean(axis=1)
    hub_i = np.sort(cosine, axis=0)[-k_i:, :].mean(axis=0)
    row = {w: n for n, w in enumerate(english_words)}
    column = {w: n for n, w in enumerate(indonesian_words)}
    best: dict[str, dict[str, float]] = {}  # English stem -> Indonesian word -> its best linked score
    for left_e, left_i in linked:
        scored = sorted(((2 * cosine[row[e], column[i]] - hub_e[row[e]] - hub_i[column[i]], e, i)
                         for e in left_e for i in left_i), reverse=True)
        used_e: set[str] = set()
        used_i: set[str] = set()
        for score, e, i in scored:
            if e in used_e or i in used_i:
                continue
            used_e.add(e)
            used_i.add(i)
            by_word = best.setdefault(english_stem(e), {})
            by_word[i] = max(float(score), by_word.get(i, -1.0))
    lexicon: dict[str, tuple[str, ...]] = {}
    for key, by_word in best.items():
        top = max(by_word.values())
        if top >= LEXICON_MIN:
            lexicon[key] = tuple(i for i, s in sorted(by_word.items(), key=lambda item: (-item[1], item[0]))
                                 if s >= top - LEXICON_MARGIN)
    return lexicon
