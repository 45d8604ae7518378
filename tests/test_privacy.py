"""DESIGN.md §9 end to end, through the real CLI on vaults built here: comments
never leave a note, and a #sensitive line shows only on its subjects' sheets,
under "handle with care" — each case a leak a user found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import entry, meeting, person

TODAY = "2026-11-26"


def prep(run, vault: Path, name: str) -> tuple[str, str]:
    """The sheet as markdown and as JSON text."""
    md = run(vault, "prep", name, "--stdout", "--date", TODAY)
    js = run(vault, "prep", name, "--format", "json", "--date", TODAY)
    assert md.exit_code == 0 and js.exit_code == 0, md.stderr + js.stderr
    return md.stdout, js.stdout


def care_of(md: str) -> str:
    """The "Handle with care" part of a sheet's markdown."""
    return (
        md.split("Handle with care", 1)[1].split("\n\n", 1)[0] if "Handle with care" in md else ""
    )


def outside_care(md: str) -> str:
    return md.replace(care_of(md), "")


# --- comments --------------------------------------------------------------------


JANE = person(
    "Jane Doe",
    "ladder: above\n",
    "Leads payments. %% met through her ex, never say so %%\n\n"
    + entry(
        "2026-11-10",
        "Lunch at Nopa",
        "- Moving to Boston",
        "%%",
        "private: she is job hunting, do not mention",
        "%%",
        "<!--",
        "her boss is leaving too",
        "-->",
        "- Likes the new team",
    ),
)


def test_comments_in_the_log_and_the_opening_text_never_reach_the_prep_sheet(make_vault, run):
    vault = make_vault({"People/Jane Doe.md": JANE})
    for text in prep(run, vault, "Jane"):
        assert "job hunting" not in text and "boss is leaving" not in text
        assert "-->" not in text and "%%" not in text and "her ex" not in text
    md, _ = prep(run, vault, "Jane")
    assert "Moving to Boston" in md and "Likes the new team" in md and "Leads payments." in md


def test_a_comment_is_not_an_address_books_note_and_a_title_heading_does_not_hide_it(
    make_vault, run, tmp_path
):
    vault = make_vault(
        {
            "People/Jane Doe.md": JANE,
            "People/Bo.md": person("Bo", "", "# Bo\nRuns the jazz club. <!-- owes me money -->\n"),
        }
    )
    out = tmp_path / "people.vcf"
    assert run(vault, "export", "vcard", "-o", str(out)).exit_code == 0
    cards = out.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "her ex" not in cards and "owes me money" not in cards
    assert "NOTE:Leads payments." in cards
    assert "NOTE:Runs the jazz club." in cards  # the same opening text as the prep sheet's


# --- whose a sensitive line is -------------------------------------------------------


def group_vault(make_vault) -> Path:
    return make_vault(
        {
            "People/Grace Okoro.md": person("Grace Okoro"),
            "People/Priya Shah.md": person("Priya Shah"),
            "People/Ben Carter.md": person("Ben Carter"),
            "Meetings/2026-11-20 Roadmap lunch.md": meeting(
                "2026-11-20",
                ["Grace Okoro", "Priya Shah"],
                "- [[Grace Okoro]] is quietly interviewing elsewhere #sensitive",
                "- Priya's sister is in hospital #sensitive",
                "- [[Ben Carter]] lost his job #sensitive",
                "- We agreed on the Q1 plan",
            ),
            "Meetings/2026-12-02 Roadmap review.md": meeting(
                "2026-12-02", ["Grace Okoro", "Priya Shah"], "- Bring the numbers"
            ),
        }
    )


def test_a_sensitive_line_that_links_one_attendee_is_never_on_the_others_sheet(make_vault, run):
    vault = group_vault(make_vault)
    for text in prep(run, vault, "Priya"):
        assert "interviewing" not in text
    md, js = prep(run, vault, "Grace")
    assert "interviewing" in care_of(md) and "interviewing" not in outside_care(md)
    (grace,) = json.loads(js)["people"]
    assert [e["text"] for e in grace["handle_with_care"]] == [
        "[[Grace Okoro]] is quietly interviewing elsewhere"
    ]
    assert "interviewing" not in json.dumps(
        {k: v for k, v in grace.items() if k != "handle_with_care"}
    )
    assert "We agreed on the Q1 plan" in md


def test_an_attendee_named_in_plain_words_owns_the_line_and_a_linked_outsider_owns_it_alone(
    make_vault, run
):
    vault = group_vault(make_vault)
    grace_md, _ = prep(run, vault, "Grace")
    priya_md, _ = prep(run, vault, "Priya")
    ben_md, _ = prep(run, vault, "Ben")
    assert "sister" in care_of(priya_md) and "sister" not in grace_md
    assert "lost his job" in care_of(ben_md)
    assert "lost his job" not in grace_md and "lost his job" not in priya_md


def test_a_group_sheet_shows_a_sensitive_line_only_in_its_subjects_part(make_vault, run):
    vault = group_vault(make_vault)
    md, js = prep(run, vault, "Roadmap lunch")
    parts = md.split("\n## ")
    priya = next(p for p in parts if p.startswith("[[Priya Shah]]"))
    grace = next(p for p in parts if p.startswith("[[Grace Okoro]]"))
    assert "interviewing" not in priya and "interviewing" in care_of(grace)
    assert md.count("interviewing") == 1
    sheet = json.loads(js)
    people = {p["name"]: p for p in sheet["people"]}
    assert "interviewing" not in json.dumps(people["Priya Shah"])
    assert "interviewing" not in json.dumps(sheet["meeting"])


def test_a_sensitive_conversation_line_is_titled_by_its_kind(make_vault, run, tmp_path):
    line = "- Drinks with [[Ben Carter]]; he told me he's going through a divorce #sensitive"
    vault = make_vault(
        {
            "People/Ben Carter.md": person("Ben Carter"),
            "Daily/2026-11-20.md": f"{line}\n",
            "Daily/2026-11-27.md": "- Dinner with [[Ben Carter]]; his divorce #sensitive\n",
        }
    )
    md, js = prep(run, vault, "Ben")
    assert "divorce" in care_of(md)
    assert "divorce" not in outside_care(md)
    (ben,) = json.loads(js)["people"]
    assert [c["title"] for c in ben["recent"]] == ["drinks"]
    assert "divorce" not in json.dumps(ben["recent"]) + json.dumps(ben["mentions"])
    shown = run(vault, "show", "Ben", "--date", TODAY).stdout
    assert "drinks" in shown and "divorce" not in shown
    out = tmp_path / "cal.ics"
    assert run(vault, "export", "ics", "-o", str(out), "--date", TODAY).exit_code == 0
    calendar = out.read_text(encoding="utf-8")
    assert "SUMMARY:dinner with Ben Carter" in calendar and "divorce" not in calendar


# --- the digest, calendars and show ---------------------------------------------------


def test_a_sensitive_follow_up_is_a_private_follow_up_in_the_digest(make_vault, run, tmp_path):
    vault = make_vault(
        {
            "People/Jane.md": person(
                "Jane",
                "",
                entry(
                    "2026-11-01",
                    "Call",
                    "- [ ] Send Jane the therapist's number #sensitive 📅 2026-11-30",
                ),
            )
        }
    )
    md = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert "- a private follow-up for [[Jane]] · due 2026-11-30" in md
    assert "therapist" not in md
    late = run(vault, "digest", "--stdout", "--date", "2026-12-02").stdout
    assert "- You owe [[Jane]] a private follow-up · **2 days late**" in late  # said once
    data = json.loads(run(vault, "digest", "--format", "json", "--date", TODAY).stdout)
    (task,) = data["follow_ups"]
    assert task["text"] == "a private follow-up for [[Jane]]" and task["due"] == "2026-11-30"
    assert task["private"] is True and "therapist" not in json.dumps(data)
    out = tmp_path / "cal.ics"
    run(vault, "export", "ics", "-o", str(out), "--date", TODAY)
    assert "therapist" not in out.read_text(encoding="utf-8")
    md, _ = prep(run, vault, "Jane")
    assert "therapist" in care_of(md) and "therapist" not in outside_care(md)  # not a promise
    shown = run(vault, "show", "Jane", "--date", TODAY).stdout
    assert "therapist's number (#sensitive: handle with care)" in shown
    (item,) = json.loads(run(vault, "show", "Jane", "--format", "json").stdout)["open_tasks"]
    assert item["sensitive"] is True


def test_an_impossible_due_date_is_a_problem_on_its_line(make_vault, run):
    vault = make_vault(
        {
            "People/Jane.md": person(
                "Jane",
                "",
                "- [ ] Call her 📅 2026-02-30\n- [ ] Write to her [due:: 2026-13-01]\n",
            )
        }
    )
    result = run(vault, "check", "--format", "json")
    problems = [(p["line"], p["problem"]) for p in json.loads(result.stdout)]
    assert (4, "due date: impossible date: 2026-02-30") in problems
    assert (5, "due date: impossible date: 2026-13-01") in problems


def test_a_sensitive_sub_heading_is_handled_with_care_not_a_bold_line(make_vault, run):
    body = entry("2026-11-10", "Lunch", "#### Her father's illness #sensitive", "- Fine otherwise")
    vault = make_vault({"People/Jane.md": person("Jane", "", body)})
    md, js = prep(run, vault, "Jane")
    assert "father" in care_of(md) and "father" not in outside_care(md)
    assert "Fine otherwise" in md


def test_a_problem_on_a_sensitive_line_names_its_place_not_its_words(make_vault, run):
    body = "- Seeing [[Dr Kline]] about her depression #sensitive\n- Knows [[Nobody Here]]\n"
    vault = make_vault({"People/Jane.md": person("Jane", "", body)})
    digest = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    checked = run(vault, "check").output
    for text in (digest, checked):
        assert "Kline" not in text and "depression" not in text
        assert "Nobody Here" in text  # an ordinary line's link is named as before
    assert "People/Jane.md:4" in checked and "a link on a #sensitive line" in checked


def test_a_broken_link_on_a_sensitive_conversation_heading_names_its_place_not_its_words(
    make_vault, run
):
    """A dated heading is a conversation, not an item: its #sensitive tag must
    still keep its link out of `check` and the digest's problems (§9)."""
    body = "### 2026-11-20 — Drinks with [[Dr Kline]] #sensitive\n- fine\n"
    vault = make_vault({"People/Jane.md": person("Jane", "", body)})
    digest = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    as_json = run(vault, "digest", "--format", "json", "--date", TODAY).stdout
    checked = run(vault, "check").output + run(vault, "check", "--format", "json").output
    for text in (digest, as_json, checked):
        assert "Kline" not in text
    assert "a link on a #sensitive line" in checked


def test_whether_a_conversation_line_is_sensitive_is_stored_by_the_sync_not_read_again(
    make_vault,
):
    """Link problems read interactions.sensitive (the raw line's tags, comments
    included); the note is not read again: a heading edited since the sync
    keeps its stored tag until the next sync sees the edit."""
    from netnotes.linkcheck import first_link_problems, link_problems
    from netnotes.session import Session

    body = (
        "### 2026-11-20 — Drinks with [[Dr Kline]] #sensitive\n- fine\n"
        "### 2026-11-21 — Call with [[Dr Moss]] %% #sensitive %%\n- fine\n"
        "### 2026-11-22 — Lunch with [[Dr Ruiz]]\n- fine\n"
    )
    vault = make_vault({"People/Jane.md": person("Jane", "", body)})
    with Session(vault) as session:
        index, _ = session.index()
        stored = index.conn.execute("SELECT title, sensitive FROM interactions ORDER BY line")
        assert [sensitive for _, sensitive in stored] == [1, 1, 0]
        (vault / "People/Jane.md").write_text(person("Jane", "", body.replace("#sensitive", "")))
        for found in (
            link_problems(index.conn, index.link_judge(), suggest=False),
            first_link_problems(index.conn, index.link_judge(), 10)[0],
        ):
            worded = " ".join(p.problem for p in found)
            assert "Ruiz" in worded and "Kline" not in worded and "Moss" not in worded


@pytest.mark.parametrize(
    "tag", ["#/sensitive", "#Sensitive/health", "%% aside %%#sensitive", "`x`#sensitive"]
)
def test_a_broken_link_on_a_heading_the_parser_reads_as_sensitive_never_names_its_target(
    make_vault, run, tag
):
    """Every spelling the parser takes for #sensitive (a nested tag, one that
    follows a comment or inline code) hides the heading's link target from
    check and the digest, as plain #sensitive does."""
    body = f"### 2026-11-20 — Drinks with [[Dr Kline]] {tag}\n- fine\n"
    vault = make_vault({"People/Jane.md": person("Jane", "", body)})
    for args in (["check"], ["digest", "--stdout", "--date", "2026-11-26"]):
        out = run(vault, *args).output
        assert "Kline" not in out, (tag, args, out)


def test_a_sensitive_conversation_heading_is_never_how_you_know_someone_else(make_vault, run):
    """A dated heading in Ann's own note is Ann's (§9) and no item: Cy's sheet
    must not quote it as how you know Cy."""
    body = "## Log\n### 2026-11-20 — Dinner with [[Cy Dee]] about her divorce #sensitive\n- ok\n"
    notes = {"People/Ann.md": person("Ann", "", body), "People/Cy Dee.md": person("Cy Dee")}
    vault = make_vault(notes)
    md, js = prep(run, vault, "Cy")
    assert "divorce" not in md and "divorce" not in js


# --- found by using it: a review's daily notes ------------------------------------


def test_a_sensitive_child_of_a_daily_line_with_two_people_is_only_the_named_ones(make_vault, run):
    vault = make_vault(
        {
            "People/Daniel Okafor.md": person("Daniel Okafor"),
            "People/Priya Nair.md": person("Priya Nair"),
            "Daily/2026-11-20.md": "- Drinks with [[Daniel Okafor]] and [[Priya Nair]]\n"
            "    - Priya is going to Japan in March #personal\n"
            "    - Daniel's custody fight is ugly #sensitive\n",
        }
    )
    daniel_md, _ = prep(run, vault, "Daniel")
    assert "custody" in care_of(daniel_md)
    for text in prep(run, vault, "Priya"):
        assert "custody" not in text
    assert "Japan" in prep(run, vault, "Priya")[0]


def test_a_child_line_that_is_only_a_comment_leaves_no_empty_bullet(make_vault, run):
    vault = make_vault(
        {
            "People/Sofia Rossi.md": person("Sofia Rossi"),
            "Daily/2026-11-20.md": "- Coffee with [[Sofia Rossi]] at Ritual\n"
            "    - Talked about Berlin\n"
            "    - %% she seemed tired %%\n"
            "    - [ ] %% a private task %%\n"
            "    - %% she said\n"
            "      more than one line %%\n",
        }
    )
    for text in prep(run, vault, "Sofia"):
        assert "tired" not in text and "private task" not in text and "she said" not in text
    md = prep(run, vault, "Sofia")[0]
    assert "Talked about Berlin" in md
    assert [line for line in md.splitlines() if line.strip() in ("- -", "- - ☐", "- ☐")] == []
    assert "You owe:" not in md  # a task that is only a comment is no promise


def test_a_sensitive_heading_with_a_loose_date_is_named_by_place_and_date_not_words(
    make_vault, run
):
    vault = make_vault(
        {
            "People/Lucas Martin.md": person(
                "Lucas Martin", "", "## Log\n### 2026-9-29 — Text about his divorce #sensitive\n"
            )
        }
    )
    check = run(vault, "check")
    assert "People/Lucas Martin.md:5" in check.stdout and "2026-09-29" in check.stdout
    digest = run(vault, "digest", "--stdout", "--date", TODAY).stdout
    assert "line 5" in digest
    for text in (
        check.stdout,
        check.stderr,
        digest,
        run(vault, "check", "--format", "json").stdout,
    ):
        assert "divorce" not in text


def everything(run, vault: Path, tmp_path: Path, *people: str) -> str:
    """Every output a user can make of the vault, as one text to scan."""
    outputs = [
        run(vault, "digest", "--stdout", "--date", TODAY).stdout,
        run(vault, "digest", "--format", "json", "--date", TODAY).stdout,
        run(vault, "export", "ics", "--date", TODAY).stdout,
        run(vault, "export", "vcard").stdout,
        run(vault, "check").stdout,
        run(vault, "list", "--date", TODAY).stdout,
    ]
    for name in people:
        outputs += [*prep(run, vault, name), run(vault, "show", name, "--date", TODAY).stdout]
    assert run(vault, "prep", "--upcoming", "--date", TODAY).exit_code == 0
    outputs += [p.name + p.read_text() for p in (vault / "NetNotes").rglob("*.md")]
    return "\n".join(outputs)


def test_a_meeting_notes_sensitive_or_commented_title_is_never_shown(make_vault, run, tmp_path):
    vault = make_vault(
        {
            "People/Jane Doe.md": person("Jane Doe"),
            "People/Raj Patel.md": person("Raj Patel"),
            "Meetings/2026-12-10 Future.md": "---\ndate: 2026-12-10\nwith: ['[[Jane Doe]]']\n"
            'title: "Plan the SECRETQUOTED talk #sensitive"\n---\n',
            "Meetings/2026-12-11 Other.md": "---\ndate: 2026-12-11\nwith: ['[[Raj Patel]]']\n"
            'title: "Chat %% SECRETCOMMENT %% lunch"\n---\n',
            "Meetings/2026-11-25 Past.md": "---\ndate: 2026-11-25\nwith: ['[[Raj Patel]]']\n"
            "title: Talk about SECRETBARE #sensitive\n---\n",
        }
    )
    text = everything(run, vault, tmp_path, "Jane Doe", "Raj Patel")
    for secret in ("SECRETQUOTED", "SECRETCOMMENT", "SECRETBARE"):
        assert secret not in text, secret
    assert "Chat lunch" in text and "Future" in text  # the visible title, else the file name


def test_a_nested_sensitive_tag_is_sensitive(make_vault, run, tmp_path):
    vault = make_vault(
        {
            "People/Ann.md": person(
                "Ann",
                "",
                "## Log\n"
                + entry(
                    "2026-11-20",
                    "Coffee",
                    "- [ ] Send the NESTEDTASK leaflet #sensitive/health 📅 2026-11-21",
                    "- Her NESTEDNEWS is hard #personal/family #sensitive/health",
                ),
            )
        }
    )
    text = everything(run, vault, tmp_path)
    assert "NESTEDTASK" not in text and "NESTEDNEWS" not in text
    md, _ = prep(run, vault, "Ann")
    assert "NESTEDTASK" in care_of(md) and "NESTEDNEWS" in care_of(md)


def test_an_attendee_named_without_accents_owns_the_sensitive_line(make_vault, run):
    vault = make_vault(
        {
            "People/Zoë Ångström.md": person("Zoë Ångström"),
            "People/Raj Patel.md": person("Raj Patel"),
            "Meetings/2026-11-20 Lunch.md": meeting(
                "2026-11-20", ["Zoë Ångström", "Raj Patel"], "- Zoe's father is ill #sensitive"
            ),
        }
    )
    zoe, _ = prep(run, vault, "Zoë Ångström")
    raj, _ = prep(run, vault, "Raj Patel")
    assert "father is ill" in care_of(zoe)
    assert "father is ill" not in raj
