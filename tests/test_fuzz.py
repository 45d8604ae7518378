"""Property tests: the parser on any text and on notes built from the pieces
real notes are made of; every command over vaults of such notes; and the
write paths (`new`, `log`, `done`) on arbitrary names and arbitrary notes.

By default each test runs a fixed, small set of examples (the "ci" profile in
conftest.py: the same examples every run, seconds in all). For a long random
search: HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py (docs/testing.md)."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from netnotes import yamlfm
from netnotes.cli import main
from netnotes.config import Config
from netnotes.edit import Lines, LogEntry, add_log_entry, check_off
from netnotes.errors import UsageError, WriteRefusedError
from netnotes.inline import display_links
from netnotes.models import CONTACT, ERROR, ParseContext
from netnotes.models_note import NewContact
from netnotes.newcontact import create_contact
from netnotes.notes import parse_note
from netnotes.render import Renderer
from netnotes.vault import Vault

CONTEXT = ParseContext("People", "Daily", "YYYY-MM-DD")
PATHS = ("People/x.md", "Meetings/2026-11-18 x.md", "Daily/2026-11-20.md", "Notes/x.md")
TODAY = "2026-11-26"
DAY = date(2026, 11, 26)

# --- the pieces notes are made of ----------------------------------------------

TRICKY_VALUES = [
    "2026-01-01",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "2026-06-29T00:00:00.000Z",
    "2026-03-14 10:30",
    "[[Ada]]",
    "[[Ada|A]]",
    '"[[Ada]]"',
    "[[Ada]], [[Bob]]",
    "#person",
    "NO",
    "01234",
    "+15551234",
    "10:30",
    "1:20:30",
    "0o17",
    ".5",
    "none",
    "60d",
    "100000y",
    "999999999999d",
    "--02-29",
    "02-30",
    "~",
    "null",
    "''",
    "[]",
    "{}",
    "[unclosed",
    "&a x",
    "*a",
    "|\n  block",
    "above",
    "archived",
    "R&D <Labs>",
    "{{ 7*7 }}",
    "<% tp.date.now() %>",
    "\\e[31m",
    "true",
    "yes",
    "ünïcødé",
    "a: b",
    "x #y",
    "- item",
]
KEYS = [
    "name",
    "aliases",
    "tags",
    "tag",
    "ladder",
    "company",
    "role",
    "status",
    "cadence",
    "snooze",
    "met",
    "how_met",
    "birthday",
    "groups",
    "email",
    "type",
    "date",
    "with",
    "attendees",
    "people",
    "kind",
    "title",
    "items",
    "keys",
    "2024",
    "true",
    "Company",
    "x",
]
BODY_LINES = [
    "## Log",
    "## Personal",
    "## Interactions:",
    "### 2026-11-01 — Lunch at Nopa",
    "### 2026-13-01 x",
    "#### [[2026-10-02]] Call",
    "## 2026-09-09: Coffee #lunch",
    "# 9999-12-31 — Dinner",
    "- [ ] Send the deck 📅 2026-12-01",
    "- [x] Sent ✅ 2026-11-02",
    "- [ ] due [due:: 2026-12-03]",
    "- [ ] ping ⛔️ abc ⏫️ 🗓 2026-12-01 ^block-1",
    "- [ ] NBSP 📅\u00a02026-12-02",
    "* [ ] star task",
    "1. [ ] numbered task",
    "- She moved to Lisbon #personal",
    "- Divorce #personal #sensitive",
    "- Ask about the race #ask",
    "- Owes me a reply #waiting",
    "personal:: keeps bees",
    "Company:: Acme",
    "- Lunch with [[Ada]] at Nopa",
    "- [ ] reach out to [[Bob]]",
    "![[Ada]]",
    "> called [[Ada]]",
    "[[Ada#^abc]] and [[ada lovelace]] and [[People/Ada.md|A]]",
    "`[[Ada]]`",
    "```",
    "~~~",
    "%%",
    "%% [[Ada]] %%",
    "<!--",
    "-->",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> abc",
    "---",
    "+++",
    "{",
    "}",
    "\t- tabbed item",
    "    indented code",
    "",
    "| [[Ada\\|A]] | x |",
    "#tag #1984 #Work/Clients #café",
    "\ufeff",
    "\x00",
    "\x1b[31m",
]


def frontmatter_value(value) -> str:
    """A value as a person might write it: plain, or as YAML flow/JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


values = st.recursive(
    st.one_of(
        st.sampled_from(TRICKY_VALUES),
        st.integers(-(10**20), 10**20),
        st.booleans(),
        st.none(),
        st.text(max_size=8),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=5,
)


@st.composite
def notes(draw) -> str:
    """A note from the pieces real ones are made of: maybe a BOM, maybe
    frontmatter (sometimes broken), headings, tasks, links, fences; LF or CRLF."""
    lines: list[str] = []
    if draw(st.booleans()):
        front = draw(st.dictionaries(st.sampled_from(KEYS), values, max_size=7))
        lines += ["---", *(f"{k}: {frontmatter_value(v)}" for k, v in front.items())]
        lines += [draw(st.sampled_from(["---", "---", "--- ", "...", ""]))]
    lines += draw(
        st.lists(st.one_of(st.sampled_from(BODY_LINES), st.text(max_size=30)), max_size=25)
    )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(line.replace("\n", newline) for line in lines)
    return draw(st.sampled_from(["", "\ufeff"])) + text + draw(st.sampled_from(["", newline]))


def check_invariants(note, text: str) -> None:
    count = len(text.lstrip("\ufeff").split("\n"))
    for problem in note.problems:
        assert problem.line is None or 1 <= problem.line <= count + 1, problem
    for interaction in note.interactions:
        assert 1 <= interaction.line <= interaction.end_line <= count
    for item in note.items:
        assert 1 <= item.line <= count


# --- the parser -------------------------------------------------------------------


@settings(max_examples=examples(200))
@given(st.text())
def test_the_parser_never_raises_on_any_text(text):
    for path in PATHS:
        check_invariants(parse_note(path, text, CONTEXT), text)


@settings(max_examples=examples(150))
@given(notes())
def test_the_parser_never_raises_on_notes_built_from_real_pieces(text):
    for path in PATHS:
        note = parse_note(path, text, CONTEXT)
        check_invariants(note, text)
        assert note.path == path


@settings(max_examples=examples(150))
@given(st.text())
def test_frontmatter_yaml_never_raises_and_every_problem_has_a_line(text):
    front = yamlfm.read(text)
    assert all(line is not None and line >= 2 for line, _, _ in front.problems)


@settings(max_examples=examples(8))
@given(st.lists(notes(), min_size=1, max_size=5))
def test_every_read_command_over_a_vault_of_such_notes_ends_cleanly(texts):
    """No exception from any command, and only the exit codes DESIGN §8 names."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        (root / ".netnotes").mkdir(parents=True)
        for n, text in enumerate(texts):
            path = (
                root
                / ("People", "Meetings", "Daily", "Notes")[n % 4]
                / ("2026-11-20.md" if n % 4 == 2 else f"N{n}.md")
            )
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
        before = {p: p.read_bytes() for p in root.rglob("*.md")}
        runner = CliRunner()
        for args in (
            ["index"],
            ["check"],
            ["list", "--date", TODAY],
            ["search", "Ada"],
            ["digest", "--stdout", "--date", TODAY],
            ["digest", "--format", "json", "--date", TODAY],
            ["prep", "--upcoming", "--stdout", "--date", TODAY],
            ["prep", "N0", "--stdout", "--date", TODAY],
            ["show", "N0", "--date", TODAY],
            ["export", "ics", "--date", TODAY],
            ["export", "vcard"],
        ):
            env = {"XDG_CACHE_HOME": str(Path(folder) / "cache")}
            result = runner.invoke(
                main, ["--vault", str(root), *args], env=env, catch_exceptions=False
            )
            assert result.exit_code in (0, 1, 2), (args, result.output)
        assert {p: p.read_bytes() for p in root.rglob("*.md")} == before


# --- `new`: any name lands in the people folder, or is refused clearly -----------------

names = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.sampled_from(
            [
                "..",
                "/",
                "\\",
                ".",
                "CON",
                "nul",
                " ",
                "é",
                "e\u0301",
                "😀",
                "#",
                "|",
                "[[",
                "]]",
                ":",
                "*",
                "?",
                "Ada",
                "\t",
                "\n",
                "~",
                "$HOME",
            ]
        ),
        max_size=12,
    ).map("".join),
)
field_text = st.one_of(st.sampled_from(TRICKY_VALUES), st.text(max_size=30))


@settings(max_examples=examples(60))
@given(
    name=names,
    company=field_text,
    role=field_text,
    email=field_text,
    how_met=field_text,
    tags=st.lists(field_text, max_size=3),
)
def test_new_makes_a_readable_contact_inside_the_people_folder_or_refuses(
    name, company, role, email, how_met, tags
):
    new = NewContact(
        name, company=company, role=role, email=email, how_met=how_met, tags=tuple(tags)
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        root.mkdir()
        config = Config()
        try:
            relative = create_contact(Vault(root, config), config, Renderer(root), [], new)
        except (UsageError, WriteRefusedError) as err:
            assert err.message and "\n" not in err.message
            assert not (root / "People").exists() or not list((root / "People").iterdir())
            return
        made = root / relative
        assert made.parent == root / "People" and made.is_file()
        assert [p.name for p in Path(folder).iterdir()] == ["vault"]  # nothing beside the vault
        note = parse_note(relative, made.read_text(encoding="utf-8"), ParseContext())
        assert note.kind == CONTACT and not [p for p in note.problems if p.severity == ERROR]
        tidied = " ".join(unicodedata.normalize("NFC", name).split())
        assert note.name == (display_links(tidied).strip() or made.stem)  # [[X]] reads as X
        written = {"company": company, "role": role, "email": email, "how_met": how_met}
        for key, value in written.items():  # read back exactly as given (spaces tidied)
            given_text = " ".join(unicodedata.normalize("NFC", value).split())
            assert note.details.get(key) == (given_text or None), key


# --- `log` and `done` on notes with any Log section ------------------------------------

HEADINGS = [
    "### 2026-11-01 — Lunch",
    "### 2026-10-02: Coffee",
    "#### [[2026-09-03]] Call",
    "## 2026-12-24 — Dinner (planned)",
    "### 2025-01-01",
    "### Notes",
    "## Personal",
    "### 2026-11-26 — Same day",
    "# Elsewhere",
]
CONTENT = ["- talked", "- [ ] Send the deck", "- Moved #personal", "", "text", "```", "%% c %%"]


@st.composite
def contact_notes(draw) -> str:
    """A contact note with frontmatter or not, text, maybe a Log section under
    any name and level, entries in any order and style; LF or CRLF; a BOM or not."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", "name: Jane  # her name", "tags: [a, b]", "---"]
    lines += draw(st.lists(st.sampled_from(["Intro.", "", "- fact"]), max_size=3))
    if draw(st.booleans()):
        level = draw(st.integers(1, 4))
        lines.append(
            "#" * level
            + " "
            + draw(st.sampled_from(["Log", "log", "Interactions:", "Conversations"]))
        )
        for _ in range(draw(st.integers(0, 5))):
            lines.append(draw(st.sampled_from(HEADINGS)))
            lines += draw(st.lists(st.sampled_from(CONTENT), max_size=3))
    lines += draw(st.lists(st.sampled_from(["## After", "- more", ""]), max_size=2))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    return draw(st.sampled_from(["", "\ufeff"])) + text


entry_titles = st.one_of(
    st.none(),
    st.sampled_from(["Lunch at Nopa", "Call", "a: b #x", "[[Ada]]"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=20),
)
entry_days = st.dates(date(2024, 1, 1), date(2027, 12, 31))


@settings(max_examples=examples(120))
@given(text=contact_notes(), when=entry_days, title=entry_titles)
def test_log_adds_one_interaction_on_its_day_and_keeps_every_other_line(text, when, title):
    title = " ".join(title.split()) if title else None
    entry = LogEntry(when, title, ("- she said hi #personal", "- [ ] send it"))
    try:
        new, line = add_log_entry(text, entry, "People/Jane.md", CONTEXT)
    except WriteRefusedError:
        assert "```" in text or "%%" in text  # only an unclosed block refuses
        return
    old_lines, new_lines = Lines.of(text), Lines.of(new)
    old_texts = list(old_lines.texts)
    kept = iter(new_lines.texts)
    assert all(any(t == o for t in kept) for o in old_texts)  # the old lines, in order
    assert new.startswith("\ufeff") == text.startswith("\ufeff")
    before = parse_note("People/Jane.md", text, CONTEXT)
    after = parse_note("People/Jane.md", new, CONTEXT)
    added = [i for i in after.interactions if i.line == line]
    assert len(added) == 1 and added[0].date == when
    assert added[0].title == display_links(title or "").strip()  # links show by name
    assert len(after.interactions) == len(before.interactions) + 1
    mine = [i for i in after.items if added[0].line < i.line <= added[0].end_line]
    assert {(i.type, i.text, i.date) for i in mine} >= {
        ("personal", "she said hi", when),
        ("task", "send it", when),
    }


task_texts = st.one_of(
    st.sampled_from(
        [
            "Send the deck",
            "ping [[Ada]] #waiting",
            "due 📅 2026-12-01",
            "x ^block-1",
            "a | b",
            "✅ not done",
            "[x] inner",
            "  spaced  ",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=25,
    ),
)


@settings(max_examples=examples(120))
@given(
    text=contact_notes(), tasks=st.lists(task_texts, min_size=1, max_size=4), pick=st.integers(0, 3)
)
def test_done_checks_exactly_the_chosen_task_and_no_other_line(text, tasks, pick):
    lines = Lines.of(text)
    newline = lines.newline
    text = text + ("" if not text or text.endswith("\n") else newline)
    text += "".join(f"- [ ] {task}{newline}" for task in tasks)
    note = parse_note("People/Jane.md", text, CONTEXT)
    open_tasks = [i for i in note.items if i.is_task and not i.done]
    if not open_tasks or note.conflicted:
        return
    chosen = open_tasks[pick % len(open_tasks)]
    new = check_off(text, chosen.line, chosen.text, DAY, "People/Jane.md")
    old_lines, new_lines = Lines.of(text), Lines.of(new)
    assert old_lines.endings == new_lines.endings and old_lines.bom == new_lines.bom
    changed = [n for n, (a, b) in enumerate(zip(old_lines.texts, new_lines.texts)) if a != b]
    assert changed == [chosen.line - 1]
    after = parse_note("People/Jane.md", new, CONTEXT)
    done = {i.line: i.done for i in after.items if i.is_task}
    assert done[chosen.line] is True
    assert all(not done[i.line] for i in open_tasks if i.line != chosen.line)


def test_a_log_title_that_starts_like_a_separator_keeps_its_first_character():
    """Found by the property above: in a log written `YYYY-MM-DD Title`, a
    title like "| standup" or "-10% deal" lost its first character."""
    text = "## Log\n### [[2026-09-03]] Call\n"
    for title in ("| standup", "-10% deal", ": notes", "— aside"):
        new, line = add_log_entry(text, LogEntry(DAY, title, ()), "People/Jane.md", CONTEXT)
        (entry,) = [
            i for i in parse_note("People/Jane.md", new, CONTEXT).interactions if i.line == line
        ]
        assert entry.title == title
