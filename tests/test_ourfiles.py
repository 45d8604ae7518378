"""Files netnotes makes — generated notes and exports — are written by one
rule (ourfiles.write_if_changed): only when their bytes change, never over a
file netnotes did not make, with the writer's own words for a refusal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from netnotes import ourfiles
from netnotes.config import Config
from netnotes.errors import NetnotesError, WriteRefusedError
from netnotes.interop.output import write_export
from netnotes.render import write_generated
from netnotes.vault import Vault

GENERATED = "---\ngenerated_by: netnotes\n---\n# Digest\n"
EXPORT = b"BEGIN:VCALENDAR\r\nPRODID:-//netnotes//netnotes export//EN\r\nEND:VCALENDAR\r\n"


class Recorder:
    """An OurFile that remembers which checks were asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def unreadable(self, err: OSError) -> NetnotesError:
        return NetnotesError(f"unreadable: {err.strerror}")

    def not_ours(self) -> NetnotesError:
        return WriteRefusedError("not ours")

    def changing(self) -> None:
        self.asked.append("changing")

    def ready(self) -> None:
        self.asked.append("ready")


def test_a_file_that_is_not_ours_is_refused_and_left_as_it_is(tmp_path: Path):
    path = tmp_path / "Digest.md"
    path.write_bytes(b"the user's own words\n")
    target = Recorder()
    with pytest.raises(WriteRefusedError, match="not ours"):
        ourfiles.write_if_changed(path, b"ours\n", lambda old: old.startswith(b"ours"), target)
    assert path.read_bytes() == b"the user's own words\n"
    assert target.asked == ["changing"]  # refused before anything was made ready


def test_unchanged_bytes_are_not_written_and_nothing_is_checked(tmp_path: Path):
    path = tmp_path / "Digest.md"
    path.write_bytes(b"ours\n")
    target = Recorder()
    assert ourfiles.write_if_changed(path, b"ours\n", lambda old: False, target) is False
    assert target.asked == []


def test_a_new_or_changed_file_of_ours_is_written(tmp_path: Path):
    path = tmp_path / "Digest.md"
    target = Recorder()
    assert ourfiles.write_if_changed(path, b"ours 1\n", lambda old: True, target) is True
    assert ourfiles.write_if_changed(path, b"ours 2\n", lambda old: True, target) is True
    assert path.read_bytes() == b"ours 2\n"
    assert target.asked == ["changing", "ready"] * 2


def test_a_generated_note_and_an_export_are_both_written_by_the_one_rule(tmp_path, monkeypatch):
    written: list[Path] = []
    real_write = ourfiles.atomic_write

    def recording(path: Path, data: bytes, **options: Any) -> None:
        written.append(path)
        real_write(path, data, **options)

    monkeypatch.setattr(ourfiles, "atomic_write", recording)
    vault = Vault(tmp_path, Config())
    assert write_generated(vault, "Netnotes/Digest.md", GENERATED)
    assert write_export(tmp_path / "netnotes.ics", EXPORT, force=False, what="calendar")
    assert [p.name for p in written] == ["Digest.md", "netnotes.ics"]


def test_each_writer_keeps_its_own_words_for_a_file_it_did_not_make(tmp_path: Path):
    vault = Vault(tmp_path, Config())
    (tmp_path / "Netnotes").mkdir()
    (tmp_path / "Netnotes/Digest.md").write_text("mine\n")
    with pytest.raises(WriteRefusedError, match="was not written by netnotes"):
        write_generated(vault, "Netnotes/Digest.md", GENERATED)
    (tmp_path / "cal.ics").write_text("mine\n")
    with pytest.raises(WriteRefusedError, match="is not a calendar netnotes wrote"):
        write_export(tmp_path / "cal.ics", EXPORT, force=False, what="calendar")
    assert write_export(tmp_path / "cal.ics", EXPORT, force=True, what="calendar")
    (tmp_path / "empty.ics").write_bytes(b"")
    assert write_export(tmp_path / "empty.ics", EXPORT, force=False, what="calendar")
