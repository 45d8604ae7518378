"""The identity rule shared by every importer: LinkedIn address, email or phone
make two records one person; else a folded name does, unless LinkedIn
addresses or companies say otherwise; `not_same_as:` keeps people apart."""

from __future__ import annotations

from conftest import a_contact
from netnotes.interop.identity import (
    BY_ALIAS,
    BY_EMAIL,
    BY_LINKEDIN,
    BY_NAME,
    BY_PHONE,
    Identities,
    Person,
    email_key,
    identity_keys,
    linkedin_key,
    person_of_contact,
    person_of_record,
    phone_key,
)
from netnotes.interop.records import Record


def p(ref, *names, **fields) -> Person:
    return Person(ref=ref, names=names, **fields)


def matched(identities: Identities, person: Person) -> list[tuple[str, str]]:
    return [(m.person.ref, m.by) for m in identities.match(person)]


def test_normal_forms():
    assert linkedin_key("https://www.linkedin.com/in/Jane-Doe/?trk=abc") == "in/jane-doe"
    assert linkedin_key("linkedin.com/in/jane-doe") == "in/jane-doe"
    assert linkedin_key("http://uk.linkedin.com/in/jane-doe/en") == "in/jane-doe"
    assert linkedin_key("https://example.com/in/jane") is None
    assert email_key(" MAILTO:Jane.Doe@Example.COM ") == "jane.doe@example.com"
    assert email_key("urn:li:member:12345") is None
    assert phone_key("+1 (555) 010-4477") == phone_key("555.010.4477")
    assert phone_key("+44 20 7946 0958") == phone_key("020 7946 0958")
    assert phone_key("555-010-4477 ext. 12") == phone_key("5550104477")
    assert phone_key("911") is None


def test_a_shared_url_email_or_phone_is_the_same_person_whatever_the_name():
    known = Identities(
        [
            p("a.md", "Jane Doe", linkedin="https://www.linkedin.com/in/janedoe/"),
            p("b.md", "Raj Patel", emails=("raj@ledgerline.example",)),
            p("c.md", "Manu", phones=("+33 6 12 34 56 78",)),
        ]
    )
    assert matched(known, p("row", "J. Doe", linkedin="linkedin.com/in/JaneDoe")) == [
        ("a.md", BY_LINKEDIN)
    ]
    assert matched(known, p("row", "Rajesh", emails=("RAJ@Ledgerline.example",))) == [
        ("b.md", BY_EMAIL)
    ]
    assert matched(known, p("row", "Emmanuel", phones=("06 12 34 56 78",))) == [("c.md", BY_PHONE)]


def test_same_folded_name_is_the_same_person_unless_urls_or_companies_differ():
    known = Identities(
        [
            p(
                "People/Alison Hill.md",
                "Alison Hill",
                linkedin="https://linkedin.com/in/alison-hill-1",
                company="Fabrikam",
            )
        ]
    )
    assert matched(known, p("row", "ALISON HILL")) == [("People/Alison Hill.md", BY_NAME)]
    assert matched(known, p("row", "Alíson Híll", company="fabrikam")) == [
        ("People/Alison Hill.md", BY_NAME)
    ]
    other_url = p("row", "Alison Hill", linkedin="https://linkedin.com/in/alison-hill-2")
    other_company = p("row", "Alison Hill", company="Contoso")
    assert matched(known, other_url) == []
    assert matched(known, other_company) == []
    assert [x.ref for x in known.namesakes(other_company)] == ["People/Alison Hill.md"]


def test_a_strong_key_wins_over_differing_companies():
    known = Identities([p("a.md", "Alison Hill", company="Fabrikam", emails=("ah@x.example",))])
    assert matched(known, p("row", "Alison Hill", company="Contoso", emails=("AH@x.example",))) == [
        ("a.md", BY_EMAIL)
    ]


def test_aliases_and_file_stems_answer_as_aliases():
    known = Identities([p("People/Zoë Ångström.md", "Zoë Ångström", "Zoe A", "Zo")])
    assert matched(known, p("row", "zoe angstrom")) == [("People/Zoë Ångström.md", BY_NAME)]
    assert matched(known, p("row", "ZO")) == [("People/Zoë Ångström.md", BY_ALIAS)]


def test_not_same_as_keeps_two_people_apart_on_either_side():
    first = p("People/Alison Hill.md", "Alison Hill", "Alison Hill")
    second = p(
        "People/Alison Hill (Contoso).md",
        "Alison Hill",
        "Alison Hill (Contoso)",
        not_same_as=("[[Alison Hill]]",),
    )
    assert matched(Identities([first]), second) == []
    assert matched(Identities([second]), first) == []
    assert matched(Identities([first]), p("row", "Alison Hill")) == [
        ("People/Alison Hill.md", BY_NAME)
    ]


def test_strict_mode_for_rows_of_one_file_tells_apart_disjoint_phones_or_emails():
    manu = p("line 2", "Manu", phones=("+33 6 11 11 11 11",))
    other = p("line 3", "Manu", phones=("+33 6 22 22 22 22",))
    assert matched(Identities([manu]), other) == [("line 2", BY_NAME)]
    assert matched(Identities([manu], strict=True), other) == []
    assert matched(Identities([manu], strict=True), p("line 4", "manu")) == [("line 2", BY_NAME)]


def test_one_match_per_person_by_the_strongest_key_strongest_first():
    jane = p("a.md", "Jane Doe", emails=("jane@x.example",), phones=("555 010 4477",))
    other = p("b.md", "Jane Doe")
    known = Identities([other, jane])
    asked = p("row", "Jane Doe", emails=("jane@x.example",), phones=("5550104477",))
    assert matched(known, asked) == [("a.md", BY_EMAIL), ("b.md", BY_NAME)]


def test_lookups_for_calendar_attendees():
    known = Identities([p("a.md", "Jane Doe", "JD", emails=("Jane@X.example",))])
    assert [x.ref for x in known.by_email("jane@x.EXAMPLE")] == ["a.md"]
    assert [x.ref for x in known.by_name("jd")] == ["a.md"]
    assert [x.ref for x in known.by_name("jane doe")] == ["a.md"]
    assert known.by_email("nobody@x.example") == ()
    assert known.by_email("not an address") == ()


def test_people_from_contacts_and_records():
    contact = a_contact(
        "Jane Doe",
        path="People/Jane.md",
        aliases=("JD",),
        email="jane@x.example",
        company="Acme",
        details={
            "E-mail": ["jane@home.example"],
            "Phone Number": "+1 555 010 4477",
            "LinkedIn": "https://linkedin.com/in/jane",
            "not_same_as": ["[[Jane Doe (Contoso)]]"],
        },
    )
    person = person_of_contact(contact)
    assert person.names == ("Jane Doe", "Jane", "JD")
    assert person.emails == ("jane@x.example", "jane@home.example")
    assert person.phones == ("+1 555 010 4477",)
    assert person.linkedin == "https://linkedin.com/in/jane"
    assert person.apart == {"jane doe (contoso)"}
    record = Record("line 3", "Jane Doe", emails=("j@x.example",), company="Acme")
    assert person_of_record(record) == Person(
        "line 3", ("Jane Doe",), ("j@x.example",), (), None, "Acme"
    )


def test_each_match_compares_only_the_people_who_share_a_key(monkeypatch):
    """No quadratic matching: a record is compared with the known people who
    share one of its keys, never with everyone (counted, not timed)."""
    from netnotes.interop import identity

    compared = []
    real_apart, real_told = identity.kept_apart, identity.told_apart
    monkeypatch.setattr(identity, "kept_apart", lambda a, b: compared.append(1) or real_apart(a, b))
    monkeypatch.setattr(
        identity,
        "told_apart",
        lambda a, b, strict=False: compared.append(1) or real_told(a, b, strict),
    )
    for n in (200, 2000):
        compared.clear()
        people = [p(f"{i}.md", f"Person {i}", emails=(f"p{i}@x.example",)) for i in range(n)]
        known = Identities(people)
        for i in range(n):
            assert len(known.match(p("row", f"Person {i}", emails=(f"p{i}@x.example",)))) == 1
        assert len(compared) <= 4 * n  # a few per record, whatever the size


def test_a_notes_file_name_is_a_name_not_an_alias():
    contact = a_contact("Zoë Ångström", path="People/Zoe.md", aliases=("ZA",))
    known = Identities([person_of_contact(contact)])
    assert matched(known, p("row", "zoe")) == [("People/Zoe.md", BY_NAME)]
    assert matched(known, p("row", "za")) == [("People/Zoe.md", BY_ALIAS)]


def test_a_contacts_identity_keys_leave_out_what_folds_to_nothing():
    details = {
        "email": ["", "Ada@Example.org"],
        "phone": ["+1 (555) 010-4477", "12"],
        "linkedin": "https://www.linkedin.com/in/Ada-L/",
        "not_same_as": ["[[Ada Byron|Ada]]", "  ", "[[]]"],
    }
    keys = identity_keys(details, None, ("Ada  Lovelace", " "), ("", "A.L.", "\t"))
    assert keys == [
        "alias:a.l.",
        "apart:ada byron",
        "email:ada@example.org",
        "linkedin:in/ada-l",
        "name:ada lovelace",
        "phone:550104477",
    ]
    assert identity_keys({}, None, ("", ""), ()) == []
    assert identity_keys({}, "MAILTO:Bo@x.example", ("Bo",), ()) == [
        "email:bo@x.example",
        "name:bo",
    ]
