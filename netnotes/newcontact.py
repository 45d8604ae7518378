"""A new contact note, for `netnotes new` and the importers: the contact
template rendered with values that every YAML reader (Obsidian's, PyYAML's)
reads back exactly as given, checked to parse as a contact, and created all
at once where no note of that name exists. Nothing here dumps YAML."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .config import Config, parse_context
from .dates import parse_birthday, parse_cadence, parse_date
from .errors import TemplateError, UsageError, WriteRefusedError
from .inline import KINDS, canonical_kind
from .models import CONTACT, ERROR, Contact, ParseContext
from .models_note import NewContact
from .naming import answers_to, lookup_key, safe_filename
from .notes import LADDER, parse_note
from .text import one_line
from .vault import Vault, atomic_create
from .writes import FolderListing, make_folder, new_note_place, refuse_during_git
from .yamlfm import yaml_value

if TYPE_CHECKING:
    from .render import Renderer

CONTACT_TEMPLATE = "contact.md.j2"


def install_filters(renderer: Renderer) -> None:
    renderer.add_filter("yaml_value", yaml_value)


# --- netnotes new ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactTemplate:
    """The variables of templates/contact.md.j2. Text values are as the user
    gave them (pass them through `| yaml_value` in frontmatter); `tags` has no
    `#`s; `met` is a date; `birthday` a date when the year is known, else
    "MM-DD"; `note` a paragraph for the body."""

    name: str
    ladder: str | None
    company: str | None
    role: str | None
    tags: tuple[str, ...]
    cadence: str | None
    email: str | None
    phone: str | None
    linkedin: str | None
    how_met: str | None
    met: date | None
    birthday: date | str | None
    note: str | None
    connected: date | None = None
    given_name: str | None = None
    family_name: str | None = None


def create_contact(
    vault: Vault,
    config: Config,
    renderer: Renderer,
    contacts: list[Contact],
    new: NewContact,
    stem: str | None = None,
    listing: FolderListing | None = None,
) -> str:
    """Write `<people_dir>/<safe name>.md` from the contact template and return
    its vault-relative path. Refuses (WriteRefusedError) when a contact already
    answers to that name or alias — unless both carry companies that differ:
    then the second person is `Name (Company).md` — or the file exists in any
    case; never overwrites. `stem` is a file name an import already judged
    (identity.py): only the file must be free. Bad values are UsageErrors.
    The caller holds the write lock."""
    context = contact_context(new)
    stem = _new_stem(contacts, context, stem)
    folder, relative = new_note_place(vault, config.people_dir, stem, "nothing written", listing)
    install_filters(renderer)
    text = with_last_touch(renderer.render(CONTACT_TEMPLATE, context), new)
    _check_rendered(relative, text, parse_context(config))
    refuse_during_git(vault, relative)
    make_folder(folder)
    atomic_create(folder / f"{stem}.md", text.encode("utf-8"))
    if listing is not None:
        listing.add(folder, stem)
    return relative


def with_last_touch(text: str, new: NewContact) -> str:
    """The note with a log heading for the last time the user was in touch
    (`--last-touch`), under `## Log` (added at the end when the template has
    none), so that someone known for years starts out due by their cadence,
    not years overdue from `met:`."""
    if new.last_touch is None:
        return text
    title = "Last in touch"  # no kind word: a touch, not face to face
    if new.last_kind:
        kind = canonical_kind(new.last_kind)
        if kind is None:
            raise UsageError(f"kind: '{new.last_kind}' is not a kind ({', '.join(sorted(KINDS))})")
        title = kind.capitalize() if kind[0].isalpha() else kind
    lines = text.rstrip("\n").split("\n")  # the renderer writes "\n" line endings
    if not any(line.strip().lower() == "## log" for line in lines):
        lines += ["", "## Log"]
    return "\n".join([*lines, f"### {new.last_touch.isoformat()} — {title}", ""])


def contact_context(new: NewContact) -> ContactTemplate:
    """NewContact, checked and tidied for the template; UsageError naming the field."""
    ladder = one_line(new.ladder, "ladder")
    if ladder and ladder.lower() not in LADDER:
        raise UsageError(f"ladder: '{ladder}' is not above, peer or below")
    cadence = one_line(new.cadence, "cadence")
    try:
        if cadence:
            parse_cadence(cadence)
    except ValueError as err:
        raise UsageError(f"cadence: {err}") from None
    name = one_line(new.name, "name")
    if not name:
        raise UsageError("give the contact a name")
    return _no_templater(
        ContactTemplate(
            name=name,
            ladder=ladder.lower() if ladder else None,
            company=one_line(new.company, "company"),
            role=one_line(new.role, "role"),
            tags=_tags(new.tags),
            cadence=cadence,
            email=one_line(new.email, "email"),
            phone=one_line(new.phone, "phone"),
            linkedin=one_line(new.linkedin, "linkedin"),
            how_met=one_line(new.how_met, "how_met"),
            met=new.met,
            birthday=_birthday(one_line(new.birthday, "birthday")),
            note=_paragraph(new.note),
            connected=new.connected,
            given_name=one_line(new.given_name, "given_name"),
            family_name=one_line(new.family_name, "family_name"),
        )
    )


def _no_templater(context: ContactTemplate) -> ContactTemplate:
    """Obsidian's Templater plugin, set to run on new files, runs `<% … %>` in
    a new note as code; imported names and notes come from other people."""
    for field in dataclasses.fields(context):
        value = getattr(context, field.name)
        texts = value if isinstance(value, tuple) else [value]
        if any(isinstance(text, str) and "<%" in text for text in texts):
            raise UsageError(
                f"{field.name}: holds '<%', which Obsidian's Templater plugin runs as code "
                "in a new note; nothing written"
            )
    return context


def _birthday(text: str | None) -> date | str | None:
    """A date when the year is known, else "MM-DD"."""
    if not text:
        return None
    try:
        whole = str(parse_birthday(text))
    except ValueError as err:
        raise UsageError(f"birthday: {err}") from None
    return parse_date(whole) if len(whole) == 10 else whole


def _paragraph(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if re.search(r"[\ud800-\udfff]", text):
        raise UsageError("note: holds bytes that are not UTF-8")
    return text or None


def _tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Without `#`, spaces as `-` (a tag has none), each once whatever its case."""
    found: dict[str, str] = {}
    for tag in tags:
        clean = "-".join((one_line(tag, "tag") or "").lstrip("#").split())
        if clean:
            found.setdefault(clean.casefold(), clean)
    return tuple(found.values())


def _file_stem(name: str) -> str:
    try:
        return safe_filename(name)
    except ValueError:
        raise UsageError(f"'{name}' has no letters or digits to make a file name from") from None


def _same_person(contacts: list[Contact], name: str, stem: str) -> str | None:
    wanted = {lookup_key(name), lookup_key(stem)}
    for contact in contacts:
        if wanted & {lookup_key(contact.name), lookup_key(contact.stem)}:
            return f"{contact.name} already exists: {contact.path}"
        for alias in contact.aliases:
            if lookup_key(alias) in wanted:
                return f"'{alias}' is already an alias of {contact.name} ({contact.path})"
    return None


def _new_stem(contacts: list[Contact], context: ContactTemplate, judged: str | None) -> str:
    """The new note's file name: the name, or `Name (Company)` for a second
    person of that name; an import's own judgement (`judged`) as it is. A
    contact who already answers to it is a refusal."""
    from .interop.keys import link_target

    if judged is not None:
        stem = _file_stem(judged)
        existing = _same_person(contacts, stem, stem)
    else:
        stem = _file_stem(context.name)
        existing = _same_person(contacts, context.name, stem)
        if existing and _namesakes_elsewhere(contacts, context):
            stem = _file_stem(f"{context.name} ({link_target(context.company or '')})")
            existing = _same_person(contacts, stem, stem)
    if existing:
        raise WriteRefusedError(f"{existing}; nothing written")
    return stem


def _namesakes_elsewhere(contacts: list[Contact], context: ContactTemplate) -> bool:
    """Everyone who answers to the name carries a company other than the new
    person's (the identity rule): a second person of that name."""
    from .interop.keys import company_key

    wanted = company_key(context.company)
    if not wanted:
        return False
    name = lookup_key(context.name)
    same = [c for c in contacts if name in answers_to(c.name, c.path, c.aliases)]
    return bool(same) and all(
        company_key(c.company) and company_key(c.company) != wanted for c in same
    )


def _check_rendered(relative: str, text: str, context: ParseContext) -> None:
    """A user's template must still make a note netnotes can read."""
    note = parse_note(relative, text, context)
    problem = next((p for p in note.problems if p.severity == ERROR), None)
    if problem:
        raise TemplateError(
            f"template {CONTACT_TEMPLATE} made a note netnotes cannot read "
            f"(line {problem.line}: {problem.problem}); nothing written"
        )
    if note.kind != CONTACT:
        raise TemplateError(f"template {CONTACT_TEMPLATE} made a note that is not a contact")
