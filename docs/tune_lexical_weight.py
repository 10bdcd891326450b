"""Retrieval hit@1 per language for several lexical weights, and BM25 alone (how LEXICAL_WEIGHT was chosen).

Run after `thesis-chat ingest`:  .venv/bin/python docs/tune_lexical_weight.py
"""

from __future__ import annotations

import json
from pathlib import Path

import assistant.retrieve as retrieve
from assistant import Assistant, Settings

QUESTIONS = Path(__file__).resolve().parent.parent / "evals" / "questions.jsonl"
WEIGHTS = [(0.06, 0.03), (0.08, 0.05), (0.1, 0.06), (0.12, 0.08), (0.15, 0.1), (0.2, 0.15), (0.3, 0.2)]


def hit_at_1(bot: Assistant, questions: list[dict], mode: str) -> dict[str, float]:
    """Share of questions per language whose first passage is from an expected section."""
    hits: dict[str, list[int]] = {"id": [], "en": []}
    for q in questions:
        first = bot.retriever.search(q["question"], 4, mode=mode, language=q["language"])[0]
        hits[q["language"]].append(first.chunk.section_id in q["expected_sections"])
    return {language: round(sum(h) / len(h), 3) for language, h in hits.items()}


def main() -> None:
    bot = Assistant(Settings.from_env(generator="extractive"))
    questions = [q for q in map(json.loads, QUESTIONS.read_text().splitlines()) if q["answerable"]]
    for weight_id, weight_en in WEIGHTS:
        retrieve.LEXICAL_WEIGHT = {"id": weight_id, "en": weight_en}
        print(f"id={weight_id:<5} en={weight_en:<5} hybrid", hit_at_1(bot, questions, "hybrid"))
    print("bm25 alone", hit_at_1(bot, questions, "bm25"), " dense alone", hit_at_1(bot, questions, "dense"))


if __name__ == "__main__":
    main()
