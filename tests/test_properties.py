"""Properties are read in one place, without regard to case or separators
(DESIGN.md §2), by every command: `LinkedIn:`, `Phone Number:`, `E-mail:`;
`title:` is a role only when it is not the note's own name."""

from __future__ import annotations

import json

from conftest import a_contact
from netnotes.config import Config
from netnotes.interop.plan import EXISTS, build_plan
from netnotes.interop.records import Record
from netnotes.properties import property_key, property_value, role_key

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
