"""Real export shapes (hand-written, never made by our exporter): vCards with
a property vobject cannot read, Windows-1252 2.1 files, CR CR LF line ends,
ORG as written; LinkedIn's 2018 and Excel-saved dates; Outlook's CSV."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from netnotes.interop import read_entries
from netnotes.interop.google import parse_google
from netnotes.interop.linkedin import parse_linkedin
from netnotes.interop.outlook import parse_outlook
from netnotes.interop.records import Record, SourceError
from netnotes.interop.vcard import parse_vcard_file

FIXTURES = Path(__file__).parent / "fixtures" / "interop"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def people(entries) -> dict[str, Record]:
    return {e.name: e for e in entries if isinstance(e, Record)}


# --- vCard -------------------------------------------------------------------------


def test_rfc2426_profile_line_and_a_broken_photo_cost_nothing():
    entries, warnings = parse_vcard_file("rfc2426.vcf", fixture("rfc2426.vcf"))
    found = people(entries)
    assert list(found) == ["Frank Dawson", "Jane Company"]
    frank = found["Frank Dawson"]
    assert frank.emails == ("Frank_Dawson@Lotus.com", "fdawson@earthlink.net")
    assert frank.phones[0] == "+1-919-676-9515"
    assert frank.company == "Lotus Development Corporation"
    jane = found["Jane Company"]
    assert jane.company == "Company, The"  # ORG as written, its first part
    assert (jane.emails, jane.phones) == (("jane@company.example",), ("+1 555 0100",))
    assert warnings == ()


def test_an_unreadable_property_is_skipped_naming_it_and_the_card():
    # Outlook's own picture property, cut short: base64 that cannot be decoded
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@x.example\r\n"
        b"X-MS-CARDPICTURE;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQEAS\r\n"
        b"TEL:+1 555 0100\r\nEND:VCARD\r\n"
    )
    entries, warnings = parse_vcard_file("x.vcf", card * 2)
    assert [(e.name, e.emails, e.phones) for e in entries] == [
        ("Jane Doe", ("jane@x.example",), ("+1 555 0100",))
    ] * 2
    assert warnings == (
        "X-MS-CARDPICTURE could not be read and was skipped; the rest of the card was kept "
        "(2 times; card 1 (line 1) Jane Doe, card 2 (line 8) Jane Doe)",
    )


def test_windows_1252_vcard_21_reads_in_its_charset_else_windows_1252_with_one_warning():
    entries, warnings = parse_vcard_file("outlook.vcf", fixture("outlook-ansi-21.vcf"))
    found = people(entries)
    assert list(found) == ["Jürgen Müller", "Ana Björk"]
    jurgen = found["Jürgen Müller"]
    assert jurgen.company == "€uro Müller GmbH"  # quoted-printable =80 read as Windows-1252
    assert jurgen.role == "Geschäftsführer"
    assert jurgen.emails == ("j.mueller@mueller.example",)
    assert jurgen.phones == ("+49 30 1234567",)  # the unindented PHOTO lines cost nothing
    assert found["Ana Björk"].note == "Café on Fridays"  # CHARSET=ISO-8859-1
    assert len(warnings) == 2
    assert warnings[0] == "the file is not UTF-8: 6 lines without a CHARSET read as Windows-1252"
    assert "quoted-printable" in warnings[1] and "card 1 (line 1) ORG" in warnings[1]


def test_iphone_cr_cr_lf_line_ends_read_cleanly():
    entries, warnings = parse_vcard_file("ios.vcf", fixture("iphone-crcrlf.vcf"))
    (daniel,) = entries
    assert isinstance(daniel, Record)
    assert (daniel.name, daniel.company, daniel.birthday) == (
        "Daniel Okafor",
        "Brightline",
        "09-18",
    )
    assert daniel.emails == ("daniel@brightline.example",)
    assert warnings == ()


def test_a_file_of_garbage_lines_warns_once_with_a_count():
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\n" + "garbage without colon\n" * 50 + "END:VCARD\n"
    entries, warnings = parse_vcard_file("g.vcf", card.encode())
    assert [e.name for e in entries] == ["Ada"]
    assert len(warnings) == 1 and "(50 times;" in warnings[0]


# --- LinkedIn ------------------------------------------------------------------------


def test_linkedin_2018_layout_and_member_urn_is_no_email():
    found = people(parse_linkedin("c.csv", fixture("Connections-2018.csv")))
    assert found["Ada Lovelace"].connected == date(2018, 1, 8)
    assert found["Ada Lovelace"].emails == ("ada@engines.example",)
    assert found["Grace Hopper"].connected == date(2017, 12, 25)
    assert found["Grace Hopper"].emails == ()  # urn:li:member:… is not an address
    assert all(not p.warnings for p in found.values())


def test_linkedin_dates_as_excel_saves_them():
    found = people(parse_linkedin("c.csv", fixture("Connections-excel.csv")))
    assert found["Ada Lovelace"].connected == date(2023, 4, 23)
    assert found["Grace Hopper"].connected == date(2019, 1, 5)


# --- Outlook ------------------------------------------------------------------------


def test_outlook_csv_keeps_emails_company_title_phones_and_categories():
    entries, warnings = parse_outlook("contacts.csv", fixture("outlook-contacts.csv"))
    found = people(entries)
    alison = found["Alison Hill"]
    assert alison.emails == ("alison.hill@contoso.example", "ahill@home.example")
    assert alison.phones == ("+1 (425) 555-0101", "(425) 555-0199")  # mobile first
    assert (alison.company, alison.role) == ("Contoso, Ltd.", "Chief Financial Officer")
    assert alison.birthday == "1981-06-15"
    assert alison.linkedin == "https://www.linkedin.com/in/alisonhill"
    assert alison.labels == ("Finance", "Mentors")
    assert alison.note == "Met at the Seattle CFO roundtable.\nLoves sailing."
    pat = found["Pat J. Kim"]
    assert pat.birthday is None and not pat.warnings  # Outlook's 0/0/00 is no birthday
    assert pat.role == "Acheteuse — café"
    assert pat.emails == ("pat@fabrikam.example",)  # not the Exchange X.500 path
    assert warnings == ("the file is not UTF-8; read it as Windows-1252 (Outlook's ANSI)",)
    assert entries[2].reason == "no name (only an organisation: Northwind Traders)"


def test_import_google_refuses_an_outlook_file_naming_the_right_command():
    with pytest.raises(
        SourceError, match=r"this is an Outlook contacts export; use `netnotes import outlook`"
    ):
        parse_google("contacts.csv", fixture("outlook-contacts.csv").decode("cp1252").encode())


def test_import_outlook_end_to_end(make_vault, run):
    vault = make_vault({})
    source = str(FIXTURES / "outlook-contacts.csv")
    result = run(vault, "import", "outlook", source, "--apply", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["created"] == 2
    assert "warning: the file is not UTF-8" in result.stderr
    note = (vault / "People" / "Alison Hill.md").read_text(encoding="utf-8")
    assert "company: Contoso, Ltd.\n" in note and "email: alison.hill@contoso.example\n" in note
    assert "  - outlook\n  - finance\n  - mentors\n" in note
    refused = run(vault, "import", "google", source)
    assert refused.exit_code == 1 and "use `netnotes import outlook`" in refused.stderr


def test_every_source_reads_through_one_entry_point():
    assert read_entries("outlook", "c.csv", fixture("outlook-contacts.csv"))


def test_org_as_written_and_n_survive_import_then_export(make_vault, run, tmp_path):
    vault = make_vault({})
    result = run(vault, "import", "vcard", str(FIXTURES / "rfc2426.vcf"), "--apply")
    assert result.exit_code == 0, result.stderr
    note = (vault / "People" / "Jane Company.md").read_text(encoding="utf-8")
    assert 'company: "Company, The"\n' in note or "company: Company, The\n" in note
    assert "given_name: Jane\nfamily_name: Company\n" in note
    exported = run(vault, "export", "vcard").stdout_bytes.replace(b"\r\n ", b"").decode()
    assert "ORG:Company\\, The\r\n" in exported
    assert "N:Company;Jane;;;\r\n" in exported
    assert "N:Frank Dawson;;;;\r\n" in exported  # FN only in the source: no split guessed


def test_a_property_vobject_skips_is_named_too():
    card = (
        b'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane\r\nTEL;TYPE="cell:+1 555 0100\r\n'
        b"X-WAB-SPOUSE_NAME:Partner\r\nEMAIL:j@x.example\r\nEND:VCARD\r\n"
    )
    (jane,), warnings = parse_vcard_file("x.vcf", card)
    assert jane.emails == ("j@x.example",)
    assert warnings == (
        "TEL could not be read and was skipped; the rest of the card was kept "
        "(1 time; card 1 (line 1) Jane)",
    )
