"""`netnotes import`: a dry run that writes nothing, matching against the
vault (name, alias, email, LinkedIn; case and accents aside), creating only
new people through `netnotes new`'s path, and never twice."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import a_contact
from netnotes.config import Config
from netnotes.interop.plan import CREATE, EXISTS, SKIP, build_plan
from netnotes.interop.records import Record, Rejected
from netnotes.models import Contact

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
LINKEDIN = str(FIXTURES / "Connections.csv")
GOOGLE = str(FIXTURES / "google-contacts.csv")
VCARD = str(FIXTURES / "contacts.vcf")


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the vault, hidden ones too, with its bytes and mtime."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def contact(name: str, path: str | None = None, aliases=(), email=None, details=None) -> Contact:
    return a_contact(
        name,
        path=path or f"People/{name}.md",
        aliases=tuple(aliases),
        email=email,
        details=details or {},
    )


def plan_of(entries, contacts, exists=lambda path: False):
    return build_plan("vcard", "x.vcf", entries, contacts, Config(), exists)


# --- the plan -------------------------------------------------------------------


def test_matches_by_name_alias_email_and_linkedin_whatever_case_and_accents():
    vault = [
        contact("Zoë Ångström", aliases=["Zoe"]),
        contact("Raj Patel", email="raj@ledgerline.example"),
        contact("Jane Doe", details={"linkedin": "https://www.linkedin.com/in/janedoe/"}),
    ]
    entries = [
        Record("card 1", "ZOE ANGSTROM"),
        Record("card 2", "zoe"),
        Record("card 3", "Rajesh P.", emails=("RAJ@Ledgerline.example",)),
        Record("card 4", "J. Doe", linkedin="linkedin.com/in/JaneDoe"),
        Record("card 5", "Ada Lovelace"),
    ]
    steps = plan_of(entries, vault).steps
    assert [(s.action, [(m.name, m.by) for m in s.matches]) for s in steps] == [
        (EXISTS, [("Zoë Ångström", "name")]),
        (EXISTS, [("Zoë Ångström", "alias")]),
        (EXISTS, [("Raj Patel", "email")]),
        (EXISTS, [("Jane Doe", "linkedin")]),
        (CREATE, []),
    ]
    assert steps[4].path == "People/Ada Lovelace.md"


def test_someone_answering_to_two_contacts_is_left_alone_and_flagged():
    vault = [contact("Sam Lee"), contact("Samantha Lee", email="sam@lee.example")]
    (step,) = plan_of([Record("line 2", "Sam Lee", emails=("sam@lee.example",))], vault).steps
    assert step.action == EXISTS
    assert [(m.path, m.by) for m in step.matches] == [
        ("People/Samantha Lee.md", "email"),  # the strongest evidence first
        ("People/Sam Lee.md", "name"),
    ]
    assert "more than one contact" in step.reason


def test_a_person_listed_twice_in_one_file_is_created_once():
    entries = [
        Record("line 2", "Ada Lovelace", emails=("ada@engines.example",)),
        Record("line 3", "Ada King", emails=("ADA@engines.example",)),
        Record("line 4", "ada lovelace"),
    ]
    steps = plan_of(entries, []).steps
    assert [s.action for s in steps] == [CREATE, SKIP, SKIP]
    assert steps[1].reason == "same person as line 2 of this file (by email)"


def test_a_file_name_already_taken_is_skipped_not_overwritten():
    entries = [Record("line 2", "Ada/Lovelace"), Record("line 3", "Grace Hopper")]
    steps = plan_of(
        entries, [contact("Ada Lovelace")], exists=lambda p: p == "People/Grace Hopper.md"
    ).steps
    assert [s.action for s in steps] == [SKIP, SKIP]
    assert "People/Ada Lovelace.md is already the note of Ada Lovelace" in steps[0].reason
    assert "People/Grace Hopper.md already exists" in steps[1].reason


def test_rejected_entries_are_skipped_with_their_reason():
    (step,) = plan_of([Rejected("card 4 (line 36)", "Half Written", "no END:VCARD line")], []).steps
    assert (step.action, step.name, step.reason) == (SKIP, "Half Written", "no END:VCARD line")


def test_new_contact_carries_the_source_fields_and_tags():
    record = Record(
        "line 2",
        "Margaret Hamilton",
        emails=("a@x", "b@x"),
        phones=("+1 617",),
        company="Draper",
        role="Director",
        linkedin="https://linkedin.com/in/mh",
        birthday="04-17",
        connected=date(2024, 3, 5),
        note="Hi",
        labels=("Friends", "Work Colleagues", "2024"),
    )
    (step,) = build_plan("google", "g.csv", [record], [], Config(), lambda p: False).steps
    new = step.contact
    assert new.tags == ("google", "friends", "work-colleagues")
    assert (new.email, new.phone, new.birthday, new.connected, new.note) == (
        "a@x",
        "+1 617",
        "04-17",
        date(2024, 3, 5),
        "Hi",
    )


# --- the command ------------------------------------------------------------------


def test_dry_run_prints_the_plan_and_writes_nothing(example_vault, run):
    before = snapshot(example_vault)
    result = run(example_vault, "import", "linkedin", LINKEDIN)
    assert result.exit_code == 0
    assert snapshot(example_vault) == before
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ACTION", "WHERE", "NAME", "DETAIL"]
    assert "create  line 5   Ada Lovelace  People/Ada Lovelace.md" in lines
    assert any(
        line.startswith("exists  line 8   ZOE ANGSTROM") and "Zoë Ångström" in line
        for line in lines
    )
    assert any(line.startswith("exists  line 9   Raj P.") and "by email" in line for line in lines)
    assert any(line.startswith("skip    line 7") and "no name" in line for line in lines)
    assert result.stderr.strip() == (
        "dry run, nothing written: 2 to create, 3 already in the vault, 1 skipped; add --apply to make these changes"
    )


def test_apply_creates_the_new_people_and_changes_no_existing_note(example_vault, run):
    before = snapshot(example_vault)
    result = run(example_vault, "import", "linkedin", LINKEDIN, "--apply")
    assert result.exit_code == 0, result.stderr
    after = snapshot(example_vault)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == ["People/Ada Lovelace.md", "People/Grace Hopper.md"]
    assert result.stderr.strip() == "created 2 contacts, 3 already in the vault, 1 skipped"
    shown = json.loads(run(example_vault, "show", "Ada Lovelace", "--format", "json").stdout)
    assert shown["company"] == "Figma, Inc."
    assert shown["role"] == "VP, Engineering"
    assert shown["tags"] == ["linkedin"]
    assert shown["details"]["connected"] == "2024-03-05"
    assert "met" not in shown["details"]
    assert shown["details"]["linkedin"] == "https://www.linkedin.com/in/ada-lovelace-1815"


def test_running_the_same_import_again_creates_nothing(example_vault, run):
    for source, path in (("linkedin", LINKEDIN), ("google", GOOGLE), ("vcard", VCARD)):
        assert run(example_vault, "import", source, path, "--apply").exit_code == 0
    before = snapshot(example_vault)
    for source, path in (("linkedin", LINKEDIN), ("google", GOOGLE), ("vcard", VCARD)):
        result = run(example_vault, "import", source, path, "--apply", "--format", "json")
        plan = json.loads(result.stdout)
        assert plan["counts"]["created"] == 0, source
        assert all(step["action"] in ("exists", "skip") for step in plan["steps"])
    assert snapshot(example_vault) == before


def test_google_import_writes_birthday_phone_note_and_label_tags(make_vault, run):
    vault = make_vault()
    assert run(vault, "import", "google", GOOGLE, "--apply").exit_code == 0
    shown = json.loads(run(vault, "show", "Margaret Hamilton", "--format", "json").stdout)
    assert shown["tags"] == ["friends", "google"]
    assert shown["details"]["birthday"] == "04-17"
    assert shown["details"]["phone"] == "+1 617-555-0100"
    assert shown["details"]["email"] == "a@x.example"
    text = (vault / "People" / "Margaret Hamilton.md").read_text(encoding="utf-8")
    assert "Met at the Apollo reunion.\nAsk about the new book.\n" in text


def test_vcard_import_reports_the_broken_card_and_imports_the_rest(make_vault, run):
    vault = make_vault()
    result = run(vault, "import", "vcard", VCARD, "--apply")
    assert result.exit_code == 0
    assert sorted(p.name for p in (vault / "People").iterdir()) == [
        "Ana Lima.md",
        "Grace Hopper.md",
        "José Pérez.md",
        "Rajesh Patel.md",
        "Zoë Ahlström.md",
    ]
    assert "skip     card 4 (line 36)  Half Written" in result.stdout
    assert (
        f"{VCARD}: warning: a line that is not a vCard property was skipped (1 time; line 29)"
        in result.stderr
    )
    shown = json.loads(run(vault, "show", "Ana Lima", "--format", "json").stdout)
    assert shown["details"]["birthday"] == "04-15"
    assert shown["details"]["phone"] == "+1-555-0100"


def test_json_plan_lists_every_step_with_its_contact(example_vault, run):
    result = run(example_vault, "import", "vcard", VCARD, "--format", "json")
    plan = json.loads(result.stdout)
    assert plan["applied"] is False
    assert plan["counts"] == {
        "create": 4,
        "created": 0,
        "update": 0,
        "updated": 0,
        "exists": 1,
        "skip": 2,
        "failed": 0,
    }
    raj = plan["steps"][6]
    assert raj["action"] == "exists"
    assert raj["matches"] == [{"path": "People/Raj Patel.md", "name": "Raj Patel", "by": "email"}]
    grace = plan["steps"][2]
    assert grace["contact"]["birthday"] == "12-09"
    assert grace["contact"]["tags"] == ["vcard", "mentors", "book-club"]
    assert grace["warnings"] == []
    assert plan["warnings"] == ["a line that is not a vCard property was skipped (1 time; line 29)"]


def test_refused_writes_are_reported_per_person_and_exit_1(example_vault, run):
    (example_vault / ".git").mkdir()
    (example_vault / ".git" / "index.lock").write_text("")
    before = snapshot(example_vault)
    result = run(example_vault, "import", "linkedin", LINKEDIN, "--apply")
    assert result.exit_code == 1
    assert snapshot(example_vault) == before
    assert result.stdout.count("failed") == 2
    assert "git operation" in result.stdout
    assert result.stderr.strip().endswith("2 failed")


@pytest.mark.parametrize(
    ("source", "data", "message"),
    [
        ("linkedin", b"", "the file is empty; expected LinkedIn's Connections.csv"),
        (
            "google",
            b"Name;Phone\nAda;1\n",
            "no Google Contacts header row; expected a Google Contacts CSV",
        ),
        ("vcard", b"\xff\xfeB\x00", "no BEGIN:VCARD line"),
        (
            "linkedin",
            b"First Name,Last Name,URL\nJos\xe9,P,\n",
            "line 2 is not UTF-8 text (byte 0xe9)",
        ),
        ("google", (FIXTURES / "Connections.csv").read_bytes(), "this is a LinkedIn export"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_writes_nothing(
    example_vault, run, tmp_path, source, data, message
):
    bad = tmp_path / "bad-input"
    bad.write_bytes(data)
    before = snapshot(example_vault)
    result = run(example_vault, "import", source, str(bad), "--apply")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"netnotes: {bad}: ")
    assert message in result.stderr
    assert snapshot(example_vault) == before
