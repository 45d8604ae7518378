"""How results leave netnotes: the JSON documents of `check`, `search` and
`import` (their keys are part of the README's contract), the conversion every
JSON output ends with, and the one-line form of a problem."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .text import printable

if TYPE_CHECKING:
    from .interop.plan import Plan
    from .models import Problem, SearchHit


def to_json(value: Any) -> Any:
    """Plain JSON values from dataclasses, tuples and dates."""
    if is_dataclass(value) and not isinstance(value, type):
        return to_json(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def problem_line(problem: Problem) -> str:
    """`People/Jane.md:3: error: …`, as `index`, `check` and `watch` say it."""
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return printable(f"{where}: {problem.severity}: {problem.problem}")


def problem_json(p: Problem) -> dict[str, Any]:
    """One `check --format json` entry."""
    return {
        "path": p.path,
        "line": p.line,
        "severity": p.severity,
        "problem": p.problem,
        "detail": p.detail,
    }


def hit_json(h: SearchHit) -> dict[str, Any]:
    """One `search --format json` hit."""
    return {
        "name": h.name,
        "path": h.path,
        "line": h.line,
        "date": h.date.isoformat() if h.date else None,
        "snippet": h.snippet,
    }


def import_json(plan: Plan, actions: tuple[str, ...]) -> dict[str, Any]:
    """The `import --format json` document: the plan, counted by action."""
    return {
        "source": plan.source,
        "file": plan.file,
        "applied": plan.applied,
        "counts": {a: plan.count(a) for a in actions},
        "warnings": list(plan.warnings),
        "steps": plan.steps,
    }
