"""A name no contact answers to: find_indexed offers the closest names from
the lookup keys sync stored (roster.closest_indexed), which must be the
names people.closest_names finds among every contact of the index, whatever
was typed; prep's own message adds meeting titles and groups to them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import meeting, person
from netnotes.errors import NoSuchName
from netnotes.people import closest_names
from netnotes.roster import closest_indexed, find_indexed
from netnotes.session import Session

# Keys several contacts answer to (a shared alias, a name twice, a name that
# sorts apart from its path) decide which name a key offers.
PEOPLE = {
    "People/Ada Lovelace.md": person("Ada Lovelace", "aliases: [Countess]\n"),
    "People/Ada L.md": person("Ada Lovelace"),
    "Work/Ada Lovelace.md": person("Ada Lovelace"),
    "People/A.md": person("Zoe Byron", "aliases: [Countess]\n"),
    "People/B.md": person("Ãda Byron", "aliases: [Countess, Ada]\n"),
    "People/Grace Hopper.md": person("Grace Hopper", "aliases: [Amazing Grace]\n"),
    "People/Grace H.md": person("Grace Hopkins"),
    "People/Alan Turing.md": person("Alan Turing"),
    "People/Alan T.md": person("Alan Tühad"),
    "People/Émile.md": person("Émile Borel"),
    "Meetings/2026-01-10 Lunch.md": meeting("2026-01-10", ["Ada Lovelace"]),
}
TYPED = ["Ada Lovelase", "ada", "countes", "byro", "grace", "Alan Turin", "emile", "zzz", "l"]


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    root = tmp_path_factory.mktemp("closest") / "vault"
    (root / ".netnotes").mkdir(parents=True)
    for relative, text in PEOPLE.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    with Session(root, index=root / ".netnotes" / "index.sqlite3") as session:
        index, _ = session.index()
        yield index


@pytest.mark.parametrize("typed", TYPED)
def test_the_closest_names_from_the_stored_keys_are_closest_names_of_every_contact(opened, typed):
    assert closest_indexed(opened, typed) == closest_names(opened.contacts(details=False), typed)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="adelovcutingsrhpAGLÃÉ /.", min_size=1, max_size=14))
def test_any_typed_name_gets_the_same_closest_names(opened, typed):
    assert closest_indexed(opened, typed) == closest_names(opened.contacts(details=False), typed)


def test_a_name_no_one_answers_to_offers_them(opened):
    with pytest.raises(NoSuchName) as raised:
        find_indexed(opened, "Ada Lovelase")
    assert raised.value.candidates == closest_names(opened.contacts(details=False), "Ada Lovelase")
    assert raised.value.candidates[0] == "Ada Lovelace"
    assert str(raised.value).startswith("no contact named 'Ada Lovelase'; closest: Ada Lovelace")
