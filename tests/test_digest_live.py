"""The watcher's digest (digest_live.LiveDigest) kept up to date save by save
equals a digest built from nothing, after every step of a random sequence of
the edits people make: log entries, tasks, due dates, birthdays, planned
meetings, #sensitive lines, archiving, broken links, meeting notes."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from netnotes.digest import Digest, Scope, build_digest, digest_json
from netnotes.digest_live import LiveDigest
from netnotes.index import Index
from netnotes.session import Session

TODAY = date(2026, 3, 14)
NAMES = ("Ada Lovelace", "Bob Stone", "Chloé Martin", "Dev Patel", "Eve Adams")
WHOLE = Scope()
STATUSES = ("active", "active", "paused", "archived")


@dataclass
class Person:
    name: str
    fields: dict[str, str] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"People/{self.name}.md"

    def text(self) -> str:
        front = "".join(f"{k}: {v}\n" for k, v in sorted(self.fields.items()))
        return f"---\nname: {self.name}\n{front}---\n## Log\n\n" + "\n".join(self.blocks)


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


LINES = st.sampled_from(
    [
        "- [ ] Send the deck",
        "- [ ] Send the paper 📅 {due}",
        "- [ ] Intro to Bob @waiting",
        "- Her daughter's recital is on {named} #personal",
        "- Training for a marathon #personal",
        "- Moving house soon #personal #sensitive",
        "- [ ] Lend the book #sensitive",
        "- Talked with [[Nobody Known]]",
        "- Met [[{other}]] there",
        "- [x] Sent the notes",
    ]
)


@st.composite
def an_entry(draw: st.DrawFn) -> str:
    offset = draw(st.one_of(st.integers(-20, 20), st.integers(-400, -21)))
    kind = draw(st.sampled_from(["Coffee", "Call", "Lunch", "Email"]))
    lines = draw(st.lists(LINES, max_size=3))
    filled = [
        line.format(
            due=day(draw(st.integers(-30, 30))),
            named=day(draw(st.integers(-20, 5))),
            other=draw(st.sampled_from(NAMES)),
        )
        for line in lines
    ]
    return f"### {day(offset)} — {kind}\n" + "".join(f"{line}\n" for line in filled)


EDITS = st.one_of(
    st.tuples(st.just("entry"), st.sampled_from(NAMES), an_entry()),
    st.tuples(st.just("drop"), st.sampled_from(NAMES), st.integers(0, 5)),
    st.tuples(st.just("birthday"), st.sampled_from(NAMES), st.integers(-5, 30)),
    st.tuples(st.just("status"), st.sampled_from(NAMES), st.sampled_from(STATUSES)),
    st.tuples(st.just("ladder"), st.sampled_from(NAMES), st.sampled_from(["above", "peer", ""])),
    st.tuples(st.just("meeting"), st.integers(-20, 20), st.lists(st.sampled_from(NAMES))),
    st.tuples(st.just("unmeet"), st.integers(-20, 20), st.just(None)),
    st.tuples(st.just("daily"), st.integers(-10, 10), st.sampled_from(NAMES)),
)


class Vault:
    """A small vault written from its model, edit by edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.people = {n: Person(n, {"cadence": "30d"}) for n in NAMES}
        self.write(".netnotes/config.toml", "[digest]\nmax_rows = 2\n")  # sections get cut
        for person in self.people.values():
            self.write(person.path, person.text())

    def write(self, relative: str, text: str | None) -> None:
        path = self.root / relative
        if text is None:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def apply(self, edit: tuple) -> str:
        """Make one edit; the path of the note it changed."""
        what, who, value = edit
        if what == "meeting":
            people = ", ".join(f'"[[{n}]]"' for n in sorted(set(value)))
            path = f"Meetings/{day(who)} Lunch.md"
            self.write(path, f"---\ndate: {day(who)}\nwith: [{people}]\n---\n- [ ] Follow up\n")
            return path
        if what == "unmeet":
            path = f"Meetings/{day(who)} Lunch.md"
            self.write(path, None)
            return path
        if what == "daily":
            path = f"Daily/{day(who)}.md"
            self.write(path, f"- Coffee with [[{value}]]\n")
            return path
        person = self.people[who]
        if what == "entry":
            person.blocks.append(value)
        elif what == "drop" and person.blocks:
            person.blocks.pop(value % len(person.blocks))
        elif what == "birthday":
            person.fields["birthday"] = (
                (TODAY + timedelta(days=value)).replace(year=1980).isoformat()
            )
        elif what == "status":
            person.fields["status"] = value
        elif what == "ladder":
            person.fields.pop("ladder", None)
            if value:
                person.fields["ladder"] = value
        elif what == "field":  # (key, value): a frontmatter field set, or dropped when empty
            key, text = value
            person.fields.pop(key, None)
            if text:
                person.fields[key] = text
        self.write(person.path, person.text())
        return person.path


def people_in(index: Index, path: str) -> set[str]:
    """What the watcher tells the digest a change to `path` touched, before and
    after the sync (outputs.Keeper._people_in): the contact a note is, and
    everyone it links."""
    found = set(index.linked_contacts(path))
    if index.contact(path) is not None:
        found.add(path)
    return found


@contextmanager
def opened_vault(prefix: str) -> Iterator[tuple[Vault, Session]]:
    """A Vault in a new temporary folder, opened with its index beside it;
    both removed after."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        vault = Vault(root)
        with Session(root, root.parent / f"{root.name}.sqlite3") as session:
            yield vault, session
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)


def markdown(session: Session, digest: Digest) -> str:
    return session.renderer.render("digest.md.j2", digest)


def rendered(session: Session, digest: Digest) -> tuple[str, str]:
    return markdown(session, digest), json.dumps(digest_json(digest), sort_keys=True)


def check_edits(edits: list[tuple], scope: Scope = WHOLE) -> None:
    root = Path(tempfile.mkdtemp(prefix="live"))
    try:
        vault = Vault(root)
        session = Session(root, root.parent / f"{root.name}.sqlite3")
        index, _ = session.index()
        shown = LiveDigest(index, session.config, scope, horizon=14, whole=False)  # the watcher's
        whole = LiveDigest(index, session.config, scope, horizon=14)
        fresh = rendered(session, build_digest(index, session.config, TODAY, scope, 14))
        assert rendered(session, whole.digest(TODAY)) == fresh
        assert markdown(session, shown.digest(TODAY)) == fresh[0]
        for edit in edits:
            path = vault.apply(edit)
            before = people_in(index, path)
            index.sync(paths={path})
            touched = before | people_in(index, path)
            fresh = rendered(session, build_digest(index, session.config, TODAY, scope, 14))
            assert rendered(session, whole.update(touched, TODAY)) == fresh, f"after {edit}"
            assert markdown(session, shown.update(touched, TODAY)) == fresh[0], f"after {edit}"
        session.close()
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)


@settings(max_examples=examples(6))
@given(st.lists(EDITS, min_size=1, max_size=12))
def test_a_live_digest_equals_a_fresh_one_after_every_edit(edits):
    check_edits(edits)


@settings(max_examples=examples(2))
@given(st.lists(EDITS, min_size=1, max_size=8))
def test_a_narrowed_live_digest_equals_a_fresh_one(edits):
    check_edits(edits, Scope(ladder="above"))


def test_edits_of_every_kind_keep_the_live_digest_whole():
    """One fixed sequence, so the default run always covers each kind of edit."""
    check_edits(
        [
            ("entry", "Ada Lovelace", f"### {day(-3)} — Lunch\n- [ ] Send the deck\n"),
            (
                "entry",
                "Bob Stone",
                f"### {day(-40)} — Call\n- Her recital is on {day(-2)} #personal\n",
            ),
            ("entry", "Bob Stone", f"### {day(5)} — Coffee\n"),
            ("meeting", 3, ["Ada Lovelace", "Chloé Martin"]),
            ("meeting", -2, ["Dev Patel"]),
            ("birthday", "Eve Adams", 4),
            ("status", "Ada Lovelace", "archived"),
            ("entry", "Dev Patel", f"### {day(-1)} — Coffee\n- [ ] Lend the book #sensitive\n"),
            ("entry", "Eve Adams", f"### {day(-9)} — Email\n- Talked with [[Nobody Known]]\n"),
            ("daily", 0, "Chloé Martin"),
            ("entry", "Chloé Martin", f"### {day(-4)} — Coffee\n"),
            ("ladder", "Chloé Martin", "above"),
            ("drop", "Bob Stone", 0),
            ("unmeet", 3, None),
        ]
    )


def test_the_link_judge_is_kept_between_saves(monkeypatch):
    """The folders a link judge walks (attachments, templates) change with no
    save the watcher reports: one judge serves every update until a
    reconcile, a digest() or an update that cannot say whom it touched; an
    attachment added shows after the reconcile, as a fresh build shows it."""
    made = []
    judge = Index.link_judge

    def counted(index):
        made.append(1)
        return judge(index)

    monkeypatch.setattr(Index, "link_judge", counted)
    root = Path(tempfile.mkdtemp(prefix="live"))
    try:
        vault = Vault(root)
        session = Session(root, root.parent / f"{root.name}.sqlite3")
        index, _ = session.index()
        live = LiveDigest(index, session.config, horizon=14)
        live.digest(TODAY)
        assert len(made) == 1
        edits = [
            ("entry", "Ada Lovelace", f"### {day(-2)} — Call\n- Drew [[plan.svg]]\n"),
            ("entry", "Bob Stone", f"### {day(-1)} — Coffee\n- [ ] Send the deck\n"),
            ("birthday", "Eve Adams", 3),
        ]
        for edit in edits:
            path = vault.apply(edit)
            before = people_in(index, path)
            index.sync(paths={path})
            shown = live.update(before | people_in(index, path), TODAY)
            fresh = build_digest(index, session.config, TODAY, WHOLE, 14)
            assert rendered(session, shown) == rendered(session, fresh)
        assert len(made) == 1 + len(edits)  # the live digest's one, and one per fresh build
        assert "plan.svg" in json.dumps(digest_json(shown))

        vault.write("plan.svg", "<svg/>")  # no note: the watcher reports nothing
        live.reconcile()
        fresh = build_digest(index, session.config, TODAY, WHOLE, 14)
        assert rendered(session, live.digest(TODAY)) == rendered(session, fresh)
        assert "plan.svg" not in json.dumps(digest_json(fresh))
        assert len(made) == 1 + len(edits) + 2
        live.update(set(), TODAY)
        assert len(made) == 1 + len(edits) + 2  # kept
        live.update(None, TODAY)
        assert len(made) == 1 + len(edits) + 3  # everyone: walked again
        session.close()
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)
