"""netnotes: a personal networking CRM made of plain text."""

__version__ = "0.1.0"
