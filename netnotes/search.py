"""Full-text search: a user's words → FTS5 query → hits with the line and a snippet."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .models import SearchHit
from .naming import lookup_key

if TYPE_CHECKING:
    from .index import Index

_FTS_SYNTAX = re.compile(r'["*()]|\b(?:AND|OR|NOT|NEAR)\b')
SNIPPET_WIDTH = 100


def fts_query(query: str) -> str:
    """Plain words are each matched as written (all must appear, `1:1` and
    `C++` included); a query that uses FTS5 syntax (quotes, `*`, parentheses,
    AND/OR/NOT, NEAR) is passed on as it is."""
    if _FTS_SYNTAX.search(query):
        return query
    return " ".join('"' + word.replace('"', '""') + '"' for word in query.split())


def search(index: Index, query: str, limit: int = 50) -> list[SearchHit]:
    if not query.strip():
        return []
    sections = index.search(fts_query(query), limit)
    names = index.contact_names({path for path, *_ in sections})
    patterns = _patterns(query)
    hits = []
    for path, start, when, text in sections:
        offset, snippet = _best_line(text.split("\n"), patterns)
        hits.append(SearchHit(path, names.get(path), start + offset, when, snippet))
    return hits


def _patterns(query: str) -> list[re.Pattern[str]]:
    """Each word of the query, folded, as a pattern to find the line it is on."""
    words = [w for w in re.findall(r"[\w']+\*?", query) if w not in ("AND", "OR", "NOT", "NEAR")]
    return [
        re.compile(
            r"\b" + re.escape(lookup_key(w.rstrip("*"))) + ("" if w.endswith("*") else r"\b")
        )
        for w in words
        if lookup_key(w.rstrip("*"))
    ]


def _best_line(lines: list[str], patterns: list[re.Pattern[str]]) -> tuple[int, str]:
    """The line that holds the most words of the query, the first of those
    (a line with all of them when there is one): (offset, trimmed snippet)."""
    best, best_count, best_at = -1, 0, 0
    for offset, line in enumerate(lines):
        folded = lookup_key(line)
        found = [m for m in (p.search(folded) for p in patterns) if m]
        if len(found) > best_count:
            best, best_count, best_at = offset, len(found), min(m.start() for m in found)
            if best_count == len(patterns):
                break
    if best >= 0:
        return best, _trim(lines[best].strip(), best_at)
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    return first, _trim(lines[first].strip(), 0)


def _trim(text: str, position: int) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_WIDTH:
        return text
    start = max(0, min(position - SNIPPET_WIDTH // 3, len(text) - SNIPPET_WIDTH))
    snippet = text[start : start + SNIPPET_WIDTH]
    return ("…" if start else "") + snippet + ("…" if start + SNIPPET_WIDTH < len(text) else "")
