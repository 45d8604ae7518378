"""`netnotes export vcard`: every contact that is not archived as a valid
vCard 3.0 (FN always, escaped, folded at 75 octets, CRLF), and the round
trip export → import into an empty vault gives the same people (T69)."""

from __future__ import annotations

import json
from pathlib import Path

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import a_contact
from netnotes.interop.records import Record
from netnotes.interop.vcard import build_vcards, intro_text, parse_vcards
from netnotes.models import Contact
from netnotes.notes import parse_note


def intro(text: str) -> str | None:
    """NOTE of a contact note, from the opening text the parser finds."""
    return intro_text(parse_note("People/A.md", text).opening)


AWKWARD = """---
name: 'Smith, John; Jr. \\ the Third'
company: "R&D; Labs, Inc."
role: VP, Engineering
email: john@smith.example
phone: "+1 555 0100"
linkedin: https://www.linkedin.com/in/jsmith
birthday: 02-29
tags: [mentor, fintech]
---
Knows everyone in payments, including the folks at Ledgerline, Stripe and Adyen; very generous with intros \\ advice.
Second line of the note.

## Log
### 2026-01-05 — Coffee
- Lives in Lisbon now #personal
"""


def export(run, vault: Path) -> bytes:
    result = run(vault, "export", "vcard")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def shown(run, vault: Path, name: str) -> dict:
    result = run(vault, "show", name, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_awkward_values_make_a_valid_escaped_folded_crlf_vcard(make_vault, run):
    vault = make_vault({"People/John Smith.md": AWKWARD})
    data = export(run, vault)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "FN:Smith\\, John\\; Jr. \\\\ the Third\r\n" in unfolded
    assert "ORG:R&D\\; Labs\\, Inc.\r\n" in unfolded
    assert "NOTE:Knows everyone in payments\\, including" in unfolded
    assert "intros \\\\ advice.\\nSecond line of the note.\r\n" in unfolded
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\r\n" in unfolded  # no year, in a 3.0 card
    assert "N:Smith\\, John\\; Jr. \\\\ the Third;;;;\r\n" in unfolded  # no split guessed
    assert "VERSION:3.0\r\n" in unfolded
    card = vobject.readOne(data.decode("utf-8"))
    assert card.fn.value == "Smith, John; Jr. \\ the Third"
    assert card.org.value == ["R&D; Labs, Inc."]


def test_awkward_contact_comes_back_identical_after_export_and_import(make_vault, run, tmp_path):
    vault = make_vault({"People/John Smith.md": AWKWARD})
    exported = tmp_path / "contacts.vcf"
    exported.write_bytes(export(run, vault))
    empty = make_vault(name="empty")
    assert run(empty, "import", "vcard", str(exported), "--apply").exit_code == 0
    before, after = (
        shown(run, vault, "Smith, John; Jr. \\ the Third"),
        shown(run, empty, "Smith, John; Jr. \\ the Third"),
    )
    for key in ("name", "company", "role"):
        assert after[key] == before[key], key
    for key in ("email", "phone", "linkedin", "birthday"):
        assert after["details"][key] == before["details"][key], key
    assert sorted(after["tags"]) == sorted([*before["tags"], "vcard"])
    (new_note,) = (empty / "People").iterdir()
    assert intro(new_note.read_text(encoding="utf-8")) == intro(AWKWARD)


def test_example_vault_round_trips_through_vcard(example_vault, make_vault, run, tmp_path):
    exported = tmp_path / "everyone.vcf"
    assert run(example_vault, "export", "vcard", "-o", str(exported)).exit_code == 0
    empty = make_vault(name="empty")
    result = run(empty, "import", "vcard", str(exported), "--apply", "--format", "json")
    assert json.loads(result.stdout)["counts"]["created"] == 11
    people = json.loads(run(example_vault, "list", "--format", "json").stdout)
    wanted = [p["name"] for p in people if p["status"] != "archived"]
    assert [p["name"] for p in json.loads(run(empty, "list", "--format", "json").stdout)] == wanted
    for name in wanted:
        before, after = shown(run, example_vault, name), shown(run, empty, name)
        assert (after["company"], after["role"]) == (before["company"], before["role"]), name
        for key in ("email", "phone", "birthday"):
            assert str(after["details"].get(key)) == str(before["details"].get(key)), (name, key)
        assert sorted(after["tags"]) == sorted([*before["tags"], "vcard"]), name


def test_archived_contacts_are_left_out_and_every_card_has_fn(example_vault, run):
    data = export(run, example_vault).decode("utf-8")
    cards = list(vobject.readComponents(data))
    assert len(cards) == 11
    assert all(card.fn.value for card in cards)
    assert "Emma Schmidt" not in data
    jane = next(c for c in cards if c.fn.value == "Jane Doe")
    assert (
        jane.note.value
        == "Leads payments infrastructure at Acme; generous with intros. Prefers lunch to coffee."
    )
    assert jane.bday.value == "1980-07-14"
    assert jane.categories.value == ["mentor", "fintech"]


def test_same_vault_gives_the_same_bytes(example_vault, run):
    assert export(run, example_vault) == export(run, example_vault)


def test_intro_leaves_out_frontmatter_headings_and_sensitive_lines():
    text = "---\nname: A\n---\nLikes [[Jazz Club|jazz]].\nHer divorce #sensitive\n\n## Personal\n- Kids\n"
    assert intro(text) == "Likes jazz."
    assert intro("---\nname: A\n---\n## Log\n") is None


def test_output_refuses_a_vcard_file_netnotes_did_not_write(example_vault, run, tmp_path):
    target = tmp_path / "phone.vcf"
    foreign = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mum\r\nEND:VCARD\r\n"
    target.write_bytes(foreign)
    result = run(example_vault, "export", "vcard", "-o", str(target))
    assert result.exit_code == 1
    assert "not a vCard file netnotes wrote" in result.stderr
    assert target.read_bytes() == foreign
    assert run(example_vault, "export", "vcard", "-o", str(target), "--force").exit_code == 0
    assert target.read_bytes() == export(run, example_vault)
    assert run(example_vault, "export", "vcard", "-o", str(target)).exit_code == 0  # now it is ours


def contact(name: str, company: str | None, note: str | None) -> Contact:
    return a_contact(name, tags=("met-online",), company=company)


def one_line(text: str) -> str:
    return " ".join(text.split())


texts = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=120)


@settings(max_examples=200, deadline=None)
@given(name=texts.map(one_line).filter(bool), company=texts.map(one_line), note=texts)
def test_any_text_survives_export_and_import(name, company, note):
    note = "\n".join(line.strip() for line in note.replace("\r", "\n").split("\n")).strip()
    data = build_vcards(
        [contact(name, company or None, note or None)], {f"People/{name}.md": note or None}
    )
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    (record,) = parse_vcards("x.vcf", data)
    assert isinstance(record, Record)
    assert (record.name, record.company, record.note) == (name, company or None, note or None)
    assert record.labels == ("met-online",)


def test_a_short_line_of_multibyte_letters_is_still_folded_at_75_octets():
    name = "Zoë " + "Å" * 40  # 44 characters, 85 octets: vobject alone leaves it unfolded
    data = build_vcards([contact(name, None, None)], {})
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    (record,) = parse_vcards("x.vcf", data)
    assert record.name == name


def test_n_uses_the_imported_given_and_family_names(make_vault, run):
    vault = make_vault(
        {
            "People/John Doe III.md": "---\nname: John Doe III\ngiven_name: John\n"
            "family_name: Doe III\nbirthday: 09-18\n---\n",
            "People/Cher.md": "---\nname: Cher\n---\n",
        }
    )
    unfolded = export(run, vault).replace(b"\r\n ", b"").decode("utf-8")
    assert "N:Doe III;John;;;\r\n" in unfolded
    assert "N:Cher;;;;\r\n" in unfolded
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-09-18\r\n" in unfolded
    card = vobject.readOne(unfolded.split("END:VCARD")[1] + "END:VCARD\r\n")
    assert card.n.value.family == "Doe III"


def test_every_address_a_note_holds_is_an_email_once(make_vault, run):
    """`email:` first, then `emails:` (a list) and `Mail:`, as the import's
    matcher reads them: an address under either used to be left out."""
    note = (
        "---\nname: Ada Lovelace\nemail: ada@home.example\n"
        "emails: [ada@work.example, ada@home.example]\nMail: ada@club.example\n---\n"
    )
    vault = make_vault({"People/Ada Lovelace.md": note})
    card = vobject.readOne(export(run, vault).decode("utf-8"))
    assert [e.value for e in card.contents["email"]] == [
        "ada@home.example",
        "ada@work.example",
        "ada@club.example",
    ]
