"""The open items read_facts reads (_Reader.open_items with a Usable, one
query that looks for each contact's latest sharing only where it matters)
are, in order, those of every open item that the Usable's rule keeps."""

from __future__ import annotations

import json
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from test_digest_facts import FACT_EDITS, apply
from test_digest_live import NAMES, TODAY, Vault, day

from conftest import entry, examples, meeting, person
from netnotes import digest_facts
from netnotes.digest import Scope
from netnotes.digest_members import fill_members
from netnotes.models import OwnedItem
from netnotes.session import Session

PERSONAL = "## Personal\n- Plays the cello\n\n## Log"


def kept(
    item: OwnedItem, usable: digest_facts.Usable, touched: dict[str, tuple[str, bool]], tasks: bool
) -> bool:
    """digest_facts.Usable's rule, as its docstring says it (`touched`: each
    member's last touch, and whether lapsed on either clock, the table
    member's). Without tasks (the markdown digest), only members' items not
    #sensitive, and the last touch's news only of the lapsed (whom a pick
    can be)."""
    planned = set(json.loads(usable.planned))
    if item.is_task and not item.done:
        return True
    if not tasks and (item.contact not in touched or item.sensitive):
        return False
    if item.date is None:
        return item.contact in planned
    day = item.date.isoformat()
    last, lapsed = touched.get(item.contact, (None, False))
    return day >= usable.since or (last == day and (lapsed or tasks))


def same_items(session: Session) -> None:
    index, _ = session.index()
    for today in (TODAY, TODAY + timedelta(days=40)):
        with fill_members(index, session.config, today, Scope()):  # each one's last touch
            facts = digest_facts.read_facts(index, today, today + timedelta(days=14))
            usable = digest_facts.usable(facts)
            members = (
                "SELECT f.path, m.last, m.late IS NOT NULL OR m.meet_late IS NOT NULL"
                " FROM member m JOIN files f ON f.id = m.file"
            )
            touched = {
                path: (last, bool(lapsed)) for path, last, lapsed in index.conn.execute(members)
            }
            people = sorted(c.path for c in index.contacts(details=False))
            for paths in (None, set(people[::2])):
                reader = digest_facts._Reader(index, paths)
                for tasks in (False, True):
                    every = reader.open_items(today, tasks)
                    wanted = [i for i in every if kept(i, usable, touched, tasks)]
                    assert reader.open_items(today, tasks, usable) == wanted, (today, paths, tasks)


@settings(max_examples=examples(5))
@given(st.lists(FACT_EDITS, min_size=1, max_size=14), st.sets(st.sampled_from(NAMES)))
def test_the_usable_items_are_every_items_kept_by_the_rule(tmp_path_factory, edits, coming):
    vault = Vault(tmp_path_factory.mktemp("usable"))
    for edit in edits:
        apply(vault, edit)
    for name in coming:  # an undated personal item: read when they are coming up
        person = vault.people[name]
        vault.write(person.path, person.text().replace("## Log", PERSONAL))
    with Session(vault.root, vault.root.parent / f"{vault.root.name}.sqlite3") as session:
        same_items(session)


def test_the_example_vault_reads_the_usable_items(example_vault):
    with Session(example_vault) as session:
        same_items(session)


def test_a_later_sharing_hides_the_last_touchs_news_unless_sensitive(make_vault):
    """News of the last touch is read unless its contact shared something
    later (heard in a daily note, not a touch), and a #sensitive sharing
    does not count; news of the last 90 days is read as it is."""
    log = PERSONAL + "\n"
    vault = make_vault(
        {
            "People/Ada.md": person(
                "Ada", body=log + entry(day(-200), "Lunch", "- Loves jazz #personal")
            ),
            "People/Bob.md": person(
                "Bob", body=entry(day(-200), "Lunch", "- Ran a race #personal")
            ),
            "People/Cy.md": person("Cy", body=entry(day(-30), "Call", "- New job #personal")),
            f"Daily/{day(-150)}.md": "- Heard that [[Ada]] is moving #personal #sensitive\n"
            "- Heard that [[Bob]] got a dog #personal\n",
            f"Daily/{day(-10)}.md": "- Heard that [[Cy]] is unwell #personal #sensitive\n",
            f"Meetings/{day(3)} Lunch.md": meeting(day(3), ["Ada"]),
        }
    )
    with Session(vault) as session:
        same_items(session)
        index, _ = session.index()
        with fill_members(index, session.config, TODAY, Scope()):
            facts = digest_facts.read_facts(index, TODAY, TODAY + timedelta(days=14))
        read = {(i.contact[7:-3], i.text) for i in facts.open_items()}
    assert read == {
        ("Ada", "Plays the cello"),  # coming up
        ("Ada", "Loves jazz"),  # the last touch's: what came later is #sensitive
        ("Cy", "New job"),  # the last 90 days' (Cy's latest but for the #sensitive)
    }
