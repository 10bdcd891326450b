"""How well the question's words reach the corpus, measured on the collection's dev split: the
retrieval stage alone (no answering), per language, so that the vocabulary's parameters
(``assistant.retrieval.vocabulary``: cognate thresholds, arbitration margin, the spelling match that makes
a corpus term another English word's loan, ``FALSE_FRIEND_MATCH``; ``assistant.retrieval.abstract_lexicon``:
the scores an abstracts' word pair must reach, ``LEXICON_MIN``, ``ALIGN_MIN``) are chosen on data.

    THESIS_INDEX_DIR=<index of evals/collection> python -m evals.fit_vocabulary evals/collection.jsonl \
        [--set COGNATE_MIN=0.86,0.88] [--show]

Per language it prints section hit@1 and hit@3 of the retrieved passages, and "reach": the share of
the question's judged words (English ones through their translations) found in an expected
section's text. ``--set NAME=v1,v2`` evaluates each value of a module constant of ``vocabulary`` or ``retrieve``
(or ``abstract_lexicon``) in turn, or of ``lexical_weight.<language>`` (the tuning's BM25 weight); values stay set for the
``--set`` after it, so two of them try combinations (the index is loaded once). Only rows with ``"split": "dev"`` are read.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

from evals.sweep import dev_rows, load_index, variants


def _rows(path: Path) -> list[dict]:
    return [r for r in dev_rows(path) if r.get("answerable") and r.get("expected_sections")]


def measure(retriever, rows: list[dict], show: bool = False) -> dict[str, float]:  # a Retriever
    """hit@1, hit@3 and reach per language over ``rows``."""
    from assistant.answering.analysis import analyse
    from assistant.core.text import index_terms
    from assistant.core.types import Turn

    index = retriever.index
    doc_of = {c.doc_id: c.doc_id for c in index.chunks}
    by_language: dict[str, dict[str, list[float]]] = {}
    for row in rows:
        history = tuple(Turn(t["role"], t["content"]) for t in row.get("history") or ())
        document = next((d for d in doc_of if d.rsplit("/", 1)[-1] == row["doc"]), None)
        if row.get("doc") and document is None:
            continue  # a document the index does not hold (yet)
        started = time.perf_counter()
        analysis = analyse(row["question"], history, retriever.vocabulary_for(document), row["language"])
        took = time.perf_counter() - started
        result = retriever.retrieve(analysis, k=3, document=document)
        sections = [p.chunk.section_id for p in result.passages]
        expected = set(row["expected_sections"])
        text: set[str] = set()
        for chunk in index.chunks:
            if chunk.section_id in expected and (document is None or chunk.doc_id == document):
                text.update(index_terms(chunk.text))
        judged = [t for t in analysis.terms if t.own and t.judged]
        reached = [t for t in judged if t.forms & text]
        stats = by_language.setdefault(row["language"], {"hit@1": [], "hit@3": [], "reach": [], "coverage": [],
                                                          "analyse_ms": []})
        stats["analyse_ms"].append(1000 * took)
        stats["hit@1"].append(float(bool(sections) and sections[0] in expected))
        stats["hit@3"].append(float(bool(expected & set(sections))))
        stats["coverage"].append(analysis.coverage)
        if judged:
            stats["reach"].append(len(reached) / len(judged))
        if show and row["language"] == "en":
            missing = [t.word for t in judged if t not in reached]
            print(f"{row['id']:9s} hit={sections[:1] == [s for s in sections[:1] if s in expected]!s:5s} "
                  f"cov={analysis.coverage:.2f} missing={missing} "
                  f"tr={ {t.word: t.translations for t in judged if t.translations} }")
    return {f"{name}.{language}": round(statistics.mean(values), 4)
            for language, stats in sorted(by_language.items()) for name, values in stats.items() if values}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--set", action="append", default=[], help="NAME=v1,v2: a vocabulary constant to vary")
    parser.add_argument("--show", action="store_true", help="print each English question's words")
    parser.add_argument("--language", choices=("id", "en"), help="only the questions in this language")
    args = parser.parse_args(argv)

    from assistant.retrieval import abstract_lexicon, retrieve, vocabulary
    from assistant.retrieval.retrieve import Retriever

    embedder, index = load_index()
    rows = [r for r in _rows(args.questions) if not args.language or r["language"] == args.language]
    words = None  # the vocabulary, kept while only retrieval values vary (its word vectors cost most)
    for name, value in variants(args.set):
        if name.startswith("lexical_weight."):  # the tuning's BM25 weight in fusion, for one language
            tuned = retrieve.tuning_for(embedder.id)
            varied = dataclasses.replace(tuned, lexical_weight={**tuned.lexical_weight, name.split(".", 1)[1]: value})
            retrieve.tuning_for = lambda _id, varied=varied: varied
        elif name:
            module = (abstract_lexicon if hasattr(abstract_lexicon, name) else
                      retrieve if hasattr(retrieve, name) and not hasattr(vocabulary, name) else vocabulary)
            setattr(module, name, value)
        if words is not None and (hasattr(vocabulary, name) or hasattr(abstract_lexicon, name)):
            index.forget_vocabularies()  # the index keeps them (the corpus' and each picked document's): their
            # cached decisions were taken under the previous value; otherwise they still hold
        retriever = Retriever(index, embedder)
        words = retriever.vocabulary
        result = measure(retriever, rows, show=args.show and not name)
        print(json.dumps({"set": f"{name}={value}" if name else "default", **result}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
