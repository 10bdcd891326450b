"""Paragraph chunks with stable ids; over-long paragraphs become sentence windows with one sentence of overlap."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from assistant.core.types import Chunk, Document, Paragraph, Section, Sentence

# Bump when chunk boundaries or ids change: the manifest records it and a change forces re-ingest.
CHUNKER_VERSION = "33"  # 4: pages, front matter and references; 5-6: light stemming of words Sastrawi does not know; 7: "BAB VII" + "LAMPIRAN" is a chapter; 8: PDF-extracted text (page numbers, running lines, footnotes, run-in headings); 9: title page facts, sentence languages, lists with their lead-in; 10: a chunk keeps its paragraph's kind (footnote, caption); 11: PDF paragraphs by their gap, flush-left reference entries, page numbers opened or closed by running lines; 12: the Daftar Isi gives pages to text without page numbers and repairs cut or run-in titles; 13-14: a title page is quoted line by line (capital lines together); 15: no sentence boundary after a title before a name ("drg.") or a dotted degree after a name and comma; 16: form feeds as page breaks, tables laid out with spaces (a sentence a row) and code listings (kind "code", one sentence) as paragraphs of their own; 17: a line ending in ";" is code only with a mark of code; 18: a unit's letter after the degree sign ("61,0 °C.") ends a sentence; 19: chapters without the word BAB ("1 PENDAHULUAN"), an unnumbered subheading on its own line opens its paragraph, a signature page (Lembar/Halaman Pengesahan or Persetujuan) is quoted by its kept lines, a title's colon before its subtitle keeps its capital lines one as a sentence, unlabelled title-page author and supervisors; 20: no sentence boundary after a statistics abbreviation ("Sig. (2-tailed)", "Std. Error") or before a listed abbreviation ("Asymp. Sig."), a table's header row ending in one keeps its rows with its caption; a capitalised front-matter heading with the page's or the work's word ("PERNYATAAN KEASLIAN SKRIPSI") or naming two parts ("MOTTO DAN PERSEMBAHAN") is a part of its own, table rows ending with their "Sumber:" line take no prose after them, a run-in title keeps a statistic's one-letter symbol ("Uji t (Parsial)"), a small raised digit after a one- or two-letter symbol is its power ("(R²)", "m²"), not a footnote marker; 21: a thesis written in English: "CHAPTER I" is a chapter word, its English front parts ("APPROVAL SHEET", "ACKNOWLEDGEMENT") are parts; digits glued to a one-letter symbol ("O1 X O2") are no footnote marker, an appendix item opening a PDF page ("Appendix 3. ...") opens its paragraph; 22: "Exp." and "Ctrl." (an experiment's groups in a table header) end no sentence; 23: "Op. Cit." ends no sentence; 24: dev documents laid out again (evals/layout_variants.py): rows of numbers and a source's repeated footnotes are no running lines, a running header's page number on its line is the page's, a form feed then a header opens the page, a bold heading wrapped to a second line is one, a chapter line without the word BAB only in a thesis that never prints it (and listed by its Daftar Isi), a whole listed heading or one under table rows opens its block, a table's header cell is no recovered heading, titles single-spaced; 25: a Markdown export's marks (a line set in bold, blockquote ">", pipe tables, links) blanked, offsets kept; 26: a possessive ("Cronbach's") is also indexed as its word; 27: a scanned thesis as OCR reads it: "BAB lV" (l for I) is chapter IV, "4,3 Pembahasan" section 4.3 when listed so or next, a page number "l2" that counts with its neighbours is furniture, a word hyphenated over a page break one word, a "." or "'" alone between blank lines no paragraph; 28: a PDF's arabic chapter lines ("BAB 2", "BAB 3" alone at the top of their first pages) are chapters, no running line (a chapter line keeps its number in the running-line key); 29: LaTeX as `pdftotext -layout` prints it: a page's first line ending, past a run of spaces, in a number that counts the pages is a running head with its number ("2.2. MODEL ARIMA      5", even printed once), a list item's boxed label ("1.   Identifikasi ...") makes no table row, a table's rules ("_____") belong to it and are no row, a list of figures with wrapped entries is no content; 30: a numbered statement's label ("Definisi 2.1.", "Teorema 2.7.", "Bukti.") ends no sentence; 31: a sentence's language is voted without its words in capitals when it is mostly in lower or title case ("OR", "IK", "DO" in a table are abbreviations, not English function words); 32: a numbered Daftar Pustaka ("1. ...", "[1] ...", Vancouver) is cut into entries at their numbers only (a wrapped "Jakarta: Penerbit; 2022." goes on with its entry; 33: an article numbering nothing (a naskah publikasi): its capital headings after the front matter are sections and its title-case lines over running text their subsections, ids their titles ("Metode Penelitian", "Hasil Siklus I"); in text with form feeds a number alone mid-page (a table's cell) is no page number; an article's title block: the title in capitals ends at the authors' paragraph, the first author has an affiliation mark glued ("Rina Septiani1, ..."), a mark before a line ("1,2Program Studi") is no part of it)


def chunk_document(document: Document, fits: Callable[[str], bool]) -> list[Chunk]:
    """All chunks of a document, in reading order. No chunk crosses a section boundary.

    ``fits(text)`` says whether a text fits the embedding model's window (the embedder's ``fits``).
    """
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section in document.sections:
        for paragraph in section.paragraphs:
            for sentences in _windows(paragraph, fits):
                chunk = _make_chunk(document.doc_id, section, paragraph, sentences, seen)
                chunks.append(chunk)
    return chunks


def _windows(paragraph: Paragraph, fits: Callable[[str], bool]) -> Iterable[tuple[Sentence, ...]]:
    """The whole paragraph if it fits, else sentence windows overlapping by one sentence."""
    sentences = paragraph.sentences or (Sentence(paragraph.text, paragraph.start, paragraph.end, paragraph.page),)
    if len(sentences) == 1 or fits(paragraph.text):
        yield tuple(sentences)
        return
    start = 0
    while start < len(sentences):
        end = start + 1
        while end < len(sentences) and fits(" ".join(s.text for s in sentences[start : end + 1])):
            end += 1
        yield tuple(sentences[start:end])
        if end >= len(sentences):
            return
        start = max(end - 1, start + 1)  # one sentence of overlap, always moving forward


def _make_chunk(
    doc_id: str, section: Section, paragraph: Paragraph, sentences: tuple[Sentence, ...], seen: dict[str, int]
) -> Chunk:
    text = " ".join(s.text for s in sentences) if len(sentences) != len(paragraph.sentences) else paragraph.text
    digest = hashlib.sha1(f"{doc_id}\x00{section.section_id}\x00{text}".encode()).hexdigest()[:16]
    occurrence = seen.get(digest, 0)
    seen[digest] = occurrence + 1
    chunk_id = f"{section.section_id}-{digest}" + (f"-{occurrence}" if occurrence else "")
    return Chunk(
        chunk_id=chunk_id,
        text=text,
        doc_id=doc_id,
        chapter_number=section.chapter_number,
        chapter_title=section.chapter_title,
        section_id=section.section_id,
        section_title=section.title,
        printed_number=section.printed_number,
        paragraph_index=paragraph.index,
        start=sentences[0].start,
        end=sentences[-1].end,
        sentences=sentences,
        page=sentences[0].page if sentences[0].page is not None else paragraph.page,
        kind=paragraph.kind,
    )
