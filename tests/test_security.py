"""What a hostile or careless vault can try: names that leave the vault,
templates that reach for Python's internals or for gigabytes, symlinks that
lead out, and inputs so large they would take the machine with them (run in
a subprocess with a 1.5 GB address-space limit and a 120 s timeout: a bound,
never a timing assertion)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LONG

TODAY = "2026-11-26"
ADA = "---\nname: Ada Lovelace\naliases: [Ada]\n---\n## Log\n### 2026-11-01 — Lunch\n- [ ] Send the deck\n"


def tree(root: Path) -> dict[str, bytes | str]:
    """Every file and symlink under `root` (symlinks by target)."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                found[str(path.relative_to(root))] = os.readlink(path)
            elif path.is_file():
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


def one_line(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def guarded(make_vault, tmp_path):
    """A vault inside a folder that must never change, next to a folder of
    outside files, both compared after the test."""
    root = make_vault({"People/Ada Lovelace.md": ADA, "People/Bob.md": "---\nname: Bob\n---\n"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (outside / "Secret.md").write_text("---\nname: Secret Person\n---\nzzsecret\n")
    before = {p.name for p in tmp_path.iterdir()}
    outside_before = tree(outside)
    yield root, outside
    assert {p.name for p in tmp_path.iterdir()} == before  # nothing new beside the vault
    assert tree(outside) == outside_before
    assert not Path("/abs").exists() and not Path("/etc/passwd.md").exists()


# --- names that try to leave the vault ------------------------------------------

ESCAPES = [
    "../../etc/passwd",
    "/abs/evil",
    "..",
    ".",
    "../..",
    "a/../../b",
    "People/../../x",
    "..\\..\\windows",
    "C:\\Windows\\evil",
    "~root",
    "$HOME",
    "CON",
    "nul.txt",
    "Ada.",
    " .hidden",
    "A:B|C#D^E",
    "x" * 300,
    "é" * 200,
    "Ann " + "😀" * 70,
    "😀" * 70,
    "line\nbreak",
    "tab\there",
    "\u202eevil\u202c",
    "\x1b[31mred",
]


@pytest.mark.parametrize("name", ESCAPES)
def test_new_names_that_try_to_leave_the_vault_make_a_note_in_people_or_are_refused(
    run, guarded, name
):
    root, _ = guarded
    before = tree(root)
    result = run(root, "new", name)
    if result.exit_code == 0:
        made = root / result.stdout.strip()
        assert made.parent == root / "People" and made.is_file()
        assert len(made.name.encode("utf-8")) <= 255 and not made.name.startswith(".")
        assert set(tree(root)) - set(before) == {str(made.relative_to(root))}
    else:
        assert result.exit_code in (1, 2) and result.stderr.count("\n") == 1, result.output
        assert tree(root) == before


@pytest.mark.parametrize("title", ["../../../etc/cron.d/x", "/abs/evil", "..", "a/b/c", "CON"])
def test_meeting_titles_that_try_to_leave_the_vault_stay_in_the_meetings_folder(
    run, guarded, title
):
    root, _ = guarded
    result = run(root, "log", "Ada", "Bob", "-t", title, "-m", "x", "--date", TODAY)
    if result.exit_code == 0:
        made = root / result.stdout.strip()
        assert made.parent == root / "Meetings" and made.name.startswith(TODAY)
    else:
        one_line(result, 2, "--title")
        assert not (root / "Meetings").exists()


def test_imported_names_that_try_to_leave_the_vault_stay_in_the_people_folder(
    run, guarded, tmp_path
):
    root, _ = guarded
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEND:VCARD\r\n"
            for name in ["../../etc/passwd", "/abs/evil", "..", "C:\\evil", "~/x"]
        )
    )
    before = set(tree(root))
    assert run(root, "import", "vcard", str(cards), "--apply").exit_code == 0
    made = set(tree(root)) - before
    assert made and all(p.startswith("People/") and p.count("/") == 1 for p in made), made
    cards.unlink()


# --- templates in the vault -----------------------------------------------------

REACHING = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch SENTINEL').read() }}",
    "{{ lipsum.__globals__['os'].system('touch SENTINEL') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ date.__class__.__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
]


@pytest.mark.parametrize("body", REACHING)
def test_a_vault_template_that_reaches_for_python_internals_is_refused_and_runs_nothing(
    run, make_vault, tmp_path, body
):
    sentinel = tmp_path / "pwned"
    root = make_vault(
        {
            "People/Ada.md": ADA,
            ".netnotes/templates/digest.md.j2": "---\ngenerated_by: netnotes\n---\n"
            + body.replace("SENTINEL", str(sentinel))
            + "\n",
        }
    )
    one_line(run(root, "digest", "--date", TODAY), 1, "template digest.md.j2 line 4", "sandbox")
    assert not sentinel.exists() and not (root / "NetNotes").exists()


@pytest.mark.parametrize(
    "body", ["{{ 'x' * 10**9 }}", "{{ [0] * 10**9 }}", "{{ 10**9 * 'x' }}", "{{ 9 ** 100000000 }}"]
)
def test_template_arithmetic_that_would_take_gigabytes_or_minutes_is_refused(run, make_vault, body):
    root = make_vault(
        {
            "People/Ada.md": ADA,
            ".netnotes/templates/digest.md.j2": f"---\ngenerated_by: netnotes\n---\n{body}\n",
        }
    )
    one_line(run(root, "digest", "--stdout", "--date", TODAY), 1, "refused by the sandbox")


def test_ordinary_template_arithmetic_still_works(run, make_vault):
    root = make_vault(
        {
            "People/Ada.md": ADA,
            ".netnotes/templates/digest.md.j2": "---\ngenerated_by: netnotes\n---\n"
            "{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ 3 * 4 }} {{ '-' * 40 }}\n",
        }
    )
    printed = run(root, "digest", "--stdout", "--date", TODAY).stdout
    assert printed.endswith("ababab 1024 12 " + "-" * 40 + "\n")


def test_a_typo_in_a_template_names_the_missing_attribute(run, make_vault):
    root = make_vault(
        {
            "People/Ada.md": ADA,
            ".netnotes/templates/prep.md.j2": "---\ngenerated_by: netnotes\n---\n"
            "{% for contact in people %}{{ contact.nmae }}{% endfor %}\n",
            ".netnotes/templates/contact.md.j2": "---\nname: {{ nmae }}\n---\n",
        }
    )
    one_line(
        run(root, "prep", "Ada", "--stdout", "--date", TODAY),
        1,
        "template prep.md.j2 line 4",
        "has no attribute 'nmae'",
    )
    one_line(run(root, "new", "Bob"), 1, "template contact.md.j2 line 2", "'nmae' is undefined")
    assert not (root / "People/Bob.md").exists()


# --- symlink tricks --------------------------------------------------------------


def test_a_people_folder_symlinked_outside_is_never_read_or_written(run, guarded):
    root, outside = guarded
    shutil.rmtree(root / "People")
    (root / "People").symlink_to(outside)
    assert (
        run(root, "check").stdout == "People: warning: symlink leads outside the vault; not read\n"
    )
    assert "Secret Person" not in run(root, "list", "--format", "json").stdout
    assert json.loads(run(root, "search", "zzsecret", "--format", "json").stdout) == []
    one_line(run(root, "new", "Eve"), 1, "People leads outside the vault")


def test_a_note_symlinked_to_a_file_outside_is_never_read_or_written(run, guarded):
    root, outside = guarded
    (root / "People/Passwd.md").symlink_to(outside / "passwd")
    (root / "People/Secret.md").symlink_to(outside / "Secret.md")
    checked = run(root, "check").stdout.splitlines()
    assert checked == [
        f"People/{name}.md: warning: symlink leads outside the vault; not read"
        for name in ("Passwd", "Secret")
    ]
    assert "root:x" not in run(root, "search", "root", "--format", "json").stdout
    one_line(run(root, "log", "Passwd", "-m", "x"), 2, "no contact named 'Passwd'")
    one_line(run(root, "log", "Secret Person", "-m", "x"), 2, "no contact named")


def test_a_generated_file_symlinked_outside_is_refused_and_one_inside_is_written_through(
    run, guarded
):
    """The digest is replaced atomically, which would have swapped a user's
    symlink for a plain file; now the link stays and its target is written."""
    root, outside = guarded
    (root / "NetNotes").mkdir()
    (outside / "Digest.md").write_text("---\ngenerated_by: netnotes\n---\nanother vault's\n")
    (root / "NetNotes/Digest.md").symlink_to(outside / "Digest.md")
    one_line(run(root, "digest", "--date", TODAY), 1, "NetNotes/Digest.md is a symlink out of")
    (outside / "Digest.md").write_text("")
    (outside / "Digest.md").unlink()
    (root / "NetNotes/Digest.md").unlink()
    (root / "Shown").mkdir()
    (root / "NetNotes/Digest.md").symlink_to("../Shown/Today.md")
    assert run(root, "digest", "--date", TODAY).exit_code == 0
    assert (root / "NetNotes/Digest.md").is_symlink()
    assert (root / "Shown/Today.md").read_text().startswith("---\ngenerated_by: netnotes\n")


def test_an_output_folder_symlinked_outside_is_refused(run, guarded):
    root, outside = guarded
    (root / "NetNotes").symlink_to(outside)
    one_line(run(root, "digest", "--date", TODAY), 1, "the output folder leads outside the vault")
    one_line(run(root, "prep", "Ada", "--date", TODAY), 1, "leads outside the vault")


def test_an_export_file_that_is_a_symlink_is_written_through(run, make_vault, tmp_path):
    root = make_vault({"People/Ada.md": ADA})
    (tmp_path / "calendars").mkdir()
    link = tmp_path / "netnotes.ics"
    link.symlink_to(tmp_path / "calendars" / "real.ics")
    assert run(root, "export", "ics", "-o", str(link), "--date", TODAY).exit_code == 0
    assert link.is_symlink() and (tmp_path / "calendars/real.ics").read_bytes().startswith(
        b"BEGIN:VCALENDAR"
    )


# --- very large inputs, under limits -----------------------------------------------

LIMIT_BYTES = 1536 * 2**20
SEQUENCE = """
import json, sys
from netnotes.cli import main
codes = []
for args in json.loads(sys.argv[1]):
    try:
        codes.append(main(args, standalone_mode=False) or 0)  # a NetnotesError: its code
    except SystemExit as done:
        codes.append(done.code or 0)
    except Exception as err:  # click's own errors (usage) carry an exit code
        codes.append(getattr(err, "exit_code", repr(err)))
print(json.dumps(codes), file=sys.stderr)
"""


def limited(root: Path, *commands: list[str], timeout: int = 120) -> tuple[list, str]:
    """Run `commands` one after the other in one netnotes process that may use at
    most 1.5 GB of address space; their exit codes, and what they printed."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    argv = [["--vault", str(root), *args] for args in commands]
    result = subprocess.run(
        [sys.executable, "-c", SEQUENCE, json.dumps(argv)],
        preexec_fn=cap,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr
    return json.loads(result.stderr.splitlines()[-1]), result.stdout


def test_a_50_mb_note_is_reported_and_every_command_stays_within_limits(make_vault):
    root = make_vault({"People/Ada.md": ADA})
    entry = "### 2026-11-01 — Lunch\n- [[Ada]] said something #personal\n- [ ] a task\n"
    count = 50 * 2**20 // len(entry.encode())
    (root / "People/Huge.md").write_text("---\nname: Hugh\n---\n" + entry * count)
    codes, printed = limited(
        root,
        ["index"],
        ["check"],
        ["list", "--date", TODAY],
        ["digest", "--stdout", "--date", TODAY],
        ["prep", "Ada", "--stdout", "--date", TODAY],
        ["show", "Ada", "--date", TODAY],
        ["search", "something"],
        ["log", "Hugh", "-m", "x"],
        ["log", "Ada", "-m", "x", "--date", TODAY],
    )
    assert codes == [0, 1, 0, 0, 0, 0, 0, 2, 0]  # Hugh's note is not read: no one to log to
    assert "People/Huge.md: error: file is 50 MB; netnotes reads notes up to 32 MB" in printed


def test_a_100000_line_meeting_note_works_within_limits(make_vault):
    every = 1 if LONG else 10  # a personal item linking Ada on every line, or on every tenth
    lines = "".join(
        f"- point {n}: [[Ada]] on the roadmap #personal\n" if n % every == 0 else f"- point {n}\n"
        for n in range(100_000)
    )
    root = make_vault(
        {
            "People/Ada.md": ADA,
            "Meetings/2026-11-20 Offsite.md": '---\ndate: 2026-11-20\nwith: ["[[Ada]]"]\nkind: meeting\n'
            "---\n- [ ] Ada sends the notes\n" + lines,
        }
    )
    reads = [
        ["digest", "--stdout"],
        ["prep", "Offsite", "--stdout"],
        ["prep", "Ada", "--stdout"],
        ["export", "ics"],
        ["show", "Ada", "--format", "json"],
    ]
    codes, printed = limited(
        root,
        *[[*args, "--date", TODAY] for args in reads],
        ["done", "Ada", "sends the notes", "--date", TODAY],
    )
    assert codes == [0] * 6
    assert '"last_in_person": "2026-11-20"' in printed
    meeting = (root / "Meetings/2026-11-20 Offsite.md").read_text()
    assert "- [x] Ada sends the notes ✅ 2026-11-26\n- point 0:" in meeting


def test_a_prep_sheet_for_a_day_of_sixty_thousand_touches_stays_within_limits(make_vault):
    """Counting the lines shown above each conversation was quadratic: this
    sheet took minutes; now it takes about a second."""
    entries = "".join(f"### 2026-11-01 — Call {n}\n- thing {n} #personal\n" for n in range(60_000))
    root = make_vault({"People/Busy.md": "---\nname: Busy Bee\n---\n## Log\n" + entries})
    codes, printed = limited(root, ["prep", "Busy", "--stdout", "--date", TODAY])
    assert codes == [0] and "Busy Bee" in printed


@pytest.mark.skipif(not LONG, reason="long run only (HYPOTHESIS_PROFILE=fuzz): a 30 MB note")
def test_a_30_mb_note_under_the_cap_is_read_and_written_within_limits(make_vault):
    entry = (
        "### 2026-{m:02d}-{d:02d} — Lunch {n}\n- [[Ada]] said thing {n} #personal\n- [ ] task {n}\n"
    )
    body = "".join(entry.format(m=1 + n % 12, d=1 + n % 28, n=n) for n in range(350_000))
    root = make_vault(
        {"People/Ada.md": ADA, "People/Dense.md": "---\nname: Dee\n---\n## Log\n" + body}
    )
    assert 28 * 2**20 < (root / "People/Dense.md").stat().st_size < 32 * 2**20
    commands = [["index"], ["check"]] + [
        [*args, "--date", TODAY]
        for args in (
            ["digest", "--stdout"],
            ["prep", "Dee", "--stdout"],
            ["show", "Dee"],
            ["log", "Dee", "-m", "x"],
            ["done", "Dee", "task 7"],
        )
    ]
    codes, _ = limited(root, *commands, timeout=600)
    assert codes == [0] * 7  # "task 7" is the whole text of one task: that one


def test_templater_code_in_a_new_or_imported_contact_is_refused_and_the_import_goes_on(
    run, make_vault, tmp_path
):
    """Obsidian's Templater, set to run on new files, would run `<%* … %>` in a
    note netnotes creates; a vCard from someone else could carry it."""
    root = make_vault()
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good Person\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\r\nNOTE:<%* app.vault.delete(x) %>\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mallory\r\nORG:<% tp.system.prompt() %>\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Trent\r\nEND:VCARD\r\n"
    )
    plan = run(root, "import", "vcard", str(cards))  # the dry run says what --apply will do
    assert "2 to create" in plan.stderr and "2 skipped" in plan.stderr
    result = run(root, "import", "vcard", str(cards), "--apply")
    assert result.exit_code == 0 and "created 2 contacts" in result.stderr
    assert "2 skipped" in result.stderr and "failed" not in result.stderr
    assert "note: holds '<%', which Obsidian's Templater plugin runs as code" in result.stdout
    assert "company: holds '<%'" in result.stdout
    assert sorted(p.name for p in (root / "People").iterdir()) == ["Good Person.md", "Trent.md"]
    one_line(run(root, "new", "Zed", "--role", "<% tp.file.title %>"), 2, "role: holds '<%'")


def test_the_sandbox_answers_whether_an_attribute_is_safe_as_jinja2_does_every_time():
    """Sandbox keeps is_safe_attribute's answers per type and name: the same
    answers as Jinja2's own check, asked first or again, for Python's
    internal types (a generator's frame, a function's code) and plain ones."""
    from datetime import date

    from jinja2.sandbox import SandboxedEnvironment

    from netnotes.render import Sandbox

    def generator():
        yield 1

    def function():
        return None

    objects = [generator(), generator(), function, "text", date(2026, 1, 1), str, [1], Path(".")]
    names = [
        "gi_frame",
        "gi_code",
        "func_code",
        "__globals__",
        "mro",
        "upper",
        "year",
        "_x",
        "name",
    ]
    ours, jinja = Sandbox(), SandboxedEnvironment()
    for _ in range(2):
        for obj in objects:
            for name in names:
                value = getattr(obj, name, None)
                expected = jinja.is_safe_attribute(obj, name, value)
                assert ours.is_safe_attribute(obj, name, value) == expected, (obj, name)
