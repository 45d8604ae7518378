"""The parser's shortcuts give what the general code gives."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import LONG
from netnotes import memo, noted, rows
from netnotes.inline import _TASK_FIELDS
from netnotes.notelines import plain_shown_texts, shown_lines
from netnotes.parsed import flat_json


def both_ways(modules, read, *args):
    """read(*args) with the fast paths of `modules` (one or a tuple), then
    without them (the general code), whose memos are emptied first: none of
    what the fast paths remembered is read by the general code."""
    modules = modules if isinstance(modules, tuple) else (modules,)
    fast = read(*args)
    for module in modules:
        module.FAST_PATHS = False
    memo.forget()
    try:
        return fast, read(*args)
    finally:
        for module in modules:
            module.FAST_PATHS = True


LINE_PARTS = ["", " ", "text", "%%", "<!--", "-->", "`code`", "<<<<<<< ours", "=======", ">>>>>>>"]
LINE_PARTS += ["|||||||", "# heading", "- [ ] task", "<b>", "50%", "\t", "  "]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(LINE_PARTS), max_size=4).map("".join), max_size=12),
    st.integers(-2, 14),
    st.integers(-2, 14),
)
def test_the_texts_of_a_note_with_nothing_hidden_are_shown_lines_texts(lines, start, end):
    expected = [text for _, text in shown_lines(lines, start, end, ())]
    assert list(plain_shown_texts(lines, start, end)) == expected


# --- a note's parse: the fast paths give the general path's records -----------

NOTE_HEADS = {
    "People/Ada Lovelace.md": "---\nname: Ada Lovelace\ntags: [person]\n---\n",
    "Meetings/2026-03-02 Lunch.md": '---\ndate: 2026-03-02\nwith: ["[[Ada Lovelace]]", "[[Bob]]"]\n---\n',
    "2026-03-02.md": "",
    "Topics/Notes.md": "# Notes\n",
}
BODY_PARTS = [
    *("", " ", "  ", "\t", "- ", "  - ", "    - ", "* ", "1. ", "> ", "- [ ] ", "- [x] ", "- [-] "),
    *(
        "### 2026-03-01 — ",
        "### 2026-03-01—",
        "### 2026-03-02:",
        "### 2026-03-03 -",
        "## ",
        "# ",
        "### 2026-3-1 ",
        "## Personal",
        "### [[2026-03-04]] ",
        "####",
    ),
    *("Lunch with ", "coffee", "Call", "Texts", "met ", "text", "Drinks", " and ", ":", "::", "|"),
    *("1:1", "1-on-1", "Met", "-", "—"),
    *("[[Ada Lovelace]]", "[[Bob|B]]", "[[Ada Lovelace#Work]]", "![[img.png]]", "[[x.md]]", "[["),
    *(" #sensitive", " #personal", " #ask", " #waiting", " #Sensitive/health", " #1984", "#call"),
    *("%%", "%% hidden %%", "<!--", "-->", "<!-- c -->", "```", "~~~", "`code [[Ada Lovelace]]`"),
    *("personal:: likes tea", "- calendar:: Cafe", "- event_uid:: x@y", "[due:: 2026-03-09]"),
    *(
        " 📅 2026-03-05",
        " 📅 2026-02-30",
        " ✅ 2026-03-01",
        " ⏳ 2026-03-03",
        " ⏫",
        " 🔁 every week",
    ),
    *(" ^abc1", "<<<<<<< ours", "=======", ">>>>>>> theirs", "2026-03-04", "Ask about", "[", "]"),
    *("`#call`", "`Lunch`", "Notes "),  # a kind word or tag in code: hidden from the heading
]
body_lines = st.lists(st.sampled_from(BODY_PARTS), max_size=5).map("".join)


# A note: its path (and so its head, NOTE_HEADS), body lines, newline, and a BOM or not.
NOTES = (
    st.sampled_from(sorted(NOTE_HEADS)),
    st.lists(body_lines, max_size=14),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)


def note_text(path: str, lines: list[str], newline: str, bom: bool) -> str:
    """NOTE_HEADS' note at `path` with these body lines, as a file holds it."""
    return ("\ufeff" if bom else "") + (NOTE_HEADS[path] + "\n".join(lines)).replace("\n", newline)


@settings(max_examples=20_000 if LONG else 400, deadline=None)
# A contact's dated heading with its tag in code: the title's fast path must not see it.
@example("People/Ada Lovelace.md", ["### 2026-03-01 Notes `#call`"], "\n", False)
@example("People/Ada Lovelace.md", ["### 2026-03-01 `Lunch` with [[Bob]]"], "\n", False)
# A contact's dated headings read from their words after the day (_dated_words), and not.
@example(
    "People/Ada Lovelace.md",
    [
        "## Personal",
        "#### 2026-03-01 — Coffee ##",
        "- x",
        "### 2026-03-01 — Call ## x",
        "### 2026-03-01 —— Lunch with [[Bob]] #sensitive",
        "####### 2026-03-01 — Lunch",
        "### 2026-03-01—Drinks",
        "### 2026-03-01Call",
        "###x2026-03-01 — Lunch",
        "## Log",
        "### 2026-03-01T10 Call",
        "### 2026-03-01 ## ",
        "### 2026-02-30 — Lunch",
        "### 2026-03-01  \t— 1:1 %% x %%",
        "### 2026-03-01",
        "\t### 2026-03-01 — Walk",
    ],
    "\n",
    False,
)
# Headings seen before read from what was read of them then (_PLAIN_HEADINGS), and not.
@example(
    "People/Ada Lovelace.md",
    [
        *("## Notes", "- x", "## Personal", "- tea", "## Notes", "- y", " ## Personal", "- z"),
        *("## Nov 12, 2026", "## Nov 12, 2026", "## Notes #sensitive", "## Notes #sensitive"),
        *("## Lunch [[Bob]]", "## Lunch [[Bob]]", "## `Lunch`", "## `Lunch`", "## Notes ##"),
        *("## Notes %% c %%", "## Notes %% c %%", "####### Notes", "####### Notes"),
    ],
    "\n",
    False,
)
@example(
    "2026-03-02.md",
    [
        *("## Lunch with [[Bob]]", "- x", "## Lunch with [[Bob]]", "- y", "## Notes", "## Notes"),
        *("## 2026-03-05", "- [ ] x", "## 2026-03-05", "- [ ] y", "## 2026-02-30", "## 2026-02-30"),
        *("## 2026-03-06-x", "- [ ] x", "## 2026-03-06-x", "- [ ] y"),
    ],
    "\n",
    False,
)
@given(*NOTES)
def test_a_notes_records_are_the_general_paths_whatever_its_body(path, lines, newline, bom):
    from netnotes import notebody
    from netnotes.models import ParseContext
    from netnotes.notes import parse_records

    text = note_text(path, lines, newline, bom)
    fast, general = both_ways(notebody, parse_records, path, text, ParseContext())
    assert fast == general
    assert fast.note() == general.note()
    assert all(fast.texts())  # a section holds more than blank lines (a heading's never is empty)


@settings(max_examples=2_000 if LONG else 300, deadline=None)
@example(
    "People/Ada Lovelace.md",
    ["- [x] call Bob #project \U0001f4c5 2026-03-05", "- [ ] x [[Bob]]"],
    "\n",
    False,
)
@example("Meetings/2026-03-02 Lunch.md", ["- [ ] ask \u23eb [due:: 2026-02-30]"], "\n", False)
@given(*NOTES)
def test_a_notes_records_are_the_general_paths_with_no_shortcut_of_inline_either(
    path, lines, newline, bom
):
    """The same, with inline's shortcuts (scan_task's one match among them) off too."""
    from netnotes import inline, notebody
    from netnotes.models import ParseContext
    from netnotes.notes import parse_records

    text = note_text(path, lines, newline, bom)
    fast, general = both_ways((notebody, inline), parse_records, path, text, ParseContext())
    assert fast == general


# Each mark the scan looks for only in a note whose text holds its character
# (a conflict's `|`: seven in a row), alone in a note of plain lines and links.
LONE_MARKS = ["<<<<<<< ours", "=======", ">>>>>>> theirs", "||||||| base", "|||||||"]
LONE_MARKS += ["%% [[Ada Lovelace]] %%", "<!-- [[Ada Lovelace]] -->", "`[[Ada Lovelace]]`"]
LONE_MARKS += ["```\n[[Ada Lovelace]]\n```", "~~~\n[[Ada Lovelace]]\n~~~", "50% [[Ada Lovelace]]"]
LONE_MARKS += ["%%\n[[Ada Lovelace]]\n%%", "- [ ] ask %% [[Ada Lovelace]] %%", "a < b", "x ~ y"]


@pytest.mark.parametrize("mark", LONE_MARKS)
@pytest.mark.parametrize("path", sorted(NOTE_HEADS))
def test_a_mark_alone_in_its_note_is_read_as_the_general_path_reads_it(path, mark):
    from netnotes import notebody
    from netnotes.models import ParseContext
    from netnotes.notes import parse_records

    lines = ["- plain", "- [[Bob|B]] said", *mark.split("\n"), "- [ ] call [[Bob]]", "- end"]
    text = note_text(path, lines, "\n", False)
    fast, general = both_ways(notebody, parse_records, path, text, ParseContext())
    assert fast == general
    assert fast.conflicted == (mark[:1] in "<=>|" and mark[:7] == mark[0] * 7)
    body_links = [target for _, target, _, in_frontmatter in fast.links if not in_frontmatter]
    assert ("Ada Lovelace" in body_links) == mark.startswith("50%")


ITEM_PARTS = ["- ", "-", " ", "  ", "\t", "\u2003", "* ", "1. ", "2)", "x", "#personal"]
ITEM_PARTS += ["[ ]", "\r"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ITEM_PARTS), max_size=6).map("".join))
@example("-  two spaces ")
@example("- \u2003wide space")
def test_a_list_items_words_read_the_short_way_are_what_its_pattern_reads(line):
    from netnotes import notebody
    from netnotes.inline import LIST_ITEM

    item = LIST_ITEM.match(line)
    assert notebody._item_words(line) == (item.group(1) if item else None)


def _trailing_tag_char_by_char(rest: str, end: int) -> int | None:
    """The word that ends at `end`, found a character at a time: a tag if it
    is `#` and more, with no other `#`."""
    start = end
    while start > 0 and not rest[start - 1].isspace():
        start -= 1
    token = rest[start:end]
    return start if len(token) > 1 and token[0] == "#" and "#" not in token[1:] else None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["#", "##", "a", "#tag", " ", "\u00a0", "\t", "x#y", "é"]), max_size=8)
)
def test_a_tasks_trailing_tag_is_the_word_that_ends_it(parts):
    from netnotes.inline import _tag_ending_at

    rest = "".join(parts).rstrip()
    for end in range(len(rest) + 1):
        if end and not rest[end - 1].isspace():
            assert _tag_ending_at(rest, end) == _trailing_tag_char_by_char(rest, end)


TASK_PARTS = [
    *("- [ ] ", "- [x] ", "> - [-] ", "1. [ ] ", "text", "call", " ", "  ", "\t", "\u00a0", "é"),
    *("\U0001f4c5", "\U0001f4c6", "\u23f3", "\u2705", "\u274c", "\u2795", "\U0001f6eb", "\ufe0f"),
    *(
        "\u23eb",
        "\U0001f53d",
        "\u23f0",
        "\U0001f501 every week",
        "\U0001f194 a1",
        "::",
        "[due:: 1]",
    ),
    *("2026-03-05", "2026-02-30", "2026-3-5", "#tag", "#waiting", "#a/b-c", "#", "x#y", "#t."),
    *(" ^abc1", "^", "(", ")", "[", "]", "١٢٣٤-٠١-٠١"),
    *("\U0001f4c5 2026-03-05", "\U0001f4c5 2026-02-30", "\U0001f4c6 2026-01-01"),
    *("\u2705 2026-01-02", "[due:: 2026-03-05]", "[start:: 2026-02-30]", "(due:: 2026-01-01)"),
    *("[Due:: 2026-01-01]", "[due::2026-01-01]", "x[due:: 2026-01-01]", "[due:: 2026-01-01"),
    *("\u23f3 2026-01-03", "\u274c 2026-01-04", "\u23eb", "\U0001f53a", "#t1", "#t2"),
]
# Every mark of every field (🗓 ⌛ 🔼 ⏬ … as well), alone and before a date.
MARKS = [mark for _, marks, _ in _TASK_FIELDS if marks != ("::",) for mark in marks]
TASK_PARTS += [*MARKS, *(f"{mark} 2026-01-05" for mark in MARKS)]


@settings(max_examples=20_000 if LONG else 600, deadline=None)
@given(st.lists(st.sampled_from(TASK_PARTS), max_size=10))
def test_a_tasks_end_read_the_short_way_is_what_the_general_reader_reads(parts):
    from netnotes import inline

    line = (
        "- [ ] " + " ".join(parts) if parts[:1] not in (["- [ ] "], ["- [x] "]) else "".join(parts)
    )
    fast, general = both_ways(inline, inline.parse_task, line)
    assert fast == general
    assert fast is None or list(fast.fields.items()) == list(general.fields.items())


# --- is_noted and the interactions' #sensitive: each pattern tried only where it can match


def _noted_by_patterns_alone(lines: list[str]) -> bool:
    """noted.is_noted as it read every line, each pattern tried on it."""
    for raw in lines:
        text = raw.strip()
        if noted.calendar_line(raw) is not None:
            continue
        if not text or text.startswith("#") and text.lstrip("#").startswith(" "):
            continue
        mark = noted._LIST_MARK.match(text)
        content = text[mark.end() :] if mark else text
        if not content or noted._PLANNED.match(content) or noted._ASK.search(content):
            continue
        return True
    return False


NOTED_PARTS = ["", " ", "- ", "* ", "+ ", "1. ", "2) ", "٣. ", "[x] ", "Bring", "PLAN", "plan"]
NOTED_PARTS += ["Agenda", "agendas", "#ask", "#Ask", "x#ask", "#asking", "ask", "# ", "#", "ſ"]
NOTED_PARTS += ["İ", "talked", "calendar:: x", "\t", "b", "p", "a", "\u2003", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(NOTED_PARTS), max_size=5).map("".join), max_size=4))
# `- words` is read without _LIST_MARK: not where a space of any kind or a box follows the dash
@example(["- \tBring the deck"])
@example(["- \u2003Plan: Q3"])
@example(["- [x] Agenda"])
@example(["- -Bring"])
@example(["- talked"])
@example(["- calendar:: x"])
def test_is_noted_reads_as_its_patterns_alone_would(lines):
    assert noted.is_noted(lines) == _noted_by_patterns_alone(lines)


NOTED_LINES = [
    "  - talked",
    "\t- plan",
    " \u2003- x",
    "- talked",
    "- Bring the deck",
    "- plan",
    "- #ask x",
    "- x #ask",
    "- calendar:: x",
]
NOTED_LINES += ["- [x] done", "-  x", "- \u2003x", "- x %% c %%", "- %% Bring %%", "- a <b>", "%%"]
NOTED_LINES += ["- x:y", "* x", "", "### 2026-03-01 — Lunch", "#### 2026-03-02 — Coffee %%", "```"]
NOTED_LINES += ["### 2026-03-03 — Call", "## Log", "- Agenda", "-\tx", "- x\t#y", "<!--", "-->"]
NOTED_LINES += ["## ", "# \t", "###### ", "## \r"]  # headings to a reader, not to is_noted


@settings(max_examples=2_000 if LONG else 300, deadline=None)
@given(
    st.sampled_from(["People/Ada Lovelace.md", "Meetings/2026-03-02 Lunch.md"]),
    st.lists(st.sampled_from(NOTED_LINES), max_size=10),
    st.booleans(),
)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- talked"], False)
@example("People/Ada Lovelace.md", ["#### 2026-03-02 — Coffee %%", "- talked", "%%"], False)
@example(
    "People/Ada Lovelace.md",
    ["### 2026-03-01 — Lunch %%", "- talked", "%%", "- Bring the deck"],
    False,
)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- Bring the deck"], False)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- [x] done"], False)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- #ask x"], False)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- x #ask"], False)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- calendar:: x"], False)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- \u2003x"], False)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- Agenda"], False)
@example("People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- %% Bring %%"], False)
@example(
    "People/Ada Lovelace.md", ["### 2026-03-01 — Lunch", "- %%c%%Bring", "- <!--c-->plan"], False
)
@example("Meetings/2026-03-02 Lunch.md", ["# Lunch", "", "## Agenda", "- Bring the deck"], False)
@example("Meetings/2026-03-02 Lunch.md", ["## Agenda", "- talked"], False)
@example("Meetings/2026-03-02 Lunch.md", ["## Notes %% c %%", "#%%c%% x", "## x <b>"], False)
@example("Meetings/2026-03-02 Lunch.md", ["##", "#x", "- plan", "  - talked"], False)
@example("Meetings/2026-03-02 Lunch.md", ["#x", "- plan"], False)
@example("Meetings/2026-03-02 Lunch.md", ["## "], False)
@example("Meetings/2026-03-02 Lunch.md", ["## ", "- plan"], False)
@example("Meetings/2026-03-02 Lunch.md", ["# %%c%%", "- plan"], False)
@example("Meetings/2026-03-02 Lunch.md", ["# <!--c-->", "- plan"], False)
def test_an_interactions_noted_flag_is_is_noted_of_the_lines_written_under_it(path, lines, bom):
    """rows._interactions takes a contact's heading whose next line is a plain
    `- words` (noted.plainly_noted) as noted without reading on, and _noted
    skips blank lines and headings to such a line: what is_noted reads of the
    lines under it as a reader sees them, whatever they are."""
    from netnotes.models import CONTACT, MEETING, Hidden, ParseContext
    from netnotes.notes import parse_records

    note = parse_records(path, note_text(path, lines, "\n", bom), ParseContext())
    hidden = tuple(Hidden(*h) for h in note.hidden)
    found = rows._interactions(note, 1, bom)
    assert len(found) == len(note.interactions)
    for row, (line, end, *_, in_person, origin, _) in zip(found, note.interactions):
        start, stop = noted.written_range(origin, line, end, note.lines)
        shown = (text for _, text in shown_lines(note.lines, start, stop, hidden))
        expected = not (in_person and origin in (CONTACT, MEETING)) or noted.is_noted(shown)
        assert row[9] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NOTED_PARTS + ["%%", "<!--", "-->", ":", "x"]), max_size=6))
def test_a_plainly_noted_line_is_noted(parts):
    line = "".join(parts)
    if noted.plainly_noted(line):
        assert noted.is_noted(plain_shown_texts([line], 1, 1))


SENSITIVE_PARTS = ["#sensitive", "#Sensitive/x", "#SENSITIVE", "#ſensitive", "#sensıtıve", "%%"]
SENSITIVE_PARTS += ["`", "#", "sens", "itive", " ", "x", "/", "İ", "Σ", "\ufeff", "<!--", "-->"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SENSITIVE_PARTS), max_size=8).map("".join), st.booleans())
def test_a_sensitive_interaction_line_holds_the_lowercased_letters(text, bom):
    """rows._interactions looks for #sensitive only on lines whose lowercased
    text holds `sensitive`: every line tags_in reads it on does."""
    if rows._sensitive_line(text, 1, bom):
        assert "sensitive" in text.lower()


LINK_PARTS = ["[[", "]]", "[", "]", "!", "Ada", " ", "|B", "#Work", ".md", "\n", "![[", "!!"]
LINK_PARTS += ["[[Ada Lovelace]]", "![[img.png]]", "[[Bob|B]]", "é", "[[#Work]]", "\\|"]


@settings(max_examples=20_000 if LONG else 600, deadline=None)
@given(st.lists(st.sampled_from(LINK_PARTS), max_size=10).map("".join))
def test_a_lines_links_read_the_short_way_are_what_the_embed_pattern_reads(text):
    """links_in of a text with no `!` skips to each `[[` with a pattern of its
    own, greedy where the embed pattern is lazy: the same links."""
    from netnotes import inline

    fast, general = both_ways(inline, inline.links_in, text)
    assert fast == general
    assert general == [
        (target, embed == "!")
        for embed, inner in inline._WIKILINK.findall(text)
        if (target := inline.link_target(inner))
    ]


TAG_PARTS = ["#", "##", "a", "#tag", " ", "\u00a0", "\t", "\n", "(", ")", "x#y", "é", "/", "-"]
TAG_PARTS += ["#Sensitive/health", "#1984", "\u2028", "[[", "%%", "_", "#a-b", ".", "\x1c"]


@settings(max_examples=20_000 if LONG else 600, deadline=None)
@given(st.lists(st.sampled_from(TAG_PARTS), max_size=10).map("".join))
def test_a_lines_tags_read_the_short_way_are_what_the_tag_pattern_reads(text):
    """tags_in skips to each `#` and looks at the character before it after:
    the same tags as the pattern with its look behind (#sensitive among them)."""
    from netnotes import inline

    assert inline._tag_words(text) == inline._TAG.findall(text)
    fast, general = both_ways(inline, inline.tags_in, text)
    assert fast == general


HEADING_PARTS = ["#", "##", "###", "####", "#######", " ", "  ", "    ", "\t", "\n", "x", "Title"]
HEADING_PARTS += ["2026-03-01", "#tag", "é", "\u00a0", "\u2028"]
# The pattern HEADING stands for (quadratic on a long run of spaces: test texts only).
_HEADING_PATTERN = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


@settings(max_examples=20_000 if LONG else 600, deadline=None)
@given(st.lists(st.sampled_from(HEADING_PARTS), max_size=8).map("".join))
def test_a_heading_read_the_short_way_is_what_its_pattern_reads(line):
    """A heading with no indent is read without the pattern: the same level
    and title as _START's way and as the pattern HEADING stands for."""
    from netnotes import inline

    fast, general = both_ways(inline, inline.HEADING.parts, line)
    assert fast == general
    found = _HEADING_PATTERN.match(line)
    assert fast == (None if found is None else (len(found.group(1)), found.group(2)))


# --- the rows' JSON: the encoder made once writes what json.dumps writes ------

_FLAT = st.one_of(st.text(), st.integers(), st.booleans(), st.none())


@given(st.one_of(st.lists(st.text()), st.lists(st.tuples(_FLAT, _FLAT, _FLAT))))
def test_flat_json_is_json_dumps_without_ascii_escapes(values):
    assert flat_json(values) == json.dumps(values, ensure_ascii=False)


@pytest.mark.parametrize(
    "word",
    ["Lunch", "lunch ", "Called", "1-on-1", "E-mail", "Met", "texts", "nothing", "", "call:back"],
)
def test_a_kind_word_read_again_is_read_as_the_first_time(word):
    from netnotes import inline

    match = inline._KIND_WORD.fullmatch(word.strip())
    base = match.group(1).lower() if match else None
    expected = inline._SYNONYMS.get(base, base) if base else None
    assert inline.canonical_kind(word) == expected
    assert inline.canonical_kind(word) == expected  # remembered


CONFLICT_PARTS = ["Ada", " ", "(conflicted copy 2024-05-01)", "(Conflict)", "(x)", "2", "٣", "²"]
CONFLICT_PARTS += [".sync-conflict-20240501-101500", "-ABC", ".SYNC-CONFLICT-20240501-101500", ")"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CONFLICT_PARTS), max_size=5).map("".join))
@example("Ada (conflicted copy 2024-05-01)")
@example("Ada 2")
@example("Ada ٣")  # a digit of another script: the pattern's \d reads it
@example("Ada.sync-conflict-20240501-101500-ABC")
def test_a_conflict_copys_stem_is_what_both_patterns_say(stem):
    """conflict_copy_of tries each pattern only where it could match."""
    from netnotes import naming

    match = naming.SYNCTHING_COPY.fullmatch(stem) or naming._conflict_copy().fullmatch(stem)
    assert naming.conflict_copy_of(stem) == (match.group(1) if match else None)


@pytest.mark.parametrize(
    "text",
    ["About", "Log", "Personal", "Nov 12, 2026", "12 November 2026", "2026-9-28 — x", "٢٠٢٦-٩-٢٨"],
)
def test_a_heading_of_letters_alone_opens_with_no_date(text):
    from netnotes import dateish

    found = dateish.loose_date(text)
    assert (found is None) == text.isalpha()


DETAIL_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=8),
        st.dates(),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), DETAIL_VALUES, max_size=5))
@example({"name": 'Zoë \u2028 \x00 "q" \\', "met": __import__("datetime").date(2026, 3, 14)})
def test_a_notes_details_json_is_what_the_json_encoder_writes(details):
    """rows._details_json makes its C encoder once: the same text as
    JSONEncoder(ensure_ascii=False, default=str).encode."""
    expected = json.JSONEncoder(ensure_ascii=False, default=str).encode(details)
    assert rows._details_json(details) == expected


@pytest.mark.parametrize(
    ("text", "links", "tags"),
    [
        (
            '---\nrelated:\n  - "[[Ada]]"\n  - [[Bo]]\n  - 3\n  - "[[Cy]]"\ntags: [a, "b,c", "#d"]\n---\n',
            ["Ada", "Bo", "Cy"],
            ("a", "b", "c", "d"),
        ),
        ('---\nrelated: ["[[Ada]]", "x", "[[Bo|B]] and [[Cy]]"]\n---\n', ["Ada", "Bo", "Cy"], ()),
        (
            '---\nrelated:\n  - 3\n  - "[[Ada]]"\n  - [[Ada]]\nnested:\n  a: "[[Dee]]"\n---\n',
            ["Ada", "Ada", "Dee"],
            (),
        ),
    ],
)
def test_a_frontmatter_lists_links_are_read_once_each_whatever_its_items(text, links, tags):
    """A list of text alone is read in one pass; one with anything else (an
    unquoted link, a number) the general way: each link once, in order."""
    from netnotes.models import ParseContext
    from netnotes.notes import parse_records

    parsed = parse_records("Topics/x.md", text, ParseContext())
    assert [target for _, target, _, _ in parsed.links] == links
    assert parsed.tags == tags


def test_a_notes_tags_read_again_are_read_as_the_first_time():
    """Each item of `tags:` is read once, then remembered: the second note
    with the same items reads the same tags (items of other types, too)."""
    from netnotes.models import ParseContext
    from netnotes.notes import parse_records

    text = '---\ntags: ["#Work, friend", Friend, 3, true, "a  b", "##", "x,#X"]\n---\n'
    for path in ("Topics/x.md", "Topics/y.md"):
        tags = parse_records(path, text, ParseContext()).tags
        assert tags == ("work", "friend", "3", "true", "a", "b", "x")
    dated = parse_records(
        "Topics/z.md", "---\ntags:\n  - Work\n  - 2026-03-14\n---\n", ParseContext()
    )
    assert dated.tags == ("work", "2026-03-14")


SCAN_TASK_PARTS = [*TASK_PARTS, " #waiting", " #a/b-c", " #t1 #t2", " [due:: 2026-03-05]", " ^x"]
SCAN_TASK_PARTS += [
    " [start:: 2026-01-01]",
    " [due:: 2026-13-01]",
    " 📅 0000-01-01",
    ":",
    "^",
    "\n",
]
SCAN_TASK_PARTS += ["[[Ada]]", "(x)", "`c`", "-", "+ [x] ", "* [ ] ", "  - [ ] ", "- [x]", "[", "]"]


@settings(max_examples=20_000 if LONG else 1_000, deadline=None)
@given(
    st.sampled_from(["- [ ] ", "- [x] ", "* [-] ", "- [X] ", "", "- ", "- [ ]"]),
    st.lists(st.sampled_from(SCAN_TASK_PARTS), max_size=8),
    st.sampled_from(["", " ", "  "]),
)
@example("- [x] ", ["send", " 📅 2026-01-01", " 📅 2026-01-02"], "")
@example("- [x] ", ["send", " 📅 2026-01-01", " [due:: 2026-01-02]", " ✅ 2026-01-03"], "")
@example("- [x] ", ["send", " [due:: 2026-01-02]", " 📅 2026-01-01", " ⏫"], "")
@example("- [ ] ", ["send", " #waiting", " 📅 2026-02-30"], "")
@example("- [ ] ", ["send", "\t", " #t1 #t2", " ⏳ 2026-01-03"], "")
@example("- [ ] ", ["send", "#waiting", "\U0001f4c5 2026-01-05"], "  ")  # text: `send #waiting`
@example("- [x] ", ["a\\b", "\U0001f4c5 2026-01-05", "^x1"], " ")
def test_a_task_read_whole_is_what_read_task_reads(box, parts, spaces):
    """scan_task reads the commonest task lines in one match: what TASK_LINE
    and read_task read of them, the due day in ISO form."""
    from netnotes import inline

    line = box + spaces.join(parts)
    fast, general = both_ways(inline, inline.scan_task, line)
    assert fast == general
    match = inline.TASK_LINE.match(line)
    if match is None:
        assert fast is None
    else:
        done, text, _, due, due_error = inline.read_task(match)
        assert fast == (done, text, due.isoformat() if due else None, due_error)
