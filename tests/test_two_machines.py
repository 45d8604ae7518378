"""Two machines, one vault, through git: a bare repository and two clones,
each running `digest`, `prep --upcoming` and `watch` for its own day,
committing with `git add -A` and pulling both ways (merge and rebase),
with a conflict on a contact note resolved by hand. No conflict ever
involves a generated file, and after each pull the watcher's digest is
what `netnotes digest` says. Every wait polls with a generous deadline."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_watch_cli import DIGEST, WatchProcess, wait_for

from conftest import EXAMPLE_VAULT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

LAPTOP_DAY = "2026-11-26"
DESKTOP_DAY = "2026-11-30"


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        text=True,
    )
    assert not check or done.returncode == 0, done.stderr
    return done


def unmerged(root: Path) -> set[str]:
    listed = git(root, "diff", "--name-only", "-z", "--diff-filter=U").stdout
    return {path for path in listed.split("\0") if path}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


class Machine:
    """One clone, its day, and its running watcher."""

    def __init__(self, root: Path, day: str, run) -> None:
        self.root, self.day, self.run = root, day, run
        self.watcher: WatchProcess | None = None

    def cli(self, *args: str) -> str:
        result = self.run(self.root, *args, "--date", self.day)
        assert result.exit_code == 0, result.output
        return result.stdout

    def write_outputs(self) -> None:
        self.cli("digest")
        self.cli("prep", "--upcoming")

    def watch(self) -> None:
        self.watcher = WatchProcess(self.root, "--date", self.day)
        assert wait_for(lambda: self.watcher is not None and self.watcher.said("watching"))

    def commit(self, message: str) -> None:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-qm", message)
        committed = git(self.root, "show", "--name-only", "--format=", "HEAD").stdout
        assert "NetNotes/" not in committed

    def digest_is_current(self) -> bool:
        """The watcher's Digest.md is what `netnotes digest` makes of the notes now."""
        expected = self.cli("digest", "--stdout")
        path = self.root / DIGEST
        return path.is_file() and path.read_text(encoding="utf-8") == expected


@pytest.fixture
def machines(tmp_path, run):
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    laptop_root = tmp_path / "laptop"
    shutil.copytree(EXAMPLE_VAULT, laptop_root)
    git(laptop_root, "init", "-q", "-b", "main")
    assert run(None, "init", str(laptop_root)).exit_code == 0
    git(laptop_root, "add", "-A")
    git(laptop_root, "commit", "-qm", "the vault")
    git(laptop_root, "remote", "add", "origin", str(origin))
    git(laptop_root, "push", "-q", "-u", "origin", "main")
    git(tmp_path, "clone", "-q", str(origin), str(tmp_path / "desktop"))
    laptop = Machine(laptop_root, LAPTOP_DAY, run)
    desktop = Machine(tmp_path / "desktop", DESKTOP_DAY, run)
    yield laptop, desktop
    for machine in (laptop, desktop):
        if machine.watcher is not None and machine.watcher.process.poll() is None:
            machine.watcher.process.kill()
            machine.watcher.process.wait(timeout=10)


def test_two_clones_share_notes_and_never_conflict_over_generated_files(machines):
    laptop, desktop = machines
    for machine in (laptop, desktop):
        machine.write_outputs()
        machine.watch()
    for machine in (laptop, desktop):
        assert f"date: {machine.day}" in (machine.root / DIGEST).read_text()
        assert git(machine.root, "status", "--porcelain").stdout == ""

    # The laptop writes about Raj and Chen, commits and pushes.
    append(laptop.root / "People/Raj Patel.md", "- [ ] Send Raj the hiring doc\n")
    append(laptop.root / "People/Chen Wei.md", "- Training for a marathon in May #personal\n")
    laptop.commit("laptop: Raj and Chen")
    git(laptop.root, "push", "-q")

    # The desktop wrote about Chen too: pulling (merge) conflicts on his note only.
    append(desktop.root / "People/Chen Wei.md", "- Moving to Lisbon next year #personal\n")
    append(desktop.root / "People/Aisha Khan.md", "- [ ] Review her talk outline\n")
    desktop.commit("desktop: Chen and Aisha")
    pulled = git(desktop.root, "pull", "--no-rebase", "-q", check=False)
    assert pulled.returncode != 0 and unmerged(desktop.root) == {"People/Chen Wei.md"}
    assert desktop.watcher is not None
    assert wait_for(lambda: desktop.watcher is not None and desktop.watcher.said("waiting for git"))
    chen = desktop.root / "People/Chen Wei.md"
    resolved = "\n".join(
        line
        for line in chen.read_text().splitlines()
        if not line.startswith(("<<<<<<<", "=======", ">>>>>>>"))
    )
    chen.write_text(resolved + "\n")
    desktop.commit("merge the laptop's notes")
    assert wait_for(desktop.digest_is_current, timeout=30)
    assert "Send Raj the hiring doc" in (desktop.root / DIGEST).read_text()
    git(desktop.root, "push", "-q")

    # The laptop made another note meanwhile and pulls with rebase.
    append(laptop.root / "People/Tom Becker.md", "- [ ] Send Tom the design-system write-up\n")
    laptop.commit("laptop: Tom")
    git(laptop.root, "pull", "--rebase", "-q")
    assert wait_for(laptop.digest_is_current, timeout=30)
    laptop_digest = (laptop.root / DIGEST).read_text()
    assert "Review her talk outline" in laptop_digest and f"date: {LAPTOP_DAY}" in laptop_digest
    git(laptop.root, "push", "-q")

    # And the desktop pulls that back, a fast-forward, while its watcher runs.
    desktop.write_outputs()
    git(desktop.root, "pull", "--rebase", "-q")
    assert wait_for(desktop.digest_is_current, timeout=30)
    assert "Send Tom the design-system write-up" in (desktop.root / DIGEST).read_text()

    for machine in (laptop, desktop):
        text = (machine.root / "People/Chen Wei.md").read_text()
        assert "marathon in May" in text and "Lisbon" in text
        assert git(machine.root, "ls-files", "NetNotes").stdout == ""
        assert git(machine.root, "status", "--porcelain").stdout == ""
        assert (machine.root / "NetNotes/Prep").is_dir()
        assert machine.watcher is not None and machine.watcher.stop() == 0
        said = machine.watcher.lines
        assert not any(line.startswith("netnotes:") or "Traceback" in line for line in said), said
    assert (
        git(laptop.root, "rev-parse", "HEAD").stdout
        == git(desktop.root, "rev-parse", "HEAD").stdout
    )
