"""Frontmatter YAML composed by libyaml (PyYAML's `CSafeLoader`): what
yamlfm.read falls back on when a note's frontmatter is more than `key: value`
lines and simple lists (comments, nesting, quoting with escapes, anchors,
problems to report), and PyYAML's own YAML 1.1 reading for yamlfm's writer.
Imported by yamlfm only when one of these is needed: PyYAML costs ~15 ms to
import, in every parse worker of a cold index."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .dates import parse_date

try:  # PyYAML's own reading (YAML 1.1), and ObsidianLoader's base
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: correct, only slower
    _Loader = yaml.SafeLoader


Resolvers = dict[str, list[tuple[str, re.Pattern[str]]]]  # yamlfm.RESOLVERS
# What compose() finds: values, values as written, each key's line, problems.
Composed = tuple[dict[str, Any], dict[str, Any], dict[str, int], list[tuple[int | None, str, str]]]


class ObsidianLoader(_Loader):
    """libyaml's loader, plain scalars typed by yamlfm's resolvers."""

    def __init__(self, text: str, resolvers: Resolvers) -> None:
        super().__init__(text)
        self.resolvers = resolvers

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """PyYAML's BaseResolver.resolve for our resolvers alone (keyed by first
        character, no wildcard, no path resolvers): libyaml calls it once per
        value, and PyYAML's own copies two lists each time."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self.resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG


def compose(text: str, first_line: int, resolvers: Resolvers) -> Composed:
    """yamlfm.read of `text` through libyaml's node tree, plain scalars typed
    by `resolvers`."""
    result: Composed = ({}, {}, {}, [])
    problems = result[3]
    loader = ObsidianLoader(text, resolvers)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        problems.append((_error_line(err, first_line), "error", _yaml_message(err, text)))
        return result
    except yaml.YAMLError as err:
        problems.append((first_line, "error", f"frontmatter is not valid YAML: {err}"))
        return result
    finally:
        loader.dispose()
    if root is None:
        return result
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        problems.append(
            (
                first_line,
                "error",
                f"frontmatter is not a mapping of keys to values (it is {kind})",
            )
        )
        return result
    _Builder(result, first_line, aliases="*" in text).mapping(root)
    return result


def read_as_yaml11(source: str) -> Any:
    """What PyYAML itself (YAML 1.1) reads from `source`; None when it cannot."""
    try:
        return yaml.load(source, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _error_line(err: yaml.MarkedYAMLError, first_line: int) -> int:
    mark = err.context_mark or err.problem_mark
    return first_line + (mark.line if mark else 0)


def _yaml_message(err: yaml.MarkedYAMLError, text: str) -> str:
    problem = err.problem or "invalid YAML"
    mark = err.problem_mark
    lines = text.split("\n")
    source = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    found = source[mark.column] if mark is not None and mark.column < len(source) else ""
    if "\t" in source[: (mark.column + 1) if mark is not None else 0]:
        return "frontmatter is indented with a tab; YAML allows only spaces"
    if "cannot start any token" in problem and found:
        return f"frontmatter is not valid YAML: a value cannot start with '{found}'; quote it"
    if "mapping values are not allowed" in problem:
        return "frontmatter is not valid YAML: a value holds ': '; quote the value"
    context = f" {err.context}," if err.context else ""
    return f"frontmatter is not valid YAML:{context} {problem}"


class _Builder:
    def __init__(self, result: Composed, first_line: int, aliases: bool = True) -> None:
        self.values, self.written, self.key_lines, self.problems = result
        self.first_line = first_line
        self.aliases = aliases  # False when the text holds no `*`: no node can be reused
        self.seen: set[int] = set()
        self.key = ""

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def problem(self, node: yaml.Node, severity: str, text: str) -> None:
        self.problems.append((self.line(node), severity, text))

    def mapping(self, root: yaml.MappingNode) -> None:
        self.seen.add(id(root))
        for key_node, value_node in root.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "error", "a frontmatter key must be plain text")
                continue
            key = key_node.value
            if key in self.values:
                first = self.key_lines[key]
                self.problem(
                    key_node,
                    "error",
                    f"duplicate key '{key}' (first on line {first}; netnotes uses that one)",
                )
                continue
            self.key = key
            built = self.build(value_node)
            if built is _REJECTED:
                continue
            self.values[key], self.written[key] = built
            self.key_lines[key] = self.line(key_node)

    def build(self, node: yaml.Node) -> Any:
        """(typed value, value as written), or _REJECTED after reporting why."""
        if self.aliases:
            if id(node) in self.seen:
                self.problem(node, "error", "YAML aliases (*name) are not allowed in frontmatter")
                return _REJECTED
            self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            pairs = [self.build(child) for child in node.value]
            if any(pair is _REJECTED for pair in pairs):
                return _REJECTED
            return [p[0] for p in pairs], [p[1] for p in pairs]
        typed: dict[str, Any] = {}
        written: dict[str, Any] = {}
        for key_node, value_node in node.value:
            built = self.build(value_node)
            if built is _REJECTED:
                return _REJECTED
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            typed[key], written[key] = built
        return typed, written

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        tag = node.tag.rsplit(":", 1)[-1]
        if tag == "null":
            return None, None
        if tag == "bool":
            return text.lower() == "true", text
        if tag in ("int", "float"):
            try:
                return (int(text) if tag == "int" else float(text)), text
            except ValueError:  # only an explicit tag (`!!int abc`) gets here
                self.problem(node, "error", f"{self.key}: {text!r} is not a number")
                return text, text
        if tag == "timestamp":
            try:
                return parse_date(text), text
            except ValueError as err:
                self.problem(node, "error", f"{self.key}: {err}")
                return text, text
        return text, text


_REJECTED = object()
