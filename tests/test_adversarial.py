"""The adversarial vault (tests/fixtures/adversarial/README.md) through every
command of the real CLI: no traceback, every problem reported with its path
and line, every healthy note read exactly as it would be in a vault without
the broken ones, the exit codes of DESIGN.md §8, and not a byte of any note
changed by a command that only reads."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO
from netnotes.cli import main

FIXTURE = REPO / "tests" / "fixtures" / "adversarial"
TODAY = "2026-11-26"
CONTACT, NOTE, BROKEN, HIDDEN = "contact", "note", "broken", "hidden"


@dataclass(frozen=True)
class Case:
    path: str  # as netnotes shows it (a name that is not UTF-8 shows as \xe9)
    role: str
    problems: tuple[str, ...] = ()  # what `check` says after "path:", each line once
    test_time: bool = False  # made by the test, not held by git


def c(path: str, role: str, *problems: str, test_time: bool = False) -> Case:
    return Case(path, role, problems, test_time)


CHLOE_NFD = unicodedata.normalize("NFD", "People/Chloë.md")  # as a Mac saves it
NOT_A_MAPPING = "2: error: frontmatter is not a mapping of keys to values"
CASES = [
    # hidden: not notes at all
    c(".netnotes/config.toml", HIDDEN),
    c(".obsidian/app.json", HIDDEN),
    c(".obsidian/daily-notes.json", HIDDEN),
    c(".obsidian/templates.json", HIDDEN),
    c(".obsidian/Hidden Person.md", HIDDEN),
    c(".obsidian-work/Renamed Config Person.md", HIDDEN),
    c(".trash/People/Trashed Person.md", HIDDEN),
    c("conflict-files-obsidian-git.md", HIDDEN),
    c("Templates/Person.md", HIDDEN),
    c("Templates/Daily.md", HIDDEN),
    c(".git/HEAD", HIDDEN, test_time=True),
    c(".git/Person.md", HIDDEN, test_time=True),
    c("People/.#Ada Lovelace.md", HIDDEN, test_time=True),
    c("People/Ada Lovelace.md~", HIDDEN, test_time=True),
    c("People/Ada Alias.md", HIDDEN, test_time=True),
    c("People/.netnotes-dead.tmp", HIDDEN, test_time=True),
    # healthy
    c("Companies/Acme Corp.md", NOTE),
    c("People/Ada Lovelace.md", CONTACT, "warning: another contact also answers to 'ada lovelace'"),
    c("People/Zoë Ångström.md", CONTACT),
    c(CHLOE_NFD, CONTACT, test_time=True),
    c("People/Yaml Traps.md", CONTACT),
    c("People/Odd Keys.md", CONTACT),
    c("People/Bom Note.md", CONTACT),
    c("People/Crlf Note.md", CONTACT),
    c("People/Formatting.md", CONTACT),
    c("People/Unquoted Link.md", CONTACT),
    c("People/No Frontmatter.md", CONTACT),
    c("People/Obsidian Dates.md", CONTACT),
    c("People/Empty.md", CONTACT),
    c("People/Only Fences.md", CONTACT),
    c("People/Template Syntax.md", CONTACT),
    c("People/Amp Labs.md", CONTACT),
    c("People/Leap Birthday.md", CONTACT),
    c("People/Huge Cadence.md", CONTACT),
    c("People/Far Future.md", CONTACT),
    c("People/Ancient.md", CONTACT),
    c("People/Pipes And Hashes.md", CONTACT),
    c("People/Dataview Fields.md", CONTACT),
    c("People/Tags Mix.md", CONTACT),
    c("People/Task Fields.md", CONTACT),
    c("People/Control Chars.md", CONTACT),
    c("People/Nul Byte.md", CONTACT, test_time=True),
    c("People/Huge Prose.md", CONTACT, test_time=True),
    c("People/Templater Person.md", NOTE),
    c("Meetings/2026-11-18 Breakfast.md", NOTE),
    c("Meetings/2026-12-01 Planned Lunch.md", NOTE),
    c("Daily/2026-11-20.md", NOTE),
    c("Notes/Braces.md", NOTE),
    c("Notes/Toml.md", NOTE),
    # broken
    c("People/List Frontmatter.md", BROKEN, NOT_A_MAPPING + " (it is a list)"),
    c("People/Scalar Frontmatter.md", BROKEN, NOT_A_MAPPING + " (it is a single value)"),
    c("People/Blank First Line.md", BROKEN, "2: warning: frontmatter must start on the first line"),
    c("People/Tag Comment.md", BROKEN, "3: warning: a tag in `tags:` is empty: `#` starts a YAML"),
    c("People/Unclosed Flow.md", BROKEN, "2: error: frontmatter is not valid YAML: while parsing"),
    c("People/Tabbed.md", BROKEN, "4: error: frontmatter is indented with a tab"),
    c("People/Alias Bomb.md", BROKEN, "error: YAML aliases (*name) are not allowed in frontmatter"),
    c("People/Duplicate Keys.md", BROKEN, "3: error: duplicate key 'name' (first on line 2"),
    c("People/Conflicted.md", BROKEN, "5: error: unresolved git conflict"),
    c(
        "People/Unclosed Fence.md",
        BROKEN,
        "1: warning: frontmatter opened on line 1 is never closed",
    ),
    c(
        "People/Impossible Date.md",
        BROKEN,
        "3: error: met: impossible date: 2026-02-30",
        "6: error: heading: impossible date: 2026-13-01",
    ),
    c(
        "People/Bad Values.md",
        BROKEN,
        "3: warning: ladder: 'sideways'",
        "4: warning: status: 'gone'",
        "5: warning: cadence: not a cadence: 'often'",
        "6: warning: birthday: impossible birthday",
    ),
    c(
        "People/Ada Lovelace (conflicted copy 2024-05-01).md",
        BROKEN,
        "warning: looks like a sync-conflict copy of 'Ada Lovelace'",
        "warning: another contact also answers to 'ada lovelace'",
    ),
    c(
        "People/Ada Lovelace 2.md",
        BROKEN,
        "warning: looks like a sync-conflict copy of 'Ada Lovelace'",
        "warning: another contact also answers to 'ada lovelace'",
    ),
    c("People/Sam.md", BROKEN, "warning: another contact also answers to 'sam': People/Old/Sam.md"),
    c("People/Old/Sam.md", BROKEN, "warning: another contact also answers to 'sam': People/Sam.md"),
    c(
        "Notes/Ambiguous Links.md",
        BROKEN,
        "2: warning: link [[Sam]] could mean People/Old/Sam.md or People/Sam.md",
        "3: warning: link [[Old Name]] leads to no note",
    ),
    c("Meetings/List Meeting.md", BROKEN, NOT_A_MAPPING + " (it is a list)"),
    c("People/caf\\xe9.md", BROKEN, "error: file name is not valid UTF-8", test_time=True),
    c("People/Utf16.md", BROKEN, "1: error: file is UTF-16; save it as UTF-8", test_time=True),
    c("People/Cp1252.md", BROKEN, "2: error: not valid UTF-8 (byte 0xe9)", test_time=True),
    c(
        "People/Huge Frontmatter.md",
        BROKEN,
        "2: error: frontmatter is larger than 64 KB",
        test_time=True,
    ),
    c(
        "People/Oversized.md",
        BROKEN,
        "error: file is 33 MB; netnotes reads notes up to 32 MB",
        test_time=True,
    ),
    c("People/Outside Link.md", BROKEN, "warning: symlink leads outside the vault", test_time=True),
    c("People/Outside Folder", BROKEN, "warning: symlink leads outside the vault", test_time=True),
    c("People/Loop A.md", BROKEN, "warning: symlink leads nowhere", test_time=True),
    c("People/Loop B.md", BROKEN, "warning: symlink leads nowhere", test_time=True),
    c("People/Dangling.md", BROKEN, "warning: symlink leads nowhere", test_time=True),
]
BY_PATH = {case.path: case for case in CASES}
CONTACTS = sorted(case.path for case in CASES if case.role == CONTACT)


def add_test_time_cases(root: Path, outside: Path, broken: bool = True) -> None:
    """What git cannot hold cleanly; with `broken=False` only the healthy notes."""
    people = root / "People"
    nfd = unicodedata.normalize("NFD", "Chloë")
    (people / f"{nfd}.md").write_bytes(b"---\nladder: below\n---\nHer file name is NFD.\n")
    (people / "Nul Byte.md").write_bytes(b"---\nname: Nul Byte\n---\nA NUL \x00 here #personal\n")
    (people / "Huge Prose.md").write_text(huge_prose(), encoding="utf-8")
    if not broken:
        return
    outside.mkdir(exist_ok=True)
    (outside / "Real.md").write_text("---\nname: Outsider\n---\nzzhidden secret\n")
    (outside / "Folder").mkdir(exist_ok=True)
    (outside / "Folder/Person.md").write_text("---\nname: Folder Person\n---\nzzhidden\n")
    (root / ".git").mkdir()
    (root / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (root / ".git/Person.md").write_text("---\ntype: person\n---\nzzhidden\n")
    (people / ".#Ada Lovelace.md").symlink_to("someone@host.4242")
    (people / "Ada Lovelace.md~").write_text("zzhidden backup\n")
    (people / "Ada Alias.md").symlink_to("Ada Lovelace.md")
    (people / ".netnotes-dead.tmp").write_text("zzhidden half a write")
    os.utime(people / ".netnotes-dead.tmp", (1, 1))
    with open(os.fsencode(people) + b"/caf\xe9.md", "wb") as latin1_name:
        latin1_name.write(b"---\nname: Cafe\n---\nzzhidden\n")
    (people / "Utf16.md").write_bytes("---\nname: Wide\n---\nzzhidden\n".encode("utf-16"))
    (people / "Cp1252.md").write_bytes("---\nname: Caf\xe9\n---\nzzhidden\n".encode("cp1252"))
    block = "".join(f"  line {n} of a long block\n" for n in range(3000))
    (people / "Huge Frontmatter.md").write_text(f"---\nname: Big Front\nnotes: |\n{block}---\n")
    (people / "Oversized.md").write_bytes(b"zzhidden\n" + b"x" * (33 * 2**20))
    (people / "Outside Link.md").symlink_to(outside / "Real.md")
    (people / "Outside Folder").symlink_to(outside / "Folder")
    (people / "Loop A.md").symlink_to("Loop B.md")
    (people / "Loop B.md").symlink_to("Loop A.md")
    (people / "Dangling.md").symlink_to("Nobody.md")


def huge_prose() -> str:
    """A 4 MB contact note: long paragraphs and 2000 dated log entries."""
    paragraph = "She talked about the harbour, the trains and the weather. " * 30 + "\n\n"
    entries = "".join(
        f"### 2026-{1 + n % 10:02d}-{1 + n % 28:02d} — Call number {n}\n- talked about {n}\n"
        + paragraph
        for n in range(2000)
    )
    return f"---\nname: Hugh Prose\n---\n{paragraph * 10}## Log\n{entries}"


def build(tmp_path: Path, broken: bool = True) -> Path:
    """The fixture vault in a temp folder; without `broken`, only its healthy notes."""
    root = tmp_path / ("vault" if broken else "clean")
    shutil.copytree(FIXTURE / "vault", root, symlinks=True)
    if not broken:
        for case in CASES:
            if case.role in (BROKEN, HIDDEN) and not case.test_time:
                (root / case.path).unlink()
    add_test_time_cases(root, tmp_path / "outside", broken)
    return root


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry of the vault but the output folder: bytes and mode of files,
    targets of symlinks."""
    found: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            relative = str(path.relative_to(root))
            if relative.startswith("NetNotes"):
                continue
            if path.is_symlink():
                found[relative] = ("link", os.readlink(path))
            elif path.is_file():
                found[relative] = ("file", path.read_bytes(), path.stat().st_mode)
    return found


def check_lines(text: str) -> dict[str, list[str]]:
    """`check` output, line by line, grouped by the path each line starts with."""
    by_path: dict[str, list[str]] = {}
    paths = sorted(BY_PATH, key=len, reverse=True)  # "People/Old/Sam.md" before "…/Sam.md"
    for line in text.splitlines():
        path = next((p for p in paths if line.startswith(p + ":")), None)
        assert path is not None, f"a problem with no case: {line}"
        by_path.setdefault(path, []).append(line[len(path) + 1 :].strip())
    return by_path


class Commands:
    """The CLI on one vault, remembering which commands ran; every call must
    end with an expected exit code and no exception."""

    def __init__(self, run, root: Path) -> None:
        self.run = run
        self.root = root
        self.used: set[str] = set()

    def __call__(self, code: int, *args: str):
        self.used.add(args[0] if args[0] != "export" else f"export {args[1]}")
        result = self.run(self.root, *args)
        assert result.exit_code == code, (args, result.output)
        assert "Traceback" not in result.output
        if code:  # said why: the problems on stdout (check, index), else one line on stderr
            assert result.stdout.strip() or result.stderr.count("\n") == 1, (args, result.output)
        return result

    def json(self, *args: str):
        return json.loads(self(0, *args, "--format", "json").stdout)


def watch_briefly(root: Path) -> tuple[int, str]:
    """`netnotes watch` in its own process until it says it is watching, then Ctrl-C."""
    process = subprocess.Popen(
        [sys.executable, "-m", "netnotes", "--vault", str(root), "watch", "--date", TODAY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
    reader.start()
    deadline = time.monotonic() + 60
    while not any("watching" in line for line in list(lines)) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=30)
    reader.join(timeout=5)
    return code, "".join(lines)


EVIL_NAMES = ["../../etc/passwd", "/abs/evil", "CON", "..", "A:B|C#D^E", "😀" * 70, "Ivy Imported"]
EVIL_VCARDS = "".join(
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEND:VCARD\r\n" for name in EVIL_NAMES
)


# --- the table, the README and the folder agree ---------------------------------


def test_every_fixture_file_has_a_case_and_every_case_is_in_the_readme():
    committed = {
        str(p.relative_to(FIXTURE / "vault"))
        for p in (FIXTURE / "vault").rglob("*")
        if p.is_file() or p.is_symlink()
    }
    assert committed == {case.path for case in CASES if not case.test_time}
    readme = (FIXTURE / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([^`]+)`( \(test time[^)]*\))? \|", readme, re.MULTILINE)

    def nfc(path: str) -> str:
        return unicodedata.normalize("NFC", path)

    assert {path for path, _ in listed} == {nfc(case.path) for case in CASES}
    assert {path for path, when in listed if when} == {nfc(c.path) for c in CASES if c.test_time}


# --- every command, end to end --------------------------------------------------


def test_every_command_over_the_adversarial_vault(run, tmp_path):
    root = build(tmp_path)
    before = snapshot(root)
    cli = Commands(run, root)

    indexed = cli(0, "index")
    assert not (root / "People/.netnotes-dead.tmp").exists()  # T44: a stale temp is removed
    del before["People/.netnotes-dead.tmp"]
    failed = {case.path for case in CASES if any("error: " in p for p in case.problems)}
    assert {line.split(":", 1)[0] for line in indexed.stdout.splitlines()[1:]} == failed
    cli(1, "index", "--strict")

    checked = cli(1, "check")
    assert_problems_are_exactly_the_cases(check_lines(checked.stdout))
    problems = json.loads(cli(1, "check", "--format", "json").stdout)
    assert len(problems) == len(checked.stdout.splitlines())

    listed = {row["path"] for row in cli.json("list", "--date", TODAY)}
    assert set(CONTACTS) <= listed
    assert not listed & {case.path for case in CASES if case.role in (NOTE, HIDDEN)}
    cli(0, "list", "--date", TODAY)
    for path in CONTACTS:
        assert cli.json("show", path, "--date", TODAY)["path"] == path
        cli(0, "show", path, "--date", TODAY)
        cli(0, "prep", path, "--stdout", "--date", TODAY)
    cli(2, "show", "Sam", "--date", TODAY)  # two contacts answer to it: exit 2, both listed
    healthy_notes_say_what_they_mean(cli)
    cli(0, "prep", "Meetings/2026-11-18 Breakfast.md", "--stdout", "--date", TODAY)
    cli(0, "prep", "--upcoming", "--date", TODAY)
    assert (root / "NetNotes/Prep/2026-12-01 Planned Lunch.md").is_file()
    assert cli.json("search", "zzhidden") == []
    assert {hit["path"] for hit in cli.json("search", "Lisbon")} == {
        "Meetings/2026-11-18 Breakfast.md",
        "Meetings/2026-12-01 Planned Lunch.md",
    }

    digest = cli.json("digest", "--date", TODAY)
    attention = {(p["path"], p["line"], p["severity"], p["problem"]) for p in digest["attention"]}
    assert attention == {(p["path"], p["line"], p["severity"], p["problem"]) for p in problems}
    text = cli(0, "digest", "--stdout", "--date", TODAY).stdout
    assert "She wrote {{ 7*7 }} on the whiteboard" in text  # T74: note text is never a template
    assert "Her script prints <% tp.date.now() %>" in text
    cli(0, "digest", "--date", TODAY)
    assert (root / "NetNotes/Digest.md").read_text(encoding="utf-8") == text
    calendar = cli(0, "export", "ics", "--date", TODAY).stdout
    assert "BEGIN:VCALENDAR" in calendar and "9999" not in calendar
    assert cli(0, "export", "vcard").stdout.count("BEGIN:VCARD") >= len(CONTACTS)
    cards = tmp_path / "evil.vcf"
    cards.write_text(EVIL_VCARDS, encoding="utf-8")
    cli(0, "import", "vcard", str(cards))
    assert "_NETNOTES_COMPLETE" in cli(0, "completion", "bash").stdout
    plan = cli(
        0, "merge", "People/Ada Lovelace.md", "People/Ada Lovelace (conflicted copy 2024-05-01).md"
    )
    assert "move  People/Ada Lovelace (conflicted copy 2024-05-01).md  to .trash/" in plan.stdout
    assert (
        "git conflict markers"
        in cli(1, "merge", "People/Ada Lovelace.md", "People/Conflicted.md").stderr
    )
    assert (
        "duplicate key"
        in cli(1, "merge", "People/Ada Lovelace.md", "People/Duplicate Keys.md").stderr
    )
    code, said = watch_briefly(root)
    cli.used.add("watch")
    assert code == 0 and "watching" in said and "Traceback" not in said, said

    assert snapshot(root) == before  # no command so far wrote a byte outside NetNotes/

    write_commands_keep_every_promise(cli, root, tmp_path, before)
    cli.used.add("init")  # `init` next to the vault: it adopts it and changes nothing
    assert run(None, "init", str(root)).exit_code == 0
    assert cli.used == set(main.commands) - {"export"} | {"export ics", "export vcard"}


def healthy_notes_say_what_they_mean(cli: Commands) -> None:
    def show(path: str) -> dict:
        return cli.json("show", path, "--date", TODAY)

    def touches(path: str) -> list[tuple[str, str | None]]:
        return [(t["date"], t["kind"]) for t in show(path)["interactions"]]

    traps = show("People/Yaml Traps.md")["details"]  # T2: the text Obsidian shows
    assert [traps[k] for k in ("phone", "zip", "time", "country", "answer", "sexagesimal")] == [
        "+15551234",
        "01234",
        "10:30",
        "NO",
        "yes",
        "1:20:30",
    ]
    odd = show("People/Odd Keys.md")["details"]  # T5, T6, T75
    assert (odd["2024"], odd["true"], odd["content"], odd["items"]) == (
        "met at the fair",
        "x",
        "hi",
        "3",
    )
    assert show("People/Bom Note.md")["name"] == "Bo Bom"  # T8
    assert show("People/Blank First Line.md")["name"] == "Blank First Line"  # T9: no frontmatter
    assert show("People/Unquoted Link.md")["company"] == "Acme Corp"  # T14
    assert show("People/Tag Comment.md")["tags"] == []  # T15: no None among the tags
    assert touches("People/Ada Lovelace.md") == [
        ("2026-11-18", "breakfast"),
        ("2026-08-01", "lunch"),
    ]
    assert touches("People/Zoë Ångström.md") == [  # T23, T25, T28: a done call counts
        ("2026-12-01", "lunch"),
        ("2026-11-20", "call"),
        ("2026-11-18", "breakfast"),
    ]
    assert touches(CHLOE_NFD) == [("2026-11-20", "lunch")]  # T37: NFC link, NFD file
    assert touches("People/Yaml Traps.md") == []  # a quoted "Lunch with" is not a lunch
    tasks = show("People/Task Fields.md")["open_tasks"]  # T30, T31
    assert [t["due"] for t in tasks] == ["2026-12-01", "2026-12-02", "2026-12-03"]
    dana = cli.json("prep", "People/Dataview Fields.md", "--date", TODAY)["people"][0]
    assert [i["text"] for i in dana["personal"]] == ["She keeps bees"]  # T32: `personal::`
    labs = cli(0, "prep", "People/Amp Labs.md", "--stdout", "--date", TODAY).stdout
    assert "R&D <Labs>" in labs  # T73: Markdown is not escaped
    keys = cli(0, "prep", "People/Odd Keys.md", "--stdout", "--date", TODAY).stdout
    assert "items: 3 · keys: a, b" in keys and "built-in method" not in keys  # T75


def assert_problems_are_exactly_the_cases(by_path: dict[str, list[str]]) -> None:
    """Each expected problem said, and nothing said that is not expected."""
    for case in CASES:
        said = by_path.get(case.path, [])
        for expected in case.problems:
            assert any(expected in line for line in said), (case.path, expected, said)
        for line in said:
            assert any(expected in line for expected in case.problems), (case.path, line)


def write_commands_keep_every_promise(cli: Commands, root: Path, tmp_path: Path, before) -> None:
    """new, log, done and import --apply: the notes they mean to change, and no other."""
    crlf = (root / "People/Crlf Note.md").read_bytes()
    cli(0, "done", "Cris Crlf", "CRLF deck", "--date", TODAY)  # T10
    assert (root / "People/Crlf Note.md").read_bytes() == crlf.replace(
        b"- [ ] Send the CRLF deck\r\n", b"- [x] Send the CRLF deck \xe2\x9c\x85 2026-11-26\r\n"
    )
    formatted = (root / "People/Formatting.md").read_bytes()
    cli(0, "log", "Fern Format", "-t", "Call", "-m", "x", "--date", TODAY)  # T11, T12
    assert (root / "People/Formatting.md").read_bytes() == formatted + (
        "\n## Log\n### 2026-11-26 — Call\n- x\n".encode()
    )
    bom = (root / "People/Bom Note.md").read_bytes()
    cli(0, "log", "Bo Bom", "-t", "Call", "-m", "x", "--date", TODAY)  # T8
    assert (root / "People/Bom Note.md").read_bytes().startswith(bom)
    cli(0, "log", "People/No Frontmatter.md", "-t", "Coffee", "-m", "x", "--date", TODAY)  # T22
    assert (root / "People/No Frontmatter.md").read_text().startswith("Met at the meetup;")
    for args in (["log", "Con Flict", "-m", "x"], ["done", "Con Flict", "conflict deck"]):
        assert "git conflict markers" in cli(1, *args, "--date", TODAY).stderr  # T45
    cli(1, "done", "Cris Crlf", "no such task", "--date", TODAY)
    cli(1, "new", "ada lovelace")  # T36: a case-only duplicate is refused
    cli(1, "new", unicodedata.normalize("NFC", "Chloë"))  # T37: NFC of an NFD file
    cli(2, "new", "😀" * 70)  # T35: nothing to make a file name of, said clearly
    for name in ["../../etc/passwd", "/abs/evil", "CON", "A:B|C#D^E", "Ann " + "😀" * 70]:
        made = root / cli(0, "new", name).stdout.strip()  # T34, T35
        assert made.parent == root / "People" and made.is_file(), name
        assert len(made.name.encode()) <= 255
    cli(0, "log", "Zoe", "Bo Bom", "-t", "../../../../Dinner", "--date", TODAY, "-m", "x")
    assert (root / "Meetings/2026-11-26 Dinner.md").is_file()
    cards = tmp_path / "evil.vcf"
    cli(0, "import", "vcard", str(cards), "--apply")
    after = snapshot(root)
    changed = {p for p in after if after[p] != before.get(p)}
    assert changed <= {
        "People/Crlf Note.md",
        "People/Formatting.md",
        "People/Bom Note.md",
        "People/No Frontmatter.md",
        "Meetings",  # a folder entry: no bytes
        "Meetings/2026-11-26 Dinner.md",
    } | {p for p in changed if p.startswith("People/") and p not in before}
    assert all(p.count("/") == 1 for p in changed if p not in before)  # nothing nested, nothing out
    assert not (tmp_path / "etc").exists() and not Path("/abs/evil.md").exists()
    outsider = (tmp_path / "outside" / "Real.md").read_text()
    assert outsider == "---\nname: Outsider\n---\nzzhidden secret\n"
    checked = cli(1, "check")
    assert_problems_are_exactly_the_cases(check_lines(checked.stdout))


# --- the broken notes take nothing from the healthy ones ------------------------


SECTIONS = (
    "coming_up",
    "overdue",
    "still_to_meet",
    "follow_ups",
    "waiting",
    "personal",
    "birthdays",
)


def owner(row: dict) -> str:
    return row.get("contact", row["path"])


def test_healthy_notes_read_the_same_as_in_a_vault_without_the_broken_ones(run, tmp_path):
    """The same digest rows, list rows, `show` and prep sheet for every healthy
    contact, whether or not 40 broken and odd files lie beside them."""
    views = {}
    for broken in (True, False):
        cli = Commands(run, build(tmp_path, broken))
        digest = cli.json("digest", "--date", TODAY)
        views[broken] = {
            "list": [r for r in cli.json("list", "--date", TODAY) if r["path"] in CONTACTS],
            **{
                section: [row for row in digest[section] if owner(row) in CONTACTS]
                for section in SECTIONS
            },
            **{f"show {p}": cli.json("show", p, "--date", TODAY) for p in CONTACTS},
            **{f"prep {p}": cli.json("prep", p, "--date", TODAY) for p in CONTACTS},
        }
    assert views[True]["list"] and views[True]["still_to_meet"] and views[True]["personal"]
    for key in views[False]:
        assert views[True][key] == views[False][key], key


# --- regressions: bugs this suite found ------------------------------------------


def test_a_cadence_or_a_touch_past_the_end_of_the_calendar_is_never_due_and_crashes_nothing(
    run, make_vault
):
    root = make_vault(
        {
            "People/Hugo.md": "---\ncadence: 100000y\nmet: 2026-01-01\n---\n",
            "People/Dana.md": "---\ncadence: 99999999999999d\nmet: 2026-01-01\n---\n",
            "People/Fay.md": "---\nmet: 2026-01-01\n---\n### 9999-12-31 — Dinner at the end of time\n",
        }
    )
    for args in (
        ["list"],
        ["digest", "--stdout"],
        ["show", "Hugo"],
        ["prep", "Fay", "--stdout"],
        ["export", "ics", "--reconnect"],
    ):
        assert run(root, *args, "--date", TODAY).exit_code == 0, args
    rows = json.loads(run(root, "list", "--format", "json", "--date", TODAY).stdout)
    assert {r["name"]: r["due"] for r in rows} == {
        "Dana": "9999-12-31",
        "Fay": "2026-04-01",
        "Hugo": "9999-12-31",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--date", "9999-12-31"],
        ["digest", "--stdout", "--date", "0001-01-01"],
        ["log", "Ada", "-m", "x", "--date", "9999-12-31"],
        ["digest", "--stdout", "--horizon", "99999999999"],
    ],
)
def test_a_day_or_horizon_beyond_what_the_calendar_can_reach_is_a_usage_error(
    run, make_vault, args
):
    root = make_vault({"People/Ada.md": "---\nmet: 2026-01-01\n---\n"})
    result = run(root, *args)
    assert result.exit_code == 2
    assert f"Invalid value for '{args[-2]}'" in result.stderr and "range" in result.stderr
    assert (root / "People/Ada.md").read_text() == "---\nmet: 2026-01-01\n---\n"


def test_a_horizon_in_the_config_beyond_a_hundred_years_names_the_key(run, make_vault):
    root = make_vault({".netnotes/config.toml": "[digest]\nhorizon_days = 99999999999\n"})
    result = run(root, "digest", "--stdout", "--date", TODAY)
    assert result.exit_code == 2 and "'digest.horizon_days' must be at most 36500" in result.stderr


def test_a_loop_or_a_dangling_symlink_named_like_a_note_is_reported(run, make_vault):
    root = make_vault({"People/Ada.md": "x\n"})
    (root / "People/A.md").symlink_to("B.md")
    (root / "People/B.md").symlink_to("A.md")
    (root / "People/Gone.md").symlink_to("Nobody.md")
    lines = run(root, "check").stdout.splitlines()
    assert lines == [
        f"People/{name}.md: warning: symlink leads nowhere (missing target or a loop)"
        for name in ("A", "B", "Gone")
    ]


def test_a_symlink_that_cannot_be_followed_is_reported_and_its_folder_still_read(
    run, make_vault, monkeypatch
):
    """An error finding out where a link leads (a link on its way that cannot
    be read) is that symlink's problem: the folder's notes are all read."""
    root = make_vault({"People/Ada.md": "---\nname: Ada\n---\n"})
    (root / "People/Link.md").symlink_to("Ada.md")
    realpath = os.path.realpath

    def unreadable(path, *args, **kwargs):
        if str(path).endswith("Link.md"):
            raise PermissionError(13, "Permission denied")
        return realpath(path, *args, **kwargs)

    monkeypatch.setattr(os.path, "realpath", unreadable)
    lines = run(root, "check").stdout.splitlines()
    assert lines == [
        "People/Link.md: warning: symlink cannot be followed (Permission denied); not read"
    ]
    assert "Ada" in run(root, "list", "--date", TODAY).stdout


def test_control_characters_in_notes_reach_no_generated_file_or_terminal(run, make_vault):
    """Terminal colours pasted into a note (or a NUL) show as � in the digest
    and prep sheets, so `--stdout` and the file hold the same bytes."""
    root = make_vault(
        {
            "People/Cal.md": '---\nname: "Cal \\e[31mRed"\n---\n### 2026-11-01 — Call\n'
            "- \x1b[1mbold\x1b[0m and a NUL \x00 #personal\n",
        }
    )
    printed = run(root, "digest", "--stdout", "--date", TODAY).stdout
    assert run(root, "digest", "--date", TODAY).exit_code == 0
    written = (root / "NetNotes/Digest.md").read_text(encoding="utf-8")
    assert printed == written
    assert "Cal \ufffd[31mRed" in written and "\ufffd[1mbold\ufffd[0m and a NUL \ufffd" in written
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", written)
    sheet = run(root, "prep", "Cal", "--stdout", "--date", TODAY).stdout
    assert "\x1b" not in sheet and "\ufffd[1mbold" in sheet
