"""No import cycles inside `booking`: between its modules, or between its layers.

The graph is built from the source (every `import` and `from … import` of a booking module,
at module level or inside a function), so a cycle hidden in a function body counts too.

A module importing its own package is not an edge: Python always runs a package's
`__init__` before any module in it, which is how a blueprint package works — `__init__`
defines `bp`, then imports its view modules, which take `bp` from the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import booking

PACKAGE_DIR = Path(booking.__file__).parent


def _module_files() -> dict[str, Path]:
    files = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = ["booking", *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


MODULES = _module_files()


def _known(name: str) -> str | None:
    """The booking module `name` refers to: itself, or the nearest package holding it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, node: ast.AST) -> set[str]:
    if isinstance(node, ast.Import):
        return {_known(alias.name) for alias in node.names if alias.name.startswith("booking")}
    if not isinstance(node, ast.ImportFrom):
        return set()
    base = node.module or ""
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        parents = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*parents, base] if base else parents)
    if base != "booking" and not base.startswith("booking."):
        return set()
    # `from booking.services import accounts` imports the module booking.services.accounts.
    return {_known(f"{base}.{alias.name}") for alias in node.names}


def _is_own_package(module: str, target: str) -> bool:
    return module.startswith(target + ".")


def module_graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in MODULES.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets |= _imported(module, node)
        graph[module] = {t for t in targets if t and t != module and not _is_own_package(module, t)}
    return graph


def layer_of(module: str) -> str:
    """booking.services.accounts is in booking.services; booking.web is its own layer."""
    return ".".join(module.split(".")[:2])


def layer_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Edges between booking's packages and top-level modules. The root package `booking`
    (create_app, which wires every layer together) is left out: nothing imports it back."""
    layers: dict[str, set[str]] = {layer_of(m): set() for m in graph if m != "booking"}
    for module, targets in graph.items():
        if module == "booking":
            continue
        for target in targets:
            if target != "booking" and layer_of(target) != layer_of(module):
                layers[layer_of(module)].add(layer_of(target))
    return layers


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles met by a depth-first search, each as the path around it. A graph has a cycle
    exactly when such a search meets a node still on its path, so none found means none."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = "on path"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "on path":
                loop = path[path.index(target) :]
                if frozenset(loop) not in seen:
                    seen.add(frozenset(loop))
                    found.append([*loop, target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def _describe(found: list[list[str]]) -> str:
    return "import cycles:\n" + "\n".join(" -> ".join(loop) for loop in found)


def test_the_graph_sees_every_kind_of_import():
    graph = module_graph()
    assert "booking.services.accounts" in graph["booking.auth.routes"]  # from pkg import mod
    assert "booking.auth.login_sessions" in graph["booking"]  # inside create_app
    assert "booking.officer" in graph["booking"]  # a blueprint package, registered there
    assert "booking.officer" not in graph["booking.officer.routes"]  # its own package


def test_the_search_names_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("level", ["modules", "layers"])
def test_no_import_cycles(level):
    graph = module_graph()
    if level == "layers":
        graph = layer_graph(graph)
    found = cycles(graph)
    assert not found, _describe(found)
