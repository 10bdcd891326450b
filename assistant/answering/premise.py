"""Does the evidence contradict the question's premise? The question's own particulars (its names,
numbers and dates) are looked for in the evidence an answer would quote: a particular the evidence
does not state, while the rest of the question is well matched, means the thesis says something
else in that place ("Why did the court grant the full Rp 100,000,000?" over "the court granted
Rp 15,000,000"). A number that counts a noun must count the same noun there: "three cycles" is not
stated by a text that counts "dua siklus" and "tiga kelompok". Whether that is a false premise or a
loose match is decided with thresholds fitted on the dev split (``assistant.answering.tuning``).
``contradiction`` finds what the thesis states instead: a sentence of the retrieved passages that
writes another year or count in the particular's place, negates the question's verb ("tidak diajukan
banding" against "why did the plaintiff appeal"), or gives the question's superlative to another."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.answering.analysis import AnalysedQuestion
from assistant.core.dictionary import get_dictionary
from assistant.core.language import sentence_language
from assistant.core.parts import ASKS_AIM, is_aim_part
from assistant.core.numbers import DATE, counts_noun, quantities, read_date
from assistant.core.text import NEGATIONS, QUESTION_WORDS, content_words, index_terms, stopwords, words
from assistant.generators.base import Evidence, Passage

PASSAGES_READ = 2  # a particular absent from the quotes but in one of these best passages is not absent
COUNTED_WINDOW = 3  # a number counts the noun written at most this many words after it ("tiga siklus")
_CAPITALISED = re.compile(r"(?<![\w#])[#]?[A-Z][\w-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*)$")
_UNIT_GLUED = re.compile(r"%|^(?:Rp|US\$|\$)", re.I)  # a quantity's own unit sign (numbers.DIGITS)
# "the two cities", "these three columns": a number word after a definite determiner names things already
# known (grammar), it claims no count; "the five-person team" (a compound) and digits ("the 2020 lockdowns",
# "the 10% treatment") still do
_ANAPHORIC = re.compile(r"\b(?:the|these|those|both)\s+$", re.I)


@dataclass(frozen=True)
class Premise:
    """The question's particulars and which of them the evidence does not state."""

    particulars: tuple[str, ...]  # names, numbers and dates written in the question
    absent: tuple[str, ...]  # those the quoted evidence does not state (in any form the index knows)
    matched: float  # share of the question's other content words found in the quoted evidence
    written: tuple[str, ...] = ()  # the absent particulars as the question writes them, to say so

    @property
    def absent_share(self) -> float:
        """Share of the particulars the evidence does not state (0 when there are none)."""
        return len(self.absent) / len(self.particulars) if self.particulars else 0.0


def check_premise(*, analysis: AnalysedQuestion, evidence: Sequence[Evidence], passages: Sequence[Passage] = (),
                  glossary: Mapping[str, str] | None = None) -> Premise:
    """The question's names, numbers and dates, and which of them the evidence sentences lack (and,
    when ``passages`` are given, the best of those passages too: the thesis does not say it nearby). An
    abbreviation of the ``glossary`` the texts write states what it stands for ("Kemlu" states "Kementerian Luar
    Negeri", so "the Foreign Ministry" is there)."""
    question = analysis.question
    texts = [e.sentence.text for e in evidence] + [p.chunk.text for p in passages[:PASSAGES_READ]]
    if glossary:
        texts += _spelt(texts, glossary)
    present_terms: set[str] = set()
    values: set[float] = set()
    counted: list[tuple[float, set[str]]] = []  # each number of the texts and the words right after it
    dates: list[tuple[int, int | None]] = []
    for text in texts:
        present_terms.update(index_terms(text))
        for language in ("id", "en"):
            for q in quantities(text, language):
                values.add(q.value)
                counted.append((q.value, set(index_terms(" ".join(words(text[q.end:])[:COUNTED_WINDOW])))))
        for match in DATE.finditer(text):
            date = read_date(match.group(0))
            if date is not None:
                dates.append((date.year, date.month))
    particulars: list[str] = []
    absent: list[str] = []
    covered: list[tuple[int, int]] = []  # character ranges of the question already read as a particular
    for match in DATE.finditer(question):
        date = read_date(match.group(0))
        if date is None:
            continue
        covered.append(match.span())
        particulars.append(match.group(0))
        if not any(year == date.year and (date.month is None or month in (None, date.month)) for year, month in dates):
            absent.append(match.group(0))
    refs = set(analysis.section_refs)
    for quantity in quantities(question, analysis.language):
        span = (quantity.start, quantity.end)
        text = question[quantity.start:quantity.end]
        if _overlaps(span, covered) or text in refs or any(text in r for r in refs):
            continue
        if quantity.words and quantity.value <= 1:  # "which one", "salah satu": a pronoun more than a count
            continue
        if quantity.words and _ANAPHORIC.search(question[:quantity.start]) and not question[quantity.end:].startswith("-"):
            continue
        covered.append(span)
        particulars.append(text)
        # a percentage or an amount of money ("5,1%", "Rp 100.000") counts no noun written after it
        counted_noun = frozenset() if _UNIT_GLUED.search(text) else _counted_noun(question, quantity.end, analysis)
        if quantity.value not in values or _counts_otherwise(quantity.value, counted_noun, counted):
            absent.append(text)
    names: dict[str, re.Match[str]] = {}  # each capitalised word of the question (lower-cased) -> where it is
    for match in _CAPITALISED.finditer(question):
        if _overlaps(match.span(), covered) or _SENTENCE_START.search(question[:match.start()]):
            continue
        word = match.group(0).lstrip("#").lower()
        if word in QUESTION_WORDS or word in stopwords():
            continue
        names.setdefault(word, match)
    by_word = {t.word: t for t in analysis.terms if t.own}
    ordered = sorted(names.items(), key=lambda item: item[1].start())
    missing: set[str] = set()
    for word, match in ordered:
        term = by_word.get(word)
        forms = term.forms if term is not None else frozenset(index_terms(word))
        if (not forms & present_terms and not _abbreviated(match.group(0).lstrip("#"), texts)
                and not _translated_phrase(word, analysis.language, texts)):
            missing.add(word)
    missing -= _named_otherwise(question, ordered, missing, texts, analysis.language)
    missing -= _spelt_out(question, missing, texts)
    shown: list[tuple[int, int]] = []  # the absent names as written, neighbours joined ("Sumpah Pemuda")
    for word, match in ordered:
        particulars.append(word)
        if word in missing:
            absent.append(word)
            if shown and not question[shown[-1][1]:match.start()].strip():
                shown[-1] = (shown[-1][0], match.end())
            else:
                shown.append(match.span())
    written = [a for a in absent if a not in names] + [question[start:end] for start, end in shown]
    name_words = set(names)
    quoted: set[str] = set()
    for item in evidence:
        quoted.update(index_terms(item.sentence.text))
    rest = [t for t in analysis.terms if t.own and t.judged and t.word not in name_words]
    matched = sum(bool(t.forms & quoted) for t in rest) / len(rest) if rest else 1.0
    return Premise(tuple(particulars), tuple(absent), matched, tuple(written))


def _spelt(texts: Sequence[str], glossary: Mapping[str, str]) -> list[str]:
    """What the glossary's abbreviations that ``texts`` write stand for."""
    written = {w for text in texts for w in re.findall(r"\b[A-Z][A-Za-z]{1,9}\b", text)}
    return [glossary[w] for w in sorted(written) if w in glossary]


def _translated_phrase(word: str, language: str, texts: Sequence[str]) -> bool:
    """A translation of ``word`` of several words that the texts write as one run ("foreign" is "luar negeri":
    "Kementerian Luar Negeri" names the Foreign Ministry); the question's terms hold one-word translations."""
    dictionary = get_dictionary()
    table = dictionary.en_id if language == "en" else dictionary.id_en
    phrases = [t for t in table.get(word, ()) if " " in t]
    return any(re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)", text, re.IGNORECASE)
               for phrase in phrases for text in texts)


ACRONYM = re.compile(r"[A-Z]{2,6}")  # an abbreviation as a question writes it ("POM", "HR")
_TEXT_WORD = re.compile(r"[^\W\d_][\w-]*")
NAME_SHARE = 0.5  # a name of several words is in the texts when more than this share of its words is
LABEL_GAP = 2  # words a label ("Nomor") may stand before the number it labels in the texts


def _abbreviated(written: str, texts: Sequence[str]) -> bool:
    """An abbreviation of the question ("POM") is in the texts inside a longer one ("BPOM"), or as the
    initials of a run of capitalised words there, function words between them skipped ("Pengawas Obat
    dan Makanan"): the thesis names the thing in full, or under a wider abbreviation."""
    if not ACRONYM.fullmatch(written):
        return False
    stop = stopwords()
    for text in texts:
        if any(written in token and token != written for token in re.findall(r"\b[A-Z]{3,}\b", text)):
            return True
        tokens = _TEXT_WORD.findall(text)
        for i, token in enumerate(tokens):
            if token[0] != written[0]:
                continue
            letters, j = "", i
            while j < len(tokens) and len(letters) < len(written):
                if tokens[j][0].isupper():
                    letters += tokens[j][0]
                elif tokens[j].lower() not in stop or not letters:
                    break
                j += 1
            if letters == written:
                return True
    return False


_SHORT_FORM = re.compile(r"\b[A-Za-z]{2,6}\b")


def _spelt_out(question: str, missing: set[str], texts: Sequence[str]) -> set[str]:
    """Absent words of a name the question spells out whose abbreviation the texts write instead: "Letter of
    Intent" where the thesis, having defined it once, writes "LoI"; "Memorandum of Understanding" for "MoU".
    A run of the question's capitalised words (function words between them) is abbreviated by the initials of
    its capitalised words ("LI") or of all its words ("LoI"); a word of the texts of two to six letters, two or
    more of them capitals, that reads the same (case aside) is that name."""
    if not missing:
        return set()
    stop = stopwords()
    tokens = list(_TEXT_WORD.finditer(question))
    short = {w.lower() for text in texts for w in _SHORT_FORM.findall(text) if sum(c.isupper() for c in w) >= 2}
    if not short:
        return set()
    found: set[str] = set()
    for i, first in enumerate(tokens):
        if not first.group(0)[0].isupper():
            continue
        run = [first]
        for token in tokens[i + 1:]:
            between = question[run[-1].end():token.start()]
            if between.strip() or not (token.group(0)[0].isupper() or token.group(0).lower() in stop):
                break
            run.append(token)
            if not token.group(0)[0].isupper():
                continue
            names = [t.group(0) for t in run]
            capitals = "".join(n[0] for n in names if n[0].isupper()).lower()
            initials = "".join(n[0] for n in names).lower()
            if capitals in short or initials in short:
                found.update(n.lower() for n in names if n.lower() in missing)
    return found


def _named_otherwise(question: str, ordered: list[tuple[str, re.Match[str]]], missing: set[str],
                     texts: Sequence[str], language: str) -> set[str]:
    """Absent words of the question's names that a name of the texts stands for: a name of several words
    ("Pendidikan Bahasa Inggris") is there when most of its words are ("English Education", its words
    translated, one dropped); and a name that labels a number ("Regent Regulation Number 15"), asked in
    the other language than the sentence holding that number after a name of its own ("Peraturan Bupati
    Nomor 15"), is that name (a translation the dictionary does not give: the number says which)."""
    runs: list[list[tuple[str, re.Match[str]]]] = []
    for word, match in ordered:
        if runs and not question[runs[-1][-1][1].end():match.start()].strip():
            runs[-1].append((word, match))
        else:
            runs.append([(word, match)])
    found: set[str] = set()
    for run in runs:
        run_words = [w for w, _ in run]
        absent = [w for w in run_words if w in missing]
        if not absent:
            continue
        if len(run) > 1 and len(run) - len(absent) > NAME_SHARE * len(run):
            found.update(absent)
            continue
        label = re.match(r"\s+(\d+)\b", question[run[-1][1].end():])
        if label and _labelled(label.group(1), texts, language):
            found.update(absent)
    return found


def _labelled(number: str, texts: Sequence[str], language: str) -> bool:
    """Some text in the other language than ``language`` writes ``number`` right after a capitalised word
    (within ``LABEL_GAP`` words: "Nomor 15", "Pasal 3")."""
    for text in texts:
        for match in re.finditer(rf"(?<![\w.,]){re.escape(number)}(?![\w]|[.,]\d)", text):
            before = _TEXT_WORD.findall(text[:match.start()])[-LABEL_GAP:]
            if any(w[0].isupper() for w in before) and sentence_language(text) != language:
                return True
    return False


def _counted_noun(question: str, end: int, analysis: AnalysedQuestion) -> frozenset[str]:
    """The index forms of the noun a number of the question counts ("tiga *siklus*"), or nothing."""
    following = content_words(" ".join(words(question[end:])[:2]))
    if not following:
        return frozenset()
    for term in analysis.terms:
        if term.word == following[0]:
            return term.forms
    return frozenset(index_terms(following[0]))


def _counts_otherwise(value: float, noun: frozenset[str], counted: list[tuple[float, set[str]]]) -> bool:
    """The texts count the question's noun, but never with the question's number: "dua siklus"
    against "three cycles" (a number that is in the texts, counting something else, is no match)."""
    if not noun:
        return False
    with_noun = {v for v, after in counted if after & noun}
    return bool(with_noun) and value not in with_noun


def _overlaps(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in ranges)


# What the thesis states in place of the question's premise: a sentence of the retrieved passages
# that says the same thing with another value in the particular's place (the question's year, count
# or date replaced by another), or that says it is not so (a negation before the question's verb).
NEGATED_WINDOW = 3  # a negator negates the first word after it that is no auxiliary, within this many
# auxiliaries between a negation and the verb it negates ("tidak pernah mengambil", "did not ever take")
AUXILIARIES = frozenset({"pernah", "lagi", "juga", "akan", "sedang", "sempat", "perlu", "ever", "been", "be",
                         "have", "has", "had", "yet", "also"})
SUBSTITUTE_SHARE = 0.6  # the sentence holds at least this share of the question's other judged words
NEGATED_SHARE = 0.5  # ... for a negation (its verb is one of them)
MIN_SHARED = 2  # and at least this many of them
# Questions that presume what they ask about ("Why did ...", "How did ...", "Did ..."); a factoid's year or
# count ("Berapa ... pada tahun 2021?") asks for that one, and "Sebutkan tiga ..." says how many to name
PRESUMING = frozenset({"why", "how", "yesno", "other"})


@dataclass(frozen=True)
class Contradiction:
    """A thesis sentence that states something else than the question's premise."""

    evidence: Evidence
    written: tuple[str, ...]  # the question's words the sentence contradicts, as the question writes them
    kind: str  # "value" (another date or count in the same place) | "negation" | "role" | "self" | "bound"
    also: tuple[Evidence, ...] = ()  # for a bound: the sentence of its paragraph stating the value within it


def contradiction(*, analysis: AnalysedQuestion, premise: Premise, passages: Sequence[Passage]
                  ) -> Contradiction | None:
    """The sentence of ``passages`` that contradicts the question's premise best, or None: it shares
    most of the question's other words and writes another date where the question writes one, counts
    the question's counted noun with another number, or negates a word of the question."""
    if analysis.qtype not in PRESUMING:
        return None
    terms = [t for t in analysis.terms if t.own and t.judged]
    negated = not NEGATIONS.isdisjoint(w.lower() for w in words(analysis.question))
    best: tuple[tuple[bool, float], Contradiction] | None = None
    if not ASKS_AIM.search(analysis.standalone or analysis.question):  # an aim states no finding to contradict with
        passages = [p for p in passages if not is_aim_part(p.chunk.section_title)]
    for passage in passages:
        for sentence in passage.chunk.sentences:
            found = _contradicts(analysis, premise, terms, sentence.text, negated)
            if found is None:
                continue
            share, written, kind = found
            # the opposite bound on the question's own number says most plainly that it is otherwise: it goes first
            # (so does a comparison or a relation said the other way round: "the other way" is said outright)
            rank = (kind in ("bound", "order"), share)
            if best is None or rank > best[0]:
                best = (rank, Contradiction(Evidence(passage, sentence, passage.score), written, kind))
    if best is not None and best[1].kind == "bound":
        return replace(best[1], also=_bounded_value(analysis, terms, best[1].evidence))
    return best[1] if best is not None else _self_stated(analysis, terms, passages, negated)


def _written(text: str) -> set[str]:
    """A sentence's tokens as written (split at spaces, end punctuation stripped, lower-cased)."""
    return {t.strip(".,;:!?\"“”'()").lower() for t in text.split()} - {""}


def _bounded_value(analysis: AnalysedQuestion, terms: list, found: Evidence) -> tuple[Evidence, ...]:
    """The sentence of the bound's paragraph, nearest it (before it first), that states a value within the thesis'
    bound, with the same unit, of a thing the question and the bound's sentence both name ("MAPE sebesar 2,15%"
    before "Karena MAPE kurang dari 10%, ..."): the value the question's premise misstates."""
    text = found.sentence.text
    language = sentence_language(text) or analysis.language
    stated = bounds(text, language)
    named = set(index_terms(text))
    shared = [t for t in terms if t.forms & named]
    sentences = list(found.passage.chunk.sentences)
    if found.sentence not in sentences or not stated or not shared:
        return ()
    at = sentences.index(found.sentence)
    written = _written(text)  # as written, so that "ARIMA(1,1,1)" is not "ARIMA(0,1,1)"
    for other in sorted((s for s in sentences if s != found.sentence),
                        key=lambda s: (-len(written & _written(s.text)), abs(sentences.index(s) - at),
                                       sentences.index(s) > at)):
        present = set(index_terms(other.text))
        if not any(t.forms & present for t in shared):
            continue
        own = {(b.start, b.end) for b in bounds(other.text, language)}
        for q in quantities(other.text, language):
            percent = "%" in other.text[q.start:q.end]
            if any(b[0] <= q.start and q.end <= b[1] for b in own):
                continue
            if any(percent == b.percent and (q.value > b.value if b.above else q.value < b.value) for b in stated):
                return (Evidence(found.passage, other, found.score),)
    return ()


# The thesis' words for itself (the genre's own): "Mengapa penelitian ini menggunakan ...?" presumes what the study
# did, and the sentence where the thesis says what it did ("Penelitian ini menggunakan pendekatan kualitatif ...",
# "Penelitian ini merupakan penelitian hukum yuridis normatif ...") says otherwise when it names little of it.
SELF = re.compile(r"\b(?:penelitian|skripsi|tesis|studi|kajian)\s+ini\b|\b(?:this|the)\s+(?:study|research|thesis)\b",
                  re.IGNORECASE)
COPULAS = frozenset({"merupakan", "adalah", "ialah", "is", "was"})
QUESTION_AUXILIARIES = frozenset({"did", "does", "do", "was", "were", "is", "are", "has", "have", "had"})
SELF_OBJECT_SHARE = 0.5  # a sentence of the thesis about itself naming under this share of what the question says
SELF_OBJECT_WORDS = 2  # ... of at least this many content words the question says the study did or used


def _self_stated(analysis: AnalysedQuestion, terms: list, passages: Sequence[Passage], negated: bool
                 ) -> Contradiction | None:
    """A why-question saying what the study itself did ("Mengapa penelitian ini menggunakan metode survei dengan
    kuesioner?") against the passages' sentence where the thesis says what it did with the same verb or a copula
    and names under half of it ("Penelitian ini menggunakan pendekatan kualitatif dengan metode studi kasus."),
    when no sentence of the passages about the study itself names half of it."""
    question = analysis.question
    found = SELF.search(question)
    if negated or analysis.qtype != "why" or not found:
        return None
    after = [w for w in words(question[found.end():])]
    while after and after[0].lower() in QUESTION_AUXILIARIES:
        after = after[1:]
    if not after:
        return None
    verb, rest = after[0].lower(), {w.lower() for w in after[1:]}
    by_word = {t.word: t for t in terms}
    verb_forms = by_word[verb].forms if verb in by_word else frozenset(index_terms(verb))
    objects = [t for t in terms if t.word in rest]
    if len(objects) < SELF_OBJECT_WORDS:
        return None
    candidates: dict[int, Contradiction] = {}  # 0: with the question's verb, 1: with a copula (the first of each)
    for passage in passages:
        for sentence in passage.chunk.sentences:
            if not SELF.search(sentence.text):
                continue
            present = set(index_terms(sentence.text))
            shared = sum(bool(t.forms & present) for t in objects)
            if shared >= SELF_OBJECT_SHARE * len(objects):
                return None  # the thesis says so of itself
            written = {w.lower() for w in words(sentence.text)}  # (a verb may be a stopword: "menggunakan")
            kind = 0 if verb in written or verb_forms & present else 1 if not COPULAS.isdisjoint(written) else None
            if kind is not None and kind not in candidates:
                candidates[kind] = Contradiction(Evidence(passage, sentence, passage.score),
                                                 tuple(t.word for t in objects if not t.forms & present), "self")
    return candidates[min(candidates)] if candidates else None


def _contradicts(analysis: AnalysedQuestion, premise: Premise, terms: list, text: str, negated: bool
                 ) -> tuple[float, tuple[str, ...], str] | None:
    """(share of the question's other words, the contradicted words, kind) when ``text`` contradicts."""
    present = set(index_terms(text))
    compared = _bound_contradicted(analysis, terms, text, present)
    if compared is not None:
        return compared
    absent_dates = [a for a in premise.absent if DATE.fullmatch(a) and read_date(a) is not None]
    values: list[str] = [a for a in premise.absent if a not in absent_dates and _value(a, analysis.language)]
    value_words = {w.lower() for a in absent_dates + values for w in words(a)}
    others = [t for t in terms if t.word not in value_words]
    shared = [t for t in others if t.forms & present]
    share = len(shared) / len(others) if others else 0.0
    if len(shared) < MIN_SHARED:
        return None
    if absent_dates and share >= SUBSTITUTE_SHARE:
        stated = [read_date(m.group(0)) for m in DATE.finditer(text)]
        wanted = [read_date(a) for a in absent_dates]
        if any(d is not None for d in stated) and not any(
                s is not None and w is not None and s.year == w.year for s in stated for w in wanted):
            return share, tuple(absent_dates), "value"
    if values and share >= SUBSTITUTE_SHARE:
        for written in values:
            quantity = _value(written, analysis.language)
            start = analysis.question.find(written)
            noun = _counted_noun(analysis.question, start + len(written), analysis) if start >= 0 else frozenset()
            if not noun or quantity is None:
                continue
            counted = [q for q in quantities(text, analysis.language)
                       if counts_noun(text, q.start, q.end, noun, after=COUNTED_WINDOW)]
            if counted and all(q.value != quantity for q in counted):
                return share, (written,), "value"
    if not negated and analysis.qtype == "why":  # (each with its own share: the words of direction are what differs)
        turned = _order_reversed(analysis, terms, text) or _direction_reversed(analysis, terms, text, present)
        if turned:
            return share, turned, "order"
    if negated or analysis.qtype != "why" or share < NEGATED_SHARE:
        return None
    held = _superlative_held(analysis, terms, text, present)
    if held:
        return share, held, "role"
    tokens = [w.lower() for w in words(text)]
    for i, token in enumerate(tokens):
        if token not in NEGATIONS:
            continue
        following = [w for w in tokens[i + 1:i + 1 + NEGATED_WINDOW] if w not in AUXILIARIES]
        negated_terms = set(index_terms(following[0])) if following else set()
        hit = [t for t in shared if t.forms & negated_terms]
        if hit:
            return share, tuple(t.word for t in hit), "negation"
    return None


# Superlatives (grammar, not vocabulary): "laba terbesar", "the highest income", "paling besar".
SUPERLATIVES = frozenset(["terbesar", "tertinggi", "terendah", "terkecil", "terbanyak", "tersedikit", "terbaik",
                          "terburuk", "terlama", "tercepat", "paling", "largest", "biggest", "highest", "lowest",
                          "smallest", "most", "least", "best", "worst", "longest", "fastest", "greatest"])
SUPERLATIVE_NOUN = 2  # the noun a superlative qualifies is written at most this many words from it


def _superlative_held(analysis: AnalysedQuestion, terms: list, text: str, present: set[str]) -> tuple[str, ...]:
    """The question's words that a sentence giving the question's superlative to the same noun leaves out
    ("unit *wisata* menghasilkan laba terbesar" over "unit air bersih menghasilkan laba terbesar"): the
    thesis gives the superlative to another; empty when it does not."""
    asked = [w.lower() for w in words(analysis.question)]
    tokens = [w.lower() for w in words(text)]
    by_word = {t.word: t for t in terms}
    for i, word in enumerate(asked):
        if word not in SUPERLATIVES:
            continue
        before = [by_word[w] for w in asked[max(0, i - SUPERLATIVE_NOUN):i] if w in by_word]
        after = [by_word[w] for w in asked[i + 1:i + 1 + SUPERLATIVE_NOUN] if w in by_word]
        nouns = before + after
        if not nouns:
            continue
        # the sentence gives a superlative to the same noun, written on the same side of it
        qualified = any(t in SUPERLATIVES and (
            any(n.forms & set(index_terms(" ".join(tokens[max(0, j - SUPERLATIVE_NOUN):j]))) for n in before)
            or any(n.forms & set(index_terms(" ".join(tokens[j + 1:j + 1 + SUPERLATIVE_NOUN]))) for n in after))
            for j, t in enumerate(tokens))
        if not qualified:
            continue
        # the words of a bound the question writes ("melebihi 10%") say what it claims of the value, not who holds it
        bound_words = {w for b in bounds(analysis.question, analysis.language, analysis.section_refs)
                       for w in words(analysis.question[b.start:b.end])}
        left_out = tuple(t.word for t in terms if t not in nouns and not t.forms & present and t.word not in bound_words)
        if left_out:
            return left_out
    return ()


# A bound as the genre's languages write it (grammar, not vocabulary): the words or signs right before a number that
# say the value is above it ("melebihi 10%", "lebih dari", "di atas", "more than", "exceeds", "at least", ">") or
# below it ("kurang dari 10%", "di bawah", "less than", "below", "at most", "<"); a negation right before one turns it
# ("tidak melebihi", "no more than", "does not exceed": at most).
_ABOVE = (r"lebih\s+(?:dari|besar\s+dari|tinggi\s+dari|banyak\s+dari)(?:pada)?|melebihi|melampaui|di\s+atas|minimal|"
          r"sekurang-kurangnya|setidaknya|setidak-tidaknya|(?:more|greater|higher|larger)\s+than|exceed(?:s|ed|ing)?|"
          r"above|over|at\s+least|>=?|≥")
_BELOW = (r"kurang\s+dari(?:pada)?|lebih\s+(?:kecil|rendah|sedikit)\s+dari(?:pada)?|di\s+bawah|maksimal|"
          r"(?:less|fewer|lower|smaller)\s+than|below|under|at\s+most|<=?|≤")
_BOUND = re.compile(rf"(?:(?<![\w<>])(?P<above>{_ABOVE})|(?<![\w<>])(?P<below>{_BELOW}))\s*(?:dari\s+|than\s+)?$", re.I)
BOUND_NEGATED = 2  # a negation at most this many words before the bound's word turns it ("did not exceed")
BOUND_SHARE = 0.4  # a sentence writing the opposite bound holds at least this share of the question's other words


@dataclass(frozen=True)
class Bound:
    """A number written as a bound: ``above`` (the value is more than it) or not (less), where its words are."""

    value: float
    above: bool
    percent: bool
    start: int  # where the bound's words start
    end: int  # where its number ends


def bounds(text: str, language: str, section_refs: Sequence[str] = ()) -> list[Bound]:
    """The numbers ``text`` writes as bounds: "melebihi 10%" (above 10, a percentage), "kurang dari 0,05",
    "did not exceed 5" (at most 5: below); not the numbers of ``section_refs`` ("di bawah 4.1")."""
    refs = {v for r in section_refs for v in (_value(r, language),) if v is not None}
    out: list[Bound] = []
    for quantity in quantities(text, language):
        if quantity.value in refs:  # "di bawah 4.1": a section below another, no value
            continue
        found = _BOUND.search(text[:quantity.start])
        if found is None:
            continue
        above = found.group("above") is not None
        before = [w for w in words(text[:found.start()])[-BOUND_NEGATED:]]
        if not NEGATIONS.isdisjoint(before):
            above = not above
        out.append(Bound(quantity.value, above, "%" in text[quantity.start:quantity.end], found.start(), quantity.end))
    return out


def _opposed(asked: Bound, stated: Bound) -> bool:
    """The thesis' bound excludes the question's: "kurang dari 10%" against "melebihi 10%" (or "less than 5"
    against "more than 10"); a bound on the same side, or one that leaves room ("less than 12" against
    "more than 10"), does not."""
    if asked.above == stated.above or asked.percent != stated.percent:
        return False
    return stated.value <= asked.value if asked.above else stated.value >= asked.value


def _bound_contradicted(analysis: AnalysedQuestion, terms: list, text: str, present: set[str]
                        ) -> tuple[float, tuple[str, ...], str] | None:
    """A sentence writing the opposite bound to the question's on the same number ("Karena MAPE kurang dari 10%, ..."
    against "Mengapa MAPE model terbaik pada data uji melebihi 10%?"), sharing enough of the question's other words."""
    question = analysis.question
    asked = bounds(question, analysis.language, analysis.section_refs)
    if not asked:
        return None
    stated = bounds(text, sentence_language(text) or analysis.language)
    if not stated:
        return None
    bound_words = {w for b in asked for w in words(question[b.start:b.end])}
    others = [t for t in terms if t.word not in bound_words and not t.forms & set(index_terms(
        " ".join(question[b.start:b.end] for b in asked)))]
    shared = [t for t in others if t.forms & present]
    share = len(shared) / len(others) if others else 0.0
    if len(shared) < MIN_SHARED or share < BOUND_SHARE:
        return None
    for bound in asked:
        if any(_opposed(bound, s) for s in stated):
            return share, (question[bound.start:bound.end],), "bound"
    return None


def _value(written: str, language: str) -> float | None:
    """The number a particular of the question writes, or None."""
    found = quantities(written, language)
    return found[0].value if found else None


# Which way a question and a sentence say things go (grammar of comparison, not vocabulary): words that say a value
# is up or more, and words that say it is down or less; "positive" and "negative" say which way a relation goes.
RISING = frozenset([
    "higher", "high", "more", "greater", "larger", "bigger", "heavier", "stronger", "longer", "increase", "increases",
    "increased", "increasing", "raise", "raises", "raised", "rise", "rises", "rose", "improve", "improved",
    "tinggi", "meningkat", "meningkatkan", "menaikkan", "naik", "bertambah", "menambah", "berat", "besar", "banyak",
    "kuat", "memperkuat", "panjang"])
FALLING = frozenset([
    "lower", "low", "less", "fewer", "smaller", "lighter", "weaker", "shorter", "decrease", "decreases", "decreased",
    "decreasing", "reduce", "reduces", "reduced", "lowered", "fall", "falls", "fell", "drop", "drops",
    "dropped", "decline", "declines", "declined", "weaken", "weakened", "rendah", "menurun", "menurunkan", "turun",
    "berkurang", "mengurangi", "kecil", "sedikit", "ringan", "lemah", "melemahkan", "pendek"])
SIGNS = {"positive": 1, "positif": 1, "negative": -1, "negatif": -1}
# "A fell more than B", "A lebih tinggi daripada B": the word that compares and the one that says against what
COMPARED = re.compile(r"\b(?:more|less|fewer|higher|lower|greater|smaller|larger|bigger)\s+than\b"
                      r"|\blebih\s+(?:tinggi|rendah|besar|kecil|banyak|sedikit)\s+(?:dari(?:pada)?|ketimbang)\b",
                      re.IGNORECASE)
ORDER_GAP = 6  # a value belongs to the item named at most this many words before it
ORDER_SHARE = 0.6  # the sentence holds at least this share of the question's words (its compared items both)


def _order_reversed(analysis: AnalysedQuestion, terms: list, text: str) -> tuple[str, ...]:
    """A question comparing two items ("Why did the control group's anxiety fall more than the intervention
    group's?") against a sentence giving each its value the other way round ("... kelompok intervensi turun 8,3
    poin ..., sedangkan ... kelompok kontrol hanya turun 1,3 poin"): the items are the words either side of the
    comparison that the other side lacks, next to a word both sides say ("group"); each item's value is the first
    number the sentence writes after naming it. Empty when the sentence does not say otherwise."""
    question = analysis.question
    found = COMPARED.search(question)
    if not found:
        return ()
    word = found.group(0).split()[0 if not found.group(0).lower().startswith("lebih") else 1].lower()
    more = word in RISING
    by_word = {t.word: t for t in terms}
    first = [w.lower() for w in words(question[:found.start()])]
    second = [w.lower() for w in words(question[found.end():])]
    anchors = (set(first) & set(second)) - stopwords()
    items = []
    # the item is the word before the shared noun in English ("the control group"), after it in Indonesian
    steps = (-1, 1) if analysis.language == "en" else (1, -1)
    for side, other in ((first, second), (second, first)):
        near = []
        for step in steps:
            near = [side[i + step] for i, w in enumerate(side) if w in anchors and 0 <= i + step < len(side)]
            near = [w for w in dict.fromkeys(near) if w in by_word and w not in other and w not in anchors]
            if near:
                break
        if len(near) != 1:
            return ()
        items.append(by_word[near[0]])
    tokens = list(re.finditer(r"[^\W_][\w-]*", text))
    language = sentence_language(text) or analysis.language
    values = []
    for item in items:
        at = next((t for t in tokens if set(index_terms(t.group(0))) & item.forms), None)
        if at is None:
            return ()
        after = [q for q in quantities(text, language) if q.start > at.end()
                 and len(words(text[at.end():q.start])) <= ORDER_GAP]
        if not after:
            return ()
        values.append(after[0].value)
    if values[0] == values[1] or (values[0] > values[1]) == more:
        return ()
    present = set(index_terms(text))
    shared = [t for t in terms if t.forms & present]
    if len(shared) < ORDER_SHARE * len(terms):
        return ()
    return (found.group(0),)


def _direction_reversed(analysis: AnalysedQuestion, terms: list, text: str, present: set[str]) -> tuple[str, ...]:
    """A why-question saying one thing moves another the other way than the thesis says ("Why did a heavier workload
    lower the operators' turnover intention?" over "Beban kerja berpengaruh positif ... terhadap turnover intention"
    or "Semakin tinggi beban kerja, semakin tinggi keinginan ... untuk keluar"): the question's two words of
    direction (up and down: the relation is negative; both one way: positive), or its word for the sign, against the
    sentence's sign word or its "semakin ..., semakin ..." pair. Empty when they agree or either says no way."""
    asked = [w.lower() for w in words(analysis.question)]
    claimed, said = _sign(asked)
    if claimed is None:
        return ()
    stated, _ = _sign([w.lower() for w in words(text)], paired=True)
    if stated is None or stated == claimed:
        return ()
    direction = {w for w in said}
    others = [t for t in terms if t.word not in direction]
    shared = [t for t in others if t.forms & present]
    if len(shared) < MIN_SHARED or len(shared) < NEGATED_SHARE * len(others):
        return ()
    return tuple(said)


def _sign(tokens: list[str], paired: bool = False) -> tuple[int | None, list[str]]:
    """Which way a text says a relation goes (+1, -1) and the words that say so: its one sign word ("positif"), or
    its two words of direction (a question's; a sentence's only as "semakin X ..., semakin Y", ``paired``)."""
    signs = [(SIGNS[w], w) for w in tokens if w in SIGNS]
    if signs:
        return (signs[0][0], [signs[0][1]]) if len({s for s, _ in signs}) == 1 else (None, [])
    if paired:
        steps = [i for i, w in enumerate(tokens) if w in ("semakin", "makin", "the")]
        ways = [tokens[i + 1] for i in steps if i + 1 < len(tokens) and (tokens[i + 1] in RISING
                                                                       or tokens[i + 1] in FALLING)]
        if len(ways) != 2:
            return None, []
    else:
        ways = [w for w in tokens if w in RISING or w in FALLING]
        if len(ways) != 2 or "than" in tokens:
            return None, []
    up = sum(w in RISING for w in ways)
    return (1 if up != 1 else -1), ways
