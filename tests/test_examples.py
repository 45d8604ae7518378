"""Every `console` example in the README and docs/ runs, and prints what it
shows. Each file's examples run in order on one copy of examples/vault, at the
example vault's date, with a home folder of their own (so `~/Notes` and
`/home/you` mean a folder of the test's). A block preceded by
`<!-- example not run: reason -->` is skipped, for the reason it gives.

Placeholders in shown output: `/home/you` is that home folder; `HH:MM:SS`
any time of day; `(0.21 s)` any duration; a line `…` any number of lines."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import EXAMPLE_DATE, EXAMPLE_VAULT, REPO
from netnotes.cli import main

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SKIP = re.compile(r"<!-- example not run: [^>]+-->\s*$")
HOME_FILES = {
    "Downloads/Connections.csv": REPO / "tests/fixtures/interop/Connections.csv",
    "Downloads/calendar.ics": REPO / "tests/fixtures/ics/calendar.ics",
}


@dataclass
class Example:
    command: str
    shown: list[str]
    where: str


def examples_in(path: Path) -> list[Example]:
    text = path.read_text(encoding="utf-8")
    found: list[Example] = []
    for block in re.finditer(r"```console\n(.*?)```", text, re.S):
        if SKIP.search(text[: block.start()]):
            continue
        first_line = text.count("\n", 0, block.start()) + 2
        current: Example | None = None
        for offset, line in enumerate(block.group(1).replace("\\\n", " ").splitlines()):
            if line.startswith("$ "):
                current = Example(line[2:], [], f"{path.name}:{first_line + offset}")
                found.append(current)
            elif current is not None:
                current.shown.append(line)
    return found


def _argv(command: str, vault: Path, home: Path) -> tuple[list[str], str]:
    """The netnotes arguments of a shown command, and what it pipes into."""
    netnotes_part, _, piped = command.partition(" | ")
    words = shlex.split(netnotes_part)
    assert words[0] == "netnotes", command
    words = [
        str(vault) if w == "examples/vault" else str(home) + w[1:] if w.startswith("~") else w
        for w in words[1:]
    ]
    return _with_the_example_date(words), piped


def _with_the_example_date(words: list[str]) -> list[str]:
    """Add `--date` to a command that takes one and was shown without it."""
    if "--date" in words:
        return words
    command: click.Command | None = main
    for word in words:
        if isinstance(command, click.Group) and word in command.commands:
            command = command.commands[word]
    if command is not main and any("--date" in p.opts for p in command.params):
        return [*words, "--date", EXAMPLE_DATE]
    return words


def _matches(shown: list[str], printed: list[str]) -> bool:
    pattern = "\n".join(_line_pattern(line) for line in shown)
    return re.fullmatch(pattern, "\n".join(printed), re.S) is not None


def _line_pattern(line: str) -> str:
    if line == "…":
        return "(?:.*)"
    pattern = re.escape(line)
    pattern = pattern.replace("HH:MM:SS", r"\d\d:\d\d:\d\d")
    return re.sub(r"\\\(\d+\\\.\d+\\ s\\\)", r"\\(\\d+\\.\\d+ s\\)", pattern)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_console_example_runs_and_prints_what_it_shows(doc, tmp_path, monkeypatch):
    examples = examples_in(doc)
    if not examples:
        pytest.skip(f"{doc.name} has no console examples")
    home = tmp_path / "you"
    for relative, source in HOME_FILES.items():
        (home / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, home / relative)
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE_VAULT, vault)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(vault)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    runner = CliRunner()
    for example in examples:
        argv, piped = _argv(example.command, vault, home)
        result = runner.invoke(main, argv, catch_exceptions=False)
        assert result.exit_code == 0, (example.where, example.command, result.output)
        if piped.startswith("jq"):
            json.loads(result.stdout)
        printed = result.output.replace(str(home), "/home/you").splitlines()
        if example.shown:
            assert _matches(example.shown, printed), (example.where, example.command, printed)
