"""The exact span a factoid question asks for, inside the evidence sentences: a date, a name, a
number (with the noun it counts), a concept named right after the asked noun."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.answering.analysis import AnalysedQuestion
from assistant.answering.question import ASKS_VALUE
from assistant.core.language import sentence_language
from assistant.core.numbers import (ASKS_COUNT, DATE, Date, asked_year, bound_years, single_years, value_year,
                                    counted_other, counts_noun, date_spans, parse_digits, quantities, read_date)
from assistant.core.text import META_WORDS, content_words, index_terms, stem, stopwords, word_after, word_matches, words
from assistant.core.types import Sentence
from assistant.generators.base import Evidence

# Runs of capitalised words, allowing short connectors inside ("Kementerian Kehutanan dan Lingkungan Hidup"),
# a number between two of them ("SD Negeri 3 Margaluyu") and one closing them ("Peraturan Nomor 8 Tahun 1999").
ENTITY = re.compile(
    r"\b[A-Z][\w-]*(?:\s+(?:(?:dan|untuk|of|and|the|de)\s+|\d+\s+(?=[A-Z]))?[A-Z(][\w()-]*)+(?:\s+\d+\b(?![.,/]\d))?"
    r"|\b[A-Z]{2,}[\w]*\b"
)
# Academic degrees written after a name belong to it ("Nani Suryani, S.Pd., M.Pd."): the words after
# them are the name's ("..., S.Pd., bertindak sebagai kolaborator").
DEGREES = re.compile(r"(?:,?\s*(?:[A-Z][a-z]{0,3}\.\s?){1,3})+")
# An Indonesian verb's active and passive prefixes ("memprakarsai", "diprakarsai"); a word with them and
# with a stem shorter than itself asks for the one who does it, not for a thing.
VERB_PREFIX = re.compile(r"(?:me|di)")
CAPTION = re.compile(r"(?:Tabel|Table|Gambar|Figure|Grafik|Chart)\s+\d", re.I)
COGNATE_RATIO = 0.8  # difflib ratio at which a word of the other language is the asked noun ("collaborator" / "kolaborator")
# "Kementerian tersebut" (that ministry): a name given earlier; resolved by ``resolve_anaphor``.
_ANAPHOR = re.compile(r"\b([A-Z][a-z]+ (?:tersebut|itu))\b")
_GENERIC_STARTS = {"Dengan", "Sejak", "Namun", "Karena", "Dalam", "Hal", "Saran", "Kondisi", "Keadaan", "Pihak",
                   "Terlebih", "Sehingga", "Kota"}

CLAUSE_BREAK = re.compile(r"[,;:()]")  # a noun's name does not run over these
SPAN_SENTENCES = 4  # a factoid's answer is looked for in this many best sentences
SPAN_WINDOW = 0.5  # ... and in those scoring at most this much below the best sentence that holds a candidate
NEAR_WORDS = 4  # a question word this many words from a candidate counts half (one beside it counts fully)
PROXIMITY_WEIGHT = 0.1  # how much the question's rare words next to a candidate span count
HEAD_BONUS = 0.15  # a candidate next to the very noun the question asks about
ATTACHED_GAP = 3  # at most this many words between the asked noun and its answer
PREVIOUS_TURN_WEIGHT = 0.5  # a follow-up's words from the previous question count this much near a candidate
SLOT_BONUS = 0.1  # a candidate in the slot an in-place question word holds ("naik menjadi *berapa* per kilo")
# Indonesian asks in place: the words around its question word are the words around the answer.
IN_PLACE = {"berapa", "siapa", "kapan", "mana"}
# A number followed by these is a share; it answers a "how many" question only when the question asks a share.
SHARE_AFTER = re.compile(r"\s*(?:%|persen\b|percent\b|per cent\b)", re.IGNORECASE)
SHARE_WORDS = {"persen", "persentase", "proporsi", "percent", "percentage", "proportion", "share", "rate"}
HOW_MANY = re.compile(r"\bhow many\b|\bberapa banyak\b", re.IGNORECASE)
DURATION_UNITS = {"tahun", "bulan", "minggu", "hari", "jam", "menit", "detik", "years", "year", "months", "month",
                  "weeks", "week", "days", "day", "hours", "hour", "minutes", "minute", "seconds", "second"}
# A passive verb's agent stands after "oleh" / "by", perhaps behind a title ("oleh H. X", "by Dr. X").
AGENT_BEFORE = re.compile(r"\b(?:oleh|by)\s+(?:[A-Za-z]{1,4}\.\s*){0,3}$", re.IGNORECASE)
# A sum of money ("Rp 240.000", "$ 5") never answers "how many".
MONEY = re.compile(r"^(?:Rp|US\$|\$|IDR)", re.I)
# "1. ketekunan, 2. refleksi": a small whole number opening an item of an inline list counts nothing.
ENUMERATOR = re.compile(r"[.)]\s+[^\W\d]")
# A number after these is the label of a table, figure, equation, appendix or chapter ("Berdasarkan Tabel 4.3",
# "persamaan (2.5)"), never a quantity of anything, unless the question asks which one ("Tabel berapa ...?").
LABEL_WORDS = (r"tabel|table|gambar|figure|grafik|chart|diagram|lampiran|appendix|persamaan|equation|rumus|formula"
               r"|bab|chapter|subbab|section|halaman|hal|page"
               # a mathematics thesis' numbered statements ("Definisi 2.9.", "Teorema 2.7.")
               r"|definisi|teorema|lemma|akibat|proposisi|korolari|aksioma|definition|theorem|corollary|proposition"
               r"|axiom")
LABEL_BEFORE = re.compile(rf"\b(?:{LABEL_WORDS})\.?\s*[(\[]?\s*$", re.IGNORECASE)
ASKS_LABEL = re.compile(rf"\b(?:{LABEL_WORDS})\s+(?:berapa|mana|apa|nomor)\b|\b(?:which|what)\s+(?:{LABEL_WORDS})\b",
                        re.IGNORECASE)
# A number after "p <", "p =", "α =", "Sig. =" is a test's significance level or p-value: no quantity of what
# is asked unless the question asks a significance ("p-value", "signifikansi", "taraf nyata").
SIGNIFICANCE_BEFORE = re.compile(r"(?<![\w.])(?:p|sig\.?|α)\s*(?:[<>=≤≥]|&lt;|&gt;)\s*$", re.IGNORECASE)
ASKS_SIGNIFICANCE = re.compile(r"(?<![\w-])(?:p|sig|α|p-value|p-values|signifi\w*|significan\w*|probabilit\w*"
                               r"|taraf|nyata)(?![\w-])", re.IGNORECASE)
# Quoted text in a previous answer: the sentence it quotes, not the value it gave.
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")



@dataclass(frozen=True)
class Span:
    """The exact words that answer a factoid question, inside one evidence sentence."""

    text: str
    kind: str  # date | entity | number
    evidence: Evidence
    source: Evidence | None = None  # the sentence that names it, when ``evidence`` only refers to it ("tersebut")


def type_fit(qtype: str, text: str, language: str = "id") -> float:
    """1.0 when a sentence holds a span of the kind the question asks for (a date, a number, a name)."""
    if qtype == "when":
        return 1.0 if DATE.search(text) else 0.0
    if qtype == "duration":
        return 1.0 if any(_counts(text, (q.start, q.end), DURATION_UNITS) for q in quantities(text, language)) else 0.0
    if qtype == "number":
        return 1.0 if any(not DATE.fullmatch(text[q.start:q.end]) for q in quantities(text, language)) else 0.0
    if qtype == "who":
        return 1.0 if entities(text) else 0.0
    return 0.0


def entities(text: str) -> list[tuple[int, int]]:
    """Spans of multi-word capitalised names and acronyms, without sentence-opening filler."""
    out = [(m.start(1), m.end(1)) for m in _ANAPHOR.finditer(text)]
    for match in ENTITY.finditer(text):
        start, end = match.start(), match.end()
        first = match.group(0).split()[0]
        if first in _GENERIC_STARTS and " " in match.group(0):
            start += len(first) + 1
            rest = text[start:end]
            if not rest or " " not in rest and not rest.isupper():
                continue
        degrees = DEGREES.match(text, end)
        if degrees and degrees.group(0).strip(" ,"):
            end = degrees.end() - (len(degrees.group(0)) - len(degrees.group(0).rstrip()))
        out.append((start, end))
    return out


def answer_span(*, analysis: AnalysedQuestion, evidence: list[Evidence], idf: dict[str, float]) -> Span | None:
    """The date / name / number that answers a factoid question, attached to the question's rare words.

    A sentence is cut at its candidate spans; the words between two candidates belong to them
    (Indonesian puts "X pada tanggal D" and "D sebagai inisiator"): a date takes the words before
    it, a name the words after it, each also the other side at half weight. A name that is only
    the question's own words is no answer; "Kementerian tersebut" is resolved to the ministry
    named before it; a number must count what was asked ("berapa ton" wants "... ton").
    """
    qtype, asked = analysis.qtype, analysis.asked
    duration = qtype == "duration"  # "how long": only a number of a time unit answers; none, and sentences do
    if qtype not in ("when", "who", "number", "which", "duration") or not evidence:
        return None
    if analysis.asks_source:  # a source is asked: the span is read from the notes only
        evidence = [e for e in evidence if e.passage.chunk.kind == "footnote"]
        if not evidence:
            return None
    if qtype == "which" and (asked is None or asked.head in META_WORDS):
        return None  # "apa saran ...?" wants sentences, "konsep apa ...?" wants a name
    terms = set(analysis.query_terms)
    skip = terms if qtype == "number" else frozenset()  # the question's words around the asked noun name it
    own_words = {t.word for t in analysis.terms} | terms
    head_forms = forms_of(asked.head, analysis) if asked and content_words(asked.head) else set()  # not "of"
    units = DURATION_UNITS if duration or asked and asked.head in ("lama", "long") else head_forms
    verb = bool(asked) and (not asked.noun or VERB_PREFIX.match(asked.head) is not None and stem(asked.head) != asked.head)
    asks_share = bool({t.word for t in analysis.terms} & SHARE_WORDS)
    counts_only = bool(HOW_MANY.search(analysis.question))  # "how many ...?" is never answered by a share
    asks_label = bool(ASKS_LABEL.search(analysis.question))  # "Tabel berapa ...?"
    asks_significance = bool(ASKS_SIGNIFICANCE.search(analysis.standalone or analysis.question))  # "p < 0,05"
    # (followed by the counted noun, attached to the asked noun, a person asked by 'who', in the question word's
    # slot, score, span)
    scored: list[tuple[bool, bool, bool, bool, float, Span]] = []
    unit_spans: set[tuple[int, int]] = set()
    slot = _slot(analysis.question) if analysis.language == "id" else (None, None)
    # the numbers the question gives are words of it too, in either language's digits ("1,200" / "1.200")
    given = (set(analysis.numbers), max(idf.values(), default=1.0))
    if analysis.follow_up:  # its own words say what it asks; the turn before's words only frame it (as in evidence)
        own = set(index_terms(analysis.question)) | {f for t in analysis.terms if t.own for f in t.forms}
        idf = {t: idf.get(t, 0.0) * (1.0 if t in own else PREVIOUS_TURN_WEIGHT) for t in terms}
    # a follow-up asks a new value ("Kalau tahun 2019?", "And the current sensor?"): the one the previous
    # answer gave is no answer to it, unless nothing else is
    answered = _answered_values(analysis) if qtype in ("number", "duration") else set()
    dated = _answered_dates(analysis) if qtype == "when" else set()  # ... nor the date it gave a when-question
    rate = _rate(analysis.question)  # "how much ... per kilogram": a number written per that unit
    candidates = evidence[:SPAN_SENTENCES] + [
        e for e in evidence[SPAN_SENTENCES:] if head_forms and set(index_terms(e.sentence.text)) & head_forms
        or qtype == "number" and rate and re.search(rf"\d\S*(?:\s+[^\W\d][\w/-]*)?\s+per\s+{re.escape(rate)}\b",
                                                   e.sentence.text, re.IGNORECASE)
    ]
    candidates = _naming_new(analysis, candidates)
    years = _new_years(analysis) if qtype in ("number", "duration") else set()
    year = asked_year(analysis.question) if qtype == "number" and not analysis.follow_up else None
    if year:
        # "How many visitors came in 2022?": a value asked for one year; the sentences of the best candidates'
        # passages that write that year may give it ("... dan Rp 4,86 miliar pada tahun 2022") though they do
        # not name the asked noun
        held = {e.passage.chunk.chunk_id for e in candidates[:SPAN_SENTENCES]}
        candidates += [e for e in evidence if e not in candidates and e.passage.chunk.chunk_id in held
                       and year in {m.group(0) for m in single_years(e.sentence.text)}]
    if qtype == "when" and not any(DATE.search(e.sentence.text) for e in candidates):
        # the best sentences give no date: the one their section gives further on answers ("... pada tanggal D")
        section = evidence[0].passage.chunk.section_id
        candidates += [e for e in evidence[SPAN_SENTENCES:] if e.passage.chunk.section_id == section]
    for item in candidates:
        text = item.sentence.text
        language = item.sentence.language or sentence_language(text)
        heads = head_forms
        if head_forms and language != analysis.language:  # "collaborator" is "kolaborator" in an Indonesian sentence
            heads = head_forms | cognates(asked.head, text)
        if qtype == "when":
            spans = date_spans(text)  # a range ("8 Maret sampai 3 April 2021") is one answer
            kind, before_weight, after_weight = "date", 1.0, 0.5
        elif qtype in ("number", "duration"):
            dates = [(m.start(), m.end()) for m in DATE.finditer(text)]  # "18 November 2016" counts nothing
            spans = [(q.start, q.end) for q in quantities(text, language)
                     if not any(a <= q.start and q.end <= b for a, b in dates) and not _in_name(text, q.start, q.end)
                     and not _enumerator(text, q.start, q.end)
                     and not (_label(text, q.start, q.end) and not asks_label)
                     and not (not asks_significance and SIGNIFICANCE_BEFORE.search(text, 0, q.start))]
            if counts_only:
                spans = [sp for sp in spans if not _money(text, sp)]
            spans = [sp for sp in spans if not _restates(text[sp[0]:sp[1]], own_words)]  # "of the 60 ..."
            if not asks_share:  # "how many": a count, not the share beside it ("12 responden (24,5 persen)")
                counts = [sp for sp in spans if not _is_share(text, sp)]
                spans = counts if counts or counts_only else spans
            counting = units if units is DURATION_UNITS else heads
            # "satu", "tiga" are common words too ("tiga tahun" beside the count asked): an answer only
            # when the asked noun follows them ("tiga aspek")
            spans = [sp for sp in spans if content_words(text[sp[0]:sp[1]]) or counting and _counts(text, sp, counting)]
            if counting:  # the counted noun follows the number, and belongs to the answer ("2 tahun")
                counted = [_counts(text, sp, counting) for sp in spans]
                # a number that counts something else is still an answer when the noun is named
                # elsewhere ("jumlah petugas ... dua belas orang", "R/C ratio 1,63"): it is only not preferred
                spans = [_with_unit(text, sp, counting) if hit else sp for sp, hit in zip(spans, counted)]
                unit_spans = {sp for sp, hit in zip(spans, counted) if hit}
                if duration:
                    spans = [sp for sp in spans if sp in unit_spans]
            else:
                unit_spans = set()
            kind, before_weight, after_weight = "number", 1.0, 0.5
        else:  # a table's capitalised headers name no concept ("Tabel 4.2 Daftar Informan Penelitian No Nama")
            spans = [] if qtype == "which" and CAPTION.match(text) or _header_row(item) else entities(text)
            kind, before_weight, after_weight = "entity", 0.5, 1.0
        if kind != "number":  # (a number is held to the question's words before its unit is added)
            spans = [sp for sp in spans if not set(content_words(text[sp[0]:sp[1]])) <= own_words]
        # a number's unit ("5,1 ton per hektare, ...", the words up to a comma, at most three) is neither
        # the words after it nor those before the next number
        units_end = [_unit_end(text, end, spans[i + 1][0] if i + 1 < len(spans) else len(text)) if kind == "number"
                     else end for i, (_, end) in enumerate(spans)]
        frame = _range_frame(text, spans) if kind == "date" else 0
        for i, (start, end) in enumerate(spans):
            previous_end = units_end[i - 1] if i else frame
            next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
            # words between two candidates belong to one of them only: the later date, the earlier name
            before = before_weight if (before_weight == 1.0 or i == 0) else 0.0
            after = after_weight if (after_weight == 1.0 or i + 1 == len(spans)) else 0.0
            # (a sentence glued to the next by the parser: no word of one names a value of the other)
            preceding, following = _in_sentence(text[previous_end:start], text[units_end[i]:next_start])
            near = kind == "number"  # (a date or a name takes the long noun phrase before it whole: "penandatanganan
            # MoU berupa Agreement of Friendship diantara Kota X dan Y pada 18 November 2016")
            weight = (before * _weight(preceding, terms, idf, given, language, from_end=True, near=near)
                      + after * _weight(following, terms, idf, given, language, near=near))
            if frame:  # the words before a range of dates frame every date of it alike
                weight += before_weight * _weight(text[:frame], terms, idf, given, language)
            if kind == "entity" and set(words(text[start:end])) & terms:
                weight += 1.0  # "which ministry" -> a name that is a Kementerian
            score = item.score + PROXIMITY_WEIGHT * math.log1p(weight)
            gap = _head_distance(text, start, end, heads, skip=skip) if heads else None
            if qtype == "which" and gap != 0:
                continue  # "konsep Green City": a which-question's name stands right after its noun
            if gap is not None and previous_end <= start:
                score += HEAD_BONUS / (1 + gap)  # "siapa inisiator": the name next to "inisiator"
            fit = _in_slot(text, start, end, slot)
            if kind == "number" and rate and _per_after(text, end, rate):
                fit = 1.0  # "how much per kilogram": the number written "Rp7.820 per kilogram" stands in its slot
            score += SLOT_BONUS * fit
            span_text = text[start:end].strip(" ,;")
            if span_text.endswith(".") and not DEGREES.fullmatch(span_text[span_text.rfind(",") + 1:]):
                span_text = span_text[:-1]  # a sentence's full stop, not a degree's ("S.Pd.")
            source = None
            if kind == "entity" and _ANAPHOR.fullmatch(span_text):
                resolved = resolve_anaphor(span_text, item)
                if not resolved:
                    continue
                span_text, named_in = resolved
                source = Evidence(item.passage, named_in, item.score)
            # attached to the noun itself; a word of its stem ("gugatan" for "penggugat") only draws the bonus.
            # A verb is itself in any of its forms ("memprakarsai" / "diprakarsai oleh X").
            near = (gap if verb else _head_distance(text, start, end, heads, literal=True, skip=skip)
                    if gap is not None else None)
            attached = near is not None and near <= ATTACHED_GAP
            if verb and kind == "entity" and gap is not None and AGENT_BEFORE.search(text, 0, start):
                attached = True  # "didirikan pada tanggal D oleh H. X": the agent of the asked verb, however far
            counted_noun = kind == "number" and (start, end) in unit_spans
            if kind == "number" and units is DURATION_UNITS:
                attached = counted_noun  # "berapa lama": a number of years, months ...
            person = qtype == "who" and kind == "entity" and _person(text, start, end)
            scored.append((counted_noun, attached, person, fit == 1.0, score, Span(span_text, kind, item, source)))
    if not scored and qtype == "which" and head_forms and ASKS_VALUE.match(analysis.question):
        return _measure(analysis, candidates[:SPAN_SENTENCES], head_forms, terms, asks_significance, idf)
    if not scored:
        return None
    if qtype == "when":  # a caption's date is the period its table covers, not when something happened
        told = [entry for entry in scored if not CAPTION.match(entry[5].evidence.sentence.text)]
        scored = told or scored
    # a name attached to the very noun asked about ("... sebagai inisiator") beats any other
    # a number followed by the noun counted ("240 keluarga") beats one only near it
    # a span between both words that stand around an in-place question word beats one that is not
    # ... a number among the sentences that answer about as well as the best one holding a candidate: a number
    # next to the asked noun in a sentence far below it is about something else ("Biaya seluruh komponen ... Rp X"
    # for the mean difference the best sentences give). (A name stays held to its noun or verb however far:
    # "didirikan ... oleh H. X" answers who founded it from below a sentence naming the firm.)
    top = max(entry[5].evidence.score for entry in scored)
    within = [entry for entry in scored if entry[5].kind != "number" or entry[5].evidence.score >= top - SPAN_WINDOW]
    if years:  # "Kalau pada tahun 2021?": the number written with that year ("79,2 ton pada tahun 2021")
        within = [entry for entry in within if _bound_to_year(entry[5], years)] or within
    if year:  # a value given for the asked year ("41 persen" in "sampai tahun 2022 baru sekitar 41 persen petani ...")
        # beats one given for none; one given for another year ("8.214 jiwa pada tahun 1961" for 1971) answers no
        # question of this one
        given = [_year_of(entry[5]) for entry in within]
        within = ([entry for entry, y in zip(within, given) if y == year]
                  or [entry for entry, y in zip(within, given) if y is None] or within)
    best = max(within or scored, key=lambda entry: entry[:5])
    if _counts_elsewhere(analysis, best[5], head_forms):
        # a count asked ("berapa jumlah penduduk") and the best number counts another noun ("25 tahun"): a number
        # of the evidence that does not is the answer (one that does is refused by the decision as no count of it);
        # a sum of money counts nothing: it is no alternative
        fitting = [entry for entry in scored if not _counts_elsewhere(analysis, entry[5], head_forms)
                   and not _money_span(entry[5])]
        best = max([entry for entry in fitting if entry in within] or fitting or [best], key=lambda entry: entry[:5])
    if answered and _repeats(best[5], answered):
        # the value the previous answer gave: the sentence's other value is the new one ("dari 12,0 persen menjadi
        # 23,4 persen"), or else the best other value of the evidence
        fresh = [entry for entry in scored if not _repeats(entry[5], answered)]
        same = [entry for entry in fresh if entry[5].evidence is best[5].evidence]
        best = max(same or fresh or [best], key=lambda entry: entry[:5])
    if dated and read_date(best[5].text) in dated:
        # "And when was the senior high school opened?" after the junior one's "1 August 1963": the sentence's
        # other date, or else the evidence's best other date
        fresh = [entry for entry in scored if read_date(entry[5].text) not in dated]
        same = [entry for entry in fresh if entry[5].evidence is best[5].evidence]
        best = max(same or fresh or [best], key=lambda entry: entry[:5])
    return best[5]


# A sentence giving a range of dates, each with its own words: "X berlangsung sejak penandatanganan LoI pada D1
# hingga penandatanganan MoU pada D2", "from the survey on D1 until the interviews on D2"
_RANGE_OPENS = re.compile(r"\b(?:sejak|semenjak|mulai|from|since)\b", re.IGNORECASE)
_RANGE_CLOSES = re.compile(r"\b(?:hingga|sampai|until|till|to)\b", re.IGNORECASE)


def _range_frame(text: str, spans: list[tuple[int, int]]) -> int:
    """Where the words that frame a range of dates end (0 when the sentence writes none): the sentence's words
    before the range's opening word ("sejak", "from") are about the whole range, not its first date, when a
    closing word ("hingga", "until") stands between its first two dates."""
    if len(spans) < 2 or not _RANGE_CLOSES.search(text, spans[0][1], spans[1][0]):
        return 0
    opens = list(_RANGE_OPENS.finditer(text, 0, spans[0][0]))
    return opens[-1].start() if opens else 0


def _counts_elsewhere(analysis: AnalysedQuestion, span: Span, head_forms: set[str]) -> bool:
    """A count question's number span that counts another noun than the asked one (``numbers.counted_other``)."""
    asked = analysis.asked
    if (span.kind != "number" or analysis.qtype != "number" or asked is None or not asked.noun or analysis.follow_up
            or not ASKS_COUNT.search(analysis.question)):
        return False
    asked_forms = set().union(*(t.forms for t in analysis.terms)) if analysis.terms else set()
    head = head_forms or set(index_terms(asked.head))
    return counted_other(span.evidence.sentence.text, span.text, asked_forms, head, analysis.language) is not None


# A name given with a form of address or an academic title before it ("Ibu Hartini", "Drs. H. Ahmad") or a
# degree after it ("Dedi, S.E.", "Rina, M.Pd."): a person, whom a who-question asks for, rather than a firm, a
# place or a method. (A title is one abbreviation, "Drs.", a degree two run together, "S.E.", "M.Si.".)
_TITLES = r"(?:Bapak|Ibu|Bpk|Pak|Bu|Sdr|Sdri|Saudara|Saudari|Mr|Mrs|Ms|Dr|Prof|Drs|Dra|Ir|H|Hj)"
PERSON_TITLE = re.compile(rf"^{_TITLES}\.?\s+[A-Z]")
TITLE_BEFORE = re.compile(rf"\b{_TITLES}\.?\s+$")
PERSON_DEGREE = re.compile(r",\s*[A-Z][a-z]{0,3}\.[A-Z][a-z]{0,3}\.")


def _person(text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is a person's: a form of address or a title at its start or right before
    it, or a degree after it."""
    name = text[start:end]
    return bool(PERSON_TITLE.match(name) or TITLE_BEFORE.search(text, 0, start) or PERSON_DEGREE.search(name))


# A sentence's end inside a stretch of text: a full stop, then a capital ("... 25 mg/L. BOD dan COD menurun ...").
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z])")


def _in_sentence(preceding: str, following: str) -> tuple[str, str]:
    """The words before and after a candidate that stand in its own sentence."""
    ends = list(_SENTENCE_END.finditer(preceding))
    if ends:
        preceding = preceding[ends[-1].end():]
    end = _SENTENCE_END.search(following)
    return preceding, following[:end.start()] if end else following


def _measure(analysis: AnalysedQuestion, candidates: list[Evidence], head_forms: set[str], terms: set[str],
             asks_significance: bool, idf: dict[str, float]) -> Span | None:
    """A which-question asking the value of a measure ("What is the capacity of the mill?", "What is the adjusted
    R square?"): the number the best sentences write right after the asked noun, in its clause ("berkapasitas
    1,5 ton per hari", "Adjusted R Square sebesar 0,604"), with its unit; None when none stands there. Several
    items each with its value right after the noun ("X (p = a), Y (p = b), dan Z (p = c)"): the one whose own
    words, since the value before it, name the question's other words most (near it counts more)."""
    best: tuple[float, float, Span] | None = None
    others = terms - head_forms
    for item in candidates:
        text = item.sentence.text
        language = item.sentence.language or sentence_language(text)
        heads = head_forms | (cognates(analysis.asked.head, text) if analysis.asked and language != analysis.language
                              else set())
        dates = [(m.start(), m.end()) for m in DATE.finditer(text)]
        previous_end = 0
        for q in quantities(text, language):
            start, end = q.start, q.end
            own_start, previous_end = previous_end, end
            if (any(a <= start and end <= b for a, b in dates) or _in_name(text, start, end)
                    or _enumerator(text, start, end) or _label(text, start, end)
                    or not asks_significance and SIGNIFICANCE_BEFORE.search(text, 0, start)):
                continue
            gap = _head_distance_before(text, start, heads, terms)
            if gap is None or gap > ATTACHED_GAP:
                continue
            score = item.score + HEAD_BONUS / (1 + gap)
            named = _weight(text[own_start:start], others, idf, language=language, from_end=True, near=True)
            if best is None or (score, named) > best[:2]:
                a, b = _with_unit(text, (start, end))
                best = (score, named, Span(text[a:b].strip(" ,;."), "number", item))
    return best[2] if best else None


def _head_distance_before(text: str, start: int, heads: set[str], skip: set[str]) -> int | None:
    """Words between the nearest mention of the asked noun before ``start`` (in its clause) and ``start``."""
    found = None
    for match in word_matches(text[:start]):
        word = match.group(0).lower()
        if word in heads or stem(word) in heads:
            between = text[match.end():start]
            if not CLAUSE_BREAK.search(between):
                found = _unnamed(between, skip)
    return found


def _naming_new(analysis: AnalysedQuestion, candidates: list[Evidence]) -> list[Evidence]:
    """A follow-up asks about what it newly names ("Kalau yang berpengetahuan kurang?", "And the COD
    there?"): when some candidate sentences name it, the answer is in one of them, not in a sentence that
    only matches the previous question it is retrieved with."""
    new = set(analysis.new_forms) | _new_years(analysis) if analysis.follow_up else set()
    if not new:
        return candidates
    naming = [e for e in candidates if new & (set(words(e.sentence.text)) | set(index_terms(e.sentence.text)))]
    return naming or candidates


_YEAR_WORD = re.compile(r"(?:19|20)\d\d")


def _bound_to_year(span: Span, years: set[str]) -> bool:
    """The span's value is written with one of ``years`` (``numbers.bound_years``: "79,2 ton pada tahun 2021",
    "in 2022 the rate was 23.7")."""
    text = span.evidence.sentence.text
    at = text.find(span.text)
    return at >= 0 and bool(bound_years(text, at, at + len(span.text)) & years)


def _year_of(span: Span) -> str | None:
    """The year a number span is given for (``numbers.value_year``), None for a name or date or a value of no year."""
    text = span.evidence.sentence.text
    at = text.find(span.text)
    return value_year(text, at, at + len(span.text)) if span.kind == "number" and at >= 0 else None


def _new_years(analysis: AnalysedQuestion) -> set[str]:
    """The years a follow-up newly asks about ("Kalau pada tahun 2021?" after "... pada tahun 2020?", "two years
    later" read as 2022): when a candidate sentence writes one, the value asked is in it, not in a sentence
    giving the other years of the same series."""
    said = set(words(analysis.previous_question))
    return {t.word for t in analysis.specific_words
            if not t.judged and _YEAR_WORD.fullmatch(t.word) and t.word not in said}


def cognates(word: str, text: str) -> set[str]:
    """Words of ``text`` in the other language that are ``word`` ("productivity" / "produktivitas"): the
    loanwords Indonesian writes with k for c and i for y, found by their spelling."""
    if len(word) < 6:
        return set()
    def spelt(w: str) -> str:
        return w.replace("c", "k").replace("y", "i").replace("ph", "f")
    mine = spelt(word)
    out = set()
    for other in set(words(text)):
        theirs = spelt(other)
        if (len(other) >= 6 and theirs[:2] == mine[:2] and abs(len(other) - len(word)) <= 3
                and SequenceMatcher(None, mine, theirs).ratio() >= COGNATE_RATIO):
            out.add(other)
    return out


def _head_distance(text: str, start: int, end: int, head_forms: set[str], *, literal: bool = False,
                   skip: set[str] | frozenset[str] = frozenset()) -> int | None:
    """Words between a candidate span and the nearest mention of the asked noun (None if absent);
    0 when the span is itself one ("Kementerian Kehutanan ..." for "which ministry"). ``literal``:
    only the noun's own forms count, not other words of its stem ("gugatan" is no "penggugat").
    Words of ``skip`` (the question's own) in the same clause are not counted: they name the noun
    asked about ("pendapatan usahatani jajar legowo rata-rata Rp X" for "the income of jajar legowo
    farming")."""
    if set(words(text[start:end])) & head_forms:  # by its words, not their stems: "Tergugat" is no "penggugat"
        return 0
    best = None
    for match in word_matches(text):
        if start <= match.start() < end:
            continue
        word = match.group(0).lower()
        if word in head_forms or not literal and stem(word) in head_forms:
            lo, hi = (match.end(), start) if match.end() <= start else (end, match.start())
            gap = _unnamed(text[lo:hi], skip)
            best = gap if best is None else min(best, gap)
    return best


def _unnamed(between: str, skip: set[str] | frozenset[str]) -> int:
    """How many words between the asked noun and a span count as a gap: inside one clause the
    question's own words are part of the noun's name ("pendapatan usahatani jajar legowo rata-rata Rp X"
    for "the income of jajar legowo farming"); across a comma, colon or bracket every word counts."""
    found = words(between)
    if not skip or CLAUSE_BREAK.search(between):
        return len(found)
    return len([w for w in found if not set(index_terms(w)) & skip])


def _is_share(text: str, span: tuple[int, int]) -> bool:
    """The number at ``span`` is a percentage ("24,5 persen", "12%")."""
    return text[span[0]:span[1]].rstrip().endswith("%") or bool(SHARE_AFTER.match(text, span[1]))


def _slot(question: str) -> tuple[str | None, str | None]:
    """The words right before and after an in-place question word ("naik menjadi berapa per kilo?" ->
    ("menjadi", "per")); None at the question's edge."""
    tokens = words(question)
    for i, token in enumerate(tokens):
        if token in IN_PLACE:
            return (tokens[i - 1] if i > 0 else None, tokens[i + 1] if i + 1 < len(tokens) else None)
    return (None, None)


# "per kilogram", "per hari", "per 1.000 ekor": a rate's unit, written the same way in both languages
PER = re.compile(r"\bper\s+(\w+)", re.IGNORECASE)


def _rate(question: str) -> str | None:
    """The unit a question asks a rate in ("How much did it cost per kilogram?" -> "kilogram"), or None."""
    found = PER.search(question)
    return found.group(1).lower() if found else None


def _per_after(text: str, end: int, unit: str) -> bool:
    """The number ending at ``end`` is given per the asked unit ("Rp7.820 per kilogram"), at most one word between."""
    found = re.match(r"(?:\s+[^\W\d][\w/-]*)?\s+per\s+(\w+)", text[end:], re.IGNORECASE)
    return bool(found) and found.group(1).lower() == unit


def _in_slot(text: str, start: int, end: int, slot: tuple[str | None, str | None]) -> float:
    """How much ``start:end`` stands where the question word stands: half for the word before it, half for
    the word after it, each the question's own ("menjadi Rp 9.200 per kilogram")."""
    before, after = slot
    left, right = words(text[:start])[-1:], words(text[end:])[:1]
    return 0.5 * (before is not None and left == [before]) + 0.5 * (after is not None and right == [after])


def _restates(number: str, own_words: set[str]) -> bool:
    """The number is one the question gives ("how many of the 60 ..."); number words ("tiga") are stopwords."""
    said = set(content_words(number))
    return bool(said) and said <= own_words


def _unit_end(text: str, end: int, limit: int) -> int:
    """Where the unit after a number ends: up to three words, not past a comma or the next number."""
    unit = re.match(r"(?:[ \t]+[^\W\d][\w/-]*){0,3}", text[end:limit])
    return end + (unit.end() if unit else 0)


def _enumerator(text: str, start: int, end: int) -> bool:
    """The number at ``start:end`` numbers an item of a list ("1. ketekunan", "2) refleksi")."""
    return bool(re.fullmatch(r"\d{1,2}", text[start:end]) and ENUMERATOR.match(text, end))


def _label(text: str, start: int, end: int) -> bool:
    """The number at ``start:end`` labels a table, figure, equation or chapter ("Tabel 4.3", "persamaan (2.5)"),
    or is glued to a word by a hyphen ("COVID-19"): no quantity."""
    return bool(LABEL_BEFORE.search(text, 0, start)) or start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()


def _header_row(item: Evidence) -> bool:
    """The sentence is a table's row of column headers ("Peringkat Kode Nama Pemasok Nilai Preferensi (Vi)"):
    in a caption's paragraph, three words or more, each capitalised, no number. Its names are columns, no answer."""
    if item.passage.chunk.kind != "caption":
        return False
    found = re.findall(r"[^\W\d_][\w-]*|\d", item.sentence.text)
    return len(found) >= 3 and all(w[:1].isupper() for w in found)


def _repeats(span: Span, answered: set[float]) -> bool:
    """The span states a value the previous answer gave."""
    language = span.evidence.sentence.language or sentence_language(span.evidence.sentence.text)
    return bool({q.value for q in quantities(span.text, language)} & answered)


def _answered_values(analysis: AnalysedQuestion) -> set[float]:
    """The values a follow-up's previous answer gave (its quotes aside: they hold the thesis' other values)."""
    if not analysis.follow_up or not analysis.previous_answer:
        return set()
    return set(_told_values(analysis)) - set(analysis.numbers)


def _answered_dates(analysis: AnalysedQuestion) -> set[Date]:
    """The dates a follow-up's previous answer gave (its quotes aside)."""
    if not analysis.follow_up or not analysis.previous_answer:
        return set()
    told = QUOTED.sub(" ", analysis.previous_answer)
    return {d for d in (read_date(m.group(0)) for m in DATE.finditer(told)) if d is not None}


def _told_values(analysis: AnalysedQuestion) -> list[float]:
    """The previous answer's values (its quotes aside), in order, each digit string read both ways: an English
    answer gives the thesis' span as the thesis writes it ("18.500 — the thesis says ...") or as English does
    ("86.4 tons"), so "18.500" is 18500 as well as 18.5."""
    told = QUOTED.sub(" ", analysis.previous_answer)
    language = sentence_language(told)
    other = "id" if language == "en" else "en"
    values: list[float] = []
    for q in quantities(told, language):
        values.append(q.value)
        reading = None if q.words else parse_digits(told[q.start:q.end], other)
        if reading is not None:
            values.append(reading)
    return values


def answered_in_order(analysis: AnalysedQuestion) -> list[float]:
    """The values of ``_answered_values`` in the order the previous answer gives them (its answer first)."""
    values = _answered_values(analysis)
    return list(dict.fromkeys(v for v in _told_values(analysis) if v in values))


def _money(text: str, span: tuple[int, int]) -> bool:
    """The number at ``span`` is a sum of money ("Rp 240.000"), with its currency before it."""
    return bool(MONEY.match(text[span[0]:span[1]]) or re.search(r"(?:Rp\.?|IDR|US\$|\$)\s*$", text[:span[0]]))


def _money_span(span: Span) -> bool:
    """A span that is a sum of money in its sentence."""
    text = span.evidence.sentence.text
    start = text.find(span.text)
    return start >= 0 and _money(text, (start, start + len(span.text)))


def _in_name(text: str, start: int, end: int) -> bool:
    """A number between two capitalised words is part of a name ("SD Negeri 3 Margaluyu"), no count."""
    before, after = re.search(r"(\w+)\s+$", text[:start]), re.match(r"\s+(\w+)", text[end:])
    return bool(before and after and before.group(1)[:1].isupper() and after.group(1)[:1].isupper())


def _counts(text: str, span: tuple[int, int], units: set[str]) -> bool:
    """The number at ``span`` is followed (within two words) by one of the counted noun's forms."""
    return counts_noun(text, span[0], span[1], units, after=2)


def _with_unit(text: str, span: tuple[int, int], counted: set[str] | frozenset[str] = frozenset()) -> tuple[int, int]:
    """The number with the word after it, its unit ("2 tahun"); not a function word that only stands between it and
    the counted noun ("skor 73 dari skor maksimal 112": "dari" is no unit of 73), unless that word is the noun."""
    match = word_after(text, span[1])
    if match and match.group(0).lower() in stopwords() and match.group(0).lower() not in counted:
        return span
    return (span[0], match.end()) if match else span


def resolve_anaphor(anaphor: str, item: Evidence) -> tuple[str, Sentence] | None:
    """"Kementerian tersebut" -> the last name starting with "Kementerian" earlier in the paragraph,
    with the sentence that names it (the answer quotes it: a name is traced to where it is written)."""
    noun = anaphor.split()[0]
    found = None
    for sentence in item.passage.chunk.sentences:
        if sentence.start >= item.sentence.start:
            break
        text = sentence.text
        names = [text[a:b] for a, b in entities(text) if text[a:b].startswith(noun + " ")]
        names = [n for n in names if not _ANAPHOR.fullmatch(n)]
        if names:
            found = (names[-1], sentence)
    return found


def forms_of(word: str, analysis: AnalysedQuestion) -> set[str]:
    """The index forms of a question word (its analysed term's, when it is one)."""
    for term in analysis.terms:
        if term.word == word:
            return set(term.forms)
    return {word, stem(word)}


def _weight(segment: str, terms: set[str], idf: dict[str, float],
            given: tuple[set[float], float] = (set(), 0.0), language: str = "id", from_end: bool = False,
            near: bool = False) -> float:
    """idf weight of the question's terms that occur in a stretch of text (with ``near``, each by how near it
    stands to the candidate: the stretch's end when ``from_end``, else its start; a word ``NEAR_WORDS`` words off
    counts half); a number the question gives counts as its rarest word."""
    tokens = list(word_matches(segment))
    count = len(tokens)
    nearest: dict[str, float] = {}
    for k, match in enumerate(tokens):
        distance = count - 1 - k if from_end else k
        factor = 1.0 / (1.0 + distance / NEAR_WORDS) if near else 1.0
        for term in set(index_terms(match.group(0))) & terms:
            nearest[term] = max(nearest.get(term, 0.0), factor)
    numbers, rare = given
    said = {q.value for q in quantities(segment, language)} & numbers if numbers else set()
    return sum(idf.get(t, 0.0) * f for t, f in nearest.items()) + rare * len(said)
