"""One note's text → what it says (DESIGN.md §2–3)."""

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netnotes.models import (
    ASK,
    CONTACT,
    DAILY,
    ERROR,
    GROUP,
    MEETING,
    OTHER,
    PERSONAL,
    TASK,
    TEMPLATE,
    WARNING,
)
from netnotes.notes import ParseContext, parse_note

JANE = """---
name: Jane Doe
aliases: [Jane, JD]
tags: [mentor, fintech]
ladder: above            # above | peer | below
company: "[[Acme Payments]]"
role: VP Engineering
groups: ["[[Downtown Business Network]]"]
met: 2024-05-02
cadence: 60d
birthday: 07-14
zip: 01234
status: active
snooze: 2027-01-15
---
Leads payments infrastructure; generous with intros.

## Personal
- Daughter Mia, plays travel soccer

## Log
### 2026-03-14 — Lunch at Café Uno
- Moving to the Boston office in the summer.
- Mia starts college in the fall #personal
- Her divorce is still raw #personal #sensitive
- Ask how the reorg landed #ask
- [ ] Send her the article on payment rails 📅 2026-03-21
- [ ] Intro from her to [[Raj Patel]] #waiting

### 2026-05-02 — Email
- Sent the article.
"""


def parse(path: str, text: str, **context: str):
    return parse_note(path, text, ParseContext(**context))


def test_a_contact_note_gives_name_fields_and_details_as_written():
    note = parse("People/Jane Doe.md", JANE)
    assert note.kind == CONTACT and note.name == "Jane Doe"
    assert note.aliases == ("Jane", "JD")
    assert note.tags == ("mentor", "fintech")
    info = note.contact
    assert (info.ladder, info.company, info.role, info.cadence) == (
        "above",
        "Acme Payments",
        "VP Engineering",
        "60d",
    )
    assert (info.met, info.snooze, info.birthday) == (date(2024, 5, 2), date(2027, 1, 15), "07-14")
    assert info.groups == ("Downtown Business Network",)
    assert note.details["zip"] == "01234"
    assert note.details["company"] == "[[Acme Payments]]"
    assert note.problems == ()


def test_interactions_are_dated_headings_with_kind_and_extent():
    lunch, email = parse("People/Jane Doe.md", JANE).interactions
    assert (lunch.date, lunch.title, lunch.kind, lunch.in_person) == (
        date(2026, 3, 14),
        "Lunch at Café Uno",
        "lunch",
        True,
    )
    assert (lunch.line, lunch.end_line) == (22, 28)
    assert (email.kind, email.in_person, email.line, email.end_line) == ("email", False, 30, 31)


def test_items_personal_ask_and_tasks_carry_their_interaction_date():
    items = parse("People/Jane Doe.md", JANE).items
    by_text = {i.text: i for i in items}
    section = by_text["Daughter Mia, plays travel soccer"]
    assert (section.type, section.in_section, section.date) == (PERSONAL, True, None)
    mia = by_text["Mia starts college in the fall"]
    assert (mia.type, mia.date, mia.sensitive) == (PERSONAL, date(2026, 3, 14), False)
    assert by_text["Her divorce is still raw"].sensitive
    assert by_text["Ask how the reorg landed"].type == ASK
    article = by_text["Send her the article on payment rails"]
    assert (article.type, article.is_task, article.done, article.due) == (
        TASK,
        True,
        False,
        date(2026, 3, 21),
    )
    intro = by_text["Intro from her to [[Raj Patel]]"]
    assert intro.waiting and intro.targets == ("Raj Patel",)


def test_contact_by_folder_by_type_or_by_tag():
    assert parse("People/x.md", "hello").kind == CONTACT
    assert parse("Notes/x.md", "---\ntype: person\n---\n").kind == CONTACT
    assert parse("Notes/x.md", "---\ntags: [Person]\n---\n").kind == CONTACT
    assert parse("Notes/x.md", "---\ntags: [company]\n---\n").kind == OTHER
    assert parse("Elsewhere/x.md", "hi", people_dir="Contacts").kind == OTHER


def test_the_name_is_the_name_key_else_the_file_stem():
    assert parse("People/Ada Lovelace.md", "no frontmatter").name == "Ada Lovelace"
    assert parse("People/ada.md", "---\nname: Ada King\n---\n").name == "Ada King"


def test_headings_of_any_level_and_separators_make_interactions():
    text = "# 2026-01-02\n## 2026-02-03: Coffee\n#### 2026-03-04 · Called him\n### [[2026-04-05]] – Texts\n"
    found = [(i.date.isoformat(), i.title, i.kind) for i in parse("People/a.md", text).interactions]
    assert sorted(found) == [
        ("2026-01-02", "", None),
        ("2026-02-03", "Coffee", "coffee"),
        ("2026-03-04", "Called him", "call"),
        ("2026-04-05", "Texts", "text"),
    ]


def test_an_interaction_runs_to_the_next_heading_of_its_level_or_higher():
    text = "## Log\n### 2026-01-02 Lunch\nline\n#### Details\nmore\n### 2026-01-09 Call\nx\n## Other\ny\n"
    lunch, call = sorted(parse("People/a.md", text).interactions, key=lambda i: i.date)
    assert (lunch.line, lunch.end_line) == (2, 5)
    assert (call.line, call.end_line) == (6, 7)


def test_a_kind_tag_on_the_heading_wins_over_title_words():
    (entry,) = parse("People/a.md", "### 2026-01-02 Call about lunch #dinner\n").interactions
    assert entry.kind == "dinner" and entry.in_person


def test_kind_words_match_whole_words_only():
    (entry,) = parse("People/a.md", "### 2026-01-02 Caller ID chat\n").interactions
    assert entry.kind is None and not entry.in_person


def test_an_impossible_heading_date_is_an_error_not_an_interaction():
    note = parse("People/a.md", "### 2026-02-30 Lunch\n")
    assert note.interactions == ()
    assert note.problems[0].severity == ERROR and note.problems[0].line == 1


def test_personal_field_and_personal_section_items():
    text = "## Personal\n- Two cats\n  - Odin\n- [ ] buy cat toys\n\n## Notes\npersonal:: Loves jazz\n- plain\n"
    items = parse("People/a.md", text).items
    assert [(i.type, i.text) for i in items] == [
        (PERSONAL, "Two cats"),
        (PERSONAL, "Odin"),
        (TASK, "buy cat toys"),
        (PERSONAL, "Loves jazz"),
    ]


def test_tasks_read_fields_only_from_the_end_of_the_line_like_the_tasks_plugin():
    text = (
        "- [ ] call 📅 2026-12-01 about grant\n"
        "- [ ] ping ⛔️ abc123 ⏫️ 🗓 2026-12-01\n"
        "- [ ] write #waiting 📆 2026-12-02 #work\n"
        "- [ ] dataview [due:: 2026-12-03]\n"
        "- [x] done one ✅ 2026-01-01\n"
        "- [-] cancelled one\n"
        "- [/] in progress\n"
        "- [ ] nbsp 📅\u00a02026-12-04\n"
    )
    items = parse("People/a.md", text).items
    assert [(i.text, i.due, i.done) for i in items] == [
        ("call 📅 2026-12-01 about grant", None, False),
        ("ping", date(2026, 12, 1), False),
        ("write #work", date(2026, 12, 2), False),
        ("dataview", date(2026, 12, 3), False),
        ("done one", None, True),
        ("cancelled one", None, True),
        ("in progress", None, False),
        ("nbsp", date(2026, 12, 4), False),
    ]
    assert items[2].waiting


def test_links_in_every_form_obsidian_resolves():
    text = (
        "[[Ada Lovelace|Ada]] [[ada lovelace]] [[People/Ada Lovelace]] [[Ada Lovelace.md]]\n"
        "[[Ada Lovelace#Background]] [[Ada Lovelace#^abc123]] ![[Ada Lovelace]]\n"
        "| [[Ada Lovelace\\|Ada]] | table |\n"
    )
    links = parse("Meetings/x.md", text).links
    assert {link.target for link in links} == {
        "Ada Lovelace",
        "ada lovelace",
        "People/Ada Lovelace",
    }
    assert [link.embed for link in links].count(True) == 1
    assert len(links) == 8


def test_no_links_or_items_inside_code_or_comments():
    text = (
        "```\n[[Ada]] #personal\n- [ ] not a task\n```\n"
        "`[[Ada]]` and %% [[Ada]] %% and <!-- [[Ada]] -->\n"
        "%%\n[[Ada]]\n- [ ] hidden\n%%\n"
        "<!--\n[[Ada]]\n-->\n"
        "~~~\nstd::vector<int> personal:: no\n~~~\n"
    )
    note = parse("Notes/x.md", text)
    assert note.links == () and note.items == ()


def test_meeting_note_is_one_interaction_with_every_attendee():
    text = (
        '---\ndate: 2026-11-05\nwith:\n  - "[[Maria Gonzalez]]"\n  - Chen Wei\n'
        "  - [[Zoe]]\n---\n- [[Zoe]] is moving to Lisbon #personal\n- [ ] share slides\n"
    )
    note = parse("Meetings/2026-11-05 Downtown breakfast.md", text)
    assert note.kind == MEETING and note.name == "Downtown breakfast"
    assert note.attendees == ("Maria Gonzalez", "Chen Wei", "Zoe")
    (meeting,) = note.interactions
    assert (meeting.date, meeting.kind, meeting.targets) == (
        date(2026, 11, 5),
        "breakfast",
        note.attendees,
    )
    assert [i.targets for i in note.items] == [("Zoe",), ()]
    assert all(i.date == date(2026, 11, 5) for i in note.items)


def test_meeting_kind_from_kind_key_type_key_or_title():
    base = '---\ndate: 2026-01-01\nattendees: ["[[A]]"]\n{extra}---\n'
    assert parse("M/x.md", base.format(extra="kind: Dinner\n")).meeting_kind == "dinner"
    assert parse("M/x.md", base.format(extra="type: call\n")).meeting_kind is None  # never a kind
    assert parse("M/2026-01-01 Coffee with A.md", base.format(extra="")).meeting_kind == "coffee"
    assert parse("M/x.md", base.format(extra="title: Board dinner\n")).name == "Board dinner"


def test_daily_note_lines_are_interactions_mentions_or_neither():
    text = (
        "- Lunch with [[Ada]] at Nopa #personal\n"
        "- called [[Bob]]\n"
        "- [ ] reach out to [[Cy]] for coffee\n"
        "- [x] called [[Dee]]\n"
        "- ![[Ada]]\n"
        "- Saw [[Eve]]'s post\n"
        "> Coffee with [[Fay]]\n"
    )
    note = parse("Daily/2026-03-12.md", text, daily_folder="Daily")
    assert note.kind == DAILY and note.date == date(2026, 3, 12)
    assert [(i.targets, i.kind) for i in note.interactions] == [
        (("Ada",), "lunch"),
        (("Bob",), "call"),
        (("Dee",), "call"),
    ]
    assert [m.targets for m in note.mentions] == [("Cy",), ("Ada",), ("Eve",), ("Fay",)]
    assert [i.targets for i in note.items] == [("Ada",), ("Cy",), ("Dee",)]


def test_daily_note_names_follow_the_obsidian_format():
    context = {"daily_folder": "Journal", "daily_format": "YYYY/MMMM/D MMM YYYY"}
    assert parse("Journal/2026/March/12 Mar 2026.md", "x", **context).date == date(2026, 3, 12)
    assert parse("Other/2026-03-12.md", "x", **context).kind == OTHER
    assert parse("Anywhere/2026-03-12.md", "x").kind == DAILY


def test_template_notes_are_not_people():
    note = parse("People/Template.md", "---\nname: <% tp.file.title %>\n---\n## Log\n")
    assert note.kind == TEMPLATE and note.items == () and note.links == ()


def test_a_note_that_only_mentions_templater_syntax_in_its_body_is_still_a_person():
    note = parse(
        "People/Ada.md", "---\nname: Ada\n---\nShe wrote `<% tp.date.now() %>` and {{ 7*7 }}\n"
    )
    assert note.kind == CONTACT and note.name == "Ada"


def test_conflict_markers_are_flagged_with_their_line():
    text = "---\nname: A\n---\n<<<<<<< HEAD\n- one\n=======\n- two\n>>>>>>> abc123\n"
    note = parse("People/a.md", text)
    assert note.conflicted and note.failed
    assert [p.line for p in note.problems if "conflict" in p.problem] == [4]


def test_bom_and_crlf_do_not_change_what_is_read():
    plain = parse("People/Jane Doe.md", JANE)
    crlf = parse("People/Jane Doe.md", "\ufeff" + JANE.replace("\n", "\r\n"))
    assert crlf.contact == plain.contact and crlf.items == plain.items
    assert crlf.interactions == plain.interactions


def test_a_blank_line_before_the_fence_means_no_frontmatter_with_a_warning():
    note = parse("People/a.md", "\n---\nname: X\n---\nbody")
    assert note.name == "a"
    assert note.problems[0].severity == WARNING and "first line" in note.problems[0].problem


def test_tag_comment_trap_and_unquoted_link_are_handled():
    note = parse(
        "People/a.md", "---\ntags:\n  - #person\n  - mentor\ncompany: [[Acme Corp]]\n---\n"
    )
    assert note.tags == ("mentor",)
    assert "comment" in note.problems[0].problem
    assert note.contact.company == "Acme Corp"
    assert [link.target for link in note.links] == ["Acme Corp"]


def test_a_line_of_only_spaces_is_blank_even_under_personal():
    text = "## Personal\n   \n- Loves sailing\n\n## Log\n### 2026-01-02 Lunch\n- Fine\n \t\n"
    note = parse("People/a.md", text)
    assert [(i.text, i.in_section) for i in note.items] == [("Loves sailing", True)]
    assert [(i.line, i.end_line) for i in note.interactions] == [(6, 7)]


def test_bad_values_of_known_keys_are_warnings_and_the_note_still_counts():
    note = parse(
        "People/a.md",
        "---\nladder: sideways\ncadence: often\nstatus: gone\nmet: last spring\n---\n",
    )
    assert note.kind == CONTACT
    assert {p.severity for p in note.problems} == {WARNING}
    assert len(note.problems) == 4
    assert note.contact.status == "active" and note.contact.met is None


def test_a_cadence_read_again_in_another_note_is_read_the_same_way():
    """_cadence_value remembers a cadence by its text: the same answer in every
    note, and a value that is no cadence warned about in each note saying it."""
    for _ in range(2):
        note = parse("People/a.md", "---\ncadence: 2W\nmeet_every: 30\n---\n")
        assert (note.contact.cadence, note.contact.meet_every, note.problems) == ("2w", "30d", ())
        note = parse("People/b.md", "---\ncadence: often\nmeet_every: 2W\n---\n")
        assert note.contact.cadence is None and note.contact.meet_every == "2w"
        assert [(p.line, p.severity) for p in note.problems] == [(2, WARNING)]
        note = parse("People/c.md", "---\ncadence: 30\n---\n")  # a number, as written
        assert note.contact.cadence == "30d"
        note = parse("People/d.md", "---\ncadence: [2w]\n---\n")  # a list: never looked up
        assert note.contact.cadence is None and len(note.problems) == 1


_PIECES = [
    *"-#[]|:!`%<>=*\n\r \t\ufeffaZ0159xé📅✅⏫\ufe0f",
    "---\n",
    "```\n",
    "[[",
    "]]",
    "- [ ] ",
    "### 2026-02-",
    "name: ",
    "tags:\n  - ",
    "%%",
    "&a ",
    "*a",
    "<<<<<<< ",
    "personal::",
    "#personal",
    "\n## Personal\n",
    "date: 2026-01-01\n",
    "with: [x]\n",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=120).map("".join))
def test_parsing_never_raises_on_any_text(text):
    for path in ("People/x.md", "Meetings/x.md", "Daily/2026-01-01.md"):
        note = parse(path, text)
        assert note.path == path


def test_a_kind_word_before_a_colon_still_names_the_kind():
    (entry,) = parse("People/a.md", "### 2026-01-02 — Lunch: Q3 planning\n").interactions
    assert entry.kind == "lunch"


def test_a_daily_note_heading_that_links_someone_counts_like_a_line():
    text = "## Lunch with [[Bob]] at Nopa\n- he liked the pasta\n## Saw [[Cy]] at the gym\n"
    note = parse("Daily/2026-11-18.md", text)
    assert [(i.targets, i.kind, i.title) for i in note.interactions] == [
        (("Bob",), "lunch", "Lunch with [[Bob]] at Nopa")
    ]
    assert [m.targets for m in note.mentions] == [("Cy",)]


def test_a_line_marked_only_sensitive_is_a_personal_thing_to_handle_with_care():
    (item,) = parse(
        "People/a.md", "### 2026-01-02 Coffee\n- Her brother's trial #sensitive\n"
    ).items
    assert (item.type, item.sensitive, item.text) == (PERSONAL, True, "Her brother's trial")


def test_a_kind_tag_alone_after_the_date_is_the_kind_not_the_title():
    (entry,) = parse("People/a.md", "### 2026-11-22 #call\n").interactions
    assert (entry.title, entry.kind) == ("", "call")
    (entry,) = parse("People/a.md", "### 2026-11-22 — Catch-up #lunch\n").interactions
    assert (entry.title, entry.kind) == ("Catch-up", "lunch")


def test_a_meetings_attendees_in_order_each_against_the_earlier_entries():
    """Each entry's targets are added unless an earlier entry named them: an
    entry that names one twice gives it twice (links, or text split at its
    commas); a nested `[[Flo]]` is read as the link; a number is no one."""
    text = (
        '---\ndate: 2024-01-02\nattendees:\n  - "[[Ada]]"\n  - "[[Bo]], [[Ada]]"\n'
        '  - "[[Cy]] [[Cy|C]]"\n  - Dee, Ed, Dee\n  - "[[Ada]]"\n  - [[Flo]]\n  - 7\n  - ""\n'
        'groups: "[[Team]]"\n---\n# x\n'
    )
    note = parse_note("Meetings/2024-01-02 Sync.md", text)
    assert note.attendees == ("Ada", "Bo", "Cy", "Cy", "Dee", "Ed", "Dee", "Flo")
    assert note.groups == ("Team",)


def test_the_details_are_the_values_as_written_with_each_list_unflowed():
    """A note's details: its values as written, a top-level list holding a
    list (`[[Acme Corp]]` unquoted) read as its link, a mapping as it is;
    alike in a Templater template, which reads no links."""
    text = (
        "---\nname: Ada\ncompany: [[Acme Corp]]\nwith: [a, [[Bo]]]\ntags:\n  - person\n"
        'aliases: [AL]\nextra:\n  k: [[Cy]]\nnums: [1, 2]\nlinks: ["[[Dee]]", x]\n---\n# x\n'
    )
    details = {
        "name": "Ada",
        "company": "[[Acme Corp]]",
        "with": ["a", "[[Bo]]"],
        "tags": ["person"],
        "aliases": ["AL"],
        "extra": {"k": [["Cy"]]},
        "nums": ["1", "2"],
        "links": ["[[Dee]]", "x"],
    }
    note = parse_note("People/Ada.md", text)
    assert note.details == details
    assert sorted((link.target, link.line) for link in note.links) == [
        ("Acme Corp", 3),
        ("Bo", 4),
        ("Dee", 11),
    ]
    template = parse_note("Templates/P.md", text.replace("name: Ada", "name: <% tp.x %>"))
    assert template.kind == TEMPLATE and template.links == ()
    assert template.details == {**details, "name": "<% tp.x %>"}


@pytest.mark.parametrize("people", ["People", "/people/", ""])
@pytest.mark.parametrize("folder", ["People/", "Notes/", "people/", "Peoplex/", "Groups/"])
def test_a_notes_kind_by_type_meeting_keys_folder_and_tags(folder, people):
    """DESIGN §2 over every mix of `type:`, `date:` (a day or not), attendees,
    `tags: [person]` and the people folder (as written, or none)."""
    kinds = []
    for typed, day, attendees, tagged in itertools.product(
        ["", "company", "meeting", "friend", "Person", "group"],
        ["", "2024-01-02", "not a day"],
        [False, True],
        [False, True],
    ):
        text = "---\n" + (f"type: {typed}\n" if typed else "") + (f"date: {day}\n" if day else "")
        text += ('with: "[[Ada]]"\n' if attendees else "") + ("tags: [person]\n" if tagged else "")
        note = parse_note(folder + "N.md", text + "---\n# x\n", ParseContext(people_dir=people))
        kinds.append(note.kind)
        # the rule, restated
        typed = typed.casefold()
        prefix = people.strip("/").casefold()
        in_people = bool(prefix) and folder.casefold().startswith(prefix + "/")
        other = typed in ("company", "meeting")
        attending = attendees and not (other and typed != "meeting")
        if typed == "group":
            expected = GROUP
        elif typed == "person" or (not other and (in_people or tagged) and not (day and attending)):
            expected = CONTACT
        elif attending and day == "2024-01-02":
            expected = MEETING
        elif folder.lower() == "groups/":
            expected = GROUP
        else:
            expected = OTHER
        assert note.kind == expected, (typed, day, attendees, tagged)
    assert CONTACT in kinds and MEETING in kinds


@pytest.mark.parametrize("item", ["person", "#Work, work", "a b #A", "", "#", "Ünï, ünï"])
def test_one_tags_item_reads_as_in_any_list(item):
    """A list of one item (the usual `tags:`) gives what the item gives among
    others: each tag once, in order; read twice, the same."""
    text = "---\ntags:\n  - {}\n---\n# x\n"
    for _ in range(2):
        alone = parse_note("Notes/N.md", text.format(f'"{item}"')).tags
        among = parse_note("Notes/N.md", text.format(f'"{item}"\n  - "{item}"')).tags
        assert alone == among
    assert parse_note("Notes/N.md", text.format('"#Work, work"')).tags == ("work",)


def test_keys_as_netnotes_reads_them_or_not_give_the_same_values_and_lines():
    """A frontmatter whose keys are all written as netnotes reads them is taken
    as it is (remembered by its keys); one with keys that read alike keeps the
    first; either way each value's line is its own. Read twice: the same."""
    for _ in range(2):
        alike = parse_note("People/A.md", "---\nname: A\nE-mail: a@x.example\nemail: b@x\n---\n")
        assert alike.contact is not None and alike.contact.email == "a@x.example"
        plain = parse_note("People/A.md", "---\nname: A\nemail: b@x.example\n---\n")
        assert plain.contact is not None and plain.contact.email == "b@x.example"
        for text in (
            "---\nname: A\nladder: sideways\n---\n",
            "---\nName: A\nLadder: sideways\n---\n",
        ):
            problems = parse_note("People/A.md", text).problems
            assert [(p.line, "ladder" in p.problem) for p in problems] == [(3, True)]


def test_a_frontmatter_of_many_keys_is_read_but_its_keys_not_remembered():
    from netnotes import notes

    text = "---\n" + "".join(f"k{n}: {n}\n" for n in range(70)) + "name: Z\n---\n# x\n"
    for _ in range(2):
        note = parse_note("People/Z.md", text)
        assert note.name == "Z" and note.details["k69"] == "69"
    assert all(len(keys) <= notes._KEYS_REMEMBERED for keys in notes._READ_AS_WRITTEN)
