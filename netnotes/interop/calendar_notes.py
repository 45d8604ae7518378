"""What `import ics` finds already in the vault, and how it takes back a
planned meeting it wrote.

A conversation in the vault is either one the user wrote (no `event_uid::`
under it: it counts as the calendar's event that day) or one an import wrote
(`- event_uid:: <uid>` under its heading, or in its meeting note). A planned
one that holds nothing but the calendar's lines may be moved or removed when
its event moves or is cancelled; once the user has written anything under
it, it is theirs and stays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..edit import Heading, Lines, headings, refuse_conflicts
from ..errors import WriteRefusedError
from ..models import CONTACT, MEETING, ParseContext, Touch
from ..notes import EVENT_UID_FIELD, calendar_line, parse_note
from ..vault import ReadProblem, Vault, decode_note
from ..writes import move_to_trash, refuse_during_git, writable_target
from ..yamlfm import frame

_MEETING_KEYS = frozenset({"date", "title", "with", "kind"})  # what edit.meeting_note writes


@dataclass(frozen=True, slots=True)
class Written:
    """A conversation already in the vault on a day, with the contacts it is with."""

    path: str
    line: int  # its heading's line; 1 for a meeting note
    day: date
    title: str
    uid: str | None  # the event it came from; None when written by hand
    only_calendar: bool  # nothing under it but what the calendar said
    meeting: bool  # a meeting note of its own (else a heading in a contact's log)
    contacts: tuple[str, ...]


def written_conversations(touches: list[Touch], read: Callable[[str], str | None]) -> list[Written]:
    """Every conversation in `touches` (one per note and line), with what an
    import left under it. `read(path)` gives a note's text, None if unreadable."""
    grouped: dict[tuple[str, int], list[Touch]] = {}
    for touch in touches:
        grouped.setdefault((touch.path, touch.line), []).append(touch)
    texts: dict[str, list[str] | None] = {}
    found = []
    for (path, line), group in sorted(grouped.items()):
        first = group[0]
        contacts = tuple(sorted({t.contact for t in group}))
        uid, only = None, False
        if first.origin in (CONTACT, MEETING):
            if path not in texts:
                text = read(path)
                texts[path] = None if text is None else list(Lines.of(text).texts)
            lines = texts[path]
            if lines is not None:
                uid, only = _what_is_under(lines, first)
        meeting = first.origin == MEETING
        found.append(Written(path, line, first.date, first.title, uid, only, meeting, contacts))
    return found


def _what_is_under(lines: list[str], touch: Touch) -> tuple[str | None, bool]:
    if touch.origin == MEETING:
        end, _ = frame(lines)
        body = lines[0 if end is None else end + 1 :]
        return _calendar_block(body, allow_title=True)
    return _calendar_block(lines[touch.line : touch.end_line], allow_title=False)


def _calendar_block(body: list[str], allow_title: bool) -> tuple[str | None, bool]:
    """(the event UID written in these lines, whether they hold nothing else)."""
    uid, only, titled = None, True, False
    for raw in body:
        if not raw.strip():
            continue
        field = calendar_line(raw)
        if field is None:
            if allow_title and not titled and raw.startswith("# "):
                titled = True
                continue
            only = False
        elif field[0] == EVENT_UID_FIELD and uid is None:
            uid = field[1].strip() or None
    return uid, only and uid is not None


# --- taking an entry out of a contact's log ---------------------------------


def without_entry(text: str, path: str, day: date, uid: str, context: ParseContext) -> str:
    """The note without its dated heading on `day` that holds `- event_uid:: uid`,
    and the calendar lines under it; WriteRefusedError when there is none, or
    when the user has written under it since."""
    note = parse_note(path, text, context)
    refuse_conflicts(path, text, note)
    lines = Lines.of(text)
    found, _ = headings(lines, note)
    starts = {i.line - 1 for i in note.interactions if i.date == day}
    for heading in (h for h in found if h.index in starts):
        end = _block_end(lines, found, heading)
        held, only = _calendar_block(list(lines.texts[heading.index + 1 : end]), False)
        if held != uid:
            continue
        if not only:
            raise WriteRefusedError(
                f"{path}:{heading.index + 1} has more than the calendar's lines under it now; "
                "left alone"
            )
        return _removed(lines, *_span(lines, heading.index, end)).text()
    raise WriteRefusedError(f"{path} no longer holds the event on {day.isoformat()}; left alone")


def _span(lines: Lines, start: int, end: int) -> tuple[int, int]:
    """The lines to take out for the entry at start..end: with the blank line
    the import put after it, or before it at the end of the note."""
    texts = lines.texts
    while end > start + 1 and not texts[end - 1].strip():
        end -= 1
    while end < len(texts) and not texts[end].strip():
        end += 1
    if end == len(texts):
        while start > 0 and not texts[start - 1].strip():
            start -= 1
    return start, end


def _block_end(lines: Lines, found: list[Heading], heading: Heading) -> int:
    later = (h.index for h in found if h.index > heading.index and h.level <= heading.level)
    return next(later, len(lines.texts))


def _removed(lines: Lines, start: int, end: int) -> Lines:
    texts, endings = list(lines.texts), list(lines.endings)
    if end == len(texts) and start > 0 and endings[-1] == "":
        endings[start - 1] = ""  # the note ended without a newline: so it still does
    del texts[start:end], endings[start:end]
    return Lines(lines.bom, tuple(texts), tuple(endings))


# --- a meeting note the import wrote ----------------------------------------


def is_calendar_meeting_note(text: str, uid: str) -> bool:
    """Whether a meeting note holds only what `import ics` wrote for `uid`:
    its own frontmatter keys, the title heading, and the calendar's lines."""
    lines = list(Lines.of(text).texts)
    end, _ = frame(lines)
    if end is None:
        return False
    keys = {raw.split(":", 1)[0].strip().lower() for raw in lines[1:end] if raw[:1].isalpha()}
    held, only = _calendar_block(lines[end + 1 :], allow_title=True)
    return keys <= _MEETING_KEYS and held == uid and only


def trash_meeting_note(vault: Vault, relative: str, uid: str) -> str:
    """Move a meeting note `import ics` wrote (and no one has added to) into
    the vault's .trash/, as Obsidian deletes; the path it went to."""
    refuse_during_git(vault, relative)
    target = writable_target(vault, relative)
    try:
        text = decode_note(relative, target.read_bytes())
    except OSError as err:
        raise WriteRefusedError(f"{relative}: cannot read it ({err}); left alone") from None
    except ReadProblem as err:
        why = err.problem.problem
        raise WriteRefusedError(f"{relative}: cannot read it ({why}); left alone") from None
    if not is_calendar_meeting_note(text, uid):
        raise WriteRefusedError(f"{relative} has more than the calendar's lines now; left alone")
    return move_to_trash(vault, relative)
