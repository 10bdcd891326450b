"""The printed page each sentence of a collection PDF is on, read from the document's page-laid source
(``evals/collection_src/<doc>.src.txt``, ``<<<PAGE label>>>`` markers): the evaluation's answer key for
"answers cite the right page" (issue #13), independent of the parser that reads the built PDF.

A citation's quote is found in its document's source by its letters and digits only (case, spaces,
punctuation, table bars, footnote markers and the source's directives removed), so the way the parser
joins lines, hyphens and cells does not matter. The page a quote starts on is its page; a quote found
on a roman-numbered or unnumbered page expects no page (``None``: front matter carries none). A page printed
with its chapter before its number ("II-4", "IV-12": the fourth page of chapter II, as many engineering
faculties number them; "DP-1", "L-2" for the references and appendices) expects that label, a string. A quote
not found in the source (a sentence the answer composed, a DOCX or a plain-text document) is not scored.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PAGE_MARK = re.compile(r"^<<<PAGE (\S+)>>>\s*$")
DIRECTIVE = re.compile(r"^%\w+\b ?")
FOOTNOTE_MARK = re.compile(r"\^[0-9+]+")
PROBE = 48  # letters and digits of a quote's opening that must be found (all of a shorter quote)
MIN_PROBE = 16  # shorter quotes ("Ya.", a bare number) say too little to be placed


def letters(text: str) -> str:
    """Lower-case letters and digits of ``text``, nothing else."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


ROMAN_LABEL = re.compile(r"[ivxlcdm]+", re.IGNORECASE)


def printed_page(label: str) -> int | str | None:
    """The page a citation should name for a source page label: an arabic number as an int ("12" -> 12), None for
    an unnumbered ("-") or roman-numbered front-matter page ("iv"), and any other printed label as printed, a
    string ("II-4", "DP-1")."""
    if label.isdigit():
        return int(label)
    if label == "-" or ROMAN_LABEL.fullmatch(label):
        return None
    return label


@dataclass(frozen=True)
class SourcePages:
    """One document's source as one letters-and-digits stream, with where each printed page starts."""

    stream: str
    starts: tuple[int, ...]  # offset in ``stream`` where each page begins
    pages: tuple[int | str | None, ...]  # that page's printed page (``printed_page``)

    @classmethod
    def parse(cls, source: str) -> SourcePages:
        parts: list[str] = []
        starts: list[int] = []
        pages: list[int | str | None] = []
        size = 0
        lines = source.splitlines()
        if lines and lines[0].startswith("%header"):
            lines = lines[1:]  # the running header is furniture, not text a quote starts in
        for line in lines:
            mark = PAGE_MARK.match(line)
            if mark:
                starts.append(size)
                pages.append(printed_page(mark.group(1)))
                continue
            if not starts:
                continue  # %format and other preamble lines
            text = letters(FOOTNOTE_MARK.sub("", DIRECTIVE.sub("", line)))
            parts.append(text)
            size += len(text)
        return cls("".join(parts), tuple(starts), tuple(pages))

    def pages_of(self, quote: str) -> set[int | str | None] | None:
        """The printed pages the quote may start on (several when its opening recurs), or None when
        it is not in the source or too short to place."""
        probe = letters(quote)[:PROBE]
        if len(probe) < MIN_PROBE:
            return None
        found: set[int | str | None] = set()
        at = self.stream.find(probe)
        while at >= 0:
            found.add(self.pages[bisect.bisect_right(self.starts, at) - 1])
            at = self.stream.find(probe, at + 1)
        return found or None


class PageKey:
    """Expected pages of quotes, for the PDF documents of a collection whose sources are at hand."""

    def __init__(self, documents: dict[str, SourcePages]):
        self.documents = documents

    @classmethod
    def for_questions(cls, questions_path: Path) -> PageKey:
        """The key for a question file whose collection keeps sources beside it under the file's own name
        (``evals/collection.jsonl`` -> ``evals/collection_src/*.src.txt``); empty otherwise."""
        questions = Path(questions_path)
        documents: dict[str, SourcePages] = {}
        for path in sorted(questions.with_name(f"{questions.stem}_src").glob("*.src.txt")):
            text = path.read_text("utf-8")
            if re.search(r"^%format pdf\s*$", text, re.M):
                documents[path.name.removesuffix(".src.txt") + ".pdf"] = SourcePages.parse(text)
        return cls(documents)

    def check(self, doc: str, citations: Iterable[dict]) -> tuple[bool, ...]:
        """For each citation of ``doc`` whose quote the source places: is its page the page the quote
        starts on? Citations of other documents, or quotes the source cannot place, are left out."""
        source = self.documents.get(doc)
        if source is None:
            return ()
        checks = []
        for citation in citations:
            if citation.get("doc") not in ("", None, doc):
                continue
            expected = source.pages_of(str(citation.get("quote", "")))
            if expected is not None:
                checks.append(citation.get("page") in expected)
        return tuple(checks)
