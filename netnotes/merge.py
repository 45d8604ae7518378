"""`netnotes merge KEEP OTHER`: one person in two notes (after imports, or a
sync tool's copy) becomes one. The plan says every file it would change;
`apply` writes each atomically (KEEP, then every note linking OTHER), then
moves OTHER to the vault's `.trash/` as Obsidian does. Nothing is written
during a git operation, or into a note with conflict markers or duplicate
frontmatter keys."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .edit import refuse_conflicts
from .errors import UsageError, WriteRefusedError
from .index import Index
from .mergetext import Merged, merge_notes, relink
from .models import Contact
from .naming import lookup_key
from .vault import Vault
from .writes import TRASH, move_to_trash, refuse_during_git, rewrite_note


@dataclass(frozen=True, slots=True)
class LinkChange:
    path: str
    count: int


@dataclass(frozen=True, slots=True)
class MergePlan:
    keep: Contact
    other: Contact
    merged: Merged  # KEEP's new text, as planned
    targets: frozenset[str]  # link targets (as written) that lead to OTHER
    links: tuple[LinkChange, ...]  # other notes whose links change
    trash: str  # where OTHER goes, vault-relative
    prefer_other: bool


def plan_merge(
    vault: Vault, index: Index, keep: Contact, other: Contact, prefer_other: bool
) -> MergePlan:
    if keep.path == other.path:
        raise UsageError(f"'{keep.name}' and '{other.name}' are the same note: {keep.path}")
    refuse_during_git(vault, keep.path)
    keep_text, other_text = _writable(vault, keep.path), _writable(vault, other.path)
    linking = index.links_to(other.path)
    targets = frozenset(t for found in linking.values() for t in found) | {other.stem}
    merged = merge_notes(keep_text, other_text, _answers(keep), other.name, prefer_other)
    merged.text, own = relink(merged.text, set(targets), _link_name(index, keep))
    if own:
        merged.added.append(f"{own} link{'s' if own != 1 else ''} to the other note")
    links = []
    for path in sorted(p for p in linking if p not in (keep.path, other.path)):
        text = _writable(vault, path)
        _, count = relink(text, linking[path], _link_name(index, keep))
        if count:
            links.append(LinkChange(path, count))
    return MergePlan(
        keep, other, merged, targets, tuple(links), _trash_path(vault, other.path), prefer_other
    )


def apply_merge(vault: Vault, index: Index, plan: MergePlan) -> str:
    """KEEP first (planned again on what is there now), then each linking
    note, then OTHER into the trash; where OTHER went. A note that changes
    meanwhile is re-planned by rewrite_note, never clobbered."""
    keep_name = _link_name(index, plan.keep)

    def merge_into_keep(text: str) -> tuple[str, None]:
        other_text = _writable(vault, plan.other.path)
        merged = merge_notes(
            text, other_text, _answers(plan.keep), plan.other.name, plan.prefer_other
        )
        return relink(merged.text, set(plan.targets), keep_name)[0], None

    rewrite_note(vault, plan.keep.path, merge_into_keep)
    for change in plan.links:
        rewrite_note(
            vault, change.path, lambda text: (relink(text, set(plan.targets), keep_name)[0], None)
        )
    refuse_during_git(vault, plan.other.path)
    return move_to_trash(vault, plan.other.path)


def _writable(vault: Vault, path: str) -> str:
    """The note's text, if netnotes may write into it (or move it)."""
    text = vault.note_text(path)
    if text is None:
        raise WriteRefusedError(f"{path}: cannot be read; nothing written")
    refuse_conflicts(path, text)
    return text


def _answers(contact: Contact) -> set[str]:
    return {
        lookup_key(contact.name),
        lookup_key(contact.stem),
        *(lookup_key(a) for a in contact.aliases),
    }


def _link_name(index: Index, contact: Contact) -> str:
    """KEEP's file name, or its path when another note has the same name."""
    stem = contact.stem
    same = [c for c in index.contacts(details=False) if lookup_key(c.stem) == lookup_key(stem)]
    return stem if len(same) <= 1 else contact.path.removesuffix(".md")


def _trash_path(vault: Vault, path: str) -> str:
    """`.trash/<file name>`, numbered when the trash already holds one."""
    name = Path(path).name
    stem = name.removesuffix(".md")
    candidate, number = f"{TRASH}/{name}", 1
    while vault.path(candidate).exists():
        number += 1
        candidate = f"{TRASH}/{stem} {number}.md"
    return candidate
