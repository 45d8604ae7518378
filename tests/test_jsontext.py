"""`write_json` lays out JSON itself so that the C encoder does the rows: it must
give exactly what `json.dumps(to_json(value), ensure_ascii=False, indent=2)` did,
for every shape, string, number and key a document can hold."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from netnotes import jsonrows
from netnotes.commands.shared import emit_json
from netnotes.jsonrows import ITEM_INDENT, FlatRows, JsonTexts, RowBatches, in_list
from netnotes.jsontext import write_json
from netnotes.views import to_json


def json_text(value: object) -> str:
    parts: list[str] = []
    write_json(value, parts.append)
    return "".join(parts)


def reference(value: object) -> str:
    """What emit_json printed before json_text: the slow indented encoder."""
    return json.dumps(to_json(value), ensure_ascii=False, indent=2)


class Rung(IntEnum):
    ABOVE = 1


class Label(str):
    pass


@dataclass
class Row:
    name: str
    when: date
    tags: tuple[str, ...]


texts = st.text(
    st.characters(codec=None, exclude_categories=())
    | st.sampled_from('"\\\n\t\x00\x1b\x7f\x85\x9f\u2028é😀'),
    max_size=8,
)
scalars = (
    texts
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
    | st.dates()
    | st.sampled_from([Rung.ABOVE, Label("sub"), datetime(2026, 3, 14, 9, 30)])
)
keys = texts | st.integers() | st.floats() | st.booleans() | st.none() | st.dates()
rows = st.dictionaries(
    st.sampled_from(["name", "path", "line", "due"]) | texts, scalars, max_size=5
)
plain = texts | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.booleans()
flat_rows = st.lists(
    st.dictionaries(st.sampled_from(["name", "path"]) | texts, plain | st.none(), max_size=4),
    max_size=4,
).map(FlatRows)
values = st.recursive(
    scalars | rows | st.lists(rows, max_size=4) | flat_rows,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(keys, inner, max_size=4)
        | st.builds(Row, texts, st.dates(), st.lists(texts, max_size=2).map(tuple))
    ),
    max_leaves=30,
)


@settings(max_examples=examples(200))
@given(values)
def test_the_text_is_byte_identical_to_json_dumps_with_indent(value):
    assert json_text(value) == reference(value)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        (),
        [{}],
        [{}, {"a": 1}],
        [{"a": 1}, {}],
        [[], {}],
        {"a": {}, "b": []},
        [{"a": "},\n    {"}, {"b": [1]}],
        [{"k": "x"}, {"k": "y"}, 3],
        {1: "a", "1": "b"},
        {True: 1, None: 2, 1.5: 3, date(2026, 3, 14): 4},
        {"f": [math.nan, math.inf, -math.inf, -0.0, 1e300]},
        [Row("Ann", date(2026, 1, 2), ("a", "b"))],
        {"c1": "\x85\x9f\x7f", "ansi": "\x1b[31m"},
        Rung.ABOVE,
        Label("x"),
        "plain",
        None,
    ],
)
def test_edge_shapes(value):
    assert json_text(value) == reference(value)


def test_what_json_cannot_hold_still_fails():
    with pytest.raises(TypeError):
        json_text({"a": [object()]})


def test_emit_json_prints_a_big_document_whole_in_chunks(capsys):
    """Runs of rows, small parts and C1 controls across many chunks: the same
    text as one json.dumps, C1 controls escaped, one newline after."""
    rows = [{"name": f"Zoë {i}\x85", "line": i, "due": None} for i in range(4000)]
    value = {"rows": rows, "nested": [[i, {"x": "\x9f", "y": [i]}] for i in range(3000)]}
    value["tail"] = rows[:3]
    emit_json(value)
    text = re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group(0)):04x}", reference(value))
    assert capsys.readouterr().out == text + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", None])
def test_emit_json_prints_the_same_text_to_any_stdout(monkeypatch, encoding):
    """UTF-8 bytes where stdout takes them (C1 controls found in the bytes),
    else text as before: the same characters either way."""
    import io
    import sys

    value = {
        "rows": [{"name": "Zoë\x85", "n": 1}, {"name": "Zoë", "n": 2}],
        "del": "\x7f",
        "a": "é",
    }
    expected = re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group(0)):04x}", reference(value))
    raw = io.BytesIO()
    out = io.StringIO() if encoding is None else io.TextIOWrapper(raw, encoding, newline="")
    monkeypatch.setattr(sys, "stdout", out)
    emit_json(value)
    emit_json({"plain": [{"a": "b"}, {"a": "c"}]})
    out.flush()
    text = out.getvalue() if encoding is None else raw.getvalue().decode(encoding)
    assert text == expected + "\n" + reference({"plain": [{"a": "b"}, {"a": "c"}]}) + "\n"


def per_person(people: Sequence[tuple[str, int]]) -> FlatRows:
    """`count` rows for each person: a batch of people may give none."""
    return FlatRows({"name": name, "n": i} for name, count in people for i in range(count))


row_batches = (
    st.lists(st.tuples(texts, st.integers(0, 2)), max_size=9).map(
        lambda people: RowBatches(per_person, people)
    )
    | st.lists(flat_rows.map(lambda rows: rows[0] if rows else {}), max_size=9).map(
        lambda rows: RowBatches(FlatRows, rows)
    )
    | st.lists(values, max_size=9).map(lambda rows: RowBatches(list, rows))
)


@settings(max_examples=examples(200))
@given(row_batches, row_batches, values, st.integers(1, 4))
def test_rows_written_a_batch_at_a_time_are_the_whole_list(first, second, value, size):
    """Batches of any size, empty ones among them, flat rows or any values,
    at any depth: the text of each list made whole, as json.dumps writes it."""
    document = {"first": first, "nested": [value, {"rows": second}], "again": first}
    whole = {"first": first.whole(), "nested": [value, {"rows": second.whole()}]}
    whole["again"] = first.whole()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonrows, "BATCH", size)
        assert json_text(document) == reference(whole)


@settings(max_examples=examples(100))
@given(st.lists(rows | values, min_size=1, max_size=4), st.integers(0, 3), st.booleans())
def test_rows_already_json_text_are_laid_out_in_their_place_at_any_depth(found, depth, laid):
    """JsonTexts, at the top level's layout or laid out for a list that is
    a value of the document (in_list: written as they are there, moved
    elsewhere), at any depth: the text of the rows, as json.dumps writes it."""
    plain = [to_json(row) for row in found]
    made = [json.dumps(row, ensure_ascii=False, indent=2) for row in plain]
    texts = JsonTexts(map(in_list, made), ITEM_INDENT) if laid else JsonTexts(made)
    document: object = {"rows": texts, "after": 1}
    whole: object = {"rows": plain, "after": 1}
    for _ in range(depth):
        document, whole = [document], [whole]
    assert json_text(document) == reference(whole)
    assert json_text(texts) == reference(plain)
