"""One note's text → a Note. Pure: no file system, no clock, never raises on
any text; every problem becomes a Problem with its line. This is the only
module that knows the vault format (DESIGN.md §2–3)."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import yamlfm
from .daily import CONVERSATION, PLAN, read_daily_line
from .dateish import iso_heading, loose_date
from .dates import parse_birthday, parse_cadence, parse_date
from .inline import (
    CONTROL_TAGS,
    HEADING,
    KINDS,
    LIST_ITEM,
    canonical_kind,
    comment_left_open,
    display_links,
    is_in_person,
    kind_of,
    link_target,
    links_in,
    parse_task,
    personal_field,
    shown_text,
    strip_tags,
    tags_in,
    visible_text,
)
from .models import (
    ASK,
    CODE,
    COMMENT,
    CONTACT,
    DAILY,
    ERROR,
    GROUP,
    MEETING,
    OTHER,
    PERSONAL,
    TASK,
    TEMPLATE,
    WARNING,
    ContactInfo,
    Hidden,
    Interaction,
    Item,
    Link,
    Mention,
    Note,
    ParseContext,
    Problem,
    Section,
    note_stem,
)
from .properties import property_key
from .schedule import ScheduleError, parse_schedule

_CONFLICT = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: |$)|^={7}$")
# What is left of `- [ ] %% private %%` once its comment is out: nothing to show.
_BARE_ITEM = re.compile(r"(?:[-*+]|\d+[.)])(?:[ \t]+\[.\])?[ \t]*")
_DATED = re.compile(r"^\[*(\d{4}-\d{2}-\d{2})\]*(?![\dT]|:\d)\s*(?:[—–\-:·|]+\s*)?(.*)$")
_DUE_INSIDE = re.compile("[\U0001f4c5\U0001f4c6\U0001f5d3]\ufe0f?\\s*\\d{4}-\\d{2}-\\d{2}")
_LEADING_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:\s*[—–\-:·]\s*|\s+|$)")
_ATTENDEE_KEYS = ("with", "attendees", "people", "participants", "contacts", "person")
_CONTACT_TYPES = frozenset({"person", "contact", "people"})
_CONTACT_TAGS = frozenset({"person", "people", "contact"})
# `type:` values that say a note is no person, wherever it lives; others
# (`type: friend`) leave the folder and the tags to decide.
_OTHER_TYPES = frozenset(
    "company organization organisation org business employer project group team meeting"
    " event interaction call conference note topic place location book article daily"
    " journal template area resource".split()
)
_MEETING_TYPES = frozenset({"meeting", "event", "interaction", "call", "conference"})
# What `import ics` writes under a heading: what the calendar said, and the
# event's UID. Other people's words, never personal items, asks or tasks.
EVENT_UID_FIELD = "event_uid"
_CALENDAR_LINE = re.compile(r"[ \t]*[-*+][ \t]+(calendar|event_uid)::(.*)", re.I)
LADDER = ("above", "peer", "below")
STATUSES = ("active", "paused", "archived")


def parse_note(path: str, text: str, context: ParseContext | None = None) -> Note:
    return parse_records(path, text, context or ParseContext()).note()


def parse_records(path: str, text: str, context: ParseContext) -> Parsed:
    """The same parse as `parse_note`, as the records the index stores (see
    `Parsed`): what indexing a vault runs on."""
    return _Parser(path, text, context).parse()


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
    sections:     (line, end_line, date), and each one's text in `texts`
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
    texts: list[str] = field(default_factory=list)
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
                for (line, end, when), text in zip(self.sections, self.texts)
            ),
            problems=tuple(self.problems),
            conflicted=self.conflicted,
            hidden=tuple(Hidden(*row) for row in self.hidden),
            opening=tuple(self.opening),
        )


def calendar_line(raw: str) -> tuple[str, str] | None:
    """`- calendar:: Tartine` → ("calendar", "Tartine"); `- event_uid:: 0f3a@google.com`
    → ("event_uid", "0f3a@google.com"); None for any other line."""
    match = _CALENDAR_LINE.match(raw) if "::" in raw else None
    return (match.group(1).lower(), match.group(2).strip()) if match else None


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
def _json(targets: tuple[str, ...]) -> str:
    """Link targets as the index stores them; the same few recur line after line."""
    return json.dumps(list(targets), ensure_ascii=False) if targets else "[]"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class _Parser:
    def __init__(self, path: str, text: str, context: ParseContext) -> None:
        self.path = path
        self.context = context
        text = text.lstrip("\ufeff")
        lines = text.split("\n")
        self.lines = [line.rstrip("\r") for line in lines] if "\r" in text else lines
        self.result = Parsed(path, OTHER, note_stem(path), lines=self.lines)
        self.problems = self.result.problems
        self.links = self.result.links
        self.items = self.result.items
        self.interactions = self.result.interactions
        self.mentions = self.result.mentions
        self.sections = self.result.sections
        self.texts = self.result.texts
        self.hidden = self.result.hidden
        self.opening: list[tuple] | None = self.result.opening  # None once it has ended
        self.conflict_line: int | None = None
        # Lines that link people, whose indented lines (children) are theirs:
        # [indent, targets as JSON, its interaction's index or None, last child line]
        self.parents: list[list[Any]] = []
        # A daily-note heading that opens with a kind and links people: the same,
        # with its level in place of an indent.
        self.heading_owner: list[Any] | None = None

    def problem(self, line: int | None, severity: str, text: str, detail: str | None = None):
        self.problems.append(Problem(self.path, line, severity, text, detail))

    # --- frontmatter ---------------------------------------------------

    def parse(self) -> Parsed:
        result = self.result
        end, lint = yamlfm.frame(self.lines)
        for line, severity, text in lint:
            self.problem(line, severity, text)
        front = yamlfm.Frontmatter()
        if end is not None:
            front = yamlfm.load("\n".join(self.lines[1:end]), first_line=2)
            for line, severity, text in front.problems:
                self.problem(line, severity, text)
        body_start = 0 if end is None else end + 1
        values = {normal_key(key): value for key, value in reversed(front.values.items())}
        lines_of = {normal_key(key): line for key, line in reversed(front.key_lines.items())}
        result.details = {
            key: _unflow(value) if isinstance(value, list) else value
            for key, value in front.written.items()
        }
        stem = result.name
        if end is not None and any("<%" in line for line in self.lines[1:end]):
            # A Templater template: placeholders in its properties. A note that
            # merely mentions `<% tp… %>` in its body is still a note.
            self.problems.clear()
            result.kind = TEMPLATE
            return result
        self._frontmatter_links(front)
        tags = self._tags(values.get("tags"), lines_of.get("tags"))
        kind, note_date, attendees = self._classify(values, lines_of, tags)
        name = stem
        if kind == CONTACT:
            name = _text(values.get("name")) or stem
        elif self._shown_title(values, lines_of):
            name = self._shown_title(values, lines_of)
        elif kind == MEETING:
            name = _LEADING_DATE.sub("", stem).strip() or stem
        self.kind, self.note_date, self.note_date_value = kind, _iso(note_date), note_date
        self.origin = kind if kind in (CONTACT, MEETING) else DAILY
        self._body(body_start)
        meeting_kind = None
        if kind == MEETING and note_date is not None:
            meeting_kind = self._meeting_kind(values, name)
            self.interactions.insert(
                0,
                (
                    1,
                    len(self.lines),
                    self.note_date,
                    name,
                    meeting_kind,
                    is_in_person(meeting_kind),
                    MEETING,
                    _json(attendees),
                ),
            )
        if self.conflict_line is not None:
            self.problem(
                self.conflict_line,
                ERROR,
                "unresolved git conflict (<<<<<<< … >>>>>>>); netnotes will not write here until you"
                " resolve it, and then there is nothing to run: `watch` or the next command sees it",
            )
        result.kind, result.name, result.tags = kind, name, tags
        result.date, result.attendees, result.meeting_kind = note_date, attendees, meeting_kind
        if kind == CONTACT:
            result.aliases = self._aliases(values.get("aliases"))
            result.contact = self._contact(values, lines_of)
        elif kind == GROUP:
            result.aliases = self._aliases(values.get("aliases"))
            self._group(values, lines_of)
        elif kind == MEETING:
            result.groups = self._attendees(values["groups"]) if values.get("groups") else ()
        result.conflicted = self.conflict_line is not None
        return result

    def _shown_title(self, values: dict[str, Any], lines_of: dict[str, int]) -> str:
        """`title:` as any output may show it: comments out; nothing when it is
        #sensitive, on the value or on its line (YAML takes an unquoted
        `# sensitive` for a comment), so the file name stands in (DESIGN §9)."""
        title = values.get("title")
        if not isinstance(title, str):
            return ""
        line = lines_of.get("title")
        raw = self.lines[line - 1] if line and line <= len(self.lines) else ""
        if "sensitive" in tags_in(title) or "sensitive" in tags_in(raw.partition(":")[2]):
            return ""
        return visible_text(title).strip()

    def _frontmatter_links(self, front: yamlfm.Frontmatter) -> None:
        for key, value in front.written.items():
            if isinstance(value, str):  # the common case, without a generator
                texts: tuple[str, ...] | list[str] = (value,) if "[[" in value else ()
            else:
                texts = [text for text in _strings(_unflow(value)) if "[[" in text]
            for text in texts:
                for target, embed in links_in(text):
                    self.links.append((front.key_lines[key], target, embed, True))

    def _tags(self, value: Any, line: int | None) -> tuple[str, ...]:
        raw = value if isinstance(value, list) else [value] if value is not None else []
        if any(item is None for item in raw):
            self.problem(
                line,
                WARNING,
                "a tag in `tags:` is empty: `#` starts a YAML comment, so write tags without #",
            )
        tags: list[str] = []
        for item in raw:
            if item is None or isinstance(item, (list, dict)):
                continue
            for part in str(item).replace(",", " ").split():
                tag = part.lstrip("#").strip().lower()
                if tag and tag not in tags:
                    tags.append(tag)
        return tuple(tags)

    def _classify(self, values: dict[str, Any], lines_of: dict[str, int], tags: tuple[str, ...]):
        """DESIGN.md §2: `type:` first, then a meeting's keys, then the folder and tags."""
        people = self.context.people_dir.strip("/").casefold()
        in_people = bool(people) and self.path.casefold().startswith(people + "/")
        typed = _text(values.get("type")).casefold()
        if typed == GROUP:
            return GROUP, None, ()
        if typed in _CONTACT_TYPES:
            return CONTACT, None, ()
        attendee_key = next((k for k in _ATTENDEE_KEYS if values.get(k)), None)
        if typed in _OTHER_TYPES and typed not in _MEETING_TYPES:
            attendee_key = None  # a company's `contacts:` are no attendees
        meeting_keys = "date" in values and attendee_key is not None
        people_place = in_people or _CONTACT_TAGS.intersection(tags)
        if typed not in _OTHER_TYPES and people_place and not meeting_keys:
            return CONTACT, None, ()
        if attendee_key is not None and "date" in values:
            when = self._date_value(values["date"], "date", lines_of.get("date"), ERROR)
            if when is not None:
                attendees = self._attendees(values[attendee_key])
                for target in attendees:
                    self.links.append((lines_of[attendee_key], target, False, True))
                return MEETING, when, attendees
        if self.path.lower().startswith("groups/"):
            return GROUP, None, ()
        daily = self.context.daily_date(self.path)
        if daily is not None:
            return DAILY, daily, ()
        return OTHER, None, ()

    def _attendees(self, value: Any) -> tuple[str, ...]:
        found: list[str] = []
        for entry in value if isinstance(value, list) else [value]:
            entry = _unflow(entry)
            if not isinstance(entry, str):
                continue
            targets = [target for target, _ in links_in(entry)]
            if not targets:
                targets = [part.strip() for part in entry.split(",")]
            found += [target for target in targets if target and target not in found]
        return tuple(found)

    def _meeting_kind(self, values: dict[str, Any], title: str) -> str | None:
        """`kind:`, else the title's; never `type:`, which says what the note is."""
        return canonical_kind(_text(values.get("kind"))) or kind_of(title)

    def _aliases(self, value: Any) -> tuple[str, ...]:
        raw = value if isinstance(value, list) else [value] if value else []
        return tuple(dict.fromkeys(_text(item) for item in raw if _text(item)))

    def _contact(self, values: dict[str, Any], lines_of: dict[str, int]) -> ContactInfo:
        ladder = _text(values.get("ladder")).lower() or None
        if ladder and ladder not in LADDER:
            self.problem(
                lines_of.get("ladder"), WARNING, f"ladder: '{ladder}' is not above, peer or below"
            )
            ladder = None
        status = _text(values.get("status")).lower() or "active"
        if status not in STATUSES:
            self.problem(
                lines_of.get("status"),
                WARNING,
                f"status: '{status}' is not active, paused or archived; read as active",
            )
            status = "active"
        cadence = self._cadence_value(values, "cadence", lines_of)
        meet_every = self._cadence_value(values, "meet_every", lines_of)
        birthday = None
        if values.get("birthday") is not None:
            try:
                birthday = str(parse_birthday(values["birthday"]))
            except ValueError as err:
                self.problem(lines_of.get("birthday"), WARNING, f"birthday: {err}")
        groups = values.get("groups")
        groups_list = groups if isinstance(groups, list) else [groups] if groups else []
        email = values.get("email")
        return ContactInfo(
            ladder=ladder,
            company=_text(values.get("company")) or None,
            role=_text(values.get("role") or self._title_as_role(values.get("title"), values))
            or None,
            status=status,
            cadence=cadence,
            snooze=self._date_value(values.get("snooze"), "snooze", lines_of.get("snooze")),
            met=self._date_value(values.get("met"), "met", lines_of.get("met")),
            how_met=_text(values.get("how_met")) or None,
            birthday=birthday,
            groups=tuple(_text(g) for g in groups_list if _text(g)),
            email=_text(email[0] if isinstance(email, list) and email else email) or None,
            meet_every=meet_every,
        )

    def _cadence_value(
        self, values: dict[str, Any], key: str, lines_of: dict[str, int]
    ) -> str | None:
        if values.get(key) is None:
            return None
        try:
            return str(parse_cadence(values[key]))
        except ValueError as err:
            self.problem(lines_of.get(key), WARNING, f"{key}: {err}")
            return None

    def _group(self, values: dict[str, Any], lines_of: dict[str, int]) -> None:
        """A group note: an unreadable `meets:` is an error (no meeting can be
        planned from it); a bad `until:`, `start:` or `skip:` day a warning."""
        if values.get("meets") is not None:
            try:
                parse_schedule(values["meets"])
            except ScheduleError as err:
                self.problem(lines_of.get("meets"), ERROR, str(err))
        for key in ("until", "start", "since"):
            self._date_value(values.get(key), key, lines_of.get(key))
        skip = values.get("skip")
        for day in skip if isinstance(skip, list) else [skip]:
            self._date_value(day, "skip", lines_of.get("skip"))

    def _title_as_role(self, title: Any, values: dict[str, Any]) -> Any:
        """`title: VP Engineering` is a role; `title: Jane Doe` is only the note's name."""
        name = _text(values.get("name")) or self.result.name
        return None if _text(title).casefold() == name.casefold() else title

    def _date_value(self, value: Any, key: str, line: int | None, severity: str = WARNING):
        if value is None or value == "":
            return None
        try:
            return parse_date(value)
        except ValueError as err:
            if not any(p.line == line for p in self.problems):  # YAML may have said it
                impossible = str(err).startswith("impossible")
                self.problem(line, ERROR if impossible else severity, f"{key}: {err}")
            return None

    # --- body ----------------------------------------------------------

    def _body(self, start: int) -> None:
        """One pass over the lines. Plain prose (most lines) costs a few `in`
        tests; only lines with markup go through the slower paths. A line of
        only spaces counts as blank."""
        # Headings still open: level, the date in force under it, under Personal?
        self.headings: list[tuple[int, str | None, bool]] = []
        self.open: list[list[Any]] = []  # interactions still open: level, line, date, title, kind
        self.in_personal = False
        self.date = self.note_date
        self.section_start, self.section_date = start + 1, self.note_date
        self.last_content = start
        fence = comment = None
        opened = 0  # the line the open fence or comment started on
        for number, raw in enumerate(self.lines[start:], start + 1):
            if not raw:
                continue
            if fence:
                if raw.lstrip().startswith(fence):
                    fence = None
                    self.hidden.append((opened, number, CODE, True))
                continue
            if comment:
                if comment in raw:  # the rest of a closing line may open one again
                    comment = comment_left_open(raw[raw.index(comment) + len(comment) :])
                    if not comment:
                        self.hidden.append((opened, number, COMMENT, True))
                continue
            if raw[0] in "<=>|" and _CONFLICT.match(raw):
                self.conflict_line = self.conflict_line or number
                continue
            if self.parents and not raw.isspace():
                self._under_parents(raw, number)
            if not (
                self.in_personal
                or "[" in raw
                or "#" in raw
                or ":" in raw
                or "%%" in raw
                or "<" in raw
                or "`" in raw
                or "~" in raw
            ):
                if not raw.isspace():
                    self.last_content = number
                    if self.opening is not None:
                        self.opening.append((number, raw.strip()))
                continue
            stripped = raw.lstrip()
            if not stripped:
                continue
            first = stripped[0]
            if first in "`~" and stripped[:3] in ("```", "~~~"):
                fence, opened = stripped[:3], number
                continue
            if "%%" in raw or "<!--" in raw:  # a comment needs one of these
                comment = comment_left_open(raw)
                raw = shown_text(raw)
                stripped = raw.lstrip()
                bare = not stripped or _BARE_ITEM.fullmatch(stripped) is not None
                if comment:
                    opened = number if bare else number + 1
                if bare:
                    if not comment:
                        self.hidden.append((number, number, COMMENT, True))
                    continue
                first = stripped[0]
            if first == "#":
                heading = HEADING.match(raw)
                if heading:
                    self._heading(number, len(heading.group(1)), heading.group(2))
                    continue
            self.last_content = number
            if self.opening is not None:
                self._opening_line(number, stripped)
            if self.in_personal or "[" in raw or "#" in raw or "::" in raw:
                self._content(number, raw, stripped)
        if fence or comment:  # opened on the last line: that line, so `log` still refuses
            last = len(self.lines)
            self.hidden.append((min(opened, last), last, CODE if fence else COMMENT, False))
        self._close_children()
        self._close_interactions(0)
        self._flush_section(len(self.lines) + 1)

    def _opening_line(self, number: int, stripped: str) -> None:
        """A line of the opening text, unless it is #sensitive."""
        if "#" not in stripped or "sensitive" not in tags_in(visible_text(stripped)):
            assert self.opening is not None
            self.opening.append((number, stripped.rstrip()))

    def _end_opening(self, level: int) -> None:
        """The opening text runs to the first heading, a leading `# Title` aside."""
        if self.opening is not None and (level > 1 or self.opening or self.headings):
            self.opening = None

    def _heading(self, number: int, level: int, text: str) -> None:
        self._end_opening(level)
        self._close_children(level)
        self._close_interactions(level)
        headings = self.headings
        while headings and headings[-1][0] >= level:
            headings.pop()
        self._flush_section(number)
        dated = _DATED.match(text) if text[:1].isdigit() or text[:1] == "[" else None
        when = None
        if dated:
            try:
                when = parse_date(dated.group(1)).isoformat()
            except ValueError as err:
                self.problem(number, ERROR, f"heading: {err}")
        elif self.kind == CONTACT:
            self._dateish_heading(number, level, text)
        # Only "P" lowers to "p": a cheap test before the exact one.
        personal = text.lstrip()[:1] in ("P", "p") and _is_personal_heading(text)
        if headings:
            in_force, personal = when or headings[-1][1], personal or headings[-1][2]
        else:
            in_force = when or self.note_date
        headings.append((level, in_force, personal))
        self.in_personal = personal
        self.date = self.section_date = in_force
        self.section_start = self.last_content = number
        visible = visible_text(text)
        if when is not None and dated is not None and self.kind == CONTACT:
            title = dated.group(2)
            title = (display_links(title) if "[[" in title else title).strip()
            kind = kind_of(visible)
            if "#" in title:  # "### 2026-11-22 #call": the tag names the kind, not the title
                title = strip_tags(title, KINDS)
                if "sensitive" in tags_in(visible):  # never a title: its kind stands in
                    title = kind or ""
            self.open.append([level, number, when, title, kind])
        if "[[" in visible:
            found = self._line_links(number, visible)
            if self.kind == DAILY and found:  # "## Lunch with [[Bob]]" counts like a list line
                tags = tags_in(visible)
                at = self._daily_line(number, text.strip(), visible, tags, found, None)
                targets = tuple(dict.fromkeys(t for t, embed in found if not embed))
                opening = visible[: visible.find("[[")]
                if targets and (at is not None or kind_of(opening, tags)):
                    self.heading_owner = [level, _json(targets), at, number]
        if "#" in visible and dated is None and "sensitive" in tags_in(visible):
            self._sensitive_heading(number, text, visible)

    def _sensitive_heading(self, number: int, text: str, visible: str) -> None:
        """A heading marked #sensitive is, like any such line, a personal item to
        handle with care: never shown as a plain line of a conversation."""
        targets = tuple(dict.fromkeys(t for t, embed in links_in(visible) if not embed))
        self.items.append(
            (
                number,
                PERSONAL,
                strip_tags(text, CONTROL_TAGS),
                self.date,
                _json(targets),
                False,
                False,
                None,
                False,
                True,
                self.in_personal,
                self._owners(),
            )
        )

    def _dateish_heading(self, number: int, level: int, text: str) -> None:
        """`### 2026-9-28 — Email intro` is no conversation: say so, with the ISO form."""
        found = loose_date(text)
        if found is None:
            return
        if "sensitive" in tags_in(visible_text(text)):  # its place and date, never its words
            self.problem(
                number,
                WARNING,
                "a #sensitive heading opens with a date that is not read as one;"
                f" write it as {found[0].isoformat()} to make it a conversation",
            )
            return
        fixed = f"{'#' * level} {iso_heading(*found)}"
        self.problem(
            number,
            WARNING,
            f"heading '{text.strip()}' looks like a date but is not read as one;"
            f" write '{fixed}' to make it a conversation",
        )

    def _late_due_date(self, number: int, text: str) -> None:
        """`- [ ] 📅 2026-10-15 Send …`: the Tasks plugin reads a due date only at the end."""
        found = _DUE_INSIDE.search(text)
        if found:
            self.problem(
                number,
                WARNING,
                f"the due date {found.group(0).strip()} is not at the end of the task, where"
                " the Tasks plugin (and netnotes) read it; move it to the end of the line",
            )

    def _under_parents(self, raw: str, number: int) -> None:
        """A line ends the children of every line it is not indented under;
        it is a child of the others."""
        depth = _indent(raw)
        parents = self.parents
        while parents and parents[-1][0] >= depth:
            self._end_parent(parents.pop())
        for parent in parents:
            parent[3] = number

    def _close_children(self, level: int = 0) -> None:
        while self.parents:
            self._end_parent(self.parents.pop())
        owner = self.heading_owner
        if owner is not None and owner[0] >= level:
            owner[3] = max(owner[3], self.last_content)
            self._end_parent(owner)
            self.heading_owner = None

    def _end_parent(self, parent: list[Any]) -> None:
        """A conversation line's children are part of it: it ends at its last child."""
        at = parent[2]
        if at is not None:
            row = self.interactions[at]
            self.interactions[at] = (row[0], max(row[1], parent[3]), *row[2:])

    def _owners(self) -> str:
        if self.parents:
            return self.parents[-1][1]
        return self.heading_owner[1] if self.heading_owner is not None else "[]"

    def _close_interactions(self, level: int) -> None:
        while self.open and self.open[-1][0] >= level:
            _, line, when, title, kind = self.open.pop()
            end = max(line, self.last_content)
            self.interactions.append(
                (line, end, when, title, kind, is_in_person(kind), self.origin, "[]")
            )

    def _flush_section(self, next_line: int) -> None:
        start = self.section_start
        body = section_text(self.lines, start, max(start, next_line - 1))
        if body:  # section_text strips the end: nothing left means only blanks
            self.sections.append((start, max(start, next_line - 1), self.section_date))
            self.texts.append(body)

    def _line_links(self, number: int, visible: str) -> list[tuple[str, bool]]:
        found = links_in(visible) if "[[" in visible else []
        for target, embed in found:
            self.links.append((number, target, embed, False))
        return found

    def _content(self, number: int, raw: str, stripped: str) -> None:
        if calendar_line(raw) is not None:
            return  # what a calendar said: content of its heading, nothing more
        in_personal = self.in_personal
        visible = visible_text(raw)
        found = self._line_links(number, visible)
        tags = tags_in(visible)
        task = parse_task(raw) if "[" in raw else None
        targets = tuple(dict.fromkeys(t for t, embed in found if not embed)) if found else ()
        if task is not None and task.due_error and task.due_error.startswith("impossible"):
            self.problem(number, ERROR, f"due date: {task.due_error}")
        if task is not None and task.due is None and not task.done:
            self._late_due_date(number, task.text)
        personal_value = personal_field(visible)
        list_item = None
        # A line marked #sensitive is a personal thing to handle with care,
        # whether or not it also says #personal.
        is_personal = "personal" in tags or "sensitive" in tags or personal_value is not None
        if not is_personal and in_personal and task is None:
            list_item = LIST_ITEM.match(raw)
            is_personal = list_item is not None
        is_ask = "ask" in tags
        if task is not None or is_personal or is_ask:
            if task is not None:
                text = task.text
            elif personal_value:
                text = personal_value
            else:
                list_item = list_item or LIST_ITEM.match(raw)
                text = list_item.group(1) if list_item else stripped
            self.items.append(
                (
                    number,
                    ASK if is_ask else TASK if task else PERSONAL,
                    strip_tags(text, CONTROL_TAGS),
                    self.date,
                    _json(targets),
                    task is not None,
                    task is not None and task.done,
                    _iso(task.due) if task is not None else None,
                    "waiting" in tags,
                    "sensitive" in tags,
                    in_personal,
                    self._owners(),
                )
            )
        at = None
        if found and self.kind == DAILY:
            at = self._daily_line(number, stripped, visible, tags, found, task)
        if targets and self.kind != CONTACT:
            self.parents.append([_indent(raw), _json(targets), at, number])

    def _daily_line(self, number, stripped, visible, tags, found, task) -> int | None:
        """`Lunch with [[Ada]] at Nopa` is an interaction (daily.py says which
        lines are); a plan with a later date is a planned one; an embed never
        counts; any other line that links someone is a mention. Returns the
        index of the interaction it made, if any."""
        targets = tuple(dict.fromkeys(t for t, embed in found if not embed))
        if targets:
            text = task.text if task else visible
            meaning = read_daily_line(
                text, tags, self.note_date_value, bool(task and not task.done)
            )
            if meaning.meaning in (CONVERSATION, PLAN):
                title = (task.text if task else _list_text(stripped)).strip()
                kind = meaning.kind
                if meaning.meaning == PLAN and kind:  # "Set up lunch with …": a lunch
                    title = kind.capitalize()
                elif "sensitive" in tags:  # what was said in confidence is never a title
                    title = kind or ""
                when = meaning.on.isoformat() if meaning.on else self.note_date
                origin = PLAN if meaning.meaning == PLAN else DAILY
                in_person = is_in_person(kind)
                row = (number, number, when, title, kind, in_person, origin, _json(targets))
                self.interactions.append(row)
                return len(self.interactions) - 1
        if "sensitive" in tags:
            return None  # a mention would quote it (DESIGN.md §9)
        everyone = tuple(dict.fromkeys(t for t, _ in found))
        self.mentions.append(
            (number, self.note_date, _list_text(stripped).strip(), _json(everyone))
        )
        return None


def _indent(raw: str) -> int:
    """How far a line is indented, a tab counting as four spaces."""
    if raw[:1] not in (" ", "\t"):
        return 0
    bare = raw.lstrip(" \t")
    return len(raw[: len(raw) - len(bare)].expandtabs(4))


def _is_personal_heading(text: str) -> bool:
    return text.strip().rstrip(":").strip().lower() == "personal"


def section_text(lines: list[str], start: int, end: int) -> str:
    """Lines start..end (1-based), trailing space removed; its first line is
    line `start`, so a search hit can be placed on its line."""
    return "\n".join(lines[start - 1 : end]).rstrip()


def shown_lines(
    lines: list[str], start: int, end: int, hidden: tuple[Hidden, ...]
) -> list[tuple[int, str]]:
    """(line, text) of lines start..end (1-based) a reader of the rendered
    note sees: comments and code blocks (`hidden`, as the parser found them),
    blank lines and git conflict markers out; comments inside a line taken off."""
    found = []
    ranges = sorted((h.line, h.end_line) for h in hidden if h.end_line >= start and h.line <= end)
    at = 0
    for number in range(max(start, 1), min(end, len(lines)) + 1):
        while at < len(ranges) and ranges[at][1] < number:
            at += 1
        if at < len(ranges) and ranges[at][0] <= number:
            continue
        text = shown_text(lines[number - 1]).rstrip()
        if text.strip() and not _CONFLICT.match(text):
            found.append((number, text))
    return found


def _list_text(stripped: str) -> str:
    item = LIST_ITEM.match(stripped)
    return item.group(1) if item else stripped


normal_key = property_key  # the one reader of property names (properties.py)


def _unflow(value: Any) -> Any:
    """`company: [[Acme Corp]]` (unquoted) parses as a nested list; read it as the link."""
    if (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) == 1
        and isinstance(value[0][0], str)
    ):
        return f"[[{value[0][0]}]]"
    if isinstance(value, list):
        return [_unflow(item) for item in value]
    return value


def _text(value: Any) -> str:
    """A frontmatter value as display text: links shown by name, lists joined."""
    if type(value) is str:  # the common case, without the checks below
        return (display_links(value) if "[[" in value else value).strip()
    value = _unflow(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(t for t in (_text(item) for item in value) if t)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return ""
    return display_links(str(value)).strip()


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


__all__ = [
    "EVENT_UID_FIELD",
    "HEADING",
    "calendar_line",
    "ParseContext",
    "link_target",
    "normal_key",
    "note_stem",
    "parse_note",
    "section_text",
    "shown_lines",
]
