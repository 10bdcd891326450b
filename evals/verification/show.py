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

from bench import CLAIMS, read_labels  # noqa: E402

from assistant.support import features  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--filter", default="")
    parser.add_argument("--max", type=int, default=40)
    parser.add_argument("--width", type=int, default=260)
    args = parser.parse_args()
    labels = read_labels()
    shown = 0
    for line in CLAIMS.read_text().splitlines():
        row = json.loads(line)
        if (row["cid"] in labels and not args.all) or args.filter not in row["cid"]:
            continue
        print(f"\n## {row['cid']}  [{row['language']}] Q: {row['question']}")
        print(f"   CLAIM {row['sections']}: {row['claim']}")
        scored = sorted(((features(row["claim"], s).overlap, sec, s) for sec, s in row["sentences"]), reverse=True)
        seen = set()
        for overlap, section, sentence in scored:
            if section in row["sections"] or section not in seen:
                if len([1 for _, sec, _ in scored if sec == section]) and (section, sentence) not in seen:
                    cited = "*" if section in row["sections"] else " "
                    print(f"   {cited}{section} {overlap:.2f} {sentence[: args.width]}")
                    seen.add((section, sentence))
                    seen.add(section)
            if len(seen) > 14:
                break
        shown += 1
        if shown >= args.max:
            break


if __name__ == "__main__":
    main()
