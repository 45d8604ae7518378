"""Immutable values at the cost of plain ones. `@immutable` makes a slotted
dataclass hashed by its fields that type checkers hold frozen (PEP 681's
dataclass_transform): assigning a field is a mypy error, as it was when
these classes were frozen, but Python does not check it when running. A
frozen dataclass sets each field through object.__setattr__ when made,
several times the cost of a plain one for every one of the thousands of
contacts, touches and items a command reads, and compiles two more methods
when its class is made (before a reading command's first query)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def immutable(cls: type[T]) -> type[T]:
    """A class of values no one changes once made, hashed by its fields."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


@dataclass_transform(frozen_default=True)
def immutable_unhashed(cls: type[T]) -> type[T]:
    """An immutable value a command makes once (its settings): compared and
    shown by its fields, never hashed, and not slotted, so that making the
    class compiles no __hash__ and makes no second class (slots=True copies
    the class to add its slots)."""
    return dataclass(cls)
