"""The README never drifts: every command, every config key, and the
Quickstart's test command is exactly what CI runs."""

import re

from conftest import REPO
from netnotes.cli import main
from netnotes.config import SETTINGS

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_with_an_example():
    for name in main.commands:
        assert re.search(rf"^### .*`netnotes {name}\b", README, re.M), (
            f"no README section for {name}"
        )
        assert (
            f"$ netnotes {name}" in README or f"netnotes --vault examples/vault {name}" in README
        ), name


def test_every_config_key_is_in_the_readme():
    for setting in SETTINGS:
        head, _, name = setting.key.rpartition(".")
        shown = f"`[{head}] {name}`" if head else f"`{name}`"
        assert shown in README, setting.key


def test_the_quickstart_test_command_is_what_ci_runs():
    ci = (REPO / ".ci/run").read_text(encoding="utf-8").strip().splitlines()[-1]
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert blocks[1] == ci
    assert blocks[0].startswith("python3 -m venv .venv && .venv/bin/pip install . && ")
    assert "examples/vault" in blocks[0]


def test_docs_linked_from_the_readme_exist():
    for target in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (REPO / target).is_file(), target
