"""The watcher's stamp of what the prep sheets were made from (sheetstamp.py):
a start on an unchanged vault builds no sheet, and an edit to anything a
sheet is made of (a note, the day, the settings, a template, the sheet
itself) still writes exactly what a watcher with no stamp writes."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from netnotes import prep, sheetstamp
from netnotes.digest_live import LiveDigest
from netnotes.outputs import Keeper, Refresh
from netnotes.session import Session

DAY = date(2026, 11, 26)  # the examples' day (conftest.EXAMPLE_DATE)
CHEN = "NetNotes/Prep/2026-11-27 Chen Wei.md"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The title of every prep sheet built, in order."""
    built: list[str] = []
    build = prep.PrepBuilder.build

    def counted(self: prep.PrepBuilder, plan: prep.SheetPlan) -> prep.PrepSheet:
        built.append(plan.title)
        return build(self, plan)

    monkeypatch.setattr(prep.PrepBuilder, "build", counted)
    return built


def outputs(vault: Path) -> dict[str, bytes]:
    folder = vault / "NetNotes"
    return {p.relative_to(vault).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}


def watch_once(vault: Path, day: date = DAY) -> Refresh:
    """A watcher's start and stop, as `netnotes watch` does them: a sync, a
    first look at everything from the synced index, the stamp kept."""
    with Session(vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        done = keeper.refresh(day, None, sync=False)
        keeper.close()
    assert done.error is None
    return done


def without_stamp(vault: Path, day: date = DAY) -> dict[str, bytes]:
    """What a watcher that never ran writes for a copy of the vault as it is."""
    copy = vault.parent / f"copy-{len(list(vault.parent.iterdir()))}"
    shutil.copytree(vault, copy, ignore=shutil.ignore_patterns("NetNotes"))
    watch_once(copy, day)
    return outputs(copy)


def test_a_start_on_an_unchanged_vault_builds_no_sheet(example_vault, builds):
    watch_once(example_vault)
    assert len(builds) == 4 and CHEN in outputs(example_vault)
    written = outputs(example_vault)
    builds.clear()
    done = watch_once(example_vault)
    assert builds == [] and done.written == []
    assert outputs(example_vault) == written == without_stamp(example_vault)


def test_a_start_after_a_watcher_that_saved_and_stopped_builds_no_sheet(example_vault, builds):
    """The stamp a watcher keeps when it stops covers the saves it made."""
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        _append("People/Chen Wei.md", "- Ask about his sourdough starter #ask\n")(example_vault)
        assert CHEN in keeper.refresh(DAY, {"People/Chen Wei.md"}).written
        keeper.close()
    builds.clear()
    assert watch_once(example_vault).written == [] and builds == []
    assert outputs(example_vault) == without_stamp(example_vault)


def _append(relative: str, text: str) -> Callable[[Path], date]:
    def edit(vault: Path) -> date:
        with (vault / relative).open("a", encoding="utf-8") as note:
            note.write(text)
        return DAY

    return edit


def _replace(relative: str, old: str, new: str) -> Callable[[Path], date]:
    def edit(vault: Path) -> date:
        note = vault / relative
        note.write_text(note.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        return DAY

    return edit


def _next_day(vault: Path) -> date:
    return DAY + timedelta(days=1)


def _settings(vault: Path) -> date:
    (vault / ".netnotes" / "config.toml").write_text("[prep]\nrecent = 1\n", encoding="utf-8")
    return DAY


def _own_template(name: str) -> Callable[[Path], date]:
    """The vault's own copy of netnotes' template `name`, one line longer."""

    def edit(vault: Path) -> date:
        from netnotes.render import default_templates

        own = vault / ".netnotes" / "templates"
        own.mkdir(parents=True, exist_ok=True)
        text = (default_templates() / name).read_text(encoding="utf-8")
        (own / name).write_text(text + "Made with the vault's own template.\n", "utf-8")
        return DAY

    return edit


def _hand_edited(relative: str) -> Callable[[Path], date]:
    """A file netnotes wrote, with a line of the user's own added."""

    def edit(vault: Path) -> date:
        written = vault / relative
        written.write_text(written.read_text(encoding="utf-8") + "my own line\n", "utf-8")
        return DAY

    return edit


_template = _own_template("prep.md.j2")


def _sheet_deleted(vault: Path) -> date:
    (vault / CHEN).unlink()
    return DAY


EDITS = {
    "his note": _append("People/Chen Wei.md", "- Ask about his sourdough starter #ask\n"),
    "a note naming him": _replace("Daily/2026-11-20.md", "triathlon", "marathon"),
    "the day": _next_day,
    "the settings": _settings,
    "a template": _template,
    "his sheet, edited": _hand_edited(CHEN),
    "his sheet, deleted": _sheet_deleted,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_to_anything_a_sheet_is_made_of_rewrites_it_on_the_next_start(
    example_vault, edit, builds
):
    watch_once(example_vault)
    day = edit(example_vault)
    edited = outputs(example_vault)
    watch_once(example_vault, day)
    after = outputs(example_vault)
    assert after[CHEN] != edited.get(CHEN)  # written again
    assert after == without_stamp(example_vault, day)


def test_a_damaged_stamp_means_every_sheet_is_built_again(example_vault, builds):
    watch_once(example_vault)
    with Session(example_vault) as opened:
        index, _ = opened.index()
        stamp = sheetstamp.stamp_path(index)
    stamp.write_text("{not json", encoding="utf-8")
    builds.clear()
    watch_once(example_vault)
    assert len(builds) == 4
    assert outputs(example_vault) == without_stamp(example_vault)


def test_a_look_at_everything_after_saves_builds_only_the_sheets_of_notes_changed_meanwhile(
    example_vault, builds
):
    """As after a git merge: a note changed behind the watcher's back (no
    event) is found by the walk and refreshed as a save is; the files are
    what a watcher with no stamp writes, without building every sheet."""
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        _append("People/Chen Wei.md", "- Ask about his sourdough starter #ask\n")(example_vault)
        assert keeper.refresh(DAY, {"People/Chen Wei.md"}).error is None
        builds.clear()
        _replace("Daily/2026-11-20.md", "triathlon", "marathon")(example_vault)
        done = keeper.refresh(DAY, None)
        assert done.error is None and done.changed == ["Daily/2026-11-20.md"]
        assert builds == ["Chen Wei", "Downtown Business Network"]  # not Jane, not the lunch
        builds.clear()
        assert keeper.refresh(DAY, None).written == [] and builds == []
    assert outputs(example_vault) == without_stamp(example_vault)


# --- the sheets kept save by save equal a full build -------------------------

TODAY = date(2026, 3, 14)
NAMES = ("Ada Lovelace", "Bob Stone", "Chloé Martin", "Dev Patel")


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


ENTRY_LINES = st.sampled_from(
    ["- [ ] Send the deck", "- Ask about the move #ask", "- Met [[{other}]] there", "- Fine"]
)
SHEET_EDITS = st.one_of(
    st.tuples(
        st.just("entry"),
        st.sampled_from(NAMES),
        st.tuples(st.integers(-10, 16), st.lists(ENTRY_LINES, max_size=2), st.sampled_from(NAMES)),
    ),
    st.tuples(st.just("drop"), st.sampled_from(NAMES), st.integers(0, 5)),
    st.tuples(st.just("groups"), st.sampled_from(NAMES), st.sampled_from(["", "Chess"])),
    st.tuples(st.just("meeting"), st.integers(-3, 16), st.lists(st.sampled_from(NAMES))),
    st.tuples(st.just("unmeet"), st.integers(-3, 16), st.just(None)),
    st.tuples(st.just("daily"), st.integers(-5, 5), st.sampled_from(NAMES)),
)


class SmallVault:
    """Four people, their logs, meeting notes and daily notes, edit by edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.blocks: dict[str, list[str]] = {name: [] for name in NAMES}
        self.groups: dict[str, str] = {name: "" for name in NAMES}
        for name in NAMES:
            self.write_person(name)

    def write(self, relative: str, text: str | None) -> None:
        path = self.root / relative
        if text is None:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def write_person(self, name: str) -> str:
        groups = f'groups: ["[[{self.groups[name]}]]"]\n' if self.groups[name] else ""
        body = "\n".join(self.blocks[name])
        self.write(f"People/{name}.md", f"---\nname: {name}\n{groups}---\n## Log\n\n{body}")
        return f"People/{name}.md"

    def apply(self, edit: tuple) -> str:
        what, who, value = edit
        if what in ("meeting", "unmeet"):
            path = f"Meetings/{_day(who)} Lunch.md"
            people = ", ".join(f'"[[{n}]]"' for n in sorted(set(value or ())))
            text = f"---\ndate: {_day(who)}\nwith: [{people}]\n---\n- Agenda\n"
            self.write(path, text if what == "meeting" else None)
            return path
        if what == "daily":
            self.write(f"Daily/{_day(who)}.md", f"- Coffee with [[{value}]]\n")
            return f"Daily/{_day(who)}.md"
        if what == "entry":
            offset, lines, other = value
            text = "".join(f"{line.format(other=other)}\n" for line in lines)
            self.blocks[who].append(f"### {_day(offset)} — Coffee\n{text}")
        elif what == "drop" and self.blocks[who]:
            self.blocks[who].pop(value % len(self.blocks[who]))
        elif what == "groups":
            self.groups[who] = value
        return self.write_person(who)


def check_sheets(edits: list[tuple], silent: set[int]) -> None:
    """Each edit saved (refreshed by its path, as the watcher does) or made
    silently (no event, as under git); then a look at everything, which
    refreshes what a walk finds changed. A keeper with no stamp, building
    every sheet from nothing, then finds nothing to write."""
    root = Path(tempfile.mkdtemp(prefix="sheets"))
    try:
        vault = SmallVault(root / "vault")
        with Session(vault.root, root / "index.sqlite3") as opened:
            index, _ = opened.index()
            keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
            assert keeper.refresh(TODAY, None, sync=False).error is None
            for number, edit in enumerate(edits):
                path = vault.apply(edit)
                if number not in silent:
                    assert keeper.refresh(TODAY, {path}).error is None
            assert keeper.refresh(TODAY, None).error is None
            sheetstamp.stamp_path(index).unlink(missing_ok=True)
            fresh = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
            done = fresh.refresh(TODAY, None)
        assert done.error is None and done.written == [], f"after {edits}, silent {silent}"
    finally:
        shutil.rmtree(root)


@settings(max_examples=examples(5))
@given(st.lists(SHEET_EDITS, min_size=1, max_size=10), st.sets(st.integers(0, 9)))
def test_sheets_kept_save_by_save_equal_a_full_build(edits, silent):
    check_sheets(edits, silent)


def test_edits_of_every_kind_keep_the_sheets_whole():
    """One fixed sequence, so the default run always covers each kind of edit."""
    check_sheets(
        [
            ("entry", "Ada Lovelace", (3, ["- Ask about the move #ask"], "Bob Stone")),
            ("meeting", 2, ["Bob Stone", "Chloé Martin"]),
            ("groups", "Dev Patel", "Chess"),
            ("entry", "Bob Stone", (5, ["- Met [[{other}]] there"], "Dev Patel")),
            ("daily", 0, "Chloé Martin"),
            ("entry", "Chloé Martin", (1, ["- [ ] Send the deck"], "Ada Lovelace")),
            ("meeting", 2, ["Ada Lovelace"]),
            ("drop", "Ada Lovelace", 0),
            ("unmeet", 2, None),
        ],
        silent={1, 4, 6},
    )


def test_many_notes_changed_behind_the_watchers_back_are_synced_and_every_sheet_built(
    example_vault, builds, monkeypatch
):
    from netnotes import outputs as outputs_module

    monkeypatch.setattr(outputs_module, "FEW_CHANGED", 0)  # any change is "many"
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        _replace("Daily/2026-11-20.md", "triathlon", "marathon")(example_vault)
        builds.clear()
        done = keeper.refresh(DAY, None)
    assert done.changed == ["Daily/2026-11-20.md"] and CHEN in done.written
    assert len(builds) == 4
    assert outputs(example_vault) == without_stamp(example_vault)


def test_a_refresh_fsyncs_each_file_and_each_folder_once(example_vault, monkeypatch):
    """Every file's bytes reach the disk before it replaces the old one (a
    crash never leaves an empty sheet, which netnotes would then refuse to
    overwrite as not its own); the renames are made durable once per folder."""
    from netnotes import vault as vault_module

    folders: list[Path] = []
    monkeypatch.setattr(vault_module, "_fsync_folder", folders.append)
    files = []
    real_fsync = vault_module.os.fsync

    def counted(fd: int) -> None:
        files.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(vault_module.os, "fsync", counted)
    done = watch_once(example_vault)
    assert len(done.written) == 5 and len(files) == 5
    assert sorted(folders) == [example_vault / "NetNotes", example_vault / "NetNotes" / "Prep"]


def _link_a_missing_chart(keeper: Keeper, vault: Path) -> None:
    """A watcher's first look, then a save linking an attachment not there yet:
    the digest calls the link broken."""
    assert keeper.refresh(DAY, None, sync=False).error is None
    _append("People/Chen Wei.md", "- His chart: [[forecast-chart.png]]\n")(vault)
    assert keeper.refresh(DAY, {"People/Chen Wei.md"}).error is None
    assert "forecast-chart.png" in (vault / "NetNotes" / "Digest.md").read_text(encoding="utf-8")


def test_a_look_at_everything_after_saves_sees_an_attachment_added(example_vault):
    """No save reports an attachment (not a note), so a link to it stays
    broken in the digest until a look at everything walks them again."""
    digest = example_vault / "NetNotes" / "Digest.md"
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        _link_a_missing_chart(keeper, example_vault)
        (example_vault / "forecast-chart.png").write_bytes(b"\x89PNG")
        assert keeper.refresh(DAY, None).error is None
    assert "forecast-chart.png" not in digest.read_text(encoding="utf-8")
    assert outputs(example_vault) == without_stamp(example_vault)


def test_an_attachment_added_while_a_look_syncs_is_seen_by_the_next_look(
    example_vault, monkeypatch
):
    """The link judge reuses the sync's walk: a file added just after that walk
    must not count as what the digest was made with, or the next look would
    trust a digest that calls the link to it broken."""
    digest = example_vault / "NetNotes" / "Digest.md"
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        _link_a_missing_chart(keeper, example_vault)
        real_sync = type(index).sync

        def sync_then_add(self, *args, **kwargs):
            report = real_sync(self, *args, **kwargs)
            (example_vault / "forecast-chart.png").write_bytes(b"\x89PNG")
            return report

        monkeypatch.setattr(type(index), "sync", sync_then_add)
        assert keeper.refresh(DAY, None).error is None
        monkeypatch.setattr(type(index), "sync", real_sync)
        assert keeper.refresh(DAY, None).error is None
    assert "forecast-chart.png" not in digest.read_text(encoding="utf-8")


RESTART = """
import sys
from datetime import date
from netnotes.session import Session
from netnotes.watch import Clock, WatchSession
day = date.fromisoformat(sys.argv[2])
with Session(sys.argv[1]) as session:
    session.index()
    watching = WatchSession(session, Clock(today=lambda: day), pinned=day)
    assert watching.refresh(None, first=True, synced=True)
    watching.close()
print("netnotes.prep" in sys.modules)
"""


def test_a_start_that_finds_every_sheet_current_does_not_import_prep(example_vault):
    """Building sheets needs the prep modules (and the note parser they
    import); a restart on an unchanged vault builds none, so pays for none."""
    command = [sys.executable, "-c", RESTART, str(example_vault), DAY.isoformat()]
    imported = [
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout
        for _ in range(2)
    ]
    assert imported == ["True\n", "False\n"]  # the first start built every sheet


def test_a_save_that_takes_a_sheets_name_moves_the_other_sheet_of_that_day(example_vault):
    """A sheet's file name depends on the other sheets of its day (sheetnames):
    a new meeting note titled as Chen's planned sheet takes the plain name, so
    Chen's own sheet moves to a marked name, though the save never named him."""
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        meeting = "Meetings/2026-11-27 Chen Wei.md"
        (example_vault / meeting).write_text(
            '---\ndate: 2026-11-27\nwith: ["[[Jane Doe]]"]\n---\n- Plan the offsite\n',
            encoding="utf-8",
        )
        assert keeper.refresh(DAY, {meeting}).error is None
        assert keeper.refresh(DAY, None).error is None  # the watcher's reconcile
        keeper.close()
    assert outputs(example_vault) == without_stamp(example_vault)


# --- the digest, known current as the sheets are -----------------------------

DIGEST = "NetNotes/Digest.md"


class Asked(LiveDigest):
    """The keeper's digest model, saying what it was asked."""

    def __init__(self, index, config) -> None:
        super().__init__(index, config, whole=False)
        self.calls: list[str] = []

    def digest(self, today: date):
        self.calls.append("digest")
        return super().digest(today)

    def update(self, touched: set[str], today: date):
        self.calls.append("update")
        return super().update(touched, today)

    def reconcile(self) -> None:
        self.calls.append("reconcile")
        super().reconcile()


def test_a_start_on_an_unchanged_vault_builds_no_digest_until_warmed(example_vault):
    """The digest on disk is known current: the start writes nothing and
    reads no digest; `warm` (between saves) reads it once, for the saves."""
    watch_once(example_vault)  # (the names of the sheets it wrote are new to the link judge)
    watch_once(example_vault)
    with Session(example_vault) as opened:
        index, _ = opened.index()
        model = Asked(index, opened.config)
        keeper = Keeper(
            index, opened.vault, opened.config, opened.renderer, opened.write_lock, digests=model
        )
        done = keeper.refresh(DAY, None, sync=False)
        assert done.error is None and done.written == [] and model.calls == ["reconcile"]
        keeper.warm(DAY)
        keeper.warm(DAY)
        assert model.calls == ["reconcile", "digest"]
        _append("People/Chen Wei.md", "- [ ] Send Chen the deck 📅 2026-11-20\n")(example_vault)
        assert DIGEST in keeper.refresh(DAY, {"People/Chen Wei.md"}).written
        assert model.calls[-1] == "update"
        keeper.close()
    assert outputs(example_vault) == without_stamp(example_vault)


def _attachment(vault: Path) -> date:
    (vault / "forecast-chart.png").write_bytes(b"\x89PNG")
    return DAY


def _digest_deleted(vault: Path) -> date:
    (vault / DIGEST).unlink()
    return DAY


def _odd_name(vault: Path) -> date:
    (vault / os.fsdecode(b"People/Caf\xe9.md")).write_text("---\nname: Cafe\n---\n", "utf-8")
    return DAY


DIGEST_EDITS = {
    "an attachment a link names": _attachment,
    "a file name the walk cannot read": _odd_name,
    "the digest, edited": _hand_edited(DIGEST),
    "the digest, deleted": _digest_deleted,
    "its template": _own_template("digest.md.j2"),
    "a note": _append("People/Chen Wei.md", "- [ ] Send Chen the deck 📅 2026-11-20\n"),
    "the day": _next_day,
}


@pytest.mark.parametrize("edit", DIGEST_EDITS.values(), ids=DIGEST_EDITS.keys())
def test_an_edit_to_anything_the_digest_is_made_of_rewrites_it_on_the_next_start(
    example_vault, edit
):
    _append("People/Chen Wei.md", "- His chart: [[forecast-chart.png]]\n")(example_vault)
    watch_once(example_vault)
    day = edit(example_vault)
    edited = outputs(example_vault)
    watch_once(example_vault, day)
    after = outputs(example_vault)
    assert after[DIGEST] != edited.get(DIGEST)  # written again
    assert after == without_stamp(example_vault, day)


def test_an_attachment_added_while_a_watcher_saved_is_seen_by_the_next_start(example_vault):
    """The digest a save writes was judged with the attachments of the last
    look at everything: the stamp kept at the stop vouches for it only if
    they are still the same."""
    _append("People/Chen Wei.md", "- His chart: [[forecast-chart.png]]\n")(example_vault)
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        _attachment(example_vault)
        _append("People/Chen Wei.md", "- Ask about his sourdough starter #ask\n")(example_vault)
        assert keeper.refresh(DAY, {"People/Chen Wei.md"}).error is None
        assert "forecast-chart.png" in (example_vault / DIGEST).read_text(encoding="utf-8")
        keeper.close()
    watch_once(example_vault)
    assert "forecast-chart.png" not in (example_vault / DIGEST).read_text(encoding="utf-8")
    assert outputs(example_vault) == without_stamp(example_vault)


def test_an_idle_look_at_everything_walks_once_and_writes_nothing(example_vault, monkeypatch):
    """The minute's reconcile on a vault nothing changed in: one walk (the
    sync takes it as its own), no digest built, the stamp file left alone."""
    from netnotes.vault import Vault

    scans: list[int] = []
    scan = Vault.scan
    monkeypatch.setattr(Vault, "scan", lambda self, *found: scans.append(1) or scan(self, *found))
    saved: list[Path] = []
    save = sheetstamp.save
    monkeypatch.setattr(
        sheetstamp, "save", lambda path, stamp: saved.append(path) or save(path, stamp)
    )
    with Session(example_vault) as opened:
        index, _ = opened.index()
        model = Asked(index, opened.config)
        keeper = Keeper(
            index, opened.vault, opened.config, opened.renderer, opened.write_lock, digests=model
        )
        assert keeper.refresh(DAY, None, sync=False).error is None
        model.calls.clear()
        # The next look judges the links again: the sheets the first wrote
        # are names the link judge reads (a link to one is no broken link).
        assert keeper.refresh(DAY, None).written == [] and model.calls == ["update"]
        assert len(saved) == 2
        scans.clear()
        model.calls.clear()
        done = keeper.refresh(DAY, None)
        assert done.error is None and done.written == [] and done.changed == []
        assert scans == [1] and model.calls == [] and len(saved) == 2
        _append("People/Chen Wei.md", "- Ask about his sourdough starter #ask\n")(example_vault)
        assert CHEN in keeper.refresh(DAY, None).written  # a note changed silently: seen
    assert outputs(example_vault) == without_stamp(example_vault)


def test_a_save_reads_no_template(example_vault, monkeypatch):
    """The templates' bytes are hashed when first seen and again only when
    their stat moves, not on every save."""
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        read: list[Path] = []
        read_bytes = Path.read_bytes
        monkeypatch.setattr(Path, "read_bytes", lambda p: read.append(p) or read_bytes(p))
        _append("People/Chen Wei.md", "- Ask about his sourdough starter #ask\n")(example_vault)
        assert CHEN in keeper.refresh(DAY, {"People/Chen Wei.md"}).written
    assert not [path for path in read if path.suffix == ".j2"]


def test_a_template_rewritten_with_its_size_and_mtime_kept_is_still_seen(example_vault):
    _template(example_vault)
    watch_once(example_vault)
    own = example_vault / ".netnotes" / "templates" / "prep.md.j2"
    before = own.stat()
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace("Made with", "Made from"), encoding="utf-8")  # as long
    os.utime(own, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert own.stat().st_size == before.st_size
    watch_once(example_vault)
    assert "Made from the vault's own template." in (example_vault / CHEN).read_text("utf-8")
    assert outputs(example_vault) == without_stamp(example_vault)


def test_a_library_changed_means_every_sheet_is_built_again(
    example_vault, builds, tmp_path, monkeypatch
):
    """The sheets are made with the libraries' code too (jinja2 renders
    them, PyYAML reads the notes): an upgrade is a new stamp."""
    assert {"jinja2", "markupsafe", "yaml", "dateutil"} <= set(sheetstamp._LIBRARIES)
    library = tmp_path / "libraries" / "fancylib"
    library.mkdir(parents=True)
    (library / "__init__.py").write_text("VERSION = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "libraries"))
    monkeypatch.setattr(sheetstamp, "_LIBRARIES", (*sheetstamp._LIBRARIES, "fancylib"))
    sheetstamp._code.cache_clear()
    try:
        watch_once(example_vault)
        builds.clear()
        watch_once(example_vault)
        assert builds == []
        (library / "__init__.py").write_text("VERSION = 22\n", encoding="utf-8")
        sheetstamp._code.cache_clear()  # as a new process would read it
        watch_once(example_vault)
        assert len(builds) == 4
    finally:
        sheetstamp._code.cache_clear()


def test_a_save_writes_the_digest_before_it_plans_the_sheets(example_vault, builds, monkeypatch):
    """The digest is what a save is waited for: it is on disk before the
    sheets the save touches are planned and built."""
    from netnotes import outputs as outputs_module

    order: list[str] = []
    write = outputs_module.write_generated

    def recorded(vault, relative, text, folders=None):
        order.append(f"wrote {relative}" if relative == DIGEST else "wrote a sheet")
        return write(vault, relative, text, folders)

    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        monkeypatch.setattr(outputs_module, "write_generated", recorded)
        sharing = keeper._sharing_days
        monkeypatch.setattr(
            keeper, "_sharing_days", lambda *a: order.append("planned") or sharing(*a)
        )
        builds.clear()
        _append("People/Chen Wei.md", "- [ ] Send Chen the deck 📅 2026-11-20\n")(example_vault)
        done = keeper.refresh(DAY, {"People/Chen Wei.md"})
        keeper.close()
    assert done.written[0] == DIGEST and CHEN in done.written and "Chen Wei" in builds
    # (the people in the note before the save are asked first: the index changes)
    sheets = ["wrote a sheet"] * (len(done.written) - 1)
    assert order == ["planned", f"wrote {DIGEST}", "planned", *sheets]
    assert outputs(example_vault) == without_stamp(example_vault)


def test_a_save_that_takes_a_group_meetings_sheet_name_moves_the_group_sheet(example_vault):
    """A group's scheduled meeting (no note yet) is a rival for its day's
    file names too: a meeting note whose path sorts first takes the plain
    name, so the group's sheet moves to a marked one."""
    group_sheet = "NetNotes/Prep/2026-12-03 Downtown Business Network.md"
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        assert "scheduled" in (example_vault / group_sheet).read_text(encoding="utf-8").lower()
        meeting = "Agenda/2026-12-03 Downtown Business Network.md"  # "Agenda" < "Groups"
        (example_vault / "Agenda").mkdir()
        (example_vault / meeting).write_text(
            '---\ndate: 2026-12-03\nwith: ["[[Tom Becker]]"]\n---\n- Plan the offsite\n',
            encoding="utf-8",
        )
        assert keeper.refresh(DAY, {meeting}).error is None
        moved = [p for p in outputs(example_vault) if p.startswith(group_sheet.removesuffix(".md"))]
        assert len(moved) == 2  # the meeting's plain name, the group's marked one
        keeper.close()
    assert outputs(example_vault) == without_stamp(example_vault)


def test_a_saves_rivals_are_the_people_every_group_read_would_name(example_vault):
    """The rivals of a save read the group notes alone (GroupNotes: only a
    note says when its group meets), and every group only for the members
    of a group note whose sheet is a rival: the people are those a read of
    every group (Groups) names."""
    from netnotes import outputs as outputs_module
    from netnotes.groups import Groups
    from netnotes.sheetnames import SheetNames

    meeting = "Agenda/2026-12-03 Downtown Business Network.md"  # rivals the group's sheet
    (example_vault / "Agenda").mkdir()
    (example_vault / meeting).write_text(
        '---\ndate: 2026-12-03\nwith: ["[[Tom Becker]]"]\n---\n- Plan the offsite\n',
        encoding="utf-8",
    )
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        people, rivals = keeper._sharing_days({meeting}, DAY)
        assert rivals is not None and rivals.groups is not None  # the group note's members
        every = Groups(index, DAY)
        noted = {group.path: group for group in every.groups if group.path}
        names = SheetNames(index, opened.config.output_dir, every)
        old = outputs_module._Rivals(DAY, keeper._version(), names, noted, every)
        assert keeper._sharing_days({meeting}, DAY, old)[0] == people
        assert {"People/Tom Becker.md"} < people
        keeper.close()


def test_a_note_put_back_behind_the_watchers_back_after_a_save_is_seen(example_vault):
    """The stamp's hash of the notes is of the last look at everything; a
    save's sheets and digest are of after it. Put back as it was by another
    process (which indexed it first), the note hashes as at that look
    again, yet the files on disk are the save's: built again, not kept."""
    chen = example_vault / "People/Chen Wei.md"
    original = chen.read_bytes()
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        _append("People/Chen Wei.md", "- [ ] Send Chen the deck 📅 2026-11-20 #ask\n")(
            example_vault
        )
        assert CHEN in keeper.refresh(DAY, {"People/Chen Wei.md"}).written
        chen.write_bytes(original)
        with Session(example_vault) as another_command:
            another_command.index()
        assert keeper.refresh(DAY, None).error is None  # git's end, say: everything
        keeper.close()
    assert "Send Chen the deck" not in (example_vault / DIGEST).read_text(encoding="utf-8")
    assert outputs(example_vault) == without_stamp(example_vault)


def test_a_save_after_a_save_takes_the_rivals_the_last_one_read(example_vault, monkeypatch):
    """The sheets sharing a file name on a day, read after a save's sync,
    are what the next save's first look (before its own sync) would read
    again: taken, unless another process wrote the index meanwhile."""
    from netnotes import groups as groups_module

    made: list[int] = []
    for kind in (groups_module.Groups, groups_module.GroupNotes):  # (the rivals read the notes)

        def counted(self, *args, init=kind.__init__, **kwargs) -> None:
            made.append(1)
            init(self, *args, **kwargs)

        monkeypatch.setattr(kind, "__init__", counted)
    note = "People/Chen Wei.md"
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        counts = []
        for line, other in (("one", False), ("two", False), ("three", True)):
            if other:  # `netnotes log` indexing a note itself
                _append("People/Jane Doe.md", "- Jane's own line\n")(example_vault)
                with Session(example_vault) as another_command:
                    another_command.index()
            made.clear()
            _append(note, f"- Ask about {line} 📅 2026-11-27 #ask\n")(example_vault)
            assert CHEN in keeper.refresh(DAY, {note}).written
            counts.append(len(made))
        assert keeper.refresh(DAY, None).error is None  # Jane's note: the reconcile's
        keeper.close()
    assert counts[1] < counts[0] and counts[2] == counts[0], counts
    assert outputs(example_vault) == without_stamp(example_vault)


def test_the_files_hash_of_the_stamp_is_made_without_every_line_held_at_once():
    """Every note's path and content hash, a line each in path order (a note
    with no hash has none), hashed as the rows come: the lines joined are a
    vault's worth of text (~3 MB at 10,000 contacts) at every look."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE files (path TEXT UNIQUE, hash TEXT)")
    rows = [(f"People/Person {n:05}é.md", f"{n:064x}") for n in range(20000, 0, -1)]
    conn.executemany("INSERT INTO files VALUES (?, ?)", rows + [("Unhashed.md", None)])
    joined = "\n".join(f"{len(path)}:{path}{hashed}" for path, hashed in sorted(rows))
    tracemalloc.start()
    try:
        found = sheetstamp.files_hash(SimpleNamespace(conn=conn))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == hashlib.sha256(joined.encode("utf-8")).hexdigest()
    assert peak < len(joined) // 10


def test_the_vaults_file_names_are_hashed_without_a_folder_joined(tmp_path):
    """Each folder's names sorted and joined by NUL, framed by its length,
    hashed a name at a time: a folder of 10,000 notes joined is ~0.5 MB,
    which the join, its encoding and its framing held three times over
    (~5.4 times the joined size here, with the names; now ~2.7)."""
    (tmp_path / "People").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("hidden\n")
    names = [f"Person number {n:05} with a long name, née Ünal.md" for n in range(4000)]
    for name in names:
        (tmp_path / "People" / name).touch()
    (tmp_path / "Home.md").touch()
    expected = hashlib.sha256()
    for folder, listed in ((".", ["Home.md"]), ("People", sorted(names))):
        for part in (folder, "\0".join(listed)):
            data = part.encode("utf-8")
            expected.update(len(data).to_bytes(8, "big") + data)
    joined = len("\0".join(names).encode("utf-8"))
    tracemalloc.start()
    try:
        found = sheetstamp.file_names(SimpleNamespace(vault=SimpleNamespace(root=tmp_path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == expected.hexdigest()
    assert peak < 4 * joined  # the names themselves ~2.7 times, joined thrice more


def test_whom_a_save_touches_is_found_without_reading_every_group_note(make_vault, monkeypatch):
    """A group note among the saved notes is looked up by path, not found
    among every group note read (~0.14 s a save at 100,000 contacts); a
    group note saved still touches its members' sheets."""
    from test_groups import files

    from netnotes.index import Index

    read: list[int] = []
    group_notes = Index.group_notes
    monkeypatch.setattr(Index, "group_notes", lambda self: read.append(1) or group_notes(self))
    with Session(make_vault(files())) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        read.clear()
        assert keeper._people_in({"People/Robert.md"}, DAY) == {"People/Robert.md"}
        assert read == []
        assert "People/Anna.md" in keeper._people_in({"Groups/Eng Leaders.md"}, DAY)


def test_a_first_start_in_many_batches_writes_what_one_batch_writes(example_vault, monkeypatch):
    """Sheets are built and written a batch at a time: one sheet a batch
    writes the same files and a stamp as complete (a restart builds none)."""
    from netnotes import outputs as outputs_module

    expected = without_stamp(example_vault)
    monkeypatch.setattr(outputs_module, "SHEETS_PER_BATCH", 1)
    done = watch_once(example_vault)
    assert len(done.written) > 3  # the digest and sheets, over several batches
    assert outputs(example_vault) == expected
    built: list[str] = []
    monkeypatch.setattr(prep.PrepBuilder, "build", lambda self, plan: built.append(plan.title))
    assert watch_once(example_vault).written == [] and built == []


def test_a_first_start_that_cannot_write_a_sheet_still_writes_the_digest(example_vault):
    """A file of the user's where a sheet would go is not overwritten and
    the start reports it; the digest, written after the sheets, is written
    still (else yesterday's would stay until a save)."""
    expected = without_stamp(example_vault)["NetNotes/Digest.md"]
    theirs = example_vault / "NetNotes/Prep/2026-12-08 Design review lunch.md"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("# mine\n", encoding="utf-8")
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        done = keeper.refresh(DAY, None, sync=False)
        keeper.close()
    assert done.error is not None and "Design review lunch" in done.error
    assert theirs.read_text(encoding="utf-8") == "# mine\n"
    assert (example_vault / "NetNotes/Digest.md").read_bytes() == expected


def test_what_a_save_leaves_is_collected_with_the_young(example_vault):
    """The watcher collects only the young generations after a save (a full
    collection scans the digest's model): nothing a save builds may be moved
    out of their reach, or every save's garbage stays until the reconcile."""
    import gc

    from netnotes.watch import collect_garbage

    chen = example_vault / "People/Chen Wei.md"
    with Session(example_vault) as opened:
        index, _ = opened.index()
        keeper = Keeper(index, opened.vault, opened.config, opened.renderer, opened.write_lock)
        assert keeper.refresh(DAY, None, sync=False).error is None
        gc.collect()
        for number in range(3):
            chen.write_text(chen.read_text(encoding="utf-8") + f"\n- note {number}\n", "utf-8")
            assert keeper.refresh(DAY, {"People/Chen Wei.md"}).error is None
            collect_garbage(everything=False)
        left = gc.collect()
        keeper.close()
    assert left < 100, f"{left} objects of the saves were out of the young generations' reach"
