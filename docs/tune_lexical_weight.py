"""Retrieval hit@1 per language for several lexical weights, and BM25 alone (how the tuning's
``lexical_weight`` was chosen; the values in force live in assistant/answering/tuning/<embedder>.json).

Run after `thesis-chat ingest`:  .venv/bin/python docs/tune_lexical_weight.py
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant import Assistant, Settings
from assistant.answering.tuning import tuning_for

QUESTIONS = Path(__file__).resolve().parent.parent / "evals" / "questions.jsonl"
WEIGHTS = [(0.15, 0.03), (0.15, 0.06), (0.15, 0.10), (0.15, 0.15), (0.06, 0.03), (0.08, 0.05), (0.1, 0.06), (0.12, 0.08), (0.15, 0.1), (0.2, 0.15), (0.3, 0.2)]


def hit_at_1(bot: Assistant, questions: list[dict], mode: str) -> dict[str, float]:
    """Share of questions per language whose first passage is from an expected section."""
    hits: dict[str, list[int]] = {"id": [], "en": []}
    for q in questions:
        found = bot.retriever.search(q["question"], 4, mode=mode, language=q["language"])
        hits[q["language"]].append(bool(found) and found[0].chunk.section_id in q["expected_sections"])
    return {language: round(sum(h) / len(h), 3) for language, h in hits.items()}


def main() -> None:
    bot = Assistant(Settings.from_env(generator="extractive"))
    questions = [q for q in map(json.loads, QUESTIONS.read_text().splitlines()) if q["answerable"]]
    weights = tuning_for(bot.embedder.id).lexical_weight  # the dict the retriever reads at each search
    fitted = dict(weights)
    for weight_id, weight_en in WEIGHTS:
        weights.update({"id": weight_id, "en": weight_en})
        print(f"id={weight_id:<5} en={weight_en:<5} hybrid", hit_at_1(bot, questions, "hybrid"))
    weights.clear()
    weights.update(fitted)
    print("bm25 alone", hit_at_1(bot, questions, "bm25"), " dense alone", hit_at_1(bot, questions, "dense"))


if __name__ == "__main__":
    main()
