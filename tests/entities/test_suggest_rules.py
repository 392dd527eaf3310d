"""Rules of the suggester on small texts (pibdesk.core.suggest, no database)."""

from __future__ import annotations

from datetime import date

from pibdesk.core.model import EntityKind, StatementKind
from pibdesk.core.suggest import (
    OfficeInfo,
    Registry,
    RegistryEntry,
    Term,
    find_occurrences,
    propose_speaker,
    suggest,
)

MODI, SINGH, SITHARAMAN, ART370 = 1, 2, 3, 10
REG = Registry(
    (
        RegistryEntry(MODI, EntityKind.PERSON, "Narendra Modi", ("नरेंद्र मोदी",)),
        RegistryEntry(SINGH, EntityKind.PERSON, "Rajnath Singh"),
        RegistryEntry(SITHARAMAN, EntityKind.PERSON, "Nirmala Sitharaman"),
        RegistryEntry(ART370, EntityKind.TOPIC, "Article 370", ("abrogation of Article 370",)),
    ),
    (
        OfficeInfo("Prime Minister", ("PM", "प्रधानमंत्री"), (Term(MODI, date(2014, 5, 26)),)),
        OfficeInfo(
            "Minister of Defence",
            ("Raksha Mantri", "Defence Minister"),
            (Term(SITHARAMAN, date(2017, 9, 3), date(2019, 5, 30)), Term(SINGH, date(2019, 5, 31))),
        ),
    ),
)


def _persons(text: str, day: date | None = date(2019, 9, 2)) -> list[tuple[str, int | None, str | None]]:
    return [(s.text, s.entity_id, s.entity_name) for s in suggest(text, REG, day) if s.label == "Person"]


def test_office_titles_resolve_by_date_and_skip_foreign_and_modified_titles() -> None:
    assert _persons("The Raksha Mantri spoke.") == [("Raksha Mantri", SINGH, "Rajnath Singh")]
    assert _persons("The Raksha Mantri spoke.", date(2018, 1, 1)) == [
        ("Raksha Mantri", SITHARAMAN, "Nirmala Sitharaman")
    ]
    assert _persons("The Raksha Mantri spoke.", None) == []  # no date, no guess
    for foreign in (
        "He met the Prime Minister of Japan today.",
        "He met the Japanese Prime Minister today.",
        "He met Japan’s Defence Minister today.",
        "He met the former Prime Minister today.",
        "The Principal Secretary to the Prime Minister spoke.",
        "Farmers get PM Kisan money.",
        "The FICCI President spoke.",
        "The Prime Minister’s Office said so.",
        "Give to the PM's National Relief Fund.",
    ):
        assert _persons(foreign) == [], foreign
    assert _persons("He met PM Modi.") == [("Modi", MODI, "Narendra Modi")]
    assert _persons("Under the PM's vision.") == [("PM", MODI, "Narendra Modi")]


def test_honorifics_registry_fuzzy_and_surnames() -> None:
    text = (
        "Shri Rajnath Singh met Mr Takeshi Iwaya. Later Takeshi lwaya said yes. "
        "Mr Iwaya left. The Modi government. Dr. Karni Singh Shooting Range is open."
    )
    got = _persons(text)
    assert ("Rajnath Singh", SINGH, "Rajnath Singh") in got
    assert ("Takeshi lwaya", None, "Takeshi Iwaya") in got  # fuzzy, same local entity
    assert ("Iwaya", None, "Takeshi Iwaya") in got  # honorific + surname
    assert ("Modi", MODI, "Narendra Modi") not in got  # Modi is not named in full here
    assert not any("Karni" in t for t, _i, _n in got)  # a place named after a person
    hindi = "केंद्रीय मंत्री श्री राजनाथ सिंह ने कहा। प्रधानमंत्री श्री नरेंद्र मोदी ने भी।"
    got = _persons(hindi)
    assert ("राजनाथ सिंह", None, "राजनाथ सिंह") in got
    assert ("नरेंद्र मोदी", MODI, "Narendra Modi") in got


def test_quotes_statements_and_speakers() -> None:
    text = (
        "Shri Rajnath Singh said in a tweet, “We will continue working together with Japan.”\n\n"
        "The campaign “Digital Bharat Digital Sanskriti” was launched.\n\n"
        "“India attaches the highest priority to this relationship,” Smt. Nirmala Sitharaman said."
    )
    st = [s for s in suggest(text, REG, date(2019, 9, 2)) if s.label == "Statement"]
    assert [(s.text[:20], s.speaker_name, s.statement_kind) for s in st] == [
        ("We will continue wor", "Rajnath Singh", StatementKind.SOCIAL),
        ("India attaches the h", "Nirmala Sitharaman", StatementKind.DIRECT),
    ]
    assert st[1].text.endswith("relationship")  # trailing comma left out
    a = text.index("“We")
    p = propose_speaker(text, a, text.index("”") + 1, REG, date(2019, 9, 2))
    assert (p.entity_id, p.name, p.statement_kind) == (SINGH, "Rajnath Singh", StatementKind.SOCIAL)


def test_speaker_named_after_the_quote_with_the_verb_first() -> None:
    """",” said Shri X" / ",” said the <office>": the name after the verb is the speaker,
    not nobody and not an earlier person of the paragraph."""
    text = "“We are committed to the welfare of every soldier,” said Shri Anil Kumar at the event."
    st = [s for s in suggest(text, REG, date(2019, 9, 2)) if s.label == "Statement"]
    assert [(s.text, s.speaker_name) for s in st] == [
        ("We are committed to the welfare of every soldier", "Anil Kumar")
    ]
    text = (
        "Shri Anil Kumar met the officers. “The scheme will reach every district by March,” "
        "said Smt. Rekha Sharma."
    )
    st = [s for s in suggest(text, REG, date(2019, 9, 2)) if s.label == "Statement"]
    assert [s.speaker_name for s in st] == ["Rekha Sharma"]
    p = propose_speaker(text, text.index("“"), text.index("”") + 1, REG, date(2019, 9, 2))
    assert (p.name, p.statement_kind) == ("Rekha Sharma", StatementKind.DIRECT)
    text = (
        "Shri Anil Kumar met the officers. “Our forces stand ready to defend every inch of the "
        "nation,” said the Raksha Mantri."
    )
    st = [s for s in suggest(text, REG, date(2019, 9, 2)) if s.label == "Statement"]
    assert [(s.speaker_id, s.speaker_name) for s in st] == [(SINGH, "Rajnath Singh")]
    # the older cue order still works, and the verb must follow the closing quote
    text = "Shri Anil Kumar met them. “This is a very good day for us all,” Smt. Rekha Sharma said."
    st = [s for s in suggest(text, REG, date(2019, 9, 2)) if s.label == "Statement"]
    assert [s.speaker_name for s in st] == ["Rekha Sharma"]


def test_topics_rejections_existing_and_occurrences() -> None:
    text = "Shri Rajnath Singh spoke on the abrogation of Article 370. Article 370 again."
    sg = suggest(text, REG, date(2019, 9, 2))
    topics = [(s.text, s.entity_id) for s in sg if s.label == "Topic"]
    assert topics == [("abrogation of Article 370", ART370), ("Article 370", ART370)]
    person = next(s for s in sg if s.label == "Person")
    again = suggest(text, REG, date(2019, 9, 2), rejected=[person.key])
    assert person.key not in {s.key for s in again}
    again = suggest(text, REG, date(2019, 9, 2), existing=[(person.start + 1, person.end, "Person")])
    assert not [s for s in again if s.label == "Person"]
    assert suggest(text, REG, labels=("Topic",)) and all(
        s.label == "Topic" for s in suggest(text, REG, labels=("Topic",))
    )
    first = text.index("Article 370")
    assert find_occurrences(text, "Article  370", exclude=(first, first + 11)) == [
        (text.rindex("Article 370"), text.rindex("Article 370") + 11)
    ]
    assert find_occurrences("Article 3700", "Article 370") == []


def test_never_raises_on_odd_texts() -> None:
    for t in ("", "“", "Shri", "Shri ", "PM", "\n\n“a b c d\n e”", "श्री", "Mr. " * 50):
        suggest(t, REG, date(2020, 1, 1))
