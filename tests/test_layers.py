"""The architecture the README draws, checked on the imports (every import, lazy ones included):

    doors (ui/ with the CLI, evals/, bench/)  ->  write path (ingest/) | read path (assistant/)  ->  core

The write path and the read path share only the core (value types, errors, settings, the language
primitives, the embedder and the index format); neither imports the other, nor any door; the core
imports nothing of ours above it; and no module is part of an import cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGES = ("assistant", "ingest", "ui", "evals", "bench")
# The shared core (assistant/core: values, errors, settings, language primitives; assistant/index: the
# embedder and the index format): what both paths may import. The rest of assistant/ is the read path.
CORE = ("assistant.core", "assistant.index")
DOORS = ("ui", "evals", "bench")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports, at any depth of its code (function-level imports too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            submodules = {f"{module}.{alias.name}" for alias in node.names} & MODULES.keys()
            targets.update(submodules)
            if len(submodules) < len(node.names):  # names defined in the module itself
                targets.add(module)
    resolved = set()
    for target in targets:
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name:
            resolved.add(target)
    return resolved


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> str:
    if name in DOORS or name.startswith(tuple(d + "." for d in DOORS)):
        return "door"
    if name.startswith("ingest"):
        return "write"
    if name in CORE or name.startswith(tuple(c + "." for c in CORE)):
        return "core"
    if name == "assistant":  # the package's public face re-exports the API
        return "door"
    return "read"


ALLOWED = {"core": {"core"}, "write": {"write", "core"}, "read": {"read", "core"}, "door": {"door", "read", "write", "core"}}


def test_every_import_goes_down_the_layers():
    wrong = sorted(
        f"{name} ({_layer(name)}) imports {target} ({_layer(target)})"
        for name, targets in GRAPH.items()
        for target in targets
        if _layer(target) not in ALLOWED[_layer(name)]
    )
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    assert not cycles, "\n".join(" <-> ".join(c) for c in cycles)


def test_the_layers_name_real_modules():
    layers = {name: _layer(name) for name in MODULES}
    assert {"assistant.core.errors", "assistant.core.types", "assistant.core.settings", "assistant.core.text",
            "assistant.core.sentences", "assistant.index.embeddings", "assistant.index.store"} <= {
        n for n, layer in layers.items() if layer == "core"}
    assert layers["ui.cli"] == layers["ui.app"] == "door"
    assert layers["assistant.retrieval.retrieve"] == layers["assistant.answering.evidence"] == "read"
    assert layers["ingest.parse"] == "write"
