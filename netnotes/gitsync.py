"""A vault shared through git by several machines.

Generated files depend on the day and on the machine that wrote them, so by
default they stay out of git: `init` adds the output folder to the vault's
`.gitignore`. One machine may publish them on purpose (to read the digest on
a phone): the opt-in lives on that machine (NETNOTES_PUBLISH=1), never in the
synced vault. That machine writes `<output>/.gitignore` re-including the
folder, so `git add -A` takes the files; the other machines see that file
come in and leave the folder alone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from .errors import NetnotesError, WriteRefusedError
from .models import WARNING, Problem
from .vault import Vault, atomic_create, atomic_write

GITIGNORE = ".gitignore"
IGNORE_COMMENT = (
    "# netnotes: the digest and prep sheets are made on each machine for its own day;"
    ' keep them out of git (README: "Syncing with git")'
)
PUBLISH_MARK = "# netnotes: published from one machine"
PUBLISHED = (
    f"{PUBLISH_MARK} (NETNOTES_PUBLISH=1 there), so these files go into git\n"
    "# and the other machines leave this folder alone. Delete this file to stop publishing.\n"
    "!*\n"
)


def ignore_line(output_dir: str) -> str:
    """The `.gitignore` line for the output folder's contents (not the folder
    itself, so that a publishing machine can re-include them)."""
    escaped = re.sub(r"([\\*?\[\]])", r"\\\1", output_dir)
    if escaped.endswith(" "):
        escaped = escaped[:-1] + "\\ "
    return f"/{escaped}/*"


def ignores_output(text: str, output_dir: str) -> bool:
    """Whether a `.gitignore` already has a line that ignores the output folder."""
    wanted = output_dir.strip("/")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "!")):
            continue
        for tail in ("/**", "/*", "/"):
            line = line.removesuffix(tail)
        if line.lstrip("/").replace("\\", "") == wanted:
            return True
    return False


def add_output_to_gitignore(root: Path, output_dir: str) -> str | None:
    """Append the output folder to the vault's `.gitignore` (made if missing),
    after a comment saying why; the user's lines stay as they are, in their
    line endings. Returns "created", "updated", or None when it was there."""
    path = root / GITIGNORE
    try:
        data: bytes | None = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as err:
        raise NetnotesError(f"cannot read {GITIGNORE}: {err.strerror}") from None
    addition = f"{IGNORE_COMMENT}\n{ignore_line(output_dir)}\n"
    if data is None:
        atomic_create(path, addition.encode("utf-8"))
        return "created"
    text = data.decode("utf-8", "surrogateescape")
    if ignores_output(text, output_dir):
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    before = "" if not text or text.endswith("\n") else newline
    if text.strip():
        before += newline  # a blank line between the user's lines and ours
    extra = (before + addition.replace("\n", newline)).encode("utf-8")
    if path.is_symlink():
        raise WriteRefusedError(
            f"{GITIGNORE} is a symlink; add `{ignore_line(output_dir)}` yourself"
        )
    atomic_write(path, data + extra, expected=data)
    return "updated"


def published_marker(vault: Vault) -> Path:
    return vault.path(f"{vault.config.output_dir}/{GITIGNORE}")


def is_published(vault: Vault) -> bool:
    try:
        return PUBLISH_MARK in published_marker(vault).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def guard_output(vault: Vault) -> None:
    """Before writing into the output folder: a machine that does not publish
    leaves a folder another machine publishes alone."""
    if not vault.publish and is_published(vault):
        raise WriteRefusedError(
            f"not writing into {vault.config.output_dir}/: another machine publishes it through "
            f"git ({vault.config.output_dir}/{GITIGNORE} says so); use --stdout here, or set "
            "NETNOTES_PUBLISH=1 if this is the machine that publishes"
        )


def mark_published(vault: Vault) -> None:
    """On the publishing machine, make sure git takes the generated files."""
    marker = published_marker(vault)
    if vault.publish and not marker.exists() and vault.contains(marker.parent):
        atomic_create(marker, PUBLISHED.encode("utf-8"))


def tracked_outputs(vault: Vault) -> list[Problem]:
    """A warning for each generated file git tracks when nobody publishes
    them: two machines writing them will conflict on every pull. Nothing
    when the vault is not in git, or git is not installed."""
    output = vault.config.output_dir
    if vault.git_dir() is None or is_published(vault) or shutil.which("git") is None:
        return []
    try:
        listed = subprocess.run(
            ["git", "--literal-pathspecs", "-C", str(vault.root), "ls-files", "-z", "--", output],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if listed.returncode != 0:
        return []
    tracked = sorted(p for p in listed.stdout.decode("utf-8", "replace").split("\0") if p)
    return [
        Problem(
            path,
            None,
            WARNING,
            "generated file is tracked by git, so machines sharing the vault will conflict over "
            f"it; run `git rm -r --cached {output}` and commit (README: Syncing with git)",
        )
        for path in tracked
    ]
