"""Questions about the thesis' structure, answered from the parsed structure, not by retrieval:
"what are the chapters?", "berapa bab dalam tesis ini?", "apa saja subbab di BAB VI?",
"apa struktur tesis ini?". Also caption labels ("apa isi Tabel 4.2?") for the retriever.

The manifest holds, per document, its chapters and sections (id, title, printed number, chapter,
paragraphs, level, kind, page, first chunk id); an answer lists them in the question's language and
cites every section it names, quoting the heading as printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from assistant.answering.question import chapter_ref, is_follow_up, ordinal_value, previous_question, section_refs
from assistant.core.dictionary import get_dictionary
from assistant.core.language import detect_language
from assistant.core.markers import marker
from assistant.core.parts import COVER_ID
from assistant.core.text import ROMAN_NUMERAL, letter_runs, roman, words
from assistant.core.types import Chunk, Citation, Turn

# ---- caption labels ("Tabel 4.2", "Figure 3.1") ------------------------------------------------

_LABEL = re.compile(r"\b(tabel|table|gambar|figure|fig\.?|grafik|chart|diagram|bagan|skema)\s+(\d+(?:\.\d+)*)(?![.\d]*\d)",
                    re.IGNORECASE)
_FORMS = {"table": "tabel", "figure": "gambar", "fig": "gambar", "fig.": "gambar", "chart": "grafik"}


# A numbered equation a question names: "persamaan (2.1)", "equation 2.4", "rumus (3.1)"; printed at the right
# of its formula line ("P = V × I (2.1)"), so its number is found in parentheses.
_EQUATION = re.compile(r"\b(?:persamaan|equation|eq\.|rumus|formula)\s*"
                       r"(?:\(\s*(\d+(?:\.\d+)+)\s*\)|(\d+(?:\.\d+)+)(?![.\d]*\d))", re.IGNORECASE)


def caption_labels(question: str) -> list[tuple[str, str]]:
    """(label word in Indonesian, number) for each caption or equation a question names, in its order:
    [("tabel", "4.2")], [("persamaan", "2.1")]."""
    found = [(m.start(), _FORMS.get(m.group(1).lower(), m.group(1).lower()), m.group(2)) for m in _LABEL.finditer(question)]
    found += [(m.start(), "persamaan", m.group(1) or m.group(2)) for m in _EQUATION.finditer(question)]
    return [(word, number) for _, word, number in sorted(found)]


def strip_captions(question: str) -> str:
    """The question without its caption and equation labels (so "Tabel 4.2" or "persamaan (2.1)" is not
    read as section 4.2 or 2.1)."""
    return _EQUATION.sub(" ", _LABEL.sub(" ", question))


def caption_positions(chunks: Sequence[Chunk], question: str) -> list[int]:
    """Positions of the chunks holding the captions a question names, in reading order. A chunk whose
    sentence opens with the label (the caption itself) wins over one that only mentions it."""
    labels = caption_labels(question)
    if not labels:
        return []
    out: list[int] = []
    for word, number in labels:
        if word == "persamaan":  # the formula line ends with its number; prose mentions it as "persamaan (2.1)"
            pattern = re.compile(rf"\(\s*{re.escape(number)}\s*\)")
            own = re.compile(rf"\(\s*{re.escape(number)}\s*\)\W*$")
        else:
            forms = {word} | {english for english, indonesian in _FORMS.items() if indonesian == word}
            pattern = re.compile(rf"\b(?:{'|'.join(re.escape(f) for f in forms)})\s+{re.escape(number)}(?![.\d]*\d)",
                                 re.IGNORECASE)
            own = None
        captions, mentions = [], []
        for position, chunk in enumerate(chunks):
            if pattern.search(chunk.text):
                if own is not None:
                    opens = any(own.search(s.text) for s in chunk.sentences)
                else:
                    opens = any(pattern.match(s.text) for s in chunk.sentences) or pattern.match(chunk.text)
                (captions if opens else mentions).append(position)
        out.extend(p for p in (captions or mentions) if p not in out)
    return out


# ---- structure questions -----------------------------------------------------------------------

_SUB = r"(?:sub\s?-?bab|bagian)"
_CHAPTER_NUMERAL = rf"(?!\s+(?:{ROMAN_NUMERAL}|\d+)\b)"  # not "bab VI", "bab 6"
_LIST_CHAPTERS = re.compile(
    rf"\bapa\s+saja(?:kah)?\s+(?:nama\s+)?bab(?:-bab)?\b{_CHAPTER_NUMERAL}|\bbab(?:-bab)?\s+apa\s+saja\b"
    rf"|\b(?:sebutkan|daftar(?:kan)?|tuliskan|tampilkan)\s+(?:nama\s+|semua\s+)?bab(?:-bab)?\b{_CHAPTER_NUMERAL}"
    rf"|\bbab-bab\b{_CHAPTER_NUMERAL}"
    r"|\b(?:what|which|list|name|show)\b(?:\s+[\w']+){0,4}\s+chapters\b|\bchapters\s+(?:of|in)\s+(?:the|this)\b",
    re.IGNORECASE,
)
_COUNT_CHAPTERS = re.compile(
    rf"\b(?:berapa|jumlah)\s+(?:banyak\s+|jumlah\s+)?bab\b{_CHAPTER_NUMERAL}|\bhow\s+many\s+chapters\b"
    r"|\bnumber\s+of\s+chapters\b",
    re.IGNORECASE,
)
_LIST_SECTIONS = re.compile(
    rf"\bapa\s+saja(?:kah)?\s+(?:nama\s+)?{_SUB}\b|\b{_SUB}(?:-{_SUB})?\s+apa\s+saja\b"
    rf"|\b(?:sebutkan|daftar(?:kan)?|tuliskan|tampilkan)\s+(?:nama\s+|semua\s+)?{_SUB}\b"
    r"|\bsub\s?-?bab-sub\s?-?bab\b|\bbagian-bagian\b"
    r"|\b(?:what|which|list|name|show)\b(?:\s+[\w']+){0,4}\s+(?:sections|subsections|sub-sections)\b"
    r"|\b(?:sections|subsections)\s+(?:of|in|does|under)\b",
    re.IGNORECASE,
)
_COUNT_SECTIONS = re.compile(
    rf"\b(?:berapa|jumlah)\s+(?:banyak\s+|jumlah\s+)?{_SUB}\b|\bhow\s+many\s+(?:sections|subsections|sub-sections)\b"
    r"|\bnumber\s+of\s+(?:sections|subsections)\b",
    re.IGNORECASE,
)
_OUTLINE = re.compile(
    r"\b(?:struktur|susunan|sistematika|kerangka|outline|structure|organi[sz]ation)\s+(?:dari\s+|of\s+)?(?:the\s+|this\s+)?"
    r"(?:tesis|skripsi|disertasi|thesis|dissertation|dokumen|document|penulisan|laporan)\b"
    r"|\bdaftar\s+isi\b|\btable\s+of\s+contents\b|\bhow\s+is\s+the\s+thesis\s+(?:organi[sz]ed|structured)\b",
    re.IGNORECASE,
)
# "on which page does section 3.4 start?", "di halaman berapa subbab ... dimulai?"
_PAGE = re.compile(
    r"\bhalaman\s+(?:berapa|ke\s*-?\s*berapa|mana)\b|\b(?:which|what)\s+page\b|\bpage\s+number\b"
    r"|\b(?:starts?|begins?)\s+on\s+(?:which|what)\b",
    re.IGNORECASE,
)
# "what is the title of chapter II?", "apa judul BAB II?", "what is chapter 2 called?"
_CHAPTER_TITLE = re.compile(
    r"\b(?:judul|nama)\s+(?:dari\s+)?bab\b|\btitle\s+of\s+(?:the\s+)?chapter\b|\bchapter\s+[\w.]+\s+(?:called|titled|"
    r"entitled|named)\b|\bchapter\s+[\w.]+(?:'s)?\s+title\b",
    re.IGNORECASE,
)
# "apa judul subbab 4.3?", "what is the title of section 4.1.2?", "subbab 4.3 berjudul apa?", "what is section 3.2
# called?": the title of a section named by its number
_SECTION_TITLE = re.compile(
    r"\b(?:judul|nama)\s+(?:dari\s+)?(?:sub\s*-?\s*bab|bagian|sub\s*-?\s*bagian)\s+\d{1,2}(?:\.\d{1,2})+\b"
    r"|\b(?:sub\s*-?\s*bab|bagian)\s+\d{1,2}(?:\.\d{1,2})+\s+(?:berjudul|bernama)\s+apa\b"
    r"|\btitle\s+of\s+(?:the\s+)?(?:sub-?)?section\s+\d{1,2}(?:\.\d{1,2})+\b"
    r"|\b(?:sub-?)?section\s+\d{1,2}(?:\.\d{1,2})+(?:'s)?\s+(?:called|titled|entitled|named|title)\b",
    re.IGNORECASE,
)
# "bagian" is also an ordinary word ("bagian kota"): as a structure word it needs a structural context
_CONTEXT = re.compile(r"\b(?:bab|chapter|tesis|skripsi|thesis|dokumen|document|subbab|sub-bab|naskah|artikel|article|"
                      r"paper)\b", re.IGNORECASE)
# a word that makes a question's page or title words name a heading ("subbab Instrumen Penelitian")
_HEADING_WORD = re.compile(r"\b(?:bab|subbab|sub-bab|sub\s+bab|bagian|chapter|section|subsection|sub-section|heading)\b",
                           re.IGNORECASE)
# the thesis' own account of its structure, the section that states its chapters (a genre heading)
_OUTLINE_SECTION = re.compile(r"\bsistematika\b|\b(?:outline|organi[sz]ation|structure)\s+of\s+the\s+"
                              r"(?:thesis|dissertation|study|report)\b", re.IGNORECASE)
_TITLE_WORDS_EN = {"introduction": "pendahuluan", "closing": "penutup", "conclusion": "penutup",
                   "conclusions": "penutup", "literature": "pustaka", "method": "metode", "methods": "metode",
                   "methodology": "metodologi", "results": "hasil", "discussion": "pembahasan"}
_GLUE = {"dan", "and", "of", "the", "serta", "atau", "or", "di", "ke", "dari", "in", "on", "to", "a", "an", "for",
         "untuk", "dengan", "with", "yang"}
_LETTERED_ID = re.compile(r"\d+\.[A-Z]")  # a lettered section's id: its chapter and its letter
_LANGUAGE_NAMES = {"en": {"id": "Indonesian", "en": "English"}, "id": {"id": "Indonesia", "en": "Inggris"}}


@dataclass(frozen=True)
class StructureAnswer:
    """An answer composed from the parsed structure."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool = False
    kind: str = ""  # chapters | sections | outline | page | title | front


@dataclass(frozen=True)
class _Part:
    section_id: str
    title: str
    printed: str
    chapter: int
    level: int
    kind: str
    page: int | None
    chunk_id: str
    language: str = ""  # the language its text is written in, when the index records it


def structure_intent(question: str) -> str | None:
    """chapters | sections | outline | page | title when a question asks about the thesis' structure,
    else None. page and title also need the heading they ask about (see ``answer_structure``)."""
    q = " ".join(strip_captions(question).split())
    if _PAGE.search(q) and (_HEADING_WORD.search(q) or section_refs(q)):
        return "page"
    if _CHAPTER_TITLE.search(q) and chapter_ref(q) is not None:
        return "title"
    if _SECTION_TITLE.search(q) and section_refs(q):
        return "section_title"
    if _OUTLINE.search(q):
        return "outline"
    sections = _LIST_SECTIONS.search(q) or _COUNT_SECTIONS.search(q)
    if sections and ("bagian" not in sections.group(0).lower() or _CONTEXT.search(q)):
        return "sections"
    if _LIST_CHAPTERS.search(q) or _COUNT_CHAPTERS.search(q):
        return "chapters"
    return None


def answer_structure(
    question: str, language: str, documents: Mapping[str, Mapping[str, Any]], document: str | None = None
) -> StructureAnswer | None:
    """The answer to a structure question from the manifest's documents, or None when the question
    is not about structure. ``document`` limits it to one doc_id.

    The answer's own words are in the question's language; the thesis' titles are quoted as printed
    (“...”), and labelled with their language only when it is not the answer's."""
    intent = structure_intent(question)
    if intent is None:
        return answer_front(question, language, documents, document)
    chosen = {d: e for d, e in documents.items() if document is None or d == document}
    if not chosen:
        return None
    lang = "en" if language == "en" else "id"
    texts: list[str] = []
    citations: list[Citation] = []
    refused = True
    for doc_id, entry in chosen.items():
        parts = _parts(entry)
        chapters = [(int(n), str(t)) for n, t in entry.get("chapters", []) if int(n) > 0]
        if intent == "page":
            found = _page_text(question, lang, chapters, parts)
            if found is None:
                continue
            text, cited, ok = found
        elif intent == "title":
            text, cited, ok = _title_text(question, lang, chapters, parts)
        elif intent == "section_title":
            text, cited, ok = _section_title_text(question, lang, parts)
        elif intent == "chapters":
            text, cited, ok = _chapters_text(lang, chapters, parts)
        elif intent == "sections":
            text, cited, ok = _sections_text(question, lang, chapters, parts)
        else:
            text, cited, ok = _outline_text(lang, chapters, parts)
        refused = refused and not ok
        texts.append(f"{doc_id}: {text}" if len(chosen) > 1 else text)
        citations.extend(_citation(p, doc_id) for p in cited)
    if not texts:  # a page question about no heading of these documents: retrieval answers it
        return None
    return StructureAnswer("\n".join(texts), tuple(citations), refused, intent)


def _parts(entry: Mapping[str, Any]) -> list[_Part]:
    chunk_ids = list(entry.get("chunks", []))
    parts = []
    for row in entry.get("sections", []):
        section_id, title, printed, chapter = str(row[0]), str(row[1]), str(row[2]), int(row[3])
        level = int(row[5]) if len(row) > 5 else (1 if "." not in section_id else section_id.count(".") + 1)
        kind = str(row[6]) if len(row) > 6 else "body"
        page = row[7] if len(row) > 7 else None
        first = str(row[8]) if len(row) > 8 else next((c for c in chunk_ids if c.startswith(f"{section_id}-")), "")
        language = str(row[9]) if len(row) > 9 and row[9] in ("id", "en") else ""
        parts.append(_Part(section_id, title, printed, chapter, level, kind, page, first, language))
    return parts


def _quoted(title: str) -> str:
    """A title as printed, in quotation marks: the thesis' words, not the answer's."""
    return f"“{title.strip()}”" if title.strip() else ""


def _titles_note(language: str, titles: Sequence[str], parts: Sequence[_Part], single: bool = False) -> str:
    """" (titles in Indonesian, as printed)" when the quoted titles are not in the answer's language.
    Their language is that of the sections they head as the index recorded it (else the body's), read
    from the titles themselves only when the index recorded none ("Data Analysis" is too short to tell)."""
    named = set(titles)
    recorded = [p.language for p in parts if p.language and p.title in named]
    recorded = recorded or [p.language for p in parts if p.language and p.kind == "body"]
    if recorded:
        written = max(("id", "en"), key=recorded.count)
    else:
        text = " ".join(t for t in titles if t).lower()
        if not letter_runs(text):
            return ""
        written = detect_language(text)
    if written == language:
        return ""
    name = _LANGUAGE_NAMES[language][written]
    if language == "en":
        return f" (in {name}, as printed)" if single else f" (titles in {name}, as printed)"
    return f" (dalam bahasa {name}, sesuai naskah)" if single else f" (judul dalam bahasa {name}, sesuai naskah)"


def _chapter_label(language: str, number: int, title: str) -> str:
    word = "BAB" if language == "id" else "Chapter"
    return f"{word} {roman(number)} {_quoted(title)}".strip()


def _chapter_part(number: int, parts: list[_Part]) -> _Part | None:
    return next((p for p in parts if p.chapter == number and p.kind == "body"), None)


def _chapter_citation(number: int, title: str, parts: list[_Part]) -> _Part | None:
    """The chapter cited by its first section, quoting the chapter heading."""
    part = _chapter_part(number, parts)
    if part is None:
        return None
    return _Part(part.section_id, f"BAB {roman(number)} {title}".strip(), "", number, 1, "chapter", part.page,
                 part.chunk_id)


def _outline_section(parts: list[_Part]) -> _Part | None:
    """The body section in which the thesis sets out its own chapters ("Sistematika Penulisan")."""
    return next((p for p in parts if p.kind == "body" and p.level >= 2 and _OUTLINE_SECTION.search(p.title)), None)


def _chapters_text(language: str, chapters: list[tuple[int, str]], parts: list[_Part]) -> tuple[str, list[_Part], bool]:
    if not chapters:
        return ("Tesis ini tidak memiliki judul bab (BAB I, BAB II ...)." if language == "id"
                else "The thesis has no chapter headings (BAB I, BAB II ...)."), [], False
    own = _outline_section(parts)
    cited: list[_Part] = [own] if own else []
    items = []
    for number, title in chapters:
        part = _chapter_citation(number, title, parts)
        label = _chapter_label(language, number, title)
        if part:
            cited.append(part)
            items.append(f"{label} {marker(part.section_id)}")
        else:
            items.append(label)
    note = _titles_note(language, [t for _, t in chapters], parts)
    stated = f" {marker(own.section_id)}" if own else ""
    whole = chapters[0][0] == 1  # a document that starts at BAB IV is part of a thesis
    count = len(chapters)
    if language == "id":
        head = f"Tesis ini terdiri dari {count} bab" if whole else f"Dokumen ini memuat {count} bab dari tesisnya"
        return f"{head}{stated}{note}: " + "; ".join(items) + ".", cited, True
    noun = "chapter" if count == 1 else "chapters"
    head = f"The thesis has {count} {noun}" if whole else f"The document holds {count} {noun} of the thesis"
    return f"{head}{stated}{note}: " + "; ".join(items) + ".", cited, True


def _title_text(question: str, language: str, chapters: list[tuple[int, str]],
                parts: list[_Part]) -> tuple[str, list[_Part], bool]:
    number = chapter_ref(strip_captions(question))
    titles = dict(chapters)
    if number is None or number not in titles:
        return _no_chapter(language, number or 0, chapters)
    title = titles[number]
    part = _chapter_citation(number, title, parts)
    cite = f" {marker(part.section_id)}" if part else ""
    note = _titles_note(language, [title], parts, single=True)
    if language == "id":
        text = f"Judul BAB {roman(number)} dalam tesis ini adalah {_quoted(title)}{note}{cite}."
    else:
        text = f"The title of Chapter {roman(number)} is {_quoted(title)}{note}{cite}."
    return text, [part] if part else [], True


def _section_title_text(question: str, language: str, parts: list[_Part]) -> tuple[str, list[_Part], bool]:
    """The title of the section a question names by its number, quoted as printed and cited."""
    part = _named_section(question, parts)
    if part is None:
        number = (section_refs(strip_captions(question)) or section_refs(question))[0].number
        if language == "id":
            return f"Tesis ini tidak memiliki subbab {number}.", [], False
        return f"The thesis has no section {number}.", [], False
    note = _titles_note(language, [part.title], parts, single=True)
    if part.printed and part.printed != part.section_id:  # a misprinted number, repaired: say how it is printed
        note += f" (tercetak {part.printed})" if language == "id" else f" (printed as {part.printed})"
    if language == "id":
        text = f"Judul subbab {part.section_id} dalam tesis ini adalah {_quoted(part.title)}{note} {marker(part.section_id)}."
    else:
        text = f"The title of section {part.section_id} is {_quoted(part.title)}{note} {marker(part.section_id)}."
    return text, [part], True


def _no_chapter(language: str, number: int, chapters: list[tuple[int, str]]) -> tuple[str, list[_Part], bool]:
    listed = ", ".join(_chapter_label(language, n, "") for n, _ in chapters)
    if language == "id":
        return f"Tesis ini tidak memiliki BAB {roman(number)}; bab yang ada: {listed}.", [], False
    return f"The thesis has no Chapter {roman(number)}; its chapters are: {listed}.", [], False


def _named_section(question: str, parts: list[_Part]) -> _Part | None:
    """The numbered section a question names by its number ("di bawah 4.1", "section 3.4"): the
    canonical number first, then the number as printed."""
    for ref in section_refs(strip_captions(question)):
        body = [p for p in parts if p.kind == "body"]
        found = next((p for p in body if p.section_id == ref.number), None) or next(
            (p for p in body if p.printed == ref.number), None)
        if found:
            return found
    return None


def _section_by_title(question: str, language: str, parts: list[_Part]) -> _Part | None:
    """The heading a question names by its title ("subbab Instrumen Penelitian"): every content word of
    the title is in the question (English words also by their dictionary translations); the longest wins."""
    asked = set(letter_runs(strip_captions(question)))
    if language == "en":
        dictionary = get_dictionary()
        for word in list(asked):
            for translation in dictionary.to_indonesian(word):
                asked.update(letter_runs(translation))
    best: tuple[int, _Part] | None = None
    for part in parts:
        title_words = [w for w in letter_runs(part.title) if w not in _GLUE]
        if not title_words or not all(_cognate(w, asked) for w in title_words):
            continue
        if len(title_words) < 2 and not _HEADING_WORD.search(question):
            continue
        if best is None or len(title_words) > best[0]:
            best = (len(title_words), part)
    return best[1] if best else None


def _cognate(word: str, asked: set[str]) -> bool:
    """The word, or a spelling of it in the other language ("instrumen"/"instrument", "analisis"/
    "analysis"), is among the question's words."""
    if word in asked:
        return True
    return len(word) >= 5 and any(len(a) >= 5 and SequenceMatcher(None, word, a).ratio() >= 0.85 for a in asked)


def _unnumbered(part: _Part) -> bool:
    """A section of a document that numbers none (an article's "METODE PENELITIAN", "Hasil Siklus I"): its id is its
    title, and nothing is printed before it."""
    return part.kind == "body" and not part.printed and part.section_id == part.title


def _below(section: _Part, parts: list[_Part]) -> list[_Part]:
    """The sections under a section: by number ("4.1" under "4"), or for an unnumbered one the deeper unnumbered
    sections that follow it up to the next one of its level."""
    if not _unnumbered(section):
        return [p for p in parts if p.kind == "body" and p.section_id.startswith(section.section_id + ".")]
    out: list[_Part] = []
    for part in parts[parts.index(section) + 1:]:
        if not _unnumbered(part) or part.level <= section.level:
            break
        out.append(part)
    return out


def _parent_by_title(question: str, language: str, parts: list[_Part]) -> _Part | None:
    """The unnumbered section with sections under it that a question names by most of its title's words ("the
    results and discussion section" for "Hasil Penelitian dan Pembahasan"): two words or more, two thirds of them."""
    asked = set(letter_runs(strip_captions(question)))
    if language == "en":
        dictionary = get_dictionary()
        for word in list(asked):
            asked.update(w for translation in dictionary.to_indonesian(word) for w in letter_runs(translation))
            if word in _TITLE_WORDS_EN:
                asked.add(_TITLE_WORDS_EN[word])
    best: tuple[float, _Part] | None = None
    for part in parts:
        if not _unnumbered(part) or not _below(part, parts):
            continue
        title_words = [w for w in letter_runs(part.title) if w not in _GLUE]
        hits = sum(_cognate(w, asked) for w in title_words)
        share = hits / len(title_words) if title_words else 0.0
        if hits >= min(2, len(title_words)) and share >= 2 / 3 and (best is None or share > best[0]):
            best = (share, part)
    return best[1] if best else None


def _part_label(language: str, part: _Part) -> str:
    """ "subbab 4.2 “Pembahasan”" / "section 4.2 “Discussion”" / "BAB IV “...”" / "“Daftar Pustaka”"; an unnumbered
    section "bagian “Hasil Siklus I”" / "the section “Hasil Siklus I”"."""
    if _unnumbered(part):
        return f"{'bagian' if language == 'id' else 'the section'} {_quoted(part.title)}"
    if part.kind == "body" and part.level >= 2:
        return f"{'subbab' if language == 'id' else 'section'} {part.section_id} {_quoted(part.title)}"
    if part.kind == "body":
        return f"{'BAB' if language == 'id' else 'Chapter'} {roman(part.chapter)} {_quoted(part.title)}"
    return _quoted(part.title)


def _page_text(question: str, language: str, chapters: list[tuple[int, str]],
               parts: list[_Part]) -> tuple[str, list[_Part], bool] | None:
    """The page a heading starts on; None when the question names no heading of this document."""
    part = _named_section(question, parts)
    label = ""
    number = chapter_ref(strip_captions(question)) if part is None else None
    if number is not None and number in dict(chapters):
        part = _chapter_citation(number, dict(chapters)[number], parts)
        label = _chapter_label(language, number, dict(chapters)[number])
        title = dict(chapters)[number]
    if part is None:
        part = _section_by_title(question, language, parts)
    if part is None:
        return None
    if not label:
        label = _part_label(language, part)
        title = part.title
    note = _titles_note(language, [title], parts, single=True)
    cite = marker(part.section_id)
    if part.page is None:
        if language == "id":
            return f"Naskah ini tidak mencetak nomor halaman untuk {label}{note} {cite}.", [part], False
        return f"The document prints no page number for {label}{note} {cite}.", [part], False
    label = label[:1].upper() + label[1:]
    if language == "id":
        return f"{label}{note} dimulai di halaman {part.page} {cite}.", [part], True
    return f"{label}{note} starts on page {part.page} {cite}.", [part], True


def _sections_text(question: str, language: str, chapters: list[tuple[int, str]],
                   parts: list[_Part]) -> tuple[str, list[_Part], bool]:
    number = chapter_ref(strip_captions(question))
    if number is None:
        named = _named_section(question, parts)
        if named is not None and named.level >= 2:
            return _one_section(language, named, parts)
        titled = _parent_by_title(question, language, parts)
        if titled is not None:
            return _one_section(language, titled, parts)
        number = _chapter_by_title(question, chapters)
    if number is None and not chapters and any(_unnumbered(p) for p in parts):  # an article's sections: its outline
        return _outline_text(language, chapters, parts)
    if number is None:  # every chapter's sections
        lines, cited = [], []
        for n, title in chapters:
            text, these, _ = _one_chapter(language, n, title, parts)
            lines.append(text)
            cited += these
        if not lines:
            return _chapters_text(language, chapters, parts)
        return " ".join(lines), cited, True
    titles = dict(chapters)
    if number not in titles:
        return _no_chapter(language, number, chapters)
    return _one_chapter(language, number, titles[number], parts)


def _listing(language: str, label: str, note: str, items: list[str], count: int, sub: bool = False) -> str:
    if language == "id":
        return f"{label} memiliki {count} subbab{note}: " + "; ".join(items) + "."
    noun = ("subsection" if sub else "section") + ("" if count == 1 else "s")
    return f"{label} has {count} {noun}{note}: " + "; ".join(items) + "."


def _one_chapter(language: str, number: int, title: str, parts: list[_Part]) -> tuple[str, list[_Part], bool]:
    label = _chapter_label(language, number, title)
    numbered = [p for p in parts if p.chapter == number and p.kind == "body" and p.level >= 2]
    if not numbered:
        body = _chapter_part(number, parts)
        note = _titles_note(language, [title], parts, single=True)
        text = (f"{label}{note} tidak memiliki subbab bernomor." if language == "id"
                else f"{label}{note} has no numbered sections.")
        return text + (f" {marker(body.section_id)}" if body else ""), [body] if body else [], True
    top = [p for p in numbered if p.level == 2]
    items = []
    for part in top:
        children = [p for p in numbered if p.level > 2 and p.section_id.startswith(part.section_id + ".")]
        item = _section_item(language, part)
        if children:
            item += " (" + ", ".join(_section_item(language, c) for c in children) + ")"
        items.append(item)
    note = _titles_note(language, [title] + [p.title for p in numbered], parts)
    return _listing(language, label, note, items, len(top)), numbered, True


def _one_section(language: str, section: _Part, parts: list[_Part]) -> tuple[str, list[_Part], bool]:
    """The subsections under a numbered section ("subbab apa saja di bawah 4.1?"), or an unnumbered one."""
    below = _below(section, parts)
    label = _part_label(language, section)
    label = label[:1].upper() + label[1:]
    if not below:
        note = _titles_note(language, [section.title], parts, single=True)
        text = (f"{label}{note} tidak memiliki subbab di bawahnya." if language == "id"
                else f"{label}{note} has no subsections.")
        return f"{text[:-1]} {marker(section.section_id)}.", [section], True
    depth = min(p.level for p in below)
    top = [p for p in below if p.level == depth]
    items = []
    for part in top:
        children = [p for p in _below(part, parts) if p in below and p.level > depth]
        item = _section_item(language, part)
        if children:
            item += " (" + ", ".join(_section_item(language, c) for c in children) + ")"
        items.append(item)
    note = _titles_note(language, [section.title] + [p.title for p in below], parts)
    return _listing(language, label, note, items, len(top), sub=True), below, True


def _lettered(part: _Part) -> bool:
    """A lettered section ("2.B", printed "B. Penelitian Terdahulu")."""
    return bool(_LETTERED_ID.fullmatch(part.section_id)) and part.printed == part.section_id.rsplit(".", 1)[-1]


def _section_item(language: str, part: _Part) -> str:
    if _unnumbered(part):  # its id is its title: quoted once
        return f"{_quoted(part.title)} {marker(part.section_id)}"
    printed = ""
    if part.printed and part.printed != part.section_id and not _lettered(part):
        printed = f" (tercetak {part.printed})" if language == "id" else f" (printed as {part.printed})"
    return f"{part.section_id} {_quoted(part.title)}{printed} {marker(part.section_id)}"


def _outline_text(language: str, chapters: list[tuple[int, str]], parts: list[_Part]) -> tuple[str, list[_Part], bool]:
    items: list[str] = []
    cited: list[_Part] = []
    done: set[int] = set()
    titles: list[str] = []
    for part in parts:
        if part.kind in ("front", "references", "appendix"):
            items.append(f"{_quoted(part.title)} {marker(part.section_id)}")
            cited.append(part)
            titles.append(part.title)
        elif _unnumbered(part) and part.level == 1:  # an article's section and those under it
            subs = _below(part, parts)
            titles.append(part.title)
            if subs:
                items.append(f"{_quoted(part.title)} {marker(part.section_id)}: "
                             + ", ".join(_section_item(language, p) for p in subs))
                titles.extend(p.title for p in subs)
            else:
                items.append(f"{_quoted(part.title)} {marker(part.section_id)}")
            cited.extend([part, *subs])
        elif part.kind == "body" and part.chapter and part.chapter not in done and not _unnumbered(part):
            done.add(part.chapter)
            title = dict(chapters).get(part.chapter, "")
            subs = [p for p in parts if p.chapter == part.chapter and p.kind == "body" and p.level == 2]
            label = _chapter_label(language, part.chapter, title)
            titles.append(title)
            if subs:
                named = ", ".join(f"{p.section_id} {_quoted(p.title)} {marker(p.section_id)}" for p in subs)
                items.append(f"{label}: {named}")
                cited.extend(subs)
                titles.extend(p.title for p in subs)
            else:
                items.append(f"{label} {marker(part.section_id)}")
                cited.append(part)
    if not items:
        return _chapters_text(language, chapters, parts)
    own = _outline_section(parts)
    if own is not None:  # the thesis' own account of its structure is cited first
        cited = [own] + [p for p in cited if p.section_id != own.section_id]
    stated = f" {marker(own.section_id)}" if own else ""
    note = _titles_note(language, titles, parts)
    head = (f"Struktur tesis ini{stated}{note}: " if language == "id"
            else f"The thesis is organised as follows{stated}{note}: ")
    return head + "; ".join(items) + ".", cited, True


def _chapter_by_title(question: str, chapters: list[tuple[int, str]]) -> int | None:
    """A chapter named by a title word next to "bab"/"chapter" ("bab penutup", "the closing chapter")."""
    q = question.lower()
    named = re.findall(r"\bbab\s+([a-z]+)", q) + re.findall(r"\b([a-z]+)\s+chapter\b", q)
    named += re.findall(r"\bchapter\s+(?:on\s+|about\s+)?([a-z]+)", q)
    wanted = set(named)
    for word in named:
        wanted.update(get_dictionary().to_indonesian(word))
        if word in _TITLE_WORDS_EN:
            wanted.add(_TITLE_WORDS_EN[word])
    for number, title in chapters:
        title_words = set(words(title)) - {"dan", "and", "of", "the"}
        if title_words & wanted:
            return number
    return None


def _citation(part: _Part, doc_id: str) -> Citation:
    """A section named in a structure answer; the quote is its heading as printed."""
    if part.kind == "body" and _lettered(part):
        quote = f"{part.printed}. {part.title}"  # the heading as printed: "B. Penelitian Terdahulu"
    elif part.kind == "body" and part.level >= 2:
        quote = f"{part.printed or ''} {part.title}".strip()
    else:
        quote = part.title
    return Citation(part.section_id, part.chunk_id, quote, -1, -1, doc_id, part.page)


# ---- the title page: who wrote, who supervised, which university -------------------------------

_THESIS = r"(?:skripsi|tesis|disertasi|tugas\s+akhir|karya\s+(?:tulis|ilmiah)|penelitian|naskah(?:\s+publikasi)?|artikel|thesis|" \
          r"dissertation|study|document|article|paper)"
_FRONT_INTENTS: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (("supervisor",), re.compile(
        r"\bpembimbing\b|\bmembimbing\b|\bdibimbing\b|\bsupervis(?:ed|or|ors|ion)\b|\badvis(?:ed|or|ors)\b", re.IGNORECASE)),
    (("author", "student_number"), re.compile(
        rf"\bsiapa(?:kah)?\s+(?:nama\s+)?(?:penulis|pengarang|penyusun|peneliti)(?:nya)?\b(?:\s+(?:{_THESIS}|ini)\b|\s*\??$)"
        rf"|\bsiapa(?:kah)?\s+yang\s+(?:menulis|menyusun)(?:nya)?\b(?:\s+(?:{_THESIS}|ini)\b|\s*\??$)|\b(?:nama|nim)\s+(?:penulis|mahasiswa)\b"
        rf"|\bwho\s+(?:wrote|authored|is\s+the\s+author\s+of|was\s+the\s+author\s+of)\s+(?:the|this)\s+{_THESIS}\b"
        rf"|\bwho\s+(?:wrote|authored)\s+(?:it|this)\b|\bauthor\s+of\s+(?:the|this)\s+{_THESIS}\b"
        r"|\bstudent\s+(?:id|number)\b|\bnim\b", re.IGNORECASE)),
    (("university", "faculty"), re.compile(
        rf"\b(?:universitas|kampus|perguruan\s+tinggi)\s+(?:mana|apa)\b.*\b(?:{_THESIS}|penulis)\b"
        rf"|\b(?:which|what)\s+(?:university|institution|campus)\b.*\b(?:{_THESIS}|author|written|submitted)\b"
        rf"|\b{_THESIS}\b.*\b(?:universitas\s+(?:mana|apa)|which\s+university)\b", re.IGNORECASE)),
    (("programme",), re.compile(
        rf"\b(?:program\s+studi|prodi|jurusan)\s+(?:mana|apa)\b|\b(?:which|what)\s+(?:study\s+)?(?:programme|program|"
        rf"department|major)\b.*\b(?:{_THESIS}|author)\b", re.IGNORECASE)),
    (("faculty",), re.compile(
        rf"\bfakultas\s+(?:mana|apa)\b|\b(?:which|what)\s+faculty\b.*\b(?:{_THESIS}|author)\b", re.IGNORECASE)),
    (("title",), re.compile(
        rf"\bjudul\s+(?:dari\s+)?{_THESIS}\b|\bapa\s+judul(?:nya)?\b(?!\s+(?:dari\s+)?(?:sub\s*-?\s*bab|bab|bagian))|\btitle\s+of\s+(?:the|this)\s+{_THESIS}\b"
        rf"|\bwhat\s+is\s+the\s+(?:thesis|dissertation)(?:'s)?\s+title\b", re.IGNORECASE)),
    (("year",), re.compile(
        rf"\b(?:kapan|tahun\s+berapa)\b.*\b{_THESIS}\b.*\b(?:ditulis|disusun|dibuat|diajukan|selesai)\b"
        rf"|\b(?:when|what\s+year|which\s+year)\b.*\b{_THESIS}\b.*\b(?:written|submitted|completed|published)\b", re.IGNORECASE)),
]
_FRONT_TEXT = {
    "id": {"author": "Penulis {genre} ini adalah {value}", "student_number": "NIM {value}",
           "supervisor": "Pembimbing {genre} ini: {value}", "university": "{genre_cap} ini diajukan di {value}",
           "faculty": "Fakultas {value}", "programme": "Program Studi {value}", "title": "Judul {genre} ini: {value}",
           "year": "{genre_cap} ini disusun pada tahun {value}"},
    "en": {"author": "The {genre} was written by {value}", "student_number": "student number {value}",
           "supervisor": "The {genre} was supervised by {value}", "university": "The {genre} was submitted to {value}",
           "faculty": "Faculty: {value}", "programme": "Study programme: {value}", "title": "The {genre}'s title is {value}",
           "year": "The {genre} dates from {value}"},
}


# A question asking a reason: no title-page field answers it. "Why did the ministry ask for the word 'agreement' to
# be replaced in the title of the document?" asks about a document the thesis discusses, not for the thesis' title
_ASKS_REASON = re.compile(r"^\W*(?:why|mengapa|kenapa|apa\s+(?:alasan|sebab|penyebab))\b", re.IGNORECASE)


def front_intent(question: str) -> tuple[str, ...] | None:
    """The title-page fields a question asks for ("Siapa penulis skripsi ini?" -> author, student number); none
    for a question asking a reason."""
    q = " ".join(question.split())
    if _ASKS_REASON.search(q):
        return None
    for fields, pattern in _FRONT_INTENTS:
        if pattern.search(q):
            return fields
    return None


FRONT_FOLLOW_UP_WORDS = 8  # a follow-up this short that names no title-page field asks the previous one's again
_ANOTHER = {"other", "another", "lain", "lainnya", "satunya"}  # "And the other one?", "Yang lainnya?"


def answer_front_follow_up(question: str, history: Sequence[Turn], language: str,
                           documents: Mapping[str, Mapping[str, Any]], document: str | None = None) -> StructureAnswer | None:
    """A short follow-up to a title-page question that asks for another of its values ("And who is the second
    one?" after "Who is the main supervisor?", "Yang lainnya?"): answered from the title page, its ordinal picking
    one of several values. A follow-up asking anything else ("Where did he study?") is left to the rest."""
    previous = previous_question(tuple(history))
    if (not previous or front_intent(question) is not None or len(words(question)) > FRONT_FOLLOW_UP_WORDS
            or not is_follow_up(question) or front_intent(previous) is None):
        return None
    nth = _ordinal_in(question)
    if nth is None and not set(words(question.lower())) & _ANOTHER:
        return None
    return answer_front(previous, language, documents, document, nth=nth or 0)


def _ordinal_in(question: str) -> int | None:
    """The first ordinal a question writes ("kedua", "second" -> 2)."""
    return next((n for n in map(ordinal_value, words(question)) if n), None)


def answer_front(question: str, language: str, documents: Mapping[str, Mapping[str, Any]],
                 document: str | None = None, nth: int | None = None) -> StructureAnswer | None:
    """The answer to a title-page question from the documents' title pages (author, supervisors,
    university ...), citing the title page line by line; None when the question is not one, or no
    document's title page holds what it asks. ``nth`` keeps only that one of the first field's values
    (the second supervisor), when there are that many."""
    fields = front_intent(question)
    if fields is None:
        return None
    if nth is None:  # "Siapa pembimbing kedua skripsi ini?"
        nth = _ordinal_in(question)
    lang = "en" if language == "en" else "id"
    genre = _genre(question, lang)
    texts: list[str] = []
    citations: list[Citation] = []
    chosen = {d: e for d, e in documents.items() if document is None or d == document}
    for doc_id, entry in chosen.items():
        rows = [row for row in entry.get("front", []) if row[0] in fields]
        if not rows or rows[0][0] != fields[0] and fields[0] not in {r[0] for r in rows}:
            continue
        parts: list[str] = []
        for name in fields:
            these = [r for r in rows if r[0] == name]
            if nth and name == fields[0] and len(these) >= nth:
                these = [these[nth - 1]]
            if not these:
                continue
            value = (" dan " if lang == "id" else " and ").join(str(r[1]) for r in these)
            template = _FRONT_TEXT[lang][name]
            part = template.format(genre=genre, genre_cap=genre[:1].upper() + genre[1:], value=value)
            parts.append(part + " " + marker(COVER_ID))
            for r in these:
                citations.append(Citation(COVER_ID, str(r[6]) if len(r) > 6 else "", str(r[2]), int(r[3]), int(r[4]),
                                          doc_id, r[5]))
        rest = ", ".join(p.replace(" " + marker(COVER_ID), "") for p in parts[1:])
        text = parts[0] + (f" ({rest})" if len(parts) > 1 else "") + "."
        if len(parts) > 1:
            text = text[:-1].rstrip(".") + f" {marker(COVER_ID)}."
            text = text.replace(f" {marker(COVER_ID)} (", " (", 1)
        texts.append(f"{doc_id}: {text}" if len(chosen) > 1 else text)
    if not texts:
        only = _TITLE_PAGE_ONLY.get(fields[0])  # a university or a year may also stand in the text
        if only is not None and only.search(question) and chosen and not any(e.get("front") for e in chosen.values()):
            return StructureAnswer(_NO_TITLE_PAGE[lang][fields[0]].format(genre=genre), (), True, "front")
        return None  # a title page without the field: retrieval may still find it in the text
    return StructureAnswer("\n".join(texts), tuple(citations), False, "front")


# Fields only a title page states: with no title page loaded, the body's sentences cannot answer them, and
# retrieval would quote whatever sentence is nearest ("Siapa penulis skripsi ini?" over a lone BAB VI).
_TITLE_PAGE_ONLY = {
    "author": re.compile(r".", re.DOTALL),  # every author pattern above names the work or its writer
    "supervisor": re.compile(
        rf"\bpembimbing(?:nya|\s+(?:utama|pendamping|anggota|i+|{_THESIS}|penulis|ini))\b"
        rf"|\bwho\s+(?:supervised|advised)\s+(?:the|this)\s+{_THESIS}\b"
        rf"|\b{_THESIS}(?:'s)?\s+(?:supervisor|advisor)s?\b|\b(?:supervisor|advisor)s?\s+of\s+(?:the|this)\s+{_THESIS}\b",
        re.IGNORECASE),
}
_NO_TITLE_PAGE = {
    "id": {"author": "Tesis ini tidak membahas siapa penulis {genre} ini: dokumen yang dimuat tidak memuat halaman "
                     "judul. Muat halaman judul (thesis-chat ingest) untuk menjawabnya.",
           "supervisor": "Tesis ini tidak membahas siapa pembimbing {genre} ini: dokumen yang dimuat tidak memuat "
                         "halaman judul atau halaman pengesahan. Muat halaman itu (thesis-chat ingest) untuk menjawabnya."},
    "en": {"author": "The thesis does not say who wrote this {genre}: the loaded documents have no title page. "
                     "Add the title page to the corpus (thesis-chat ingest) to answer it.",
           "supervisor": "The thesis does not say who supervised this {genre}: the loaded documents have no title "
                         "page or approval page. Add it to the corpus (thesis-chat ingest) to answer it."},
}


def _genre(question: str, language: str) -> str:
    q = question.lower()
    if language == "en":
        return next((w for w in ("dissertation", "article", "paper") if w in q), "thesis")
    for word in ("skripsi", "disertasi", "tugas akhir", "naskah publikasi", "artikel", "tesis"):
        if word in q:
            return word
    return "tesis"
