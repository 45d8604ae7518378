"""The body of one note, after its frontmatter: one pass over its lines that
finds headings and sections, conversations, tasks, personal items, asks,
links, tags and fields, comments and code blocks, and the lines a daily note
means (daily.py). A plain line costs a few `in` tests; only lines with
markup reach the slower paths. (Skipping runs of plain lines with one
compiled expression over the whole text was measured slower, twice: in the
generated vault markup comes every two or three lines, and a search per run
costs more than the lines it skips. Measured a third time in instructions:
skipping every plain line outright would save 2.6% of the parse; the cost is
in the lines with markup, tasks the most, then headings, and in the
frontmatter.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from . import memo
from .daily import CONVERSATION, PLAN, DailyLine, read_daily_line
from .dateish import iso_heading, loose_date
from .dates import parse_date
from .inline import (
    CONTROL_TAGS,
    DUE_MARKS,
    HEADING,
    KINDS,
    LIST_ITEM,
    ScanTask,
    comment_left_open,
    display_links,
    is_in_person,
    kind_of,
    links_in,
    personal_field,
    scan_boxed_task,
    scan_task,
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
    MEETING,
    PERSONAL,
    TASK,
    WARNING,
)
from .notelines import CONFLICT_MARKER as _CONFLICT
from .notelines import calendar_line
from .parsed import Parsed, targets_json
from .text import section_text

# False: every line takes the general path (_content); the tests compare the two.
FAST_PATHS = True
# What is left of `- [ ] %% private %%` once its comment is out: nothing to show.
_BARE_ITEM = re.compile(r"(?:[-*+]|\d+[.)])(?:[ \t]+\[.\])?[ \t]*")
_DATED = re.compile(r"^\[*(\d{4}-\d{2}-\d{2})\]*(?![\dT]|:\d)\s*(?:[—–\-:·|]+\s*)?(.*)$")
# Days dated headings were found to hold, as written: ten years of notes name a few thousand.
_DAYS: dict[str, bool] = memo.registered()
_DAYS_HELD = 20_000
_NO_TARGETS = targets_json(())  # "[]"
_DUE_INSIDE = re.compile(f"[{DUE_MARKS}]\ufe0f?\\s*\\d{{4}}-\\d{{2}}-\\d{{2}}")


class BodyScanner:
    """One pass over a note's body, into `result`'s lists. `kind` and
    `note_date` are what the frontmatter and the path said."""

    def __init__(
        self,
        lines: list[str],
        result: Parsed,
        kind: str,
        note_date: date | None,
        problem: Callable[[int | None, str, str], None],
        text: str | None = None,
    ) -> None:
        self.lines = lines
        self.kind, self.note_date, self.note_date_value = kind, _iso_of(note_date), note_date
        # Marks few notes hold anywhere (`text`: the note's whole text, its
        # lines joined): where none is, no line is tested for them. Comments,
        # code and fences need `%`, `<`, `` ` `` or `~`; a git conflict's
        # markers a run of seven `<`, `=`, `>` or `|` (`|` alone is common:
        # `[[Name|shown]]`).
        if text is None or not FAST_PATHS:
            self.hides = self.conflicts = True
        else:
            self.hides = "%" in text or "<" in text or "`" in text or "~" in text
            self.conflicts = (
                "<" in text or "=" in text or ">" in text or ("|" in text and "|||||||" in text)
            )
        self.origin = kind if kind in (CONTACT, MEETING) else DAILY
        self.problem = problem
        self.links = result.links
        self.items = result.items
        self.interactions = result.interactions
        self.mentions = result.mentions
        self.sections = result.sections
        self.hidden = result.hidden
        self.opening: list[tuple] | None = result.opening  # None once it has ended
        self.conflict_line: int | None = None
        # Lines that link people, whose indented lines (children) are theirs:
        # [indent, targets as JSON, its interaction's index or None, last child line]
        self.parents: list[list[Any]] = []
        # A daily-note heading that opens with a kind and links people: the same,
        # with its level in place of an indent.
        self.heading_owner: list[Any] | None = None

    def scan(self, start: int) -> None:
        """One pass over the lines. Plain prose (most lines) costs a few `in`
        tests; only lines with markup go through the slower paths. A line of
        only spaces counts as blank."""
        # Headings still open: level, the date in force under it, under Personal?
        self.headings: list[tuple[int, str | None, bool]] = []
        # Interactions still open: level, line, date, title, kind, in person
        self.open: list[tuple[int, int, str, str, str | None, bool]] = []
        self.in_personal = False
        self.date = self.note_date
        self.section_start, self.section_date = start + 1, self.note_date
        self.section_at_heading = False
        self.last_content = start
        fence = comment = None
        opened = 0  # the line the open fence or comment started on
        parents = self.parents  # the one list, never replaced
        hides, conflicts = self.hides, self.conflicts
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
            if conflicts and raw[0] in "<=>|" and _CONFLICT.match(raw):
                self.conflict_line = self.conflict_line or number
                continue
            if parents and not raw.isspace():
                self._under_parents(raw, number)
            if not (
                self.in_personal
                or "[" in raw
                or "#" in raw
                or ":" in raw
                or hides
                and ("%" in raw or "<" in raw or "`" in raw or "~" in raw)
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
            if hides:
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
            if first == "#" and self._heading(number, raw):
                continue
            # visible_text leaves a line with no `%`, `<` or `` ` `` as it is
            visible = visible_text(raw) if hides else raw
            self.last_content = number
            if self.opening is not None:
                self._opening_line(number, stripped)
            if self.in_personal or "#" in raw or "::" in raw:
                self._content(number, raw, stripped, visible)
            elif "[" in raw:
                if self.kind == CONTACT and FAST_PATHS:
                    # scan_task's first test, without its call: most such lines link
                    box = raw.find("[")
                    task = scan_boxed_task(raw) if raw[box + 2 : box + 3] == "]" else None
                    if task is not None:
                        self._content(number, raw, stripped, visible, task)
                    elif "[[" in visible:  # all such a line can be
                        self._line_links(number, visible)
                else:
                    self._content(number, raw, stripped, visible)
        if fence or comment:  # opened on the last line: that line, so `log` still refuses
            last = len(self.lines)
            self.hidden.append((min(opened, last), last, CODE if fence else COMMENT, False))
        if parents or self.heading_owner is not None:  # each call only when it has something to do
            self._close_children()
        if self.open:
            self._close_interactions(0)
        self._flush_section(len(self.lines) + 1)
        if self.conflict_line is not None:
            self.problem(
                self.conflict_line,
                ERROR,
                "unresolved git conflict (<<<<<<< … >>>>>>>); netnotes will not write here until you"
                " resolve it, and then there is nothing to run: `watch` or the next command sees it",
            )

    def _opening_line(self, number: int, stripped: str) -> None:
        """A line of the opening text, unless it is #sensitive."""
        if "#" not in stripped or "sensitive" not in tags_in(visible_text(stripped)):
            assert self.opening is not None
            self.opening.append((number, stripped.rstrip()))

    def _end_opening(self, level: int) -> None:
        """The opening text runs to the first heading, a leading `# Title` aside."""
        if self.opening is not None and (level > 1 or self.opening or self.headings):
            self.opening = None

    def _heading(self, number: int, raw: str) -> bool:
        """Read `raw`, whose first character past any indent is `#`, if it is a
        heading; whether it is. A contact's `### 2026-01-15 — Coffee at X`
        with no indent, its day one seen before, is read from its words after
        the day alone (_dated_words); a heading seen before that is no more
        than its words (no date, link, tag or comment: `## Notes`), from what
        was read of it then (_PLAIN_HEADINGS); every other heading, with
        HEADING and _DATED."""
        known: Any = None  # _dated_words' answer
        plain = None
        if FAST_PATHS:
            if raw[0] == "#" and self.kind == CONTACT:
                after = raw.lstrip("#")
                day = after[1:11]
                if after[:1] == " " and (day in _DAYS or day[4:5] == "-" and _is_iso_day(day)):
                    known = _DATED_WORDS.get(after[11:])  # `### 2026-01-15…`
                    if known is None:
                        known = _dated_words(after[11:])
                    level = len(raw) - len(after)
                    if level > 6:
                        return False
            if not known:
                plain = _PLAIN_HEADINGS.get(raw)
        if plain is not None:
            level, text, own = plain
        elif not known:
            heading = HEADING.parts(raw)
            if heading is None:
                return False
            level, text = heading
        if self.opening is not None:  # each call only when it has something to do:
            self._end_opening(level)  # a heading is every fifth or sixth line
        if self.parents or self.heading_owner is not None:
            self._close_children(level)
        open_ = self.open
        while open_ and open_[-1][0] >= level:  # _close_interactions' loop, without its call
            _, line, on, said, sort, in_person = open_.pop()
            end = line if line > self.last_content else self.last_content
            self.interactions.append(
                (line, end, on, said, sort, in_person, self.origin, _NO_TARGETS)
            )
        headings = self.headings
        while headings and headings[-1][0] >= level:
            headings.pop()
        if self.section_at_heading and number > self.section_start:  # _flush_section's commonest
            self.sections.append((self.section_start, number - 1, self.section_date))
        else:
            self._flush_section(number)
        if known:  # a conversation: its day in force, under Personal if its parent is
            words, title, kind, in_person, linked = known
            personal = headings[-1][2] if headings else False
            headings.append((level, day, personal))
            self.in_personal = personal
            self.date = self.section_date = day
            self.section_start = self.last_content = number
            self.section_at_heading = True
            open_.append((level, number, day, title, kind, in_person))
            if linked:
                self._line_links(number, day + words)
            return True
        if plain is not None:
            dated = when = None
        else:
            dated = _DATED.match(text) if text[:1].isdigit() or text[:1] == "[" else None
            when = None
            if dated:
                day = dated.group(1)
                when = day if day in _DAYS else self._heading_day(number, day)
            elif self.kind == CONTACT:
                self._dateish_heading(number, level, text)
            # Only "P" lowers to "p": a cheap test before the exact one (a dated
            # heading opens with a digit or `[`).
            own = dated is None and text.lstrip()[:1] in ("P", "p") and _is_personal_heading(text)
        if headings:
            in_force, personal = when or headings[-1][1], own or headings[-1][2]
        else:
            in_force, personal = when or self.note_date, own
        headings.append((level, in_force, personal))
        self.in_personal = personal
        self.date = self.section_date = in_force
        self.section_start = self.last_content = number
        self.section_at_heading = True
        if plain is not None:
            return True
        visible = visible_text(text)
        if (
            level > 1  # a note's `# Title` is its own: seldom seen again
            and dated is None
            and visible is text
            and "#" not in text
            and "[[" not in text
            and FAST_PATHS
            and loose_date(text) is None
        ):  # what a heading that is its words alone is read as, whatever the note
            memo.remember(_PLAIN_HEADINGS, raw, (level, text, own), _PLAIN_HEADINGS_HELD)
            return True
        if when is not None and dated is not None and self.kind == CONTACT:
            title, kind = _conversation(text, visible, dated)
            self.open.append((level, number, when, title, kind, is_in_person(kind)))
        if "[[" in visible:
            found = self._line_links(number, visible)
            if self.kind == DAILY and found:  # "## Lunch with [[Bob]]" counts like a list line
                tags = tags_in(visible)
                targets = tuple(dict.fromkeys(t for t, embed in found if not embed))
                at, meaning = self._daily_line(number, text.strip(), visible, tags, found, targets)
                if targets and (at is not None or _opens_with_kind(meaning, visible, tags)):
                    self.heading_owner = [level, targets_json(targets), at, number]
        if "#" in visible and dated is None and "sensitive" in tags_in(visible):
            self._sensitive_heading(number, text, visible)
        return True

    def _heading_day(self, number: int, day: str) -> str | None:
        """A dated heading's day in ISO form, or None and an error."""
        try:
            when = parse_date(day).isoformat()
        except ValueError as err:
            self.problem(number, ERROR, f"heading: {err}")
            return None
        if when == day:
            memo.remember(_DAYS, day, True, _DAYS_HELD)
        return when

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
                targets_json(targets),
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
        return self.heading_owner[1] if self.heading_owner is not None else _NO_TARGETS

    def _close_interactions(self, level: int) -> None:
        open_, last = self.open, self.last_content
        while open_ and open_[-1][0] >= level:
            _, line, when, title, kind, in_person = open_.pop()
            end = line if line > last else last
            self.interactions.append(
                (line, end, when, title, kind, in_person, self.origin, _NO_TARGETS)
            )

    def _flush_section(self, next_line: int) -> None:
        """A section holds more than blank lines, or it is none. One a heading
        opens holds that heading's line; the text is made only when asked for
        (Parsed.texts: a cold index leaves full-text search for later). Its
        commonest case, a section a heading opened ending at the next one, is
        written out where headings are read (_heading), without this call."""
        start = self.section_start
        if next_line <= start:  # a heading on the body's first line: nothing before it
            return
        end = next_line - 1  # past `start`, as just checked
        if self.section_at_heading or section_text(self.lines, start, end):
            self.sections.append((start, end, self.section_date))

    def _line_links(self, number: int, visible: str) -> list[tuple[str, bool]]:
        """The links of a line's `visible` text, which holds `[[` (callers
        look: most lines hold none), kept as the line's."""
        found = links_in(visible)
        for target, embed in found:
            self.links.append((number, target, embed, False))
        return found

    def _content(
        self, number: int, raw: str, stripped: str, visible: str, task: ScanTask | None = None
    ) -> None:
        """A line with markup; `visible`: visible_text(raw). `task`: scan_task's
        parts of it, when the caller has read them (else they are read here,
        if the line can be a task)."""
        # What a calendar said is content of its heading, nothing more (a
        # task never is: a bullet with no box opens a calendar's line).
        if task is None and "::" in raw and calendar_line(raw) is not None:
            return
        in_personal = self.in_personal
        found = self._line_links(number, visible) if "[[" in visible else []
        tags = tags_in(visible) if "#" in visible else []
        if task is None and "[" in raw:
            task = scan_task(raw)
        targets = tuple(dict.fromkeys([t for t, embed in found if not embed])) if found else ()
        if task is not None:
            done, task_text, due, due_error = task
            if due_error and due_error.startswith("impossible"):
                self.problem(number, ERROR, f"due date: {due_error}")
            if due is None and not done:
                self._late_due_date(number, task_text)
        personal_value = personal_field(visible) if "::" in visible else None
        list_item = None
        # A line marked #sensitive is a personal thing to handle with care,
        # whether or not it also says #personal.
        is_personal = "personal" in tags or "sensitive" in tags or personal_value is not None
        if not is_personal and in_personal and task is None:
            list_item = _item_words(raw)
            is_personal = list_item is not None
        is_ask = "ask" in tags
        if task is not None or is_personal or is_ask:
            if task is not None:
                text = task_text
            elif personal_value:
                text = personal_value
            else:
                list_item = list_item if list_item is not None else _item_words(raw)
                text = stripped if list_item is None else list_item
            # _owners(), without its call where nothing owns the line (most lines)
            owned = self.parents or self.heading_owner is not None
            owners = self._owners() if owned else _NO_TARGETS
            self.items.append(
                (
                    number,
                    ASK if is_ask else TASK if task else PERSONAL,
                    _item_text(text),
                    self.date,
                    targets_json(targets) if targets else _NO_TARGETS,
                    task is not None,
                    task is not None and done,
                    due if task is not None else None,
                    "waiting" in tags,
                    "sensitive" in tags,
                    in_personal,
                    owners,
                )
            )
        at = None
        if found and self.kind == DAILY:
            at = self._daily_line(number, stripped, visible, tags, found, targets, task)[0]
        if targets and self.kind != CONTACT:
            self.parents.append([_indent(raw), targets_json(targets), at, number])

    def _daily_line(
        self, number, stripped, visible, tags, found, targets, task: ScanTask | None = None
    ) -> tuple[int | None, DailyLine | None]:
        """`Lunch with [[Ada]] at Nopa` is an interaction (daily.py says which
        lines are); a plan with a later date is a planned one; an embed never
        counts; any other line that links someone is a mention. `targets` are
        the people it links, embeds aside. Returns the index of the
        interaction it made, if any, and what daily.py read the line as.
        `task`: scan_task's parts of the line, if it is a task."""
        meaning = None
        if targets:
            done, said = (task[0], task[1]) if task else (True, visible)  # a task's own words
            meaning = read_daily_line(
                said,
                tags,
                self.note_date_value,
                not done,  # an open task
                quoted=visible.lstrip().startswith(">"),
            )
            if meaning.meaning in (CONVERSATION, PLAN):
                title = (said if task else _list_text(stripped)).strip()
                kind = meaning.kind
                if meaning.meaning == PLAN and kind:  # "Set up lunch with …": a lunch
                    title = kind.capitalize()
                elif "sensitive" in tags:  # what was said in confidence is never a title
                    title = kind or ""
                when = meaning.on.isoformat() if meaning.on else self.note_date
                origin = PLAN if meaning.meaning == PLAN else DAILY
                in_person = is_in_person(kind)
                row = (number, number, when, title, kind, in_person, origin, targets_json(targets))
                self.interactions.append(row)
                return len(self.interactions) - 1, meaning
        if "sensitive" in tags:
            return None, meaning  # a mention would quote it (DESIGN.md §9)
        everyone = tuple(dict.fromkeys(t for t, _ in found))
        self.mentions.append(
            (number, self.note_date, _list_text(stripped).strip(), targets_json(everyone))
        )
        return None, meaning


def _iso_of(day: date | None) -> str | None:
    """iso(day), remembered: isoformat() costs five times a look-up, and the
    days of a vault's meetings and daily notes recur."""
    if day is None:
        return None
    found = _ISO_DAYS.get(day)
    if found is None:
        found = memo.remember(_ISO_DAYS, day, day.isoformat(), _DAYS_HELD)
    return found


_ISO_DAYS: dict[date, str] = memo.registered()


def _conversation(text: str, visible: str, dated: re.Match[str]) -> tuple[str, str | None]:
    """A dated heading's title and kind. Read from its words after the date
    alone when a space comes before them and nothing is hidden: then the day
    (digits and marks) can neither hold nor end a kind word or a tag, and the
    same few titles recur under thousands of days."""
    start = dated.start(2)
    if FAST_PATHS and visible is text and text[start - 1 : start].isspace():
        words = text[start:]
        found = _TITLES.get(words)
        if found is None:
            found = memo.remember(_TITLES, words, _titled(words, words), _TITLES_HELD)
        return found
    return _titled(dated.group(2), visible)


def _is_iso_day(day: str) -> bool:
    """Whether `day` is a day in ISO form, `2026-01-15` (then remembered in
    _DAYS, as _heading_day does), and so what _DATED's date reads."""
    if day[4:5] != "-" or day[7:8] != "-":
        return False
    try:
        if date.fromisoformat(day).isoformat() != day:
            return False
    except ValueError:
        return False
    memo.remember(_DAYS, day, True, _DAYS_HELD)
    return True


def _dated_words(words: str) -> tuple[str, str, str | None, bool, bool] | bool:
    """What _heading reads of a contact's heading `# DAY` + `words`, DAY an ISO
    day: False unless it is a conversation read from its words alone (as
    _conversation's shortcut reads it: a space before them, nothing hidden);
    else the heading's text after the day, the title, the kind, whether in
    person, whether it links. Only those words matter: the day is digits and
    dashes, which neither hold nor end a mark, a kind word or a tag."""
    found: tuple[str, str, str | None, bool, bool] | bool = False
    heading = HEADING.parts(f"# 2000-01-01{words}")
    text = heading[1] if heading is not None else ""
    dated = _DATED.match(text)
    if dated is not None and visible_text(text) is text and text[dated.start(2) - 1].isspace():
        after = text[dated.start(2) :]
        title, kind = _titled(after, after)
        found = (text[10:], title, kind, is_in_person(kind), "[[" in text)
    return memo.remember(_DATED_WORDS, words, found, _DATED_WORDS_HELD)


def _titled(title: str, visible: str) -> tuple[str, str | None]:
    """A conversation's title (links shown by name) and kind, from its
    heading's `title` after the date and `visible` text."""
    title = (display_links(title) if "[[" in title else title).strip()
    kind = kind_of(visible)
    if "#" in title:  # "### 2026-11-22 #call": the tag names the kind, not the title
        title = strip_tags(title, KINDS)
        if "sensitive" in tags_in(visible):  # never a title: its kind stands in
            title = kind or ""
    return title, kind


def _item_text(text: str) -> str:
    """An item's text without its control tags, remembered: the same
    `#personal` and `#ask` lines recur from note to note."""
    found = _ITEM_TEXTS.get(text)
    if found is None:
        found = memo.remember(_ITEM_TEXTS, text, strip_tags(text, CONTROL_TAGS), _ITEM_TEXTS_HELD)
    return found


_ITEM_TEXTS: dict[str, str] = memo.registered()
_ITEM_TEXTS_HELD = 10_000
_TITLES: dict[str, tuple[str, str | None]] = (
    memo.registered()
)  # _conversation's, by the words after the day
_TITLES_HELD = 10_000
# A heading with no date, link, tag or comment: its level, text and whether it
# is Personal, by the line as written (shown_text's): `## Notes` recurs in every meeting note.
_PLAIN_HEADINGS: dict[str, tuple[int, str, bool]] = memo.registered()
_PLAIN_HEADINGS_HELD = 10_000
# _dated_words', by the words after the day: the same few titles recur under thousands of days.
_DATED_WORDS: dict[str, tuple[str, str, str | None, bool, bool] | bool] = memo.registered()
_DATED_WORDS_HELD = 10_000


def _opens_with_kind(meaning: DailyLine | None, visible: str, tags: list[str]) -> bool:
    """Whether a kind word comes before the first link, as daily.py read it
    if it got that far."""
    if meaning is not None and meaning.opens_with_kind is not None:
        return meaning.opens_with_kind
    return bool(kind_of(visible[: visible.find("[[")], tags))


def _indent(raw: str) -> int:
    """How far a line is indented, a tab counting as four spaces."""
    if raw[:1] not in (" ", "\t"):
        return 0
    bare = raw.lstrip(" \t")
    return len(raw[: len(raw) - len(bare)].expandtabs(4))


def _is_personal_heading(text: str) -> bool:
    return text.strip().rstrip(":").strip().lower() == "personal"


def _list_text(stripped: str) -> str:
    item = _item_words(stripped)
    return stripped if item is None else item


def _item_words(raw: str) -> str | None:
    """LIST_ITEM's words of a note's line (group 1), or None for a line that
    is no list item. The commonest, `- words`, without the pattern: `\\s+`
    takes every space after the dash, and `(.*)$` the rest of a line that
    holds no line end."""
    if raw[:2] == "- " and FAST_PATHS:
        return raw[2:].lstrip()
    item = LIST_ITEM.match(raw)
    return item.group(1) if item else None
