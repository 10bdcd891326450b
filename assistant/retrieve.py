"""Retrieval: dense (Chroma, e5) fused with BM25 by how much lexical evidence a question really has,
plus direct lookups of sections a question names ("apa isi bagian 6.2?").

Why not reciprocal-rank fusion: on English questions over Indonesian text BM25 matches little but
proper nouns, and RRF gives its noisy ranks the same vote as the dense ones (hit@1 fell from 0.88
to 0.50, see docs). Here the lexical score is scaled by the question's language and by the share of
its terms that the corpus knows at all.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from assistant.embeddings import Embedder
from assistant.foreground import Foreground
from assistant.generators.base import Passage
from assistant.loaded_index import LoadedIndex
from assistant.language import detect_language
from assistant.question import chapter_ref, section_refs
from assistant.structure import caption_positions, strip_captions
from assistant.text import EN_ID, META_WORDS, QUESTION_WORDS, content_words, query_terms, stem

Mode = Literal["hybrid", "dense", "bm25"]

# Weight of normalised BM25 beside cosine similarity, by question language (tuned on evals/).
LEXICAL_WEIGHT = {"id": 0.15, "en": 0.10}
# Extra score for chunks of a section whose title the question names ("saran", "conclusion").
TITLE_WEIGHT = 0.02
CANDIDATES = 30
QUERY_CACHE = 1024  # question vectors kept (oldest dropped first)
# "Summarise it" names every section only for a document this small; larger ones go through search.
OVERVIEW_MAX_SECTIONS = 12


@dataclass(frozen=True)
class RetrievalResult:
    """Ranked passages plus what the retriever learned about the question."""

    passages: list[Passage]
    named_sections: tuple[str, ...]  # canonical sections the question names explicitly
    coverage: float  # share of the question's content words the corpus knows (0..1)
    unknown_words: tuple[str, ...]  # content words the corpus does not contain in any form
    overview: bool = False  # the question asks what named sections say, nothing more specific
    query_vector: np.ndarray | None = None  # the question's e5 vector, reused for evidence selection


class Retriever:
    """Hybrid retriever over a :class:`LoadedIndex`."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, foreground: Foreground | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.foreground = foreground or Foreground()  # marks searches in flight (background work steps aside)
        self._vectors: dict[str, np.ndarray] = {}
        self._vectors_lock = threading.Lock()

    def search(self, question: str, k: int = 4, mode: Mode = "hybrid", language: str | None = None,
               document: str | None = None) -> list[Passage]:
        """The ``k`` best passages for a question (from one document when ``document`` is its doc_id)."""
        return self.retrieve(question, k, mode, language, document).passages

    def retrieve(self, question: str, k: int = 4, mode: Mode = "hybrid", language: str | None = None,
                 document: str | None = None) -> RetrievalResult:
        """Ranked passages and question diagnostics (coverage, named sections); ``document`` limits
        the passages to one document (its doc_id)."""
        with self.foreground.busy():
            return self._retrieve(question, k, mode, language, document)

    def _retrieve(self, question: str, k: int, mode: Mode, language: str | None,
                  document: str | None) -> RetrievalResult:
        language = language or detect_language(question)
        index = self.index
        terms = query_terms(question, language)
        coverage, unknown = self._coverage(question, language)

        dense: dict[int, float] = {}
        vector = self._query_vector(question)
        if mode in ("hybrid", "dense"):
            dense = dict(index.dense_search(vector, CANDIDATES, document))
        lexical: dict[int, float] = {}
        if mode in ("hybrid", "bm25"):
            lexical = dict(index.bm25.top(terms, CANDIDATES)) if not document else dict(
                sorted(((p, s) for p, s in index.bm25.scores(terms).items() if index.chunks[p].doc_id == document),
                       key=lambda item: (-item[1], item[0]))[:CANDIDATES]
            )

        if mode == "dense":
            scores = dense
        elif mode == "bm25":
            scores = lexical
        else:
            floor = min(dense.values()) - 0.02 if dense else 0.0
            top_lexical = max(lexical.values(), default=0.0) or 1.0
            weight = LEXICAL_WEIGHT.get(language, 0.03) * coverage
            titled = self._titled_sections(terms)
            scores = {}
            for position in set(dense) | set(lexical):
                score = dense.get(position, floor) + weight * lexical.get(position, 0.0) / top_lexical
                if index.chunks[position].section_id in titled:
                    score += TITLE_WEIGHT
                scores[position] = score

        # a caption a question names ("apa isi Tabel 4.2?") is found by its label, not read as section 4.2
        labelled = [p for p in caption_positions(index.chunks, question)
                    if not document or index.chunks[p].doc_id == document]
        named = [] if labelled else self._named_sections(strip_captions(question), terms)
        if document:
            named = [s for s in named if any(index.chunks[p].doc_id == document for p in index.sections[s])]
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if named or labelled:  # the sections (or captions) a question names come first, in reading order
            best = max((s for _, s in ranked), default=1.0)
            positions = labelled or [p for s in named for p in index.sections[s]]
            pinned = [(p, best + 0.01) for p in positions if not document or index.chunks[p].doc_id == document]
            pinned_ids = {p for p, _ in pinned}
            ranked = pinned + [(p, s) for p, s in ranked if p not in pinned_ids]
            k = max(k, len(pinned))
        passages = [
            Passage(index.chunks[p], float(s), rank, dense.get(p, 0.0), lexical.get(p, 0.0))
            for rank, (p, s) in enumerate(ranked[:k], start=1)
        ]
        overview = bool(named) and not self._specific_words(question, self._title_words(named))
        return RetrievalResult(passages, tuple(named), coverage, tuple(unknown), overview, vector)

    def _query_vector(self, question: str) -> np.ndarray:
        """The question's e5 vector; the same question asked again (by anyone) is not re-embedded."""
        vector = self._vectors.get(question)
        if vector is None:
            vector = self.embedder.embed_query(question)
            with self._vectors_lock:
                if len(self._vectors) >= QUERY_CACHE:
                    self._vectors.pop(next(iter(self._vectors)))
                self._vectors[question] = vector
        return vector

    def _named_sections(self, question: str, terms: list[str]) -> list[str]:
        """Sections a question names by number ("6.2", printed "1.2" too), or by title alone
        ("apa isi kesimpulan?", "summarise the closing chapter": nothing asked beyond the title)."""
        index = self.index
        named: list[str] = []
        for ref in section_refs(question):
            canonical = ref.number if ref.number in index.sections else index.printed.get(ref.number)
            if canonical and canonical not in named:
                named.append(canonical)
        if named:
            return named
        chapter = chapter_ref(question)
        if chapter is not None and not self._specific_words(question, set()):
            return [s for s in index.sections if s.split(".")[0] == str(chapter)]
        wanted = set(terms)
        for section, title in index.section_titles.items():
            title_words = {stem(w) for w in content_words(title)} | set(content_words(title))
            if title_words & wanted and not self._specific_words(question, title_words):
                named.append(section)
        if not named and not self._specific_words(question, set()) and len(index.sections) <= OVERVIEW_MAX_SECTIONS:
            named = list(index.sections)  # "summarise it": the whole (small) document
        if not named:
            for chapter_number, title in index.chapter_titles.items():
                title_words = {stem(w) for w in content_words(title)} | set(content_words(title))
                if title_words & wanted and not self._specific_words(question, title_words):
                    named = [s for s in index.sections if s.split(".")[0] == str(chapter_number)]
                    break
        return named

    def _title_words(self, sections: list[str]) -> set[str]:
        words: set[str] = set()
        for section in sections:
            chunk = self.index.chunks[self.index.sections[section][0]]
            for word in content_words(f"{chunk.section_title} {chunk.chapter_title}"):
                words.update({word, stem(word)})
        return words

    def _specific_words(self, question: str, title_words: set[str]) -> list[str]:
        """Content words of a question that are neither about asking nor the named title."""
        out = []
        for word in content_words(question):
            if word in QUESTION_WORDS or word in META_WORDS or word.isdigit() or re.fullmatch(r"[ivxlc]+", word):
                continue
            forms = {word, stem(word), *EN_ID.get(word, ())}
            if forms & title_words or any(stem(t) in title_words for t in EN_ID.get(word, ())):
                continue
            out.append(word)
        return out

    def _titled_sections(self, terms: list[str]) -> set[str]:
        wanted = set(terms)
        return {
            section
            for section, title in self.index.section_titles.items()
            if any(w in wanted or stem(w) in wanted for w in content_words(title))
        }

    def _coverage(self, question: str, language: str) -> tuple[float, list[str]]:
        """Share of the question's content words the thesis contains, and the ones it surely lacks.

        An English word the corpus lacks counts as absent only when the word list knows its
        Indonesian translations and none of them occurs either; other English words say nothing.
        """
        known, absent = 0, []
        for word in content_words(question):
            if word in QUESTION_WORDS or word in META_WORDS or word.isdigit():
                continue
            if self._knows(word):
                known += 1
                continue
            translations = EN_ID.get(word, ()) if language == "en" else ()
            if any(self._knows(t) for t in translations):
                known += 1
            elif language == "id" or translations:
                absent.append(word)
        judged = known + len(absent)
        return (known / judged if judged else 1.0), absent


    def knows(self, word: str, language: str) -> bool | None:
        """Whether the corpus has a word (English: via its translations); None when we cannot tell."""
        word = word.lower()
        if self._knows(word):
            return True
        translations = EN_ID.get(word, ()) if language == "en" else ()
        if any(self._knows(t) for t in translations):
            return True
        return False if (language == "id" or translations) else None

    def near(self, head: str, modifier: str, language: str, window: int = 3) -> bool:
        """Whether the corpus ever puts ``modifier`` within ``window`` words after ``head``
        ("Walikota Bogor" exists; "Walikota Kisarazu" does not)."""
        forms = {head.lower(), stem(head.lower())}
        if language == "en":
            forms.update(EN_ID.get(head.lower(), ()))
        target = modifier.lower()
        for chunk in self.index.chunks_with(forms):
            tokens = [t.lower() for t in re.findall(r"\w+", chunk.text)]
            for i, token in enumerate(tokens):
                if token in forms or stem(token) in forms:
                    if target in tokens[i + 1 : i + 1 + window]:
                        return True
        return False

    def _knows(self, word: str) -> bool:
        """The corpus has the word, its stem, or a longer word built on it ("ditandatangani" in
        "ditandatanganinya": Sastrawi does not undo every affix stack)."""
        bm25 = self.index.bm25
        if word in bm25 or stem(word) in bm25:
            return True
        if "-" in word:  # "Bogor-Kisarazu", "benar-benar"
            return all(self._knows(part) for part in word.split("-") if part)
        if len(word) < 5:
            return False
        root = stem(word)
        return any(word in term or (len(root) >= 5 and root in term) for term in bm25.postings)


def as_langchain_retriever(retriever: Retriever, k: int = 4) -> Any:
    """The retriever in LangChain's shape (``BaseRetriever``), for users' own chains."""
    from assistant.langchain_adapters import ThesisRetriever

    return ThesisRetriever(retriever=retriever, k=k)
