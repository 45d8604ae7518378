"""frozen.maker makes the very object the class would: equal, hashed and
shown alike, and still frozen."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from conftest import a_contact
from netnotes.dates import Cadence
from netnotes.digest_rows import FollowUp, PersonLink
from netnotes.frozen import maker
from netnotes.models import OwnedItem, Touch
from netnotes.people import Standing

ADA = PersonLink("Ada", "People/Ada.md", "[[Ada]]")
MODELS = [
    a_contact("Ada", tags=("vip",), met=date(2025, 1, 2), details={"x": 1}),
    Touch("People/Ada.md", "People/Ada.md", 3, 4, date(2026, 1, 1), "Call", "call", False, "c"),
    OwnedItem("P/A.md", "P/A.md", 5, "task", "Send", None, True, False, None, False, False, True),
    Standing(a_contact("Bo"), None, date(2025, 5, 1), Cadence(3, "m"), None),
    FollowUp((ADA,), "People/Ada.md", 7, "Send", date(2026, 1, 1), True, 3, "3 days", None),
    ADA,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_a_made_object_is_the_one_its_class_makes(model):
    cls = type(model)
    values = [getattr(model, f.name) for f in dataclasses.fields(cls)]
    made = maker(cls)(*values)
    assert type(made) is cls and made == model and repr(made) == repr(model)
    try:
        assert hash(made) == hash(model)
    except TypeError:  # a Contact holds a dict: unhashable, made either way
        with pytest.raises(TypeError):
            hash(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, None)


def test_a_class_it_cannot_make_as_its_init_would_is_refused():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            assert self.value > 0

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        value: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Counted:
        value: int
        seen: int = dataclasses.field(default=0, init=False)

    for cls in (Checked, Unslotted, Counted):
        with pytest.raises(TypeError, match="cannot make"):
            maker(cls)
