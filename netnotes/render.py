"""Templates → text, and the writing of generated files into the vault.

Templates come from the vault's `.netnotes/templates/` first, then netnotes'
own. A vault's template runs in Jinja2's sandbox (below); netnotes' own run
without it, as netnotes' code does (see Renderer). Both have undefined names
as errors, autoescape only for HTML/XML, and receive a typed context (a
dataclass) whose fields are the template's variables. Note text is only ever
passed as values, never compiled, so `{{ 7*7 }}` in a note prints as written.

Generated files carry `generated_by: netnotes` in their frontmatter; a file
without the mark is never overwritten, and one whose bytes would not change
is not touched (no git churn, no mtime change).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

from .config import CONFIG_DIR, own_template
from .errors import NetnotesError, TemplateError, WriteRefusedError
from .naming import joined_links, shell_quoted, wikilink
from .stamp import GENERATED_MARK, has_mark, stamp
from .text import printable
from .vault import Vault


def default_templates() -> Path:
    """The packaged templates (in a wheel), or the repository's (in a checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir() and any(candidate.glob("*.j2")):
            return candidate
    return here / "templates"


# --- the sandbox ---------------------------------------------------------
#
# The sandbox vault templates run in. `.netnotes/templates/` syncs with the
# vault and the watcher renders it on every save, so a template is untrusted
# input: besides Jinja2's sandbox (no Python internals), each render has a
# budget of work, counted in operations and sizes, never in seconds, so the
# same vault renders the same everywhere:
#
# - `range()` gives at most MAX_RANGE numbers;
# - all `for` loop steps and calls (macros too) of one render number at most
#   MAX_LOOP_STEPS;
# - widths (`center`, `indent`, `ljust`, format specs) are at most MAX_WIDTH;
# - every string a template builds (`~`, `*`, `replace`, `join`, `format`,
#   namespace values…) counts towards MAX_BUILT_CHARS;
# - the output stops at MAX_OUTPUT_BYTES (Renderer._bounded).
#
# Past a limit the render stops with a SecurityError, which the renderer
# reports naming the template and its line.

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
            raise SecurityError(f"more than {MAX_LOOP_STEPS:,} loop steps and calls in one render")

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
        self._safe: dict[tuple[type, str], bool] = {}
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

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja2's answer, kept per type of object and attribute name: it
        depends on nothing else (the attribute's name and which of Python's
        internal types the object is), and a digest asks it ten thousand times."""
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

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
        __self.budget.step()  # a macro calling itself twice per level is a loop too
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


_CACHE_PATTERN = "__netnotes_sandbox2_%s.cache"  # a new sandbox compiles templates anew
_OWN_CACHE_PATTERN = "__netnotes_own1_%s.cache"  # netnotes' own, compiled without the sandbox


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates, so that a command does not compile its template
    again every run (a third of the digest's rendering). Kept in netnotes'
    cache folder, never in the vault: bytecode is code, and a vault is synced
    from elsewhere. A cache that cannot be written only makes rendering slower."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


class Renderer:
    """Renders netnotes' own templates (templates/) as they are, and a vault's
    own (.netnotes/templates/, synced from elsewhere: untrusted input) in the
    Sandbox. Trusting netnotes' own is safe: they ship with netnotes as its
    code does, their environment loads from netnotes' folder only (they
    include nothing), and the vault's text reaches them only as values. The
    sandbox's checks were half the digest's rendering."""

    def __init__(self, vault_root: Path | None, cache_dir: Path | None = None) -> None:
        own = default_templates()
        self._vault_root = vault_root
        self._vault_templates = (
            None if vault_root is None else vault_root / CONFIG_DIR / "templates"
        )
        options: dict[str, Any] = dict(
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        folders = [own] if self._vault_templates is None else [self._vault_templates, own]
        self.env = Sandbox(
            loader=jinja2.FileSystemLoader([str(f) for f in folders]),
            bytecode_cache=_bytecode_cache(cache_dir, _CACHE_PATTERN),
            **options,
        )
        self._own = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(own)),
            bytecode_cache=_bytecode_cache(cache_dir, _OWN_CACHE_PATTERN),
            **options,
        )
        self.add_filter("wikilink", wikilink)
        self.add_filter("links", joined_links)
        self.add_filter("shell_quoted", shell_quoted)

    def add_filter(self, name: str, function: Any) -> None:
        """A filter for every template, the vault's and netnotes' own."""
        self.env.filters[name] = function
        self._own.filters[name] = function

    def render(self, name: str, context: Any) -> str:
        """Render template `name` with the fields of `context` (a named tuple,
        a dataclass or a mapping) as its variables."""
        if hasattr(context, "_asdict"):
            variables = context._asdict()
        elif dataclasses.is_dataclass(context):
            variables = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
        else:
            variables = dict(context)
        try:
            if self.from_vault(name):
                text = self._bounded(self.env.get_template(name), variables)
            else:
                text = _within_limit(self._own.get_template(name).render(variables))
        except jinja2.TemplateSyntaxError as err:
            raise TemplateError(
                f"template {err.name or name} line {err.lineno}: {err.message}"
            ) from None
        except jinja2.TemplateNotFound:
            raise TemplateError(f"template {name} not found") from None
        except Exception as err:  # anything a user's template can raise while rendering
            raise TemplateError(f"template {name}{_template_line(err)}: {_describe(err)}") from None
        if text is None:
            raise TemplateError(f"template {name} produced more than 20 MB; not written")
        return printable(text)

    def from_vault(self, name: str) -> bool:
        """Whether the vault has its own template `name`, found first, as the
        sandbox's loader finds it (asked each render: the watcher sees one
        added or removed)."""
        if self._vault_root is None:
            return False
        try:
            pieces = split_template_path(name)
        except jinja2.TemplateNotFound:
            return True  # the sandbox's loader says so, in the render's words
        return own_template(self._vault_root, *pieces)

    def _bounded(self, template: jinja2.Template, variables: dict[str, Any]) -> str | None:
        """The rendered text, or None once it passes MAX_OUTPUT_BYTES: the
        render stops there, it does not run to the end first."""
        self.env.new_budget()
        parts: list[str] = []
        size = 0
        for part in template.generate(**variables):
            size += len(part)
            if size > MAX_OUTPUT_BYTES:
                return None
            parts.append(part)
        return _within_limit("".join(parts))


def _within_limit(text: str) -> str | None:
    """The text, or None when it is larger than MAX_OUTPUT_BYTES."""
    return None if len(text.encode("utf-8")) > MAX_OUTPUT_BYTES else text


def _bytecode_cache(cache_dir: Path | None, pattern: str) -> _BytecodeCache | None:
    if cache_dir is None:
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        return _BytecodeCache(str(cache_dir), pattern)
    except OSError:
        return None


def _template_line(err: BaseException) -> str:
    import traceback  # only for a template that failed

    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f" line {frame.lineno}"
    return ""


def _describe(err: BaseException) -> str:
    if isinstance(err, jinja2.exceptions.SecurityError):
        return f"refused by the sandbox: {err}"
    return str(err) or type(err).__name__


def write_generated(
    vault: Vault, relative: str, text: str, folders: set[Path] | None = None
) -> bool:
    """Write a generated file if its bytes change; True when it was written.
    The file gets its hash line (see stamp.py) under the mark. `folders`:
    see vault.atomic_write."""
    from .ourfiles import write_if_changed  # writers only: --stdout renders without it

    data = stamp(text, relative).encode("utf-8")
    if not has_mark(data):
        raise TemplateError(
            f"the template for {relative} must keep '{GENERATED_MARK}' in its frontmatter"
        )
    path = vault.path(relative)
    if not vault.contains(path.parent):  # realpath: a symlink on the way counts, made or not
        raise WriteRefusedError(f"{relative}: the output folder leads outside the vault")
    if path.is_symlink():  # written through to its target, and the link stays a link
        path = Path(os.path.realpath(path))
        if not vault.contains(path):
            raise WriteRefusedError(f"{relative} is a symlink out of the vault; not written")
    return write_if_changed(path, data, has_mark, _Generated(vault, relative, path), folders)


class _Generated:
    """A generated note's refusals and checks (ourfiles.OurFile). A plain
    class: made once per file written, never compared, and made as the module
    is imported by every rendering command (a dataclass compiles its methods
    then; a digest printed to stdout writes nothing)."""

    __slots__ = ("vault", "relative", "path")

    def __init__(self, vault: Vault, relative: str, path: Path) -> None:
        self.vault: Final = vault
        self.relative: Final = relative
        self.path: Final = path  # the file written: a symlink's target

    def unreadable(self, err: OSError) -> NetnotesError:
        return WriteRefusedError(f"{self.relative}: cannot read it ({err.strerror})")

    def not_ours(self) -> NetnotesError:
        return WriteRefusedError(
            f"{self.relative} exists and was not written by netnotes (no '{GENERATED_MARK}' in "
            "its frontmatter); move it away or set output_dir in .netnotes/config.toml"
        )

    def changing(self) -> None:
        from .gitsync import guard_output  # writers only: it imports subprocess (~7 ms)

        guard_output(self.vault)

    def ready(self) -> None:
        self.vault.refuse_during_git(self.relative)
        if not self.vault.root.is_dir():
            raise WriteRefusedError(
                f"not writing {self.relative}: the vault folder {self.vault.root} is gone"
            )
        parent = self.path.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WriteRefusedError(f"cannot create {parent}: {err.strerror}") from None
        from .gitsync import mark_published

        mark_published(self.vault)
