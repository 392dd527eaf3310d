"""Shapes documented in SOURCES.md that the corpus has no file for, built from its description."""

from __future__ import annotations

from datetime import datetime

from pibdesk.core.model import IST, Translation
from pibdesk.parsing import parse_bytes


def test_shape_b_hard_wrapped_punjabi() -> None:
    """SOURCES.md Shape B: "The Punjabi one keeps hard line-wraps inside paragraphs"."""
    text = (
        "      ਖੇਤੀਬਾੜੀ ਮੰਤਰਾਲਾ\n\n"
        "      ਕਿਸਾਨਾਂ ਲਈ ਨਵੀਂ ਯੋਜਨਾ\n"
        "      Posted On: 10 SEP 2020 4:05PM by PIB Chandigarh\n\n\n"
        "      ਪਹਿਲਾ ਪੈਰਾ ਪਹਿਲੀ ਲਾਈਨ\n"
        "      ਦੂਜੀ ਲਾਈਨ ਜਾਰੀ\n\n\n"
        "      ਦੂਜਾ ਪੈਰਾ\n\n\n"
        "      *******\n\n\n"
        "      ਏਬੀ / ਸੀਡੀ\n\n    \n    \n"
        "    (Release ID: 1653001) Visitor Counter : 1,204\n    \n    \n"
        "      Read this release in: English , Hindi\n"
    )
    r = parse_bytes(text.encode(), "punjabi.txt")
    assert r.ministry == "ਖੇਤੀਬਾੜੀ ਮੰਤਰਾਲਾ"
    assert r.title == "ਕਿਸਾਨਾਂ ਲਈ ਨਵੀਂ ਯੋਜਨਾ"
    assert r.posted_at == datetime(2020, 9, 10, 16, 5, tzinfo=IST) and r.bureau == "PIB Chandigarh"
    assert (r.release_id, r.visitor_count, r.sign_off, r.language) == (
        1653001,
        1204,
        "ਏਬੀ / ਸੀਡੀ",
        "pa",
    )
    assert r.translations == (Translation("en", "English"), Translation("hi", "Hindi"))
    assert r.text == "ਕਿਸਾਨਾਂ ਲਈ ਨਵੀਂ ਯੋਜਨਾ\n\nਪਹਿਲਾ ਪੈਰਾ ਪਹਿਲੀ ਲਾਈਨ ਦੂਜੀ ਲਾਈਨ ਜਾਰੀ\n\nਦੂਜਾ ਪੈਰਾ"


def test_copy_paste_with_banner_alt_text() -> None:
    """2021+ pages: the 'azadi ka amrit mahotsav' image alt text lands in copied text."""
    text = (
        "Competition Commission of India\nazadi ka amrit mahotsav\n"
        "CCI approves combination\nPosted On: 09 AUG 2026 3:21PM by PIB Delhi\n"
        "The Competition Commission of India has approved the combination.\n*****\nSR/ONP\n"
    )
    r = parse_bytes(text.encode(), "cci.txt")
    assert (r.ministry, r.title, r.subtitles, r.sign_off) == (
        "Competition Commission of India",
        "CCI approves combination",
        (),
        "SR/ONP",
    )
    assert "azadi" not in r.text


_HINDI_PAGE = """<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8" />
<title> Press Release Page | Press Information Bureau </title></head><body><form action="./PressReleasePage.aspx?PRID=1652914&amp;reg=3&amp;lang=2">
<div class="innner-page-main-about-us-content-right-part">
<div id="MinistryName" class="MinistryNameSubhead text-center">युवा कार्यक्रम एवं खेल मंत्रालय</div>
<div class="text-center event-heading-background"><h2 id="Titleh2"> निशानेबाजों को अस्त्र-शस्त्र </h2>
<h3 id="Subtitleh3"><span id="ltrSubtitle"><br/>पहला उपशीर्षक<br/><br/>दूसरा उपशीर्षक</span></h3></div>
<div id="PrDateTime" class="ReleaseDateSubHeaddateTime text-center pt20">प्रविष्टि तिथि:
   09 SEP 2020 9:51PM by PIB Delhi</div>
<input type="hidden" id="hydphotoUrl" />
<script>document.write("not text")</script>
<p>पहला अनुच्छेद।</p>
<table><tr><td>श्रेणी</td><td>निवेश</td></tr><tr><td>सूक्ष्म</td><td><p>1 करोड़</p></td></tr></table>
<p style="text-align:center">*****</p><p><strong>एमजी / एएम</strong></p>
<div id="reel_pic"></div><span id="ReleaseId">(Release ID: 1652914)</span><span id="lblViews">Visitor Counter : 6</span>
<div class="ReleaseLang">Read this release in: <a href='https://pib.gov.in/PressReleasePage.aspx?PRID=1652800'> English </a> ,
<a href='https://pib.gov.in/PressReleasePage.aspx?PRID=1652955'> ਪੰਜਾਬੀ </a></div>
</div></form></body></html>"""


def test_hindi_html_page() -> None:
    r = parse_bytes(_HINDI_PAGE.encode(), "hindi.html")
    assert r.title == "निशानेबाजों को अस्त्र-शस्त्र"
    assert r.subtitles == ("पहला उपशीर्षक", "दूसरा उपशीर्षक")
    assert r.posted_at == datetime(2020, 9, 9, 21, 51, tzinfo=IST) and r.bureau == "PIB Delhi"
    assert (r.release_id, r.visitor_count, r.language, r.sign_off) == (
        1652914,
        6,
        "hi",
        "एमजी / एएम",
    )
    assert r.translations == (
        Translation("en", "English", 1652800),
        Translation("pa", "ਪੰਜਾਬੀ", 1652955),
    )
    assert r.text == (
        "निशानेबाजों को अस्त्र-शस्त्र\nपहला उपशीर्षक\nदूसरा उपशीर्षक\n\n"
        "पहला अनुच्छेद।\n\nश्रेणी\tनिवेश\nसूक्ष्म\t1 करोड़"
    )


def test_class_only_2020_page() -> None:
    """2019-2020 scrapers: class-only selectors, title = the first <h2> (SOURCES.md)."""
    page = """<html><body><div class="innner-page-main-about-us-content-right-part">
    <div class="MinistryNameSubhead text-center">Ministry of Defence</div>
    <div class="text-center"><h2>Raksha Mantri visits Japan</h2></div>
    <div class="ReleaseDateSubHeaddateTime text-center pt20">Posted On: 02 SEP 2019 7:22PM by PIB Delhi</div>
    <p>Body text.</p><p>***</p><p>ABB/Nampi</p></div></body></html>"""
    r = parse_bytes(page.encode(), "old.html")
    assert (r.ministry, r.title, r.sign_off, r.text) == (
        "Ministry of Defence",
        "Raksha Mantri visits Japan",
        "ABB/Nampi",
        "Raksha Mantri visits Japan\n\nBody text.",
    )
    assert r.posted_at == datetime(2019, 9, 2, 19, 22, tzinfo=IST)
