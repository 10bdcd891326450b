"""The LangChain Runnable unwraps ``Assistant.stream``'s typed events into LangChain's usual shape
(text pieces, then the ``Answer``), tested with a fake assistant (no model, no index)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assistant import Answer, Finished, StreamEvent, TextDelta
from assistant.langchain_adapters import answer_runnable

ANSWER = Answer("Kapan?", "Pada 2016 [6.1]", "id", (), (), False, "fake")


class FakeBot:
    """Yields two text pieces and the answer; records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, Any]] = []

    def stream(self, question: str, history: Any = None) -> Iterator[StreamEvent]:
        self.asked.append((question, history))
        yield TextDelta("Pada 2016 ")
        yield TextDelta("[6.1]")
        yield Finished(ANSWER)

    def ask(self, question: str, history: Any = None) -> Answer:
        return next(e.answer for e in self.stream(question, history) if isinstance(e, Finished))


def test_runnable_stream_yields_text_pieces_then_the_answer():
    bot = FakeBot()
    history = [{"role": "user", "content": "Halo"}]
    assert list(answer_runnable(bot).stream({"question": "Kapan?", "history": history})) == [
        "Pada 2016 ", "[6.1]", ANSWER,
    ]
    assert bot.asked == [("Kapan?", history)]


def test_runnable_invoke_and_batch_return_answers():
    bot = FakeBot()
    runnable = answer_runnable(bot)
    assert runnable.invoke("Kapan?") == ANSWER
    assert runnable.batch(["Kapan?", {"question": "Lagi?"}]) == [ANSWER, ANSWER]
    assert sorted(q for q, _ in bot.asked) == ["Kapan?", "Kapan?", "Lagi?"]
