"""Obsidian's frontmatter as a python-frontmatter handler, for scripts
(`netnotes.ObsidianHandler`): yamlfm's reading. netnotes itself never
imports python-frontmatter."""

from __future__ import annotations

import re
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from .notelines import frontmatter_end
from .yamlfm import frame, read, unflow

_FENCE_LINE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)  # FENCE, in a whole text


class ObsidianYAMLHandler(YAMLHandler):
    """Obsidian's frontmatter as a python-frontmatter `Handler`: yamlfm's
    reading, the parser's own. `detect`, `split` and `load` are
    python-frontmatter's protocol, so a script reads a note exactly as
    netnotes does with `frontmatter.load(path, handler=ObsidianHandler())`;
    `frame` and `read` are yamlfm's, which also report problems by line.
    Never used to dump: netnotes edits lines, it does not re-serialise YAML."""

    FM_BOUNDARY = _FENCE_LINE
    START_DELIMITER = END_DELIMITER = "---"

    def detect(self, text: str) -> bool:
        return frontmatter_end(text.lstrip("\ufeff").split("\n")) is not None

    def split(self, text: str) -> tuple[str, str]:
        lines = text.lstrip("\ufeff").split("\n")
        end = frontmatter_end(lines)
        if end is None:
            return "", text
        return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :])

    def load(self, fm: str, **kwargs: Any) -> dict[str, Any]:
        """The values as netnotes reads them: YAML 1.2-like scalars, dates as
        dates, the first of a duplicate key, an unquoted `[[Link]]` as the link."""
        values = read(fm, first_line=int(kwargs.get("first_line", 2))).values
        return {key: unflow(value) for key, value in values.items()}

    frame = staticmethod(frame)
    read = staticmethod(read)


HANDLER = ObsidianYAMLHandler()
