"""A parsed note as the records the index stores, and the model it stands for."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]

from .models import PLAN, Hidden, Problem
from .models_note import ContactInfo, Interaction, Item, Link, Mention, Note, Section
from .text import section_text


@dataclass(slots=True)
class Parsed:
    """A parsed note. What the body says is kept as plain tuples in the index's
    row layout (ISO dates, JSON lists of link targets): building a frozen
    model object per line and converting it back into a row cost more than
    the rest of indexing. `note()` gives the model, for everyone else.

    interactions: (line, end_line, date, title, kind, in_person, origin, targets)
    items:        (line, type, text, date, targets, is_task, done, due, waiting,
                   sensitive, in_section, owners)
                  owners: the links of the line it is indented under (or of the
                  daily-note heading it is under), whose it is unless it says
    mentions:     (line, date, text, targets)
    links:        (line, target, embed, in_frontmatter)
    sections:     (line, end_line, date); each one's text: texts()
    hidden:       (line, end_line, what, closed): comments and code blocks
    opening:      (line, text): the opening text, as `Note.opening`
    """

    path: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    contact: ContactInfo | None = None
    details: dict[str, object] = field(default_factory=dict)
    date: date | None = None
    attendees: tuple[str, ...] = ()
    meeting_kind: str | None = None
    groups: tuple[str, ...] = ()
    interactions: list[tuple] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    sections: list[tuple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    conflicted: bool = False
    hidden: list[tuple] = field(default_factory=list)
    opening: list[tuple] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the text's lines, as parsed

    def note(self) -> Note:
        return Note(
            path=self.path,
            kind=self.kind,
            name=self.name,
            aliases=self.aliases,
            tags=self.tags,
            contact=self.contact,
            details=self.details,
            date=self.date,
            attendees=self.attendees,
            meeting_kind=self.meeting_kind,
            groups=self.groups,
            interactions=tuple(
                # An interaction always has a date (a dated heading, a meeting's or a
                # daily note's), so its ISO string is never empty.
                Interaction(
                    line,
                    end,
                    date.fromisoformat(when),
                    title,
                    kind,
                    in_person,
                    _targets(targets),
                    origin == PLAN,
                )
                for line, end, when, title, kind, in_person, origin, targets in self.interactions
            ),
            items=tuple(_item(row) for row in self.items),
            mentions=tuple(
                Mention(line, _day(when), text, _targets(targets))
                for line, when, text, targets in self.mentions
            ),
            links=tuple(
                Link(target, line, embed, in_frontmatter)
                for line, target, embed, in_frontmatter in self.links
            ),
            sections=tuple(
                Section(line, end, _day(when), text)
                for (line, end, when), text in zip(self.sections, self.texts())
            ),
            problems=tuple(self.problems),
            conflicted=self.conflicted,
            hidden=tuple(Hidden(*row) for row in self.hidden),
            opening=tuple(self.opening),
        )

    def texts(self) -> list[str]:
        """Each section's text, as the full-text index holds it."""
        return [section_text(self.lines, line, end) for line, end, _ in self.sections]


def _item(row: tuple) -> Item:
    line, type_, text, when, targets, is_task, done, due, waiting, sensitive, in_section, owners = (
        row
    )
    return Item(
        line,
        type_,
        text,
        _day(when),
        _targets(targets),
        is_task,
        done,
        _day(due),
        waiting,
        sensitive,
        in_section,
        _targets(owners),
    )


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _targets(encoded: str) -> tuple[str, ...]:
    return tuple(json.loads(encoded)) if encoded != "[]" else ()


@functools.lru_cache(maxsize=4096)
def targets_json(targets: tuple[str, ...]) -> str:
    """Link targets as the index stores them; the same few recur line after line."""
    return flat_json(list(targets)) if targets else "[]"


# The C encoder JSONEncoder(ensure_ascii=False).encode (and json.dumps with
# that option) makes on every call (~1.4 us each: two calls a note, and a
# meeting's attendees' targets, ~16,000 not remembered at 10,000 contacts),
# made once: without a check for circular references, as what it writes are
# the parser's own lists of text and flat tuples of numbers, text and
# flags, never a container holding itself.
_flat = c_make_encoder(None, None, encode_basestring, None, ": ", ", ", False, False, True)


def flat_json(values: list) -> str:
    """JSONEncoder(ensure_ascii=False).encode(values), for a list of text or
    of flat tuples."""
    return "".join(_flat(values, 0))


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
