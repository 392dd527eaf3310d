"""Office acronyms of the starter table (resources/offices.csv): RM, HM, FM, PM."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pibdesk.core.model import IST
from pibdesk.core.suggest import suggest
from pibdesk.services.entities import EntityService


def _people(reg, text: str, day: date) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(s.text, s.entity_name) for s in suggest(text, reg, day) if s.label == "Person"]


def test_rm_hm_fm_resolve_to_the_holder_on_the_posted_date(db) -> None:  # type: ignore[no-untyped-def]
    svc = EntityService(db)
    reg = svc.registry()
    for day in (date(2019, 9, 2), date(2024, 3, 1)):
        assert _people(reg, "RM met officials in Delhi.", day) == [("RM", "Rajnath Singh")]
    assert _people(reg, "RM met officials in Delhi.", date(2018, 1, 1)) == [
        ("RM", "Nirmala Sitharaman")
    ]
    assert _people(reg, "HM met officials.", date(2018, 1, 1)) == [("HM", "Rajnath Singh")]
    assert _people(reg, "HM met officials.", date(2020, 1, 1)) == [("HM", "Amit Shah")]
    assert _people(reg, "FM met officials.", date(2020, 1, 1)) == [("FM", "Nirmala Sitharaman")]
    assert _people(reg, "PM met officials.", date(2020, 1, 1)) == [("PM", "Narendra Modi")]
    # the service's own lookup knows the acronyms too
    got = svc.holder_on("RM", date(2019, 9, 2))
    assert got is not None and got.name == "Rajnath Singh"
    # an acronym is case-sensitive: "rm" is no title
    assert _people(reg, "the rm met officials.", date(2020, 1, 1)) == []


def test_acronyms_in_staff_signoffs_and_fm_radio_are_not_ministers(db, raw_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from pibdesk.parsing import parse_file

    reg = EntityService(db).registry()
    # the parser moves a release's sign-off out of the text; one left inside (a pasted
    # copy) is staff initials, not the Raksha Mantri
    parsed = parse_file(raw_dir / "txt_1604798.txt")
    assert parsed.sign_off == "RM/KMN"
    pasted = parsed.text + "\n\n*****\nRM/KMN\n"
    assert not [s for s in suggest(pasted, reg, date(2020, 3, 1)) if s.text == "RM"]
    parsed = parse_file(raw_dir / "txt_1598364.txt")  # "set up a FM Radio Transmitter"
    assert "FM Radio" in parsed.text
    assert parsed.posted_at is not None
    day = parsed.posted_at.astimezone(IST).date()
    assert not [s for s in suggest(parsed.text, reg, day) if s.text == "FM"]
