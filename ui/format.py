"""Plain formatting functions for the web chat: answers, sources, refusals, errors, exports.

Nothing here imports gradio, so every function is testable without a server. All text that
comes from the corpus, the question or an LLM is HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.core.errors import (
    AssistantError,
    ConfigError,
    EmbedderMismatchError,
    GeneratorUnavailableError,
    IndexCorruptError,
    IndexMissingError,
    QuestionError,
    StoreUnavailableError,
)
from assistant.core.language import detect_language, language_words, votes
from assistant.core.markers import MARKER, marker, marker_ids
from assistant.core.text import roman
from assistant.core.types import Answer, Citation, Source

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "sources": "Sources",
        "searched": "Passages searched",
        "score": "score",
        "refused": "Not in the thesis",
        "refused_hint": "The passages below were the closest ones; none of them answers the question.",
        "question_error": "Question not accepted",
        "index_error": "Index not ready",
        "service_error": "Service unreachable",
        "config_error": "Configuration problem",
        "error": "Error",
        "unexpected": "Something went wrong ({kind}). The details are in the server log; please try again.",
        "note": "Note",
        "export_title": "Conversation with the thesis assistant",
        "exported": "Exported",
        "question": "Question",
        "answer": "Answer",
    },
    "id": {
        "sources": "Sumber",
        "searched": "Bagian yang diperiksa",
        "score": "skor",
        "refused": "Tidak ada dalam tesis",
        "refused_hint": "Bagian di bawah adalah yang paling dekat; tidak satu pun menjawab pertanyaan ini.",
        "question_error": "Pertanyaan tidak dapat diproses",
        "index_error": "Indeks belum siap",
        "service_error": "Layanan tidak terjangkau",
        "config_error": "Masalah konfigurasi",
        "error": "Galat",
        "unexpected": "Terjadi kesalahan ({kind}). Rinciannya ada di log server; silakan coba lagi.",
        "note": "Catatan",
        "export_title": "Percakapan dengan asisten tesis",
        "exported": "Diekspor",
        "question": "Pertanyaan",
        "answer": "Jawaban",
    },
}

@dataclass(frozen=True)
class Exchange:
    """One question of a conversation and what came back: an Answer, or an error (plain and as shown)."""

    question: str
    answer: Answer | None = None
    error: str | None = None  # plain text, for exports
    error_html: str | None = None  # the chat message


def label(key: str, language: str) -> str:
    """The UI string ``key`` in ``language`` ("id" or "en"; anything else falls back to English)."""
    return LABELS.get(language, LABELS["en"])[key]


def guess_language(text: str) -> str:
    """ "id" or "en" for the labels of a message shown before any Answer exists (an error); English
    unless a function word says otherwise (nonsense input gets English labels)."""
    text = text[:500]
    return detect_language(text) if any(votes(language_words(text))) else "en"


# Characters Markdown (or KaTeX) gives a meaning to; written as numeric entities they show as
# themselves and build nothing: no image, link, emphasis, code, table or formula from corpus text.
_MD_ENTITIES = {ch: f"&#{ord(ch)};" for ch in "\\`*_[]$~|@"}
_MD_CHARS_RE = re.compile("[" + re.escape("".join(_MD_ENTITIES)) + "]")
_LINE_START_RE = re.compile(r"(?m)^([ \t]*)([-+=#]|\d{1,9}(?=[.)](?:[ \t]|$))|(?<=[ \t]{4})(?=\S))")
_WWW_RE = re.compile(r"(?i)\bw(?=ww\.)")  # GFM links bare www. and scheme:// addresses: break both
_SCHEME_RE = re.compile(r"(?i)(?<=[a-z0-9]):(?=//)")


def md_safe(text: str, *, line_start: bool = True) -> str:
    """Text (corpus, question or LLM output) made inert for the chat's Markdown + HTML renderer:
    HTML-escaped, and every character that Markdown, GFM autolinks or KaTeX would act on written
    as an entity, so the page shows the text exactly and fetches nothing because of it.
    ``line_start=False`` for a piece that continues a line (its start is no block marker)."""
    if not line_start:
        return md_safe("\x00" + text)[1:]
    escaped = html.escape(text, quote=False)  # never put in an attribute: quotes stay as they are
    escaped = _MD_CHARS_RE.sub(lambda m: _MD_ENTITIES[m.group(0)], escaped)
    escaped = _WWW_RE.sub("&#119;", escaped)
    escaped = _SCHEME_RE.sub("&#58;", escaped)
    # a line that starts with a list, heading-underline or quote marker, or is indented like code
    escaped = _LINE_START_RE.sub(
        lambda m: "&#32;" * len(m.group(1).expandtabs(4)) + "".join(f"&#{ord(c)};" for c in m.group(2)), escaped
    )
    return escaped


def format_answer_text(text: str) -> str:
    """Answer text as chat Markdown: made inert (``md_safe``), citation markers kept visible and styled."""
    parts: list[str] = []
    pos = 0
    for match in MARKER.finditer(text):
        parts.append(md_safe(text[pos : match.start()], line_start=pos == 0))
        parts.append(" ".join(f'<span class="cite">{html.escape(marker(i))}</span>' for i in marker_ids(match.group(1))))
        pos = match.end()
    parts.append(md_safe(text[pos:], line_start=pos == 0))
    return "".join(parts)


def format_streaming(text: str) -> str:
    """A partial answer while it streams (same escaping as the final one, plus a cursor)."""
    return format_answer_text(text) + " ▍"


def badge(text: str, kind: str) -> str:
    """A small coloured label (kind: refusal | error | note)."""
    return f'<span class="ta-badge ta-badge-{kind}">{md_safe(text)}</span>'


def format_answer(answer: Answer) -> str:
    """The chat bubble of a finished answer: refusal badge if refused, text, then notes."""
    parts: list[str] = []
    if answer.refused:
        parts.append(badge("⊘ " + label("refused", answer.language), "refusal"))
    parts.append(format_answer_text(answer.text))
    for note in answer.notes:
        parts.append(f'<span class="ta-note">ℹ {html.escape(label("note", answer.language))}: {md_safe(note)}</span>')
    return "\n\n".join(parts)


def cited_sources(answer: Answer) -> list[Source]:
    """The sources the citations point at, in rank order (all sources when nothing is cited)."""
    cited_ids = {c.chunk_id for c in answer.citations}
    chosen = [s for s in answer.sources if s.chunk_id in cited_ids]
    if not chosen:
        chosen = list(answer.sources)
    return sorted(chosen, key=lambda s: s.rank)


def sources_title(answer: Answer) -> str:
    """Title of the collapsible block under an answer, e.g. "Sources · 6.2 Saran"."""
    sources = cited_sources(answer)
    if answer.refused or not answer.citations:
        return f"{label('searched', answer.language)} ({len(sources)})"
    sections: list[str] = []
    for s in sources:
        name = md_safe(section_name(s))  # section titles come from the corpus: shown, never rendered
        if name not in sections:
            sections.append(name)
    return f"{label('sources', answer.language)} · " + ", ".join(sections)


def section_name(source: Source) -> str:
    """ "6.2 Saran" for a source, with its page when the document has pages ("6.2 Saran, p. 89")."""
    name = f"{source.section} {source.section_title}".strip()
    if source.section == source.section_title:  # named parts: "Daftar Pustaka", not "Daftar Pustaka Daftar Pustaka"
        name = source.section
    page = getattr(source, "page", None)
    return f"{name}, p. {page}" if page else name


def quote_spans(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of each quote inside ``text`` (whitespace-tolerant), merged and sorted."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        words = quote.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        match = re.search(pattern, text)
        if match:
            spans.append((match.start(), match.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, quotes: Iterable[str]) -> str:
    """``text`` made inert (``md_safe``, line breaks as <br> so the HTML block stays one line), with
    each quote found in it wrapped in <mark>."""
    out: list[str] = []
    pos = 0
    for start, end in quote_spans(text, quotes):
        out.append(_inert_lines(text[pos:start], pos == 0))
        out.append("<mark>" + _inert_lines(text[start:end], start == 0) + "</mark>")
        pos = end
    out.append(_inert_lines(text[pos:], pos == 0))
    return "".join(out)


def _inert_lines(text: str, line_start: bool) -> str:
    lines = text.split("\n")
    return "<br>".join(md_safe(line, line_start=line_start or n > 0) for n, line in enumerate(lines))


DOCUMENT_ROUTE = "thesis/document/"  # served by ui.guard: a corpus PDF, opened at a page with #page=N


def page_link(source: Source) -> str:
    """A link that opens a cited PDF at the cited page (empty for other files or without a page)."""
    page = getattr(source, "page", None)
    if not page or not source.doc_id.lower().endswith(".pdf"):
        return ""
    href = DOCUMENT_ROUTE + urllib.parse.quote(source.doc_id, safe="/") + f"#page={int(page)}"
    return f'<a class="ta-open" href="{html.escape(href)}" target="_blank" rel="noopener">open p. {int(page)}</a>'


def format_sources(answer: Answer) -> str:
    """HTML listing each cited passage: section, score, text with the cited sentences marked."""
    language = answer.language
    items: list[str] = []
    if answer.refused:
        items.append(f'<p class="ta-hint">{html.escape(label("refused_hint", language))}</p>')
    for source in cited_sources(answer):
        quotes = [c.quote for c in answer.citations if c.chunk_id == source.chunk_id]
        items.append(
            '<div class="ta-source">'
            '<div class="ta-source-head">'
            f'<span class="ta-section">{md_safe(section_name(source))}</span>'
            f'<span class="ta-score">{html.escape(label("score", language))} {source.score:.3f}</span>'
            f'<span class="ta-doc">{md_safe(source.doc_id)} · #{source.rank}</span>{page_link(source)}'
            "</div>"
            f'<div class="ta-passage">{highlight(source.text, quotes)}</div>'
            "</div>"
        )
    return "\n".join(items)


def error_kind(exc: BaseException) -> str:
    """The label key for an exception (question_error, index_error, service_error, ...)."""
    if isinstance(exc, QuestionError):
        return "question_error"
    if isinstance(exc, (IndexMissingError, IndexCorruptError, EmbedderMismatchError)):
        return "index_error"
    if isinstance(exc, (GeneratorUnavailableError, StoreUnavailableError)):
        return "service_error"
    if isinstance(exc, ConfigError):
        return "config_error"
    return "error"


def format_error(exc: BaseException, language: str = "en") -> str:
    """A readable chat message for an exception: a badge and the message, never a traceback."""
    kind = error_kind(exc)
    if isinstance(exc, AssistantError):
        message = str(exc) or type(exc).__name__
    else:
        message = label("unexpected", language).format(kind=type(exc).__name__)
    return badge("⚠ " + label(kind, language), "error") + "\n\n" + _code_spans(md_safe(message))


def _code_spans(inert: str) -> str:
    """``md_safe`` text with its `backticked` commands shown as <code> (our messages name commands so)."""
    return re.sub(r"&#96;((?:(?!&#96;)[^<>])+)&#96;", r"<code>\1</code>", inert)


def error_text(exc: BaseException) -> str:
    """Plain one-line text of an error, for exports and feedback."""
    if isinstance(exc, AssistantError):
        return str(exc) or type(exc).__name__
    return f"unexpected error ({type(exc).__name__})"


def _quote_md(text: str) -> str:
    return " ".join(text.split())


def citation_lines(answer: Answer) -> list[str]:
    """Markdown bullet lines, one per citation: marker, section name, quote and score."""
    by_id = {s.chunk_id: s for s in answer.sources}
    lines: list[str] = []
    for c in answer.citations:
        source = by_id.get(c.chunk_id)
        name = section_name(source) if source else c.section
        score = f" ({label('score', answer.language)} {source.score:.3f})" if source else ""
        lines.append(f"- {marker(c.section)} {name}: “{_quote_md(c.quote)}”{score}")
    return lines


def export_markdown(exchanges: Sequence[Exchange], now: datetime | None = None) -> str:
    """The whole conversation as Markdown, answers with their citation markers and sources."""
    now = now or datetime.now(UTC)
    language = next((e.answer.language for e in exchanges if e.answer), "en")
    lines = [
        f"# {label('export_title', language)}",
        "",
        f"_{label('exported', language)} {now:%Y-%m-%d %H:%M %Z}_".rstrip(),
        "",
    ]
    for number, exchange in enumerate(exchanges, start=1):
        lines += [f"## {number}. {_quote_md(exchange.question)}", ""]
        if exchange.answer is not None:
            answer = exchange.answer
            if answer.refused:
                lines += [f"**{label('refused', answer.language)}**", ""]
            lines += [answer.text.strip(), ""]
            cites = citation_lines(answer)
            if cites:
                lines += [f"**{label('sources', answer.language)}**", "", *cites, ""]
            lines += [f"_{answer.generator}_", ""]
        elif exchange.error is not None:
            lines += [f"> ⚠ {exchange.error}", ""]
    return "\n".join(lines).rstrip() + "\n"


def citations_record(citations: Iterable[Citation]) -> list[dict[str, object]]:
    """Citations as plain dicts (for the feedback log)."""
    return [
        {"section": c.section, "chunk_id": c.chunk_id, "quote": c.quote, "start": c.start, "end": c.end}
        for c in citations
    ]


def inline_code(escaped: str) -> str:
    """Already-escaped text with `backticked` commands shown as <code> (for HTML outside Markdown)."""
    return re.sub(r"`([^`<>]+)`", r"<code>\1</code>", escaped)


HEADER_INTRO = (
    "Ask about the loaded thesis in Bahasa Indonesia or English. Every answer cites the section it "
    "comes from, or says plainly that the thesis does not say."
)
HEADER_INTRO_ID = (
    "Tanyakan isi tesis dalam Bahasa Indonesia atau Inggris. Setiap jawaban menyebut bagian sumbernya, "
    "atau menyatakan bahwa tesis tidak membahasnya."
)


def format_header(info: object | None, problem: BaseException | str | None = None) -> str:
    """The page header: what the assistant is, the loaded document(s) and the answering generator.

    ``info`` is ``Assistant.info()`` (a CorpusInfo); ``problem`` (the error that stops the Assistant)
    is shown instead when it is None.
    """
    rows: list[str] = []
    if info is not None:
        for doc in getattr(info, "documents", ()):
            chapters = ", ".join(f"BAB {roman(int(n))} {t}".strip() for n, t in getattr(doc, "chapters", ()))
            sections = " · ".join((n if n == t else f"{n} {t}").strip() for n, t in getattr(doc, "sections", ()))
            rows.append(
                '<div class="ta-doc-row">'
                f'<span class="ta-k">Document / Dokumen</span><span class="ta-v"><b>{html.escape(str(doc.title))}</b>'
                f" <code>{html.escape(str(doc.doc_id))}</code></span>"
                f'<span class="ta-k">Chapters / Bab</span><span class="ta-v">{html.escape(chapters) or "–"}</span>'
                f'<span class="ta-k">Sections / Bagian</span><span class="ta-v">{html.escape(sections) or "–"}</span>'
                "</div>"
            )
        rows.append(
            '<div class="ta-doc-row">'
            f'<span class="ta-k">Generator</span><span class="ta-v">{html.escape(str(getattr(info, "generator", "")))}</span>'
            f'<span class="ta-k">Embedder</span><span class="ta-v">{html.escape(str(getattr(info, "embedder", "")))}</span>'
            "</div>"
        )
    else:
        kind = error_kind(problem) if isinstance(problem, BaseException) else "index_error"
        message = error_text(problem) if isinstance(problem, BaseException) else str(problem or "")
        rows.append(
            f'<div class="ta-doc-row ta-problem">{badge("⚠ " + label(kind, "en"), "error")} '
            f"{inline_code(html.escape(message))}</div>"
        )
    return (
        '<div class="ta-header">'
        '<div class="ta-title">Thesis Assistant <span class="ta-sep">·</span> Asisten Tesis</div>'
        f'<p class="ta-intro">{html.escape(HEADER_INTRO)}<br><span class="ta-intro-id">{html.escape(HEADER_INTRO_ID)}</span></p>'
        + "".join(rows)
        + "</div>"
    )
