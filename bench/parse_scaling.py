"""Parse time (wall and CPU: the CPU time does not count other processes on a shared machine) and peak
memory for 1, 8 and 50 MB of thesis text (issue 17.8: parsing must be linear).

``python -m bench.parse_scaling`` prints one line per size. The text is the seed chapter's paragraphs
laid out as a long thesis (chapters of ten numbered sections, a page-number line and a running
header every page, a footnote now and then), so every stage of the parser runs. Each size is parsed
in a fresh process so that peak RSS belongs to that size alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "bab-vi-penutup.txt"
SIZES_MB = (1, 8, 50)


def roman(number: int) -> str:
    from assistant.core.text import roman as to_roman

    return to_roman(number).lower()


def thesis_text(megabytes: float) -> str:
    """About ``megabytes`` MB of PDF-extracted-looking thesis text built from the seed's paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", SEED.read_text("utf-8")) if len(p) > 200]
    target = int(megabytes * 2**20)
    parts: list[str] = []
    size = chapter = page = notes = 0
    while size < target:
        chapter += 1
        page = notes = 0  # a long thesis numbers pages and footnotes per chapter (as appendices do)
        parts.append(f"BAB {chapter}\nBAGIAN {chapter}\n")
        for section in range(1, 11):
            parts.append(f"{chapter}.{section} Bagian Nomor {section}\n")
            for k, paragraph in enumerate(paragraphs):
                notes += k == 0
                marker = f"{notes % 90 + 1}" if k == 0 else ""  # glued after the period: "kerjasamanya.1"
                parts.append(" ".join(paragraph.split()) + marker + "\n")
                if marker:  # a footnote of its own wording (repeated lines would be running headers)
                    label = f"{roman(chapter)} {chr(97 + section)}"
                    parts.append(f"{marker} Sumber catatan bagian {label}, halaman {page}.\n")
                page += 1
                parts.append(f"{page}\nJudul Tesis Contoh | Universitas Contoh\n")
        size = sum(len(p) for p in parts)
    return "".join(parts)


def measure(megabytes: float) -> dict[str, float]:
    """Parse time (seconds) and peak RSS (MB) of one size, in this process."""
    from ingest.load import RawDocument
    from ingest.parse import parse_document

    text = thesis_text(megabytes)
    raw = RawDocument("bench.txt", Path("bench.txt"), text, hashlib.sha256(text.encode()).hexdigest())
    started, cpu = time.perf_counter(), time.process_time()
    document = parse_document(raw)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sentences = sum(len(p.sentences) for s in document.sections for p in s.paragraphs)
    return {"mb": round(len(text.encode()) / 2**20, 1), "seconds": round(seconds, 2), "cpu": round(cpu, 2),
            "peak_rss_mb": round(peak),
            "sections": len(document.sections), "sentences": sentences}


def main(argv: list[str] | None = None) -> int:
    """Print parse time for 1, 8 and 50 MB (or ``--sizes``), each size in a fresh process."""
    parser = argparse.ArgumentParser(prog="python -m bench.parse_scaling", description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=list(SIZES_MB))
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)  # internal: measure one size here
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(args.one)))
        return 0
    rows = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, "-m", "bench.parse_scaling", "--one", str(size)], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"parse {row['mb']:>5} MB: {row['seconds']:7.2f} s, {row['cpu']:7.2f} s CPU "
              f"({row['cpu'] / row['mb']:.2f} CPU s/MB, "
              f"peak RSS {row['peak_rss_mb']} MB, {row['sections']} sections, {row['sentences']} sentences)",
              flush=True)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        ratio = (last["cpu"] / last["mb"]) / max(first["cpu"] / first["mb"], 1e-9)
        print(f"CPU time per MB at {last['mb']} MB is {ratio:.2f}x that at {first['mb']} MB (1.0 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
