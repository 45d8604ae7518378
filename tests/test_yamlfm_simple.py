"""The common frontmatter read line by line (yamlfm._read_simple) gives
exactly what composing its YAML gives — values and their types, values as
written, key lines, problems — or steps aside for the YAML path."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from netnotes import yamlfm

KEYS = [
    "name",
    "tags",
    "how met",
    "a.b",
    "x-y",
    "1st",
    "true",
    "名前",
    "k ",
    "a:b",
    "#c",
    "-k",
    "?",
]
SEPARATORS = [": ", ":", ":  ", ": \t", ":\t", " : "]
VALUES = [
    "",
    " ",
    "Ada",
    "Ada Lovelace",
    "São Paulo, Brazil",
    "true",
    "True",
    "FALSE",
    "yes",
    "NO",
    "~",
    "null",
    "Null",
    "12",
    "-3",
    "012",
    "+1",
    "1.5",
    "1e3",
    "1.0e+3",
    ".5",
    "0x1F",
    "1_000",
    "10:30",
    "2026-06-29",
    "2026-6-9",
    "2026-02-30",
    "2026-06-29 10:30",
    "2026-06-29T00:00:00.000Z",
    "9" * 5000,
    '"quoted"',
    '"2026-06-29"',
    '"[[Ada]]"',
    '"a, b"',
    '"say \\"hi\\""',
    '"a\\tb"',
    "'single'",
    "'it''s'",
    "'a, b'",
    '"unclosed',
    "'x' y",
    '"x" # c',
    "[a, b]",
    "[a,b]",
    "[ a , b ]",
    "[]",
    "[ ]",
    "[a, ]",
    "[,]",
    '["[[Ada]]", "[[Bo]]"]',
    "[\"a, b\", 'c']",
    "['x' y, z]",
    "[a: b]",
    "[a #b]",
    "[[Ada]]",
    "[Ada]] x",
    "[a], [b]",
    "{a: b}",
    "a #c",
    "a#c",
    "a: b",
    "a:b",
    "http://x.example/a?b=c",
    "x:",
    "- x",
    "-x",
    "&anchor x",
    "*alias",
    "!!int 7",
    "!!str 12",
    "|",
    ">",
    "%x",
    "@x",
    "`x`",
    "a\\b",
    "tab\tinside",
    "cr\r",
    "line\u2028sep",
    "bom\ufeff",
    "nbsp\xa0x",
    "😀 emoji",
    "a  b",
    "a ]",
]
ITEM_LINES = ["  - ", "- ", "    - ", "  -", "  * ", "   - "]


@st.composite
def frontmatters(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["pair", "pair", "list", "blank", "comment", "raw"]))
        key = draw(st.sampled_from(KEYS))
        if kind == "pair":
            lines.append(key + draw(st.sampled_from(SEPARATORS)) + draw(st.sampled_from(VALUES)))
        elif kind == "list":
            lines.append(key + ":")
            prefix = draw(st.sampled_from(ITEM_LINES))
            for _ in range(draw(st.integers(0, 3))):
                if draw(st.integers(0, 5)) == 0:
                    prefix = draw(st.sampled_from(ITEM_LINES))
                lines.append(prefix + draw(st.sampled_from(VALUES)))
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "  "])))
        elif kind == "comment":
            lines.append("# " + key)
        else:
            lines.append(draw(st.sampled_from(VALUES)))
    return "\n".join(lines)


def read_both(text: str, monkeypatch: pytest.MonkeyPatch):
    quick = yamlfm._read_simple(text, 2)
    with monkeypatch.context() as patched:
        patched.setattr(yamlfm, "_read_simple", lambda text, first_line, lines=None: None)
        composed = yamlfm.read(text, first_line=2)
    return quick, composed


def same(quick: yamlfm.Frontmatter, composed: yamlfm.Frontmatter) -> None:
    # repr: True and 1, 1 and 1.0, a date and a string must not pass as equal
    assert repr(quick) == repr(composed)
    assert list(quick.values) == list(composed.values)  # the keys' order


@settings(max_examples=400, deadline=None)
@given(frontmatters())
def test_the_line_reader_reads_what_yaml_reads_or_steps_aside(text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        quick, composed = read_both(text, monkeypatch)
    if quick is not None:
        same(quick, composed)


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("form", ["key: {}", "key:\n  - {}\n  - x", "key: [{}]", "key: [x, {}]"])
def test_each_tricky_value_alone(value, form, monkeypatch):
    text = form.format(value)
    quick, composed = read_both(text, monkeypatch)
    if quick is not None:
        same(quick, composed)


def test_the_usual_properties_take_the_line_reader(monkeypatch):
    """What the generated vault and most vaults write is read without YAML
    (were it not, indexing would be slower, not wrong)."""
    usual = (
        "name: Agnès A. Bianchi\naliases:\n  - AAB\ntags:\n  - person\n  - mentee\n"
        "company: Ollivanders\nrole: Student\nladder: below\nmet: 2011-06-08\n"
        'cadence: yearly\nlocation: "São Paulo, Brazil"\ncount: 3\nscore: 1.5\n'
        "done: false\nnothing:\nwith: [\"[[Joseph Hansen]]\", 'Ada']\ntags2: [company]"
    )
    quick, composed = read_both(usual, monkeypatch)
    assert quick is not None
    same(quick, composed)
    assert composed.values["met"].isoformat() == "2011-06-08"
    assert composed.values["with"] == ["[[Joseph Hansen]]", "Ada"]


@pytest.mark.parametrize("text", ["tags: [person, friend]", "aliases:\n  - Ada\n  - Countess"])
def test_a_line_read_again_is_the_same_and_a_list_is_each_notes_own(text):
    """A line's reading is remembered (the same lines recur from note to note),
    but a list is made for each note: changing one note's never changes another's."""
    first = yamlfm._read_simple(text, 2)
    second = yamlfm._read_simple(text, 2)
    assert first is not None and second is not None
    assert (first.values, first.written, first.key_lines) == (
        second.values,
        second.written,
        second.key_lines,
    )
    key = next(iter(first.values))
    assert first.values[key] is not second.values[key]
    assert first.written[key] is not second.written[key]
    first.values[key].append("changed")
    assert yamlfm._read_simple(text, 2).values == second.values


@pytest.mark.parametrize(
    "key", ["date", "Phone Number", "a.b-c d", "ключ", "bad*key", "x!", "-lead", "k" * 129]
)
def test_a_keys_simplicity_remembered_is_what_its_pattern_says(key):
    """_read_line remembers by key whether it is simple: the second line with
    the key is read as the first was, simple or left to YAML."""
    simple = yamlfm._SIMPLE_KEY.fullmatch(key) is not None
    for value in ("1", "two"):  # two lines: the second finds the key remembered
        assert (yamlfm._read_simple(f"{key}: {value}", 2) is not None) == simple


@settings(max_examples=400, deadline=None)
@given(frontmatters())
@example("a: &x 1\nb: *x\nc: 2")  # a key rejected (an alias) between two kept
@example("a: 1\na: 2\nB: 3\nb: 4")  # a duplicate key; keys that read alike
def test_a_frontmatters_key_lines_hold_its_values_keys_in_their_order(text):
    """The parser reads `values` and `key_lines` in one pass (notes.py): either
    reader gives the same keys to both, in the same order, whatever it rejects."""
    from unittest import mock

    quick = yamlfm._read_simple(text, 2)
    with mock.patch.object(yamlfm, "_read_simple", lambda *args: None):
        composed = yamlfm.read(text, first_line=2)
    for front in (quick, composed):
        if front is not None:
            assert list(front.key_lines) == list(front.values)


NUMBERISH = ["0", "1", "12", "2026", "-", ".", "5", "e", "E", "+", ":", "T", " ", "Z", "06", "30"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMBERISH), min_size=1, max_size=8).map("".join))
@example("2026-06-29")
@example("2026-06-29T10:30:00Z")
@example("12")
@example("1.5e-3")
@example("2026e-06")
def test_a_plain_value_is_tagged_alike_whatever_order_its_resolvers_are_tried_in(text):
    """_plain tries a timestamp first: no text matches two of the resolvers
    that share its first character, so the tag is the loader's."""
    resolvers = yamlfm.RESOLVERS.get(text[:1], ())
    assert sum(1 for _, pattern in resolvers if pattern.match(text)) <= 1
    assert sorted(yamlfm._PLAIN_RESOLVERS.get(text[:1], ())) == sorted(resolvers)
