"""Likely duplicates are judged from the pairs of contacts that share a key,
read in order with each contact's namesake marks (duplicates.py), never a
vault's worth of paths and Persons held at once: the warnings are those of
judging every pair of contacts, whole, by the identity rule."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from itertools import combinations
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, person
from netnotes import duplicates
from netnotes.interop.identity import kept_apart, person_of_keys, told_apart
from netnotes.models import Problem
from netnotes.results import CONTACT_COLUMNS, contact_of
from netnotes.session import Session

NAMES = ["Alison Hill", "ALISON HILL", "Manu", "Zoë Ångström", "Zoe Angstrom", "Raj"]
CONTACTS = st.tuples(
    st.sampled_from(NAMES),
    st.sampled_from([None, "Contoso", "Fabrikam", "contoso, inc"]),
    st.sampled_from([None, "in/ali", "in/manu"]),
    st.sampled_from([None, "raj@ledgerline.example", "RAJ@ledgerline.example"]),
    st.sampled_from([None, "Manu", "Raj", "alison hill"]),  # an alias
    st.sampled_from([None, "Manu", "Alison Hill"]),  # not_same_as
)


def note(name, company, linkedin, email, alias, apart) -> str:
    front = f"company: {company}\n" if company else ""
    front += f"linkedin: https://linkedin.com/{linkedin}\n" if linkedin else ""
    front += f"email: {email}\n" if email else ""
    front += f"aliases: [{alias}]\n" if alias else ""
    front += f'not_same_as: ["[[{apart}]]"]\n' if apart else ""
    return person(name, front)


def judged_pair_by_pair(conn: sqlite3.Connection) -> list[Problem]:
    """The identity rule applied to every two contacts, from all they hold."""
    keys: dict[str, set[str]] = {}
    for path, key in conn.execute(
        "SELECT f.path, x.key FROM identities x JOIN files f ON f.id = x.file"
    ):
        keys.setdefault(path, set()).add(key)
    people = {
        row[0]: person_of_keys(contact_of(row), sorted(keys.get(row[0], ())))
        for row in conn.execute(
            f"SELECT {CONTACT_COLUMNS}, NULL FROM contacts c JOIN files f ON f.id = c.file"
        )
    }
    others: dict[str, dict[str, str]] = {}
    for a, b in combinations(sorted(people), 2):
        held_a, held_b = keys.get(a, set()), keys.get(b, set())
        shared = {k for k in held_a & held_b if not k.startswith(("apart:", "alias:"))}
        for one, other in ((held_a, held_b), (held_b, held_a)):
            shared |= {k for k in one if k.startswith("name:") and f"alias:{k[5:]}" in other}
        if not shared:
            continue
        strong = sorted(k.split(":")[0] for k in shared if not k.startswith("name:"))
        pa, pb = people[a], people[b]
        if kept_apart(pa, pb) or (not strong and told_apart(pa, pb)):
            continue
        names = sorted((k[5:] for k in shared if k.startswith("name:")), key=lambda k: (-len(k), k))
        why = f"'{names[0]}'" if names else f"the same {strong[0]}"
        others.setdefault(a, {})[b] = others.setdefault(b, {})[a] = why
    return [duplicates._problem(path, found) for path, found in sorted(others.items())]


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(CONTACTS, min_size=2, max_size=9))
def test_the_streamed_judgement_is_that_of_every_pair_of_contacts(contacts):
    root = Path(tempfile.mkdtemp(prefix="dups"))
    index_file = root.parent / f"{root.name}.sqlite3"
    try:
        (root / "People").mkdir()
        for n, fields in enumerate(contacts):
            (root / "People" / f"{fields[0]} {n}.md").write_text(note(*fields), encoding="utf-8")
        with Session(root, index_file) as session:
            conn = session.index()[0].conn
            assert duplicates.likely_duplicates(conn) == judged_pair_by_pair(conn)
    finally:
        shutil.rmtree(root)
        index_file.unlink(missing_ok=True)
