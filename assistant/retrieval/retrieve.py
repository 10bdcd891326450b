"""Retrieval: dense (Chroma, e5) fused with BM25 by how much lexical evidence a question really has,
plus direct lookups of sections a question names ("apa isi bagian 6.2?").

Why not reciprocal-rank fusion: on English questions over Indonesian text BM25 matches little but
proper nouns, and RRF gives its noisy ranks the same vote as the dense ones (hit@1 fell from 0.88
to 0.50, see docs). Here the lexical score is scaled by the question's language and by the share of
its terms that the corpus knows at all. An English question is searched densely by its own vector
mixed with its gloss's (its words in the translations the corpus uses): e5 places an Indonesian
passage nearer to Indonesian words than to their English counterparts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np

from assistant.answering.analysis import AnalysedQuestion, analyse
from assistant.index.embeddings import Embedder
from assistant.retrieval.foreground import Foreground
from assistant.generators.base import Passage
from assistant.retrieval.lexical import BM25
from assistant.retrieval.loaded_index import LoadedIndex
from assistant.retrieval.rerank import PassageFeatures, RerankModel, SentenceTerms, features, model_for, term_weights
from assistant.answering.spans import type_fit
from assistant.answering.structure import caption_positions
from assistant.core.types import Sentence
from assistant.core.parts import CONCLUSION_TITLES, WHOLE_WORK_WORDS
from assistant.core.text import content_words, is_roman, stem, words
from assistant.answering.tuning import tuning_for
from assistant.retrieval.vocabulary import Vocabulary
from assistant.core.language import detect_language

Mode = Literal["hybrid", "dense", "bm25"]

# Extra score for chunks of a section whose title the question names ("saran", "conclusion").
TITLE_WEIGHT = 0.02
# A title word held by at least this share of its document's chunks names no section: the thesis' own subject ("akun"
# in a thesis about an account, "penelitian" in most) is in most titles and most paragraphs. And only the titles that
# name the most question words (or one fewer) get the weight. Retrieval alone on dev (evals/fit_vocabulary.py,
# 2026-12-01, hit@1 en / id): neither 0.716 / 0.786; best titles 0.721 / 0.786; with the share at 0.15 0.716 / 0.786,
# 0.25 0.721 / 0.789, 0.3 0.724 / 0.791, 0.4 0.731 / 0.789, 0.5 0.731 / 0.786.
TITLE_COMMON = 0.4
TITLE_BEST = 2
# Extra score for chunks of the section a follow-up's previous answer came from ("and in 2020?");
# a follow-up that names nothing of its own ("why is that?") is answered from those sections only.
FOCUS_WEIGHT = 0.05
# A follow-up that newly names words of at most this many sections' titles ("And of the current sensor?" after
# the voltage sensor's) leans on those sections instead of its previous answer's.
FOCUS_RENAMED = 2
# A follow-up naming at least this many content words of its own ("Does the author agree with that
# consideration?", "What did Sutrisno criticise about the account?") is searched by e5 as itself, what it points
# back at put in: its previous question in front drew the search back to the previous answer's passages. Its
# previous question still frames it through the BM25 terms, the previous answer's sections and the sentence
# model's term weights. One that gives its previous question a new value ("And in the control group?") or
# still points back at it ("Is that rule usually applied?") is searched by the mean of its own vector and its
# standalone question's (weight OWN_SEARCH_LEANING on its own). Dev follow-ups, 25 documents (89 of 102 before):
# 92 at 2 words and 0.5; 2 words searched alone in every case 93, but an elliptical follow-up's few words then
# lose what is asked of them ("Kalau sensor arus?" finds the sentence on the current sensor's noise, not its
# error); 1 word 91, 3 words 89; every follow-up's vector mixed 0.5 / 0.7 / 0.85 with the standalone question's
# 91; refilled ones searched by the standalone question 91, by the refilled previous question alone 91, mixed 0.7
# 92. With the 26th document (91 of 106 before): refilled ones mixed 93, and those still pointing back too 94.
OWN_SEARCH_WORDS = 2
OWN_SEARCH_LEANING = 0.5
CANDIDATES = 30
# A question asked of one picked document reads that document's statistics only (BM25's idf and mean length, the
# terms the vocabulary knows and translates into, the abstracts' lexicon), not the corpus': its answers then do not
# change when another thesis is loaded beside it (with it off, adding one document to 27 changed 10 other documents'
# answers). The views are the loaded index' (LoadedIndex.statistics / .vocabulary, built once per document). Off:
# with it on (dev, 29-document index, 1404 questions, against it off) key facts 0.819 -> 0.831 (id 0.835 -> 0.859),
# hit@1 0.848 -> 0.857, false premises 0.793 -> 0.805, but answerable refused 0.049 -> 0.056 (28 newly refused, 19
# no longer) and refusal recall 0.730 -> 0.723. Most of the 28 are refused because a general word the picked thesis
# does not write ("negara", "total", "survey") is now unknown, which sets head_absent / unknown and the hand rules'
# refusal (rules_refuse): the refusal signals were fitted when unknown meant absent from every loaded thesis. A
# decision refit on samples taken with it on (fit_answering --decision-only --dump, then --from-dump with the
# shipped 18 features) did not help: at the shipped threshold 0.26 its dev refusals equal the old model's (answerable
# refused 0.066 vs 0.065, recall 0.621 both, in-sample), and the threshold it chose (0.34) refuses more (0.084).
# What is left: a per-document notion of an absent word the refusal signals can be refitted on.
DOCUMENT_STATISTICS = False
TYPED_QUESTIONS = frozenset({"when", "duration", "number", "who"})  # kinds whose answer is a span of a type
QUERY_CACHE = 1024  # question vectors kept (oldest dropped first)
# "Summarise it" names every section only for a document this small; larger ones go through search.
OVERVIEW_MAX_SECTIONS = 12
# An English question is also searched by its gloss (its words in the corpus-used translations, the
# embedder's arbitration already applied) and the two cosines averaged with this weight on the gloss:
# e5 matches an Indonesian passage more closely in Indonesian words. Fitted by evals/fit_vocabulary.py.
# Dev English hit@1 (evals/fit_vocabulary.py): 0.619 at 0, 0.628 at 0.2 (0.670 with the lexical weight en at 0.06,
# which lost a seed key fact: q053).
GLOSS_WEIGHT = 0.2
OWN_COSINES = 4 * CANDIDATES  # nearest chunks whose cosine with the question itself is read (the rest: a floor)
# The sections of a thesis that state its questions (the genre's titles): they repeat a question's words with no
# answer. A chunk of one scores this much more, unless the question names it. On dev (hit@1 of the sections ranked
# first, see evals/fit_vocabulary.py) such a section came first for 13 answerable questions, wrongly for 12.
QUESTION_SECTION_WEIGHT = -0.02
QUESTION_TITLES = frozenset({
    "rumusan masalah", "perumusan masalah", "pertanyaan penelitian", "tujuan penelitian", "tujuan", "hipotesis",
    "hipotesis penelitian", "problem statement", "problem formulation", "research questions", "research question",
    "research objectives", "objectives of the study", "aims of the study", "hypothesis", "hypotheses",
    "research hypothesis", "research hypotheses"})


@dataclass(frozen=True)
class RetrievalResult:
    """Ranked passages plus what the retriever learned about the question."""

    passages: list[Passage]
    named_sections: tuple[str, ...]  # canonical sections the question names explicitly
    coverage: float  # share of the question's content words the corpus knows (0..1)
    unknown_words: tuple[str, ...]  # content words the corpus does not contain in any form
    overview: bool = False  # the question asks what named sections say, nothing more specific
    query_vector: np.ndarray | None = None  # the question's e5 vector, reused for evidence selection
    head_absent: bool = False  # the noun a factoid asks about is nowhere in the corpus, in any form
    modifier_apart: bool = False  # the corpus never writes the asked noun's modifier after it
    captioned: bool = False  # the question names a table or figure by its label, and the corpus has it
    # the abbreviations the passages' documents define (Kemlu -> Kementerian Luar Negeri): a sentence writing one
    # names what it stands for
    glossary: dict[str, str] = field(default_factory=dict)
    # the idf the question's words are weighed by: the picked document's own when one is picked (empty: the corpus')
    idf: dict[str, float] = field(default_factory=dict)


class Retriever:
    """Hybrid retriever over a :class:`LoadedIndex`."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, foreground: Foreground | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.foreground = foreground or Foreground()  # marks searches in flight (background work steps aside)
        self._vectors: dict[str, np.ndarray] = {}
        self._vectors_lock = threading.Lock()
        self._languages: dict[int, str] = {}
        self._shares: dict[str, dict[str, int]] = {}  # index term -> doc_id -> chunks of the document holding it
        self.vocabulary: Vocabulary = index.vocabulary(embedder)  # the whole index' (kept with the index)
        self.reranker: RerankModel | None = model_for(embedder.id)  # None: the fused order is kept
        self._sentence_terms = SentenceTerms()

    def statistics(self, document: str | None) -> BM25:
        """The BM25 index whose statistics (idf, mean length, which terms exist) a question reads: the picked
        document's own when one is picked (its answers do not depend on what else is loaded), else the corpus'.
        Both are the loaded index' (``LoadedIndex.statistics``), built once."""
        return self.index.statistics(document) if document and DOCUMENT_STATISTICS else self.index.bm25

    def vocabulary_for(self, document: str | None) -> Vocabulary:
        """The vocabulary a question is analysed with: the picked document's terms only, else the corpus'."""
        return self.index.vocabulary(self.embedder, document) if document and DOCUMENT_STATISTICS else self.vocabulary

    def search(self, question: str, k: int = 4, mode: Mode = "hybrid", language: str | None = None,
               document: str | None = None) -> list[Passage]:
        """The ``k`` best passages for a question (from one document when ``document`` is its doc_id)."""
        return self.retrieve(question, k, mode, language, document).passages

    def analyse(self, question: str, language: str | None = None, document: str | None = None) -> AnalysedQuestion:
        """A question analysed against this index, or one document of it (no history)."""
        return analyse(question, (), self.vocabulary_for(document), language)  # type: ignore[arg-type]

    def retrieve(self, question: str | AnalysedQuestion, k: int = 4, mode: Mode = "hybrid",
                 language: str | None = None, document: str | None = None) -> RetrievalResult:
        """Ranked passages and question diagnostics (coverage, named sections); ``document`` limits
        the passages to one document (its doc_id)."""
        analysis = question if isinstance(question, AnalysedQuestion) else self.analyse(question, language, document)
        with self.foreground.busy():
            return self._retrieve(analysis, k, mode, document)

    def _retrieve(self, analysis: AnalysedQuestion, k: int, mode: Mode, document: str | None) -> RetrievalResult:
        language = analysis.language
        question = analysis.standalone
        index = self.index
        statistics = self.statistics(document)
        terms = list(analysis.query_terms)
        coverage, unknown = analysis.coverage, analysis.unknown_words

        focus = self._focus(analysis, document) if mode == "hybrid" else set()
        dense: dict[int, float] = {}  # the question's own cosines: what later stages read as a passage's
        ranking: dict[int, float] = {}  # what orders the passages (an English question's mixed with its gloss's)
        vector = self._follow_up_vector(analysis) if asks_of_its_own(analysis) else self._query_vector(question)
        if mode in ("hybrid", "dense"):
            searched, length = self._search_vector(analysis, vector)
            if length == 1.0:
                dense = ranking = dict(index.dense_search(vector, CANDIDATES, document))
            else:
                ranking = {p: s * length for p, s in index.dense_search(searched, CANDIDATES, document)}
                # the decision model was fitted on the question's own cosines: those stay what a passage reports
                own = dict(index.dense_search(vector, OWN_COSINES, document))
                floor = min(own.values()) - 0.02 if own else 0.0
                dense = {p: own.get(p, floor) for p in ranking}
        lexical: dict[int, float] = {}
        if mode in ("hybrid", "bm25"):
            lexical = dict(statistics.top(terms, CANDIDATES)) if not document or statistics is not index.bm25 else dict(
                sorted(((p, s) for p, s in index.bm25.scores(terms).items() if index.chunks[p].doc_id == document),
                       key=lambda item: (-item[1], item[0]))[:CANDIDATES]
            )

        if mode == "dense":
            scores = ranking
        elif mode == "bm25":
            scores = lexical
        else:
            floor = min(ranking.values()) - 0.02 if ranking else 0.0
            top_lexical = max(lexical.values(), default=0.0) or 1.0
            tuning = tuning_for(self.embedder.id)
            weight = tuning.lexical_weight.get(language, 0.03) * coverage
            titled = self._titled_sections(terms, document, analysis)
            scores = {}
            for position in set(ranking) | set(lexical):
                score = ranking.get(position, floor) + weight * lexical.get(position, 0.0) / top_lexical
                if tuning.same_language_bonus and self._against_bias(position, language):
                    score += tuning.same_language_bonus
                if (index.chunks[position].doc_id, index.chunks[position].section_id) in titled:
                    score += TITLE_WEIGHT
                if index.chunks[position].section_id in focus:
                    score += FOCUS_WEIGHT
                elif QUESTION_SECTION_WEIGHT and self._states_questions(position, titled):
                    score += QUESTION_SECTION_WEIGHT
                scores[position] = score

        # a caption a question names ("apa isi Tabel 4.2?") is found by its label, not read as section 4.2
        labelled = [p for p in caption_positions(index.chunks, analysis.question)
                    if not document or index.chunks[p].doc_id == document]
        named = [] if labelled else self._named_sections(analysis, terms, document)
        if document:
            named = [s for s in named if any(index.chunks[p].doc_id == document for p in index.sections[s])]
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if mode == "hybrid" and self.reranker is not None:
            ranked = self._rerank(analysis, ranked, vector, self.reranker, document)
        if mode == "hybrid" and focus and not analysis.specific_words:  # "why is that?": only where "that" was said
            ranked = [(p, s) for p, s in ranked if index.chunks[p].section_id in focus] or ranked
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
        overview = bool(named) and not self._specific_words(analysis, self._title_words(named, document))
        head_absent = modifier_apart = False
        wanted = analysis.asked
        if wanted is not None and wanted.noun and not named and wanted.head not in ("lama", "long"):
            term = next((t for t in analysis.terms if t.word == wanted.head.lower()), None)
            known = term.known if term is not None else self.knows(wanted.head, language, document)
            translations = term.translations if term is not None else None
            if known is False:
                head_absent = True
            elif wanted.modifier and not self.near(wanted.head, wanted.modifier, language, translations=translations,
                                                   document=document):
                modifier_apart = True
        glossary: dict[str, str] = {}
        for doc_id in dict.fromkeys(p.chunk.doc_id for p in passages):
            for short, words in index.glossary(doc_id).items():
                glossary.setdefault(short, words)
        return RetrievalResult(passages, tuple(named), coverage, tuple(unknown), overview, vector,
                               head_absent, modifier_apart, bool(labelled), glossary,
                               statistics.idf if statistics is not index.bm25 else {})

    def candidate_features(self, analysis: AnalysedQuestion, positions: list[int], vector: np.ndarray,
                           with_types: bool = False, document: str | None = None) -> list[PassageFeatures]:
        """What the re-ranker reads of each candidate chunk (``assistant.retrieval.rerank``); whether
        each sentence holds a span of the asked type only ``with_types`` (it costs a span search)."""
        weights = term_weights(analysis.terms, self.statistics(document).idf, analysis.follow_up)
        qtype = analysis.qtype
        typed = None
        if with_types and qtype in TYPED_QUESTIONS:
            def typed(sentence: Sentence) -> float:
                return type_fit(qtype, sentence.text, sentence.language or analysis.language)
        return features(chunks=[self.index.chunks[p] for p in positions], query=vector, weights=weights,
                        sentence_vectors=lambda texts: self.index.sentence_vectors(texts, self.embedder),
                        sentence_terms=self._sentence_terms, typed=typed)

    def _rerank(self, analysis: AnalysedQuestion, ranked: list[tuple[int, float]], vector: np.ndarray,
                model: RerankModel, document: str | None = None) -> list[tuple[int, float]]:
        """The first ``model.pool`` candidates re-ranked by their best sentence; the rest after them
        (the weights are not negative: a re-ranked score never falls below its fused one)."""
        head = ranked[: model.pool]
        found = self.candidate_features(analysis, [p for p, _ in head], vector, with_types=model.typed > 0,
                                        document=document)
        rescored = sorted(((p, model.score(s, f)) for (p, s), f in zip(head, found)),
                          key=lambda item: (-item[1], item[0]))
        return rescored + ranked[model.pool :]

    def _states_questions(self, position: int, titled: set[tuple[str, str]]) -> bool:
        """A chunk of a section that states what the research asks (its problem statement, aims, hypotheses):
        it repeats a question's words without the answer, unless the question names that section."""
        chunk = self.index.chunks[position]
        title = " ".join(words(chunk.section_title))
        return title in QUESTION_TITLES and (chunk.doc_id, chunk.section_id) not in titled

    def chunk_language(self, position: int) -> str:
        """The language a chunk is written in (the parser's tag, else detected once)."""
        chunk = self.index.chunks[position]
        tagged = getattr(chunk, "language", "")
        if tagged:
            return tagged
        found = self._languages.get(position)
        if found is None:


            found = self._languages[position] = detect_language(chunk.text[:1000])
        return found

    def _against_bias(self, position: int, language: str) -> bool:
        """A chunk written in the question's language inside a document written mostly in the other one (an English
        ABSTRACT of an Indonesian thesis for an English question): e5 scores a passage in the question's own language
        higher for its language alone, which ``same_language_bonus`` takes back. In a thesis written in the question's
        language every passage shares it, and lowering them all lifts the one in the other language (the Indonesian
        ABSTRAK of an English thesis came first for 5 of its English questions on dev)."""
        if self.chunk_language(position) != language:
            return False
        return self._main_language.get(self.index.chunks[position].doc_id, "") != language

    @cached_property
    def _main_language(self) -> dict[str, str]:
        """Each document's main language: the one most of its sentences are tagged with (none tagged: unknown)."""
        counts: dict[str, dict[str, int]] = {}
        for chunk in self.index.chunks:
            tally = counts.setdefault(chunk.doc_id, {})
            for sentence in chunk.sentences:
                if sentence.language:
                    tally[sentence.language] = tally.get(sentence.language, 0) + 1
        return {doc_id: max(tally, key=lambda language: (tally[language], language))
                for doc_id, tally in counts.items() if tally}

    def _follow_up_vector(self, analysis: AnalysedQuestion) -> np.ndarray:
        """The e5 vector a follow-up naming enough of its own is searched by: its own (what it points back at put
        in), or, when it gives its previous question a new value ("And in the control group?") or still points
        back at it ("Is that rule applied in practice?"), the mean of its own and its standalone question's (its
        words alone lack what is asked of them)."""
        own = self._query_vector(analysis.resolved)
        if not analysis.leans:
            return own
        mixed = OWN_SEARCH_LEANING * own + (1 - OWN_SEARCH_LEANING) * self._query_vector(analysis.standalone)
        return mixed / float(np.linalg.norm(mixed))

    def _search_vector(self, analysis: AnalysedQuestion, vector: np.ndarray) -> tuple[np.ndarray, float]:
        """The unit vector an English question is searched by, and its length before scaling: its own
        vector mixed with its gloss's, so that a passage's cosine with it times that length is the
        weighted mean of its cosines with the two."""
        gloss = gloss_of(analysis) if analysis.language == "en" and GLOSS_WEIGHT > 0 else ""
        if not gloss:
            return vector, 1.0
        mixed = (1 - GLOSS_WEIGHT) * vector + GLOSS_WEIGHT * self._query_vector(gloss)
        length = float(np.linalg.norm(mixed))
        return mixed / length, length

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

    def _named_sections(self, analysis: AnalysedQuestion, terms: list[str], document: str | None = None) -> list[str]:
        """Sections a question names by number ("6.2", printed "1.2" too), or by title alone
        ("apa isi kesimpulan?", "summarise the closing chapter": nothing asked beyond the title); a
        named section with no text of its own stands for its subsections."""
        index = self.index
        named: list[str] = []
        for number in analysis.section_refs:
            canonical = number if number in index.sections else index.printed.get(number, number)
            for section in self._with_text(canonical, document):
                if section not in named:
                    named.append(section)
        if named:
            return named
        chapter = analysis.chapter
        if chapter is not None and not self._specific_words(analysis, set()):
            return [s for s in index.sections if s.split(".")[0] == str(chapter)]
        wanted = set(terms)
        asked = [w.removesuffix("'s") for w in self._specific_words(analysis, set())]
        whole_work = analysis.qtype == "summary" and all(w in WHOLE_WORK_WORDS for w in asked)
        # "ringkas hasil penelitian ini" asks for the whole work's findings, not a section titled so
        for doc_id, section, title_words in ([] if whole_work else self._title_entries(document)):
            # the title has a word of the question, and the rest is said by it or its parents' titles
            if title_words & wanted and not self._specific_words(analysis, self._context_words[doc_id, section]):
                named.extend(s for s in self._with_text(section, doc_id) if s not in named)
        if not named and not self._specific_words(analysis, set()) and len(index.sections) <= OVERVIEW_MAX_SECTIONS:
            named = list(index.sections)  # "summarise it": the whole (small) document
        if not named and analysis.qtype == "summary" and not [w for w in self._specific_words(analysis, set())
                                                if w.removesuffix("'s") not in WHOLE_WORK_WORDS]:
            # "summarise what this research found": the conclusions, wherever the thesis states them
            concluding = [s for s, title in index.section_titles.items()
                          if title.strip().lower() in CONCLUSION_TITLES]
            named = concluding
        if not named:
            for chapter_number, title in index.chapter_titles.items():
                title_words = {stem(w) for w in content_words(title)} | set(content_words(title))
                if title_words & wanted and not self._specific_words(analysis, title_words):
                    named = [s for s in index.sections if s.split(".")[0] == str(chapter_number)]
                    break
        return named

    def _focus(self, analysis: AnalysedQuestion, document: str | None) -> set[str]:
        """Sections a follow-up leans on: those its previous answer came from, unless the follow-up newly names
        other sections by their titles' words."""
        if not analysis.follow_up:
            return set()
        focus = self._previous_sections(analysis, document)
        if FOCUS_RENAMED:
            renamed = self._renamed_sections(analysis, document)
            if renamed and not renamed & focus and not self._holds(focus, self._new_terms(analysis), document):
                return renamed
        return focus

    def _new_terms(self, analysis: AnalysedQuestion) -> list:
        """The follow-up's own words its previous question did not say (roman numerals aside)."""
        said = set(words(analysis.previous_question))
        return [t for t in analysis.terms if t.own and t.word not in said and not is_roman(t.word)]

    def _holds(self, sections: set[str], terms: list, document: str | None) -> bool:
        """Some chunk of ``sections`` writes every one of ``terms`` (in some form): a follow-up naming a word of
        other sections' titles ("And in the control group?" after the intervention group's mean, where the same
        table gives the control group's) is still answered where its previous answer was."""
        if not sections or not terms:
            return False
        index = self.index
        held = {p for s in sections for p in index.sections.get(s, ())
                if not document or index.chunks[p].doc_id == document}
        postings = index.bm25.postings
        for term in terms:  # (a digit or roman form, "2" or "ii" for "second", is any table's number)
            held &= {p for f in term.forms if not f.isdigit() and not is_roman(f) for p, _ in postings.get(f, ())}
        return bool(held)

    def _renamed_sections(self, analysis: AnalysedQuestion, document: str | None) -> set[str]:
        """Sections whose own title has a word the follow-up newly names (one its previous question did not
        say: "And of the current sensor?" after the voltage sensor's, the section titled by "arus")."""
        new = self._new_terms(analysis)
        if not new:
            return set()
        named: dict[tuple[str, str], int] = {}
        for doc_id, section, title_words in self._title_entries(document):
            count = sum(bool(t.forms & title_words) for t in new)
            if count:
                named[doc_id, section] = count
        most = max(named.values(), default=0)
        found = {s for (doc_id, section), count in named.items() if count == most
                 for s in self._with_text(section, doc_id)}
        return found if len(found) <= FOCUS_RENAMED else set()

    def _previous_sections(self, analysis: AnalysedQuestion, document: str | None) -> set[str]:
        """Sections the previous answer came from: those it cites, else the ones the previous turn retrieves."""
        cited = {s for s in analysis.focus_sections if s in self.index.sections}
        if cited or not analysis.previous_answer:
            return cited
        # the turn as a whole, searched as a question is: the answer alone (often English over Indonesian text,
        # or a bare number) found the right section for 12 of 38 such dev follow-ups, the whole turn for 24
        turn = f"{analysis.previous_question} {analysis.previous_answer}".strip()
        found = self._retrieve(self.analyse(turn, analysis.language, document), 1, "hybrid", document)
        return {p.chunk.section_id for p in found.passages[:1]}

    def _title_words(self, sections: list[str], document: str | None = None) -> set[str]:
        """Words of the sections' titles, their parents' and their chapters'."""
        words: set[str] = set()
        for section in sections:
            positions = [p for p in self.index.sections[section] if not document or self.index.chunks[p].doc_id == document]
            chunk = self.index.chunks[(positions or self.index.sections[section])[0]]
            outline = self._outlines.get(chunk.doc_id, {})
            parents = [outline.get(".".join(section.split(".")[:n]), "") for n in range(1, section.count(".") + 1)]
            words |= _title_forms(" ".join([chunk.section_title, chunk.chapter_title, *parents]))
        return words

    def _specific_words(self, analysis: AnalysedQuestion, title_words: set[str]) -> list[str]:
        """Content words of a question that are neither about asking nor the named title."""
        out = []
        for term in analysis.terms:
            if not (term.own or analysis.follow_up) or not term.judged or is_roman(term.word):
                continue
            if term.forms & title_words:
                continue
            out.append(term.word)
        return out

    def _titled_sections(self, terms: list[str], document: str | None = None,
                         analysis: AnalysedQuestion | None = None) -> set[tuple[str, str]]:
        """(doc_id, section) of the sections with text whose title, or a parent's, has a question's word; with
        ``analysis`` and TITLE_BEST, only the titles naming most of the question's words."""
        wanted = set(terms)
        entries = [(doc_id, section, title_words) for doc_id, section, title_words in self._title_entries(document)
                   if any(self._doc_share(w, doc_id) < TITLE_COMMON for w in title_words & wanted)]
        if TITLE_BEST and analysis is not None and len(entries) > 1:
            counts = [sum(bool(t.forms & title_words) for t in analysis.terms) for _, _, title_words in entries]
            most = max(counts)
            entries = [entry for entry, count in zip(entries, counts) if count >= most - TITLE_BEST + 1]
        return {(doc_id, s) for doc_id, section, _ in entries for s in self._with_text(section, doc_id)}

    def _doc_share(self, term: str, doc_id: str) -> float:
        """The share of a document's chunks that hold an index term (or its stem); each term's postings are
        counted by document once."""
        held = self._shares.get(term)
        if held is None:
            chunks = self.index.chunks
            postings = self.index.bm25.postings.get(term) or self.index.bm25.postings.get(stem(term), ())
            counted: dict[str, int] = {}
            for position, _ in postings:
                counted[chunks[position].doc_id] = counted.get(chunks[position].doc_id, 0) + 1
            held = self._shares[term] = counted
        return held.get(doc_id, 0) / max(1, self._doc_sizes.get(doc_id, 0))

    @cached_property
    def _doc_sizes(self) -> dict[str, int]:
        """Each document's number of chunks."""
        sizes: dict[str, int] = {}
        for chunk in self.index.chunks:
            sizes[chunk.doc_id] = sizes.get(chunk.doc_id, 0) + 1
        return sizes

    def _with_text(self, section: str, document: str | None) -> list[str]:
        """The section itself when it has text (in ``document``), else its subsections that do, in
        reading order (a parent whose text is all in its subsections: "4.1" is 4.1.1, 4.1.2 ...)."""
        index = self.index

        def has_text(candidate: str) -> bool:
            return any(not document or index.chunks[p].doc_id == document for p in index.sections.get(candidate, ()))

        if has_text(section):
            return [section]
        prefix = section + "."
        return [s for s in index.sections if s.startswith(prefix) and has_text(s)]

    def _title_entries(self, document: str | None) -> list[tuple[str, str, frozenset[str]]]:
        """(doc_id, section, title words) of one document's sections, or of every document's."""
        entries = self._section_title_words
        if document:
            return entries.get(document, [])
        return [entry for doc_entries in entries.values() for entry in doc_entries]

    @cached_property
    def _outlines(self) -> dict[str, dict[str, str]]:
        """Each document's section titles (textless parents too); from the chunks for a bare index."""
        outlines = getattr(self.index, "outlines", None)
        if outlines:
            return outlines
        built: dict[str, dict[str, str]] = {}
        for chunk in self.index.chunks:
            built.setdefault(chunk.doc_id, {}).setdefault(chunk.section_id, chunk.section_title)
        return built

    @cached_property
    def _section_title_words(self) -> dict[str, list[tuple[str, str, frozenset[str]]]]:
        """Each document's sections with their title words and stems, once per loaded index (stemming
        every title at every question cost 5 ms at 500x)."""
        return {doc_id: [(doc_id, section, frozenset(content_words(title)) | {stem(w) for w in content_words(title)})
                         for section, title in outline.items()]
                for doc_id, outline in self._outlines.items()}

    @cached_property
    def _context_words(self) -> dict[tuple[str, str], frozenset[str]]:
        """(doc_id, section) -> the words of its title and its parents' titles."""
        out: dict[tuple[str, str], frozenset[str]] = {}
        for doc_id, outline in self._outlines.items():
            own = {section: _title_forms(title) for section, title in outline.items()}
            for section, forms in own.items():
                parts = section.split(".")
                context = set(forms)
                for n in range(1, len(parts)):
                    context |= own.get(".".join(parts[:n]), frozenset())
                out[doc_id, section] = frozenset(context)
        return out

    def knows(self, word: str, language: str, document: str | None = None) -> bool | None:
        """Whether the corpus has a word (English: via its dictionary translations); None when we
        cannot tell (an English word the dictionary does not know)."""
        word = word.lower()
        vocabulary = self.vocabulary_for(document)
        if vocabulary.knows(word) or vocabulary.translations(word, language):
            return True
        return False if (language == "id" or vocabulary.proposed(word, language)) else None

    def near(self, head: str, modifier: str, language: str, window: int = 3,
             translations: tuple[str, ...] | None = None, document: str | None = None) -> bool:
        """Whether the corpus ever puts ``modifier`` within ``window`` words after ``head``
        (a title followed by the name it is asked for); ``translations``: the head's, when analysed."""
        forms = {head.lower(), stem(head.lower())}
        if translations is None:
            translations = self.vocabulary_for(document).translations(head.lower(), language)
        for translation in translations:
            parts = translation.split()
            forms.update({translation, "".join(parts)})
        target = modifier.lower()
        for chunk in self.index.chunks_with(forms):
            if document and DOCUMENT_STATISTICS and chunk.doc_id != document:
                continue
            tokens = words(chunk.text)
            for i, token in enumerate(tokens):
                if token in forms or stem(token) in forms:
                    if target in tokens[i + 1 : i + 1 + window]:
                        return True
        return False


def asks_of_its_own(analysis: AnalysedQuestion) -> bool:
    """A follow-up that names enough of its own to be searched as itself (``OWN_SEARCH_WORDS``)."""
    if not analysis.follow_up or not analysis.resolved:
        return False
    return sum(1 for t in analysis.terms if t.own and t.judged) >= OWN_SEARCH_WORDS


def gloss_of(analysis: AnalysedQuestion) -> str:
    """An English question in the corpus' own words: each content word's corpus-used translations (a
    word with none, a name or number, as it is), in the question's order; empty when nothing translates."""
    out: list[str] = []
    translated = False
    for term in analysis.terms:
        if term.translations:
            translated = True
            out.extend(t for t in term.translations if t not in out)
        elif term.word not in out:
            out.append(term.word)
    return " ".join(out) if translated else ""


def _title_forms(title: str) -> frozenset[str]:
    """A title's words and their stems, stopwords included (a title's every word is chosen: "Posisi
    Kasus" is about "kasus" though running text uses it as a filler)."""
    found = words(title)
    return frozenset(found) | {stem(w) for w in found}


def as_langchain_retriever(retriever: Retriever, k: int = 4) -> Any:
    """The retriever in LangChain's shape (``BaseRetriever``), for users' own chains."""
    from assistant.langchain_adapters import ThesisRetriever

    return ThesisRetriever(retriever=retriever, k=k)
