"""Frontmatter read the way Obsidian reads it (DESIGN.md §6, RELIABILITY.md §2)."""

import re
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from netnotes import yamlfm, yamlhandler
from netnotes.dates import parse_date
from netnotes.notelines import frontmatter_end


def load(text: str) -> yamlfm.Frontmatter:
    return yamlfm.read(text, first_line=2)


def test_yaml_11_traps_stay_the_strings_obsidian_shows():
    front = load("zip: 01234\nphone: +15551234\ntime: 10:30\ncountry: NO\nanswer: yes\nv: 1.10")
    assert front.values == {
        "zip": "01234",
        "phone": "+15551234",
        "time": "10:30",
        "country": "NO",
        "answer": "yes",
        "v": 1.1,
    }
    assert front.written["v"] == "1.10"  # shown as written
    assert front.problems == []


def test_only_true_and_false_are_booleans_and_plain_numbers_are_numbers():
    front = load("a: true\nb: False\nc: 12\nd: -3\ne: ~\nf:\ng: null")
    assert front.values == {
        "a": True,
        "b": False,
        "c": 12,
        "d": -3,
        "e": None,
        "f": None,
        "g": None,
    }


def test_an_explicit_number_tag_on_text_is_a_problem_not_a_crash():
    front = load("n: !!int abc\nf: !!float x\nok: !!int 7")
    assert front.values == {"n": "abc", "f": "x", "ok": 7}
    assert [(line, severity) for line, severity, _ in front.problems] == [
        (2, "error"),
        (3, "error"),
    ]
    assert "'abc' is not a number" in front.problems[0][2]


def test_dates_and_datetimes_become_dates_and_quoted_dates_stay_text():
    front = load(
        "a: 2026-06-29\nb: 2026-06-29T00:00:00.000Z\nc: 2026-06-29T10:30:00\n"
        'd: 2024-06-14 23:02\ne: "2024-06-14"'
    )
    assert front.values["a"] == date(2026, 6, 29)
    assert front.values["b"] == date(2026, 6, 29)
    assert front.values["c"] == date(2026, 6, 29)
    assert front.values["d"] == date(2024, 6, 14)
    assert front.values["e"] == "2024-06-14"


def test_an_impossible_date_is_reported_on_its_line():
    front = load("name: Ada\nmet: 2024-02-30")
    assert front.problems == [(3, "error", "met: impossible date: 2024-02-30")]
    assert front.values["name"] == "Ada"


def test_duplicate_keys_are_an_error_and_the_first_value_is_kept():
    front = load("last: 2024-02-03\nname: Ada\nlast: 2024-02-01")
    assert front.values["last"] == date(2024, 2, 3)
    ((line, severity, text),) = front.problems
    assert (line, severity) == (4, "error")
    assert "duplicate key 'last'" in text and "line 2" in text


def test_non_string_and_reserved_keys_are_kept_as_written():
    front = load("2024: met\ntrue: x\ncontent: hi\nhandler: y")
    assert front.values == {"2024": "met", "true": "x", "content": "hi", "handler": "y"}
    assert front.problems == []


def test_a_list_instead_of_a_mapping_is_reported_not_dropped_silently():
    front = load("- a\n- b")
    assert front.values == {}
    assert front.problems[0][1] == "error"
    assert "not a mapping" in front.problems[0][2]


def test_tabs_and_broken_yaml_are_one_clear_problem_each():
    tabs = load("a:\n\tb: 1")
    assert tabs.problems == [
        (3, "error", "frontmatter is indented with a tab; YAML allows only spaces")
    ]
    unclosed = load("name: [unclosed")
    assert unclosed.problems[0][0] == 2 and "not valid YAML" in unclosed.problems[0][2]
    handle = load("twitter: @ada")
    assert "quote it" in handle.problems[0][2]


def test_an_alias_bomb_is_refused_quickly():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        refs = ", ".join(["*" + chr(96 + n)] * 9)
        levels.append(f"{chr(97 + n)}: &{chr(97 + n)} [{refs}]")
    front = load("\n".join(levels))
    assert any("aliases" in text for _, _, text in front.problems)


def test_frontmatter_larger_than_the_cap_is_not_read():
    front = load("note: " + "x" * (yamlfm.MAX_FRONTMATTER_BYTES + 10))
    assert front.values == {} and "64 KB" in front.problems[0][2]


def test_framing_follows_obsidian_first_line_only():
    assert yamlfm.frame(["---", "a: 1", "---", "body"]) == (2, [])
    assert yamlfm.frame(["---   ", "a: 1", "---"])[0] == 2
    end, lint = yamlfm.frame(["", "---", "a: 1", "---"])
    assert end is None and "first line" in lint[0][2]
    end, lint = yamlfm.frame(["---", "a: 1", "no close"])
    assert end is None and "never closed" in lint[0][2]
    assert yamlfm.frame(["+++", "a = 1", "+++"]) == (None, [])


def test_the_handler_gives_python_frontmatter_obsidians_reading():
    import frontmatter

    post = frontmatter.loads(
        "\ufeff---\nzip: 01234\ncountry: NO\n---\nbody\n", handler=yamlhandler.HANDLER
    )
    assert post.metadata == {"zip": "01234", "country": "NO"}
    assert post.content == "body"
    handler = yamlhandler.HANDLER
    assert not handler.detect("\n---\nname: X\n---\n")  # a blank first line: no frontmatter


def _same_reading(value, written) -> bool:
    """A handler value against the text `show --format json` gives in `details`."""
    if isinstance(value, list):
        return len(value) == len(written) and all(map(_same_reading, value, written))
    if isinstance(value, bool):
        return written == ("true" if value else "false")
    if isinstance(value, date):
        return parse_date(written) == value
    return (value is None and written is None) or str(value) == written


def test_the_documented_script_reads_a_note_as_netnotes_indexed_it(example_vault, run, monkeypatch):
    """docs/writing.md's python-frontmatter example, run as written in the
    example vault, prints what it shows; and every property it reads is the
    one `netnotes show` reports from the index, for that note and for one
    with an unquoted link, Obsidian-only scalars and a key written twice."""
    import doctest
    import json

    from conftest import REPO

    docs = (REPO / "docs/writing.md").read_text(encoding="utf-8")
    example = re.search(r"```pycon\n(.*?)```", docs, re.S).group(1)
    odd = example_vault / "People/Odd Keys.md"
    odd.write_text(
        "---\nname: Odd Keys\ncompany: [[Acme Payments]]\nzip: 01234\ncountry: NO\n"
        "time: 10:30\nmet: 2024-5-2\nkids: 2\nremote: true\nzip: 99999\n---\nBody.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(example_vault)
    test = doctest.DocTestParser().get_doctest(example, {}, "writing.md", None, 0)
    runner = doctest.DocTestRunner()
    runner.run(test, clear_globs=False)
    assert runner.summarize(verbose=False).failed == 0
    names = test.globs
    import frontmatter

    for name, path in (("Jane Doe", "People/Jane Doe.md"), ("Odd Keys", odd)):
        post = names["post"] if name == "Jane Doe" else None
        post = post or frontmatter.load(path, handler=names["ObsidianHandler"]())
        shown = run(example_vault, "show", name, "--format", "json", "--date", "2026-11-26")
        details = json.loads(shown.stdout)["details"]
        assert list(post.metadata) == list(details)
        assert all(_same_reading(post.metadata[key], details[key]) for key in details), details
    assert post.metadata["zip"] == "01234" and post.metadata["country"] == "NO"
    assert post.metadata["company"] == "[[Acme Payments]]"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["---", "---  ", "---\t", "----", "--- x", "-- -", "a: 1", "", " ---"]),
        max_size=7,
    )
)
@example(["---", "a: 1", "----", "b: 2", "---"])  # a line like a fence, then the fence
@example(["---", "a: 1", "---  ", "b: 2", "---"])  # a fence with spaces before the bare one
@example(["---", "a: 1"])  # never closed
def test_framing_finds_the_fence_frontmatter_end_finds(lines):
    """frame looks for a bare `---` in C first; the closing fence is still
    the first line frontmatter_end takes for one."""
    end, lint = yamlfm.frame(lines)
    assert end == frontmatter_end(lines)
    if end is not None:
        assert lint == []
