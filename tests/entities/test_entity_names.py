"""Honorific stripping and the search key of names (pibdesk.core.names)."""

from __future__ import annotations

import pytest

from pibdesk.core.names import alias_forms, normalize, strip_honorifics, surname


@pytest.mark.parametrize(
    ("raw", "bare"),
    [
        ("Shri Rajnath Singh", "Rajnath Singh"),
        ("Shri Shri Anup Kumar Singh", "Anup Kumar Singh"),
        ("Smt. Nirmala Sitharaman", "Nirmala Sitharaman"),
        ("Sushri Uma Bharti", "Uma Bharti"),
        ("Kumari Selja", "Selja"),
        ("H.E. Ms Salome Zourabichvili", "Salome Zourabichvili"),
        ("Lt Gen Manoj Pande", "Manoj Pande"),
        ("Lt. Gen. Manoj Pande", "Manoj Pande"),
        ("Admiral D. K. Joshi", "D. K. Joshi"),
        ("Air Chief Marshal V R Chaudhari", "V R Chaudhari"),
        ("Dr. S. Jaishankar", "S. Jaishankar"),
        ("Prof. K. VijayRaghavan", "K. VijayRaghavan"),
        ("Mr Takeshi Iwaya", "Takeshi Iwaya"),
        ("श्री किरेन रिजिजू", "किरेन रिजिजू"),
        ("डॉ. कर्णी सिंह", "कर्णी सिंह"),
        ("श्रीमती निर्मला सीतारमण", "निर्मला सीतारमण"),
        # not honorifics: a word that merely starts like one, the pronoun "He"
        ("Drona Singh", "Drona Singh"),
        ("HE Xiaoming", "HE Xiaoming"),
        ("Shri", "Shri"),
    ],
)
def test_strip_honorifics(raw: str, bare: str) -> None:
    assert strip_honorifics(raw) == bare


def test_normalize_is_case_accent_punctuation_and_honorific_insensitive() -> None:
    assert normalize("Shri C. P. Radhakrishnan") == "c p radhakrishnan"
    assert normalize("C.P. RADHAKRISHNAN") == "c p radhakrishnan"
    assert normalize("José  Álvarez") == "jose alvarez"
    assert normalize("Modi’s") == "modi"
    # Devanagari keeps its vowel signs (they are combining marks too)
    assert normalize("श्री नरेंद्र मोदी") == "नरेंद्र मोदी"
    assert normalize("") == ""


def test_alias_forms_are_honorific_free() -> None:
    assert alias_forms("Shri C. P. Radhakrishnan") == ["C. P. Radhakrishnan", "C P Radhakrishnan"]
    assert alias_forms("Rajnath Singh") == ["Rajnath Singh"]
    assert alias_forms("   ") == []
    assert surname("Shri Narendra Modi") == "modi"
