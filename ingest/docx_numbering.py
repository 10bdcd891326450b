"""Word's automatic list numbers, rendered the way Word prints them.

A thesis written in Word numbers its headings with a multilevel list attached to the heading styles
("BAB %1" upperRoman, "%1.%2" decimal with isLgl, ...), and its body lists the same way: the
numbers are then in ``numbering.xml`` and never in the paragraph's text. ``ListNumbers.label``
returns the number a paragraph prints ("BAB IV", "4.1", "a."), counting paragraphs in document
order as Word does:

- a paragraph's list is its own ``numPr`` (numId, ilvl), else its style's, following ``basedOn``;
  a style linked to a list level (``w:pStyle`` in the level) gets that level; numId 0 is no list;
- ``num`` -> ``abstractNum`` (through ``numStyleLink`` when the list is defined by a list style),
  with ``lvlOverride`` (a replaced level, or ``startOverride``: the list starts again there);
- counters are kept per abstractNum, a lower level restarts when a higher one is used (``lvlRestart``
  says after which level, 0 never), ``lvlText``'s ``%1``..``%9`` take each level's counter in its
  own format (``isLgl``: all in arabic digits), a bullet or ``none`` level prints no number.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.text import roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # isLgl: every number in the label printed in arabic digits
    restart: int | None = None  # lvlRestart (1-based level after which this one restarts); None: after any higher
    suffix: str = "\t"
    style: str = ""  # the paragraph style linked to this level


def format_number(value: int, fmt: str) -> str:
    """A counter in one of Word's number formats ("" for bullet and none)."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt in ("upperRoman", "lowerRoman"):
        numeral = roman(value) if value > 0 else str(value)
        return numeral if fmt == "upperRoman" else numeral.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        if value <= 0:
            return str(value)
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)  # Word: Z, AA, BB ...
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)  # decimal, and the formats that print a number in some other script or words


def _val(element, name: str) -> str | None:
    child = element.find(f"{W}{name}") if element is not None else None
    return child.get(f"{W}val") if child is not None else None


def _level(lvl) -> Level:
    start = _val(lvl, "start")
    restart = _val(lvl, "lvlRestart")
    legal = lvl.find(f"{W}isLgl")
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,  # Word always writes it
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        legal=legal is not None and legal.get(f"{W}val", "1") not in ("0", "false", "off"),
        restart=int(restart) if restart and restart.isdigit() else None,
        suffix=_SUFFIX.get(_val(lvl, "suff") or "tab", "\t"),
        style=_val(lvl, "pStyle") or "",
    )


def _levels(abstract) -> dict[int, Level]:
    return {int(lvl.get(f"{W}ilvl", "0")): _level(lvl) for lvl in abstract.iter(f"{W}lvl")}


@dataclass(frozen=True)
class _List:
    """One ``num``: its abstractNum and its level overrides."""

    abstract: str
    levels: dict[int, Level]
    restart_at: dict[int, int]  # startOverride: level -> start value, applied when the num is first used


class ListNumbers:
    """The numbering of one document; ``label`` must be called for every paragraph in reading order."""

    def __init__(self, numbering, styles) -> None:
        """``numbering``: the root of word/numbering.xml (None when the file has none); ``styles``: the root
        of word/styles.xml (or None)."""
        self._styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # id -> (numId, ilvl, basedOn)
        self._default_style = ""
        for style in styles.iter(f"{W}style") if styles is not None else ():
            kind = style.get(f"{W}type", "paragraph")
            if kind not in ("paragraph", "numbering"):  # a list style holds the numId a numStyleLink names
                continue
            sid = style.get(f"{W}styleId", "")
            num_pr = style.find(f"{W}pPr/{W}numPr")
            self._styles[sid] = (_val(num_pr, "numId"), _val(num_pr, "ilvl"), _val(style, "basedOn"))
            if kind == "paragraph" and style.get(f"{W}default") in ("1", "true", "on"):
                self._default_style = sid
        abstracts = {a.get(f"{W}abstractNumId", ""): a for a in
                     (numbering.iter(f"{W}abstractNum") if numbering is not None else ())}
        self._abstracts = {aid: _levels(a) for aid, a in abstracts.items()}
        self._lists: dict[str, _List] = {}
        nums = {n.get(f"{W}numId", ""): n for n in (numbering.iter(f"{W}num") if numbering is not None else ())}
        for nid, num in nums.items():
            aid = _val(num, "abstractNumId") or ""
            link = _val(abstracts.get(aid), "numStyleLink")
            if link:  # the list is defined by a list style: follow it to the abstractNum that holds the levels
                linked = next((found[0] for found in self._styles_roots(link) if found[0]), None)
                aid = _val(nums.get(linked or ""), "abstractNumId") or aid
            levels = dict(self._abstracts.get(aid, {}))
            restart_at: dict[int, int] = {}
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                replaced = override.find(f"{W}lvl")
                if replaced is not None:
                    levels[ilvl] = _level(replaced)
                start = _val(override, "startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    restart_at[ilvl] = int(start)
            self._lists[nid] = _List(aid, levels, restart_at)
        self._counters: dict[str, dict[int, int]] = {}
        self._used: set[str] = set()

    def _styles_roots(self, style_id: str):
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            yield self._styles[style_id]
            style_id = self._styles[style_id][2] or ""

    def list_of(self, p) -> tuple[str, int] | None:
        """(numId, level) of a paragraph element, or None when it is in no list."""
        props = p.find(f"{W}pPr")
        num_pr = props.find(f"{W}numPr") if props is not None else None
        num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        style_id = _val(props, "pStyle") or self._default_style
        for s_num, s_lvl, _ in self._styles_roots(style_id):
            num_id = num_id if num_id is not None else s_num
            if ilvl is None and s_num is not None:
                ilvl = s_lvl
            if num_id is not None:
                break
        if num_id is None or num_id == "0" or num_id not in self._lists:
            return None
        if ilvl is None:  # a style linked to a list: the level that names the style (or any of its bases)
            chain = set(self._chain_ids(style_id))
            linked = [k for k, lv in self._lists[num_id].levels.items() if lv.style and lv.style in chain]
            ilvl = str(min(linked)) if linked else "0"
        level = int(ilvl) if ilvl.isdigit() else 0
        return num_id, min(level, 8)

    def _chain_ids(self, style_id: str):
        seen: list[str] = []
        while style_id and style_id not in seen and style_id in self._styles:
            seen.append(style_id)
            style_id = self._styles[style_id][2] or ""
        return seen

    def label(self, p) -> tuple[str, str]:
        """(number, suffix) a paragraph prints before its text ("BAB IV", "\\t"); ("", "") when none.
        Advances the list's counters: call once per paragraph, in document order."""
        found = self.list_of(p)
        if found is None:
            return "", ""
        num_id, level = found
        numbered = self._lists[num_id]
        counters = self._counters.setdefault(numbered.abstract, {})
        if num_id not in self._used:
            self._used.add(num_id)
            for k, start in numbered.restart_at.items():  # a list started again: its first number is the override
                counters[k] = start - 1
                for deeper in [d for d in counters if d > k]:
                    del counters[deeper]
        definition = numbered.levels.get(level, Level())
        counters[level] = counters[level] + 1 if level in counters else definition.start
        for deeper in [d for d in counters if d > level]:
            restart = numbered.levels.get(deeper, Level()).restart
            if restart is None or (restart > 0 and level < restart):
                del counters[deeper]
        if definition.fmt == "bullet" or not definition.text:
            return "", ""
        text = definition.text
        for k in range(9):  # %1..%9: each level's counter in its own format, or arabic under isLgl
            marker = f"%{k + 1}"
            if marker not in text:
                continue
            other = numbered.levels.get(k, Level())
            value = counters.get(k, other.start)
            fmt = "decimal" if definition.legal and other.fmt not in ("bullet", "none") else other.fmt
            text = text.replace(marker, format_number(value, fmt))
        return text, definition.suffix if text.strip() else ""
