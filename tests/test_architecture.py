"""The house keeps its shape: apps depend one way (DESIGN.md, Architecture), no module
imports itself back through others, and no module grows past what one can read."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Lower apps know nothing of higher ones (config wires them all together, so it is apart).
LAYERS = [
    "accounts",
    "sso",
    "maturity",
    "assessments",
    "rounds",
    "plans",
    "dashboards",
    "reports",
    "api",
    "webhooks",
    "audit",
    "transfer",
    "demo",
]
PACKAGES = [*LAYERS, "config"]
MAX_LINES = 500


def project_modules():
    """module name → path, for every Python file of the apps (migrations left out)."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(path, name, modules):
    """The project modules that `path` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from a import b` imports the module a.b where there is one, else names of a.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        found |= {target for target in targets if target in modules and target != name}
    return found


def import_graph():
    modules = project_modules()
    return {name: imports_of(path, name, modules) for name, path in modules.items()}


def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_imports_itself_back():
    assert cycles(import_graph()) == []


def test_apps_depend_only_on_the_apps_below_them():
    wrong = []
    for name, targets in import_graph().items():
        app = name.split(".")[0]
        if app not in LAYERS:
            continue
        for target in targets:
            other = target.split(".")[0]
            if other in LAYERS and LAYERS.index(other) > LAYERS.index(app):
                wrong.append(f"{name} → {target}")

    assert wrong == []


def test_no_python_file_outside_migrations_is_too_long():
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    paths = [ROOT / name for name in tracked] or list(ROOT.glob("[!.]*/**/*.py"))
    long = {
        str(path.relative_to(ROOT)): lines
        for path in paths
        if not (path.parent.name == "migrations" and path.parent.parent.name in PACKAGES)
        and path.exists()
        and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }

    assert long == {}
