"""pibdesk's module import graph has no cycle (issue 15).

The graph is grimp's (the library import-linter builds on), module by module, with every
import: top-level, inside functions, and under ``if TYPE_CHECKING:``. A cycle is a
strongly connected component of more than one module (or a module importing itself);
the message lists each cycle's modules and the imports that close it, so the way out
is plain. import-linter's contracts in pyproject.toml (``lint-imports`` in .ci/run)
check the layers; this test checks the whole graph, whatever the layers say.
"""

from __future__ import annotations

import grimp
import pytest


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Each strongly connected component of ``graph`` with more than one module (or with
    a self-import), as a sorted list of module names; Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    comp.append(m)
                    if m == node:
                        break
                selfloop = graph.direct_import_exists(importer=node, imported=node)
                if len(comp) > 1 or selfloop:
                    out.append(sorted(comp))
    return sorted(out)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("pibdesk", include_external_packages=False, cache_dir=None)


def test_the_graph_is_the_real_package(graph: grimp.ImportGraph) -> None:
    # not vacuous: the graph holds the modules and the imports we know are there
    assert len(graph.modules) > 120
    for importer, imported in [
        ("pibdesk.cli", "pibdesk.cli.options"),
        ("pibdesk.cli.corpus", "pibdesk.cli.options"),
        ("pibdesk.app", "pibdesk.ui.assembly"),
        ("pibdesk.ui.assembly", "pibdesk.ui.main_window"),
        ("pibdesk.ui.corpus_tools", "pibdesk.ui.main_window"),  # under TYPE_CHECKING
        ("pibdesk.storage.corpus_store", "pibdesk.storage.revision_store"),
        ("pibdesk.storage.search_pg", "pibdesk.storage.search_base"),
        ("pibdesk.core.suggest.statements", "pibdesk.core.suggest.people"),
    ]:
        assert graph.direct_import_exists(importer=importer, imported=imported), (importer, imported)


def test_no_import_cycle(graph: grimp.ImportGraph) -> None:
    found = cycles(graph)
    detail = []
    for comp in found:
        members = set(comp)
        edges = [
            f"{a} -> {b}"
            for a in comp
            for b in sorted(graph.find_modules_directly_imported_by(a))
            if b in members
        ]
        detail.append(f"{len(comp)} modules: " + "; ".join(edges))
    assert found == [], "import cycles:\n" + "\n".join(detail)


def test_the_cycle_finder_finds_cycles() -> None:
    g = grimp.ImportGraph()
    for m in ["p", "p.a", "p.b", "p.c", "p.d", "p.e"]:
        g.add_module(m)
    g.add_import(importer="p.a", imported="p.b")
    g.add_import(importer="p.b", imported="p.c")
    g.add_import(importer="p.c", imported="p.a")  # a -> b -> c -> a
    g.add_import(importer="p.c", imported="p.d")  # d is only imported
    g.add_import(importer="p.e", imported="p.e")  # a module importing itself
    assert cycles(g) == [["p.a", "p.b", "p.c"], ["p.e"]]
