"""The project's shape: the wheel carries the templates, the core stays free
of outside technologies, imports flow one way with no circles, the types
check, every command explains itself with an example."""

import ast
import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest

from conftest import REPO
from netnotes.cli import main

PACKAGE = REPO / "netnotes"
# Each outside technology lives in exactly one module (STYLE.md).
# SQLite: the index (index.py) as sync.py fills it, links.py and linkcheck.py read it,
# fulltext.py keeps its full-text table; rowbatch.py and coldload.py write parsed rows.
ALLOWED = {
    "click": {"cli"},
    "jinja2": {"render"},
    "sqlite3": {
        "index",
        "sync",
        "coldload",
        "rowbatch",
        "links",
        "linkcheck",
        "fulltext",
        "duplicates",
        "lastwalk",
        "kept",
        "checkpoints",
    },
    "watchdog": {"watch"},
}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def module_of(path: Path) -> str:
    """A module's name for the rules here: the click commands are the CLI's."""
    return "cli" if path.parent == PACKAGE / "commands" else path.stem


def test_outside_technologies_stay_in_their_own_module():
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_of(path)
        for technology, owners in ALLOWED.items():
            if technology in imports_of(path):
                assert module in owners, f"{path.relative_to(REPO)} imports {technology}"


PURE_CORE = [
    "notes",
    "yamlfm",
    "yamlfull",
    "yamlhandler",
    "inline",
    "dates",
    "models",
    "naming",
    "text",
    "people",
    "config",
    "rows",
    "digest",
    "prep",
    "edit",
    "newcontact",
    "writes",
    "search",
]


def test_the_core_loads_no_outside_technology_even_indirectly():
    """What a fresh interpreter has loaded after importing each core module:
    a direct import is one thing, one through a neighbour is the same."""
    script = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module('netnotes.' + name)\n"
        "print(' '.join(m for m in ('click', 'jinja2', 'sqlite3', 'watchdog') if m in sys.modules))\n"
    )
    for module in PURE_CORE:
        loaded = subprocess.run(
            [sys.executable, "-c", script, module], capture_output=True, text=True, check=True
        ).stdout.split()
        assert loaded == [], f"importing netnotes.{module} loads {loaded}"


def test_only_the_cli_reads_the_clock_or_prints():
    for path in sorted(PACKAGE.rglob("*.py")):
        if module_of(path) in ("cli", "__main__"):
            continue
        text = path.read_text(encoding="utf-8")
        for call in ("date.today(", "datetime.now(", "print("):
            assert call not in text, f"{path.relative_to(REPO)} calls {call}"


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_has_help_with_an_example(run):
    commands = list(all_commands(main))
    assert {"init", "index", "check", "list", "show", "search"} <= {c[0][0] for c in commands}
    for path, command in commands:
        result = run(None, *path, "--help")
        assert result.exit_code == 0, path
        if not isinstance(command, click.Group):
            assert "Example" in result.stdout, f"netnotes {' '.join(path)} --help has no example"


def test_version_and_python_dash_m(run):
    assert run(None, "--version").stdout.startswith("netnotes, version ")
    result = subprocess.run(
        [sys.executable, "-m", "netnotes", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "Usage:" in result.stdout


def test_the_wheel_carries_every_module_and_the_default_templates(tmp_path):
    """What `pip install .` installs: an editable install finds any module in
    the checkout, so only the wheel shows a package missing from pyproject."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("netnotes-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n.split("/")[-1] for n in names if n.startswith("netnotes/templates/"))
    expected = sorted(p.name for p in (REPO / "templates").glob("*.j2"))
    assert expected and shipped == expected
    modules = sorted(str(p.relative_to(REPO)) for p in (REPO / "netnotes").rglob("*.py"))
    assert [m for m in modules if m not in names] == []


def test_the_package_type_checks():
    """CI runs mypy (the test extra brings it) with pyproject.toml's settings;
    its cache is .mypy_cache/ in the repository (gitignored), so a second run
    takes a fraction of a second."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed: `pip install -e '.[test]'` brings it")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "netnotes"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


# --- the import graph ---------------------------------------------------------
# Data flows one way: files -> parse -> index -> digest/prep -> outputs, with the
# CLI on top. A module may import modules of its own layer or of layers listed
# before it, never after. A name stands for the module of that name and for
# modules it prefixes with "." or "_" (`index` covers `index_sync`); the longest
# name wins. A new module needs a place here: the test names it until it has one.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "pure helpers",
        (
            "values", "dates", "errors", "naming", "text", "properties", "privacy",
            "problem", "models", "stamp", "schedule", "interop.identity", "interop.records",
            "interop.keys", "jsonrows", "memo",
            "cycles",
        ),
    ),
    ("settings and files", ("config", "vault", "writes", "gitsync", "vaultinit", "ourfiles")),
    # __init__ exports the parser's ObsidianHandler, for scripts (lazily)
    ("parser", ("__init__", "notes", "notebody", "notelines", "parsed", "daily", "inline", "yamlfm", "yamlfull", "yamlhandler", "dateish", "noted")),
    ("edits to the user's notes", ("edit", "fmedit")),
    (
        "index",
        (
            "index", "indexfile", "schema", "layout", "sync", "coldload", "rowbatch", "links", "rows", "linkcheck",
            "duplicates", "results", "fulltext",
            "walkcheck",
            "walkdiff",
            "lastwalk",
            "kept",
            "checkpoints",
        ),
    ),
    ("templates", ("render",)),
    (
        "domain",
        (
            "people", "groups", "digest", "prep", "groupsheet", "worklist", "quicktouch",
            "sheetnames", "howknow", "table", "writeup", "search", "finding", "newcontact",
            "merge", "mergetext", "summary", "roster",
        ),
    ),
    ("what the prep sheets were made from", ("sheetstamp",)),
    ("outputs and interop", ("outputs", "prepjson", "tidy", "interop", "views", "jsontext", "digestmd")),
    ("command line", ("cli", "session", "launch", "watch", "commands", "__main__")),
)  # fmt: skip


def module_name(path: Path) -> str:
    """`netnotes/interop/ics.py` -> `interop.ics`; the package itself is `__init__`."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imported_from(node: ast.ImportFrom, package: list[str]) -> str | None:
    """The netnotes module a `from … import` reads from (`""` for the package
    itself), or None for an outside library."""
    if node.level:
        base = package[: len(package) - node.level + 1]
        return ".".join(base + ([node.module] if node.module else []))
    first, _, rest = (node.module or "").partition(".")
    return rest if first == "netnotes" else None


def netnotes_imports(path: Path, modules: set[str]) -> set[str]:
    """Every netnotes module `path` imports, at the top, in a function or under
    TYPE_CHECKING: `from . import x` counts as importing x when x is a module."""
    package = list(path.parent.relative_to(PACKAGE).parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                first, _, rest = alias.name.partition(".")
                if first == "netnotes":
                    found.add(rest or "__init__")
        elif isinstance(node, ast.ImportFrom):
            source = imported_from(node, package)
            if source is None:
                continue
            for alias in node.names:
                inner = f"{source}.{alias.name}" if source else alias.name
                found.add(inner if inner in modules else source or "__init__")
    return found & modules - {module_name(path)}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): netnotes_imports(path, modules) for path in paths}


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (length of the name matched, layer)
    for rank, (_, names) in enumerate(LAYERS):
        for name in names:
            covers = module == name or module.startswith((name + ".", name + "_"))
            if covers and (best is None or len(name) > best[0]):
                best = (len(name), rank)
    return None if best is None else best[1]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            component: list[str] = []
            while not component or component[-1] != module:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return found


# Upward imports that issue 19 is removing, each with why it is still here. An
# entry whose import is gone fails the test too: delete it, the list only shrinks.
NOT_YET_DOWNWARD: dict[tuple[str, str], str] = {}


def test_every_module_has_a_layer_and_imports_only_downwards():
    graph = import_graph()
    unplaced = sorted(module for module in graph if layer_of(module) is None)
    assert not unplaced, f"give these modules a layer in LAYERS (tests/test_project.py): {unplaced}"
    upward = {
        (module, other)
        for module, imported in graph.items()
        for other in imported
        if layer_of(other) > layer_of(module)
    }
    against_the_flow = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {other} ({LAYERS[layer_of(other)][0]})"
        for module, other in sorted(upward - NOT_YET_DOWNWARD.keys())
    ]
    assert not against_the_flow, "imports against the data flow:\n" + "\n".join(against_the_flow)
    gone = sorted(NOT_YET_DOWNWARD.keys() - upward)
    assert not gone, f"no longer imported: delete from NOT_YET_DOWNWARD: {gone}"


def test_no_modules_import_each_other_in_a_circle():
    found = circles(import_graph())
    assert not found, "modules that import each other in a circle:\n" + "\n".join(
        " <-> ".join(component) for component in found
    )


MAX_MODULE_LINES = 800  # docs/architecture.md: a module owns one thing


def test_no_module_outgrows_one_thing():
    """A module past 800 lines is owning several things; split it along its
    seams (as index.py became index, sync, links, schema) before adding more."""
    sizes = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert sizes and {p: n for p, n in sizes.items() if n > MAX_MODULE_LINES} == {}
