"""Retrieval: dense (Chroma, e5) fused with BM25 by how much lexical evidence a question really has,
plus direct lookups of sections a question names ("apa isi bagian 6.2?").

Why not reciprocal-rank fusion: on English questions over Indonesian text BM25 matches little but
proper nouns, and RRF gives its noisy ranks the same vote as the dense ones (hit@1 fell from 0.88
to 0.50, see docs). Here the lexical score is scaled by the question's language and by the share of
its terms that the corpus knows at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from assistant.embeddings import Embedder
from assistant.generators.base import Passage
from assistant.loaded_index import LoadedIndex
from assistant.question import chapter_ref, detect_language, section_refs
from assistant.text import EN_ID, QUESTION_WORDS, content_words, query_terms, stem

Mode = Literal["hybrid", "dense", "bm25"]

# Weight of normalised BM25 beside cosine similarity, by question language (tuned on evals/).
LEXICAL_WEIGHT = {"id": 0.06, "en": 0.03}
# Extra score for chunks of a section whose title the question names ("saran", "conclusion").
TITLE_WEIGHT = 0.02
CANDIDATES = 30


@dataclass(frozen=True)
class RetrievalResult:
    """Ranked passages plus what the retriever learned about the question."""

    passages: list[Passage]
    named_sections: tuple[str, ...]  # canonical sections the question names explicitly
    coverage: float  # share of the question's content words the corpus knows (0..1)
    unknown_words: tuple[str, ...]  # content words the corpus does not contain in any form


class Retriever:
    """Hybrid retriever over a :class:`LoadedIndex`."""

    def __init__(self, index: LoadedIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder

    def search(self, question: str, k: int = 4, mode: Mode = "hybrid", language: str | None = None) -> list[Passage]:
        """The ``k`` best passages for a question."""
        return self.retrieve(question, k, mode, language).passages

    def retrieve(self, question: str, k: int = 4, mode: Mode = "hybrid", language: str | None = None) -> RetrievalResult:
        """Ranked passages and question diagnostics (coverage, named sections)."""
        language = language or detect_language(question)
        index = self.index
        terms = query_terms(question, language)
        coverage, unknown = self._coverage(question, language)

        dense: dict[int, float] = {}
        if mode in ("hybrid", "dense"):
            dense = dict(index.dense_search(self.embedder.embed_query(question), CANDIDATES))
        lexical: dict[int, float] = {}
        if mode in ("hybrid", "bm25"):
            lexical = dict(index.bm25.top(terms, CANDIDATES))

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

        named = self._named_sections(question)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if named:  # the sections a question names come first, in reading order
            best = max((s for _, s in ranked), default=1.0)
            pinned = [(p, best + 0.01) for s in named for p in index.sections[s]]
            pinned_ids = {p for p, _ in pinned}
            ranked = pinned + [(p, s) for p, s in ranked if p not in pinned_ids]
            k = max(k, len(pinned))
        passages = [
            Passage(index.chunks[p], float(s), rank, dense.get(p, 0.0), lexical.get(p, 0.0))
            for rank, (p, s) in enumerate(ranked[:k], start=1)
        ]
        return RetrievalResult(passages, tuple(named), coverage, tuple(unknown))

    def _named_sections(self, question: str) -> list[str]:
        index = self.index
        named: list[str] = []
        for ref in section_refs(question):
            canonical = ref.number if ref.number in index.sections else index.printed.get(ref.number)
            if canonical and canonical not in named:
                named.append(canonical)
        if not named:
            chapter = chapter_ref(question)
            if chapter is not None and not content_words(question.replace(str(chapter), "")):
                named = [s for s in index.sections if s.split(".")[0] == str(chapter)]
        return named

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
        bm25 = self.index.bm25
        known, absent = 0, []
        for word in content_words(question):
            if word in QUESTION_WORDS or word.isdigit():
                continue
            if word in bm25 or stem(word) in bm25:
                known += 1
                continue
            translations = EN_ID.get(word, ()) if language == "en" else ()
            if any(t in bm25 or stem(t) in bm25 for t in translations):
                known += 1
            elif language == "id" or translations:
                absent.append(word)
        judged = known + len(absent)
        return (known / judged if judged else 1.0), absent


def as_langchain_retriever(retriever: Retriever, k: int = 4) -> Any:
    """The retriever in LangChain's shape (``BaseRetriever``), for users' own chains."""
    from assistant.langchain_adapters import ThesisRetriever

    return ThesisRetriever(retriever=retriever, k=k)
