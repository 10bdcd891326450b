"""Evidence: the sentences inside the retrieved paragraphs that answer the question, and the exact
span a factoid question asks for (a date, a name, a number, a concept)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

import numpy as np

from assistant.answering.analysis import AnalysedQuestion
from assistant.answering.spans import forms_of, type_fit
from assistant.answering.tuning import tuning_for
from assistant.core.language import sentence_language
from assistant.core.numbers import counts, parse_digits, quantities
from assistant.core.parts import ASKS_AIM, NAMED_PARTS, SOURCE_WORDS, is_aim_part
from assistant.core.dictionary import get_dictionary
from assistant.core.text import content_words, index_terms, stopwords, words
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, Passage
from assistant.index.embeddings import Embedder
from assistant.retrieval.loaded_index import LoadedIndex
from assistant.retrieval.retrieve import FOCUS_WEIGHT, RetrievalResult

# How many sentences each kind of question gets (at most: those within the margin of the best one). A number or
# a name gets two: the sentence stating the value asked is often the second best, close to the best (dev split).
SENTENCES_FOR = {"when": 1, "who": 2, "number": 2, "which": 3, "yesno": 2, "why": 3, "how": 3, "summary": 5,
                 "section": 4, "other": 3}
# Weight of the question's (idf-weighted) words found in a sentence, beside e5 cosine.
LEXICAL_WEIGHT = 0.2
# Extra sentences are quoted only when they score this close to the best one.
MARGIN = 0.06
# A quote from another section than the best sentence's must come this much closer to it (a share
# of the margin): a second section cited on a weaker match is more often wrong than informative.
CROSS_SECTION_SHARE = 0.5
# Sentences opening with these lean on the one before ("Karena ...", "Hal ini ...", "Temuan ini ...",
# "This is because ..."): quoted with it. Grammar words of either language, no topic.
CONTINUATIONS = re.compile(
    r"^(?:Karena|Sebab|Sehingga|Hal ini|Hal tersebut|Oleh karena itu|Oleh sebab itu|Dengan demikian|Jadi|Maka"
    r"|Akibatnya|Artinya"
    r"|Because|Therefore|Thus|Hence|So|As a result|This|These|That|Such)\b")
# ... and, inside one paragraph, sentences that open on a demonstrative ("Anggaran tersebut digunakan ...",
# "Temuan ini dapat dijelaskan ...").
REFERS_BACK = re.compile(r"^[A-Z][\w-]*(?:\s+[\w-]+)?\s+(?:ini|itu|tersebut)\b")
# Kinds whose best sentence is quoted with the next one of its paragraph: the reason, the manner, the
# yes or no, or the items asked for are often told in the sentence after the one naming the thing asked
# about ("... membeli krim X. Halaman produk menyatakan ..., padahal produk tersebut tidak memiliki ...").
# Chosen on the dev split: why+how raised why/how key facts, yesno+which raised yesno and list ones.
EXPLAINED = frozenset({"why", "how", "yesno", "which"})
# An enumeration's items: "Pertama, ...", "Kedua, ...", "First, ...", "1. ...", "a) ...". A sentence that
# announces them (ends with ":", or the next sentence is the first item) is quoted with its items.
ITEM = re.compile(
    r"^(?:(?:Pertama|Kedua|Ketiga|Keempat|Kelima|Keenam|Ketujuh|Kedelapan|Kesembilan|Kesepuluh|Terakhir"
    r"|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Finally|Lastly)(?:ly)?\b"
    r"|\(?(?:\d{1,2}|[a-jA-J])[.)]\s)")
# ... an item for certain: a numbered or lettered one, or an ordinal word with its comma ("Kedua, ..."; "Keempat
# variabel tersebut ..." is "the four variables")
MARKED_ITEM = re.compile(
    r"^(?:(?:Pertama|Kedua|Ketiga|Keempat|Kelima|Keenam|Ketujuh|Kedelapan|Kesembilan|Kesepuluh|Terakhir"
    r"|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Finally|Lastly)(?:ly)?\s*,"
    r"|\(?(?:\d{1,2}|[a-jA-J])[.)]\s)")
# A sentence that counts what it names ("... mengajukan empat variabel", "beberapa saran", "three reasons"):
# the items may follow in paragraphs of their own
COUNTED = re.compile(r"\b(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|beberapa|sejumlah"
                     r"|two|three|four|five|six|seven|eight|nine|ten|several|various)\b", re.IGNORECASE)
# Kinds asking one value: the list or the excerpt a sentence leads into is not fetched for them
ONE_VALUE = frozenset({"when", "who", "number"})
QUOTATION = re.compile(r"^[\"“]")  # a paragraph of someone's words (an interview excerpt) opens with a quotation mark
LEAD_REST = 1  # sentences of its paragraph after a chosen one that leads into a list of item paragraphs, at most
MAX_ITEMS = 8  # sentences an announced enumeration may add (its items and what sits between them)
# A sentence that announces what comes next without a colon: "... disajikan pada tabel berikut.",
# "... sebagai berikut", "... as follows.", "... in the following table."
ANNOUNCES = re.compile(r"(?:\bberikut(?:\s+ini)?|\bas follows|\bbelow|\bthe following(?:\s+\w+)?)\s*[.:]?\s*$",
                       re.IGNORECASE)
# A table's caption opens its sentence with its title ("Tabel 4.2 Alasan ..."); another sentence may refer
# to it by number ("Tabel 4.1 menunjukkan bahwa ...", "... disajikan pada Tabel 4.5").
TABLE_CAPTION = re.compile(r"^(?:Tabel|Table)\s+(\d+(?:\.\d+)*)\.?\s+[A-Z]")
TABLE_REFERENCE = re.compile(r"\b(?:Tabel|Table)\s+(\d+(?:\.\d+)*)\b")
# Words that give a reason or a manner (grammar words of either language): a why-question's answer
# holds the first, a how-question's the second ("... karena keterbatasan anggaran", "... diuji dengan uji t").
MARKERS = {
    "why": re.compile(r"\b(?:karena|dikarenakan|sebab|disebabkan|penyebab|akibat|lantaran|alasan|because|due to"
                      r"|owing to|caused|reason|as a result)\b", re.IGNORECASE),
    "how": re.compile(r"\b(?:dengan cara|melalui|menggunakan|di\w+\s+(?:dengan|secara)|by\s+\w+ing|by means of|using"
                      r"|through|\w+ed\s+(?:with|by))\b", re.IGNORECASE),
}

# A question asking what the thesis advises, and the words a sentence gives advice with (the genre's and
# grammar's words of either language): "What does the author recommend ...?" is answered by "... sebaiknya ...".
ASKS_ADVICE = re.compile(r"\b(?:recommend\w*|suggest\w*|advi[cs]e\w*|saran\w*|menyarankan|merekomendasikan"
                         r"|rekomendasi\w*)\b", re.IGNORECASE)
ADVISES = re.compile(r"\b(?:sebaiknya|hendaknya|disarankan|direkomendasikan|menyarankan|merekomendasikan|perlu"
                     r"|should|recommend\w*|suggest\w*|advised)\b", re.IGNORECASE)


# What a question asking for a source says the source is for: the statement after "bahwa" / "that", else
# after "untuk" / "for" ("... yang dikutip untuk pernyataan bahwa X?", "... cite for the definition of X?").
# The sentence of the best ones closest to it is the one whose notes answer (the source words match nothing).
CLAIM = re.compile(r"\b(?:bahwa|that)\s+(.+)$|\b(?:untuk|for)\s+(?!(?:bahwa|that)\b)(?!.*\b(?:bahwa|that)\b)(.+)$",
                   re.IGNORECASE)
CLAIM_CANDIDATES = 8  # body sentences of the best ones read against it

# A summary quotes the best sentence's section: its sentences scoring at least this share of the best
# (fitted on the dev split's summary questions, see the commit that set it).
SUMMARY_SHARE = 0.3
OVERVIEW_SENTENCES = 8  # opening sentences quoted when a question asks what sections say
POOL_PASSAGES = 3  # a factoid's sentences come from this many best passages
# A follow-up's words from the previous question count this much in a sentence's lexical match
# (its own words count 1): "And after the second cycle?" asks about the second cycle, not the first.
PREVIOUS_TURN_WEIGHT = 0.5
# An English question's sentences are ranked (``ranking_features``) with each of its words counted once in their
# lexical match, by the rarest of the word's forms a sentence has: a word's several dictionary translations are
# alternatives (one of them the corpus' sense, others another trade's: "water" -> air, menangis), most of them
# absent from any one sentence, and counted form by form they made an English question's lexical match small and
# noisy. The decision still reads the form-by-form match it was fitted on. Dev (2026-12-02, 1171 questions):
# English section hit@1 0.833 -> 0.844, key facts 0.795 -> 0.803; Indonesian unchanged. Not for a follow-up, whose
# words of the turn before are weighed apart (PREVIOUS_TURN_WEIGHT): grouped too, two English follow-ups were lost.
GROUPED_LEXICAL = True


def select_evidence(*, analysis: AnalysedQuestion, retrieval: RetrievalResult, index: LoadedIndex,
                    embedder: Embedder) -> list[Evidence]:
    """Every sentence of the top passages, scored, best first (``choose`` keeps what an answer quotes)."""
    passages, named_sections, overview = retrieval.passages, retrieval.named_sections, retrieval.overview
    query_vector = retrieval.query_vector
    if not passages:
        return []
    if overview and analysis.qtype != "summary":  # what a section says: each paragraph's opening sentence
        openings: dict[tuple[str, str, int], Passage] = {}
        for p in passages:
            key = (p.chunk.doc_id, p.chunk.section_id, p.chunk.paragraph_index)
            if p.chunk.section_id in named_sections and p.chunk.sentences:
                if key not in openings or p.chunk.start < openings[key].chunk.start:
                    openings[key] = p
        ordered = sorted(openings.values(), key=lambda p: (p.chunk.doc_id, p.chunk.start))
        return [Evidence(p, p.chunk.sentences[0], 1.0) for p in ordered]
    candidates = evidence_pool(analysis=analysis, retrieval=retrieval)
    if not candidates:
        return []
    model = tuning_for(embedder.id).sentence
    scored = []
    for passage, sentence, features in candidate_features(
            analysis=analysis, candidates=candidates, query_vector=query_vector, index=index, embedder=embedder,
            idf=retrieval.idf):
        scored.append(ScoredEvidence(passage, sentence, model.probability(ranking_features(features)), features))
    scored = _questions_last(scored)
    scored = _body_over_summary(scored, index, embedder)
    scored.sort(key=lambda e: -e.score)
    if analysis.follow_up and analysis.previous_answer and len(scored) > 1:
        scored = _not_said_before(analysis=analysis, scored=scored, index=index, embedder=embedder)
    scored = _with_what_follows(_dedupe(scored), index, leads=analysis.qtype not in ONE_VALUE)
    if analysis.asks_source:
        found = CLAIM.search(analysis.question)
        claim = (found.group(1) or found.group(2)) if found else ""
        body = [e for e in scored if e.passage.chunk.kind != "footnote"][:CLAIM_CANDIDATES]
        if len(content_words(claim)) >= 2 and body:  # the sentence stating what the source is for, of those citing one
            vector = embedder.embed_query(claim)
            similarity = [float(np.dot(vector, v)) for v in index.sentence_vectors([e.sentence.text for e in body],
                                                                                   embedder)]
            # the notes naming the question's words outside the statement ("buku *Hasibuan* yang dikutip untuk
            # pernyataan bahwa ...", "Which article of *Law Number 23* ... cite for ...") point at their sentence
            # (names and numbers only: a question's other words ask how, and 'view' is also a note's 'Lihat')
            asked = analysis.question[:found.start()] if found else ""
            named_words = _names_and_numbers(asked)
            outside = ({t for w in named_words for t in index_terms(w)}
                       | {f for t in analysis.terms if t.word in named_words for f in t.forms})
            named = [bool(outside & {t for n in _cited_notes(e.passage.chunk, index) for t in index_terms(n.text)})
                     for e in body]
            order = sorted(range(len(body)), key=lambda i: (-named[i], -similarity[i]))
            ordered = [body[i] for i in order]
            top = next((e for e in ordered if _cited_notes(e.passage.chunk, index)), ordered[0])
            scored = _notes_first(analysis, scored, index, top=top)
        elif analysis.follow_up and analysis.previous_answer and _naming_notes(analysis, scored, index):
            # "Is he cited anywhere as a source?": the notes naming whom the previous answer named
            notes = _naming_notes(analysis, scored, index)
            best = scored[0]
            items = [replace(best, passage=replace(best.passage, chunk=replace(n, sentences=(_whole_note(n),))),
                             sentence=_whole_note(n)) for n in notes]
            held = {(n.doc_id, n.section_id, n.paragraph_index) for n in notes}
            scored = items + [e for e in scored if (e.passage.chunk.doc_id, e.passage.chunk.section_id,
                                                    e.passage.chunk.paragraph_index) not in held]
        elif max(scored, key=lambda e: e.score).passage.chunk.kind != "footnote":  # a note best matches: it answers
            scored = _notes_first(analysis, scored, index)
    return scored


# A thesis' abstract restates sentences of its body (the same facts, shorter, perhaps in the other language):
# an abstract sentence this close (e5 cosine) to a body sentence among the evidence gives that sentence its
# place, since the body is where the fact is stated, with what surrounds it.
SUMMARY_PARTS = frozenset({"Abstrak", "Abstract", "Intisari", "Ringkasan"})
RESTATES = 0.9


def _body_over_summary(scored: list[ScoredEvidence], index: LoadedIndex, embedder: Embedder) -> list[ScoredEvidence]:
    """Each abstract sentence that restates a body sentence of the evidence (cosine >= ``RESTATES``, every
    number of it stated there too) trades scores with it when it scores higher: the body sentence is the one
    quoted and cited."""
    summary = [i for i, e in enumerate(scored) if e.passage.chunk.section_id in SUMMARY_PARTS]
    body = [i for i, e in enumerate(scored) if e.passage.chunk.section_id not in SUMMARY_PARTS
            and e.passage.chunk.kind == "text"]
    if not summary or not body:
        return scored
    vectors = index.sentence_vectors([e.sentence.text for e in scored], embedder)
    out = list(scored)
    taken: set[int] = set()
    for i in sorted(summary, key=lambda i: -scored[i].score):
        close = [(float(np.dot(vectors[i], vectors[j])), j) for j in body if j not in taken]
        similarity, j = max(close, default=(0.0, -1))
        if similarity >= RESTATES and out[j].score < out[i].score and _states_numbers_of(out[j], out[i]):
            out[i], out[j] = replace(out[i], score=out[j].score), replace(out[j], score=out[i].score)
            taken.add(j)
    return out


def _numbers_of(item: Evidence) -> set[float]:
    """The values a sentence states, its digits read the way its language writes them."""
    text = item.sentence.text
    return {q.value for q in quantities(text, item.sentence.language or sentence_language(text))}


def _states_numbers_of(body: Evidence, summary: Evidence) -> bool:
    """The body sentence states every number the abstract's sentence does (a restatement adds, never drops, a
    figure: a hypothesis or an aim close to an abstract's finding states none of its figures)."""
    return _numbers_of(summary) <= _numbers_of(body)


def _naming_notes(analysis: AnalysedQuestion, scored: list[Evidence], index: LoadedIndex) -> list[Chunk]:
    """The notes of the evidence's documents naming at least two of the words the previous answer gave that
    its question did not (a name: "Dr. H. Ahmad Syarifuddin"), most such words first (at most two notes)."""
    given = set(re.findall(r"\b[A-Z][a-z]{2,}\b", analysis.previous_answer))
    given = {w.lower() for w in given} - set(index_terms(analysis.previous_question)) - set(index_terms(analysis.question))
    if len(given) < 2:
        return []
    documents = {e.passage.chunk.doc_id for e in scored}
    found = []
    for chunk in index.chunks:
        if chunk.kind == "footnote" and chunk.doc_id in documents and chunk.sentences:
            shared = len(given & set(index_terms(chunk.text)))
            if shared >= 2:
                found.append((-shared, chunk.doc_id, chunk.start, chunk))
    return [c for *_, c in sorted(found, key=lambda f: f[:3])][:2]


def _names_and_numbers(text: str) -> set[str]:
    """The capitalised words (not the opening one) and the numbers of a text, lower-cased."""
    return {w.lower() for w in re.findall(r"(?<!^)\b(?:[A-Z][\w-]+|\d[\d.,]*)", text.strip())}


def _cited_notes(chunk: Chunk, index: LoadedIndex) -> list[Chunk]:
    """The notes a paragraph cites: the footnotes right after it in its section (before its next text)."""
    after = [index.chunks[i] for i in index.sections.get(chunk.section_id, ())
             if index.chunks[i].doc_id == chunk.doc_id and index.chunks[i].paragraph_index > chunk.paragraph_index]
    notes = []
    for other in sorted(after, key=lambda c: (c.paragraph_index, c.start)):
        if other.kind != "footnote":
            break
        notes.append(other)
    return notes


def _whole_note(note: Chunk) -> Sentence:
    """A note quoted whole: its abbreviations ("Op. Cit.", "terj.") are no sentence ends."""
    first, last = note.sentences[0], note.sentences[-1]
    return replace(first, text=" ".join(s.text for s in note.sentences), end=last.end)


def _notes_first(analysis: AnalysedQuestion, scored: list[EvidenceT], index: LoadedIndex,
                 top: EvidenceT | None = None) -> list[EvidenceT]:
    """A question asking for a source is answered by the notes of the best sentence's section: the
    footnotes its paragraph cites (the notes right after it), else the next ones of its section, come
    first, each scored as the sentence they are the source of (a note naming the question's words
    first). When the best sentence is a note itself, it stays the answer."""
    top = top or next((e for e in scored if e.passage.chunk.kind != "footnote"), None)
    if top is None:
        return scored
    chunk = top.passage.chunk
    notes = [index.chunks[i] for i in index.sections.get(chunk.section_id, ())
             if index.chunks[i].doc_id == chunk.doc_id and index.chunks[i].kind == "footnote"
             and index.chunks[i].paragraph_index > chunk.paragraph_index]
    if not notes:
        return scored
    text_after = [index.chunks[i].paragraph_index for i in index.sections.get(chunk.section_id, ())
                  if index.chunks[i].doc_id == chunk.doc_id and index.chunks[i].kind != "footnote"
                  and index.chunks[i].paragraph_index > chunk.paragraph_index]
    cited = [n for n in notes if not text_after or n.paragraph_index < min(text_after)]
    if not cited:  # the paragraph cites nothing: the notes its section gives next
        first = min(n.paragraph_index for n in notes)
        end = min((i for i in text_after if i > first), default=None)
        cited = [n for n in notes if end is None or n.paragraph_index < end]
    words = set(analysis.query_terms)
    cited.sort(key=lambda n: (-len(words & set(index_terms(n.text))), n.paragraph_index, n.start))
    passage = top.passage
    wholes = [(n, _whole_note(n)) for n in dict.fromkeys(cited) if n.sentences]
    items = [replace(top, passage=replace(passage, chunk=replace(n, sentences=(whole,))), sentence=whole)
             for n, whole in wholes]
    held = {(n.doc_id, n.section_id, n.paragraph_index) for n in cited}
    return items + [e for e in scored if (e.passage.chunk.doc_id, e.passage.chunk.section_id,
                                          e.passage.chunk.paragraph_index) not in held]


# A figure's caption ("Gambar 4.1 Tampilan ...", "Figure 2 ..."): the title of a picture the text does not hold.
FIGURE_CAPTION = re.compile(r"^(?:Gambar|Figure|Fig\.|Grafik|Diagram|Bagan)\s+\d+(?:\.\d+)*\.?\s")
# An abstract's line of keywords ("Kata kunci: ...", "Keywords: ...").
KEYWORDS_LINE = re.compile(r"^(?:Kata[ -]kunci|Keywords?|Key words)\s*:", re.IGNORECASE)


def _states_nothing(text: str) -> bool:
    """A sentence that asks a question (a research question: "... manakah yang paling dominan ...?"), a
    figure's caption or an abstract's keywords: it names what is asked about without saying anything of it."""
    return (text.rstrip().rstrip("”\"'").endswith("?") or bool(FIGURE_CAPTION.match(text))
            or bool(KEYWORDS_LINE.match(text)))


def _questions_last(scored: list[ScoredEvidence]) -> list[ScoredEvidence]:
    """Sentences that state nothing (``_states_nothing``) score below every sentence that does: they answer
    only when nothing else is there."""
    stating = [e.score for e in scored if not _states_nothing(e.sentence.text)]
    if not stating or len(stating) == len(scored):
        return scored
    floor = min(stating) - 1e-3
    return [replace(e, score=min(e.score, floor)) if _states_nothing(e.sentence.text) else e for e in scored]


ANNOUNCING_CHECKED = 3  # the best sentences whose announced list or table is fetched when retrieval left it out
FOLLOWING_CHUNKS = 2  # ... from at most this many chunks after theirs, in their section


def announces(text: str) -> bool:
    """The sentence announces what follows ("... adalah :", "... tabel berikut.") or points at a table or at a
    numbered equation ("... dinyatakan pada persamaan (2.1)")."""
    return (text.rstrip().endswith(":") or bool(ANNOUNCES.search(text))
            or bool(TABLE_REFERENCE.search(text)) and not TABLE_CAPTION.match(text)
            or bool(EQUATION_REFERENCE.search(text)))


def _with_what_follows(scored: list[ScoredEvidence], index: LoadedIndex, leads: bool = True) -> list[ScoredEvidence]:
    """What a best sentence announces is often in the next chunk, which retrieval need not return (the
    equation after "... persamaan regresi yang diperoleh adalah :", the table after "disajikan pada
    Tabel 4.5"): those chunks' sentences join the evidence last, scoring below every retrieved one and
    with no features (they are quoted only as what a chosen sentence announces, never ranked)."""
    if not scored:
        return scored
    have = {(e.passage.chunk.doc_id, e.sentence.start) for e in scored}
    floor = scored[-1].score - 1e-3
    added: list[ScoredEvidence] = []
    for item in scored[:ANNOUNCING_CHECKED]:
        position = index.by_id.get(item.passage.chunk.chunk_id)
        if position is None:
            continue
        chunk = item.passage.chunk
        listing = item.sentence.text.rstrip().endswith(":") or bool(ANNOUNCES.search(item.sentence.text))
        if not announces(item.sentence.text):
            if not (leads and _leads_list(index, position, item.sentence)):
                continue
            listing = True  # "... mengajukan beberapa saran." then "1. ...", "2. ...": the list it leads into
        for n, following in enumerate(index.chunks[position + 1 : position + 1 + max(FOLLOWING_CHUNKS, MAX_ITEMS)]):
            if (following.doc_id, following.section_id) != (chunk.doc_id, chunk.section_id):
                break
            if n >= FOLLOWING_CHUNKS and not (listing and following.sentences and ITEM.match(following.sentences[0].text)):
                break  # an announced list written one item a chunk is fetched to its last item
            passage = Passage(following, 0.0, item.passage.rank)
            for sentence in following.sentences:
                if (following.doc_id, sentence.start) not in have:
                    have.add((following.doc_id, sentence.start))
                    added.append(ScoredEvidence(passage, sentence, floor, {}))
    return [*scored, *added]


SAID_BEFORE = 0.95  # e5 similarity of a sentence to the previous answer at which that answer was drawn from it
SAID_BEFORE_SHARED = 0.3  # ... and that shares at least this share of its words with it
SAID_BEFORE_DROP = 0.1  # such a sentence scores this much below the one it gives way to (its spans lose too)
SAID_BEFORE_CHECKED = 4  # the best sentences checked for the previous answer's numbers


def _not_said_before(*, analysis: AnalysedQuestion, scored: list[ScoredEvidence], index: LoadedIndex,
                     embedder: Embedder) -> list[ScoredEvidence]:
    """A follow-up asks for what the previous answer did not say: the sentence that answer was drawn
    from does not come first again unless it holds a word the follow-up newly asks about; nor does it
    stay among the next best (where a factoid's span is also looked for) when it states that answer's numbers."""
    new = _new_words(analysis)
    head = scored[1:SAID_BEFORE_CHECKED]
    said = [e for e in head if not new & set(index_terms(e.sentence.text)) and not _asks_another_kind(analysis, e)
            and _states_answer_numbers(analysis.previous_answer, e.sentence.text, analysis.language)]
    if said:
        floor = min(e.score for e in head) - SAID_BEFORE_DROP
        gone = {id(e) for e in said}
        scored = [scored[0], *[e for e in scored[1:] if id(e) not in gone], *[replace(e, score=floor) for e in said]]
        scored = [scored[0], *sorted(scored[1:], key=lambda e: -e.score)]
    if _said_before(analysis, scored[0], new, index, embedder):
        # the next sentence takes the first place and its score (how well the passages answer is unchanged)
        top, second = scored[0], scored[1]
        scored = [replace(second, score=top.score), replace(top, score=second.score - SAID_BEFORE_DROP), *scored[2:]]
    return sorted(scored, key=lambda e: -e.score)


def _said_before(analysis: AnalysedQuestion, item: ScoredEvidence, new: set[str], index: LoadedIndex,
                 embedder: Embedder) -> bool:
    """The previous answer was drawn from this sentence, and it holds nothing the follow-up newly asks."""
    terms = set(index_terms(item.sentence.text))
    if new & terms:
        return False
    if _asks_another_kind(analysis, item):
        return False
    if _states_answer_numbers(analysis.previous_answer, item.sentence.text, analysis.language):
        return True
    if len(terms & set(index_terms(analysis.previous_answer))) < SAID_BEFORE_SHARED * len(terms):
        return False  # (the shared words spare an embedding when the answer is in other words or language)
    answer, sentence = index.sentence_vectors([analysis.previous_answer, item.sentence.text], embedder, save=False)
    return float(np.dot(answer, sentence)) >= SAID_BEFORE


def _asks_another_kind(analysis: AnalysedQuestion, item: ScoredEvidence) -> bool:
    """The follow-up asks another kind of value than its previous question did, and the sentence holds one: "Who
    signed it on the Indonesian side?" after "When was the MoU signed?" - "On 14 March 2019": the sentence that
    date came from names the signatories too."""
    qtype = analysis.qtype
    if qtype not in TYPED_KINDS or qtype == analysis.previous_qtype:
        return False
    language = item.sentence.language or sentence_language(item.sentence.text)
    return type_fit(qtype, item.sentence.text, language) > 0


TYPED_KINDS = frozenset({"when", "who", "number", "duration"})  # kinds of question a span of one type answers
SMALL_COUNT = 10  # numbers up to this are counts any sentence may write: they do not tell where an answer came from


def _states_answer_numbers(answer: str, sentence: str, language: str) -> bool:
    """The previous answer's numbers (other than small counts) are the sentence's: the answer was drawn
    from it, whatever language it was written in ("0.452" and the thesis' "0,452" are one number)."""
    stated = [q.value for lang in ("id", "en") for q in quantities(sentence, lang)]
    found = set(stated)
    wanted: list[set[float]] = []
    for q in quantities(answer, language):
        readings = {q.value}
        if not q.words:
            readings |= {v for v in (parse_digits(answer[q.start:q.end], lang) for lang in ("id", "en"))
                         if v is not None}
        if not (q.value.is_integer() and q.value <= SMALL_COUNT):
            wanted.append(readings)
    if not wanted or not all(readings & found for readings in wanted):
        return False
    given = set().union(*wanted)  # a sentence with numbers the answer did not give may hold the next answer
    return all(v in given or (v.is_integer() and v <= SMALL_COUNT) for v in stated)


def rerank(passages: list[Passage], evidence: list[Evidence]) -> list[Passage]:
    """The passages in the order of their best evidence sentence (the sentence model reads the
    question against each sentence, which ranks finer than the passage-level fusion); passages with
    no scored sentence keep their place after them."""
    best: dict[int, float] = {}
    for item in evidence:
        key = id(item.passage)
        best[key] = max(best.get(key, 0.0), item.score)
    if not best:
        return passages
    scored = sorted((p for p in passages if id(p) in best), key=lambda p: (-best[id(p)], p.rank))
    ordered = scored + [p for p in passages if id(p) not in best]
    return [p if p.rank == rank else replace(p, rank=rank) for rank, p in enumerate(ordered, start=1)]


@dataclass(frozen=True)
class ScoredEvidence(Evidence):
    """An evidence sentence with the features its score came from (for the decision stage)."""

    features: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


def evidence_pool(*, analysis: AnalysedQuestion, retrieval: RetrievalResult) -> list[tuple[Passage, Sentence]]:
    """The sentences a question's evidence is chosen from (not for section overviews). Footnotes
    are notes, not the text: they are evidence only when the question asks for a source."""
    passages = retrieval.passages
    if not analysis.asks_source:
        passages = [p for p in passages if p.chunk.kind != "footnote"]
    if retrieval.named_sections:
        pool = [p for p in passages if p.chunk.section_id in retrieval.named_sections]
    elif analysis.qtype == "summary":
        pool = passages
    else:
        pool = passages[:POOL_PASSAGES]
        # a later passage of the best passage's section is read too: its other paragraphs state what the section
        # answers (another section's later passage stays out: a weaker match is more often about something else)
        if pool:
            first = (pool[0].chunk.doc_id, pool[0].chunk.section_id)
            pool += [p for p in passages[POOL_PASSAGES:] if (p.chunk.doc_id, p.chunk.section_id) == first]
    return [(p, s) for p in pool for s in p.chunk.sentences]


def candidate_features(
    *, analysis: AnalysedQuestion, candidates: list[tuple[Passage, Sentence]], query_vector: np.ndarray | None,
    index: LoadedIndex, embedder: Embedder, idf: dict[str, float] | None = None,
) -> list[tuple[Passage, Sentence, dict[str, float]]]:
    """Each candidate sentence with the features that mean the same on any thesis (see
    ``assistant.answering.features.SENTENCE_FEATURES``)."""
    query = embedder.embed_query(analysis.standalone) if query_vector is None else query_vector
    vectors = index.sentence_vectors([s.text for _, s in candidates], embedder)
    terms = set(analysis.query_terms)
    idf = idf or index.bm25.idf  # (a picked document's own: RetrievalResult.idf)
    weight = {t: idf.get(t, 0.0) for t in terms}
    if analysis.follow_up:  # the follow-up's own words say what it asks; the turn before only frames it
        own = set(index_terms(analysis.question)) | {f for t in analysis.terms if t.own for f in t.forms}
        weight = {t: w if t in own else w * PREVIOUS_TURN_WEIGHT for t, w in weight.items()}
    total_weight = sum(weight.values()) or 1.0
    grouped = word_weights(analysis, idf) if GROUPED_LEXICAL and analysis.language == "en" and not analysis.follow_up \
        else []
    grouped_total = sum(w for _, w in grouped) or 1.0
    head_forms = forms_of(analysis.asked.head, analysis) if analysis.asked else set()
    rank = _ranks_without_lean(analysis, [p for p, _ in candidates])
    fused = _scores_without_lean(analysis, [p for p, _ in candidates])
    best_fused = max(fused.values(), default=0.0)
    unique = list({id(p): p for p, _ in candidates}.values())
    best_dense = max((p.dense_score for p in unique), default=0.0)
    top_lexical = max((p.lexical_score for p in unique), default=0.0) or 1.0
    first = max(unique, key=lambda p: (fused[id(p)], -p.rank)) if unique else None
    top_section = (first.chunk.doc_id, first.chunk.section_id) if first is not None else None
    head = next((t for t in analysis.terms if analysis.asked and analysis.asked.noun and t.word == analysis.asked.head
                 and t.judged), None)
    out = []
    for (passage, sentence), vector in zip(candidates, vectors):
        sentence_terms = set(index_terms(sentence.text))
        language = sentence.language or sentence_language(sentence.text)
        out.append((passage, sentence, {
            "dense": float(np.dot(query, vector)),
            "lexical": sum(weight[t] for t in terms & sentence_terms) / total_weight,
            # each question word once, by its rarest form the sentence has (what an English question's sentences
            # are ranked by, see GROUPED_LEXICAL)
            **({"word_lexical": sum(max((idf.get(f, 0.0) for f in forms & sentence_terms), default=0.0)
                                    for forms, _ in grouped) / grouped_total} if grouped else {}),
            "type_fit": type_fit(analysis.qtype, sentence.text, language),
            "same_language": float(language == analysis.language),
            "rank_prior": 1.0 / rank.get(id(passage), passage.rank),
            # how far the passage's fused retrieval score is below the best passage's: a passage ranked second
            # by a hair is nearly as likely to hold the answer as the first, one far behind is not (the rank
            # alone, 1 / rank, puts every second passage's sentences a whole step down: of the dev questions
            # whose key-fact sentence was in the pool but not first, rank_prior cost it the most for 60 of 81)
            "passage_gap": best_fused - fused[id(passage)],
            # the passage's own cosine below the best passage's, its BM25 score as a share of the best one's, and
            # whether it is of the section of the passage retrieval puts first (candidates for rank_prior's place)
            "passage_dense_gap": best_dense - passage.dense_score,
            "passage_lexical": passage.lexical_score / top_lexical,
            "top_section": float((passage.chunk.doc_id, passage.chunk.section_id) == top_section),
            # the sentence's length in words (log): a sentence stating a fact says more than a heading, a table's
            # header row or a keyword line that merely names the question's words
            "length": math.log1p(len(words(sentence.text))),
            # (passage_gap is read by the shipped model beside rank_prior, length is not: see SENTENCE_FEATURES)
            "head": float(bool(head_forms & sentence_terms)),
            # what the question asks is there: a manner's word for how ("diuji dengan uji t", "melalui ..."), a
            # number counting the asked noun for how many ("... memiliki 52 guru"). (A reason's word for why was
            # measured too: it put a "Karena ..." sentence so far above the rest that the reason quoted beside it
            # fell out of the margin.)
            "manner": float(analysis.qtype == "how" and bool(MARKERS["how"].search(sentence.text))),
            "counted": float(analysis.qtype == "number" and head is not None
                             and counts(sentence.text, head.forms, language, head.word)),
        }))
    return out


def word_weights(analysis: AnalysedQuestion, idf: dict[str, float]) -> list[tuple[frozenset[str], float]]:
    """Each word of the question with its forms and its weight: the rarest (highest idf) of its translations'
    forms, or of its own forms when nothing translates it (an English word itself is rare in an Indonesian
    thesis: its abstract's)."""
    out = []
    for term in analysis.terms:
        weighed = term.forms - {term.word} if term.translations else term.forms
        out.append((term.forms, max((idf.get(f, 0.0) for f in weighed), default=0.0)))
    return out


def ranking_features(features: dict[str, float]) -> dict[str, float]:
    """The features a candidate sentence is ranked by: its own, with the word-by-word lexical match in place of
    the form-by-form one when it has one (an English question's, see GROUPED_LEXICAL)."""
    return {**features, "lexical": features["word_lexical"]} if "word_lexical" in features else features


def _ranks_without_lean(analysis: AnalysedQuestion, passages: list[Passage]) -> dict[int, int]:
    """Passage ranks for the sentence model. A follow-up that names something new, said only outside
    the previous answer's section ("Does the author agree with that reasoning?"), is not answered from
    that section just because retrieval leans towards it: its passages rank as they would without the lean."""
    new = _new_words(analysis) if analysis.follow_up and analysis.focus_sections else set()
    if not new:
        return {}
    unique = list({id(p): p for p in passages}.values())
    focus = set(analysis.focus_sections)
    named_in = {p.chunk.section_id in focus for p in unique if new & set(index_terms(p.chunk.text))}
    if named_in != {False}:  # the new words are said in the previous answer's section too, or nowhere
        return {}
    unique.sort(key=lambda p: (-(p.score - (FOCUS_WEIGHT if p.chunk.section_id in focus else 0.0)), p.rank))
    return {id(p): rank for rank, p in enumerate(unique, start=1)}


def _scores_without_lean(analysis: AnalysedQuestion, passages: list[Passage]) -> dict[int, float]:
    """Each passage's fused retrieval score, without the follow-up's lean towards its previous answer's
    section where ``_ranks_without_lean`` takes it away (the new words are said only outside that section)."""
    unlean = bool(_ranks_without_lean(analysis, passages))
    focus = set(analysis.focus_sections) if unlean else set()
    return {id(p): p.score - (FOCUS_WEIGHT if p.chunk.section_id in focus else 0.0) for p in passages}


def _new_words(analysis: AnalysedQuestion) -> set[str]:
    """The forms of the words a follow-up asks about that its previous question did not name."""
    before = set(content_words(analysis.previous_question))
    return {f for t in analysis.specific_words if t.word not in before for f in t.forms}


def choose(*, analysis: AnalysedQuestion, evidence: list[Evidence], retrieval: RetrievalResult,
           margin: float = MARGIN, cross_share: float = CROSS_SECTION_SHARE) -> list[Evidence]:
    """The sentences an answer quotes: as many as the kind of question wants, close to the best one."""
    qtype, named_sections, overview = analysis.qtype, retrieval.named_sections, retrieval.overview
    if overview and qtype != "summary":
        return evidence[:OVERVIEW_SENTENCES]
    if evidence and evidence[0].passage.chunk.kind == "footnote" and getattr(analysis, "asks_source", False):
        # a source is asked: the notes put first (see ``_notes_first``), then the sentence they are the source of
        notes = []
        for item in evidence:
            if item.passage.chunk.kind != "footnote":  # (the sentence they are the source of, in their section)
                same = (item.passage.chunk.doc_id, item.passage.chunk.section_id) == (
                    notes[0].passage.chunk.doc_id, notes[0].passage.chunk.section_id)
                return notes + [item] if same else notes
            notes.append(item)
        return notes
    want = SENTENCES_FOR.get("section" if named_sections and qtype != "summary" else qtype, 2)
    chosen = evidence[: max(want, 1)]
    if qtype == "summary":  # a title page's lines ("Skripsi.", the title, a name) summarise nothing
        evidence = [e for e in evidence if not _heading_like(e.sentence.text)] or evidence
        chosen = evidence[: max(want, 1)]
    if qtype == "summary" and chosen and len(set(named_sections)) > 1:
        # a summary of a chapter (or of several named sections) reads each of them: their best sentences
        chosen = _each_section(evidence, named_sections, max(want, len(set(named_sections))))
        chosen = _with_continuations(chosen, evidence)
    elif qtype == "summary" and chosen:  # (a summary of named sections too: their best sentences, in order)
        chosen = _summary(analysis, evidence, want, margin=margin, cross_share=cross_share)
        chosen = _with_continuations(chosen, evidence)
    elif want > 1 and len(chosen) > 1:
        top = chosen[0]
        chosen = [e for e in chosen if e.score >= top.score - margin * (
            1.0 if e.passage.chunk.section_id == top.passage.chunk.section_id else cross_share)]
        chosen = _with_continuations(chosen, evidence, explain=qtype in EXPLAINED)
    if qtype in MARKERS and chosen:
        chosen = _with_marked(chosen, evidence, MARKERS[qtype])
    if chosen and qtype != "summary" and ASKS_ADVICE.search(getattr(analysis, "question", "")):
        # a follow-up's words are in the turn before ("What does the author recommend for them?"): its section's
        # advice is quoted though it shares no word with the follow-up itself
        chosen = _with_marked(chosen, evidence, ADVISES, need_words=not getattr(analysis, "follow_up", False))
    if chosen and qtype != "summary":
        chosen = _with_rows(_with_equations(_with_tables(chosen, evidence), evidence), evidence)
    if named_sections or qtype == "summary":
        chosen.sort(key=lambda e: (e.passage.chunk.doc_id, e.sentence.start))
    return chosen


def _heading_like(text: str) -> bool:
    """A line of a title block rather than a sentence: under four words, or mostly capitalised words."""
    tokens = [w for w in re.findall(r"[^\W\d_][\w-]*", text)]
    if len(tokens) < 4:
        return True
    capitalised = sum(w[0].isupper() for w in tokens)
    return capitalised >= 0.6 * len(tokens)


def _with_marked(chosen: list[Evidence], evidence: list[Evidence], marker: re.Pattern[str],
                 need_words: bool = True) -> list[Evidence]:
    """A why / how answer gives the reason or the manner: when no quoted sentence has a word that
    gives it ("karena", "dengan cara", "because", "by ...ing"), the best sentence of the best one's
    section that has one and shares a word with the question is quoted too (another section's
    reason is more often one for something else)."""
    if any(marker.search(e.sentence.text) for e in chosen):
        return chosen
    top = chosen[0]
    quoted = {(e.passage.chunk.doc_id, e.sentence.start) for e in chosen}
    for item in evidence:
        if (item.passage.chunk.doc_id, item.sentence.start) in quoted or not marker.search(item.sentence.text):
            continue
        if need_words and getattr(item, "features", {}).get("lexical", 0.0) <= 0.0:
            continue  # no word of the question: a reason for something else
        if (item.passage.chunk.doc_id, item.passage.chunk.section_id) == (
                top.passage.chunk.doc_id, top.passage.chunk.section_id):
            return [*chosen, item]
    return chosen


# A sentence naming a numbered equation ("dihitung dengan persamaan (4.1)", "equation (2.5)"), and the equation
# itself: a line with "=" that ends its formula with that number in brackets ("P = V × I (2.1) dengan ...").
_EQUATION_WORD = r"(?:persamaan|rumus|equation|formula)"
EQUATION_REFERENCE = re.compile(rf"\b{_EQUATION_WORD}\s*\((\d+(?:\.\d+)*)\)", re.IGNORECASE)
EQUATION_LABEL = re.compile(r"=[^=]*?\((\d+(?:\.\d+)*)\)")
_NAMES_EQUATION = re.compile(rf"{_EQUATION_WORD}\s*$", re.IGNORECASE)  # "... persamaan (4.1)": a reference, no label


def _with_pointed(chosen: list[Evidence], pointed: Callable[[Evidence], list[Evidence | None]]) -> list[Evidence]:
    """``chosen`` with what each of its sentences points at (``pointed``) quoted after them, once each."""
    out = list(chosen)
    quoted = {(e.passage.chunk.doc_id, e.sentence.start) for e in out}
    for item in chosen:
        for target in pointed(item):
            key = (item.passage.chunk.doc_id, target.sentence.start) if target is not None else None
            if key is not None and key not in quoted:
                out.append(target)
                quoted.add(key)
    return out


def _with_equations(chosen: list[Evidence], evidence: list[Evidence]) -> list[Evidence]:
    """A quoted sentence that names a numbered equation ("Persentase penerimaan dihitung dengan persamaan (4.1).")
    is quoted with that equation, when the evidence holds it: the formula is what such a sentence points at."""
    equations: dict[tuple[str, str], Evidence] = {}
    for item in evidence:
        text = item.sentence.text
        for match in EQUATION_LABEL.finditer(text):
            if not _NAMES_EQUATION.search(text[:match.end()].rsplit("(", 1)[0]):
                equations.setdefault((item.passage.chunk.doc_id, match.group(1)), item)
    if not equations:
        return chosen
    return _with_pointed(chosen, lambda item: [equations.get((item.passage.chunk.doc_id, m.group(1)))
                                               for m in EQUATION_REFERENCE.finditer(item.sentence.text)])


def _with_tables(chosen: list[Evidence], evidence: list[Evidence]) -> list[Evidence]:
    """A quoted sentence that points at a table ("... disajikan pada Tabel 4.5", "... pada tabel
    berikut.") is quoted with that table (its caption and rows), when the evidence holds it."""
    tables = {}
    for item in evidence:
        caption = TABLE_CAPTION.match(item.sentence.text)
        if caption:
            tables.setdefault((item.passage.chunk.doc_id, caption.group(1)), item)
    if not tables:
        return chosen

    def pointed(item: Evidence) -> list[Evidence | None]:
        text, doc = item.sentence.text, item.passage.chunk.doc_id
        if TABLE_CAPTION.match(text):
            return []
        wanted = [tables.get((doc, m.group(1))) for m in TABLE_REFERENCE.finditer(text)]
        if ANNOUNCES.search(text):  # "tabel berikut": the next table of its section
            wanted.append(next((t for (d, _), t in sorted(tables.items(), key=lambda kv: kv[1].sentence.start)
                                if d == doc and t.passage.chunk.section_id == item.passage.chunk.section_id
                                and t.sentence.start > item.sentence.start), None))
        return wanted

    return _with_pointed(chosen, pointed)


TABLE_ROWS = 12  # a quoted table's rows quoted with its caption, at most
ROW = re.compile(r"^\(?\d")  # a row of a table laid out as text opens with its number ("1 50,2 50,5 ...")


def _with_rows(chosen: list[Evidence], evidence: list[Evidence]) -> list[Evidence]:
    """A quoted table caption ("Tabel 3.1 Kriteria dan Bobot Penilaian") is quoted with the table's rows, the
    sentences of its paragraph after it (or, when the caption stands alone, the next paragraph's rows): the
    caption names what the table holds, the rows hold it."""
    captions = [e for e in chosen if TABLE_CAPTION.match(e.sentence.text)]
    if not captions:
        return chosen
    quoted = {(e.passage.chunk.doc_id, e.sentence.start) for e in chosen}
    ordered = sorted(evidence, key=lambda e: (e.passage.chunk.doc_id, e.sentence.start))
    added: dict[int, list[Evidence]] = {}  # (after the caption they belong to)
    for caption in captions:
        chunk = caption.passage.chunk
        rows = [e for e in ordered if e.passage.chunk.chunk_id == chunk.chunk_id
                and e.sentence.start > caption.sentence.start]
        if not rows:
            following = [e for e in ordered if (e.passage.chunk.doc_id, e.passage.chunk.section_id) ==
                         (chunk.doc_id, chunk.section_id) and e.passage.chunk.paragraph_index == chunk.paragraph_index + 1]
            rows = following[:1] if following and ROW.match(following[0].sentence.text) else []
        for row in rows[:TABLE_ROWS]:
            key = (row.passage.chunk.doc_id, row.sentence.start)
            if key not in quoted:
                added.setdefault(id(caption), []).append(row)
                quoted.add(key)
    return [item for e in chosen for item in (e, *added.get(id(e), ()))]


def _each_section(evidence: list[Evidence], sections: tuple[str, ...] | list[str], want: int) -> list[Evidence]:
    """The best sentences of each named section in turn (best first within a section), ``want`` in all."""
    queues = {s: [e for e in evidence if e.passage.chunk.section_id == s] for s in dict.fromkeys(sections)}
    out: list[Evidence] = []
    while len(out) < want and any(queues.values()):
        for queue in queues.values():
            if queue and len(out) < want:
                out.append(queue.pop(0))
    return out or evidence[:want]


def _summary(analysis: AnalysedQuestion, evidence: list[Evidence], want: int, *, margin: float,
             cross_share: float) -> list[Evidence]:
    """A summary reads one section: the one whose title the question names ("ringkas isi bagian
    pembahasan"), else the best sentence's. Its sentences that score at least ``SUMMARY_SHARE`` of its
    best one are quoted, up to ``want``; other sections' sentences only as close to the best as any quote."""
    named = _titled(analysis, evidence)
    top = next((e for e in evidence if e.passage.chunk.section_id in named), evidence[0])
    best = evidence[0].score

    def inside(item: Evidence) -> bool:
        return (item.passage.chunk.doc_id, item.passage.chunk.section_id) == (
            top.passage.chunk.doc_id, top.passage.chunk.section_id)

    own = [e for e in evidence if inside(e) and e.score >= SUMMARY_SHARE * top.score]
    others = [e for e in evidence if not inside(e) and e.score >= best - margin * cross_share]
    return (own + others)[:want]


def _titled(analysis: AnalysedQuestion, evidence: list[Evidence]) -> set[str]:
    """The sections among the evidence whose title shares a word with the question (in any form)."""
    wanted = set(analysis.query_terms) | {f for t in analysis.terms if t.own for f in t.forms}
    titles = {e.passage.chunk.section_id: e.passage.chunk.section_title for e in evidence}
    return {s for s, title in titles.items() if set(index_terms(title)) & wanted}


def _with_continuations(chosen: list[Evidence], pool: list[Evidence], explain: bool = False) -> list[Evidence]:
    """Add the sentence that follows a chosen one when it opens with "Karena", "Hal ini" ...: it
    finishes the thought (in the same paragraph, or opening the next paragraph of the section); and
    the items of an enumeration a chosen sentence announces ("... terdiri atas tiga jenis. Pertama, ...")."""
    ordered = sorted(pool, key=lambda e: (e.passage.chunk.doc_id, e.sentence.start))
    position = {(e.passage.chunk.doc_id, e.sentence.start): i for i, e in enumerate(ordered)}
    out: list[Evidence] = []
    seen: set[tuple[str, int]] = set()

    def add(item: Evidence) -> None:
        key = (item.passage.chunk.doc_id, item.sentence.start)
        if key not in seen:
            out.append(item)
            seen.add(key)

    for rank, item in enumerate(chosen):
        add(item)
        i = position.get((item.passage.chunk.doc_id, item.sentence.start))
        if i is None:
            continue
        followers = _following(ordered, i, explain=explain and rank == 0)
        for following in followers:
            add(following)
        if followers and _announces_list(followers[-1].sentence.text):
            # the sentence quoted after it announces what follows ("Pasal 4 ... berbunyi:"): that is quoted too
            j = position.get((followers[-1].passage.chunk.doc_id, followers[-1].sentence.start))
            for following in _following(ordered, j) if j is not None else []:
                add(following)
    return out


def _leads_list(index: LoadedIndex, position: int, sentence: Sentence) -> bool:
    """``sentence`` ends the chunk at ``position`` (but for ``LEAD_REST`` sentences), which is followed, in
    its section and next paragraph, by one opening an item ("1. ...", "a. ...") when the sentence counts what
    it names, or by a quotation (an interview excerpt)."""
    chunk = index.chunks[position]
    text = sentence.text
    if sum(s.start > sentence.start for s in chunk.sentences) > LEAD_REST:
        return False
    following = index.chunks[position + 1] if position + 1 < len(index.chunks) else None
    return (following is not None and (following.doc_id, following.section_id) == (chunk.doc_id, chunk.section_id)
            and following.paragraph_index == chunk.paragraph_index + 1 and bool(following.sentences)
            and bool(MARKED_ITEM.match(following.sentences[0].text) and COUNTED.search(text)
                     or QUOTATION.match(following.sentences[0].text)))


def _announces_list(text: str) -> bool:
    """The sentence ends by announcing what comes next (": ", "sebagai berikut", "as follows")."""
    return text.rstrip().endswith(":") or bool(ANNOUNCES.search(text))


def _following(ordered: list[Evidence], i: int, explain: bool = False) -> list[Evidence]:
    """The sentences after ``ordered[i]`` that belong to it: a continuation, or an announced
    enumeration's items up to its last one (with the sentences between them); with ``explain``, the
    next sentence of its paragraph whatever it opens with."""
    item = ordered[i]
    after: list[Evidence] = []
    previous = item  # a list written one item a paragraph runs on paragraph by paragraph
    for following in ordered[i + 1 : i + 1 + MAX_ITEMS + 1]:
        same_section = following.passage.chunk.section_id == item.passage.chunk.section_id
        gap = following.passage.chunk.paragraph_index - previous.passage.chunk.paragraph_index
        if not same_section or gap not in (0, 1) or following.passage.chunk.doc_id != item.passage.chunk.doc_id:
            break
        after.append(following)
        previous = following
    if not after:
        return []
    announced = item.sentence.text.rstrip().endswith(":") or bool(ANNOUNCES.search(item.sentence.text))
    rest = [e for e in after if e.passage.chunk.paragraph_index == item.passage.chunk.paragraph_index]
    if (not announced and 0 < len(after) - len(rest) and len(rest) <= LEAD_REST and not ITEM.match(item.sentence.text)
            and MARKED_ITEM.match(after[len(rest)].sentence.text) and COUNTED.search(item.sentence.text)
            and not (rest and MARKED_ITEM.match(rest[0].sentence.text))):
        # the paragraph ends by leading into a list written one item a paragraph ("... empat variabel.
        # Keempat variabel tersebut ...", then "a. Komunikasi ...", "b. ..."): each item's opening sentence
        return rest + _item_openings(ordered, i + 1 + len(rest))
    opens_quotation = (bool(QUOTATION.match(after[0].sentence.text)) and not rest
                       and after[0].passage.chunk.paragraph_index == item.passage.chunk.paragraph_index + 1)
    if opens_quotation and (announced or explain):
        # an excerpt quoted after the sentence that introduces it ("Informan 7 ... menerima pelayanan di
        # rumahnya." then an interview's words in quotation marks): the whole quoted paragraph
        quoted = after[0].passage.chunk.paragraph_index
        return [e for e in after if e.passage.chunk.paragraph_index == quoted][:MAX_ITEMS]
    if announced or ITEM.match(after[0].sentence.text):
        last = max((j for j, e in enumerate(after) if ITEM.match(e.sentence.text)), default=0)
        return after[: last + 1][:MAX_ITEMS]
    if CONTINUATIONS.match(after[0].sentence.text):
        return after[:1]
    same_paragraph = after[0].passage.chunk.paragraph_index == item.passage.chunk.paragraph_index
    return after[:1] if same_paragraph and (explain or REFERS_BACK.match(after[0].sentence.text)) else []


def _item_openings(ordered: list[Evidence], i: int) -> list[Evidence]:
    """From the item ``ordered[i]`` on, the opening sentence of each item paragraph that follows it in its
    section, one paragraph after another."""
    first = ordered[i]
    items: list[Evidence] = []
    paragraph = first.passage.chunk.paragraph_index - 1
    for following in ordered[i:]:
        chunk = following.passage.chunk
        if (chunk.doc_id, chunk.section_id) != (first.passage.chunk.doc_id, first.passage.chunk.section_id):
            break
        if chunk.paragraph_index == paragraph:
            continue  # the rest of an item's paragraph
        if chunk.paragraph_index != paragraph + 1 or not ITEM.match(following.sentence.text):
            break
        items.append(following)
        paragraph = chunk.paragraph_index
        if len(items) >= MAX_ITEMS:
            break
    return items


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    """The same sentence can sit in two overlapping windows: keep it once."""
    seen: set[tuple[str, int]] = set()
    out = []
    for item in evidence:
        key = (item.passage.chunk.doc_id, item.sentence.start)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


_REFERENCE_PARTS = frozenset(NAMED_PARTS["references"])
EvidenceT = TypeVar("EvidenceT", bound=Evidence)


def without_reference_entries(analysis: AnalysedQuestion, evidence: Sequence[EvidenceT], named: Sequence[str] = ()
                              ) -> list[EvidenceT]:
    """The evidence without the entries of a reference list (Daftar Pustaka): a source's title is no
    statement of the thesis, so it never answers, nor decides or corrects a premise ("Why did ministry X
    fund it?" over "Ministry X. 2023. Technical guide ..."), unless the question asks for a source or
    names the reference list (``named``: the sections the question names)."""
    if any(t.word in SOURCE_WORDS for t in analysis.terms) or _REFERENCE_PARTS & set(named):
        return list(evidence)
    return [e for e in evidence if e.passage.chunk.section_id not in _REFERENCE_PARTS]


def without_aims(analysis: AnalysedQuestion, evidence: Sequence[EvidenceT], named: Sequence[str] = ()
                 ) -> list[EvidenceT]:
    """The evidence without the sentences of a section stating the thesis' aims or research questions ("Menentukan
    faktor risiko yang paling dominan terhadap ..." for which factor was the most dominant): they restate the
    question and hold no finding. Kept when nothing else is left, when the question names a section, or when it
    asks about the aims, the questions or the problem themselves."""
    if not _aims_unasked(analysis, named):
        return list(evidence)
    rest = [e for e in evidence if not is_aim_part(e.passage.chunk.section_title)]
    return rest or list(evidence)


def without_aim_passages(analysis: AnalysedQuestion, passages: Sequence[Passage], named: Sequence[str] = ()
                         ) -> list[Passage]:
    """The retrieved passages without those of the aims' sections (see ``without_aims``), so that the evidence is
    drawn from the passages that may hold a finding; all of them when nothing else was retrieved."""
    if not _aims_unasked(analysis, named):
        return list(passages)
    rest = [p for p in passages if not is_aim_part(p.chunk.section_title)]
    return rest or list(passages)


def _aims_unasked(analysis: AnalysedQuestion, named: Sequence[str]) -> bool:
    return not named and not ASKS_AIM.search(analysis.standalone or analysis.question)


# A word and the roman numeral after it that labels it: "Siklus II", "cycle I", "Pembimbing I", "kelas V" (the
# numeral in capitals, no number after it: "BAB II 2" is no label)
_NUMERAL_LABEL = re.compile(r"\b([^\W\d_]{3,})\s+(I{1,3}|IV|VI{0,3}|IX|X)\b(?![.,]?\s*\d)")


def numeral_labels(text: str) -> set[tuple[str, str]]:
    """(word, numeral) of each word labelled by a roman numeral in ``text``; the word in lower case, no stopword
    ("can I" asks something of the reader)."""
    stop = stopwords()
    return {(m.group(1).lower(), m.group(2)) for m in _NUMERAL_LABEL.finditer(text) if m.group(1).lower() not in stop}


def without_other_numerals(analysis: AnalysedQuestion, evidence: Sequence[EvidenceT]) -> list[EvidenceT]:
    """The evidence without the sentences that give a word the question labels by a roman numeral only another
    numeral ("Hasil tes akhir siklus II ..." for "the mean score at the end of cycle I"): the numeral is dropped
    from the terms ("I" is an English stopword) and so cannot tell the two apart. The words are matched across the
    languages by the forms the analysis gave them and the dictionary ("cycle" / "siklus"). All of them when nothing
    else is left."""
    asked = numeral_labels(analysis.question)
    if not asked:
        return list(evidence)
    dictionary = get_dictionary()
    wanted: dict[str, str] = {}
    for word, numeral in asked:
        term = next((t for t in analysis.terms if t.word == word), None)
        forms = {word, *(w for t in dictionary.to_indonesian(word) for w in words(t))}
        if term is not None:  # the forms the analysis matched it by ("cycle" -> "siklus")
            forms |= set(term.forms) | {w for t in term.translations for w in words(t)}
        for form in forms:
            wanted.setdefault(form, numeral)

    def other(sentence: str) -> bool:
        found = [(w, n) for w, n in numeral_labels(sentence) if w in wanted]
        return bool(found) and all(n != wanted[w] for w, n in found)

    rest = [e for e in evidence if not other(e.sentence.text)]
    return rest or list(evidence)

