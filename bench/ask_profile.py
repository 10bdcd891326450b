"""Where a warm ``ask`` spends its time, on an index already built (e.g. a cached bench size):
wall and CPU p50 over the bench's questions, a few rounds, then a cProfile pass.

    .venv/bin/python -m bench.ask_profile bench/cache/corpus-1000x bench/cache/index-1000x [--rounds 2] [--no-profile]

CPU time per ask is what to compare on a shared machine: wall time includes waiting for the cores.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

from assistant import Assistant
from bench import questions as bench_questions
from bench.worker import _forget_question_vectors, _settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("index")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    bot = Assistant(_settings({"corpus": args.corpus, "index": args.index}), warm=False)
    texts = bench_questions.texts()
    for question in texts:  # warm: caches, sentence vectors
        bot.ask(question)
    for _ in range(args.rounds):
        wall, cpu = [], []
        for question in texts:
            _forget_question_vectors(bot)  # each ask embeds its question, as a new question would
            c, t = time.process_time(), time.perf_counter()
            bot.ask(question)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        print(f"chunks {len(bot.retriever.index.chunks)}: ask p50 {statistics.median(wall):.1f} ms wall, "
              f"{statistics.median(cpu):.1f} ms CPU (load {os.getloadavg()[0]:.1f})", flush=True)
    if not args.no_profile:
        profile = cProfile.Profile()
        profile.enable()
        for question in texts:
            _forget_question_vectors(bot)
            bot.ask(question)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(30)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
