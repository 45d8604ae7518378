"""Text from other people's invitations, made safe to write into a note.

A summary, a place or a description was written by whoever sent the
invitation: it is data, never markup. HTML becomes plain text, and anything
netnotes' parser or Obsidian would act on — a `[[link]]`, a `#tag`, a task
box, an inline field, a `%%` comment, `<%` Templater code, a heading — is
escaped with a backslash, which markdown shows as the character itself. Every such line is written
after `calendar:: ` in a list item, so nothing can start a line of its own."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

MAX_LINES = 30  # of a description: enough for an agenda, not a whole Zoom boilerplate
MAX_LINE = 300  # characters of one line

_LOOKS_HTML = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*[\s/>]|/[a-zA-Z]|!--)")
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(value: str) -> str:
    """HTML (as Google and Outlook put in descriptions) reduced to its text;
    anything else as it is, line breaks normalised."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if _LOOKS_HTML.search(text):
        reader = _TextOnly()
        reader.feed(text.replace("\n", " "))
        reader.close()
        text = "".join(reader.parts)
    elif "&" in text:
        text = html.unescape(text)
    return unicodedata.normalize("NFC", text)


_ESCAPES = (
    (re.compile(r"\[\["), r"\[\["),  # wikilinks and embeds
    (re.compile(r"\]\]"), r"\]\]"),
    (re.compile(r"(?<![^\s(])#"), r"\#"),  # tags, and a leading heading mark
    (re.compile(r"\[([ xX/-])\]"), r"\[\1\]"),  # task boxes
    (re.compile(r"::"), r":\:"),  # Dataview inline fields (`personal:: …`)
    (re.compile(r"%%"), r"%\%"),  # Obsidian comments
    (re.compile(r"<(?![%!])"), r"\<"),  # HTML that Obsidian would render
    (re.compile(r"<([%!])"), r"\<\\\1"),  # <% Templater, <!-- comments: broken up even raw
)


def inert(line: str) -> str:
    """One line of someone else's text that no markdown reader acts on."""
    line = " ".join(_CONTROL.sub(" ", line).split())
    if len(line) > MAX_LINE:
        line = line[: MAX_LINE - 1].rstrip() + "…"
    for pattern, replacement in _ESCAPES:
        line = pattern.sub(replacement, line)
    return line


def inert_lines(value: str | None) -> list[str]:
    """A place or description as lines to keep: plain text, blank lines
    dropped, each line inert, at most MAX_LINES (the rest said to be cut)."""
    if not value:
        return []
    lines = [inert(line) for line in plain_text(value).split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > MAX_LINES:
        cut = len(lines) - MAX_LINES + 1
        lines = [*lines[: MAX_LINES - 1], f"(… {cut} more lines in the calendar)"]
    return lines


def inert_title(value: str | None) -> str:
    """A summary as a one-line title that no markdown reader acts on."""
    return inert(plain_text(value or "").replace("\n", " "))
