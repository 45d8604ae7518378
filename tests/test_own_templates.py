"""netnotes' own templates render outside the sandbox, a vault's own in it
(render.Renderer): the same template gives the same bytes either way."""

from __future__ import annotations

import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATE
from netnotes.newcontact import ContactTemplate, install_filters
from netnotes.render import Renderer, default_templates


@pytest.mark.parametrize(
    ("fixture", "someone"), [("example_vault", "Jane Doe"), ("edge_vault", "Ada Park")]
)
def test_a_vault_copy_of_netnotes_templates_renders_the_same_bytes_in_the_sandbox(
    run, request, fixture, someone
):
    root: Path = request.getfixturevalue(fixture)
    runs = [
        ("digest", "--stdout", "--date", EXAMPLE_DATE),
        ("digest", "--stdout", "--date", "2026-12-01", "--horizon", "60"),
        ("prep", someone, "--stdout", "--date", EXAMPLE_DATE),
        ("prep", "--upcoming", "--stdout", "--date", EXAMPLE_DATE),
    ]
    own = [run(root, *args) for args in runs]
    assert not Renderer(root).from_vault("digest.md.j2")
    ours = root / ".netnotes" / "templates"
    ours.mkdir(parents=True, exist_ok=True)
    for template in default_templates().glob("*.j2"):
        shutil.copy(template, ours / template.name)
    assert Renderer(root).from_vault("digest.md.j2")
    sandboxed = [run(root, *args) for args in runs]
    assert [(r.exit_code, r.stdout) for r in sandboxed] == [(r.exit_code, r.stdout) for r in own]
    assert all(r.exit_code == 0 and r.stdout for r in own)


def test_new_renders_the_contact_note_with_its_filter_in_either_environment(run, make_vault):
    root = make_vault()
    assert run(root, "new", "Ada Park", "--company", "Acme: the one", "--tag", "x").exit_code == 0
    ours = root / ".netnotes" / "templates"
    ours.mkdir()
    shutil.copy(default_templates() / "contact.md.j2", ours / "contact.md.j2")
    assert run(root, "new", "Bob Lee", "--company", "Acme: the one", "--tag", "x").exit_code == 0
    ada, bob = (root / "People" / f"{n}.md" for n in ("Ada Park", "Bob Lee"))
    assert ada.read_text().replace("Ada Park", "X") == bob.read_text().replace("Bob Lee", "X")


def test_a_template_added_to_the_vault_is_used_at_the_next_render(tmp_path):
    root = tmp_path / "vault"
    (root / ".netnotes" / "templates").mkdir(parents=True)
    renderer = Renderer(root)
    install_filters(renderer)
    assert renderer.render("contact.md.j2", _contact()).startswith("---\n")
    (root / ".netnotes" / "templates" / "contact.md.j2").write_text("mine {{ name }}\n")
    assert renderer.render("contact.md.j2", _contact()) == "mine Ada\n"


def _contact() -> dict[str, object]:
    values: dict[str, object] = {f.name: None for f in fields(ContactTemplate)}
    return {**values, "name": "Ada", "tags": ()}
