"""Properties are read in one place, without regard to case or separators
(DESIGN.md §2), by every command: `LinkedIn:`, `Phone Number:`, `E-mail:`;
`title:` is a role only when it is not the note's own name."""

from __future__ import annotations

import json

from conftest import a_contact
from netnotes.config import Config
from netnotes.interop.identity import person_of_contact
from netnotes.interop.plan import EXISTS, build_plan
from netnotes.interop.records import Record
from netnotes.interop.vcard import build_vcards
from netnotes.properties import (
    emails_of,
    identifying_values,
    is_role_title,
    property_key,
    property_value,
    role_key,
    value_text,
)

JANE = (
    "---\nname: Jane Doe\ntitle: Jane Doe\nLinkedIn: https://www.linkedin.com/in/janedoe\n"
    'Phone Number: "+1 555 0100"\nE-mail: jane@example.com\nOrganization: Acme\n---\n'
)
RAJ = "---\ntitle: VP Engineering\n---\n"


def test_keys_read_without_case_or_separators():
    assert [property_key(k) for k in ("LinkedIn", "Phone Number", "E-mail", "phone_number")] == [
        "linkedin",
        "phone",
        "email",
        "phone",
    ]
    assert property_value({"E-Mail ": "a@b.c"}, "email") == "a@b.c"
    assert role_key({"title": "Jane Doe"}, "jane doe") is None
    assert role_key({"Title": "VP"}, "Jane Doe") == "Title"


def test_every_command_reads_capitalised_keys_and_a_title_that_is_a_name_is_no_role(
    make_vault, run
):
    vault = make_vault({"People/Jane Doe.md": JANE, "People/Raj.md": RAJ})
    people = {p["name"]: p for p in json.loads(run(vault, "list", "--format", "json").stdout)}
    assert (people["Jane Doe"]["role"], people["Jane Doe"]["company"]) == (None, "Acme")
    assert people["Raj"]["role"] == "VP Engineering"
    card = run(vault, "export", "vcard").stdout
    (jane,) = [c for c in card.split("END:VCARD") if "FN:Jane Doe" in c]
    assert "TEL" in jane and "+1 555 0100" in jane
    assert "EMAIL" in jane and "jane@example.com" in jane
    assert "linkedin.com/in/janedoe" in jane
    assert "TITLE" not in jane
    sheet = run(vault, "prep", "Jane Doe", "--stdout").stdout
    assert "Jane Doe at Acme" not in sheet and "Acme" in sheet
    show = json.loads(run(vault, "show", "Jane Doe", "--format", "json").stdout)
    assert show["role"] is None


def test_import_matches_on_capitalised_linkedin_and_e_mail_keys():
    vault = [
        a_contact("Jane Doe", details={"LinkedIn": "https://www.linkedin.com/in/janedoe/"}),
        a_contact("Raj Patel", details={"E-mail": ["raj@ledgerline.example"]}),
    ]
    entries = [
        Record("card 1", "J. Doe", linkedin="linkedin.com/in/JaneDoe"),
        Record("card 2", "Rajesh P.", emails=("raj@ledgerline.example",)),
    ]
    steps = build_plan("vcard", "x.vcf", entries, vault, Config(), lambda path: False).steps
    assert [(s.action, [(m.name, m.by) for m in s.matches]) for s in steps] == [
        (EXISTS, [("Jane Doe", "linkedin")]),
        (EXISTS, [("Raj Patel", "email")]),
    ]


def test_a_value_reads_as_written_lists_joined_and_mappings_as_key_value():
    assert value_text(None) == "" and value_text(True) == "true"
    assert value_text([" a ", None, "", 3]) == "a, 3"
    assert value_text({"city": "Oslo", "since": [2019]}) == "city: Oslo, since: 2019"


def test_a_title_is_a_role_unless_it_is_the_notes_own_name():
    assert is_role_title("VP Engineering", "Raj") and not is_role_title(" jane DOE ", "Jane Doe")


def test_identifying_keys_read_plurals_and_devices_as_one_kind():
    values = identifying_values({"Emails": ["a@x.io", ""], "Mobile": "555", "tel": 777, "x": 1})
    assert values == {"email": ["a@x.io"], "phone": ["555", "777"]}


def test_the_export_and_the_matcher_agree_on_a_contacts_emails():
    """Every address under any key that reads as email, the parser's first:
    an export carries the ones a match would use."""
    details = {"email": "a@x.io", "emails": ["b@x.io", " a@x.io "], "mail": "c@x.io"}
    jane = a_contact("Jane Doe", email="a@x.io", details=details)
    assert emails_of(jane.email, identifying_values(details)) == ["a@x.io", "b@x.io", "c@x.io"]
    assert person_of_contact(jane).emails == ("a@x.io", "b@x.io", "c@x.io")
    card = build_vcards([jane], {}).decode()
    assert [line.split(":", 1)[1] for line in card.split("\r\n") if line.startswith("EMAIL")] == [
        "a@x.io",
        "b@x.io",
        "c@x.io",
    ]


def test_a_keys_kind_remembered_is_read_alike_the_next_time():
    """identifying_values remembers each key's kind as written: a second note
    with the same keys (and a key that is no text) is read as the first."""
    properties = {"E-mail": "a@x.example", "Mobile": "555 0100", "company": "X", 1: "y"}
    for _ in range(2):
        assert identifying_values(properties) == {"email": ["a@x.example"], "phone": ["555 0100"]}
    assert identifying_values({"Emails": ["b@x.example"], "LinkedIn": "in/b"}) == {
        "email": ["b@x.example"],
        "linkedin": ["in/b"],
    }
