"""Evaluation: a fixed bilingual question set, metrics, baselines and a report writer.

Run it with ``thesis-chat eval --questions evals/questions.jsonl --out eval-report`` or
``python -m evals.runner``; the question rows are :class:`evals.dataset.QuestionRow`.
"""

from evals.dataset import QuestionRow, QuestionSetError, load_questions

__all__ = ["QuestionRow", "QuestionSetError", "load_questions"]
