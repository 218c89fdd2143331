"""The tree's shape: no module imports itself round a circle, and no app imports another app's
views (every import counts, the ones inside functions too)."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "assessments",
    "bench",
    "clusters",
    "continuity",
    "cycle",
    "desk",
    "factcheck",
    "iqm",
    "library",
    "pagecache",
    "reading",
    "reports",
    "schools",
    "selfeval",
)


def _modules() -> dict[str, pathlib.Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(path: pathlib.Path, known: dict) -> set[str]:
    """The project's modules that the file imports, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in known}


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(path, known) - {name} for name, path in known.items()}


def _cycle(graph) -> list[str] | None:
    """One circle of imports, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_it_finds_a_circle_when_there_is_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_itself_round_a_circle():
    assert _cycle(_graph()) is None


def test_no_app_imports_another_apps_views():
    crossings = [
        f"{source} imports {target}"
        for source, targets in _graph().items()
        for target in targets
        if target.split(".")[-1] == "views" and target.split(".")[0] != source.split(".")[0]
    ]
    assert crossings == []


def test_no_two_apps_import_each_other():
    apps = {
        (source.split(".")[0], target.split(".")[0])
        for source, targets in _graph().items()
        for target in targets
        if source.split(".")[0] != target.split(".")[0]
    }
    assert sorted((a, b) for a, b in apps if (b, a) in apps) == []
