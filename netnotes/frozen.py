"""Making many frozen model objects fast.

A frozen dataclass's `__init__` sets each field through `object.__setattr__`
(to get past its own `__setattr__`, which refuses): at 10,000 contacts the
digest makes ~50,000 model objects, and that path was half of making each.
`maker(cls)` gives a function that makes the same object, each field set
straight through its slot, so that the object is the one `cls(...)` would
make (equal, hashed and shown alike, still frozen after).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """A function taking every field of `cls`, positionally and in order, and
    giving cls(*fields). Only for a slotted dataclass whose fields are all
    arguments of its __init__ and which has no __post_init__ (checked)."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = [f.name for f in fields]
    if (
        not all(f.init for f in fields)
        or hasattr(cls, "__post_init__")
        or "__slots__" not in cls.__dict__
    ):
        raise TypeError(f"maker() cannot make {cls.__name__} as its __init__ would")
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    scope.update({f"_set_{name}": cls.__dict__[name].__set__ for name in names})
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    source = f"def make({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n"
    exec(source, scope)  # straight-line code, as dataclasses writes __init__
    make: Callable[..., T] = scope["make"]
    make.__qualname__ = make.__name__ = f"make_{cls.__name__}"
    return make
