"""What the loaded corpus' own words are, and which dictionary translation of a question word it
really uses: the dictionary proposes ("budget" -> irit, anggaran, bujet), the corpus disposes
(only the forms it contains count), and when it contains several the embedder arbitrates (the one
closest in meaning to the question word is kept, with any within a margin of it). Built once per
loaded index; every decision is cached.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections.abc import Callable
from difflib import SequenceMatcher

import numpy as np

from assistant.core.dictionary import Dictionary, english_lemmas, english_stem, english_words, pivot_translations
from assistant.retrieval.lexical import BM25
from assistant.core.text import stem, stopwords

ARBITRATION_MARGIN = 0.03  # translations this close to the best one's cosine are kept too
# ... of an English word (its Indonesian translations the corpus has, and cognates). Word cosines favour a cognate
# and drop a sense the corpus uses ("recommend": rekomendasi kept, saran dropped): dev English hit@1 of retrieval
# (evals/fit_vocabulary.py --language en, 2026-12-01) 0.702 at 0.03, 0.710 at 0.06, 0.716 at 0.1 and at 1.0; for an
# Indonesian word (its English translations) the wider margin lost four Indonesian questions in the dev eval. Among
# cognate candidates (words spelt alike: "inisiator", "inisiasi") the embedder still decides by ARBITRATION_MARGIN:
# wider, "initiator" also took "inisiasi" and the seed's English "Who was the initiator ...?" was refused
ARBITRATION_MARGIN_EN = 0.1
COGNATE_PREFIX = 5  # letters a corpus term shares with a proposed translation or a loanword form
COGNATE_MIN = 0.86  # cosine (word vs corpus term) for a prefix-sharing corpus term to stand in
COGNATE_CANDIDATES = 12
COGNATE_KNOWN_MIN = 0.90  # the same for a word the corpus has in English or with a translation (fit_vocabulary)
COGNATE_WEIGHED = 4  # candidates per word compared by the embedder
COGNATE_SHORT = 4  # a loan form this short (prefix of all but its last letter) is the shortest looked for
RELATED_STEM = 5  # letters two English stems share, one the other's start, to count as one word family
# a term spelt this much like another English word's loan form is that word's loan; flat on dev retrieval
# (fit_vocabulary --language en, 2026-11-30: hit@1 0.650 / 0.657 / 0.657 / 0.661 at 0.8 / 0.85 / 0.9 / off):
# kept for the false friends the dictionary does not list ("presisi" for presided, "interval" for interview)
FALSE_FRIEND_MATCH = 0.85
# English -> Indonesian spelling of loanwords ("initiator" -> "inisiator", "organic" -> "organik")
_LOAN = ((re.compile(r"ti(?=[aeiou])"), "si"), (re.compile(r"ch"), "k"), (re.compile(r"c(?=[aou]|$|k|[lrst])"), "k"),
         (re.compile(r"ph"), "f"), (re.compile(r"y$"), "i"), (re.compile(r"c(?=[eiy])"), "s"),
         (re.compile(r"(?<=[^aeiou])y(?=[^aeiou])"), "i"), (re.compile(r"qu"), "kw"), (re.compile(r"x"), "ks"))

WORDNET_SENSES = 2  # commonest synsets per part of speech a word the dictionary lacks takes stand-ins from (0: off)
WORDNET_HYPERNYMS = 1  # ... or, when none of those is known, from their hypernyms (0: not)
WORDNET_MIN = 0.88  # cosine (word vs corpus term) a translation of a WordNet stand-in must reach (0: any)
PIVOT_MIN = 0.90  # cosine a translation through another language's dictionaries must reach (0: off)
PIVOT_NOT_ENGLISH = 1  # ... and not be an English headword (0: it may)

_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$")  # "author's", "pupils'"
_ENGLISH_ENDING = re.compile(r"(?:[^aeiou]s|ed)$")  # "supervisors", "registered": not an Indonesian word's end
WordVectors = Callable[[list[str]], np.ndarray]  # words -> L2-normalised vectors (passage side)
Lexicon = Callable[[Callable[[str], bool]], dict[str, tuple[str, ...]]]  # learns English stem -> corpus terms


def loan_spelling(word: str) -> str:
    """An English word spelt the way Indonesian spells its loanwords ("coefficient" -> "koefisient",
    "cycle" -> "sikle"): what a cognate in the corpus starts with."""
    loan = word.replace("-", "")  # a hyphenated English compound is written solid ("agro-industry")
    for pattern, replacement in _LOAN:
        loan = pattern.sub(replacement, loan)
    return re.sub(r"([^aeiou])\1", r"\1", loan)  # a doubled consonant is written once


def _related(english: str, family: frozenset[str]) -> bool:
    """An English stem is one of the family's, or starts one of them or with one ("analys" and "analysi",
    "percent" and "percentag"; not "form" and "formula": too short to tell)."""
    return english in family or any(min(len(english), len(f)) >= RELATED_STEM and (english.startswith(f) or f.startswith(english))
                                    for f in family)


class Vocabulary:
    """The corpus' terms, with dictionary-aware, embedder-arbitrated lookups of question words."""

    def __init__(self, bm25: BM25, dictionary: Dictionary, word_vectors: WordVectors | None = None,
                 english: Callable[[int], bool] | None = None, lexicon: Lexicon | None = None) -> None:
        self.bm25 = bm25
        # the corpus' own bilingual lexicon (``assistant.retrieval.abstract_lexicon``), learnt on first need
        # for the English words it is given (those the dictionary does not translate into a corpus term)
        self._learn = lexicon
        self._lexicon: dict[str, tuple[str, ...]] | None = None
        self._lexicon_lock = threading.Lock()
        self.english = english  # whether a document (chunk) position is written in English (an abstract)
        self.dictionary = dictionary
        self.word_vectors = word_vectors
        self._sorted = sorted(bm25.postings)
        self._lock = threading.Lock()
        self._translations: dict[tuple[str, str], tuple[str, ...]] = {}
        self._siblings: dict[str, tuple[str, ...]] = {}
        self._reverse: dict[str, tuple[str, ...]] | None = None  # English word -> corpus terms meaning it
        self._vectors: dict[str, np.ndarray] = {}  # word vectors (passage side), computed once
        self._loan_index: dict[str, tuple[tuple[str, str], ...]] | None = None

    def narrowed(self, bm25: BM25, lexicon: Lexicon | None = None) -> Vocabulary:
        """This vocabulary over another (narrower) index of the same chunks (``BM25.restricted``: one thesis'),
        sharing what depends on no corpus (the loan spellings, word vectors)."""
        view = Vocabulary(bm25, self.dictionary, self.word_vectors, self.english, lexicon)
        view._loan_index = self._loans()
        view._vectors = self._vectors
        return view

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
        if language == "en" and _POSSESSIVE.search(word):  # "author's" is translated as "author"
            self._translations[key] = out = self.translations(_POSSESSIVE.sub("", word), language)
            return out
        proposed = self.dictionary.to_indonesian(word) if language == "en" else self.dictionary.to_english(word)
        # an Indonesian function word is in every corpus though not indexed ("second" -> kedua, not detik)
        function_words = stopwords() if language == "en" else frozenset()
        present = [t for t in proposed if self.knows(t) or t in function_words]
        if language == "en":  # corpus terms whose own translations include the word ("bidang" -> field)
            present += [t for t in self._corpus_meaning(word) if t not in present]
        if language == "en" and not present:  # what the thesis' own two abstracts pair the word with
            present += [t for t in self.learnt(word) if t not in present]
        if language == "en" and PIVOT_MIN:  # another language's route, vetted by the embedder
            # an English headword among them is a word the other language's dictionary left untranslated
            # ("go", "district"), not Indonesian
            routed = [t for t in pivot_translations(word) if t not in present and self.knows(t)
                      and not (PIVOT_NOT_ENGLISH and t in self.dictionary.en_id)]
            if routed and self.word_vectors is not None:
                routed = [t for t, score in zip(routed, self._similarities(word, routed)) if score >= PIVOT_MIN]
            present += routed
        if language == "en" and not present and not proposed and WORDNET_SENSES:  # what its WordNet stand-ins
            present += self._stand_in_translations(word)  # translate to (synonyms the dictionary knows)
        # A cognate competes with the translations ("consumer": konsumen, not pengguna), also for a word
        # the corpus has only in its English parts ("respondents" in an abstract); a word with other
        # evidence (a translation, its English form) needs a closer one. A word the dictionary does not
        # know, written in the corpus' Indonesian text, is a name or a shared loanword: it stands for
        # itself ("Sukamaju" is not "Sukamulya").
        if language == "en" and self.word_vectors is not None and (proposed or not self._in_indonesian(word)):
            minimum = COGNATE_MIN if not present and not self.knows(word) else COGNATE_KNOWN_MIN
            present += [t for t in self._cognate(word, () if present else proposed, minimum) if t not in present]
        if len(present) > 1 and self.word_vectors is not None:
            scores = self._similarities(word, present)
            best = float(scores.max())
            margin = ARBITRATION_MARGIN_EN if language == "en" else ARBITRATION_MARGIN
            present = [t for t, s in zip(present, scores) if s >= best - margin]
        with self._lock:
            self._translations[key] = out = tuple(present)
        return out

    def _stand_in_translations(self, word: str) -> list[str]:
        """The corpus-used translations of the English words WordNet gives for a word the dictionary lacks
        (its synonyms and derived forms in its commonest senses, "pupil" -> student -> murid, siswa)."""
        from assistant.core.wordnet import get_wordnet, stand_ins

        out: list[str] = []
        for lemma in (word, *english_lemmas(word)):
            found = stand_ins(lemma, lambda w: bool(self.dictionary.to_indonesian(w)), get_wordnet(), WORDNET_SENSES,
                               bool(WORDNET_HYPERNYMS))
            for english in found:
                out.extend(t for t in self.dictionary.to_indonesian(english) if t not in out and self.knows(t))
            if found:
                break
        if out and WORDNET_MIN and self.word_vectors is not None:  # the embedder vets what a synonym brought
            out = [t for t, score in zip(out, self._similarities(word, out)) if score >= WORDNET_MIN]
        return out

    def learnt(self, word: str) -> tuple[str, ...]:
        """The corpus terms the thesis' own abstracts translate an English word by (by its stem)."""
        if self._learn is None:
            return ()
        lexicon = self.lexicon()
        return lexicon.get(english_stem(word), ())

    def lexicon(self) -> dict[str, tuple[str, ...]]:
        """The abstracts' lexicon, learnt once (a few seconds the first time; vectors are cached)."""
        if self._lexicon is None:
            with self._lexicon_lock:
                if self._lexicon is None:
                    self._lexicon = self._learn(self._untranslated) if self._learn is not None else {}
        return self._lexicon

    def _untranslated(self, word: str) -> bool:
        """An English word of an abstract the lexicon is learnt for: no dictionary translation of it (nor
        an Indonesian function word) is in the corpus, and the corpus does not write the word itself in
        its Indonesian text (a name, or an Indonesian word in the English abstract)."""
        function_words = stopwords()
        proposed = self.dictionary.to_indonesian(word)
        return (not any(self.knows(t) or t in function_words for t in proposed) and not self._in_indonesian(word))

    def _in_indonesian(self, word: str) -> bool:
        """The corpus writes the word itself outside its English parts (the abstract)."""
        english = self.english or (lambda position: False)
        return any(not english(position) for position, _ in self.bm25.postings.get(word, ()))

    def phrase_translations(self, tokens: list[str], language: str) -> dict[str, tuple[str, ...]]:
        """For each content word of an English question, the corpus-used translations of the
        two-word dictionary phrase it is part of ("net income" -> pendapatan bersih, "rely on" ->
        mengandalkan): a phrase is translated whole, not word by word."""
        if language != "en":
            return {}
        stop = stopwords()
        out: dict[str, tuple[str, ...]] = {}
        for first, second in itertools.pairwise(tokens):
            phrase = f"{first} {second}"
            if phrase not in self.dictionary.en_id or (first in stop and second in stop):
                continue
            translations = self.translations(phrase, language)
            for word in (first, second):
                if word not in stop and translations:
                    out[word] = out.get(word, ()) + tuple(t for t in translations if t not in out.get(word, ()))
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

    def _cognate(self, word: str, proposed: tuple[str, ...], minimum: float) -> list[str]:
        """A corpus term standing for an English word whose translations the corpus lacks: one that
        shares its first letters with a proposed translation ("inisialisasi" -> "inisiator") or with
        the word's loanword spelling, and that the embedder finds close to the word."""
        loan = loan_spelling(word)
        # a short word's loan form keeps all but its last letter ("cycle" -> "sikle" -> "sikl": "siklus")
        prefixes = {p[:COGNATE_PREFIX] for p in (*(stem(t.split()[0]) for t in proposed), *proposed)
                    if len(p) >= COGNATE_PREFIX}
        if len(loan) >= COGNATE_SHORT + 1:
            prefixes.add(loan[: min(COGNATE_PREFIX, len(loan) - 1)])
        own = english_stem(word)
        candidates: list[str] = []
        for prefix in sorted(prefixes):
            start = bisect.bisect_left(self._sorted, prefix)
            for term in self._sorted[start : start + COGNATE_CANDIDATES]:
                if not term.startswith(prefix):
                    break
                if term not in candidates and not term.isdigit() and not self._english(term, own):
                    candidates.append(term)
        # the embedder finds any two words spelt alike close ("panel" ~ "panen" 0.93, "consumer" ~ "konsumen"
        # 0.92): the dictionary says which are false friends
        candidates = [t for t in candidates if not self._false_friend(word, t)]
        # only the ones spelt most like it are weighed by the embedder (a word vector costs ~10 ms)
        candidates.sort(key=lambda term: -SequenceMatcher(None, loan, term).ratio())
        return self._closest(word, candidates[:COGNATE_WEIGHED], minimum)

    def _false_friend(self, word: str, term: str) -> bool:
        """A corpus term spelt like an English word but meaning something else: the inverted dictionary
        gives it meanings none of which is the word or a meaning of the word's translations ("panen" is
        harvest, not panel; "konsumen" is user, as "pengguna", a translation of consumer, is), or it is
        spelt as another English word's loan ("presisi" is precision's, not presided's; "interval")."""
        family = self._family(word)
        meanings = self.dictionary.to_english(term) or self.dictionary.to_english(stem(term))
        if meanings:
            return not any(_related(english_stem(part), family) for m in meanings for part in m.split())
        loan = loan_spelling(word)
        mine = SequenceMatcher(None, loan, term).ratio()
        for headword, headword_loan in self._loans().get(term[:4], ()):
            if _related(english_stem(headword), family):
                continue
            spelt = SequenceMatcher(None, headword_loan, term).ratio()
            if spelt >= FALSE_FRIEND_MATCH and spelt > mine:
                return True
        return False

    def _family(self, word: str) -> frozenset[str]:
        """English stems that mean the word: its own, its lemmas', and those of its translations' meanings."""
        stems = {english_stem(word), *(english_stem(lemma) for lemma in english_lemmas(word))}
        for translation in self.dictionary.to_indonesian(word):
            stems.update(english_stem(e) for e in self.dictionary.to_english(translation) if " " not in e)
        return frozenset(stems)

    def prepare(self) -> None:
        """Build the English loan spellings cognate lookups read (~0.5 s), the abstracts' lexicon and WordNet
        (~1.5 s to read) and the other languages' dictionaries (~2.5 s) ahead of the first English question."""
        self._loans()
        self.lexicon()
        if PIVOT_MIN:
            from assistant.core.dictionary import pivot_dictionaries

            pivot_dictionaries()
        if WORDNET_SENSES:
            from assistant.core.wordnet import get_wordnet

            get_wordnet()

    def _loans(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """English words (the dictionary's headwords and LemmInflect's lemmas) by the first four letters of
        their loan spelling."""
        if self._loan_index is None:
            index: dict[str, list[tuple[str, str]]] = {}
            for headword in sorted({*self.dictionary.headwords, *english_words()}):
                if headword.isalpha() and len(headword) >= COGNATE_SHORT:
                    loan = loan_spelling(headword)
                    index.setdefault(loan[:4], []).append((headword, loan))
            self._loan_index = {k: tuple(v) for k, v in index.items()}
        return self._loan_index

    def _closest(self, word: str, candidates: list[str], minimum: float) -> list[str]:
        """The candidates closest to the word (within the arbitration margin of the best), if at
        least ``minimum``."""
        if not candidates:
            return []
        scores = self._similarities(word, candidates)
        best = float(scores.max())
        if best < minimum:
            return []
        return [c for c, s in sorted(zip(candidates, scores), key=lambda cs: -cs[1]) if s >= best - ARBITRATION_MARGIN]

    def _similarities(self, word: str, terms: list[str]) -> np.ndarray:
        """Cosines of a word with terms; every vector is computed once per loaded index."""
        missing = [t for t in dict.fromkeys([word, *terms]) if t not in self._vectors]
        if missing:
            vectors = self.word_vectors(missing)  # type: ignore[misc]
            with self._lock:
                self._vectors.update(zip(missing, vectors))
        return np.array([float(self._vectors[t] @ self._vectors[word]) for t in terms])

    def _english(self, term: str, stem_of_word: str) -> bool:
        """A corpus term that is the question word's own form or another English word, not its
        Indonesian counterpart ("respondents" and "takes" in an abstract, "master" for "mastery")."""
        if english_stem(term) == stem_of_word or _ENGLISH_ENDING.search(term):
            return True
        return bool(self.dictionary.to_indonesian(term)) and term not in self.dictionary.id_en

    def proposed(self, word: str, language: str) -> tuple[str, ...]:
        """Every dictionary translation of a word, whether the corpus uses it or not."""
        return self.dictionary.to_indonesian(word) if language == "en" else self.dictionary.to_english(word)
