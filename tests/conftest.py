"""Fixtures that build on each other: a private cache folder for every test,
temp vaults written from a dict, the example vault copied, and the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from netnotes.cli import main
from netnotes.models import Contact

# Property tests: a short, fixed run by default (the same examples every time,
# a few seconds in all); HYPOTHESIS_PROFILE=fuzz for a long random search
# (see docs/testing.md). Tests that pin max_examples keep their own budget.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"  # also runs the slow fault and size tests


def examples(ci: int) -> int:
    """A property test's budget: `ci` examples by default, fifty times more under fuzz."""
    return ci * 50 if LONG else ci


REPO = Path(__file__).resolve().parent.parent
GOLDEN_DIR = REPO / "tests" / "golden"
# The one switch that rewrites golden files (docs/testing.md): every golden test
# goes through the `golden` fixture below.
UPDATE_GOLDEN = bool(os.environ.get("NETNOTES_UPDATE_GOLDEN"))
EXAMPLE_VAULT = REPO / "examples" / "vault"
EDGE_VAULT = REPO / "tests" / "fixtures" / "edge"  # its README says what it holds
EXAMPLE_DATE = "2026-11-26"  # the day examples/vault is written around


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own cache folder, so no index leaks between tests
    or into the user's home; and no vault from the environment."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("NETNOTES_VAULT", raising=False)
    monkeypatch.delenv("NETNOTES_PUBLISH", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(cache / "config"))
    monkeypatch.setenv("NO_COLOR", "1")
    return cache


@pytest.fixture
def make_vault(tmp_path: Path) -> Callable[..., Path]:
    """make_vault({"People/Ada.md": "...", ...}) → a vault folder with those files.
    Values may be str (written as UTF-8, exactly) or bytes."""

    def make(files: dict[str, str | bytes] | None = None, name: str = "vault") -> Path:
        root = tmp_path / name
        (root / ".netnotes").mkdir(parents=True, exist_ok=True)
        for relative, content in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_bytes(content.encode("utf-8"))
        return root

    return make


@pytest.fixture
def example_vault(tmp_path: Path) -> Path:
    """A private copy of examples/vault, safe to write into."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE_VAULT, target)
    return target


@pytest.fixture
def edge_vault(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/edge: the cases examples/vault lacks."""
    target = tmp_path / "edge"
    shutil.copytree(EDGE_VAULT, target)
    return target


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """golden("digest-example-2026-11-26.md", text): the text must be the file in
    tests/golden byte for byte. With NETNOTES_UPDATE_GOLDEN=1 the file is
    rewritten instead; then read its diff as a user would before committing."""

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if UPDATE_GOLDEN:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {name}: run with NETNOTES_UPDATE_GOLDEN=1"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check


@pytest.fixture
def run() -> Callable[..., Result]:
    """run(vault, "list", "--format", "json") → the CLI's Result (stdout and
    stderr apart). Exceptions propagate, so a bug fails the test loudly."""
    runner = CliRunner()

    def invoke(vault: Path | None, *args: str, input: str | None = None) -> Result:
        prefix = ["--vault", str(vault)] if vault is not None else []
        return runner.invoke(main, [*prefix, *args], input=input, catch_exceptions=False)

    return invoke


# --- notes and contacts written the way people write them ------------------


def generated_vault(vault: Path, contacts: int, seed: int, *options: str) -> Path:
    """A vault the benchmark's generator makes at `vault` (its "today" 2026-03-14)."""
    generator = [sys.executable, str(REPO / "benchmarks" / "genvault.py"), str(vault)]
    counts = ["--contacts", str(contacts), "--seed", str(seed), "--today", "2026-03-14"]
    subprocess.run([*generator, *counts, *options], check=True, stdout=subprocess.DEVNULL)
    return vault


def person(name: str, front: str = "", body: str = "") -> str:
    """A contact note: `front` is extra frontmatter lines, `body` its text."""
    return f"---\nname: {name}\n{front}---\n{body}"


def entry(day: str, title: str, *lines: str) -> str:
    """A dated log heading and its lines."""
    return f"### {day} — {title}\n" + "".join(f"{line}\n" for line in lines) + "\n"


def meeting(day: str, who: list[str], *lines: str, kind: str = "lunch") -> str:
    """A meeting note with these attendees."""
    attendees = ", ".join(f'"[[{name}]]"' for name in who)
    head = f"---\ndate: {day}\nwith: [{attendees}]\nkind: {kind}\n---\n"
    return head + "".join(f"{line}\n" for line in lines)


def a_contact(name: str, **fields: object) -> Contact:
    """A Contact as the index gives it, every field empty unless given."""
    values: dict[str, object] = {
        "path": f"People/{name}.md",
        "name": name,
        "aliases": (),
        "tags": (),
        "ladder": None,
        "company": None,
        "role": None,
        "status": "active",
        "cadence": None,
        "snooze": None,
        "met": None,
        "how_met": None,
        "birthday": None,
        "groups": (),
        "email": None,
        "details": {},
    }
    values.update(fields)
    return Contact(**values)  # type: ignore[arg-type]


@pytest.fixture
def locked_folder():
    """Make a folder unwritable: chmod for an ordinary user; as root, where
    chmod stops nothing, the immutable attribute (chattr +i) when it works."""
    locked: list[Path] = []

    def lock(folder: Path) -> None:
        if os.geteuid() != 0:
            folder.chmod(0o555)
        elif (
            shutil.which("chattr") is None
            or subprocess.run(
                ["chattr", "+i", str(folder)], capture_output=True, check=False
            ).returncode
        ):
            pytest.skip("running as root without chattr +i: nothing makes a folder read-only")
        locked.append(folder)

    yield lock
    for folder in locked:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


@pytest.fixture
def watched(example_vault):
    """The example vault with a running watcher, stopped in teardown whatever happens."""
    from test_watch_cli import WatchProcess, wait_for

    started: list = []

    def start(*args: str):
        process = WatchProcess(example_vault, "--date", EXAMPLE_DATE, *args)
        started.append(process)
        assert wait_for(lambda: process.said("watching")), process.lines
        return process

    yield example_vault, start
    for process in started:
        if process.process.poll() is None:
            process.process.kill()
            process.process.wait(timeout=10)
