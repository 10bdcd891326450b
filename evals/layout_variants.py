"""The dev documents laid out again as other theses are, and parsed: where the parser's structure breaks.

Every dev source in ``evals/collection_src/`` (the PDFs, and the DOCX sources set as PDFs too) is built under
layout variants a real thesis has, each keeping one source page on one printed page: page numbers at the foot,
at the top right, at the foot's right, on the running header's line, or none on a page opening a chapter; no
running header, one, or alternating ones (the title over odd pages, the chapter over even ones); a running footer;
the other font family; other margins, body sizes and line spacing, text set ragged right (a variant whose page
does not fit is skipped); and the built PDF's text extracted as plain text the way a user copies it
out (pypdf's plain and layout modes, pages ended by form feeds as ``pdftotext`` ends them). Each build is parsed
by the project's own reader (``ingest.parse.parse_file``) and its sections (id, title, printed page) compared with
``<doc>.structure.json``. The test split's sources are never built here.

    python -m evals.layout_variants                      # the table: one row a document, one column a variant
    python -m evals.layout_variants --doc kesmas-imunisasi --variant numbers-top --detail

Builds go to a temporary folder; ``evals/collection`` is never written.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from evals import build_collection as bc
from evals.pages import printed_page

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "evals" / "collection_src"
# the test split (evals/COLLECTION.md): never built, never parsed here
TEST_SPLIT = ("teknik-sipil-drainase", "informatika-klasifikasi")
_UNIVERSITY = re.compile(r"^(?:UNIVERSITAS|INSTITUT|SEKOLAH TINGGI|POLITEKNIK|UNIVERSITY)\b")


@dataclass(frozen=True)
class Variant:
    """One way of laying a source out: changes to the source's furniture, the PDF's style, and how its text
    reaches the parser ("pdf": the PDF itself; "text" / "layout": pypdf's plain or layout text as a .txt)."""

    name: str
    furniture: Callable[[bc.Source], bc.Source] = lambda src: src
    style: bc.PdfStyle = field(default_factory=bc.PdfStyle)
    extract: str = "pdf"


def _title(src: bc.Source) -> str:
    """The thesis title (the title page's bold lines), for a running header or footer."""
    for page in src.pages:
        for b in page.blocks:
            if b.kind == "lines" and b.level == 1:
                return " ".join(b.lines).strip()
    return src.name


def _university(src: bc.Source) -> str:
    for b in src.pages[0].blocks if src.pages else ():
        for line in b.text.split("\n"):
            if _UNIVERSITY.match(line.strip()):
                return line.strip()
    return _title(src)


def _header(src: bc.Source) -> str:
    text = src.header or _title(src)
    return text if len(text) <= 95 else text[:95].rsplit(" ", 1)[0]


def _furniture(**changes) -> Callable[[bc.Source], bc.Source]:
    """A source change; a value that is a function is called with the source."""
    def apply(src: bc.Source) -> bc.Source:
        return dataclasses.replace(src, **{k: v(src) if callable(v) else v for k, v in changes.items()})
    return apply


def _compose(*steps: Callable[[bc.Source], bc.Source]) -> Callable[[bc.Source], bc.Source]:
    def apply(src: bc.Source) -> bc.Source:
        for step in steps:
            src = step(src)
        return src
    return apply


NO_HEADER = _furniture(header="", even_header="")
HEADER = _furniture(header=_header, even_header="")
ALTERNATING = _furniture(header=_header, even_header="{chapter}")
FOOTER = _furniture(footer=_university)
VARIANTS = (
    Variant("base"),
    Variant("numbers-bottom", _furniture(page_numbers="bottom")),
    Variant("numbers-top", _furniture(page_numbers="top")),
    Variant("numbers-bottom-right", _furniture(page_numbers="bottom-right")),
    Variant("no-header", NO_HEADER),
    Variant("header", HEADER),
    Variant("alternating", ALTERNATING),
    Variant("footer", FOOTER),
    Variant("footer-numbers-bottom", _compose(FOOTER, _furniture(page_numbers="bottom"))),
    Variant("dejavu", style=bc.PdfStyle(font="dejavu")),
    Variant("liberation", style=bc.PdfStyle(font="liberation")),
    Variant("margins-narrow", style=bc.PdfStyle(left=25, right=20, top=25, bottom=20)),
    Variant("margins-wide", style=bc.PdfStyle(left=33, right=27, top=27, bottom=22)),
    Variant("size-11", style=bc.PdfStyle(body_size=11, body_lh=6.0)),
    Variant("size-12-tight", style=bc.PdfStyle(body_size=12, body_lh=6.2)),
    Variant("dejavu-alternating-bottom", _compose(ALTERNATING, _furniture(page_numbers="bottom")),
            style=bc.PdfStyle(font="dejavu", body_size=11, body_lh=6.0)),
    Variant("numbers-in-header", _compose(HEADER, _furniture(page_numbers="header"))),
    Variant("numbers-skip-opening", _furniture(page_numbers="skip-opening")),
    Variant("ragged-right", style=bc.PdfStyle(justify=False)),
    Variant("size-11-narrow", style=bc.PdfStyle(left=25, right=20, top=25, bottom=20, body_size=11, body_lh=5.8)),
    Variant("spacing-loose", style=bc.PdfStyle(left=25, right=20, top=25, bottom=20, body_size=11, body_lh=7.0)),
    Variant("text", extract="text"),
    Variant("text-layout", extract="layout"),
    Variant("text-alternating", ALTERNATING, extract="text"),
    Variant("text-numbers-bottom", _furniture(page_numbers="bottom"), extract="text"),
    Variant("text-layout-header", HEADER, extract="layout"),
    Variant("text-dejavu", style=bc.PdfStyle(font="dejavu", body_size=11, body_lh=6.0), extract="text"),
    Variant("text-footer-top", _compose(FOOTER, _furniture(page_numbers="top")), extract="text"),
    Variant("text-numbers-in-header", _compose(HEADER, _furniture(page_numbers="header")), extract="text"),
    Variant("text-skip-opening", _furniture(page_numbers="skip-opening"), extract="layout"),
    Variant("text-size-11-narrow", style=bc.PdfStyle(left=25, right=20, top=25, bottom=20, body_size=11, body_lh=5.8),
            extract="text"),
)


def dev_sources() -> list[Path]:
    """The dev split's page-laid sources (PDF and DOCX ones)."""
    return [p for p in sorted(SOURCES.glob("*.src.txt")) if p.name.removesuffix(".src.txt") not in TEST_SPLIT]


def expected_sections(src: bc.Source) -> list[dict]:
    """The structure file's sections; their printed pages, for a DOCX source (whose file has none), read from
    the source page each heading is on (None when its title is on no heading, or on an unnumbered page)."""
    sections = json.loads((SOURCES / f"{src.name}.structure.json").read_text("utf-8"))["sections"]
    if src.fmt == "pdf":
        return sections
    return [dict(s, page=p) for s, p in zip(sections, source_pages(src, sections))]


def source_pages(src: bc.Source, sections: list[dict]) -> list[int | None | str]:
    """Each section's printed page as its heading stands in the source ("?" when no heading is found)."""
    headings = [(page.label, _norm(b.text)) for page in src.pages for b in page.body
                if b.kind in ("heading", "named", "chapter")]
    out: list[int | None | str] = []
    at = 0
    for s in sections:
        if s["id"] == "Halaman Judul":
            out.append(None)
            continue
        title = _norm(s["title"])
        found = next((k for k in range(at, len(headings)) if headings[k][1].endswith(title)), None)
        if found is None:
            out.append("?")
            continue
        at = found + 1
        label = headings[found][0]
        out.append(printed_page(label))
    return out


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def build_variant(path: Path, variant: Variant, out_dir: Path) -> Path | None:
    """The source built as a PDF under the variant (or its text as a .txt); None when a page does not fit."""
    src = variant.furniture(dataclasses.replace(bc.parse_source(path), fmt="pdf"))
    try:
        data = bc.build_pdf(src, variant.style)
    except bc.BuildError:
        return None
    if variant.extract == "pdf":
        out = out_dir / f"{src.name}.pdf"
        out.write_bytes(data)
        return out
    out = out_dir / f"{src.name}.txt"
    out.write_text(extract_text(data, variant.extract), "utf-8")
    return out


def extract_text(data: bytes, mode: str) -> str:
    """A PDF's text as a user gets it from a text extractor: page after page, each ended by a form feed."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text(extraction_mode="layout" if mode == "layout" else "plain") or ""
             for page in reader.pages]
    return "".join(text.rstrip("\n") + "\n\f" for text in pages)


@dataclass
class Outcome:
    """How one build parsed against its structure: counts of what differs, and the differences."""

    skipped: bool = False
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    order: bool = True

    @property
    def exact(self) -> bool:
        return not self.skipped and not (self.missing or self.extra or self.titles or self.pages) and self.order

    def cell(self) -> str:
        if self.skipped:
            return "fit"
        if self.exact:
            return "ok"
        parts = [f"{k}{len(v)}" for k, v in (("-", self.missing), ("+", self.extra), ("t", self.titles),
                                              ("p", self.pages)) if v]
        return " ".join(parts + ([] if self.order else ["o"]))


def compare(found: list[tuple[str, str, int | None]], expected: list[dict]) -> Outcome:
    """Sections found (id, title, page) against the expected ones (a page "?" is not compared)."""
    out = Outcome()
    want = {e["id"]: e for e in expected}
    have = {i: (t, p) for i, t, p in found}
    out.missing = [e["id"] for e in expected if e["id"] not in have]
    out.extra = [i for i, _, _ in found if i not in want]
    for i, t, p in found:
        if i not in want:
            continue
        e = want[i]
        if t != e["title"]:
            out.titles.append(f"{i}: {t!r} != {e['title']!r}")
        if e.get("page") != "?" and p != e.get("page"):
            out.pages.append(f"{i}: page {p} != {e.get('page')}")
    common = [i for i, _, _ in found if i in want]
    out.order = common == [e["id"] for e in expected if e["id"] in have]
    return out


def run_variant(path: Path, variant: Variant) -> Outcome:
    """Build, parse and compare one document under one variant."""
    from ingest.parse import parse_file

    src = bc.parse_source(path)
    expected = expected_sections(src)
    with tempfile.TemporaryDirectory(prefix="layout-variant-") as tmp:
        built = build_variant(path, variant, Path(tmp))
        if built is None:
            return Outcome(skipped=True)
        document = parse_file(built)
    return compare([(s.section_id, s.title, s.page) for s in document.sections], expected)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--doc", action="append", help="only this dev document (name without .src.txt); repeatable")
    ap.add_argument("--variant", action="append", help="only this variant; repeatable")
    ap.add_argument("--detail", action="store_true", help="print every difference under the table")
    ap.add_argument("--json", help="write the outcomes to this file")
    args = ap.parse_args(argv)
    paths = dev_sources()
    if args.doc:
        if any(d.removesuffix(".src.txt") in TEST_SPLIT for d in args.doc):
            print("the test split's documents are never built here", file=sys.stderr)
            return 2
        paths = [p for p in paths if p.name.removesuffix(".src.txt") in {d.removesuffix(".src.txt") for d in args.doc}]
    variants = [v for v in VARIANTS if not args.variant or v.name in args.variant]
    if not paths or not variants:
        print("no document or no variant selected", file=sys.stderr)
        return 2
    results: dict[str, dict[str, Outcome]] = {}
    for path in paths:
        name = path.name.removesuffix(".src.txt")
        results[name] = {v.name: run_variant(path, v) for v in variants}
    width = max(len(n) for n in results) + 1
    cols = [v.name for v in variants]
    print(" " * width + " | ".join(f"{c[:12]:>12}" for c in cols))
    for name, row in results.items():
        print(f"{name:<{width}}" + " | ".join(f"{row[c].cell():>12}" for c in cols))
    built = [o for row in results.values() for o in row.values() if not o.skipped]
    exact = sum(o.exact for o in built)
    print(f"\nexact: {exact} of {len(built)} built (doc x variant); {sum(o.skipped for row in results.values() for o in row.values())} "
          "did not fit; cells: -missing +extra t(title) p(page) o(order)")
    if args.detail:
        for name, row in results.items():
            for variant, o in row.items():
                if o.skipped or o.exact:
                    continue
                print(f"\n{name} / {variant}:")
                for label, items in (("missing", o.missing), ("extra", o.extra), ("title", o.titles), ("page", o.pages)):
                    for item in items:
                        print(f"  {label}: {item}")
                if not o.order:
                    print("  order differs")
    if args.json:
        Path(args.json).write_text(json.dumps({n: {v: dataclasses.asdict(o) for v, o in row.items()}
                                               for n, row in results.items()}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
