"""The Python API: ``Assistant`` answers questions about the ingested thesis.

Read path: language -> retrieve -> select evidence -> refuse or generate -> verify citations.
Everything it needs (embedder, index view, BM25, generator) is loaded once per instance; when an
ingest swaps in a new index generation, the next question picks it up without a restart.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from assistant.answering.answer_language import answer_language
from assistant.answering.citations import is_refusal, verify
from assistant.core.markers import MarkerStream, stream_markers
from assistant.index.embeddings import get_embedder
from assistant.core.errors import (AssistantError, GeneratorUnavailableError, IndexCorruptError, QuestionError,
                                   StoreUnavailableError)
from assistant.answering.evidence import (choose, rerank, select_evidence, without_aim_passages, without_aims,
                                          without_other_numerals, without_reference_entries)
from assistant.answering.spans import answer_span
from assistant.answering.tables import table_span
from assistant.retrieval.foreground import Foreground
from assistant.generators import get_generator
from assistant.generators.base import Evidence, GenerationRequest, Generator
from assistant.generators.extractive import ExtractiveGenerator, quote_language
from assistant.retrieval.loaded_index import LoadedIndex
from assistant.answering.analysis import AnalysedQuestion, analyse
from assistant.core.language import detect_language
from assistant.answering.features import decision_features
from assistant.core.numbers import in_english
from assistant.answering.refusal import Decision, decide
from assistant.answering.tuning import tuning_for
from assistant.retrieval import retrieve as retrieve_module
from assistant.retrieval.retrieve import Retriever
from assistant.core.settings import Settings
from assistant.answering.structure import answer_front_follow_up, answer_structure
from assistant.answering.support import prepare as prepare_support
from assistant.core.types import Answer, Citation, Finished, Source, StreamEvent, TextDelta, Turn

log = logging.getLogger(__name__)

REFUSAL = {
    "id": "Tesis ini tidak membahas hal tersebut.",
    "en": "The thesis does not say.",
}
NEARBY = {
    "id": "Yang paling dekat dalam tesis (bagian {section}{label}): “{sentence}”",
    "en": "The closest it comes (section {section}{label}): “{sentence}”",
}
# The closest sentence's language, named when it is not the question's (a thesis may be written in English)
NEARBY_LABEL = {"id": {"en": ", dalam bahasa Inggris"}, "en": {"id": ", in Indonesian"}}
WARM_MAX_SENTENCES = 2000  # sentence vectors computed ahead for corpora up to this size
WARM_BATCH = 8  # sentences per warm-up step (~0.5 s on 2 cores): the longest a question waits behind it
WARM_SAVE_EVERY = 25  # warm-up steps between writes to the disk cache
# a pause after each warm-up step: the embedder's lock is not fair, and a thread that takes it again at once kept an
# ingest of the same process (not a question: those mark themselves busy) waiting for the whole warm-up
WARM_PAUSE = 0.005
FALLBACK_NOTE = {
    "unavailable": "The {name} generator failed ({error}); answered extractively instead.",
    "uncited": "The {name} generator gave no verifiable citation; answered extractively instead.",
    "missed": "The {name} generator's answer did not state what the thesis says; answered extractively instead.",
    "language": "The {name} generator answered in {written} twice; answered extractively instead.",
}
LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}


@dataclass(frozen=True)
class DocumentInfo:
    """What one loaded document holds."""

    doc_id: str
    title: str
    chapters: list[tuple[int, str]]
    sections: list[tuple[str, str]]


@dataclass(frozen=True)
class CorpusInfo:
    """What the assistant has loaded and who answers (for UI headers and `thesis-chat ask`)."""

    documents: list[DocumentInfo]
    generator: str
    embedder: str
    chunks: int


class Assistant:
    """Answers questions about the thesis in the question's language, with verified citations."""

    def __init__(self, settings: Settings | None = None, generator: Generator | str | None = None, *,
                 warm: bool = True) -> None:
        """``warm=False`` skips embedding a small corpus' sentences ahead: right for a one-question
        process (``thesis-chat ask``), where that background work would only compete with the question."""
        self.settings = settings or Settings.from_env()
        self._warm_ahead = warm
        self._foreground = Foreground()  # questions and searches in flight: the warm-up steps aside
        self.embedder = get_embedder(self.settings.embedder)
        self._lock = threading.Lock()
        self._index = LoadedIndex.load(self.settings, self.embedder)
        self.retriever = Retriever(self._index, self.embedder, self._foreground)
        if isinstance(generator, Generator):
            self.generator = generator
        else:
            self.generator = get_generator(generator or self.settings.generator, self.settings)
        self._extractive = ExtractiveGenerator(self.settings)
        self._warm(self._index)

    def _warm(self, index: LoadedIndex) -> None:
        """Build the word tables and embed a small corpus' sentences in the background, so that first questions
        are fast too."""
        if not self._warm_ahead:
            return
        threading.Thread(target=self._prepare_in_background, daemon=True, name="warm-tables").start()
        sentences = list(dict.fromkeys(s.text for c in index.chunks for s in c.sentences))
        if len(sentences) <= WARM_MAX_SENTENCES:
            threading.Thread(target=_warm_sentences, args=(weakref.ref(self), index, sentences), daemon=True,
                             name="warm-sentences").start()

    def _prepare_in_background(self) -> None:
        """Build the word tables the first questions would otherwise wait for (the dictionary's Indonesian stems
        verification reads, 2.7 s on 2 cores; the English loan spellings, 0.5 s; with retrieve.DOCUMENT_STATISTICS
        each document's view of the vocabulary, ~20 ms, and its abstracts' lexicon, ~150 ms), while no question is
        in flight."""
        try:
            self._foreground.wait_idle()
            prepare_support()
            self._foreground.wait_idle()
            self.retriever.vocabulary.prepare()
            if retrieve_module.DOCUMENT_STATISTICS:  # each document's own view, its abstracts' lexicon learnt
                index = self._index
                for doc_id in index.manifest.documents:
                    self._foreground.wait_idle()
                    index.vocabulary(self.embedder, doc_id).lexicon()
        except Exception:  # noqa: BLE001 - only saves time: a question builds what it needs
            log.warning("preparing the word tables stopped", exc_info=True)

    def _warm_in_background(self, index: LoadedIndex, sentences: list[str]) -> None:
        """Embed ``sentences`` a few at a time, each step only while no question is being answered."""
        _warm_sentences(weakref.ref(self), index, sentences)

    # ---- public API ---------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[Mapping[str, Any] | Turn] | None = None, k: int | None = None,
            document: str | None = None) -> Answer:
        """Answer one question (optionally with the conversation so far; ``document`` limits the
        answer to one loaded document: its doc_id, file stem or title)."""
        answer = None
        for event in self.stream(question, history=history, k=k, document=document):
            if isinstance(event, Finished):
                answer = event.answer
        assert answer is not None
        return answer

    def stream(
        self, question: str, history: Sequence[Mapping[str, Any] | Turn] | None = None, k: int | None = None,
        document: str | None = None,
    ) -> Iterator[StreamEvent]:
        """Yield ``TextDelta`` pieces of the answer text as they are ready, then one ``Finished``
        holding the final, verified ``Answer``.

        The final ``Finished.answer.text`` is authoritative: verification may remove an unsupported claim
        that was already streamed, or replace a failed LLM answer with the extractive one.
        Questions about the thesis' structure ("apa saja subbab di BAB VI?") are answered from the
        parsed structure, before any retrieval. ``document`` limits the answer to one document.
        """
        with self._foreground.busy():
            yield from self._events(question, history, k, document)

    def _events(
        self, question: str, history: Sequence[Mapping[str, Any] | Turn] | None, k: int | None, document: str | None,
    ) -> Iterator[StreamEvent]:
        """The events of ``stream`` (see there)."""
        question = self._check_question(question)
        turns = self._check_history(history)
        self._refresh_index()
        doc_id = self.resolve_document(document)
        k = k or self.settings.k
        language = detect_language(question)
        structural = answer_structure(question, language, self._index.manifest.documents, doc_id)
        if structural is None and turns:
            structural = answer_front_follow_up(question, turns, language, self._index.manifest.documents, doc_id)
        if structural is not None:
            yield TextDelta(structural.text)
            yield Finished(Answer(question, structural.text, language, structural.citations, (), structural.refused,
                                  "structure", (f"answered from the parsed structure ({structural.kind})",),
                                  answer_language(structural.text)))
            return
        try:
            analysis = analyse(question, turns, self._vocabulary(doc_id), language)
            plan = self._plan(analysis, turns=turns, k=k, doc_id=doc_id)
        except (IndexCorruptError, StoreUnavailableError):
            # an ingest (another process, or the web chat's upload) swapped in a new generation and dropped
            # the one this question was reading, after the check above: read the new one, once
            before = self._index
            self._refresh_index()
            if self._index is before:
                raise
            analysis = analyse(question, turns, self._vocabulary(doc_id), language)
            plan = self._plan(analysis, turns=turns, k=k, doc_id=doc_id)
        if plan.decision.refuse:
            text = self._refusal_text(language, plan.request.evidence)
            yield TextDelta(text)
            yield Finished(Answer(question, text, language, (), plan.sources, True, "refusal",
                                  (plan.decision.reason,), answer_language(text)))
            return
        yield from self._generate(plan)

    def _vocabulary(self, doc_id: str | None):  # noqa: ANN202 - a retrieval.vocabulary.Vocabulary
        """The vocabulary the question is analysed with: the corpus', or with ``retrieve.DOCUMENT_STATISTICS`` on
        the picked document's view; both are the loaded index' (built once, then an attribute read: no stage is
        entered before the analysis)."""
        if doc_id and retrieve_module.DOCUMENT_STATISTICS:
            return self._index.vocabulary(self.embedder, doc_id)
        return self.retriever.vocabulary

    def _plan(self, analysis: AnalysedQuestion, *, turns: tuple[Turn, ...], k: int, doc_id: str | None) -> _Plan:
        """Retrieve, select evidence, find the factoid span, and decide whether the thesis answers."""
        language, qtype = analysis.language, analysis.qtype
        tuning = tuning_for(self.embedder.id)
        result = self.retriever.retrieve(analysis, k=k, document=doc_id)
        result = replace(result, passages=without_aim_passages(analysis, result.passages, result.named_sections))
        scored = select_evidence(analysis=analysis, retrieval=result, index=self._index, embedder=self.embedder)
        ranked = scored  # the decision's margins read every sentence; a Daftar Pustaka entry is never quoted
        scored = without_reference_entries(analysis, scored, result.named_sections)
        scored = without_aims(analysis, scored, result.named_sections)
        scored = without_other_numerals(analysis, scored)
        if not result.named_sections:  # the passage holding the best sentence is the first source
            result = replace(result, passages=rerank(result.passages, scored))
        span = answer_span(analysis=analysis, evidence=scored, idf=result.idf or self._index.bm25.idf)
        evidence = choose(analysis=analysis, evidence=scored, retrieval=result, margin=tuning.margin,
                          cross_share=tuning.cross_section_share)
        if span is not None:  # the sentence that holds the answer is the one to quote first
            first = [span.evidence] + ([span.source] if span.source else [])  # then the sentence naming it
            evidence = first + [e for e in evidence if e.sentence not in {f.sentence for f in first}]
        features = decision_features(analysis=analysis, evidence=evidence, span_found=span is not None,
                                     head_absent=result.head_absent, modifier_mismatch=result.modifier_apart,
                                     passages=result.passages, idf=result.idf or self._index.bm25.idf, ranked=ranked,
                                     glossary=result.glossary)
        decision = decide(analysis=analysis, retrieval=result, evidence=evidence, features=features, tuning=tuning,
                          answer_span=span.text if span else None)
        if decision.evidence:  # a false premise: what the thesis states instead is quoted first, no span
            evidence = list(decision.evidence) + [e for e in evidence if e.sentence not in
                                                  {d.sentence for d in decision.evidence}]
            span = None
        passages = list(result.passages)
        if not decision.evidence and not decision.refuse:
            # a follow-up asking the previous question of another row or column of a table: the cell it moves to
            # is the answer, its row the first quote (the decision read the evidence as retrieval ranked it)
            cell = table_span(analysis=analysis, evidence=scored, passages=result.passages, adjacent=self._adjacent)
            if cell is not None:
                span = cell
                evidence = [cell.evidence] + [e for e in evidence if e.sentence != cell.evidence.sentence]
                # the table it is read from is the first source (its rows may be the chunk after a retrieved caption)
                held = cell.evidence.passage.chunk.chunk_id
                first = next((p for p in passages if p.chunk.chunk_id == held), cell.evidence.passage)
                passages = [first] + [p for p in passages if p.chunk.chunk_id != held]
        question, standalone = analysis.question, analysis.standalone
        log.info("question=%r language=%s type=%s decision=%s", question[:80], language, qtype, decision.reason)
        request = GenerationRequest(
            question=question,
            standalone_question=standalone,
            language=language,
            question_type=qtype,
            # (with the chunks of quoted sentences retrieval did not return: what a sentence announces)
            passages=tuple(passages) + tuple(dict.fromkeys(
                e.passage for e in evidence if e.passage.chunk.chunk_id not in {p.chunk.chunk_id for p in passages})),
            evidence=tuple(evidence),
            history=turns,
            answer_span=(in_english(span.text, span.kind) if language == "en" else span.text) if span else None,
            named_sections=result.named_sections,
            premise_absent=decision.correction,
        )
        return _Plan(request, tuple(_source(p) for p in passages), decision, features, span)

    def _generate(self, plan: _Plan) -> Iterator[StreamEvent]:
        """Stream the generator's answer with safe markers, verify it, fall back to extractive if needed.

        An LLM that says the thesis does not say is a refusal; an LLM answer in the wrong language
        is asked for once more, firmly, and then replaced by the extractive answer."""
        request, passages = plan.request, list(plan.request.passages)
        question, language = request.question, request.language
        allowed = {p.chunk.section_id for p in passages}
        markers = MarkerStream(allowed)
        notes: list[str] = []
        generator = self.generator
        extractive = isinstance(generator, ExtractiveGenerator)
        pieces: list[str] = []
        written: str | None = None
        try:
            for piece in generator.stream(request):
                safe = markers.feed(piece)
                if safe:
                    pieces.append(safe)
                    yield TextDelta(safe)
            rest = markers.close()
            if rest:
                pieces.append(rest)
                yield TextDelta(rest)
            raw = "".join(pieces)
            for attempt in (1, 2):
                if attempt == 2:  # the first answer was in the other language: once more, firmly
                    notes.append(f"The {generator.name} generator answered in {LANGUAGE_NAMES[written]}; "
                                 "asked again.")
                    raw = "".join(stream_markers(generator.stream(replace(request, firm_language=True)), allowed))
                verified = verify(raw, passages, language, self._similarity, self.settings.embedder,
                                  None if extractive else question)  # an LLM's bare answer must answer this
                if extractive:
                    break
                if not verified.citations and is_refusal(raw):
                    text = self._refusal_text(language, request.evidence)
                    notes.append(f"The {generator.name} generator found no answer in the passages.")
                    yield Finished(Answer(question, text, language, (), plan.sources, True, generator.name,
                                          tuple(notes), answer_language(text)))
                    return
                written = answer_language(raw)
                if written is None or written == language:
                    break
            else:
                raise _Uncited("language")
            if not verified.citations:
                raise _Uncited("uncited")
            if request.answer_span and request.answer_span.lower() not in verified.text.lower():
                raise _Uncited("missed")  # the thesis names the date/name/number; an answer must state it
        except (GeneratorUnavailableError, _Uncited) as exc:
            if extractive:
                # quotes that do not verify mean the evidence cannot be cited: say so rather than guess
                text = self._refusal_text(language, request.evidence)
                yield Finished(Answer(question, text, language, (), plan.sources, True, "refusal",
                                      ("no evidence sentence could be verified",), answer_language(text)))
                return
            key = str(exc) if isinstance(exc, _Uncited) else "unavailable"
            notes.append(FALLBACK_NOTE[key].format(name=generator.name, error=exc,
                                                   written=LANGUAGE_NAMES.get(written or "", written)))
            generator = self._extractive
            verified = verify("".join(self._extractive.stream(request)), passages, language, self._similarity,
                              self.settings.embedder)
        if verified.removed:
            notes.append(f"removed {len(verified.removed)} unsupported claim(s)")
        yield Finished(Answer(question, verified.text, language, self._placed(verified.citations), plan.sources,
                              False, generator.name, tuple(notes), answer_language(verified.text)))

    def info(self) -> CorpusInfo:
        """The loaded documents (titles, chapters, sections) and which generator answers; a new index
        generation written since the last call is picked up first."""
        self._refresh_index()
        documents = [
            DocumentInfo(
                doc_id,
                entry.get("title", doc_id),
                [(int(n), str(t)) for n, t in entry.get("chapters", [])],
                [(str(s[0]), str(s[1])) for s in entry.get("sections", [])],
            )
            for doc_id, entry in self._index.manifest.documents.items()
        ]
        return CorpusInfo(documents, self.generator.describe(), self.embedder.describe(), len(self._index.chunks))

    def resolve_document(self, name: str | None) -> str | None:
        """The doc_id a user's document name means (doc_id, file name, stem or title, any case);
        None for no limit; QuestionError listing the loaded documents when nothing matches."""
        if name is None or not str(name).strip():
            return None
        documents = self._index.manifest.documents
        wanted = str(name).strip().lower()
        for doc_id, entry in documents.items():
            names = {doc_id.lower(), doc_id.rsplit("/", 1)[-1].lower(), str(entry.get("title", "")).lower()}
            names.add(doc_id.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower())
            if wanted in names:
                return doc_id
        raise QuestionError(f"no loaded document is called {name!r}: choose one of {', '.join(documents)}.")

    # ---- internals ----------------------------------------------------------------------------

    def _placed(self, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
        """Citations with the document and page they quote (looked up from their chunks)."""
        out = []
        for citation in citations:
            position = self._index.by_id.get(citation.chunk_id)
            if position is None:
                out.append(citation)
                continue
            chunk = self._index.chunks[position]
            page = next((s.page for s in chunk.sentences if s.start == citation.start), chunk.page)
            out.append(replace(citation, doc_id=chunk.doc_id, page=page))
        return tuple(out)

    def _adjacent(self, chunk: Any, step: int) -> Any:
        """The chunk ``step`` places from ``chunk`` in its document's section, or None."""
        position = self._index.by_id.get(chunk.chunk_id)
        if position is None or not 0 <= position + step < len(self._index.chunks):
            return None
        other = self._index.chunks[position + step]
        return other if (other.doc_id, other.section_id) == (chunk.doc_id, chunk.section_id) else None

    def _check_question(self, question: Any) -> str:
        if not isinstance(question, str):
            raise QuestionError(f"a question must be text, not {type(question).__name__}.")
        cleaned = "".join(ch for ch in question if ch.isprintable() or ch in "\n\t").strip()
        if not cleaned:
            raise QuestionError("the question is empty: type a question about the thesis.")
        if len(cleaned) > self.settings.max_question_chars:
            raise QuestionError(
                f"the question is {len(cleaned):,} characters long; the limit is {self.settings.max_question_chars:,}: "
                "shorten it (or raise THESIS_MAX_QUESTION_CHARS)."
            )
        if not any(ch.isalnum() for ch in cleaned):
            raise QuestionError("the question has no words: ask about the thesis in Indonesian or English.")
        return cleaned

    def _check_history(self, history: Sequence[Mapping[str, Any] | Turn] | None) -> tuple[Turn, ...]:
        if history is None:
            return ()
        if isinstance(history, (str, bytes)) or not isinstance(history, Sequence):
            raise QuestionError("history must be a list of {'role': 'user'|'assistant', 'content': str} entries.")
        turns: list[Turn] = []
        for i, item in enumerate(history):
            if isinstance(item, Turn):
                turns.append(item)
                continue
            if not isinstance(item, Mapping) or item.get("role") not in ("user", "assistant") or not isinstance(
                item.get("content"), str
            ):
                raise QuestionError(
                    f"history entry {i} is malformed ({str(item)[:60]!r}): each entry must be "
                    "{'role': 'user' or 'assistant', 'content': '...'}."
                )
            turns.append(Turn(item["role"], item["content"][: self.settings.max_question_chars * 4]))
        return tuple(turns[-2 * self.settings.max_history_turns :])

    def _refresh_index(self) -> None:
        """Pick up a new index generation (or recover from a broken one) without a restart."""
        with self._lock:
            if not self._index.generation_changed():
                return
            self._index = LoadedIndex.load(self.settings, self.embedder)
            self.retriever = Retriever(self._index, self.embedder, self._foreground)
            self._warm(self._index)

    def _similarity(self, claim: str, sentences: list[str]) -> list[float]:
        """Cosine between a claim and source sentences (sentence vectors cached per index)."""
        claim_vector = self.embedder.embed_passages([claim])[0]
        return [float(np.dot(claim_vector, v)) for v in self._index.sentence_vectors(sentences, self.embedder)]

    def _refusal_text(self, language: str, evidence: Sequence[Evidence]) -> str:
        """The refusal in the question's language, with the closest sentence when one is close."""
        text = REFUSAL[language]
        if evidence and evidence[0].score >= tuning_for(self.embedder.id).nearby_min:
            best = evidence[0]
            label = NEARBY_LABEL.get(language, {}).get(quote_language(best), "")
            text += " " + NEARBY[language].format(section=best.passage.chunk.section_id, label=label,
                                                  sentence=best.sentence.text)
        return text


@dataclass(frozen=True)
class _Plan:
    """What the read path decided before any text is generated."""

    request: GenerationRequest
    sources: tuple[Source, ...]
    decision: Decision
    features: dict[str, float] | None = None  # what the decision read (for the fitting script)
    span: Any = None  # the factoid span found, if any


class _Uncited(AssistantError):
    """An LLM answer with no citation that survived verification."""


def _source(passage: Any) -> Source:
    chunk = passage.chunk
    return Source(chunk.chunk_id, chunk.doc_id, chunk.section_id, chunk.section_title, chunk.text,
                  round(passage.score, 4), passage.rank, chunk.page)


def timed_ask(bot: Assistant, question: str) -> tuple[Answer, float]:
    """An answer and its wall time in milliseconds (used by the evaluation and benchmarks)."""
    start = time.perf_counter()
    answer = bot.ask(question)
    return answer, (time.perf_counter() - start) * 1000


def _warm_sentences(owner: weakref.ref[Assistant], index: LoadedIndex, sentences: list[str]) -> None:
    """Embed ``sentences`` a few at a time, each step only while no question is being answered: on 2 cores a
    warm-up that ran beside the questions made the first ones 10-20 times slower. The thread holds its assistant
    only weakly: an assistant let go (a test's, a replaced one) stops warming instead of holding the embedder."""
    try:
        for step, start in enumerate(range(0, len(sentences), WARM_BATCH), start=1):
            bot = owner()
            if bot is None or index is not bot._index:
                return  # let go, or a newer generation took over (it warms itself)
            foreground, embedder = bot._foreground, bot.embedder
            del bot
            foreground.wait_idle()
            index.sentence_vectors(sentences[start : start + WARM_BATCH], embedder, save=False)
            time.sleep(WARM_PAUSE)
            if step % WARM_SAVE_EVERY == 0:
                index.save_sentences(sentences[: start + WARM_BATCH])
        index.save_sentences(sentences)
    except Exception:  # noqa: BLE001 - the warm-up only saves time; questions embed what they need
        log.warning("warming the sentence vectors stopped", exc_info=True)
