"""The sandbox vault templates run in. `.netnotes/templates/` syncs with the
vault and the watcher renders it on every save, so a template is untrusted
input: besides Jinja2's sandbox (no Python internals), each render has a
budget of work, counted in operations and sizes, never in seconds, so the
same vault renders the same everywhere:

- `range()` gives at most MAX_RANGE numbers;
- all `for` loops of one render take at most MAX_LOOP_STEPS steps;
- widths (`center`, `indent`, `ljust`, format specs) are at most MAX_WIDTH;
- every string a template builds (`~`, `*`, `replace`, `join`, `format`,
  namespace values…) counts towards MAX_BUILT_CHARS;
- the output stops at MAX_OUTPUT_BYTES (render.py).

Past a limit the render stops with a SecurityError, which the renderer
reports naming the template and its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

MAX_RANGE = 10_000
MAX_LOOP_STEPS = 500_000
MAX_WIDTH = 10_000
MAX_BUILT_CHARS = 50_000_000
MAX_OUTPUT_BYTES = 20 * 1024 * 1024
_WIDE = re.compile(r"\d{5,}")  # a number in a format spec: 10,000 and up is too wide


class Budget:
    """What one render may still spend."""

    def __init__(self) -> None:
        self.steps = 0
        self.chars = 0

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise SecurityError(f"more than {MAX_LOOP_STEPS:,} loop steps in one render")

    def built(self, value: Any) -> Any:
        if isinstance(value, str):
            self.chars += len(value)
            if self.chars > MAX_BUILT_CHARS:
                raise SecurityError(
                    f"the template built more than {MAX_BUILT_CHARS:,} characters of text"
                )
        return value


_LOOP_FILTER = "netnotes_loop_steps"  # wraps every `for` loop's iterable


class _CountingCodeGenerator(CodeGenerator):
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.budget.built(")
        super().visit_Concat(node, frame)
        self.write(")")


class Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox with a budget per render (see the module's doc)."""

    code_generator_class = _CountingCodeGenerator
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.budget = Budget()
        self.globals["range"] = _limited_range
        self.globals["namespace"] = self._namespace_class()
        self.filters[_LOOP_FILTER] = self.loop_steps
        for name in ("center", "indent", "format", "replace", "join", "wordwrap", "truncate"):
            self.filters[name] = self._checked_filter(name, self.filters[name])

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's syntax tree, each `for` loop's iterable counted."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None)
            loop.iter.set_lineno(loop.lineno)
        return tree

    def new_budget(self) -> None:
        self.budget = Budget()

    def loop_steps(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self.budget.step()
            yield item

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and right > 1000:
            raise SecurityError("exponents over 1000 are not allowed")
        if operator == "*" and _repeated_size(left, right) > MAX_OUTPUT_BYTES:
            raise SecurityError("that repetition would be larger than 20 MB")
        return self.budget.built(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_str_method(__obj, args, kwargs)
        return __self.budget.built(super().call(__context, __obj, *args, **kwargs))

    def _namespace_class(self) -> type:
        sandbox = self

        class BudgetedNamespace(Namespace):
            def __setitem__(self, name: str, value: Any) -> None:
                sandbox.budget.built(value)
                super().__setitem__(name, value)

        return BudgetedNamespace

    def _checked_filter(self, name: str, original: Any) -> Any:
        """A built-in filter that can grow text, with its size checked first."""
        sandbox = self

        def checked(*args: Any, **kwargs: Any) -> Any:
            plain = [a for a in args if not isinstance(a, (nodes.EvalContext, jinja2.Environment))]
            if plain:
                subject, rest = plain[0], tuple(plain[1:])
                if name == "join" and isinstance(subject, (list, tuple)):
                    _check_join(str(rest[0]) if rest else str(kwargs.get("d", "")), subject)
                _check_growth(name, subject, rest, kwargs)
            return sandbox.budget.built(original(*args, **kwargs))

        if hasattr(original, "jinja_pass_arg"):  # called as Jinja2 calls the original
            checked.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
        return checked


def _limited_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() of more than {MAX_RANGE:,} numbers")
    return numbers


def _repeated_size(left: Any, right: Any) -> int:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * count
    return 0


def _width(value: Any) -> None:
    if isinstance(value, int) and value > MAX_WIDTH:
        raise SecurityError(f"a width over {MAX_WIDTH:,}")
    if isinstance(value, str) and len(value) > MAX_WIDTH:
        raise SecurityError(f"an indent over {MAX_WIDTH:,} characters")


def _format_spec(spec: Any) -> None:
    if isinstance(spec, str) and _WIDE.search(spec):
        raise SecurityError(f"a format with a width or precision over {MAX_WIDTH:,}")


def _replaced_size(text: str, old: str, new: str, count: int = -1) -> int:
    found = text.count(old) if old else len(text) + 1
    if count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def _check_growth(name: str, subject: Any, args: tuple, kwargs: dict) -> None:
    """Refuse, before it runs, an operation that would make a huge string."""
    if name in ("center", "ljust", "rjust", "zfill", "indent"):
        for value in (*args, *kwargs.values()):
            _width(value)
    elif name in ("format", "format_map"):
        _format_spec(subject)
        if any(isinstance(a, int) and a > MAX_WIDTH for a in args):  # `%*s`
            raise SecurityError(f"a format with a width over {MAX_WIDTH:,}")
    elif name == "expandtabs" and args and isinstance(args[0], int):
        _width(args[0] * max(1, str(subject).count("\t")))
    elif name == "replace" and isinstance(subject, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = args[2] if len(args) > 2 and isinstance(args[2], int) else -1
        if _replaced_size(subject, old, new, count) > MAX_OUTPUT_BYTES:
            raise SecurityError("that replace() would make more than 20 MB")


def _check_str_method(obj: Any, args: tuple, kwargs: dict) -> None:
    target = getattr(obj, "__wrapped__", obj)  # str.format comes wrapped by the sandbox
    subject = getattr(target, "__self__", None)
    if isinstance(subject, str):
        _check_growth(getattr(target, "__name__", ""), subject, args, kwargs)
        if getattr(target, "__name__", "") == "join":
            _check_join(subject, args[0] if args else ())


def _check_join(separator: str, items: Any) -> None:
    if isinstance(items, (list, tuple)):
        size = len(separator) * len(items) + sum(len(str(i)) for i in items)
        if size > MAX_OUTPUT_BYTES:
            raise SecurityError("that join would make more than 20 MB")
