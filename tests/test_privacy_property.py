"""DESIGN.md §9 as a property: comment text and #sensitive text placed at random
in contact, meeting and daily notes; every output scanned. A comment's words
appear nowhere; a sensitive line's words appear only on its subjects' sheets
under "Handle with care" (JSON: `handle_with_care`) and in `show` for them.

Each secret is a word made for the example (`qxc3`, `qxs5`) that nothing else
in the vault holds, so finding it in an output is a leak."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from netnotes.cli import main

TODAY = "2026-11-26"
PEOPLE = ("Ada Lovelace", "Bob Stone", "Cy Twain")
FIRST = {name: name.split()[0] for name in PEOPLE}


@dataclass
class Vault:
    files: dict[str, list[str]] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)  # words that must appear nowhere
    subjects: dict[str, frozenset[str]] = field(default_factory=dict)  # sensitive word → whose
    meetings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # title → attendees

    def word(self, kind: str) -> str:
        return f"qx{kind}{len(self.comments) + len(self.subjects)}"


COMMENT_FORMS = (
    ["%% {w} %%"],
    ["Talked shop %% {w} %%"],
    ["- Ate well <!-- {w} -->"],
    ["%%", "{w}", "%%"],
    ["<!--", "{w} and more", "-->"],
    ["- Met the team %%", "{w}", "%%"],
    ["<!-- {w}"],  # never closed: hidden to the end
)


def place_comment(vault: Vault, blocks: list[list[str]], form: int, at: int) -> None:
    word = vault.word("c")
    vault.comments.append(word)
    block = [part.format(w=word) for part in COMMENT_FORMS[form]]
    blocks.insert(at, block)  # between blocks: never inside another comment


def place_sensitive(
    vault: Vault,
    blocks: list[list[str]],
    at: int,
    owner: str | None,
    attendees: tuple[str, ...],
    links: tuple[str, ...],
    named: tuple[str, ...],
    form: int,
) -> None:
    """A #sensitive line; its subjects by DESIGN §9: the note's contact in their
    own note; else whom it links or (attendees) names; else every attendee."""
    word = vault.word("s")
    said = " ".join([*(f"[[{p}]]" for p in links), *(f"{FIRST[p]}'s" for p in named), word])
    line = (
        f"- {said} #sensitive",
        f"- [ ] Send {said} #sensitive 📅 2026-12-01",
        f"- Drinks with {said} #sensitive",
        f"- {said} #personal #sensitive",
        f"#### {said} #sensitive",
        f"- {said}, seeing [[Dr {word}]] #sensitive",  # a link to no note: a problem
        f"### 2026-11-12 — Dinner with {said} #sensitive",  # a conversation, not an item
        f"### 2026-11-14 — Dinner with {said}, seeing [[Dr {word}]] #sensitive",
    )[form]
    if owner:
        whose = {owner}
    else:
        whose = set(links) | set(named)
        if not whose:
            whose = set(attendees)
    vault.subjects[word] = frozenset(whose)
    blocks.insert(at, [line])


def _blocks(lines: list[str]) -> list[list[str]]:
    return [[line] for line in lines]


def contact_note(name: str) -> list[str]:
    return [
        "---",
        f"name: {name}",
        "ladder: peer",
        "---",
        f"# {name}",
        "Works on payments.",
        "",
        "## Personal",
        "- Has a dog",
        "## Log",
        "### 2026-11-10 — Lunch at Nopa",
        "- Talked about the move",
        "- [ ] Send the article 📅 2026-11-30",
        "### 2026-12-03 — Coffee",
        "- Bring the book",
    ]


def meeting_note(when: str, attendees: tuple[str, ...]) -> list[str]:
    who = ", ".join(f'"[[{p}]]"' for p in attendees)
    return ["---", f"date: {when}", f"with: [{who}]", "kind: lunch", "---", "- We agreed a plan"]


def daily_note() -> list[str]:
    return ["- Lunch with [[Ada Lovelace]] at Nopa", "- Called [[Bob Stone]]", "Errands"]


@st.composite
def vaults(draw) -> Vault:
    vault = Vault()
    # Each note as blocks of lines (at first one per line); secrets go between blocks.
    notes: dict[str, tuple[list[list[str]], str | None, tuple[str, ...], int]] = {}
    for name in PEOPLE:
        notes[f"People/{name}.md"] = (_blocks(contact_note(name)), name, (), 5)
    for n, when in enumerate(("2026-11-20", "2026-12-02")):
        attendees = tuple(draw(st.sets(st.sampled_from(PEOPLE), min_size=2)))
        attendees = tuple(p for p in PEOPLE if p in attendees)
        title = f"Meeting {n}"
        vault.meetings[title] = attendees
        notes[f"Meetings/{when} {title}.md"] = (
            _blocks(meeting_note(when, attendees)),
            None,
            attendees,
            5,
        )
    notes["Daily/2026-11-21.md"] = (_blocks(daily_note()), None, (), 0)
    for _ in range(draw(st.integers(1, 6))):
        path = draw(st.sampled_from(sorted(notes)))
        blocks, owner, attendees, first = notes[path]
        at = draw(st.integers(first, len(blocks)))
        if draw(st.booleans()):
            place_comment(vault, blocks, draw(st.integers(0, len(COMMENT_FORMS) - 1)), at)
            continue
        links = tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True)))
        named = (
            ()
            if not attendees
            else tuple(draw(st.lists(st.sampled_from(attendees), max_size=1, unique=True)))
        )
        if path.startswith("Daily/") and not links:
            links = (draw(st.sampled_from(PEOPLE)),)
        form = draw(st.integers(0, 7 if owner else 5))  # dated headings: contact notes
        place_sensitive(vault, blocks, at, owner, attendees, links, named, form)
    for path, (blocks, *_) in notes.items():
        unclosed = [b for b in blocks if b[0].startswith("<!-- qx")]  # it hides the rest: last
        kept = [b for b in blocks if not b[0].startswith("<!-- qx")] + unclosed
        vault.files[path] = [line for block in kept for line in block]
    return vault


# --- scanning ---------------------------------------------------------------------


def md_leaks(text: str, words: dict[str, frozenset[str]], reader: str | None):
    """Sensitive words outside a "Handle with care" block of a subject's part."""
    part, heading = reader, ""
    for line in text.splitlines():
        if line.startswith("## ") and reader is None:
            part = line[3:].strip("[]").split("|")[-1].strip("[]")
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            continue
        for word, whose in words.items():
            if word in line and not (heading.startswith("Handle with care") and _may(part, whose)):
                yield word, line


def _may(part: str | None, whose: frozenset[str]) -> bool:
    return part in whose or (part == "For everyone" and bool(whose))


def json_leaks(value, words, path: tuple = ()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_leaks(item, words, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from json_leaks(item, words, path)
    elif isinstance(value, str):
        for word in words:
            if word in value and "handle_with_care" not in path:
                yield word, path


def check_prep_json(data, vault: Vault) -> None:
    """Sensitive words only under `handle_with_care`, and there only for a subject
    (the meeting's own list: only for a line that is every attendee's)."""
    words = vault.subjects
    assert not list(json_leaks(data, words)), list(json_leaks(data, words))
    for person in data["people"]:
        for entry in person["handle_with_care"]:
            for word, whose in words.items():
                assert word not in entry["text"] or person["name"] in whose, (word, person["name"])
    if data["meeting"]:
        everyone = {ref["name"] for ref in data["meeting"]["attendees"]}
        for entry in data["meeting"]["handle_with_care"]:
            for word, whose in words.items():
                assert word not in entry["text"] or everyone <= whose, word


@settings(max_examples=examples(6))
@given(vaults())
def test_comments_and_sensitive_lines_reach_only_where_the_rule_allows(vault):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        (root / ".netnotes").mkdir(parents=True)
        for path, lines in vault.files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        runner = CliRunner(env={"XDG_CACHE_HOME": str(Path(folder) / "cache")})

        def run(*args: str) -> str:
            result = runner.invoke(main, ["--vault", str(root), *args], catch_exceptions=False)
            assert result.exit_code in (0, 1), (args, result.output)
            return result.stdout

        outputs: list[str] = []
        for name in PEOPLE:
            md = run("prep", name, "--stdout", "--date", TODAY)
            assert not list(md_leaks(md, vault.subjects, name)), md
            data = json.loads(run("prep", name, "--format", "json", "--date", TODAY))
            check_prep_json(data, vault)
            shown = run("show", name, "--date", TODAY)
            shown += run("show", name, "--format", "json", "--date", TODAY)
            for word, whose in vault.subjects.items():
                assert word not in shown or name in whose, (word, name)
            outputs += [md, json.dumps(data), shown]
        for title in vault.meetings:
            md = run("prep", title, "--stdout", "--date", TODAY)
            assert not list(md_leaks(md, vault.subjects, None)), md
            data = json.loads(run("prep", title, "--format", "json", "--date", TODAY))
            check_prep_json(data, vault)
            outputs += [md, json.dumps(data)]
        public = [
            run("digest", "--stdout", "--date", TODAY),
            run("digest", "--format", "json", "--date", TODAY),
            run("export", "ics", "--date", TODAY),
            run("export", "vcard"),
            run("check"),
        ]
        run("digest", "--date", TODAY)
        run("prep", "--upcoming", "--date", TODAY)
        written = [p.read_text(encoding="utf-8") for p in (root / "NetNotes").rglob("*.md")]
        for text in public + [w for w in written if "# Digest" in w]:
            for word in vault.subjects:
                assert word not in text, (word, text)
        for text in outputs + public + written:
            for word in vault.comments:
                assert word not in text, (word, text)
        for text in written:
            if "# Digest" not in text:
                assert not list(md_leaks(text, vault.subjects, _reader(text))), text


def _reader(sheet: str) -> str | None:
    """Whose sheet a written prep sheet is: its `# Name`, or None for a group sheet."""
    title = next(line[2:] for line in sheet.splitlines() if line.startswith("# "))
    return title if title in PEOPLE else None
