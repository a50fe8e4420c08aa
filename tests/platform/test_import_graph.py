"""Project modules import each other without cycles, and `content` never imports `bookings`.

The graph is read from the source with `ast`, not by importing anything, so a cycle that Python
happens to survive today (because a function-level import runs late) still fails here: moving
that import to module level, or importing in a new order, can turn it into an ImportError.
"""

import ast
from collections import deque
from collections.abc import Collection, Iterator, Mapping
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("stillwaters", "content", "bookings")

# {importer: {imported: [line, ...]}}; every module read is a key, even with no imports.
Graph = dict[str, dict[str, list[int]]]


def module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files(root: Path = ROOT) -> dict[str, Path]:
    files = {}
    for package in PROJECT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            # Django's migration loader imports these with historical models; no runtime code
            # imports them, so an edge from one can never take part in a start-up cycle.
            if "migrations" in relative.parts:
                continue
            files[module_name(relative)] = relative
    return files


def resolve_from(module: str, is_package: bool, level: int, name: str | None) -> str | None:
    """The absolute module a `from ... import` names, or None when it climbs past the top."""
    if level == 0:
        return name
    parts = (module if is_package else module.rpartition(".")[0]).split(".")
    if level - 1 >= len(parts):
        return None
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{name}" if name else base


def imports_in(
    module: str, source: str, is_package: bool, known: Collection[str]
) -> Iterator[tuple[str, int]]:
    # ast.walk reaches imports in functions, methods, `if TYPE_CHECKING:` and `try:` alike.
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = resolve_from(module, is_package, node.level, node.module)
            if base is None:
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule if submodule in known else base), node.lineno


def build_graph(sources: Mapping[str, str], packages: Collection[str] = ()) -> Graph:
    """Imports among `sources` ({module: source}); `packages` names those read from `__init__`.

    Any dotted prefix of a module is a package too, so `packages` is only needed for a package
    whose `__init__` has no submodules beside it.
    """
    parents = {
        module.rsplit(".", i)[0] for module in sources for i in range(1, module.count(".") + 1)
    }
    packages = set(packages) | parents
    known = set(sources) | packages
    graph: Graph = {}
    for module, source in sources.items():
        edges = graph.setdefault(module, {})
        for target, line in imports_in(module, source, module in packages, known):
            if target in sources and target != module:
                edges.setdefault(target, []).append(line)
    return {
        module: {target: sorted(set(lines)) for target, lines in edges.items()}
        for module, edges in graph.items()
    }


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's algorithm; each group is sorted, groups in the order Tarjan closes them."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, {})):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def cycle_through(graph: Graph, group: list[str]) -> list[str]:
    """The shortest path from the group's first module back to itself, staying in the group."""
    start = group[0]
    members = set(group)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in sorted(graph.get(node, {})):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target in members and target not in came_from:
                came_from[target] = node
                queue.append(target)
    raise ValueError(f"{group} is not a strongly connected group of {len(graph)} modules")


def find_cycles(graph: Graph) -> list[tuple[list[str], list[str]]]:
    """(one concrete cycle, the whole group it lies in) for every group of mutual importers."""
    found = []
    for group in strongly_connected(graph):
        if len(group) > 1 or group[0] in graph.get(group[0], {}):
            found.append((cycle_through(graph, group), group))
    return sorted(found)


def where(graph: Graph, files: Mapping[str, Path], importer: str, imported: str) -> str:
    lines = ", ".join(str(line) for line in graph[importer][imported])
    return f"{files.get(importer, importer)}:{lines}  {importer} → {imported}"


def describe_cycles(graph: Graph, files: Mapping[str, Path]) -> str:
    cycles = find_cycles(graph)
    report = [
        f"{len(cycles)} import cycle(s) among project modules. Each path below is one cycle "
        "through a group of modules that all reach each other; break an import on the path, "
        "then run again, since the group may hold more cycles."
    ]
    for cycle, group in cycles:
        report += ["", " → ".join(cycle)]
        report += [f"    {where(graph, files, a, b)}" for a, b in pairwise(cycle)]
        inside = [(a, b) for a in group for b in sorted(graph[a]) if b in group]
        if len(inside) > len(cycle) - 1:
            report.append(f"  in a group of {len(group)} modules; every import inside it:")
            report += [f"    {where(graph, files, a, b)}" for a, b in inside]
    return "\n".join(report)


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def project_graph() -> tuple[Graph, dict[str, Path]]:
    files = project_files()
    assert {module_name(Path(package)) for package in PROJECT_PACKAGES} <= set(files)
    sources = {module: (ROOT / path).read_text() for module, path in files.items()}
    packages = {module for module, path in files.items() if path.name == "__init__.py"}
    return build_graph(sources, packages), files


def test_project_modules_import_each_other_without_cycles():
    graph, files = project_graph()
    if find_cycles(graph):
        pytest.fail(describe_cycles(graph, files), pytrace=False)


def test_content_never_imports_bookings():
    graph, files = project_graph()
    crossings = [
        where(graph, files, importer, imported)
        for importer in sorted(graph)
        if is_within(importer, "content")
        for imported in sorted(graph[importer])
        if is_within(imported, "bookings")
    ]
    if crossings:
        pytest.fail(
            "content imports bookings; the CMS must stand without the booking app:\n"
            + "\n".join(f"    {crossing}" for crossing in crossings),
            pytrace=False,
        )


def test_a_cycle_through_a_function_level_import_is_found():
    graph = build_graph(
        {
            "shop.orders": "from shop import mail\n",
            "shop.mail": "def send():\n    from shop.orders import Order\n",
        }
    )

    assert graph["shop.mail"] == {"shop.orders": [2]}
    assert find_cycles(graph) == [
        (["shop.mail", "shop.orders", "shop.mail"], ["shop.mail", "shop.orders"])
    ]


def test_a_relative_import_in_a_package_init_resolves_inside_that_package():
    graph = build_graph(
        {"shop": "", "shop.billing": "from . import pdf\n", "shop.billing.pdf": ""},
        packages={"shop", "shop.billing"},
    )

    assert graph["shop.billing"] == {"shop.billing.pdf": [1]}


def test_relative_imports_climb_one_package_per_extra_dot():
    graph = build_graph(
        {
            "shop": "",
            "shop.models": "",
            "shop.billing": "",
            "shop.billing.pdf": "from .. import models\nfrom ..models import Order\n",
            "shop.billing.receipts": "from .pdf import render\nfrom ... import oops\n",
        }
    )

    assert graph["shop.billing.pdf"] == {"shop.models": [1, 2]}
    assert graph["shop.billing.receipts"] == {"shop.billing.pdf": [1]}


def test_from_a_package_import_a_submodule_points_at_the_submodule():
    graph = build_graph(
        {
            "shop": "",
            "shop.models": "",
            "shop.views": "from shop import models, settings_name\nimport shop.models\n",
        }
    )

    assert graph["shop.views"] == {"shop": [1], "shop.models": [1, 2]}


def test_imports_outside_the_project_and_of_the_module_itself_are_dropped():
    graph = build_graph({"shop.views": "import os\nfrom django import forms\nimport shop.views\n"})

    assert graph == {"shop.views": {}}


def test_an_acyclic_graph_has_no_cycles():
    graph = build_graph(
        {
            "shop.models": "",
            "shop.services": "from shop.models import Order\n",
            "shop.views": "from shop import models, services\n",
        }
    )

    assert find_cycles(graph) == []


def test_a_cycle_report_names_each_edge_by_file_and_line():
    graph = build_graph(
        {
            "shop.a": "import shop.b\n",
            "shop.b": "\n\nfrom shop import c\n",
            "shop.c": "import os\nimport shop.a\nimport shop.b\n",
        }
    )
    files = {"shop.a": Path("shop/a.py"), "shop.b": Path("shop/b.py"), "shop.c": Path("shop/c.py")}

    report = describe_cycles(graph, files)

    assert "shop.a → shop.b → shop.c → shop.a\n" in report
    assert "    shop/b.py:3  shop.b → shop.c\n" in report
    assert "    shop/c.py:2  shop.c → shop.a\n" in report
    assert "    shop/c.py:3  shop.c → shop.b" in report
