"""The digest as a typed context: `Digest`, what `templates/digest.md.j2`
receives (each field a variable, docs/digest.md), and its `Today` block."""

from datetime import date
from typing import NamedTuple

from .digest_rows import (
    Attention,
    BirthdayRow,
    ComingUp,
    DigestSection,
    FollowUp,
    GroupRow,
    Overdue,
    Rung,
    Shared,
    Unmet,
)
from .digest_scope import Scope
from .quicktouch import QuickTouch
from .worklist import MeetRow, Pick
from .writeup import WriteUp


class Today(NamedTuple):
    """The digest's top: what to do today."""

    meeting_rows: DigestSection[ComingUp]  # today's and tomorrow's, shown up to digest.max_rows
    birthdays: tuple[BirthdayRow, ...]  # today
    follow_ups: tuple[FollowUp, ...]  # the most late ones you owe, at most TODAY_LATE
    picks: tuple[Pick, ...]

    @property
    def meetings(self) -> tuple[ComingUp, ...]:
        """Today's and tomorrow's meetings: every one, or (`Digest.whole`
        false) the first ones, `meeting_rows.total` in all."""
        return self.meeting_rows.rows

    @property
    def empty(self) -> bool:
        return not (self.meetings or self.birthdays or self.follow_ups or self.picks)


class Digest(NamedTuple):
    """What `templates/digest.md.j2` receives; each field is a variable."""

    date: date
    weekday: str
    horizon_days: int
    scope: Scope
    scope_text: str  # '' for the whole network
    output_dir: str
    today: Today
    picks: tuple[Pick, ...]  # this week's picks
    write_up: DigestSection[WriteUp]
    quick_touches: DigestSection[QuickTouch]
    coming_up: DigestSection[ComingUp]
    overdue: DigestSection[Overdue]  # the recently lapsed first, then the long lost
    lapsed: DigestSection[Overdue]  # overdue without the long lost, for the markdown
    long_lost: tuple[Overdue, ...]  # folded into one line in the markdown
    long_lost_count: int  # all of them, when `long_lost` holds only the first (`whole` false)
    meet_in_person: DigestSection[MeetRow]
    follow_ups: DigestSection[FollowUp]
    follow_ups_late: int  # how many follow-ups are overdue
    waiting: DigestSection[FollowUp]
    personal: DigestSection[Shared]
    birthdays: DigestSection[BirthdayRow]
    still_to_meet: DigestSection[Unmet]
    groups: DigestSection[GroupRow]
    address_book: int  # contacts with no rung, cadence, touch or plan: not in still_to_meet
    ladder: tuple[Rung, ...]  # above, peer, below, unplaced
    attention: DigestSection[Attention]
    attention_errors: int
    whole: bool = True  # every row of every section; False: only the rows the markdown shows
