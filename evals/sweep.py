"""What the retrieval sweeps share (``evals.fit_vocabulary``, ``evals.retrieval_recall``): the dev split's
rows of a question file, the ``--set NAME=v1,v2`` variants, and the index they are measured on."""

from __future__ import annotations

import json
from pathlib import Path


def dev_rows(path: Path) -> list[dict]:
    """Every row of a JSON-lines question file whose ``"split"`` is ``dev`` (test rows are never read)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("split") == "dev"]


def variants(specs: list[str]) -> list[tuple[str, float | None]]:
    """The default ``("", None)`` then one ``(NAME, value)`` per value of each ``NAME=v1,v2``."""
    out: list[tuple[str, float | None]] = [("", None)]
    for spec in specs:
        name, values = spec.split("=", 1)
        out += [(name, float(v)) for v in values.split(",")]
    return out


def load_index():  # -> (Embedder, LoadedIndex); imported late: --help needs no model
    """The embedder and the index of the environment's settings (``THESIS_INDEX_DIR``, ``THESIS_EMBEDDER``)."""
    from assistant.core.settings import Settings
    from assistant.index.embeddings import get_embedder
    from assistant.retrieval.loaded_index import LoadedIndex

    settings = Settings.from_env()
    embedder = get_embedder(settings.embedder)
    return embedder, LoadedIndex.load(settings, embedder)
