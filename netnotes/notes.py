"""One note's text → a Note. Pure: no file system, no clock, never raises on
any text; every problem becomes a Problem with its line. This is the only
module that knows the vault format (DESIGN.md §2–3)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from . import memo
from .dates import parse_birthday, parse_cadence, parse_date
from .inline import (
    CONTROL_TAGS,
    HEADING,
    canonical_kind,
    display_links,
    is_in_person,
    kind_of,
    link_target,
    links_in,
    tags_in,
    visible_text,
)
from .models import (
    ACTIVE,
    ARCHIVED,
    CONTACT,
    DAILY,
    ERROR,
    GROUP,
    MEETING,
    OTHER,
    PAUSED,
    TEMPLATE,
    WARNING,
    ParseContext,
    Problem,
    note_stem,
)
from .models_note import ContactInfo, Note
from .notebody import BodyScanner, section_text
from .notelines import EVENT_UID_FIELD, calendar_line, shown_lines
from .parsed import Parsed, targets_json
from .properties import is_role_title, property_key
from .schedule import ScheduleError, parse_schedule
from .text import split_note
from .yamlfm import Frontmatter, frame, read, unflow

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
LADDER = ("above", "peer", "below")
STATUSES = (ACTIVE, PAUSED, ARCHIVED)


def parse_note(path: str, text: str, context: ParseContext | None = None) -> Note:
    return parse_records(path, text, context or ParseContext()).note()


def parse_records(path: str, text: str, context: ParseContext) -> Parsed:
    """The same parse as `parse_note`, as the records the index stores (see
    `Parsed`): what indexing a vault runs on."""
    return _Parser(path, text, context).parse()


class _Parser:
    def __init__(self, path: str, text: str, context: ParseContext) -> None:
        self.path = path
        self.context = context
        self.text = text
        self.lines = split_note(text)
        # Every field given, in Parsed's order: its factories and a keyword cost more.
        self.result = Parsed(
            path,
            OTHER,
            note_stem(path),
            (),  # aliases
            (),  # tags
            None,  # contact
            {},  # details
            None,  # date
            (),  # attendees
            None,  # meeting_kind
            (),  # groups
            [],  # interactions
            [],  # items
            [],  # mentions
            [],  # links
            [],  # sections
            [],  # problems
            False,  # conflicted
            [],  # hidden
            [],  # opening
            self.lines,
        )
        self.problems = self.result.problems
        self.links = self.result.links
        # links_in of each frontmatter text that holds a link: the attendees' are read twice
        self.front_links: dict[str, list[tuple[str, bool]]] = {}

    def problem(self, line: int | None, severity: str, text: str, detail: str | None = None):
        self.problems.append(Problem(self.path, line, severity, text, detail))

    # --- frontmatter ---------------------------------------------------

    def parse(self) -> Parsed:
        result = self.result
        end, lint = frame(self.lines)
        for line, severity, text in lint:
            self.problem(line, severity, text)
        head = self.lines[1:end] if end is not None else []
        written = "\n".join(head)
        if end is not None:
            front = read(written, 2, head)  # its lines as they are, not split again
            for line, severity, text in front.problems:
                self.problem(line, severity, text)
        else:
            front = Frontmatter()
        body_start = 0 if end is None else end + 1
        # Most notes write every key as netnotes reads it (`name`, `tags`): then,
        # known by the keys as written (the same few sets recur), the values and
        # key lines are taken as they are (nothing below changes them). Else the
        # first of keys that read alike wins; a Frontmatter's key_lines holds its
        # values' keys: one pass for both, each key read once.
        values: dict[str, Any] = front.values
        lines_of: dict[str, int] = front.key_lines
        written_keys = tuple(values)
        if not _READ_AS_WRITTEN.get(written_keys):
            values, lines_of = {}, {}
            key_lines = front.key_lines
            for key, value in reversed(front.values.items()):
                normal = normal_key(key)
                values[normal] = value
                lines_of[normal] = key_lines[key]
            if len(written_keys) <= _KEYS_REMEMBERED and written_keys not in _READ_AS_WRITTEN:
                as_written = all(normal_key(key) == key for key in written_keys)
                memo.remember(_READ_AS_WRITTEN, written_keys, as_written, _READ_AS_WRITTEN_HELD)
        # The values as written; a list holding a list (`[[Acme]]` unquoted) is
        # unflowed as _frontmatter_links comes to it, in its one pass over them.
        details = result.details = front.written.copy()
        stem = result.name
        if "<%" in written:  # lines joined by "\n": no `<%` across two of them
            # A Templater template: placeholders in its properties. A note that
            # merely mentions `<% tp… %>` in its body is still a note.
            result.details = {
                key: unflow(value) if isinstance(value, list) else value
                for key, value in details.items()
            }
            self.problems.clear()
            result.kind = TEMPLATE
            return result
        self._frontmatter_links(front, details)
        tags = self._tags(values.get("tags"), lines_of.get("tags"))
        kind, note_date, attendees = self._classify(values, lines_of, tags)
        name = stem
        if kind == CONTACT:
            name = _text(values.get("name")) or stem
        elif shown := self._shown_title(values, lines_of) if "title" in values else "":
            name = shown  # read once (and only where there is a title)
        elif kind == MEETING:
            dated = _LEADING_DATE.match(stem)  # at most one, at the start: no sub()
            name = (stem[dated.end() :] if dated else stem).strip() or stem
        body = BodyScanner(self.lines, result, kind, note_date, self.problem, self.text)
        body.scan(body_start)
        meeting_kind = None
        if kind == MEETING and note_date is not None:
            meeting_kind = self._meeting_kind(values, name)
            result.interactions.insert(
                0,
                (
                    1,
                    len(self.lines),
                    body.note_date,  # the date in ISO form, as the scanner holds it
                    name,
                    meeting_kind,
                    is_in_person(meeting_kind),
                    MEETING,
                    targets_json(attendees),
                ),
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
        result.conflicted = body.conflict_line is not None
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

    def _frontmatter_links(self, front: Frontmatter, details: dict[str, Any]) -> None:
        """The links in the values as written; `details` (a copy of them) gets
        each list that holds more than text unflowed (a list of text alone,
        the usual list, is what unflow would give again)."""
        for key, value in front.written.items():
            if type(value) is str:  # the common case, without a generator or a tuple
                if "[[" not in value:
                    continue
                texts: tuple[str, ...] | list[str] = (value,)
            elif value is None:
                continue
            elif type(value) is list:  # of text alone (unflow keeps it as it is), in one pass
                texts = []
                for item in value:
                    if type(item) is not str:
                        details[key] = flowed = unflow(value)
                        texts = [text for text in _strings(flowed) if "[[" in text]
                        break
                    if "[[" in item:
                        texts.append(item)
            else:
                texts = [text for text in _strings(unflow(value)) if "[[" in text]
            for text in texts:
                found = self.front_links[text] = links_in(text)
                for target, embed in found:
                    self.links.append((front.key_lines[key], target, embed, True))

    def _tags(self, value: Any, line: int | None) -> tuple[str, ...]:
        if type(value) is list and len(value) == 1 and type(value[0]) is str:
            item = value[0]  # the usual `tags:`, one of a few items (`person`, `meeting`)
            found = _ONE_ITEM_TAGS.get(item)
            if found is None:  # the loop's answer below for this one item
                found = tuple(dict.fromkeys(_item_tags(item)))
                memo.remember(_ONE_ITEM_TAGS, item, found, _ITEM_TAGS_HELD)
            return found
        raw = value if isinstance(value, list) else [value] if value is not None else []
        if None in raw:  # YAML's values equal None only when they are None
            self.problem(
                line,
                WARNING,
                "a tag in `tags:` is empty: `#` starts a YAML comment, so write tags without #",
            )
        tags: list[str] = []
        held = _ITEM_TAGS
        for item in raw:
            if item is None or isinstance(item, (list, dict)):
                continue
            found = held.get(item) if type(item) is str else None
            if found is None:
                found = _item_tags(str(item))
                if type(item) is str:
                    memo.remember(held, item, found, _ITEM_TAGS_HELD)
            for tag in found:
                if tag not in tags:
                    tags.append(tag)
        return tuple(tags)

    def _classify(self, values: dict[str, Any], lines_of: dict[str, int], tags: tuple[str, ...]):
        """DESIGN.md §2: `type:` first, then a meeting's keys, then the folder and tags."""
        people_dir = self.context.people_dir
        prefix = _PEOPLE_PREFIXES.get(people_dir)  # the folder's, read once a setting
        if prefix is None:
            people = people_dir.strip("/").casefold()
            prefix = _PEOPLE_PREFIXES[people_dir] = people + "/" if people else ""
        in_people = bool(prefix) and self.path.casefold().startswith(prefix)
        typed = values.get("type")
        typed = _text(typed).casefold() if typed is not None else ""  # most notes have none
        if typed == GROUP:
            return GROUP, None, ()
        if typed in _CONTACT_TYPES:
            return CONTACT, None, ()
        # Without `date:` no attendees make a meeting (meeting_keys below): a
        # contact's note is told without looking for them.
        if (
            typed not in _OTHER_TYPES
            and "date" not in values
            and (in_people or _CONTACT_TAGS.intersection(tags))
        ):
            return CONTACT, None, ()
        attendee_key = None
        for key in _ATTENDEE_KEYS:  # the first that holds a value; a loop costs less than next()
            if values.get(key):
                attendee_key = key
                break
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
            if type(entry) is not str:  # unflow leaves text as it is
                entry = unflow(entry)
                if not isinstance(entry, str):
                    continue
            known = self.front_links.get(entry)
            if known is None:
                known = links_in(entry)
            # Each entry's targets are checked against the earlier entries' only
            # (an entry naming one twice gives it twice), as ever.
            if len(known) == 1:  # the usual entry, `"[[Ada]]"`: no list made for it
                target = known[0][0]  # text, never empty (links_in's)
                if target not in found:
                    found.append(target)
                continue
            targets = [target for target, _ in known]
            if not targets:
                targets = [part.strip() for part in entry.split(",")]
            found += [target for target in targets if target and target not in found]
        return tuple(found)

    def _meeting_kind(self, values: dict[str, Any], title: str) -> str | None:
        """`kind:`, else the title's; never `type:`, which says what the note is."""
        return canonical_kind(_text(values.get("kind"))) or kind_of(title)

    def _aliases(self, value: Any) -> tuple[str, ...]:
        raw = value if isinstance(value, list) else [value] if value else []
        if not raw:  # `aliases: []`, or none: most notes
            return ()
        return tuple(dict.fromkeys(_text(item) for item in raw if _text(item)))

    def _contact(self, values: dict[str, Any], lines_of: dict[str, int]) -> ContactInfo:
        ladder = _text(values.get("ladder")).lower() or None
        if ladder and ladder not in LADDER:
            self.problem(
                lines_of.get("ladder"), WARNING, f"ladder: '{ladder}' is not above, peer or below"
            )
            ladder = None
        status = _text(values.get("status")).lower() or ACTIVE
        if status not in STATUSES:
            self.problem(
                lines_of.get("status"),
                WARNING,
                f"status: '{status}' is not active, paused or archived; read as active",
            )
            status = ACTIVE
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
        return ContactInfo(  # every field, in its order: a dozen keywords cost more
            ladder,
            _text(values.get("company")) or None,  # company
            _text(values.get("role") or self._title_as_role(values.get("title"), values))
            or None,  # role
            status,
            cadence,
            self._date_value(values.get("snooze"), "snooze", lines_of.get("snooze")),
            self._date_value(values.get("met"), "met", lines_of.get("met")),
            _text(values.get("how_met")) or None,  # how_met
            birthday,
            tuple(_text(g) for g in groups_list if _text(g)) if groups_list else (),  # groups
            _text(email[0] if isinstance(email, list) and email else email) or None,  # email
            meet_every,
        )

    def _cadence_value(
        self, values: dict[str, Any], key: str, lines_of: dict[str, int]
    ) -> str | None:
        value = values.get(key)
        if value is None:
            return None
        if type(value) is str and value in _CADENCES:  # `cadence: 30d` recurs from note to note
            return _CADENCES[value]
        try:
            cadence = str(parse_cadence(value))
        except ValueError as err:
            self.problem(lines_of.get(key), WARNING, f"{key}: {err}")
            return None
        if type(value) is str:
            memo.remember(_CADENCES, value, cadence, _CADENCES_HELD)
        return cadence

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
        return title if is_role_title(_text(title), name) else None

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


normal_key = property_key  # the one reader of property names (properties.py)


def _item_tags(item: str) -> tuple[str, ...]:
    """The tags one item of `tags:` names, in order: `#Work, friend` → work, friend."""
    found = []
    for part in item.replace(",", " ").split():
        tag = part.lstrip("#").strip().lower()
        if tag:
            found.append(tag)
    return tuple(found)


# The people folder's prefix as _classify compares paths with it ("" for
# none), by the setting as written: one or two settings in a process.
_PEOPLE_PREFIXES: dict[str, str] = {}
# _item_tags' answers by item: a vault's notes carry the same few tags.
_ITEM_TAGS: dict[str, tuple[str, ...]] = memo.registered()
_ITEM_TAGS_HELD = 2_000
# Whether each of a frontmatter's keys (by the keys as written, in order) is
# already as netnotes reads it (property_key): distinct keys then read alike.
_READ_AS_WRITTEN: dict[tuple[str, ...], bool] = memo.registered()
_READ_AS_WRITTEN_HELD = 512
_KEYS_REMEMBERED = 64  # a frontmatter of more keys is not remembered (nor likely to recur)
# _tags' answers for a list of that one item, its tags once each.
_ONE_ITEM_TAGS: dict[str, tuple[str, ...]] = memo.registered()
# _cadence_value's answers by text (a value that is no cadence is never held).
_CADENCES: dict[str, str] = memo.registered()
_CADENCES_HELD = 256


def _text(value: Any) -> str:
    """A frontmatter value as display text: links shown by name, lists joined."""
    if type(value) is str:  # the common case, without the checks below
        return (display_links(value) if "[[" in value else value).strip()
    if value is None:  # a key not written: the next commonest
        return ""
    value = unflow(value)
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
    "CONTROL_TAGS",
    "EVENT_UID_FIELD",
    "HEADING",
    "Parsed",
    "calendar_line",
    "ParseContext",
    "link_target",
    "normal_key",
    "note_stem",
    "parse_note",
    "parse_records",
    "section_text",
    "shown_lines",
]
