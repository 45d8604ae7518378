"""Other vaults' conventions (DESIGN.md §2–3): interaction notes with
`person:`/`contacts:`/`participants:`, `type:` that is never a kind but beats
the folder rule, attendees named in plain words, a lowercase `people/`
folder and the `people` tag."""

from __future__ import annotations

import json

from conftest import person

TODAY = "2026-10-01"


def listing(run, vault) -> dict[str, dict]:
    result = run(vault, "list", "--format", "json", "--date", TODAY)
    assert result.exit_code == 0, result.stderr
    return {row["name"]: row for row in json.loads(result.stdout)}


def test_interaction_notes_of_other_templates_count_for_their_people(make_vault, run):
    vault = make_vault(
        {
            "people/Priya Shah.md": "---\naliases: [PS]\n---\n",
            "Contacts/Dell Ruiz.md": "---\ntags: [people]\n---\n",
            "Contacts/Omar.md": "---\ntype: contact\n---\n",
            "Notes/2026-09-01 Zoom call with Dell finance.md": (
                '---\ndate: 2026-09-01\ntype: meeting\nparticipants:\n  - "[[Dell Ruiz]]"\n---\n'
            ),
            "Notes/Lunch.md": '---\ndate: 2026-09-02\nperson: "[[Priya Shah]]"\n---\n',
            "Notes/Coffee.md": (
                '---\ndate: 2026-09-03\ncontacts: ["[[Omar]]", "[[Priya Shah]]"]\n---\n'
                "- [ ] Review Priya's doc 📅 2026-09-20\n"
                "- [ ] Send the notes 📅 2026-09-21\n"
            ),
        }
    )
    people = listing(run, vault)
    assert sorted(people) == ["Dell Ruiz", "Omar", "Priya Shah"]
    assert (people["Dell Ruiz"]["last_touch"], people["Dell Ruiz"]["last_in_person"]) == (
        "2026-09-01",
        None,  # a Zoom call, whatever `type: meeting` says
    )
    assert people["Priya Shah"]["last_in_person"] == "2026-09-03"  # lunch, then coffee
    digest = json.loads(run(vault, "digest", "--format", "json", "--date", TODAY).stdout)
    owed = sorted((row["name"], row["text"]) for row in digest["follow_ups"])
    assert owed == [
        ("Omar", "Send the notes"),
        ("Priya Shah", "Review Priya's doc"),  # named in plain words: hers alone
        ("Priya Shah", "Send the notes"),
    ]


def test_type_and_meeting_keys_beat_the_folder_rule(make_vault, run):
    vault = make_vault(
        {
            "People/Jane.md": person("Jane", "type: friend\n"),
            "People/Jane/2026-03-01 Lunch.md": '---\ndate: 2026-03-01\nwith: "[[Jane]]"\n---\n',
            "People/Acme Corp.md": "---\ntype: company\n---\n",
        }
    )
    people = listing(run, vault)
    assert list(people) == ["Jane"]
    assert people["Jane"]["last_in_person"] == "2026-03-01"


def test_no_contacts_among_notes_says_how_contacts_are_found_and_what_to_set(make_vault, run):
    vault = make_vault({"Folks/Ada.md": "---\nrole: x\n---\n", "Folks/Bob.md": "Bob\n"})
    for args in (["list"], ["digest", "--stdout"], ["list", "--format", "json"]):
        result = run(vault, *args, "--date", TODAY)
        assert result.exit_code == 0
        assert "no contacts among 2 notes" in result.stderr, args
        assert "type: person" in result.stderr and "people_dir" in result.stderr
    empty = run(make_vault({}, name="empty"), "list")
    assert "no contacts among" not in empty.stderr and "netnotes new" in empty.stderr
    (vault / "Folks/Ada.md").write_text("---\ntype: person\n---\n")
    assert "no contacts among" not in run(vault, "list", "--date", TODAY).stderr


def test_a_person_template_is_no_contact_to_hint_about(make_vault, run):
    """The hint asks how many contacts the index holds (contact_count), not
    how many notes are contacts: a Templater template under People/ is none."""
    vault = make_vault(
        {
            "People/New person.md": "---\nname: <% tp.file.title %>\n---\n",
            "Folks/Ada.md": "---\nrole: x\n---\n",
        }
    )
    for args in (["list"], ["digest", "--stdout"]):
        result = run(vault, *args, "--date", TODAY)
        assert result.exit_code == 0
        assert "no contacts among 1 note:" in result.stderr, args


def test_a_company_note_with_a_date_and_contacts_is_no_meeting(make_vault, run):
    vault = make_vault(
        {
            "People/Ada.md": person("Ada"),
            "Companies/Acme.md": '---\ntype: company\ndate: 2026-09-01\ncontacts: ["[[Ada]]"]\n---\n',
        }
    )
    assert listing(run, vault)["Ada"]["last_touch"] is None
