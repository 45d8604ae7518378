"""Finding a contact by the name a user types: one rule for what a note
answers to (naming.py), and errors that say by their type whether no one or
several answered, so callers never read the message to tell."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import a_contact
from netnotes.errors import AmbiguousName, NameLookupError, NoSuchName
from netnotes.interop.identity import identity_keys, person_of_contact
from netnotes.naming import answers_to, known_as, link_key, lookup_key, sort_key
from netnotes.people import find_contact

PEOPLE = [
    a_contact("Jane Doe"),
    a_contact("Sam Lee", aliases=("Sammy",)),
    a_contact("Sam Park", path="Work/Sam Park.md"),
]


def test_a_note_answers_to_its_name_stem_path_and_aliases_accents_and_case_aside():
    keys = answers_to("Zoë Ångström", "People/Zoe A.MD", ["ZA"])
    assert keys == {"zoe angstrom", "zoe a", "people/zoe a.md", "za"}
    assert known_as("Zoë", "People/Zoe A.md", ("ZA",)) == ("Zoë", "Zoe A", "ZA")


@pytest.mark.parametrize(
    "name, path, aliases",
    [
        ("Jane  Doe", "People/Jane Doe.md", ["JD", "Janie"]),
        ("Zoë Ångström", "People/Zoë Å.md", ["Zoé", "ZA"]),  # accents: link keys keep them
        ("Ｊａｎｅ", "People/Ｊａｎｅ.MD", ["ﬁona"]),  # compatibility forms, `.MD`
    ],
)
def test_a_notes_link_keys_made_already_give_the_same_folded_names(name, path, aliases):
    # rows.py hands answers_to the link keys it made: reused for ASCII text only
    stem_path = path[:-3]
    texts = [name, *aliases, stem_path, stem_path.rsplit("/", 1)[-1], path]
    linked = {text: link_key(text) for text in texts}
    assert answers_to(name, path, aliases, linked) == answers_to(name, path, aliases)
    # and the file stem, made already
    stem = stem_path.rsplit("/", 1)[-1]
    assert answers_to(name, path, aliases, linked, stem) == answers_to(name, path, aliases)
    assert answers_to(name, path, aliases, None, stem) == answers_to(name, path, aliases)
    # the lookup keys it makes, kept for the identity keys (rows.note_rows): the same keys
    folded: dict[str, str] = {}
    assert answers_to(name, path, aliases, linked, stem, folded) == answers_to(name, path, aliases)
    assert set(folded) >= {name, stem, *aliases}
    assert folded == {text: lookup_key(text) for text in folded}
    names = (name, stem)
    assert identity_keys({}, None, names, aliases, folded) == identity_keys(
        {}, None, names, aliases
    )


def test_names_sort_by_their_letters_case_and_accents_aside():
    names = ["ada", "Ada", "ADA Byron", "Ångström", "Ärzte", "ﬁona", "Zoë", "o'Neil", "Strasse"]
    assert [sort_key(n) for n in names] == [
        "ada", "ada", "ada byron", "angstrom", "arzte", "fiona", "zoe", "o'neil", "strasse"
    ]  # fmt: skip


def test_the_identity_rule_compares_what_a_contact_is_known_as():
    jane = a_contact("Jane Doe", path="People/J Doe.md", aliases=("JD",))
    assert person_of_contact(jane).names == ("Jane Doe", "J Doe", "JD")
    assert person_of_contact(jane).names == known_as(jane.name, jane.path, jane.aliases)


def test_no_one_answering_is_no_such_name_carrying_the_closest_names():
    with pytest.raises(NoSuchName) as raised:
        find_contact(PEOPLE, "Jane Do")
    assert raised.value.candidates == ["Jane Doe"]
    assert str(raised.value) == "no contact named 'Jane Do'; closest: Jane Doe"
    assert raised.value.exit_code == 2


def test_several_answering_is_an_ambiguous_name_carrying_all_of_them():
    with pytest.raises(AmbiguousName) as raised:
        find_contact(PEOPLE, "sam")
    assert raised.value.candidates == ["Sam Lee", "Sam Park"]
    assert str(raised.value) == (
        "'sam' could be any of: Sam Lee (People/Sam Lee.md), Sam Park (Work/Sam Park.md);"
        " use the file name or path"
    )


def test_many_answering_lists_ten_and_how_many_more_yet_carries_all_of_them():
    avas = [a_contact(f"Ava {n:02}") for n in range(12)]
    with pytest.raises(AmbiguousName) as raised:
        find_contact(avas, "ava")
    assert raised.value.candidates == [f"Ava {n:02}" for n in range(12)]
    listed = ", ".join(f"Ava {n:02} (People/Ava {n:02}.md)" for n in range(10))
    assert str(raised.value) == (
        f"'ava' could be any of: {listed} and 2 more; use the file name or path"
    )


def test_an_empty_name_is_neither_no_one_nor_several():
    with pytest.raises(NameLookupError) as raised:
        find_contact(PEOPLE, "  ")
    assert not isinstance(raised.value, (NoSuchName, AmbiguousName))


def test_an_alias_or_a_path_finds_one_contact():
    assert find_contact(PEOPLE, "sammy").name == "Sam Lee"
    assert find_contact(PEOPLE, "work/sam park.md").name == "Sam Park"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ ÅåöËé\u0301\u0308ﬁＪ\u00df\u0130ǅ\u1e9e", max_size=8))
def test_a_names_sort_key_drops_every_combining_mark_after_decomposing(name):
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert sort_key(name) == kept.casefold()
