"""Following one ``ask`` enters each stage module once, in the order the README draws:
analysis -> retrieval -> evidence -> decision -> generator -> citations.

The trace records every Python call made while the real assistant answers; calls are mapped to the
stage module that holds the called function, consecutive calls into the same stage are one visit
(a stage may call its own helpers and the core as often as it likes), and no stage may be visited
twice. The core (assistant/core, assistant/index) and the index's data structures (the loaded
index, BM25) are not stages: every stage reads them.
"""

from __future__ import annotations

import sys
import pytest

from conftest import ROOT

from assistant.retrieval import retrieve

STAGES = {
    "assistant/answering/question.py": "analysis",
    "assistant/answering/analysis.py": "analysis",
    "assistant/retrieval/vocabulary.py": "analysis",  # the question's words against the corpus' terms
    "assistant/retrieval/retrieve.py": "retrieval",
    "assistant/answering/evidence.py": "evidence",
    "assistant/answering/spans.py": "evidence",  # the exact span a factoid asks for, inside the evidence
    # the decision stage: its inputs (features, the premise check, the hand rules' verdict), then the
    # fitted model and the correction of a false premise
    "assistant/answering/features.py": "decision",
    "assistant/answering/premise.py": "decision",
    "assistant/answering/refusal.py": "decision",
    "assistant/generators/extractive.py": "generator",
    "assistant/answering/citations.py": "citations",
    "assistant/answering/support.py": "citations",
}


def _trace(bot, question: str, **kwargs) -> list[str]:
    """The stage visits of one ask, in order (consecutive calls into one stage count once)."""
    bot.ask(question, **kwargs)  # warm: caches, lazy imports, the index
    visits: list[str] = []
    files = {str(ROOT / path): stage for path, stage in STAGES.items()}

    def profile(frame, event, arg):  # noqa: ANN001
        if event == "call":
            stage = files.get(frame.f_code.co_filename)
            if stage and (not visits or visits[-1] != stage):
                visits.append(stage)

    sys.setprofile(profile)
    try:
        bot.ask(question, **kwargs)
    finally:
        sys.setprofile(None)
    return visits


@pytest.mark.parametrize("question", [
    "Mengapa kerjasama di bidang pertanian tidak berjalan?",  # why: answered
    "Who was the mayor who signed the agreement?",  # who: a factoid span
    "Berapa jumlah penduduk Kota Bogor pada tahun 2019?",  # not in the thesis: refused
])
@pytest.mark.parametrize("document", [None, "bab-vi-penutup.txt"])
def test_each_stage_is_entered_once_in_order(bot, question, document, monkeypatch):
    # a picked document is analysed with its own vocabulary (retrieve.DOCUMENT_STATISTICS), which the loaded
    # index keeps: reading it enters no stage before the analysis
    monkeypatch.setattr(retrieve, "DOCUMENT_STATISTICS", True)
    visits = _trace(bot, question, document=document)
    assert len(visits) == len(set(visits)), f"a stage is entered twice: {' -> '.join(visits)}"
    order = ["analysis", "retrieval", "evidence", "decision", "generator", "citations"]
    assert visits == [s for s in order if s in visits], " -> ".join(visits)
    assert visits[:4] == order[:4]


def test_the_stage_map_names_real_files():
    for path in STAGES:
        assert (ROOT / path).is_file(), path
    assert set(STAGES.values()) == {"analysis", "retrieval", "evidence", "decision", "generator", "citations"}
