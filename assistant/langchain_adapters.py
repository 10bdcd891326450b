"""The assistant in LangChain's own shapes, for people who compose chains: a ``BaseRetriever`` and a
``Runnable`` that answers. Our own types stay plain; LangChain objects are made only here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableConfig, RunnableGenerator, RunnableLambda

from assistant.core.types import Answer, Finished, TextDelta


class ThesisRetriever(BaseRetriever):
    """Hybrid thesis retrieval as a LangChain retriever: Documents with section metadata and scores."""

    retriever: Any
    k: int = 4
    mode: str = "hybrid"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                page_content=p.chunk.text,
                id=p.chunk.chunk_id,
                metadata={**p.chunk.metadata(), "score": p.score, "rank": p.rank},
            )
            for p in self.retriever.search(query, k=self.k, mode=self.mode)
        ]


def answer_runnable(bot: Any) -> RunnableLambda:
    """``Runnable[str | {"question", "history"}, Answer]``; ``.stream`` yields text pieces (``str``, as
    LangChain's string outputs stream), then the ``Answer`` (``Assistant.stream``'s events unwrapped)."""

    def _inputs(value: Any) -> tuple[str, Any]:
        if isinstance(value, str):
            return value, None
        return value["question"], value.get("history")

    def _invoke(value: Any, config: RunnableConfig | None = None) -> Answer:
        question, history = _inputs(value)
        return bot.ask(question, history=history)

    def _stream(values: Iterator[Any]) -> Iterator[str | Answer]:
        for value in values:
            question, history = _inputs(value)
            for event in bot.stream(question, history=history):
                if isinstance(event, TextDelta):
                    yield event.text
                elif isinstance(event, Finished):
                    yield event.answer

    return _AnswerRunnable(_invoke, _stream)


class _AnswerRunnable(RunnableLambda):
    """RunnableLambda for invoke/batch with a real streaming path."""

    def __init__(self, invoke: Any, stream: Any) -> None:
        super().__init__(invoke, name="thesis-answer")
        self._streamer = RunnableGenerator(stream, name="thesis-answer-stream")

    def stream(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Iterator[Any]:  # noqa: A002
        yield from self._streamer.stream(input, config, **kwargs)
