"""The project's shape: the wheel carries the templates, the core stays free
of outside technologies, every command explains itself with an example."""

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
ALLOWED = {"click": {"cli"}, "jinja2": {"render"}, "sqlite3": {"index"}, "watchdog": {"watch"}}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_outside_technologies_stay_in_their_own_module():
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.stem
        for technology, owners in ALLOWED.items():
            if technology in imports_of(path):
                assert module in owners, f"{path.relative_to(REPO)} imports {technology}"


PURE_CORE = [
    "notes",
    "yamlfm",
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
        if path.stem in ("cli", "__main__"):
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


def test_the_wheel_carries_the_default_templates(tmp_path):
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

