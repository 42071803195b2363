"""The package's shape (docs/architecture.md): small modules and functions, the
speed layer behind one door, and no state kept by modules outside it."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "timeline"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40
# The stages and the data files: they import nothing from timeline.speed, whether the
# data files sit in timeline/ or in timeline/data/.
CORE = {"model", "load", "listing", "schema", "link", "render", "write", "files", "extras",
        "records", "dataschema", "opendata", "feeds", "ical", "jsonld", "searchindex",
        "jsontext", "searchshards"}
DOOR = {"pipeline", "incremental"}   # the only modules outside timeline/speed/ that reach it
# Module state that is not a cache: each with why it must be the module's.
STATE = {
    ("interrupt", "_listener"): "a signal handler reaches nothing but its module",
    ("interrupt", "_requested"): "a signal handler reaches nothing but its module",
    ("markup", "_local"): "python-markdown's converter, one per thread: it is not re-entrant",
    ("markup", "_backstop"): "the backstop's wait, shortened for the rest of a build once "
                             "it has stopped one body",
}
PURE_CACHES = {   # memoised functions outside timeline/speed/: their results depend on
    ("fragments", "_status"),           # their arguments alone
    ("mdlimits", "_pygments_names"),
    ("records", "_title_namespace"),
    ("urls", "_prefix"),
}
MUTATORS = {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update",
            "setdefault", "add", "discard", "appendleft"}


def name(path: Path) -> str:
    return path.stem


def in_speed(path: Path) -> bool:
    return "speed" in path.relative_to(PACKAGE).parts[:-1]


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules `path` imports."""
    package = ["timeline", *path.relative_to(PACKAGE).parts[:-1]]
    found = set()
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def module_state(path: Path) -> set[str]:
    """Names bound at module level that some code changes: assigned through (an item,
    an attribute), changed by a method (append, update, ...) or declared global."""
    tree = parsed(path)
    bound = {target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
             for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
             if isinstance(target, ast.Name)}
    changed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            changed.update(node.names)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if not isinstance(node, ast.AugAssign) else [node.target]
            changed.update(t.value.id for t in targets
                           if isinstance(t, (ast.Subscript, ast.Attribute))
                           and isinstance(t.value, ast.Name))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name):
            changed.add(node.func.value.id)
    return changed & bound


def memoised(path: Path) -> set[str]:
    return {node.name for node in ast.walk(parsed(path)) if isinstance(node, ast.FunctionDef)
            and any("cache" in ast.unparse(d) for d in node.decorator_list)}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_300_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


@pytest.mark.parametrize("path", [*MODULES, ROOT / "build.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_is_over_40_lines(path):
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(parsed(path))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


def test_the_core_imports_nothing_from_the_speed_layer():
    core = [path for path in MODULES if name(path) in CORE and not in_speed(path)]
    assert {name(path) for path in core} == CORE   # each is where the test looks
    leaks = {name(path): sorted(m for m in imported_modules(path)
                                if m.startswith("timeline.speed"))
             for path in core}
    assert {module: found for module, found in leaks.items() if found} == {}


def test_only_the_pipeline_and_serve_reach_the_speed_layer():
    reaching = {name(path) for path in MODULES if not in_speed(path)
                and any(m.startswith("timeline.speed") for m in imported_modules(path))}
    assert reaching <= DOOR


def test_no_module_outside_the_speed_layer_keeps_state():
    found = {(name(path), state) for path in MODULES if not in_speed(path)
             for state in module_state(path)}
    assert found - STATE.keys() == set()


def test_memoised_functions_outside_the_speed_layer_are_pure():
    found = {(name(path), function) for path in MODULES if not in_speed(path)
             for function in memoised(path)}
    assert found - PURE_CACHES == set()


def test_the_checks_see_what_they_look_for(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("_SEEN = {}\nCONSTANT = {'a': 1}\n\n\ndef note(x):\n    _SEEN[x] = 1\n")
    assert module_state(module) == {"_SEEN"}
    assert "timeline.speed.cache" in imported_modules(PACKAGE / "pipeline.py")
    assert "timeline.load" in imported_modules(PACKAGE / "speed" / "cache.py")
