"""Reading other tools' exports as they really come (RELIABILITY.md §5, T62–T68):
LinkedIn's preamble and BOM, Google's two layouts, vCard 2.1/3.0/4.0 in one
file with a broken card; and files that are not what they claim."""

from __future__ import annotations

import io
import locale
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from netnotes.interop import read_entries
from netnotes.interop.google import parse_google
from netnotes.interop.linkedin import parse_linkedin
from netnotes.interop.records import (
    Record,
    Rejected,
    SourceError,
    english_date,
    linkedin_key,
    normal_birthday,
    tag_from_label,
)
from netnotes.interop.vcard import parse_vcard_file, parse_vcards

FIXTURES = Path(__file__).parent / "fixtures" / "interop"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def records(entries) -> dict[str, Record]:
    return {e.name: e for e in entries if isinstance(e, Record)}


def without_where(entries) -> list:
    return [replace(e, where="") for e in entries]


# --- LinkedIn ------------------------------------------------------------------


def test_linkedin_export_with_preamble_and_bom_gives_one_record_per_named_row():
    data = fixture("Connections.csv")
    assert data.startswith(b"\xef\xbb\xbfNotes:")
    entries = parse_linkedin("Connections.csv", data)
    people = records(entries)
    assert list(people) == ["Ada Lovelace", "Grace Hopper", "ZOE ANGSTROM", "Raj P.", "Jane Doe"]
    ada = people["Ada Lovelace"]
    assert ada.company == "Figma, Inc."
    assert ada.role == "VP, Engineering"
    assert ada.emails == ()
    assert ada.connected == date(2024, 3, 5)
    assert ada.linkedin == "https://www.linkedin.com/in/ada-lovelace-1815"
    assert people["Grace Hopper"].emails == ("grace@navy.example",)


def test_linkedin_row_without_a_name_is_reported_with_its_line():
    rejected = [
        e for e in parse_linkedin("c.csv", fixture("Connections.csv")) if isinstance(e, Rejected)
    ]
    assert len(rejected) == 1
    assert rejected[0].where == "line 7"
    assert "no name" in rejected[0].reason


def test_linkedin_without_preamble_and_with_crlf_reads_the_same():
    with_preamble = parse_linkedin("a.csv", fixture("Connections.csv"))
    plain_crlf = parse_linkedin("b.csv", fixture("Connections-plain-crlf.csv"))
    assert b"\r\n" in fixture("Connections-plain-crlf.csv")
    assert without_where(with_preamble) == without_where(plain_crlf)


def test_linkedin_dates_use_english_month_names_whatever_the_locale():
    saved = locale.setlocale(locale.LC_TIME)
    for name in ("de_DE.UTF-8", "fr_FR.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    try:
        assert english_date("05 Mar 2024") == date(2024, 3, 5)
        assert english_date("3 Feb 2026") == date(2026, 2, 3)
        assert english_date("2024-03-05") == date(2024, 3, 5)
        with pytest.raises(ValueError):
            english_date("05 Mär 2024")
    finally:
        locale.setlocale(locale.LC_TIME, saved)


def test_linkedin_bad_connected_on_keeps_the_person_and_warns():
    data = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,L,,,,,yesterday\n"
    (ada,) = parse_linkedin("c.csv", data)
    assert isinstance(ada, Record) and ada.connected is None
    assert "yesterday" in ada.warnings[0]


def test_linkedin_export_zip_is_read_directly():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Basic_LinkedInDataExport/Invitations.csv", "From,To\n")
        archive.writestr("Basic_LinkedInDataExport/Connections.csv", fixture("Connections.csv"))
    from_zip = parse_linkedin("export.zip", buffer.getvalue())
    assert from_zip == parse_linkedin("Connections.csv", fixture("Connections.csv"))


# --- Google ---------------------------------------------------------------------


def test_google_current_layout_splits_multi_values_and_drops_system_labels():
    people = records(parse_google("g.csv", fixture("google-contacts.csv")))
    margaret = people["Margaret Hamilton"]
    assert margaret.emails == ("a@x.example", "b@x.example")
    assert margaret.labels == ("Friends",)
    assert margaret.birthday == "04-17"
    assert margaret.addresses == ("12 Main St\nApt 4\nCambridge, MA 02139\nUS",)
    assert margaret.note == "Met at the Apollo reunion.\nAsk about the new book."
    assert margaret.company == "Draper Lab"
    assert margaret.role == "Director, Software Engineering"
    assert margaret.linkedin == "https://www.linkedin.com/in/margaret-hamilton"
    katherine = people["Katherine G. Johnson"]
    assert katherine.labels == ("Work Colleagues",)
    assert katherine.phones == ("+1 757-555-0101", "+1 757-555-0102")
    assert katherine.birthday == "1918-08-26"


def test_google_contact_with_only_an_organisation_is_skipped_with_why():
    rejected = [
        e for e in parse_google("g.csv", fixture("google-contacts.csv")) if isinstance(e, Rejected)
    ]
    assert [(r.where, r.label) for r in rejected] == [("line 9", "Acme Catering")]
    assert "only an organisation" in rejected[0].reason


def test_google_old_layout_maps_like_the_current_one():
    old = parse_google("old.csv", fixture("google-contacts-old.csv"))
    new = parse_google("new.csv", fixture("google-contacts.csv"))
    assert old == new


def test_google_csv_saved_as_utf16_reads_the_same():
    text = fixture("google-contacts.csv").decode("utf-8")
    utf16 = b"\xff\xfe" + text.encode("utf-16-le")
    assert parse_google("g16.csv", utf16) == parse_google("g.csv", fixture("google-contacts.csv"))


def test_google_import_of_a_linkedin_file_says_which_command_to_use():
    with pytest.raises(SourceError, match="netnotes import linkedin"):
        parse_google("Connections.csv", fixture("Connections-plain-crlf.csv"))


# --- vCard ----------------------------------------------------------------------


def test_vcard_file_mixing_versions_imports_every_readable_card():
    entries = parse_vcards("contacts.vcf", fixture("contacts.vcf"))
    assert [e.name if isinstance(e, Record) else e.label for e in entries] == [
        "Zoë Ahlström",
        "José Pérez",
        "Grace Hopper",
        "Half Written",
        "Ana Lima",
        "Blue Bottle Coffee",
        "Rajesh Patel",
    ]
    assert [type(e).__name__ for e in entries].count("Record") == 5


def test_vcard_21_quoted_printable_decodes_in_its_charset():
    people = records(parse_vcards("c.vcf", fixture("contacts.vcf")))
    zoe = people["Zoë Ahlström"]
    assert zoe.note == "Met at the Stockholm meetup; loves sailing and jäzz."
    assert zoe.phones[0] == "+46 70 123 45 67"  # the preferred one first
    assert zoe.company == "Klarna" and zoe.role == "Staff Engineer"
    assert zoe.birthday == "1985-03-12"
    assert "José Pérez" in people  # ISO-8859-1 quoted-printable


def test_vcard_21_single_qp_name_line():
    card = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zo=C3=AB\r\nEND:VCARD\r\n"
    (entry,) = parse_vcards("z.vcf", card)
    assert entry.name == "Zoë"


def test_vcard_garbage_line_is_skipped_and_the_card_kept():
    entries, warnings = parse_vcard_file("c.vcf", fixture("contacts.vcf"))
    grace = records(entries)["Grace Hopper"]
    assert grace.warnings == ()
    assert warnings == ("a line that is not a vCard property was skipped (1 time; line 29)",)
    assert grace.company == "Acme, Inc."
    assert grace.emails == ("grace@navy.example",)
    assert grace.linkedin == "https://www.linkedin.com/in/gracehopper"  # Apple's escaped colon
    assert grace.birthday == "12-09"  # X-APPLE-OMIT-YEAR
    assert grace.labels == ("Mentors", "Book Club")
    assert (
        grace.note == "Compiler pioneer, keeps a nanosecond of wire on her desk.\nAsk about COBOL."
    )


def test_vcard_without_end_is_reported_by_position_and_name():
    entries = parse_vcards("c.vcf", fixture("contacts.vcf"))
    broken = entries[3]
    assert isinstance(broken, Rejected)
    assert broken.where == "card 4 (line 36)"
    assert broken.label == "Half Written"


def test_vcard_40_birthday_without_year_and_tel_uri():
    ana = records(parse_vcards("c.vcf", fixture("contacts.vcf")))["Ana Lima"]
    assert ana.birthday == "04-15"
    assert ana.phones == ("+1-555-0100",)
    assert ana.linkedin == "https://www.linkedin.com/in/analima"


def test_vcard_with_n_but_no_fn_takes_the_name_from_n():
    card = b"BEGIN:VCARD\nVERSION:2.1\nN:Lima;Ana;;;\nEND:VCARD\n"
    (entry,) = parse_vcards("n.vcf", card)
    assert entry.name == "Ana Lima"


# --- fields shared by every source ------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("1999-04-17", "1999-04-17"),
        ("19990417", "1999-04-17"),
        ("--04-17", "04-17"),
        ("--0417", "04-17"),
        ("1999-04-17T00:00:00Z", "1999-04-17"),
        ("17/04/1999", "1999-04-17"),
        ("04/17/1999", "1999-04-17"),
        ("1999/04/17", "1999-04-17"),
        ("--02-29", "02-29"),
    ],
)
def test_birthday_forms_are_normalised(written, kept):
    assert normal_birthday(written) == kept


@pytest.mark.parametrize("written", ["04/05/1999", "1999", "--13-01", "2001-02-29", "soon"])
def test_birthdays_that_could_be_misread_are_refused(written):
    with pytest.raises(ValueError):
        normal_birthday(written)


def test_labels_become_obsidian_tags():
    assert tag_from_label("Work Colleagues") == "work-colleagues"
    assert tag_from_label("Friends") == "friends"
    assert tag_from_label("2024") is None
    assert tag_from_label("Café, Zürich") == "café-zürich"


def test_linkedin_addresses_compare_by_profile():
    assert linkedin_key("https://www.linkedin.com/in/Jane-Doe/") == linkedin_key(
        "linkedin.com/in/jane-doe"
    )
    assert linkedin_key("https://example.com/in/jane") is None


# --- bad input --------------------------------------------------------------------


@pytest.mark.parametrize("source", ["linkedin", "google", "vcard"])
def test_empty_file_is_refused(source):
    with pytest.raises(SourceError, match=r"^x\.dat: the file is empty; expected "):
        read_entries(source, "x.dat", b"  \n")


@pytest.mark.parametrize("source", ["linkedin", "google", "vcard"])
def test_unknown_encoding_is_refused_with_its_line(source):
    data = b"First Name,Last Name\nJos\xe9,P\xe9rez\n"
    with pytest.raises(SourceError, match=r"^x\.csv: line 2 is not UTF-8 text"):
        read_entries(source, "x.csv", data)


def test_csv_without_a_recognisable_header_is_refused():
    data = b"Name;Phone\nAda;123\n"
    with pytest.raises(SourceError, match="no LinkedIn header row"):
        parse_linkedin("x.csv", data)
    with pytest.raises(SourceError, match="no Google Contacts header row"):
        parse_google("x.csv", data)


def test_a_csv_is_not_a_vcard():
    with pytest.raises(SourceError, match=r"^c\.csv: no BEGIN:VCARD line; expected a vCard file"):
        parse_vcards("c.csv", fixture("google-contacts.csv"))


def test_binary_data_is_refused():
    with pytest.raises(SourceError, match="binary data"):
        parse_vcards("x.vcf", b"SQLite format 3\x00\x10\x00\x01\x01")
    with pytest.raises(SourceError, match="not UTF-8"):
        parse_vcards("x.vcf", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
