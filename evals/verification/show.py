"""Print unlabelled claims for hand labelling: the claim, its cited section's sentences (most
overlapping first) and the best sentence of every other section shown to the model.

    .venv/bin/python evals/verification/show.py [--all] [--filter TEXT] [--max N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from benchmark import CLAIMS, read_labels  # noqa: E402

from assistant.answering.support import features  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--filter", default="")
    parser.add_argument("--max", type=int, default=40)
    parser.add_argument("--width", type=int, default=260)
    parser.add_argument("--top", type=int, default=2)
    # dev by default: the third round's unlabelled test-part claims (SHA-1 rule) are printed only when asked for
    parser.add_argument("--split", default="dev", help="only claims of this part (dev, test; '' for both)")
    args = parser.parse_args()
    labels = read_labels()
    shown = 0
    for line in CLAIMS.read_text().splitlines():
        row = json.loads(line)
        if (row["cid"] in labels and not args.all) or args.filter not in row["cid"]:
            continue
        if args.split and row["split"] != args.split:
            continue
        print(f"\n## {row['cid']}  {row['split']} [{row['language']}] Q: {row['question']}")
        print(f"   CLAIM {row['sections']}: {row['claim']}")
        scored = sorted(((features(row["claim"], s).overlap, sec, s) for sec, s in row["sentences"]), reverse=True)
        sections = row["sections"] or [sec for sec, _ in row["sentences"]]  # no marker: every section shown
        cited = [x for x in scored if x[1] in sections][: args.top]
        other = [x for x in scored if x[1] not in sections][:1]
        for overlap, section, sentence in cited + other:
            mark = "*" if section in sections else " "
            measure = "" if row["split"] == "test" else f"{overlap:.2f} "  # no verification measure on test
            print(f"   {mark}{section} {measure}{sentence[: args.width]}")
        shown += 1
        if shown >= args.max:
            break


if __name__ == "__main__":
    main()
