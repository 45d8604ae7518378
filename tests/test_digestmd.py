"""netnotes' own digest template in Python (digestmd) against the template
itself (templates/digest.md.j2, rendered by Jinja2 as render.Renderer does):
the same bytes for every digest the fixture vaults and a generated one make,
at several dates, scopes and horizons, and for digests whose rows are
changed one field at a time to reach every branch of the template."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_DATE, REPO, generated_vault
from netnotes.digest import Digest, Scope, build_digest
from netnotes.digest_rows import DigestSection, PersonLink, Unmet
from netnotes.digestmd import render_digest
from netnotes.quicktouch import QuickTouch
from netnotes.render import Renderer
from netnotes.session import Session
from netnotes.writeup import WriteUp

FIXTURES = REPO / "tests" / "fixtures"
DAYS = (date(2026, 3, 14), date(2026, 11, 26), date(2027, 1, 2))
SCOPES = (Scope(), Scope(tag="mentor"), Scope(ladder="above"), Scope(ladder="unplaced"))
HORIZONS = (None, 0, 1, 60)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_vault(tmp_path_factory.mktemp("gen") / "vault", 80, 3, "--malformed", "3")


def same_both_ways(digest: Digest) -> str:
    expected = Renderer(None).render("digest.md.j2", digest)
    assert render_digest(digest) == expected
    return expected


def digests(vault: Path) -> list[Digest]:
    made = []
    with Session(vault) as session:
        index, _ = session.index()
        for day in DAYS:
            for scope in SCOPES:
                for horizon in HORIZONS:
                    for whole in (False, True):
                        digest = build_digest(index, session.config, day, scope, horizon, whole)
                        made.append(digest)
    return made


@pytest.mark.parametrize("name", ["example", "edge", "adversarial", "generated"])
def test_every_digest_of_a_vault_renders_as_the_template_does(name, example_vault, generated):
    vault = {"example": example_vault, "generated": generated}.get(name) or FIXTURES / name
    texts = {same_both_ways(digest) for digest in digests(vault)}
    assert len(texts) > 3  # the dates, scopes and horizons make different digests


# --- every branch: a rich digest's rows changed one field at a time ---------


def rich(generated: Path) -> Digest:
    with Session(generated) as session:
        index, _ = session.index()
        return build_digest(index, session.config, date(2026, 3, 14), Scope(), None, False)


def flips(someone: PersonLink, day: date) -> dict[str, tuple[Any, ...]]:
    """Each field a template branches on, with values that take each branch."""
    many = lambda n: (someone,) * n  # noqa: E731
    return {
        "note_link": (None, "[[2026-03-14 Lunch]]"),
        "names_everyone": (True, False),
        "scheduled": (True, False),
        "people": (many(1), many(6), many(8)),
        "private": (True, False),
        "due": (None, day),
        "overdue": (True, False),
        "date": (None, day),
        "age": (None, 0, 33),
        "role": (None, "CTO"),
        "company": (None, "Acme"),
        "ladder": (None, "peer"),
        "planned": (None, day),
        "last_touch": (None, day),
        "last_in_person": (None, day),
        "how_met": (None, "met at PyCon"),
        "next": (None, day),
        "next_scheduled": (True, False),
        "members": (many(1), many(2)),
        "attended_90d": (0, 1, 2),
        "one_on_one_never": ((), many(3), many(7)),
        "in_days": (0, 1, 5),
        "line": (None, 0, 12),
        "severity": ("error", "warning"),
        "problem": ("link `[[Ada]]` leads to no note", "[[x]] and ]] [["),
        "contacts": (0, 4),
        "touches_90d": (0, 3),
        "warning": (None, "Nobody above you on your list."),
        "rung": ("unplaced", "peer"),
    }


def varied(rows: tuple, values: dict[str, tuple[Any, ...]]) -> tuple:
    """Each row, then each row with one field changed to each other value,
    and a scheduled meeting with as many people as it names at most and one more."""
    out = list(rows)
    for row in rows[:2]:
        for field in row._fields:
            out += [row._replace(**{field: v}) for v in values.get(field, ())]
        if "scheduled" in row._fields:
            person = values["people"][0]
            out += [row._replace(scheduled=True, people=person * n) for n in (0, 6, 7)]
    return tuple(out)


def untouched(rungs: tuple) -> tuple:
    return tuple(r._replace(touches_90d=0) for r in rungs)


SECTIONS = (
    "write_up", "quick_touches", "coming_up", "lapsed", "meet_in_person", "follow_ups",
    "waiting", "personal", "birthdays", "still_to_meet", "groups", "attention",
)  # fmt: skip


def test_every_branch_of_the_template_renders_as_it_does(generated):
    d = rich(generated)
    someone = d.lapsed.shown[0].person
    values = flips(someone, date(2026, 3, 20))
    day = date(2026, 3, 10)
    seeds = {  # a row for each section the generated vault leaves empty that day
        "still_to_meet": (Unmet(someone, None, None, None, None, None, None),),
        "write_up": (
            WriteUp(
                (someone,), "People/A.md", 9, day, None, "Lunch", "lunch", None, "netnotes log"
            ),
        ),
        "quick_touches": (QuickTouch(someone, "People/A.md", 4, "exam", day, day, None),),
    }
    seen = set()
    for max_rows in (0, 1):
        changed = {}
        for name in SECTIONS:
            rows = varied(getattr(d, name).shown or seeds.get(name, ()), values)
            assert rows, name  # each section's rows changed
            changed[name] = DigestSection(rows, max_rows)
        today = d.today._replace(
            meeting_rows=DigestSection(varied(d.today.meeting_rows.shown, values), max_rows),
            birthdays=varied(d.today.birthdays, values),
            follow_ups=varied(d.today.follow_ups, values),
            picks=d.today.picks[:max_rows],
        )
        digest = d._replace(today=today, ladder=varied(d.ladder, values), **changed)
        seen.add(same_both_ways(digest))
    for counts in (
        dict(long_lost=d.long_lost[:1], long_lost_count=1, follow_ups_late=0),
        dict(long_lost=d.long_lost[:5], long_lost_count=5, attention_errors=1),
        dict(long_lost=d.long_lost[:5], long_lost_count=6, scope_text="tagged mentor"),
        dict(long_lost=(), long_lost_count=0, address_book=0, attention_errors=0),
        dict(follow_ups_late=1, ladder=d.ladder[:1] + untouched(d.ladder[1:])),
        dict(ladder=untouched(d.ladder), scope_text="tagged mentor"),
    ):
        seen.add(same_both_ways(d._replace(**counts)))
    for horizon in (0, 1, 14):
        empty = {name: DigestSection((), 20) for name in (*SECTIONS, "overdue")}
        nothing = d.today._replace(
            meeting_rows=DigestSection((), 20), birthdays=(), follow_ups=(), picks=()
        )
        seen.add(same_both_ways(d._replace(horizon_days=horizon, today=nothing, **empty)))
    one_each = {
        name: DigestSection(getattr(d, name).shown[:1], 20, 1)
        for name in ("birthdays", "attention")
    }
    seen.add(same_both_ways(d._replace(attention_errors=0, **one_each)))
    assert len(seen) >= 12  # the changes make different digests


def test_the_digest_command_renders_the_vaults_own_template_when_it_has_one(run, example_vault):
    """netnotes' own in Python, a vault's own through Jinja2 (its sandbox),
    which gets every row of each section, not only those netnotes' shows."""
    args = ("digest", "--stdout", "--date", EXAMPLE_DATE)
    own = run(example_vault, *args).stdout
    owed = int(re.search(r"(\d+) to follow up", own).group(1))  # all of them, the summary says
    settings = example_vault / ".netnotes" / "config.toml"
    settings.write_text(settings.read_text().replace("max_rows = 20", "max_rows = 1"))
    template = example_vault / ".netnotes" / "templates" / "digest.md.j2"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text("Mine: {{ follow_ups.total }} owed, {{ follow_ups.rows | length }} rows\n")
    theirs = run(example_vault, *args).stdout
    assert theirs == f"Mine: {owed} owed, {owed} rows\n" and owed > 3  # more than Today's 3
    assert own.startswith("---\ngenerated_by: netnotes\n") and "Mine:" not in own
