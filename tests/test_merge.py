"""`netnotes merge KEEP OTHER`: a dry run that names every file, then one
note from two — properties by line edits, personal items, log entries in
date order — links rewritten vault-wide with their text kept, OTHER in
`.trash/`; CRLF and a BOM kept; refusals for git, conflicts, duplicate keys."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from netnotes.mergetext import merge_notes

KEEP = (
    "\ufeff---\r\n"
    "name: Alison Hill\r\n"
    "aliases: [Ally]\r\n"
    "tags:\r\n"
    "  - mentor  # from the 2024 offsite\r\n"
    "company: Fabrikam\r\n"
    "email: alison@fabrikam.example\r\n"
    "---\r\n"
    "Leads finance at Fabrikam.\r\n"
    "\r\n"
    "## Personal\r\n"
    "- Daughter Mia, plays soccer\r\n"
    "\r\n"
    "## Log\r\n"
    "### 2026-03-14 — Lunch at Nopa\r\n"
    "- Mia starts college #personal\r\n"
    "\r\n"
    "### 2026-01-10 — Call\r\n"
    "- Budget season\r\n"
)
OTHER = (
    "---\n"
    "name: Alison Hill\n"
    "aliases:\n"
    "  - Ali\n"
    "tags: [linkedin]\n"
    "company: Contoso\n"
    "email: alison@fabrikam.example\n"
    'phone: "+1 425 555 0101"\n'
    "linkedin: https://www.linkedin.com/in/alisonhill\n"
    "---\n"
    "Met at the CFO roundtable.\n"
    "\n"
    "## Personal\n"
    "- Training for the Boston marathon\n"
    "\n"
    "## Log\n"
    "### 2026-02-01 — Coffee\n"
    "- Talked about [[Raj Patel]]\n"
)
MERGED = (
    "\ufeff---\r\n"
    "name: Alison Hill\r\n"
    "aliases: [Ally, Ali]\r\n"
    "tags:\r\n"
    "  - mentor  # from the 2024 offsite\r\n"
    "  - linkedin\r\n"
    "company: Fabrikam\r\n"
    "email: alison@fabrikam.example\r\n"
    'phone: "+1 425 555 0101"\r\n'
    "linkedin: https://www.linkedin.com/in/alisonhill\r\n"
    "---\r\n"
    "Leads finance at Fabrikam.\r\n"
    "\r\n"
    "Met at the CFO roundtable.\r\n"
    "\r\n"
    "## Personal\r\n"
    "- Daughter Mia, plays soccer\r\n"
    "- Training for the Boston marathon\r\n"
    "\r\n"
    "## Log\r\n"
    "### 2026-03-14 — Lunch at Nopa\r\n"
    "- Mia starts college #personal\r\n"
    "\r\n"
    "### 2026-02-01 — Coffee\r\n"
    "- Talked about [[Raj Patel]]\r\n"
    "\r\n"
    "### 2026-01-10 — Call\r\n"
    "- Budget season\r\n"
)


def vault_files() -> dict[str, str | bytes]:
    return {
        "People/Alison Hill.md": KEEP.encode("utf-8"),
        "People/Alison Hill 1.md": OTHER,
        "People/Raj Patel.md": "---\nname: Raj Patel\n---\nIntro from [[Alison Hill 1|Alison]].\n",
        "Meetings/2026-02-01 Coffee.md": '---\ndate: 2026-02-01\nwith: ["[[Alison Hill 1]]"]\n---\n'
        "- She asked about ![[Alison Hill 1#Personal]] and [[Ali]]\n",
    }


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".netnotes" not in p.parts
    }


def test_dry_run_names_every_file_and_writes_nothing(make_vault, run):
    vault = make_vault(vault_files())
    before = snapshot(vault)
    result = run(vault, "merge", "People/Alison Hill.md", "People/Alison Hill 1.md")
    assert result.exit_code == 0, result.stderr
    assert snapshot(vault) == before
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "merge Alison Hill (People/Alison Hill 1.md) into Alison Hill (People/Alison Hill.md)"
    )
    assert lines[1].startswith("change  People/Alison Hill.md  ")
    assert "phone" in lines[1] and "2 log entries" not in lines[1] and "1 log entry" in lines[1]
    assert "change  Meetings/2026-02-01 Coffee.md  3 links to Alison Hill" in lines
    assert "change  People/Raj Patel.md  1 link to Alison Hill" in lines
    assert "move  People/Alison Hill 1.md  to .trash/Alison Hill 1.md" in lines
    assert (
        "value  company: kept Fabrikam (the other note has Contoso; --prefer other takes it)"
        in lines
    )
    assert "add --apply" in result.stderr


def test_apply_makes_one_note_rewrites_links_and_trashes_the_other(make_vault, run):
    vault = make_vault(vault_files())
    result = run(vault, "merge", "People/Alison Hill.md", "People/Alison Hill 1.md", "--apply")
    assert result.exit_code == 0, result.stderr
    assert (vault / "People/Alison Hill.md").read_bytes().decode("utf-8") == MERGED
    assert not (vault / "People/Alison Hill 1.md").exists()
    assert (vault / ".trash/Alison Hill 1.md").read_text(encoding="utf-8") == OTHER
    assert (
        (vault / "People/Raj Patel.md")
        .read_text(encoding="utf-8")
        .endswith("Intro from [[Alison Hill|Alison]].\n")
    )
    meeting = (vault / "Meetings/2026-02-01 Coffee.md").read_text(encoding="utf-8")
    assert 'with: ["[[Alison Hill|Alison Hill 1]]"]' in meeting
    assert "![[Alison Hill#Personal]] and [[Alison Hill|Ali]]" in meeting
    check = run(vault, "check")
    assert "another contact" not in check.stdout and "leads to no note" not in check.stdout
    shown = run(vault, "show", "Alison Hill", "--format", "json")
    assert shown.exit_code == 0, shown.stderr


def test_prefer_other_takes_the_other_value(make_vault, run):
    vault = make_vault(vault_files())
    args = ("merge", "People/Alison Hill.md", "People/Alison Hill 1.md", "--apply")
    assert run(vault, *args, "--prefer", "other").exit_code == 0
    text = (vault / "People/Alison Hill.md").read_bytes().decode("utf-8")
    assert "company: Contoso\r\n" in text and "Fabrikam\r\n" not in text.split("---")[1]


def test_refuses_conflict_markers_duplicate_keys_and_git_operations(make_vault, run):
    conflicted = vault_files() | {
        "People/Alison Hill 1.md": OTHER.replace(
            "company: Contoso\n", "<<<<<<< HEAD\ncompany: Contoso\n=======\ncompany: C\n>>>>>>> x\n"
        )
    }
    vault = make_vault(conflicted, name="conflicted")
    before = snapshot(vault)
    result = run(vault, "merge", "People/Alison Hill.md", "People/Alison Hill 1.md", "--apply")
    assert result.exit_code == 1 and "conflict markers" in result.stderr
    assert snapshot(vault) == before

    doubled = vault_files() | {
        "People/Raj Patel.md": "---\nname: Raj\nname: Raj Patel\n---\n[[Alison Hill 1]]\n"
    }
    vault = make_vault(doubled, name="doubled")
    before = snapshot(vault)
    result = run(vault, "merge", "People/Alison Hill.md", "People/Alison Hill 1.md", "--apply")
    assert result.exit_code == 1 and "duplicate key" in result.stderr
    assert "People/Raj Patel.md" in result.stderr
    assert snapshot(vault) == before

    vault = make_vault(vault_files(), name="rebasing")
    (vault / ".git").mkdir()
    (vault / ".git" / "MERGE_HEAD").write_text("abc\n")
    before = snapshot(vault)
    result = run(vault, "merge", "People/Alison Hill.md", "People/Alison Hill 1.md", "--apply")
    assert result.exit_code == 1 and "git operation" in result.stderr
    assert snapshot(vault) == before


def test_merging_a_note_into_itself_is_bad_usage(make_vault, run):
    vault = make_vault(vault_files())
    result = run(vault, "merge", "People/Alison Hill.md", "Ally")
    assert result.exit_code == 2 and "same note" in result.stderr


def test_entries_join_an_oldest_first_log_and_nothing_is_lost(make_vault, run):
    vault = make_vault(
        {
            "People/Bo.md": "---\nname: Bo\n---\n## Log\n### 2026-01-01 Call\n- a\n\n"
            "### 2026-03-01 Lunch\n- b\n",
            "People/Bob Stone.md": "---\nname: Bob Stone\nbirthday: 1980-07-14\ncustom:\n"
            "  nested: 1\n---\n## Notes\nSome notes.\n\n## Log\n## 2026-02-01 — Coffee\n- c\n",
        }
    )
    result = run(vault, "merge", "Bo", "Bob Stone", "--apply")
    assert result.exit_code == 0, result.stderr
    assert "value  custom: not merged (a nested value); copy it by hand" in result.stdout
    assert (vault / "People/Bo.md").read_text(encoding="utf-8") == (
        "---\nname: Bo\nbirthday: 1980-07-14\naliases:\n  - Bob Stone\n---\n## Log\n"
        "### 2026-01-01 Call\n- a\n\n### 2026-02-01 — Coffee\n- c\n\n### 2026-03-01 Lunch\n- b\n"
        "\n## Notes\nSome notes.\n"
    )


def test_a_long_log_is_merged_parsing_keep_once(monkeypatch):
    """Placing OTHER's entries among KEEP's parses KEEP once, not once per
    entry (that was quadratic in the log's size), and places them as before:
    in date order, each one whole."""
    from netnotes import mergetext

    calls = []
    real = mergetext.parse_note
    monkeypatch.setattr(mergetext, "parse_note", lambda *a: calls.append(1) or real(*a))
    keep = "---\nname: K\n---\n## Log\n" + "".join(
        f"### 2026-01-{day:02d} Call\n- k{day}\n\n" for day in range(1, 29, 2)
    )
    other = "## Log\n" + "".join(
        f"### 2026-01-{day:02d} Lunch\n- o{day}\n" for day in range(2, 29, 2)
    )
    merged = merge_notes(keep, other, {"k"}, "Other", False).text
    days = re.findall(r"^### 2026-01-(\d\d) (\w+)\n- ([ko]\d+)$", merged, re.M)
    assert [int(day) for day, _, _ in days] == list(range(1, 29))
    assert all(line == f"{'k' if kind == 'Call' else 'o'}{int(day)}" for day, kind, line in days)
    assert len(calls) <= 4  # KEEP's and OTHER's headings, its opening and personal places


def test_an_entry_holding_a_code_block_is_placed_as_the_parser_sees_it():
    """A fence in an inserted entry hides what follows until it closes: the
    headings after it are read again from the text, not carried along."""
    keep = "---\nname: K\n---\n## Log\n### 2026-01-01 A\n- a\n\n### 2026-01-09 D\n- d\n"
    other = "### 2026-01-03 B\n```\n### 2026-01-05 not a heading\n```\n### 2026-01-07 C\n- c\n"
    merged = merge_notes(keep, other, {"k"}, "Other", False).text
    assert re.findall(r"^### (2026-01-\d\d) (\w)", merged, re.M) == [
        ("2026-01-01", "A"),
        ("2026-01-03", "B"),
        ("2026-01-05", "n"),
        ("2026-01-07", "C"),
        ("2026-01-09", "D"),
    ]


# --- property: nothing of either note is lost, entries stay in date order -------

DAYS = st.integers(min_value=0, max_value=400).map(lambda n: date(2025, 1, 1) + timedelta(n))
WORDS = st.text("abcdefgh ", min_size=1, max_size=12).map(lambda t: t.strip() or "x")


def note(name: str, days: list[date], personal: list[str], newest_first: bool, crlf: bool) -> str:
    ordered = sorted(set(days), reverse=newest_first)
    lines = ["---", f"name: {name}", "---", f"About {name}.", "", "## Personal"]
    lines += [f"- {item}" for item in personal] + ["", "## Log"]
    for day in ordered:
        lines += [f"### {day} — Coffee", f"- said {name} {day}", ""]
    return ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")


@settings(max_examples=40, deadline=None)
@given(
    keep_days=st.lists(DAYS, max_size=5),
    other_days=st.lists(DAYS, max_size=5),
    personal=st.lists(WORDS, max_size=3),
    newest_first=st.booleans(),
    crlf=st.booleans(),
)
def test_merge_keeps_every_line_and_the_date_order(
    keep_days, other_days, personal, newest_first, crlf
):
    keep = note("Keep", keep_days, ["kept item"], newest_first, crlf)
    other = note("Other", other_days, personal, not newest_first, False)
    merged = merge_notes(keep, other, {"keep"}, "Other", False).text
    lines = merged.splitlines()
    for line in keep.splitlines():
        assert line in lines  # nothing of KEEP is lost…
    for line in other.splitlines()[3:]:
        if line and not line.startswith("## "):
            assert line in lines, line  # …nor of OTHER's body
    dates = [date.fromisoformat(m.group(1)) for m in re.finditer(r"^### (\S+)", merged, re.M)]
    if len(set(keep_days)) > 1:
        assert dates == sorted(dates, reverse=newest_first)
    assert ("\r\n" in merged) == crlf and (merged.count("\r\n") == merged.count("\n") or not crlf)
