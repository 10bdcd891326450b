"""The web chat: a thin Gradio 6 app over ``assistant.Assistant``.

``build_app`` wires the page (header, chat, examples, export, feedback); ``launch`` starts it with
the offline, private defaults; ``serve`` is what ``thesis-chat serve`` runs. No retrieval or answer
logic lives here: the Assistant answers, ``ui.format`` renders, ``ui.feedback`` stores.
"""

from __future__ import annotations

import logging
import os

# Privacy and offline defaults must be in place before gradio is imported.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.core.errors import (
    AssistantError,
    ConfigError,
    EmbedderMismatchError,
    IndexCorruptError,
    IndexMissingError,
)
from assistant.core.settings import Settings
from assistant.core.types import Answer, Finished, TextDelta
from ui import feedback
from ui.format import (
    Exchange,
    error_text,
    export_markdown,
    format_answer,
    format_error,
    format_header,
    format_sources,
    format_streaming,
    guess_language,
    md_safe,
    sources_title,
)
from ui.documents import (
    example_questions,
    load_documents,
    outline_items,
    panel_html,
    progress_html,
)
from ui.guard import GuardPolicy, HttpGuard
from ui.ingest_worker import IngestWorker
from ui.panel import build_panel, outline_samples

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 4  # answers computed at once; the rest wait in the queue with their position shown
QUEUE_MAX_SIZE = 64
CACHE_SWEEP_SECONDS = 3600  # Gradio's cached copies (exports, uploads) older than this are deleted hourly
LOCAL_HOSTS = ("127.0.0.1",)
SHOWN_QUESTION_CHARS = 300  # a pasted essay is shown shortened in its bubble (the Assistant gets it whole)

EXAMPLE_GROUPS = {"Bahasa Indonesia": "id", "English": "en"}  # example questions come from the loaded documents
REFRESH_SECONDS = 1.0  # how often an open page polls the background ingest

SEARCHING = {"id": "Mencari di tesis…", "en": "Searching the thesis…"}
ALL_DOCUMENTS = "All documents · Semua dokumen"  # the document selector's "no limit" choice
PLACEHOLDER = (
    "<b>Ask about the thesis · Tanyakan tentang tesis</b><br>"
    'Answers quote the thesis and cite its sections, like <span class="cite">[6.1]</span>.<br>'
    "<i>Jawaban mengutip tesis dan menyebut bagiannya.</i>"
)

CSS = """
.ta-header { padding: 4px 2px 2px; }
.ta-title { font-size: 1.5rem; font-weight: 700; letter-spacing: -0.01em; }
.ta-sep { color: var(--body-text-color-subdued); font-weight: 400; }
.ta-intro { margin: 4px 0 10px; color: var(--body-text-color); line-height: 1.45; }
.ta-intro-id { color: var(--body-text-color-subdued); font-style: italic; }
.ta-doc-row { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; margin: 3px 0; font-size: 0.92rem; }
.ta-k { text-transform: uppercase; font-size: 0.72rem; letter-spacing: 0.05em; color: var(--body-text-color-subdued); }
.ta-v { margin-right: 14px; }
.ta-v code { font-size: 0.8rem; }
.cite { display: inline-block; padding: 0 5px; margin: 0 1px; border-radius: 6px; font-size: 0.85em; font-weight: 600;
        background: var(--color-accent-soft); color: var(--color-accent); white-space: nowrap; }
.ta-badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 0.8rem; font-weight: 700; }
.ta-badge-refusal { background: #fff4e5; color: #9a4d00; border: 1px solid #f5c27a; }
.ta-badge-error { background: #fdecec; color: #a11d1d; border: 1px solid #f2a7a7; }
.ta-note { display: block; font-size: 0.82rem; color: var(--body-text-color-subdued); font-style: italic; }
.ta-hint { font-size: 0.85rem; color: var(--body-text-color-subdued); margin: 0 0 6px; }
.ta-source { border-left: 3px solid var(--color-accent); padding: 4px 0 4px 10px; margin: 6px 0 10px; }
.ta-source-head { display: flex; flex-wrap: wrap; gap: 10px; align-items: baseline; margin-bottom: 3px; }
.ta-section { font-weight: 700; }
.ta-score { font-size: 0.8rem; font-family: var(--font-mono); color: var(--body-text-color-subdued); }
.ta-doc { font-size: 0.75rem; color: var(--body-text-color-subdued); }
.ta-passage { font-size: 0.9rem; line-height: 1.5; }
.ta-passage mark { background: #fff0a0; color: #1f2937; font: inherit; padding: 0 1px; border-radius: 2px; }
.ta-examples-label { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.05em;
                     color: var(--body-text-color-subdued); margin: 2px 0 -4px; }
.ta-example button, button.ta-example { font-weight: 400 !important; text-align: left !important; }
.ta-footer { font-size: 0.78rem; color: var(--body-text-color-subdued); }
.ta-panel-title { font-size: 1.1rem; font-weight: 700; margin: 2px 0 4px; }
.ta-doc-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 0 0 8px; }
.ta-doc-title { font-weight: 700; line-height: 1.3; }
.ta-doc-file code { font-size: 0.75rem; }
.ta-fact, .ta-doc-counts { font-size: 0.85rem; color: var(--body-text-color-subdued); }
#ta-outline .gallery, .ta-examples .gallery { flex-direction: column; flex-wrap: nowrap; gap: 4px; }
#ta-outline .gallery-item { width: 100%; text-align: left; white-space: pre-wrap; font-size: 0.85rem; border: none; }
#ta-outline .gallery-item:hover { background: var(--color-accent-soft); }
.ta-examples .gallery-item { width: 100%; text-align: left; font-size: 0.9rem; }
.ta-progress { margin: 4px 0; font-size: 0.88rem; }
.ta-progress progress { width: 100%; height: 10px; accent-color: var(--color-accent); }
.ta-done { color: #176f2c; }
.ta-failed, .ta-refused { color: #a11d1d; }
.ta-refused, .ta-stored, .ta-duplicate, .ta-conflict { font-size: 0.88rem; margin: 2px 0; }
.ta-conflict { color: #9a4d00; }
a.ta-open { font-size: 0.75rem; }
"""


def theme() -> gr.themes.Base:
    """The page theme: Gradio's default with a calm accent and bundled (offline) fonts."""
    # Gradio's bundled Source Sans Pro SemiBold holds only a few glyphs: declare 400 and 700 instead,
    # so bold text never falls back to another font letter by letter.
    sans = [gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "system-ui", "sans-serif"]
    return gr.themes.Default(primary_hue="teal", secondary_hue="amber", neutral_hue="slate", font=sans)


class BotHolder:
    """Holds the Assistant; re-creates it lazily when creating it failed (e.g. no index yet)."""

    def __init__(self, source: Any) -> None:
        if hasattr(source, "stream") and hasattr(source, "info"):
            self._bot, self._factory = source, None
        else:
            self._bot, self._factory = None, source
        self._lock = threading.Lock()
        self.problem: AssistantError | None = None

    def get(self) -> Any:
        """The Assistant, created on first use; raises the AssistantError that prevents it."""
        with self._lock:
            if self._bot is None:
                try:
                    self._bot = self._factory()
                except AssistantError as exc:
                    self.problem = exc
                    raise
                self.problem = None
            return self._bot

    def forget(self) -> None:
        """Drop the Assistant so the next question builds a fresh one (after an index error)."""
        if self._factory is not None:
            with self._lock:
                self._bot = None


def render(exchanges: list[Exchange]) -> tuple[list[dict[str, Any]], list[int]]:
    """Chat messages for a conversation, and for each message the index of its exchange."""
    messages: list[dict[str, Any]] = []
    owners: list[int] = []
    for number, exchange in enumerate(exchanges):
        for message in exchange_messages(exchange):
            messages.append(message)
            owners.append(number)
    return messages, owners


def user_message(question: str) -> dict[str, Any]:
    """The user's bubble (escaped; very long questions shortened for display only)."""
    shown = (
        question
        if len(question) <= SHOWN_QUESTION_CHARS
        else (question[:SHOWN_QUESTION_CHARS] + f"… ({len(question):,} characters)")
    )
    return {"role": "user", "content": md_safe(shown)}


def exchange_messages(exchange: Exchange) -> list[dict[str, Any]]:
    """The messages of one exchange: question, answer (or error), and the Sources block."""
    messages = [user_message(exchange.question)]
    if exchange.answer is not None:
        answer = exchange.answer
        messages.append({"role": "assistant", "content": format_answer(answer)})
        if answer.sources:
            messages.append(
                {
                    "role": "assistant",
                    "content": format_sources(answer),
                    "metadata": {"title": sources_title(answer), "log": answer.generator},
                }
            )
    elif exchange.error is not None:
        messages.append({"role": "assistant", "content": exchange.error_html or exchange.error})
    return messages


def history_of(exchanges: list[Exchange]) -> list[dict[str, str]]:
    """The conversation as the Assistant takes it (answered exchanges only, plain text)."""
    history: list[dict[str, str]] = []
    for exchange in exchanges:
        if exchange.answer is not None:
            history.append({"role": "user", "content": exchange.question})
            history.append({"role": "assistant", "content": exchange.answer.text})
    return history


def build_app(bot: Any, settings: Settings, *, warm: bool = True) -> gr.Blocks:
    """Build the web chat over an Assistant, or over a zero-argument factory that creates one.

    With a factory, a failure to create the Assistant (no index yet, say) does not stop the app:
    the problem is shown in the chat, and the next question or page load tries again, so the app
    recovers after ``thesis-chat ingest`` without a restart.
    """
    holder = BotHolder(bot)
    votes = feedback.VoteLimiter()
    # Gradio copies every file it serves or receives into its cache: keep that cache inside the data
    # folder, owner-only, instead of a world-readable /tmp/gradio (read when components are created)
    os.environ["GRADIO_TEMP_DIR"] = str(cache_dir(settings))
    if warm:
        try:
            holder.get()
        except AssistantError as exc:
            log.warning("assistant not ready: %s", exc)

    def header_html() -> str:
        try:
            return format_header(holder.get().info())
        except AssistantError as exc:
            return format_header(None, exc)

    def on_load() -> tuple[str, list[dict[str, Any]]]:
        try:
            info = holder.get().info()
        except AssistantError as exc:
            return format_header(None, exc), [{"role": "assistant", "content": format_error(exc)}]
        return format_header(info), []

    def document_names() -> list[str]:
        """The loaded documents' ids (the selector is shown only when there are several)."""
        try:
            return [d.doc_id for d in holder.get().info().documents]
        except Exception:  # noqa: BLE001 - no index yet, or a bot without documents: no selector
            return []

    def on_load_documents() -> Any:
        names = document_names()
        return gr.Dropdown(choices=[ALL_DOCUMENTS, *names], value=ALL_DOCUMENTS, visible=len(names) > 1)

    def respond(question: str, exchanges: list[Exchange], document: str | None = None) -> Iterator[tuple[Any, Any, Any]]:
        question = question or ""
        limit = {"document": document} if document and document != ALL_DOCUMENTS else {}
        if not question.strip():
            yield gr.skip(), gr.skip(), gr.skip()
            return
        exchanges = list(exchanges or [])
        shown, _ = render(exchanges)
        language = guess_language(question)
        pending = {
            "role": "assistant",
            "content": "",
            "metadata": {"title": SEARCHING[language], "status": "pending"},
        }
        yield [*shown, user_message(question), pending], exchanges, ""
        text = ""
        try:
            bot = holder.get()
            answer: Answer | None = None
            for event in bot.stream(question, history=history_of(exchanges), **limit):
                if isinstance(event, TextDelta):
                    text += event.text
                    partial = {"role": "assistant", "content": format_streaming(text)}
                    yield [*shown, user_message(question), partial], exchanges, ""
                elif isinstance(event, Finished):
                    answer = event.answer
            if answer is None:
                raise AssistantError("the assistant returned no answer; please try again.")
            exchange = Exchange(question, answer=answer)
        except AssistantError as exc:
            if isinstance(exc, (IndexMissingError, IndexCorruptError, EmbedderMismatchError)):
                holder.forget()
            log.info("question refused with an error: %s", exc)
            exchange = Exchange(question, error=error_text(exc), error_html=format_error(exc, language))
        except Exception as exc:  # never let a traceback reach the page
            log.exception("unexpected error while answering %r", question[:80])
            exchange = Exchange(question, error=error_text(exc), error_html=format_error(exc, language))
        exchanges.append(exchange)
        yield render(exchanges)[0], exchanges, ""

    def on_like(exchanges: list[Exchange], data: gr.LikeData, request: gr.Request) -> None:
        if not votes.allow(getattr(request, "session_hash", None) or "?"):
            log.info("vote refused: over the per-session or per-minute limit")
            return
        vote = {True: "up", False: "down", "Like": "up", "Dislike": "down"}.get(data.liked)  # type: ignore[arg-type]
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        _, owners = render(exchanges or [])
        if vote is None or not isinstance(index, int) or not 0 <= index < len(owners):
            return
        exchange = exchanges[owners[index]]
        if exchange.answer is None:
            return
        feedback.record_vote(settings.data_dir, exchange.question, exchange.answer, vote)
        language = exchange.answer.language
        gr.Info("Terima kasih, masukan disimpan." if language == "id" else "Thanks, your feedback was saved.")

    def on_export(exchanges: list[Exchange]) -> Any:
        if not exchanges:
            gr.Info("Nothing to export yet · Belum ada percakapan.")
            return gr.File(value=None, visible=False)
        path = feedback.write_export(settings.data_dir, export_markdown(exchanges))
        return gr.File(value=str(path), visible=True)

    def on_new_chat() -> tuple[list[Any], list[Exchange], str, Any]:
        return [], [], "", gr.File(value=None, visible=False)

    worker = IngestWorker(settings)
    enabled = uploads_enabled(settings)
    documents = load_documents(settings)

    def refresh(seen: int, shown_progress: str) -> tuple[Any, ...]:
        """Every second: the progress bar; and after an ingest finished, everything that shows documents."""
        status = worker.status()
        progress = progress_html(status)
        bar = progress if progress != shown_progress else gr.skip()
        if status.version == seen:
            return (bar, progress, *(gr.skip(),) * 8)
        docs = load_documents(settings)
        names = [d.doc_id for d in docs]
        examples = example_questions(docs)
        return (
            bar,
            progress,
            status.version,
            header_html(),
            gr.Dropdown(choices=[ALL_DOCUMENTS, *names], value=ALL_DOCUMENTS, visible=len(names) > 1),
            panel_html(docs),
            gr.Dataset(samples=outline_samples(docs) or [["–"]]),
            *(gr.Dataset(samples=[[q] for q in examples[group]] or [["–"]]) for group in EXAMPLE_GROUPS),
            gr.Dropdown(choices=names, value=None),
        )

    def ask_outline(sample: list[str] | None, exchanges: list[Exchange]) -> Iterator[Any]:
        """A click on an outline line asks for that section's overview, limited to its document."""
        label = (sample or [""])[0]
        item = next((i for i in outline_items(load_documents(settings)) if i.label == label), None)
        if item is None:
            yield gr.skip(), gr.skip(), gr.skip()
            return
        yield from respond(item.question, exchanges, item.doc_id)

    def ask_example(sample: list[str] | None, exchanges: list[Exchange], document: str | None) -> Iterator[Any]:
        question = (sample or [""])[0]
        if not question or question == "–":
            yield gr.skip(), gr.skip(), gr.skip()
            return
        yield from respond(question, exchanges, document)

    with gr.Blocks(title="Thesis Assistant · Asisten Tesis", analytics_enabled=False,
                   delete_cache=(CACHE_SWEEP_SECONDS, CACHE_SWEEP_SECONDS)) as app:
        exchanges_state = gr.State([])
        document_state = gr.State(None)  # a State, so the "ask" API keeps its one input
        seen_version = gr.State(worker.status().version)
        shown_progress = gr.State("")
        header = gr.HTML(header_html(), elem_id="ta-header")
        with gr.Row(elem_id="ta-main"):
            with gr.Column(scale=3, min_width=520):
                names = document_names()
                document_picker = gr.Dropdown(
                    choices=[ALL_DOCUMENTS, *names],
                    value=ALL_DOCUMENTS,
                    label="Answer from · Jawab dari",
                    visible=len(names) > 1,
                    interactive=True,
                    elem_id="ta-document",
                )
                document_picker.change(lambda value: value, document_picker, document_state, concurrency_limit=None,
                                       api_name=False)
                chatbot = gr.Chatbot(
                    value=[],
                    elem_id="ta-chat",
                    show_label=False,
                    height="64vh",
                    min_height=420,
                    layout="bubble",
                    placeholder=PLACEHOLDER,
                    sanitize_html=True,
                    render_markdown=True,
                    latex_delimiters=[],  # a thesis quote shows its $ signs, never a formula
                    feedback_options=("Like", "Dislike"),
                    buttons=["copy"],
                    group_consecutive_messages=True,
                )
                textbox = gr.Textbox(
                    elem_id="ta-question",
                    show_label=False,
                    placeholder="Tulis pertanyaan… · Type a question…",
                    submit_btn=True,
                    lines=1,
                    max_lines=6,
                    autofocus=True,
                )
                with gr.Row(elem_id="ta-actions"):
                    new_chat = gr.Button("New chat · Percakapan baru", size="sm", elem_id="ta-new", scale=0,
                                         min_width=200)
                    export = gr.Button("Export (Markdown) · Ekspor", size="sm", elem_id="ta-export", scale=0,
                                       min_width=200)
                export_file = gr.File(label="Conversation (Markdown)", visible=False, interactive=False,
                                      elem_id="ta-file")
                examples = example_questions(documents)
                example_sets = []
                with gr.Row(equal_height=True):
                    for group in EXAMPLE_GROUPS:
                        with gr.Column(scale=1, min_width=240):
                            example_sets.append(gr.Dataset(
                                components=[gr.Textbox(visible=False)],
                                samples=[[q] for q in examples[group]] or [["–"]],
                                label=group,
                                type="values",
                                elem_id=f"ta-examples-{EXAMPLE_GROUPS[group]}",
                                elem_classes=["ta-examples"],
                            ))
            with gr.Column(scale=2, min_width=320, elem_id="ta-panel"):
                panel = build_panel(settings, worker, enabled, documents)
        gr.HTML(
            '<div class="ta-footer">Runs on this machine; no question leaves it unless an LLM server is configured. '
            "Thumbs up/down votes are kept locally for evaluation.</div>"
        )
        timer = gr.Timer(REFRESH_SECONDS)
        timer.tick(
            refresh,
            [seen_version, shown_progress],
            [panel.progress, shown_progress, seen_version, header, document_picker, panel.docs, panel.outline,
             *example_sets, panel.remove_choice],
            concurrency_limit=None,
            show_progress="hidden",
            api_name=False,
        )
        for example_set in example_sets:
            example_set.click(
                ask_example,
                [example_set, exchanges_state, document_state],
                [chatbot, exchanges_state, textbox],
                concurrency_id="answer",
                api_name=False,
            ).then(header_html, None, header, concurrency_limit=None, api_name=False)
        panel.outline.click(
            ask_outline,
            [panel.outline, exchanges_state],
            [chatbot, exchanges_state, textbox],
            concurrency_id="answer",
            api_name=False,
        )
        status_json = gr.JSON(visible=False)
        status_button = gr.Button(visible=False)
        status_button.click(lambda: ingest_record(worker), None, status_json, concurrency_limit=None,
                            api_name="ingest_status")

        textbox.submit(
            respond,
            [textbox, exchanges_state, document_state],
            [chatbot, exchanges_state, textbox],
            concurrency_id="answer",
            api_name="ask",
        ).then(header_html, None, header, concurrency_limit=None, api_name=False)
        chatbot.like(on_like, [exchanges_state], None, concurrency_limit=None, api_name=False)
        export.click(on_export, [exchanges_state], [export_file], concurrency_limit=None, api_name="export")
        new_chat.click(
            on_new_chat,
            None,
            [chatbot, exchanges_state, textbox, export_file],
            concurrency_limit=None,
            api_name="new_chat",
        )
        # the chat's own trash button clears the display; forget the conversation with it
        chatbot.clear(
            lambda: ([], "", gr.File(value=None, visible=False)),
            None,
            [exchanges_state, textbox, export_file],
            concurrency_limit=None,
            api_name=False,
        )
        app.load(on_load, None, [header, chatbot], concurrency_limit=None, api_name="status")
        app.load(on_load_documents, None, [document_picker], concurrency_limit=None, api_name=False)
    app.worker = worker  # type: ignore[attr-defined]  # for tests
    app.holder = holder  # type: ignore[attr-defined]  # for tests and serve()
    return app


def ingest_record(worker: IngestWorker) -> dict[str, Any]:
    """The background ingest's state as plain JSON (the ``ingest_status`` API, for gradio_client)."""
    status = worker.status()
    return {
        "state": status.state,
        "busy": status.busy,
        "version": status.version,
        "files": list(status.files),
        "pages": status.pages,
        "chunks_done": status.chunks_done,
        "chunks_total": status.chunks_total,
        "seconds_left": status.seconds_left,
        "message": status.message,
        "problems": list(status.problems),
    }


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """("user", "pass") from "user:pass"; None when unset."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("THESIS_AUTH must look like user:password (both parts non-empty).")
    return user, password


def concurrency_limit() -> int:
    """How many answers run at once (GRADIO_DEFAULT_CONCURRENCY_LIMIT, default 4)."""
    raw = os.environ.get("GRADIO_DEFAULT_CONCURRENCY_LIMIT", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_CONCURRENCY


def cache_dir(settings: Settings) -> Path:
    """Gradio's file cache for this app: ``<data_dir>/gradio``, owner-only."""
    feedback.private_dir(Path(settings.data_dir))
    return feedback.private_dir(Path(settings.data_dir) / "gradio").resolve()


def uploads_enabled(settings: Settings) -> bool:
    """Uploads are offered when only this machine can reach the chat, or a login guards it."""
    return settings.host in LOCAL_HOSTS or bool(settings.auth)


def guard_policy(settings: Settings) -> GuardPolicy:
    """The HTTP guard's rules for these settings."""
    return GuardPolicy(
        uploads_enabled=uploads_enabled(settings),
        max_upload_bytes=settings.max_upload_mb * 2**20,
        corpus_dir=Path(settings.corpus_dir),
    )


def launch(app: gr.Blocks, settings: Settings, *, block: bool = True, quiet: bool = False) -> Any:
    """Start the app on ``settings.host:settings.port`` with the queue, theme, privacy defaults and
    the HTTP guard (``ui.guard``) in front of Gradio."""
    from starlette.middleware import Middleware

    app.queue(default_concurrency_limit=concurrency_limit(), max_size=QUEUE_MAX_SIZE)
    return app.launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=parse_auth(settings.auth),
        share=False,
        inbrowser=False,
        show_error=False,
        ssr_mode=False,
        run_history=False,
        footer_links=["api", "settings"],
        max_file_size=settings.max_upload_mb * 2**20,
        app_kwargs={"middleware": [Middleware(HttpGuard, policy=guard_policy(settings))]},
        prevent_thread_lock=not block,
        quiet=quiet,
        theme=theme(),
        css=CSS,
    )


def close(app: gr.Blocks) -> None:
    """Stop an app started with ``launch(..., block=False)`` and free its port.

    Gradio's ``Blocks.close`` sets the server's asyncio stop event from the calling thread while the
    server's own loop may be adding or dropping waiters on it (a browser tab's heartbeat stream that
    just ended), which fails now and then with "deque mutated during iteration". Setting the event on
    its own loop first makes Gradio's set a no-op."""
    event = getattr(getattr(app, "app", None), "stop_event", None)
    loop = getattr(event, "_loop", None)  # bound by asyncio when the first waiter awaited it
    if event is not None and loop is not None and loop.is_running():
        done = threading.Event()

        def set_on_loop() -> None:
            event.set()
            done.set()

        try:
            loop.call_soon_threadsafe(set_on_loop)
            done.wait(timeout=2)
        except RuntimeError:  # the loop closed in between: nothing waits on the event any more
            pass
    app.close()


def serve(settings: Settings) -> int:
    """Build and launch the web chat for ``thesis-chat serve`` (blocks until interrupted)."""
    from assistant.assistant import Assistant

    start = time.perf_counter()
    os.umask(0o077)  # everything this server writes (feedback, exports, uploads, cache) is owner-only
    app = build_app(lambda: Assistant(settings), settings)
    problem = app.holder.problem  # type: ignore[attr-defined]
    if problem is not None:
        print(f"warning: {problem} (the chat shows this until it is fixed; no restart needed)", flush=True)
    try:
        launch(app, settings, block=False, quiet=True)
        print(
            f"Thesis chat ready on http://{settings.host}:{settings.port} in {time.perf_counter() - start:.1f} s "
            "(Ctrl-C to stop)",
            flush=True,
        )
        app.block_thread()
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
    return 0


def main() -> None:
    """``python -m ui.app``: serve with settings from the environment."""
    raise SystemExit(serve(Settings.from_env()))


if __name__ == "__main__":
    main()
