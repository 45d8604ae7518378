"""netnotes: a personal networking CRM made of plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["ObsidianHandler", "__version__"]

if TYPE_CHECKING:
    from .yamlhandler import ObsidianYAMLHandler as ObsidianHandler


def __getattr__(name: str) -> Any:
    """`ObsidianHandler` on first use: `import netnotes` stays cheap (no YAML)."""
    if name == "ObsidianHandler":
        from .yamlhandler import ObsidianYAMLHandler

        return ObsidianYAMLHandler
    raise AttributeError(f"module 'netnotes' has no attribute {name!r}")
