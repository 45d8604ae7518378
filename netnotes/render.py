"""Templates → text, and the writing of generated files into the vault.

Templates come from the vault's `.netnotes/templates/` first, then netnotes'
own. They run in Jinja2's sandbox with undefined names as errors, autoescape
only for HTML/XML, and receive a typed context (a dataclass) whose fields are
the template's variables. Note text is only ever passed as values, never
compiled, so `{{ 7*7 }}` in a note prints as written.

Generated files carry `generated_by: netnotes` in their frontmatter; a file
without the mark is never overwritten, and one whose bytes would not change
is not touched (no git churn, no mtime change).
"""

from __future__ import annotations

import dataclasses
import os
import re
import traceback
from pathlib import Path
from typing import Any

import jinja2

from .errors import TemplateError, WriteRefusedError
from .gitsync import guard_output, mark_published
from .naming import shell_quoted, wikilink
from .sandbox import MAX_OUTPUT_BYTES, Sandbox
from .stamp import stamp
from .text import printable
from .vault import Vault, atomic_write

GENERATED_MARK = "generated_by: netnotes"
_MARK = re.compile(
    r"\A\ufeff?---\r?\n(?:.*\r?\n)*?generated_by:\s*netnotes\s*\r?\n(?:.*\r?\n)*?---", re.M
)


def default_templates() -> Path:
    """The packaged templates (in a wheel), or the repository's (in a checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir() and any(candidate.glob("*.j2")):
            return candidate
    return here / "templates"


_CACHE_PATTERN = "__netnotes_sandbox2_%s.cache"  # a new sandbox compiles templates anew


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
    def __init__(self, vault_root: Path | None, cache_dir: Path | None = None) -> None:
        folders = [default_templates()]
        if vault_root is not None:
            folders.insert(0, vault_root / ".netnotes" / "templates")
        cache = None
        if cache_dir is not None:
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                cache = _BytecodeCache(str(cache_dir), _CACHE_PATTERN)
            except OSError:
                pass
        self.env = Sandbox(
            loader=jinja2.FileSystemLoader([str(f) for f in folders]),
            bytecode_cache=cache,
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["wikilink"] = wikilink
        self.env.filters["shell_quoted"] = shell_quoted

    def render(self, name: str, context: Any) -> str:
        """Render template `name` with the fields of `context` as its variables."""
        variables = (
            {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
            if dataclasses.is_dataclass(context)
            else dict(context)
        )
        try:
            text = self._bounded(self.env.get_template(name), variables)
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
        text = "".join(parts)
        return None if len(text.encode("utf-8")) > MAX_OUTPUT_BYTES else text


def _template_line(err: BaseException) -> str:
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f" line {frame.lineno}"
    return ""


def _describe(err: BaseException) -> str:
    if isinstance(err, jinja2.exceptions.SecurityError):
        return f"refused by the sandbox: {err}"
    return str(err) or type(err).__name__


def has_mark(data: bytes) -> bool:
    return bool(_MARK.match(data.decode("utf-8", "replace")))


def write_generated(vault: Vault, relative: str, text: str) -> bool:
    """Write a generated file if its bytes change; True when it was written.
    The file gets its hash line (see stamp.py) under the mark."""
    data = stamp(text, relative).encode("utf-8")
    if not has_mark(data):
        raise TemplateError(
            f"the template for {relative} must keep '{GENERATED_MARK}' in its frontmatter"
        )
    guard_output(vault)
    path = vault.path(relative)
    if not vault.contains(path.parent):  # realpath: a symlink on the way counts, made or not
        raise WriteRefusedError(f"{relative}: the output folder leads outside the vault")
    if path.is_symlink():  # written through to its target, and the link stays a link
        path = Path(os.path.realpath(path))
        if not vault.contains(path):
            raise WriteRefusedError(f"{relative} is a symlink out of the vault; not written")
    try:
        existing: bytes | None = path.read_bytes()
    except FileNotFoundError:
        existing = None
    except OSError as err:
        raise WriteRefusedError(f"{relative}: cannot read it ({err.strerror})") from None
    if existing == data:
        return False
    if existing is not None and not has_mark(existing):
        raise WriteRefusedError(
            f"{relative} exists and was not written by netnotes (no '{GENERATED_MARK}' in its "
            "frontmatter); move it away or set output_dir in .netnotes/config.toml"
        )
    vault.refuse_during_git(relative)
    if not vault.root.is_dir():
        raise WriteRefusedError(f"not writing {relative}: the vault folder {vault.root} is gone")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WriteRefusedError(f"cannot create {path.parent}: {err.strerror}") from None
    mark_published(vault)
    atomic_write(path, data, expected=existing)
    return True
