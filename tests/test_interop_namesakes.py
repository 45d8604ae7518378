"""Different people with one name are kept: the identity rule in every
importer, a second note named for who they are (`Alison Hill (Contoso).md`,
never `Alison Hill 1.md`), `new NAME --company C`, and a dry run that says
who matched whom and by what."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import a_contact, person
from netnotes.config import Config
from netnotes.interop.plan import CREATE, build_plan
from netnotes.interop.records import Record
from netnotes.interop.vcard import build_vcards, parse_vcards

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Organization Name,Labels,Phone 1 - Label,Phone 1 - Value\n"
)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_second_alison_hill_from_linkedin_gets_her_own_note(make_vault, run, tmp_path):
    vault = make_vault(
        {
            "People/Alison Hill.md": person(
                "Alison Hill",
                "company: Fabrikam\nlinkedin: https://www.linkedin.com/in/alison-hill-fab\n",
            )
        }
    )
    source = write(
        tmp_path,
        "Connections.csv",
        LINKEDIN_HEADER
        + "Alison,Hill,https://www.linkedin.com/in/alisonhill-contoso,,Contoso,CFO,01 Feb 2024\n"
        + "Alison,Hill,https://www.linkedin.com/in/Alison-Hill-Fab/,,Fabrikam,VP,02 Feb 2024\n",
    )
    dry = run(vault, "import", "linkedin", source)
    lines = dry.stdout.splitlines()
    assert lines[1].startswith("create  line 2  Alison Hill  People/Alison Hill (Contoso).md")
    assert "not Alison Hill (People/Alison Hill.md): another LinkedIn profile" in lines[1]
    assert lines[2].startswith("exists  line 3")
    assert "Alison Hill (People/Alison Hill.md) by linkedin" in lines[2]
    applied = run(vault, "import", "linkedin", source, "--apply")
    assert applied.exit_code == 0, applied.stderr
    second = (vault / "People" / "Alison Hill (Contoso).md").read_text(encoding="utf-8")
    assert second.startswith("---\nname: Alison Hill\n")
    assert not list((vault / "People").glob("Alison Hill 1*"))
    ambiguous = run(vault, "prep", "Alison Hill", "--stdout")
    assert ambiguous.exit_code == 2
    assert "People/Alison Hill.md" in ambiguous.stderr
    assert "People/Alison Hill (Contoso).md" in ambiguous.stderr
    again = json.loads(run(vault, "import", "linkedin", source, "--format", "json").stdout)
    assert again["counts"]["create"] == 0 and again["counts"]["exists"] == 2


def test_two_google_contacts_named_manu_with_different_phones_are_two_people(
    make_vault, run, tmp_path
):
    vault = make_vault({})
    source = write(
        tmp_path,
        "contacts.csv",
        GOOGLE_HEADER
        + "Manu,,,,* myContacts,Mobile,+33 6 11 11 11 11\n"
        + "Manu,,,,* myContacts,Mobile,+33 6 22 22 22 22\n"
        + "Manu,,,,* myContacts,Mobile,06 22 22 22 22\n",
    )
    result = run(vault, "import", "google", source, "--format", "json")
    steps = json.loads(result.stdout)["steps"]
    assert [(s["action"], s["path"]) for s in steps] == [
        ("create", "People/Manu.md"),
        ("create", "People/Manu (+33 6 22 22 22 22).md"),
        ("skip", None),
    ]
    assert steps[2]["reason"] == "same person as line 3 of this file (by phone)"
    assert run(vault, "import", "google", source, "--apply").exit_code == 0
    assert sorted(p.name for p in (vault / "People").iterdir()) == [
        "Manu (+33 6 22 22 22 22).md",
        "Manu.md",
    ]


def test_an_existing_note_matched_by_name_no_longer_blocks_a_second_person(
    make_vault, run, tmp_path
):
    vault = make_vault({"People/Sam Lee.md": person("Sam Lee", "company: Initech\n")})
    source = write(
        tmp_path,
        "Connections.csv",
        LINKEDIN_HEADER
        + "Sam,Lee,https://www.linkedin.com/in/samlee,,Initrode,CTO,01 Feb 2024\n"
        + "Sam,Lee,https://www.linkedin.com/in/samlee2,,,,01 Feb 2024\n",
    )
    steps = json.loads(run(vault, "import", "linkedin", source, "--format", "json").stdout)["steps"]
    assert [(s["action"], s["path"]) for s in steps] == [
        ("create", "People/Sam Lee (Initrode).md"),
        ("exists", None),  # no company: the same person as the note by name
    ]
    assert steps[1]["matches"] == [{"path": "People/Sam Lee.md", "name": "Sam Lee", "by": "name"}]


def test_new_with_another_company_creates_a_second_person(make_vault, run):
    vault = make_vault({"People/Alison Hill.md": person("Alison Hill", "company: Fabrikam\n")})
    made = run(vault, "new", "Alison Hill", "--company", "[[Contoso]]")
    assert made.exit_code == 0, made.stderr
    assert made.stdout.strip() == "People/Alison Hill (Contoso).md"
    same = run(vault, "new", "Alison Hill", "--company", "Fabrikam")
    assert same.exit_code == 1 and "already exists" in same.stderr
    bare = run(vault, "new", "alison hill")
    assert bare.exit_code == 1
    log = run(vault, "log", "Alison Hill", "-m", "hello", "--date", "2026-11-20")
    assert log.exit_code == 2 and "Alison Hill (Contoso)" in log.stderr


def test_check_lists_likely_duplicates_by_the_identity_rule_unless_not_same_as(make_vault, run):
    vault = make_vault(
        {
            "People/Alison Hill.md": person("Alison Hill", "company: Fabrikam\n"),
            "People/Alison Hill (Contoso).md": person("Alison Hill", "company: Contoso\n"),
            "People/Raj Patel.md": person("Raj Patel", "email: raj@ledgerline.example\n"),
            "People/Rajesh.md": person("Rajesh", "E-mail: RAJ@ledgerline.example\n"),
            "People/Manu.md": person("Manu", "phone: +33 6 11 11 11 11\n"),
            "People/Manu B.md": person(
                "Manu", 'phone: "06 22 22 22 22"\nnot_same_as: ["[[Manu]]"]\n'
            ),
        }
    )
    result = run(vault, "check", "--format", "json")
    found = {(p["path"], p["problem"].split(";")[0]) for p in json.loads(result.stdout)}
    assert found == {
        ("People/Raj Patel.md", "likely the same person (the same email) as People/Rajesh.md"),
        ("People/Rajesh.md", "likely the same person (the same email) as People/Raj Patel.md"),
    }
    (vault / "People/Manu B.md").write_text(person("Manu", "phone: 0622222222\n"), encoding="utf-8")
    result = run(vault, "check", "--format", "json")
    found = {(p["path"], p["problem"].split(";")[0]) for p in json.loads(result.stdout)}
    assert ("People/Manu.md", "another contact also answers to 'manu': People/Manu B.md") in found


# --- property: every person comes back -------------------------------------------

NAMES = st.sampled_from(["Alison Hill", "ALISON HILL", "Manu", "Zoë Ångström", "Zoe Angstrom"])
COMPANIES = st.sampled_from([None, "Contoso", "Fabrikam", "contoso"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NAMES, COMPANIES), min_size=1, max_size=8))
def test_an_import_into_an_empty_vault_then_export_gives_back_every_person(people):
    # each row is its own LinkedIn profile: a different person, whatever the name
    records = [
        Record(f"line {i + 2}", name, company=company, linkedin=f"https://linkedin.com/in/p-{i}")
        for i, (name, company) in enumerate(people)
    ]
    plan = build_plan("linkedin", "c.csv", records, [], Config(), lambda path: False)
    assert [s.action for s in plan.steps] == [CREATE] * len(records)
    paths = [s.path for s in plan.steps]
    assert len({p.casefold() for p in paths}) == len(paths)  # one note each, never a clash
    assert not any(p.removesuffix(".md").endswith((" 1", " 2")) for p in paths)
    contacts = [
        a_contact(s.contact.name, path=s.path, company=s.contact.company) for s in plan.steps
    ]
    back = parse_vcards("x.vcf", build_vcards(contacts, {}))
    assert sorted((r.name, r.company or "") for r in back) == sorted(
        (r.name, r.company or "") for r in records
    )


def test_every_imported_namesake_comes_back_out_of_export_vcard(make_vault, run, tmp_path):
    vault = make_vault({})
    source = write(
        tmp_path,
        "Connections.csv",
        LINKEDIN_HEADER
        + "Alison,Hill,https://www.linkedin.com/in/ah-1,,Contoso,CFO,01 Feb 2024\n"
        + "Alison,Hill,https://www.linkedin.com/in/ah-2,,Contoso,VP,02 Feb 2024\n"
        + "Alison,Hill,https://www.linkedin.com/in/ah-3,,Fabrikam,CEO,03 Feb 2024\n"
        + "Alíson,HILL,https://www.linkedin.com/in/ah-4,,,,04 Feb 2024\n",
    )
    assert run(vault, "import", "linkedin", source, "--apply").exit_code == 0
    assert sorted(p.name for p in (vault / "People").iterdir()) == [
        "Alison Hill (Contoso).md",
        "Alison Hill (Fabrikam).md",
        "Alison Hill.md",
        "Alíson HILL (ah-4).md",
    ]
    exported = run(vault, "export", "vcard").stdout_bytes
    back = parse_vcards("x.vcf", exported)
    assert sorted((r.name, r.company or "", r.linkedin) for r in back) == [
        ("Alison Hill", "Contoso", "https://www.linkedin.com/in/ah-1"),
        ("Alison Hill", "Contoso", "https://www.linkedin.com/in/ah-2"),
        ("Alison Hill", "Fabrikam", "https://www.linkedin.com/in/ah-3"),
        ("Alíson HILL", "", "https://www.linkedin.com/in/ah-4"),
    ]
