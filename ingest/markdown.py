"""Markdown markup blanked out of a repository export, so its text parses like any other.

A thesis exported to Markdown carries markup the parser would otherwise quote: bold title-page lines
(``**UNIVERSITAS ...**``), interview excerpts as ``>`` blockquotes, pipe tables (``| a | b |`` with a
``|---|---|`` rule), links and emphasis. ``plain_markdown`` replaces each mark by whitespace of the same
length, so every offset still points at the same character of the file (citations stay exact) while
the parser sees plain paragraphs:

- a line set in bold as a whole (``**UNIVERSITAS ...**``, a title page's lines, a bold subheading) loses its
  marks; emphasis inside a line is left to the parser, which drops it from the text with its offsets mapped;
- a blockquote's ``>`` marks become spaces, and a line holding only ``>`` becomes blank, which ends the
  paragraph as the excerpt's empty line does in the rendered page;
- a pipe table's rule line becomes blank, each row's outer ``|`` a space and the ones between its cells a tab,
  so the rows read as the tab-separated table rows a text export has;
- ``[text](address)`` keeps its text, ``![alt](image)`` becomes blank; ``#`` headings are left to the parser.
"""

from __future__ import annotations

import re

_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_QUOTE = re.compile(r"^( {0,3})((?:>[ \t]?)+)")
_BOLD_LINE = re.compile(r"^([ \t]*)(\*\*|__)(?=\S)((?:(?!\2).)+?)(?<=\S)\2([ \t]*)$")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\n]*)\)")


def plain_markdown(text: str) -> str:
    """``text`` with its Markdown marks replaced by whitespace of the same length (line by line)."""
    lines = text.split("\n")
    return "\n".join(_plain_line(line) for line in lines)


def _plain_line(line: str) -> str:
    quote = _QUOTE.match(line)
    if quote:
        line = quote.group(1) + " " * len(quote.group(2)) + line[quote.end():]
    if _RULE.match(line):
        return " " * len(line)
    if _ROW.match(line):  # the outer pipes become spaces, the ones between cells tabs
        line = line.replace("\\|", "  ")
        first, last = line.index("|"), line.rindex("|")
        line = line[:first] + " " + line[first + 1:last].replace("|", "\t") + " " + line[last + 1:]
    line = _IMAGE.sub(lambda m: " " * len(m.group(0)), line)
    line = _LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1), line)
    bold = _BOLD_LINE.match(line)
    if bold:  # marks at the line's ends only: blanking them leaves no run of spaces inside the line
        line = bold.group(1) + "  " + bold.group(3) + "  " + bold.group(4)
    return line
