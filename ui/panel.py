"""The documents panel of the web chat (Gradio wiring): upload, ingest progress, documents, outline, remove.

The plain parts live in ``ui.uploads`` (checks and storing), ``ui.ingest_worker`` (background ingest)
and ``ui.documents`` (HTML, outline, example questions); this module only builds the components and
connects their events. Uploads are offered only when ``uploads_enabled`` (127.0.0.1, or a login).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.core.errors import CorpusError
from assistant.core.settings import Settings
from ui import uploads
from ui.documents import (
    DocumentView,
    load_documents,
    outline_items,
    panel_html,
    progress_html,
    upload_html,
)
from ui.ingest_worker import IngestWorker

log = logging.getLogger(__name__)

UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md"]
UPLOADS_OFF = ('<p class="ta-hint">Uploads are off: this chat is served on the network without a login '
               "(set THESIS_AUTH=user:password to turn them on).</p>")


@dataclass
class Panel:
    """The panel's components that other parts of the page read or refresh."""

    docs: gr.HTML
    outline: gr.Dataset
    progress: gr.HTML
    remove_choice: gr.Dropdown
    upload: gr.File | None
    upload_result: gr.HTML
    replace_flag: gr.Checkbox
    replace_button: gr.Button
    cancel_button: gr.Button
    remove_button: gr.Button
    confirm_remove: gr.Button
    cancel_remove: gr.Button
    pending: gr.State


def outline_samples(documents: list[DocumentView]) -> list[list[str]]:
    """The outline's lines as Dataset samples."""
    return [[item.label] for item in outline_items(documents)]


def build_panel(settings: Settings, worker: IngestWorker, enabled: bool, documents: list[DocumentView]) -> Panel:
    """Create the panel's components (inside the caller's layout) and wire upload and remove."""
    gr.HTML('<div class="ta-panel-title">Documents · Dokumen</div>')
    pending = gr.State([])
    replace_flag = gr.Checkbox(False, visible=False, label="replace")
    upload: gr.File | None = None
    if enabled:
        upload = gr.File(
            file_count="multiple",
            file_types=UPLOAD_TYPES,
            label=f"Add documents · Tambah dokumen (PDF, DOCX, TXT, MD; up to {settings.max_upload_mb} MB each)",
            elem_id="ta-upload",
            height=120,
        )
    else:
        gr.HTML(UPLOADS_OFF)
    upload_result = gr.HTML("", elem_id="ta-upload-result")
    with gr.Row():
        replace_button = gr.Button("Replace · Ganti", visible=False, size="sm", variant="stop", elem_id="ta-replace")
        cancel_button = gr.Button("Cancel · Batal", visible=False, size="sm", elem_id="ta-replace-cancel")
    progress = gr.HTML(progress_html(worker.status()), elem_id="ta-progress")
    docs = gr.HTML(panel_html(documents), elem_id="ta-docs")
    outline = gr.Dataset(
        components=[gr.Textbox(visible=False)],
        samples=outline_samples(documents) or [["–"]],
        label="Outline · Kerangka (click a section for its overview · klik untuk ringkasan)",
        elem_id="ta-outline",
        samples_per_page=60,
        type="values",
    )
    with gr.Row(equal_height=True):
        remove_choice = gr.Dropdown(
            choices=[d.doc_id for d in documents], value=None, label="Remove a document · Hapus dokumen",
            interactive=True, elem_id="ta-remove-choice", scale=3,
            allow_custom_value=True,  # the API may name a document loaded after this page was built
        )
        remove_button = gr.Button("Remove… · Hapus…", size="sm", elem_id="ta-remove", scale=1, interactive=enabled)
    with gr.Row():
        confirm_remove = gr.Button("Yes, remove it · Ya, hapus", visible=False, size="sm", variant="stop",
                                   elem_id="ta-remove-confirm")
        cancel_remove = gr.Button("Cancel · Batal", visible=False, size="sm", elem_id="ta-remove-cancel")
    panel = Panel(docs, outline, progress, remove_choice, upload, upload_result, replace_flag, replace_button,
                  cancel_button, remove_button, confirm_remove, cancel_remove, pending)
    _wire(panel, settings, worker, enabled)
    return panel


def _wire(panel: Panel, settings: Settings, worker: IngestWorker, enabled: bool) -> None:
    def on_upload(files: list[str] | None, replace: bool | None) -> tuple[Any, ...]:
        """Check and store uploaded files, queue the ingest; name conflicts wait for "Replace"."""
        if not enabled:
            return _upload_reply("<div class=\"ta-refused\">✗ Uploads are off on this server.</div>", [])
        paths = [Path(f if isinstance(f, str) else f.get("path", "")) for f in (files or [])]
        if not paths:
            return (gr.skip(),) * 6
        try:
            outcome = uploads.receive([(p, p.name) for p in paths], settings, replace=bool(replace))
        finally:
            for path in paths:  # Gradio's cached copy: the checked one is in the corpus or refused
                path.unlink(missing_ok=True)
        if outcome.stored:
            worker.request(tuple(c.name for c in outcome.stored), sum(c.pages for c in outcome.stored))
        return _upload_reply(upload_html(outcome), list(outcome.conflicts), worker)

    def on_replace(pending: list[uploads.Checked]) -> tuple[Any, ...]:
        """The user confirmed: store the waiting files over the loaded ones of the same name."""
        corpus = Path(settings.corpus_dir)
        for checked in pending or []:
            uploads.store(checked, corpus)
        outcome = uploads.Outcome(stored=tuple(pending or ()), replaced=tuple(c.name for c in pending or ()))
        if pending:
            worker.request(tuple(c.name for c in pending), sum(c.pages for c in pending))
        return _upload_reply(upload_html(outcome), [], worker)

    def on_cancel(pending: list[uploads.Checked]) -> tuple[Any, ...]:
        for checked in pending or []:
            uploads.discard(checked)
        return _upload_reply('<div class="ta-hint">Nothing replaced · Tidak ada yang diganti.</div>', [])

    outputs = [panel.upload_result, panel.replace_button, panel.cancel_button, panel.pending, panel.progress]
    if panel.upload is not None:
        panel.upload.upload(
            lambda files, replace: (*on_upload(files, replace)[:5], gr.File(value=None)),
            [panel.upload, panel.replace_flag],
            [*outputs, panel.upload],
            concurrency_id="upload",
            concurrency_limit=1,
            api_name="upload",
            show_progress="minimal",
        )
    panel.replace_button.click(lambda pending: on_replace(pending)[:5], [panel.pending], outputs,
                               concurrency_id="upload", api_name=False)
    panel.cancel_button.click(lambda pending: on_cancel(pending)[:5], [panel.pending], outputs,
                              concurrency_limit=None, api_name=False)

    def ask_remove(doc_id: str | None) -> tuple[Any, ...]:
        if not doc_id:
            return gr.skip(), gr.skip(), '<div class="ta-hint">Choose a document first · Pilih dokumen.</div>'
        return (gr.Button(visible=True, value=f"Yes, remove {doc_id} · Ya, hapus"), gr.Button(visible=True),
                f'<div class="ta-conflict">⚠ Remove {_esc(doc_id)}? Its answers will be gone · Jawabannya akan hilang.'
                "</div>")

    def do_remove(doc_id: str | None) -> tuple[Any, ...]:
        hidden = (gr.Button(visible=False), gr.Button(visible=False))
        if not doc_id or not enabled:
            return (*hidden, gr.skip(), gr.skip())
        if len(load_documents(settings)) <= 1:
            return (*hidden, '<div class="ta-refused">✗ The last document cannot be removed: add another one '
                             "first · Dokumen terakhir tidak dapat dihapus.</div>", gr.skip())
        try:
            worker.remove(doc_id)
        except CorpusError as exc:
            return (*hidden, f'<div class="ta-refused">✗ {_esc(str(exc))}</div>', gr.skip())
        return (*hidden, f'<div class="ta-stored">✓ {_esc(doc_id)} removed: re-indexing · sedang diproses</div>',
                progress_html(worker.status()))

    panel.remove_button.click(ask_remove, [panel.remove_choice],
                              [panel.confirm_remove, panel.cancel_remove, panel.upload_result],
                              concurrency_limit=None, api_name=False)
    panel.confirm_remove.click(do_remove, [panel.remove_choice],
                               [panel.confirm_remove, panel.cancel_remove, panel.upload_result, panel.progress],
                               concurrency_id="upload", api_name="remove_document")
    panel.cancel_remove.click(lambda: (gr.Button(visible=False), gr.Button(visible=False), ""), None,
                              [panel.confirm_remove, panel.cancel_remove, panel.upload_result],
                              concurrency_limit=None, api_name=False)


def _upload_reply(message: str, conflicts: list[uploads.Checked], worker: IngestWorker | None = None) -> tuple[Any, ...]:
    waiting = bool(conflicts)
    progress = progress_html(worker.status()) if worker is not None else gr.skip()
    return message, gr.Button(visible=waiting), gr.Button(visible=waiting), conflicts, progress, gr.skip()


def _esc(text: str) -> str:
    import html

    return html.escape(text)
