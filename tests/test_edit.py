"""edit.py: the planning of line edits (pure), safe YAML values, and the write
path — atomic, never clobbering, never outside the vault, never during git."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netnotes import yamlfm
from netnotes.config import Config
from netnotes.edit import (
    Lines,
    LogEntry,
    add_log_entry,
    check_off,
    contact_link,
    lines_from_editor,
    make_entry,
    meeting_note,
    pick_task,
)
from netnotes.errors import NetnotesError, TemplateError, UsageError, WriteRefusedError
from netnotes.models import Contact, OwnedItem, ParseContext
from netnotes.models_note import NewContact
from netnotes.newcontact import create_contact
from netnotes.notes import parse_note
from netnotes.render import Renderer
from netnotes.vault import Vault, atomic_create
from netnotes.writes import rewrite_note
from netnotes.yamlfm import yaml_value

CONTEXT = ParseContext()
DAY = date(2026, 11, 26)
PATH = "People/Jane.md"


def log(text: str, title: str | None = "Coffee", lines=("- Mia starts college",), when=DAY):
    return add_log_entry(text, LogEntry(when, title, tuple(lines)), PATH, CONTEXT)


# --- lines -------------------------------------------------------------------


@given(st.text())
def test_lines_join_back_to_the_exact_text(text):
    assert Lines.of(text).text() == text


def test_lines_know_the_notes_own_line_ending():
    assert Lines.of("a\r\nb\r\nc\n").newline == "\r\n"
    assert Lines.of("a\nb\r\nc\n").newline == "\n"
    assert Lines.of("no newline").newline == "\n"


def test_appending_to_a_note_without_final_newline_keeps_it_without():
    lines = Lines.of("\ufeffa\r\nb").inserted(2, ["c", "d"])
    assert lines.text() == "\ufeffa\r\nb\r\nc\r\nd"


# --- log: where the entry goes -------------------------------------------------

NEWEST_FIRST = """\
---
name: Jane  # a comment
---
Intro.

## Log
### 2026-12-03 — Lunch
- planned

### 2026-10-02 — Coffee
- old

## Personal
- x
"""


def test_newest_first_log_gets_the_entry_above_older_ones_and_below_planned_ones():
    new, line = log(NEWEST_FIRST)
    assert new == NEWEST_FIRST.replace(
        "### 2026-10-02", "### 2026-11-26 — Coffee\n- Mia starts college\n\n### 2026-10-02"
    )
    assert line == 10 and new.split("\n")[line - 1] == "### 2026-11-26 — Coffee"


def test_an_entry_older_than_all_goes_last_in_the_log_section():
    new, _ = log(NEWEST_FIRST, when=date(2025, 1, 1))
    assert new == NEWEST_FIRST.replace(
        "- old\n\n## Personal",
        "- old\n\n### 2025-01-01 — Coffee\n- Mia starts college\n\n## Personal",
    )


def test_oldest_first_log_keeps_its_order_and_its_separator():
    text = "# Jane\n## Log\n### 2026-01-01: Call\n- a\n\n### 2026-02-01: Email\n- b\n"
    new, _ = log(text, title="Lunch")
    assert new == text + "\n### 2026-11-26: Lunch\n- Mia starts college\n"
    between, _ = log(text, title="Lunch", when=date(2026, 1, 15))
    assert between == text.replace(
        "- a\n\n### 2026-02-01",
        "- a\n\n### 2026-01-15: Lunch\n- Mia starts college\n\n### 2026-02-01",
    )


def test_the_date_wrapper_and_heading_level_follow_the_note():
    text = "### Log\n#### [[2026-01-01]] Call\n- a\n"
    new, _ = log(text, title="Lunch")
    assert (
        new
        == "### Log\n#### [[2026-11-26]] Lunch\n- Mia starts college\n\n#### [[2026-01-01]] Call\n- a\n"
    )


def test_an_empty_log_section_takes_the_entry_right_under_its_heading():
    text = "---\nname: Jane\n---\n## Personal\n\n## Log\n"
    new, line = log(text)
    assert new == text + "### 2026-11-26 — Coffee\n- Mia starts college\n"
    assert line == 7


def test_a_note_without_log_section_gets_one_at_the_end():
    assert log("Intro.")[0] == "Intro.\n\n## Log\n### 2026-11-26 — Coffee\n- Mia starts college"
    assert log("")[0] == "## Log\n### 2026-11-26 — Coffee\n- Mia starts college\n"
    with_blank = "Intro.\n\n"
    assert (
        log(with_blank)[0] == with_blank + "## Log\n### 2026-11-26 — Coffee\n- Mia starts college\n"
    )


def test_without_title_the_heading_is_the_date_alone():
    assert "### 2026-11-26\n- Mia" in log("## Log\n", title=None)[0]


def test_headings_in_code_blocks_and_frontmatter_do_not_count():
    text = "---\n# Log: a comment\n---\n```\n## Log\n```\n## Log\n"
    assert log(text)[0] == text + "### 2026-11-26 — Coffee\n- Mia starts college\n"


def test_an_unclosed_code_block_before_the_end_is_refused():
    with pytest.raises(WriteRefusedError, match="line 2 opens a code block"):
        log("Intro.\n```\ncode\n")


def test_conflict_markers_refuse_every_write():
    text = "## Log\n<<<<<<< HEAD\n- a\n=======\n- b\n>>>>>>> 1a2b3c\n- [ ] task\n"
    with pytest.raises(WriteRefusedError, match="conflict markers"):
        log(text)
    with pytest.raises(WriteRefusedError, match="conflict markers"):
        check_off(text, 7, "task", DAY, PATH)
    inside_code = "```\n<<<<<<< HEAD\n=======\n>>>>>>> x\n```\n- [ ] task\n"
    with pytest.raises(WriteRefusedError, match="conflict markers"):
        check_off(inside_code, 6, "task", DAY, PATH)


def test_entry_lines_become_list_items_and_tasks_stay_tasks():
    entry = make_entry(
        DAY, " Lunch ", ["Mia #personal", "- said hi", "[ ] send deck\nsecond", " ", "1. one"]
    )
    assert entry == LogEntry(
        DAY, "Lunch", ("- Mia #personal", "- said hi", "- [ ] send deck", "- second", "1. one")
    )
    assert make_entry(DAY, "Call", []).lines == ()
    with pytest.raises(UsageError, match="nothing to log"):
        make_entry(DAY, "  ", ["", " "])
    assert make_entry(DAY, "Lunch\n at  Nopa", []).title == "Lunch at Nopa"
    with pytest.raises(UsageError, match="title: .* control character"):
        make_entry(DAY, "a\x07b", ["x"])


def test_editor_comment_lines_are_dropped_but_tags_kept():
    text = "\n# netnotes log: Jane\n#personal Mia\n  met at noon  \n#\n# more help\n"
    assert lines_from_editor(text) == ["#personal Mia", "  met at noon  "]
    assert lines_from_editor(None) == []


# --- done ---------------------------------------------------------------------


def test_check_off_changes_the_box_and_adds_the_done_date_before_the_line_end():
    text = "a\r\n- [ ] Send deck 📅 2026-12-01 #waiting  \r\n1. [/] Call \t^abc-1\r\nz"
    once = check_off(text, 2, "Send deck", DAY, PATH)  # the text as the index keeps it
    assert once == text.replace(
        "- [ ] Send deck 📅 2026-12-01 #waiting  ",
        "- [x] Send deck 📅 2026-12-01 #waiting ✅ 2026-11-26",
    )
    twice = check_off(once, 3, "Call", DAY, PATH)
    assert twice.split("\r\n")[2] == "1. [x] Call ✅ 2026-11-26\t^abc-1"


def test_check_off_refuses_when_the_line_moved():
    with pytest.raises(WriteRefusedError, match="no longer holds"):
        check_off("- [ ] other\n", 1, "Send deck", DAY, PATH)
    with pytest.raises(WriteRefusedError, match="no longer holds"):
        check_off("- [x] Send deck\n", 1, "Send deck", DAY, PATH)
    with pytest.raises(WriteRefusedError, match="no longer holds"):
        check_off("x\n", 5, "Send deck", DAY, PATH)


def item(
    text: str, line: int, path: str = PATH, done: bool = False, is_task: bool = True
) -> OwnedItem:
    return OwnedItem(PATH, path, line, "task", text, None, is_task, done, None, False, False, False)


JANE = Contact(
    PATH,
    "Jane Doe",
    ("JD",),
    (),
    None,
    None,
    None,
    "active",
    None,
    None,
    None,
    None,
    None,
    (),
    None,
    {},
)


def test_pick_task_finds_the_one_match_and_prefers_an_exact_one():
    items = [
        item("Call Ada", 3),
        item("Call Ada about the grant", 9),
        item("Call Bob", 4, done=True),
    ]
    assert pick_task(items, JANE, "grant").line == 9
    assert pick_task(items, JANE, "call ADA").line == 3
    with pytest.raises(NetnotesError) as several:
        pick_task(items, JANE, "ada")
    assert str(several.value) == (
        "'ada' matches 2 open tasks of Jane Doe: People/Jane.md:3 Call Ada; "
        "People/Jane.md:9 Call Ada about the grant; give more of the words, or PATH:LINE"
    )
    with pytest.raises(
        NetnotesError,
        match=r"no open task of Jane Doe contains 'bob'; open tasks: People/Jane.md:3",
    ):
        pick_task(items, JANE, "bob")
    with pytest.raises(UsageError):
        pick_task(items, JANE, "  ")


# --- property: only the intended lines change ------------------------------------

_LINES = st.one_of(
    st.sampled_from(
        [
            "## Log",
            "### Log",
            "# Log",
            "## Personal",
            "### 2026-01-05 — Lunch",
            "### 2026-03-01: Call",
            "## 2025-12-24",
            "#### 2026-02-30 bad date",
            "- [ ] open task",
            "- [x] done ✅ 2026-01-01",
            "```",
            "~~~",
            "%%",
            "<!--",
            "-->",
            "---",
            "name: x",
            "",
            "   ",
            "\t- tab item\t",
            "trailing  ",
            "=======",
            "emoji 📅 ✅",
            "# Title",
            "text with [[Link]] #tag",
            "\r",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=20
    ),
)


@st.composite
def notes(draw, task: bool = False):
    lines = draw(st.lists(_LINES, max_size=25))
    if task:
        lines.insert(draw(st.integers(0, len(lines))), "- [ ] Send the deck 📅 2026-12-01  ")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    return draw(st.sampled_from(["", "\ufeff"])) + text


def _pieces(text: str) -> list[str]:
    """Lines with their endings, after the BOM (checked on its own)."""
    parts = text.removeprefix("\ufeff").split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


FAST = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@FAST
@given(notes())
def test_log_inserts_lines_and_changes_no_other_byte(text):
    try:
        new, line = log(text, lines=("- one", "- [ ] two"))
    except WriteRefusedError:
        return  # a conflict or an unclosed block: refused, nothing to compare
    old_lines, new_lines = _pieces(text), _pieces(new)
    k = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b), len(old_lines))
    added = len(new_lines) - len(old_lines)
    assert new_lines[:k] == old_lines[:k]
    last = old_lines[-1] if old_lines else "\n"
    if k == len(old_lines) - 1 and not last.endswith("\n") and new_lines[k].rstrip("\r\n") == last:
        start = k + 1  # appended after a last line without newline, which only gains one
    else:
        assert new_lines[k + added :] == old_lines[k:]
        start = k
    inserted = [p.rstrip("\r\n") for p in new_lines[start : start + added]]
    assert [p for p in inserted if p.strip() and not p.startswith("#")] == ["- one", "- [ ] two"]
    newline = Lines.of(text).newline
    assert all(p.endswith(newline) or p == new_lines[-1] for p in new_lines[start : start + added])
    assert new.startswith("\ufeff") == text.startswith("\ufeff")
    assert new.endswith("\n") == (text.endswith("\n") or not text.lstrip("\ufeff"))
    heading = new_lines[line - 1].rstrip("\r\n")
    assert heading.lstrip("#").startswith(" 2026-11-26")


@FAST
@given(notes(task=True))
def test_done_changes_exactly_one_line(text):
    lines = Lines.of(text)
    line = lines.texts.index("- [ ] Send the deck 📅 2026-12-01  ") + 1
    try:
        new = check_off(text, line, "Send the deck", DAY, PATH)
    except WriteRefusedError:
        assert "<<<<<<<" in text or "=======" in text
        return
    old_lines, new_lines = _pieces(text), _pieces(new)
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert changed == [line - 1]
    ending = old_lines[line - 1][len(lines.texts[line - 1]) :]
    assert new_lines[line - 1] == "- [x] Send the deck 📅 2026-12-01 ✅ 2026-11-26" + ending


# --- YAML values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("@handle", '"@handle"'),
        ("+15551234", '"+15551234"'),
        ("01234", '"01234"'),
        ("NO", '"NO"'),
        ("yes", '"yes"'),
        ("10:30", '"10:30"'),
        ("Meeting: notes", '"Meeting: notes"'),
        ("hello #world", '"hello #world"'),
        (" padded ", '" padded "'),
        ("[[Acme Corp]]", '"[[Acme Corp]]"'),
        ("null", '"null"'),
        ("1e3", '"1e3"'),
        ("0x1F", '"0x1F"'),
        ('say "hi"\n', '"say \\"hi\\"\\n"'),
        ("Zoë Ångström", "Zoë Ångström"),
        ("https://www.linkedin.com/in/jane", "https://www.linkedin.com/in/jane"),
        ("O'Brien & Sons, Inc.", "O'Brien & Sons, Inc."),
        ("60d", "60d"),
        ("jane@example.com", "jane@example.com"),
        ("📅", "📅"),
        (date(2024, 5, 2), "2024-05-02"),
        (None, ""),
        (True, "true"),
        (7, "7"),
        (("a b", "#c"), '\n  - a b\n  - "#c"'),
        ((), "[]"),
    ],
)
def test_yaml_value_quotes_what_yaml_would_misread(value, written):
    assert yaml_value(value) == written


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_yaml_value_reads_back_as_written_in_pyyaml_and_obsidians_loader(text):
    source = f"k: {yaml_value(text)}\n"
    assert yaml.safe_load(source) == {"k": text}
    front = yamlfm.read(source)
    assert front.values == {"k": text} and not front.problems


# --- meeting notes ------------------------------------------------------------------


def contact(path: str, name: str) -> Contact:
    return Contact(
        path, name, (), (), None, None, None, "active", None, None, None, None, None, (), None, {}
    )


def test_links_use_the_file_name_or_the_path_when_two_files_share_it():
    sam, other_sam, jd = (
        contact("People/Sam.md", "Sam"),
        contact("Work/Sam.md", "Sam K"),
        contact("People/jd.md", "Jane Doe"),
    )
    assert contact_link(sam, [sam, jd]) == "[[Sam]]"
    assert contact_link(sam, [sam, other_sam]) == "[[People/Sam|Sam]]"
    assert contact_link(jd, [jd]) == "[[jd|Jane Doe]]"


def test_a_meeting_note_has_date_with_kind_and_the_lines():
    entry = LogEntry(DAY, "Lunch at Nopa: Q3/Q4 plans", ("- a", "- [ ] b"))
    text = meeting_note(entry, ["[[Ada]]", "[[jd|Jane Doe]]"], "Lunch at Nopa Q3 Q4 plans")
    assert text == (
        '---\ndate: 2026-11-26\ntitle: "Lunch at Nopa: Q3/Q4 plans"\nwith:\n  - "[[Ada]]"\n'
        '  - "[[jd|Jane Doe]]"\nkind: lunch\n---\n# Lunch at Nopa: Q3/Q4 plans\n\n- a\n- [ ] b\n'
    )
    note = parse_note("Meetings/2026-11-26 Lunch at Nopa Q3 Q4 plans.md", text)
    assert (note.date, note.attendees, note.meeting_kind, note.name) == (
        DAY,
        ("Ada", "jd"),
        "lunch",
        "Lunch at Nopa: Q3/Q4 plans",
    )


# --- new contacts -----------------------------------------------------------------


def make_contact(root: Path, new: NewContact, contacts=(), config: Config | None = None) -> str:
    config = config or Config()
    return create_contact(Vault(root, config), config, Renderer(root), list(contacts), new)


def test_a_new_contact_is_written_with_values_read_back_as_given(make_vault):
    root = make_vault()
    new = NewContact(
        "Jane  Doe",
        ladder="above",
        company="[[Acme Payments]]",
        role="VP: Engineering",
        tags=("#mentor", "fin tech", "Mentor"),
        cadence="60d",
        email="jane@example.com",
        phone="+15551234",
        linkedin="https://linkedin.com/in/jane",
        how_met="@nyfintech #keynote",
        met=date(2024, 5, 2),
        birthday="1980-07-14",
        note="Leads payments.\r\n{{ 7*7 }}",
    )
    assert make_contact(root, new) == "People/Jane Doe.md"
    text = (root / "People/Jane Doe.md").read_text(encoding="utf-8")
    assert text == textwrap.dedent("""\
        ---
        name: Jane Doe
        tags:
          - mentor
          - fin-tech
        ladder: above
        company: "[[Acme Payments]]"
        role: "VP: Engineering"
        met: 2024-05-02
        how_met: "@nyfintech #keynote"
        cadence: 60d
        birthday: 1980-07-14
        email: jane@example.com
        phone: "+15551234"
        linkedin: https://linkedin.com/in/jane
        ---
        Leads payments.
        {{ 7*7 }}

        ## Personal

        ## Log
        """)
    note = parse_note("People/Jane Doe.md", text)
    assert note.details["phone"] == "+15551234" and note.contact.company == "Acme Payments"
    assert note.contact.birthday == "1980-07-14" and note.tags == ("mentor", "fin-tech")
    assert oct((root / "People/Jane Doe.md").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("../../etc/passwd", "People/etc passwd.md"),
        ("/abs/evil", "People/abs evil.md"),
        ("CON", "People/CON (name).md"),
        ("Ada.", "People/Ada.md"),
        ("A:B|C#D^E", "People/A B C D E.md"),
    ],
)
def test_names_become_safe_file_names_inside_the_people_folder(make_vault, name, file):
    root = make_vault()
    assert make_contact(root, NewContact(name)) == file
    assert parse_note(file, (root / file).read_text(encoding="utf-8")).name == name.strip()


def test_a_very_long_name_is_cut_to_a_file_name_the_os_accepts(make_vault):
    root = make_vault()
    path = make_contact(root, NewContact("Ada " + "🙂" * 70))
    assert len(Path(path).name.encode()) <= 255 and (root / path).is_file()
    with pytest.raises(UsageError, match="no letters or digits"):
        make_contact(root, NewContact("🙂" * 70))


def test_a_name_or_alias_taken_in_any_case_or_accent_is_refused(make_vault):
    root = make_vault({"People/Ada Lovelace.md": "x", "People/Zoe\u0308.md": "nfd"})
    jane = replace(contact("People/Jane Doe.md", "Jane Doe"), aliases=("JD",))
    for name, message in [
        ("jane doe", "Jane Doe already exists: People/Jane Doe.md"),
        ("jd", "'JD' is already an alias of Jane Doe"),
        ("ada LOVELACE", "People/Ada Lovelace.md already exists"),
        ("Zoë", "People/Zoe\u0308.md already exists"),
    ]:
        with pytest.raises(WriteRefusedError, match=message):
            make_contact(root, NewContact(name), [jane])
    assert sorted(p.name for p in (root / "People").iterdir()) == [
        "Ada Lovelace.md",
        "Zoe\u0308.md",
    ]


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (NewContact(""), "give the contact a name"),
        (NewContact("!!!"), "no letters or digits"),
        (NewContact("A\x00B"), "control character"),
        (NewContact("A", cadence="often"), "cadence: not a cadence"),
        (NewContact("A", birthday="02-30"), "birthday: impossible"),
        (NewContact("A", ladder="side"), "ladder"),
        (NewContact("caf\udce9"), "not UTF-8"),
    ],
)
def test_bad_values_are_usage_errors_and_nothing_is_written(make_vault, new, message):
    root = make_vault()
    with pytest.raises(UsageError, match=message):
        make_contact(root, new)
    assert not (root / "People").exists()


def test_line_breaks_in_one_line_values_become_spaces_and_empty_values_are_left_out(make_vault):
    root = make_vault()
    make_contact(
        root, NewContact("Ada\nLovelace", how_met="Met at\r\n PyCon", role="  ", tags=("", "#"))
    )
    assert (root / "People/Ada Lovelace.md").read_text() == (
        "---\nname: Ada Lovelace\nhow_met: Met at PyCon\n---\n## Personal\n\n## Log\n"
    )


def test_a_vault_template_replaces_the_default_and_a_broken_one_writes_nothing(make_vault):
    root = make_vault(
        {
            ".netnotes/templates/contact.md.j2": "---\nname: {{ name | yaml_value }}\ntype: person\n---\nHi\n"
        }
    )
    assert make_contact(root, NewContact("Ada")) == "People/Ada.md"
    assert (root / "People/Ada.md").read_text() == "---\nname: Ada\ntype: person\n---\nHi\n"
    (root / ".netnotes/templates/contact.md.j2").write_text("---\nname: {{ name }}\n---\n")
    with pytest.raises(TemplateError, match="cannot read"):
        make_contact(root, NewContact("Bob: the builder"))
    assert not (root / "People/Bob the builder.md").exists()


def test_people_dir_leading_outside_the_vault_is_refused(make_vault, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_vault()
    (root / "People").symlink_to(outside)
    with pytest.raises(WriteRefusedError, match="outside the vault"):
        make_contact(root, NewContact("Ada"))
    assert list(outside.iterdir()) == []


def test_atomic_create_never_replaces_a_file_or_a_symlink(tmp_path):
    (tmp_path / "a.md").write_text("mine")
    (tmp_path / "b.md").symlink_to(tmp_path / "nowhere.md")
    for name in ("a.md", "b.md"):
        with pytest.raises(WriteRefusedError, match="already exists"):
            atomic_create(tmp_path / name, b"new")
    assert (tmp_path / "a.md").read_text() == "mine" and not (tmp_path / "nowhere.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]  # no temp left


# --- the write path -----------------------------------------------------------------


def append_line(text: str) -> tuple[str, None]:
    return text + "added\n", None


def test_rewrite_keeps_the_file_mode(make_vault):
    root = make_vault({"People/Ada.md": "x\n"})
    (root / "People/Ada.md").chmod(0o640)
    rewrite_note(Vault(root, Config()), "People/Ada.md", append_line)
    assert (root / "People/Ada.md").stat().st_mode & 0o777 == 0o640
    assert (root / "People/Ada.md").read_text() == "x\nadded\n"


def test_a_symlink_inside_the_vault_is_written_through_and_stays_a_link(make_vault):
    root = make_vault({"People/Ada.md": "x\n"})
    (root / "People/Alias.md").symlink_to("Ada.md")
    rewrite_note(Vault(root, Config()), "People/Alias.md", append_line)
    assert (root / "People/Alias.md").is_symlink()
    assert (root / "People/Ada.md").read_text() == "x\nadded\n"


def test_a_symlink_leading_outside_the_vault_is_refused(make_vault, tmp_path):
    real = tmp_path / "outside" / "Real.md"
    real.parent.mkdir()
    real.write_text("secret\n")
    root = make_vault()
    (root / "People").mkdir()
    (root / "People/Link.md").symlink_to(real)
    with pytest.raises(WriteRefusedError, match="outside the vault"):
        rewrite_note(Vault(root, Config()), "People/Link.md", append_line)
    assert real.read_text() == "secret\n"


@pytest.mark.parametrize(
    "marker", ["index.lock", "MERGE_HEAD", "REBASE_HEAD", "rebase-merge", "rebase-apply"]
)
def test_no_write_while_git_is_busy(make_vault, marker):
    root = make_vault({"People/Ada.md": "x\n"})
    (root / ".git").mkdir()
    if marker.startswith("rebase-"):
        (root / ".git" / marker).mkdir()
    else:
        (root / ".git" / marker).write_text("")
    with pytest.raises(
        WriteRefusedError, match=rf"git operation is under way \(.git/{marker} exists\)"
    ):
        rewrite_note(Vault(root, Config()), "People/Ada.md", append_line)
    with pytest.raises(WriteRefusedError, match="git operation"):
        make_contact(root, NewContact("Bob"))
    assert (root / "People/Ada.md").read_text() == "x\n" and not (root / "People/Bob.md").exists()


def test_a_save_made_while_writing_is_kept_and_the_edit_made_again(make_vault, monkeypatch):
    root = make_vault({"People/Ada.md": "x\n"})
    note = root / "People/Ada.md"
    real_fsync = os.fsync
    saves = iter(["x\nfrom the editor\n"])

    def fsync_then_editor_saves(fd):  # between writing the temp file and replacing
        real_fsync(fd)
        for text in saves:
            note.write_text(text)

    monkeypatch.setattr(os, "fsync", fsync_then_editor_saves)
    rewrite_note(Vault(root, Config()), "People/Ada.md", append_line)
    assert note.read_text() == "x\nfrom the editor\nadded\n"


def test_a_note_that_keeps_changing_is_left_as_the_editor_saved_it(make_vault, monkeypatch):
    root = make_vault({"People/Ada.md": "x\n"})
    note = root / "People/Ada.md"
    real_fsync, count = os.fsync, iter(range(100))

    def editor_saves_every_time(fd):
        real_fsync(fd)
        note.write_text(f"save {next(count)}\n")

    monkeypatch.setattr(os, "fsync", editor_saves_every_time)
    with pytest.raises(WriteRefusedError, match="kept changing"):
        rewrite_note(Vault(root, Config()), "People/Ada.md", append_line)
    assert note.read_text() == "save 2\n"
    assert sorted(p.name for p in note.parent.iterdir()) == ["Ada.md"]


def test_a_note_that_is_not_utf8_is_never_rewritten(make_vault):
    root = make_vault({"People/Ada.md": "caf\xe9\n".encode("latin-1")})
    with pytest.raises(WriteRefusedError, match="not valid UTF-8"):
        rewrite_note(Vault(root, Config()), "People/Ada.md", append_line)


# --- a kill at any moment leaves the old note or the new one --------------------------

KILLER = """
import os, signal, sys
point = sys.argv[1]
real_fsync, real_replace = os.fsync, os.replace
def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)
if point == "temp-written":
    os.fsync = lambda fd: (real_fsync(fd), die())
elif point == "before-replace":
    os.replace = die
elif point == "after-replace":
    os.replace = lambda a, b: (real_replace(a, b), die())
from netnotes.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize("point", ["temp-written", "before-replace", "after-replace"])
@pytest.mark.parametrize(
    "command", [["done", "Ada", "deck"], ["log", "Ada", "-t", "Call", "-m", "hi"]]
)
def test_a_kill_mid_write_leaves_the_old_note_or_the_new_one(make_vault, run, point, command):
    old = "---\nname: Ada\n---\n## Log\n### 2026-01-01 — Lunch\n- [ ] send the deck\n"
    root = make_vault({"People/Ada.md": old})
    args = ["--vault", str(root), *command, "--date", "2026-11-26"]
    result = subprocess.run(
        [sys.executable, "-c", KILLER, point, *args], capture_output=True, check=False
    )
    assert result.returncode == -signal.SIGKILL
    after = (root / "People/Ada.md").read_text()
    if point == "after-replace":
        assert after != old
    else:
        assert after == old
        assert run(root, *command, "--date", "2026-11-26").exit_code == 0
    finished = (root / "People/Ada.md").read_text()
    if command[0] == "done":
        assert "- [x] send the deck ✅ 2026-11-26\n" in finished
    else:
        assert finished == old.replace("## Log\n", "## Log\n### 2026-11-26 — Call\n- hi\n\n")
    assert run(root, "check").exit_code == 0  # a stray temp file is never read as a note


LOOP = """
import sys
from pathlib import Path
from netnotes.config import Config
from netnotes.writes import rewrite_note
from netnotes.vault import Vault
root, a, b = Path(sys.argv[1]), Path(sys.argv[2]).read_text(), Path(sys.argv[3]).read_text()
vault = Vault(root, Config())
for n in range(10**9):
    rewrite_note(vault, "People/Ada.md", lambda text: (b if text == a else a, None))
    if n == 0:
        print("ready", flush=True)
"""


def test_killed_at_random_moments_the_note_is_always_whole(make_vault, tmp_path):
    a = "".join(f"- line {n} of version A\n" for n in range(40000))
    b = "".join(f"- line {n} of version B, longer\n" for n in range(30000))
    (tmp_path / "a").write_text(a)
    (tmp_path / "b").write_text(b)
    root = make_vault({"People/Ada.md": a})
    chance = random.Random(5)
    for _ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", LOOP, str(root), str(tmp_path / "a"), str(tmp_path / "b")],
            stdout=subprocess.PIPE,
        )
        assert child.stdout.readline() == b"ready\n"
        try:
            child.wait(timeout=chance.uniform(0.0, 0.08))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
        child.stdout.close()
        assert (root / "People/Ada.md").read_text() in (a, b)
