"""The digest: what to do about your network today, as a typed context.

`build_digest(index, config, today)` reads the index's whole-vault queries once
and applies DESIGN.md §4: who is coming up, who is overdue, what you owe and
are owed, what to ask about, whose birthday is near, whom you have yet to
meet, how the ladder is balanced, and what needs fixing. It prints nothing and
reads no clock. `templates/digest.md.j2` renders the `Digest`; `digest_json`
is the `--format json` contract.

Each section's rows come from one function of its own module (digest_ahead,
digest_due, digest_items, digest_groups, digest_ladder, digest_work), given the
`Network` (digest_network.py) and what the index says; `digest_json.py` writes
the JSON. Rules the sections share: archived contacts appear nowhere; a `Scope` (tag,
ladder rung, group) narrows every section to the contacts it admits; every
list is sorted, ties broken by name (case and accents aside), then path.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from .config import Config
from .cycles import cycles_unchecked
from .digest_ahead import (
    birthday_rows,
    contact_names,
    planned_events,
    today_meetings,
    with_scheduled,
)
from .digest_due import (
    OverdueFound,
    address_book,
    overdue_contacts,
    overdue_row,
    plan_ahead,
    unmet_rows,
)
from .digest_facts import (
    DigestFacts,
    TaskLines,
    first_task_lines,
    meeting_notes_between,
    read_facts,
)
from .digest_groups import group_rows
from .digest_items import first_personal_rows, follow_up, is_late, personal_rows, task_lines
from .digest_ladder import attention_problems, attention_row, ladder_rows
from .digest_members import Members, fill_members
from .digest_model import Digest, Today
from .digest_network import WEEKDAYS, Network, first_planned, network
from .digest_rows import (
    Attention,
    BirthdayRow,
    ComingUp,
    DigestSection,
    FollowUp,
    GroupRow,
    Overdue,
    PersonLink,
    Rung,
    Shared,
    Unmet,
)
from .digest_scope import Scope
from .digest_work import (
    LapsedFound,
    lapsed_meetings,
    meet_in_person_rows,
    pick_rows,
    quick_touch_section,
    write_up_section,
)
from .groups import Groups
from .models import ERROR, Problem
from .quicktouch import QuickTouch
from .sheetnames import SheetNames
from .worklist import MeetRow, Pick
from .writeup import WriteUp

if TYPE_CHECKING:
    from .index import Index
    from .linkcheck import LinkJudge
    from .render import Renderer

# The digest's public face: build it, render it, and the types of its context.
__all__ = [
    "Attention",
    "BirthdayRow",
    "ComingUp",
    "Digest",
    "DigestSection",
    "FollowUp",
    "GroupRow",
    "MeetRow",
    "Overdue",
    "PersonLink",
    "Pick",
    "QuickTouch",
    "Rung",
    "Scope",
    "Shared",
    "Today",
    "Unmet",
    "WriteUp",
    "build_digest",
    "first_rows_suffice",
    "digest_json",
]

TODAY_LATE = 3  # the most late follow-ups Today lists
LONG_LOST_NAMED = 5  # the long lost templates/digest.md.j2 names
WHOLE_NETWORK = Scope()


def digest_json(d: Digest) -> dict[str, Any]:
    """The `--format json` document (digest_json.py): imported only when
    asked for, which the markdown digest never is."""
    from .digest_json import digest_json as document

    return document(d)


def first_rows_suffice(renderer: Renderer) -> bool:
    """Whether the markdown digest may be built with only the rows it shows:
    when netnotes' own template renders it. A template of the user's own
    (.netnotes/templates) may read every section's `rows`."""
    return not renderer.from_vault("digest.md.j2")


def build_digest(
    index: Index,
    config: Config,
    today: date,
    scope: Scope = WHOLE_NETWORK,
    horizon: int | None = None,
    whole: bool = True,
) -> Digest:
    """The digest as of `today`, for the contacts `scope` admits. `whole`:
    every row of every section, as the JSON lists them; False: the rows the
    markdown shows (`digest.max_rows` of each) and how many there are."""
    with digest_read(index, config, today, scope, horizon, whole) as (digest, _):
        return digest


@contextmanager
def digest_read(
    index: Index,
    config: Config,
    today: date,
    scope: Scope,
    horizon: int | None,
    whole: bool,
    sql_rows: bool = False,
) -> Iterator[tuple[Digest, DigestFacts]]:
    """build_digest's digest and the facts it was made from, with the table
    member (fill_members) kept within the block, for SQL to read more of it.
    `sql_rows`: for a caller that reads the follow-ups, waiting, overdue and
    meet-in-person rows from SQL itself (digest_json_sql): the follow-ups
    and waiting hold only their first dated rows, enough for the late ones
    Today names, not counted (0), and there are no overdue or meet-in-person
    rows."""
    horizon_days = config.digest_horizon_days if horizon is None else horizon
    tasks = not sql_rows and reads_tasks(config, scope, whole)
    with cycles_unchecked(), fill_members(index, config, today, scope) as scope:
        end = today + timedelta(days=horizon_days)
        facts = read_facts(
            index, today, end, tasks=tasks, personal=first_rows(config, whole) is None
        )
        yield (
            assemble(index, config, facts, scope, horizon_days, whole, due_rows=not sql_rows),
            facts,
        )


def first_rows(config: Config, whole: bool) -> int | None:
    """How many rows of each section to make: None, all of them."""
    rows = config.digest_max_rows
    return None if whole or not rows else max(rows, TODAY_LATE)


def reads_tasks(config: Config, scope: Scope, whole: bool) -> bool:
    """Whether the digest's facts must hold every open task: unless only
    the first follow-ups are asked for (first_task_lines)."""
    return first_rows(config, whole) is None


def assemble(
    index: Index,
    config: Config,
    facts: DigestFacts,
    scope: Scope,
    horizon_days: int,
    whole: bool = True,
    judge: LinkJudge | None = None,
    members: Members | None = None,
    due_rows: bool = True,
) -> Digest:
    """The digest from what `read_facts` read, the table member (fill_members, as
    of the facts' day, for `scope`) and the index's whole-vault answers
    (groups, problems, the touches of the few contacts picked). `judge`: an
    Index.link_judge() to reuse (a LiveDigest's, between saves). Not
    `due_rows`: no overdue or meet-in-person row, for a caller that reads
    them from the table member itself (digest_json_sql.due_texts)."""
    today = facts.today
    groups = Groups(index, today)
    net = network(index, facts, scope, members)
    everything = facts.open_items()
    net.contacts.know(i.contact for i in everything)  # thousands: no Member made
    items = [i for i in everything if i.contact in net.contacts]
    planned_days = facts.planned_within(today, facts.end)  # SheetNames' sets: no order
    meeting_notes = meeting_notes_between(index, today, facts.end)
    names = contact_names(index, net.contacts)
    sheets = SheetNames(index, config.output_dir, groups, planned_days, meeting_notes, names)
    events = planned_events(net)
    soon = {t.contact for event in events for t in event}  # their Personal sections
    rows = config.digest_max_rows
    first = first_rows(config, whole)  # the rows to make
    coming_up, coming, tomorrow = with_scheduled(net, events, groups, sheets, first)
    owed, waits = _task_lines(index, net, facts, first)
    follow_ups = tuple(follow_up(net, line) for line in owed.first)
    planned = first_planned(net.ahead)
    lost = None if first is None else max(first, LONG_LOST_NAMED)
    overdue = overdue_contacts(net, first, lost) if due_rows else OverdueFound([], [], 0, 0)
    lapsed_rows = tuple(overdue_row(net, d, planned) for d in overdue.lapsed)
    lost_rows = tuple(overdue_row(net, d, planned) for d in overdue.lost)
    birthdays = birthday_rows(net)
    plan_ahead(net, planned)
    in_address_book = address_book(net)
    ladder = ladder_rows(net)
    unmet = unmet_rows(net, planned, first)
    meet = lapsed_meetings(net, first) if due_rows else LapsedFound([], 0)
    quick = quick_touch_section(facts, net)
    read_items = facts.tasks or facts.personal  # else none (read_facts): news asked in SQL
    picks = pick_rows(index, net, items if read_items else None, quick, ladder, config.digest_picks)
    meetings, meeting_count = today_meetings(facts, net, coming_up, tomorrow, sheets, first)
    if facts.personal or first is None:
        personal = personal_rows(net, items, soon, first)
    else:
        personal = first_personal_rows(index, net, soon, first)
    write_up = tuple(write_up_section(index, facts, net))
    group_list = tuple(group_rows(net, groups, index))
    # Last: judging links may wait for what the no-change walk, running beside
    # the rest in a child process, found besides notes (walkcheck): all the
    # rest is made before, while it runs.
    only = set(net.contacts.paths) if scope.narrowed else None
    judge = index.link_judge() if judge is None else judge  # folders walked once per judge
    attention = _attention(index, judge, only, first)
    return Digest(
        date=today,
        weekday=WEEKDAYS[today.weekday()],
        horizon_days=horizon_days,
        scope=scope,
        scope_text=scope.describe(),
        output_dir=config.output_dir,
        today=Today(
            meeting_rows=DigestSection(tuple(meetings), rows, None if whole else meeting_count),
            birthdays=tuple(r for r in birthdays if r.in_days == 0),
            follow_ups=tuple(t for t in follow_ups if t.overdue)[
                :TODAY_LATE
            ],  # late ones sort first
            picks=picks,
        ),
        picks=picks,
        write_up=DigestSection(write_up, rows),
        quick_touches=DigestSection(tuple(quick), rows),
        coming_up=DigestSection(tuple(coming_up), rows, coming),
        overdue=DigestSection(
            (lapsed_rows + lost_rows)[:first],
            rows,
            None if whole else overdue.lapsed_total + overdue.lost_total,
        ),
        lapsed=DigestSection(lapsed_rows, rows, None if whole else overdue.lapsed_total),
        long_lost=lost_rows,
        long_lost_count=overdue.lost_total,
        meet_in_person=DigestSection(
            tuple(meet_in_person_rows(net, meet.first)), rows, None if whole else meet.total
        ),
        follow_ups=DigestSection(follow_ups, rows, owed.total),
        follow_ups_late=owed.late,
        waiting=DigestSection(tuple(follow_up(net, ln) for ln in waits.first), rows, waits.total),
        personal=DigestSection(tuple(personal[0]), rows, None if whole else personal[1]),
        birthdays=DigestSection(tuple(birthdays), rows),
        still_to_meet=DigestSection(tuple(unmet[0]), rows, None if whole else unmet[1]),
        groups=DigestSection(group_list, rows),
        address_book=in_address_book,
        ladder=ladder,
        attention=DigestSection(tuple(map(attention_row, attention.shown)), rows, attention.total),
        attention_errors=attention.errors,
        whole=whole,
    )


class _Attention(NamedTuple):
    shown: list[Problem]  # all the problems, or the first with what missing links meant
    total: int
    errors: int


def _attention(
    index: Index, judge: LinkJudge, only: set[str] | None, first: int | None
) -> _Attention:
    """What needs attention: every problem, or (`first` given) the first ones
    and how many, which for the whole network are counted, not all made."""
    if first is not None and only is None:
        shown, count, errors = index.first_problems(first, judge)
        return _Attention(index.suggested(shown, judge), count, errors)
    problems = attention_problems(index.problems(suggest=first is None, judge=judge), only)
    shown = problems if first is None else index.suggested(problems[:first], judge)
    return _Attention(shown, len(problems), sum(p.severity == ERROR for p in problems))


def _task_lines(
    index: Index, net: Network, facts: DigestFacts, first: int | None
) -> tuple[TaskLines, ...]:
    """Open tasks by line, owed and waiting on others: from the facts when
    they hold every task, else (the first rows, or those Today names when
    digest_read's caller reads the rest) from the index, which reads only
    the first lines' items."""
    today = net.today
    if not facts.tasks:
        counted = first is not None  # else digest_read's caller reads every row: Today's late only
        first = TODAY_LATE if first is None else first
        found = first_task_lines(index, today, first, counted)
        return tuple(  # owed, then waiting
            TaskLines(task_lines(net, f.items)[:first], f.total, f.late)
            for f in (found[False], found[True])
        )
    tasks = [i for i in facts.open_items() if i.is_task and i.contact in net.contacts]
    lines = (task_lines(net, [i for i in tasks if i.waiting == w]) for w in (False, True))
    return tuple(  # owed, then waiting
        TaskLines(found[:first], len(found), sum(is_late(line, today) for line in found))
        for found in lines
    )
