"""Field rules on their own: dates, languages, sign-offs, glued sub-headings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pibdesk.core.model import IST
from pibdesk.parsing.fields import (
    Unit,
    is_sign_off,
    language_of_label,
    parse_posted_on,
    prid_from_url,
    resolve_language,
    split_glued_headings,
    split_sign_off,
)


@pytest.mark.parametrize(
    ("line", "expected", "bureau"),
    [
        (
            "Posted On: 02 SEP 2019 7:22PM by PIB Delhi",
            datetime(2019, 9, 2, 19, 22, tzinfo=IST),
            "PIB Delhi",
        ),
        (
            "Posted On:\n      09 AUG 2026 12:45PM by PIB Delhi\n",
            datetime(2026, 8, 9, 12, 45, tzinfo=IST),
            "PIB Delhi",
        ),
        (
            "11 SEP 2020 11:50AM by PIB Imphal",
            datetime(2020, 9, 11, 11, 50, tzinfo=IST),
            "PIB Imphal",
        ),
        ("04 APR 2020 12:53PM by PIB Delhi", datetime(2020, 4, 4, 12, 53, tzinfo=IST), "PIB Delhi"),
        ("04 APR 2020 12:05AM by PIB Mumbai", datetime(2020, 4, 4, 0, 5, tzinfo=IST), "PIB Mumbai"),
        (
            "प्रविष्टि तिथि: 09 SEP 2020 9:51PM by PIB Delhi",
            datetime(2020, 9, 9, 21, 51, tzinfo=IST),
            "PIB Delhi",
        ),
        ("प्रविष्टि तिथि: 09 सितंबर 2020 9:51PM", datetime(2020, 9, 9, 21, 51, tzinfo=IST), None),
        ("25-September-2014 12:40 IST", datetime(2014, 9, 25, 12, 40, tzinfo=IST), None),
        ("Posted On: 31 FEB 2020 7:22PM by PIB Delhi", None, "PIB Delhi"),
        ("no date at all", None, None),
    ],
)
def test_parse_posted_on(line: str, expected: datetime | None, bureau: str | None) -> None:
    assert parse_posted_on(line) == (expected, bureau)


def test_languages() -> None:
    assert [language_of_label(x) for x in ("Urdu", " हिन्दी ", "Manipuri", "Odia", "Klingon")] == [
        "ur",
        "hi",
        "mni",
        "or",
        None,
    ]
    assert resolve_language("Ministry of Defence") == "en"
    assert resolve_language("Ministry of Defence", hint="hi") == "en"  # the script wins
    assert resolve_language("मंत्रालय", hint="mr") == "mr"  # Devanagari may be Marathi
    assert resolve_language("मंत्रालय") == "hi"
    assert resolve_language("প্রধান মন্ত্রী") == "bn"
    assert resolve_language("প্রধান মন্ত্রী", bureau="PIB Imphal") == "mni"
    assert resolve_language("অক্সিজেনৰ") == "as"
    assert resolve_language("وزارت", hint="fa") == "ur"
    assert resolve_language("ਪੰਜਾਬ") == "pa" and resolve_language("ગુજરાત") == "gu"
    assert resolve_language("1234 ---", hint="ta") == "ta" and resolve_language("1234") is None


def test_prid_from_url() -> None:
    assert prid_from_url("https://pib.gov.in/PressReleasePage.aspx?PRID=2296816") == 2296816
    assert prid_from_url("./PressReleasePage.aspx?PRID=2296750&reg=3&lang=1") == 2296750
    assert prid_from_url("javascript:void(0)") is None


@pytest.mark.parametrize(
    ("line", "after", "expected"),
    [
        ("ABB/Nampi/DK/Savvy/MTJ/ADA", False, True),
        ("MD/DR", False, True),
        ("BBP/PJL/23/2020", False, True),
        ("एमजी / एएम / एसएस / एसएस", True, True),
        ("Nihi Sharma/ Laxya Lohan", True, True),
        ("PIB Mum/MD/DR", True, True),
        ("MC", True, True),
        ("MC", False, False),
        ("U-2977", True, True),
        ("Background", True, False),
        ("Prices rose to Rs. 10/kg.", False, False),
        ("Rs. 10/kg", False, False),
        ("Follow us on social media: @PIBMumbai /PIBMumbai", True, False),
    ],
)
def test_is_sign_off(line: str, after: bool, expected: bool) -> None:
    assert is_sign_off(line, after_separator=after) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("M Annadurai", True),
        ("M. Annadurai", True),
        ("PIB Research", True),
        ("JP.", True),
        ("Samrat/", True),
        ("Thank you all", False),
        ("The meeting ended.", False),
        ("See https://pib.gov.in", False),
    ],
)
def test_name_sign_off_only_when_last_after_separator(line: str, expected: bool) -> None:
    """PIB-Direct rows end ``***`` + a name; elsewhere such a line is text."""
    assert is_sign_off(line, after_separator=True, last=True) is expected
    if " " in line.strip() or line.endswith("."):
        assert is_sign_off(line, after_separator=True, last=False) is False


def test_trailing_slash_code_and_contact_line() -> None:
    assert is_sign_off("RN/", after_separator=False) is True
    body, sign_off = split_sign_off(
        [
            Unit("Para."),
            Unit("***"),
            Unit("Sunil Kumar Tiwari"),
            Unit("E-Mail - someone[at]gmail[dot]com"),
        ]
    )
    assert ([u.text for u in body], sign_off) == (["Para."], "Sunil Kumar Tiwari")


def test_split_sign_off_keeps_section_dividers() -> None:
    units = [
        Unit("Para one."),
        Unit("* * *"),
        Unit("A new section starts here."),
        Unit("*****"),
        Unit("AB/CD"),
    ]
    body, sign_off = split_sign_off(units)
    assert [u.text for u in body] == ["Para one.", "* * *", "A new section starts here."]
    assert sign_off == "AB/CD"


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        (
            "Historic decisions for farmers takenMSME definition revised after 14 years",
            ["Historic decisions for farmers taken", "MSME definition revised after 14 years"],
        ),
        (
            "Vaccination drive crosses 50 crore dosesThe drive reaches every district",
            ["Vaccination drive crosses 50 crore doses", "The drive reaches every district"],
        ),
        # camel-case words, ordinals and abbreviations are not seams
        ("PM launches AtmaNirbhar app on YouTube and WhatsApp for eKYC", None),
        ("Meeting held on 3rdJune with Dr.Harsh Vardhan and Smt.Nirmala", None),
        ("Rs.50 crore approved for iPhone makers in PLI scheme", None),
    ],
)
def test_split_glued_headings(line: str, pieces: list[str] | None) -> None:
    assert split_glued_headings(line) == (pieces or [line])


def test_marathi_and_hindi_are_told_apart_without_a_hint(corpus_dir: Path) -> None:
    """The Sep 2020 metadata CSV labels each title's language (googletrans): with the label
    withheld, the Devanagari titles must come out Marathi or Hindi as labelled."""
    import csv

    path = corpus_dir / "datasets" / "aswinpradeep_pib_metadata_2020_sep.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f) if len(r) == 6 and r[4] in ("hi", "mr")]
    by_label: dict[str, list[str]] = {"hi": [], "mr": []}
    for r in rows:
        by_label[r[4]].append(resolve_language(r[5]))
    assert len(by_label["mr"]) > 250 and len(by_label["hi"]) > 200
    for label, got in by_label.items():
        agree = sum(1 for g in got if g == label) / len(got)
        assert agree >= 0.9, (label, agree)
    # whole Hindi releases (text copies) stay Hindi; a hint still wins
    for name in ("txt_1620591_hi.txt", "txt_1628325_hi.txt", "txt_1652914_hi.txt"):
        assert resolve_language((corpus_dir / "raw" / name).read_text(encoding="utf-8")) == "hi"
    marathi_title = next(r[5] for r in rows if r[4] == "mr" and resolve_language(r[5]) == "mr")
    assert resolve_language(marathi_title, hint="hi") == "hi"
