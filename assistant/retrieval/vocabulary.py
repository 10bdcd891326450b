"""What the loaded corpus' own words are, and which dictionary translation of a question word it
really uses: the dictionary proposes ("budget" -> irit, anggaran, bujet), the corpus disposes
(only the forms it contains count), and when it contains several the embedder arbitrates (the one
closest in meaning to the question word is kept, with any within a margin of it). Built once per
loaded index; every decision is cached.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable

import numpy as np

from assistant.core.dictionary import Dictionary, english_stem
from assistant.retrieval.lexical import BM25
from assistant.core.text import stem

ARBITRATION_MARGIN = 0.03  # translations this close to the best one's cosine are kept too
COGNATE_PREFIX = 5  # letters a corpus term shares with a proposed translation or a loanword form
COGNATE_MIN = 0.86  # cosine (word vs corpus term) for a prefix-sharing corpus term to stand in
COGNATE_CANDIDATES = 12
# English -> Indonesian spelling of loanwords ("initiator" -> "inisiator", "organic" -> "organik")
_LOAN = ((re.compile(r"ti(?=[aeiou])"), "si"), (re.compile(r"c(?=[aou]|$|k)"), "k"), (re.compile(r"ph"), "f"),
         (re.compile(r"y$"), "i"), (re.compile(r"c(?=[ei])"), "s"), (re.compile(r"qu"), "kw"), (re.compile(r"x"), "ks"))

WordVectors = Callable[[list[str]], np.ndarray]  # words -> L2-normalised vectors (passage side)


class Vocabulary:
    """The corpus' terms, with dictionary-aware, embedder-arbitrated lookups of question words."""

    def __init__(self, bm25: BM25, dictionary: Dictionary, word_vectors: WordVectors | None = None) -> None:
        self.bm25 = bm25
        self.dictionary = dictionary
        self.word_vectors = word_vectors
        self._sorted = sorted(bm25.postings)
        self._lock = threading.Lock()
        self._translations: dict[tuple[str, str], tuple[str, ...]] = {}
        self._siblings: dict[str, tuple[str, ...]] = {}
        self._reverse: dict[str, tuple[str, ...]] | None = None  # English word -> corpus terms meaning it

    def knows(self, word: str) -> bool:
        """The corpus has the word, its stem, or (for longer words) a term built on it
        ("ditandatangani" in "ditandatanganinya": Sastrawi does not undo every affix stack)."""
        bm25 = self.bm25
        if word in bm25 or stem(word) in bm25:
            return True
        if " " in word or "-" in word:  # "wali kota", "Bogor-Kisarazu": every part, or the joined form
            parts = [p for p in word.replace("-", " ").split() if p]
            return "".join(parts) in bm25 or all(self.knows(p) for p in parts)
        if self.siblings(word):
            return True
        if len(word) < 5:
            return False
        root = stem(word)
        return self._has_prefix(word) or (len(root) >= 5 and self._has_prefix(root))

    def _has_prefix(self, prefix: str) -> bool:
        start = bisect.bisect_left(self._sorted, prefix)
        return start < len(self._sorted) and self._sorted[start].startswith(prefix)

    def siblings(self, word: str) -> tuple[str, ...]:
        """Corpus terms with the word's English stem ("farmer" finds "farmers", "studies" "study")."""
        cached = self._siblings.get(word)
        if cached is not None:
            return cached
        target = english_stem(word)
        prefix = target[:-1] if target.endswith("i") else target
        found: list[str] = []
        if len(prefix) >= 3:
            start = bisect.bisect_left(self._sorted, prefix)
            for term in self._sorted[start : start + 60]:
                if not term.startswith(prefix):
                    break
                if term != word and english_stem(term) == target:
                    found.append(term)
        self._siblings[word] = out = tuple(found)
        return out

    def translations(self, word: str, language: str) -> tuple[str, ...]:
        """The dictionary translations of a question word that this corpus uses, arbitrated by the
        embedder when it uses more than one. Multi-word translations are returned whole."""
        key = (word, language)
        cached = self._translations.get(key)
        if cached is not None:
            return cached
        proposed = self.dictionary.to_indonesian(word) if language == "en" else self.dictionary.to_english(word)
        present = [t for t in proposed if self.knows(t)]
        if language == "en":  # corpus terms whose own translations include the word ("bidang" -> field)
            present += [t for t in self._corpus_meaning(word) if t not in present]
        if not present and language == "en" and not self.knows(word) and self.word_vectors is not None:
            present = self._cognate(word, proposed)
        if len(present) > 1 and self.word_vectors is not None:
            vectors = self.word_vectors([word, *present])
            scores = vectors[1:] @ vectors[0]
            best = float(scores.max())
            present = [t for t, s in zip(present, scores) if s >= best - ARBITRATION_MARGIN]
        with self._lock:
            self._translations[key] = out = tuple(present)
        return out

    def _corpus_meaning(self, word: str) -> tuple[str, ...]:
        """Corpus terms the inverted dictionary translates as ``word`` (or a word of its stem)."""
        if self._reverse is None:
            reverse: dict[str, list[str]] = {}
            for term in self._sorted:
                for english in self.dictionary.to_english(term):
                    reverse.setdefault(english, []).append(term)
            self._reverse = {k: tuple(v) for k, v in reverse.items()}
        found = list(self._reverse.get(word, ()))
        for headword in self.dictionary._same_stem(word):
            found.extend(t for t in self._reverse.get(headword, ()) if t not in found)
        return tuple(found)

    def _cognate(self, word: str, proposed: tuple[str, ...]) -> list[str]:
        """A corpus term standing for an English word whose translations the corpus lacks: one that
        shares its first letters with a proposed translation ("inisialisasi" -> "inisiator") or with
        the word's loanword spelling, and that the embedder finds close to the word."""
        loan = word.replace("-", "")  # a hyphenated English compound is written solid ("agro-industry")
        for pattern, replacement in _LOAN:
            loan = pattern.sub(replacement, loan)
        prefixes = {p[:COGNATE_PREFIX] for p in (loan, *(stem(t.split()[0]) for t in proposed), *proposed)
                    if len(p) >= COGNATE_PREFIX}
        candidates: list[str] = []
        for prefix in sorted(prefixes):
            start = bisect.bisect_left(self._sorted, prefix)
            for term in self._sorted[start : start + COGNATE_CANDIDATES]:
                if not term.startswith(prefix):
                    break
                if term not in candidates and not term.isdigit():
                    candidates.append(term)
        if not candidates:
            return []
        vectors = self.word_vectors([word, *candidates[: 3 * COGNATE_CANDIDATES]])  # type: ignore[misc]
        scores = vectors[1:] @ vectors[0]
        best = int(np.argmax(scores))
        return [candidates[best]] if float(scores[best]) >= COGNATE_MIN else []

    def proposed(self, word: str, language: str) -> tuple[str, ...]:
        """Every dictionary translation of a word, whether the corpus uses it or not."""
        return self.dictionary.to_indonesian(word) if language == "en" else self.dictionary.to_english(word)
