"""Field-by-field checks of real corpus files (values read from the files by hand).

SOURCES.md (shared/corpus) documents each file; the expected values below were read from
the raw files themselves, so a parser bug changes at least one of them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pibdesk.core.errors import ParseError
from pibdesk.core.model import IST, ParsedRelease, Translation
from pibdesk.parsing import RELEASE_SUFFIXES, iter_release_files, parse_bytes, parse_file


def _at(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=IST)


def _release_files(raw_dir: Path) -> list[Path]:
    return sorted(p for p in raw_dir.iterdir() if p.name.startswith(("txt_", "html_")))


METADATA_LINES = ("Posted On", "Release ID", "Visitor Counter", "Read this release in")


# ----------------------------------------------------------------------------- founding example
def test_founding_example_shape_b(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1583904.txt")
    assert r.source == "txt_1583904.txt"
    assert r.release_id == 1583904
    assert r.ministry == "Ministry of Defence"
    assert r.posted_at == _at(2019, 9, 2, 19, 22)
    assert r.posted_at is not None and r.posted_at.isoformat() == "2019-09-02T19:22:00+05:30"
    assert r.bureau == "PIB Delhi"
    assert r.visitor_count == 744
    assert r.translations == (Translation("ur", "Urdu", None), Translation("ml", "Malayalam", None))
    assert r.sign_off == "ABB/Nampi/DK/Savvy/MTJ/ADA"
    assert r.title.startswith("Raksha Mantri Shri Rajnath Singh co-chairs")
    assert r.title == (
        "Raksha Mantri Shri Rajnath Singh co-chairs Japan – India Defence Ministerial Meeting"
        " with Japanese Defence Minister Mr Takeshi lwaya;"
    )
    assert r.subtitles == (
        "Discuss ways to further strengthen existing bilateral arrangements and Special"
        " Strategic & Global Partnership in addressing regional peace & security",
    )
    assert r.language == "en"
    assert "Article 370" in r.text
    assert "“Had an extremely fruitful" in r.text
    for meta in METADATA_LINES:
        assert meta not in r.text
    assert "ABB/Nampi" not in r.text
    # OCR-like letters are kept as they are, indentation is gone
    assert "Mr Takeshi lwaya in Tokyo" in r.text and "The lndo-Pacific vision" in r.text
    assert r.text.startswith(
        r.title + "\n" + r.subtitles[0] + "\n\nRaksha Mantri Shri Rajnath Singh co-chaired"
    )
    assert "\n    " not in r.text and "\n\n\n" not in r.text
    assert r.text.endswith(
        "He also inspected the Guard of Honour at Ministry of Defence Headquarters, Japan."
    )
    assert r.text.count("\n\n") == 7  # header + 7 body paragraphs


def test_to_json_keys(raw_dir: Path) -> None:
    d = parse_file(raw_dir / "txt_1583904.txt").to_json()
    assert d["posted_at"] == "2019-09-02T19:22:00+05:30"
    assert d["translations"][0] == {"language": "ur", "label": "Urdu", "release_id": None}


# ----------------------------------------------------------------------------- HTML pages
def test_html_2296750_vice_president(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "html_2296750.html")
    assert r.release_id == 2296750
    assert r.ministry == "Vice President's Secretariat"
    assert r.title == (
        "Vice-President Shri C. P. Radhakrishnan launches ‘Har Ghar Tiranga Abhiyan’ in"
        " Andaman & Nicobar Islands"
    )
    assert r.subtitles == (
        "Vice-President says Andaman & Nicobar Islands are a sacred land of sacrifice and an"
        " eternal symbol of India’s freedom struggle",
        "“Bharat is one and will always remain one”: Vice-President",
        "Vice-President says Great Nicobar Development Project will strengthen India’s maritime"
        " capabilities and unlock new opportunities for growth",
        "Vice President calls upon every citizen to proudly display the Tricolour and uphold its"
        " values of courage, unity and patriotism",
    )
    assert r.posted_at == _at(2026, 8, 9, 12, 45)
    assert r.bureau == "PIB Delhi"
    assert r.visitor_count == 682
    assert r.language == "en"
    assert r.sign_off == "PR/ASM/VMJ"
    assert [(t.language, t.label, t.release_id) for t in r.translations] == [
        ("ur", "Urdu", 2296816),
        ("hi", "हिन्दी", 2296772),
        ("mr", "Marathi", 2296794),
        ("as", "Assamese", 2296925),
        ("gu", "Gujarati", 2296798),
        ("ta", "Tamil", 2296784),
        ("te", "Telugu", 2296895),
        ("ml", "Malayalam", 2296829),
    ]
    # embedded tweets keep their text, one paragraph per tweet
    assert (
        "proclaiming the Andaman & Nicobar Islands free from British rule.\n"
        "On Quit India… pic.twitter.com/vA8x5wLNzW\n"
        "— Vice-President of India (@VPIndia) August 9, 2026\n\n"
    ) in r.text
    # <br/><br/> inside one <p> separates paragraphs
    assert "one common destiny.\n\nRecalling the sacrifices of freedom fighters" in r.text
    assert r.text.endswith("Shri P. Ummer, among other dignitaries.")
    for meta in (*METADATA_LINES, "*****", "PR/ASM/VMJ", "azadi ka amrit", "widgets.js"):
        assert meta not in r.text


def test_html_2296782_lists(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "html_2296782.html")
    assert r.release_id == 2296782
    assert r.ministry == "Ministry of New and Renewable Energy"
    assert r.title == "India Achieves Landmark 300 GW Non-Fossil Fuel Power Capacity"
    assert r.subtitles == ()
    assert r.posted_at == _at(2026, 8, 9, 14, 31)
    assert r.visitor_count == 1121
    assert r.sign_off == "Nihi Sharma/ Laxya Lohan"
    assert [(t.label, t.release_id) for t in r.translations] == [
        ("Kannada", 2296828),
        ("Urdu", 2296834),
        ("हिन्दी", 2296819),
        ("Marathi", 2296815),
        ("Tamil", 2296859),
        ("Malayalam", 2296910),
    ]
    assert all(t.language for t in r.translations)
    # one line per <li>; each <ul> its own paragraph; <sup> stays inline
    assert (
        "\n\nSolar Power: 164.59 GW\nWind Power: 58.14 GW\nHydro Power (Large & Small): 57.24 GW\n"
        "Bio-power: 11.75 GW\nNuclear Power: 8.78 GW\n\nTotal Non-Fossil Capacity: 300.50 GW\n\n"
    ) in r.text
    assert "as on 31st July, 2026;" in r.text
    assert "****" not in r.text and "Laxya" not in r.text


# ----------------------------------------------------------------------------- Shape A English
def test_shape_a_glued_subheadings_1628325(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1628325.txt")
    assert r.ministry == "Cabinet"
    # "office Historic" is glued with a space: not detectable, stays in the title
    assert r.title == (
        "PM chairs first Cabinet Meeting of second year in office Historic decisions for MSME"
        " sector, street vendors and farmers taken"
    )
    assert r.subtitles == (
        "MSME definition revised for the first time after 14 years",
        "Definition of medium units enhanced further to Rs 50 crore investment and Rs 250 crore turnover",
        "Special Micro Credit Facility Scheme 'PM SVANidhi' for providing affordable loans to street vendors launched",
        "For Kharif season 2020-21, government keeps its promise of fixing MSP at a level of at least"
        " 1.5 times of the cost of production",
        "Repayment dates for short-term loans for agriculture and allied activities extended; farmers"
        " to also get benefit of interest subvention and prompt repayment incentive",
        "Caring for the poor is the top focus of the government",
    )
    assert r.posted_at == _at(2020, 6, 1, 17, 27)
    assert r.sign_off == "VRRK/SH"  # no separator in this file
    assert "PM स्वनिधि" in r.text and r.language == "en"
    assert r.text.startswith(
        "\n".join((r.title, *r.subtitles)) + "\n\nThe Union Cabinet, chaired by"
    )


def test_shape_a_long_title_not_split_1629043(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1629043.txt")
    line2 = (raw_dir / "txt_1629043.txt").read_text(encoding="utf-8").split("\n")[1]
    assert r.title == line2 and r.subtitles == ()  # no glued seam: unsure, so no split
    assert "“Shramik Special”" in r.title
    assert r.sign_off == "DJN/SG/MKV"
    # the scraper repeated the whole body after the sign-off: kept once
    assert r.text.count("Subsequent to the Ministry of Home Affairs order") == 1
    assert r.text.count("\n\n") == 6  # header + 6 paragraphs


def test_shape_a_capitalised_seams_1604789(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1604789.txt")
    assert r.title.endswith("distinct from its Foreign Policy: Shri Amit Shah")
    assert [s[:30] for s in r.subtitles] == [
        "Under PM Modi’s leadership, al",
        "The NSG commando has become sy",
    ]
    assert r.sign_off == "VG/SNC/VM"


def test_shape_a_mumbai_footer_1629096(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1629096.txt")
    assert r.ministry == "Ministry of Earth Science"
    assert r.bureau == "PIB Mumbai"
    assert r.posted_at == _at(2020, 6, 3, 18, 46)
    assert r.sign_off == "PIB Mum/MD/DR"
    assert (
        "Follow us" not in r.text and "pibmumbai@gmail.com" not in r.text and "* * *" not in r.text
    )
    assert "\n\nMumbai spared of serious damage\n\n" in r.text
    assert r.text.endswith("weaken into a cyclonic storm later tonight.")


def test_shape_a_sign_off_without_separator(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1611180.txt")
    assert (r.bureau, r.sign_off, r.posted_at) == ("PIB Mumbai", "MD/DR", _at(2020, 4, 4, 20, 26))
    assert r.ministry == "Ministry of Commerce & Industry"
    assert r.text.count("\n\n") == 3
    r = parse_file(raw_dir / "txt_1620754.txt")
    assert r.title == "NAGPUR NCC GROUP COMPLETES ITS DEPLOYMENT"
    assert r.sign_off == "BBP/PJL/23/2020"
    # the signature block of short lines stays together, single-spaced
    assert r.text.endswith(
        "(Basantkumar B Pande)\nGroup Captain\nPRO (Def) Nagpur\nMinistry Of Defence"
    )


def test_shape_a_single_token_sign_off_and_table(raw_dir: Path) -> None:
    assert parse_file(raw_dir / "txt_1628287.txt").sign_off == "MC"
    r = parse_file(raw_dir / "txt_1598376.txt")
    assert r.ministry == "Election Commission" and r.sign_off == "SBS/AC"
    assert (
        "\n\nS.No\nName of Member\nType of Elections\nCause of vacancy\nTerm up to\n1.\n" in r.text
    )
    assert "**" not in r.text


def test_no_body_1611211(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1611211.txt")
    assert (
        r.title == "Telephone Conversation between PM and the President of United States of America"
    )
    assert r.text == r.title
    assert r.ministry == "Prime Minister's Office" and r.posted_at == _at(2020, 4, 4, 21, 58)
    assert r.sign_off is None


def test_english_release_with_hindi_tweets_1620591(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1620591.txt")
    assert r.language == "en"
    assert "भारत अपने वीर कोरोना योद्धाओं को सलाम करता है।" in r.text
    assert r.sign_off == "VG/SNC/VM"


# ----------------------------------------------------------------------------- other languages
def test_hindi_shape_b_1652914(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1652914_hi.txt")
    assert r.release_id == 1652914
    assert r.ministry == "युवा कार्यक्रम एवं खेल मंत्रालय"
    assert r.title.startswith("एलीट, उदीयमान और खेलो इंडिया श्रेणी के निशानेबाजों को अस्त्र-शस्त्र")
    assert r.title.endswith("प्रशिक्षण जारी रख सकें: श्री किरेन रिजिजू")
    assert r.subtitles == ()
    assert r.posted_at == _at(2020, 9, 9, 21, 51)
    assert r.bureau == "PIB Delhi"
    assert r.visitor_count == 6
    assert r.language == "hi"
    assert r.translations == (
        Translation("en", "English"),
        Translation("ur", "Urdu"),
        Translation("pa", "Punjabi"),
        Translation("te", "Telugu"),
    )
    assert r.sign_off == "एमजी / एएम / एसएस / एसएस"
    assert r.text.count("\n\n") == 3
    assert r.text.endswith("हम अपना ओलंपिक प्रशिक्षण जारी रख सकें। ”")
    for meta in (*METADATA_LINES, "*******"):
        assert meta not in r.text


def test_hindi_shape_a_1628325(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1628325_hi.txt")
    assert r.language == "hi"
    assert r.ministry is None and r.posted_at is None and r.release_id is None
    assert r.title == "प्रधानमंत्री ने अपने कार्यकाल के दूसरे वर्ष की पहली कैबिनेट बैठक की अध्यक्षता की"
    assert len(r.subtitles) == 6
    assert r.subtitles[0] == "एमएसएमई की परिभाषा 14 साल बाद पहली बार संशोधित हुई"
    assert r.subtitles[-1] == "गरीबों की देखभाल करने पर सरकार का सबसे अधिक ध्यान"
    assert r.sign_off == "PP/VRRK/SH"
    assert r.text.startswith("\n".join((r.title, *r.subtitles)) + "\n\nप्रधान मंत्री श्री नरेंद्र मोदी")


def test_hindi_sign_off_without_separator_1628344(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1628344_hi.txt")
    assert r.subtitles == (
        "‘आत्मनिर्भर भारत पैकेज’ के माध्यम से एमएसएमई सेक्टर में नई जान डालने का रास्ता तैयार होगा",
    )
    assert r.sign_off == "एसजी/एएम/एमपी/जेके/एसके"
    assert r.text.endswith("11 करोड़ से ज्यादा लोगों को रोजगार मिला हुआ है।")


def test_tamil_1628325(raw_dir: Path) -> None:
    r = parse_file(raw_dir / "txt_1628325_ta.txt")
    assert r.language == "ta"
    assert r.title == "பொறுப்பேற்று இரண்டாவது ஆண்டின் முதல் அமைச்சரவை கூட்டத்திற்கு பிரதமர் தலைமை வகித்தார்"
    assert len(r.subtitles) == 8
    assert r.subtitles[-1] == "ஏழைகள் மீது அக்கறை செலுத்துவதிலேயே அரசின் முக்கிய"
    assert r.sign_off is None and "***" not in r.text  # the file ends with a bare separator


def test_bengali_and_odia_1628344(raw_dir: Path) -> None:
    bn = parse_file(raw_dir / "txt_1628344_bn.txt")
    assert bn.language == "bn"
    assert bn.sign_off == "CG/SS/DM"  # Latin initials, no separator
    assert bn.title.startswith("অতিক্ষুদ্র, ক্ষুদ্র ও মাঝারি শিল্পোদ্যোগের সংজ্ঞা")
    dateline = (raw_dir / "txt_1628344_bn.txt").read_text(encoding="utf-8").split("\n")[1]
    assert dateline.startswith("\u09a8\u09df\u09be\u09a6")  # নয়াদ… with precomposed য় (U+09DF)
    assert bn.text.startswith(f"{bn.title}\n\n{dateline}\n\n")
    od = parse_file(raw_dir / "txt_1628344_or.txt")
    assert od.language == "or"
    first_line = (raw_dir / "txt_1628344_or.txt").read_text(encoding="utf-8").split("\n")[0]
    assert od.title == first_line and od.title.endswith("କ୍ୟାବିନେଟ ମଞ୍ଜୁରି")  # verbatim (has U+0B5C)
    assert "\n\n• ସଙ୍କଟଗ୍ରସ୍ତ ଏମଏସଏମଇ ପାଇଁ" in od.text
    assert od.sign_off is None and "*" not in od.text


def test_manipuri_and_scripts(raw_dir: Path) -> None:
    mni_bytes = (raw_dir / "txt_1628325_mni.txt").read_bytes()
    assert parse_bytes(mni_bytes, "txt_1628325_mni.txt").language == "mni"  # the file name says
    assert parse_bytes(mni_bytes, "release.txt").language == "bn"  # Bengali script alone
    assert parse_file(raw_dir / "txt_1628325_ml.txt").language == "ml"
    assert parse_file(raw_dir / "txt_1628325_kn.txt").language == "kn"
    te = parse_file(raw_dir / "txt_1628325_te.txt")
    assert te.language == "te"
    assert "\u200c" in te.title  # ZWNJ kept: characters are never altered


# ----------------------------------------------------------------------------- every file
def test_every_release_file_parses(raw_dir: Path) -> None:
    files = _release_files(raw_dir)
    assert len(files) == 35  # 33 text files + 2 pages (SOURCES.md "Counts")
    for f in files:
        r = parse_file(f)
        assert isinstance(r, ParsedRelease)
        assert r.title.strip() and r.text.strip(), f.name
        assert r.text.startswith(r.title), f.name
        assert "\n" not in r.title, f.name
        for s in r.subtitles:
            assert s and f"\n{s}\n" in r.text + "\n", (f.name, s)
        assert "\r" not in r.text and "\ufeff" not in r.text, f.name
        assert r.posted_at is None or r.posted_at.utcoffset() is not None, f.name
        assert r.language, f.name
        for meta in METADATA_LINES:
            assert meta not in r.text, (f.name, meta)
        if r.sign_off:
            assert f"\n{r.sign_off}" not in r.text, f.name
        if f.name == "txt_1611211.txt":
            assert r.text == r.title  # the scraper captured no body
        else:
            assert len(r.text) > len(r.title) + 40, f.name


@pytest.mark.parametrize("name", ["listing_allrel_page.html", "listing_allrel_onclick.html"])
def test_listing_pages_are_not_releases(raw_dir: Path, name: str) -> None:
    with pytest.raises(ParseError, match="not a PIB release page") as e:
        parse_file(raw_dir / name)
    assert e.value.source == name
    assert str(e.value).startswith(f"{name}: not a PIB release page")
    assert "\n" not in str(e.value)


def test_iter_release_files(raw_dir: Path, tmp_path: Path) -> None:
    found = list(iter_release_files(raw_dir))
    assert found == sorted(found)
    assert len(found) == 37  # 33 .txt + 2 release pages + 2 listing pages
    assert RELEASE_SUFFIXES == (".txt", ".html", ".htm")
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.TXT", "a.htm", ".secret.txt", "notes.md", "sub/c.html", ".hidden/d.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_release_files(tmp_path)] == [
        "a.htm",
        "b.TXT",
        "sub/c.html",
    ]
    assert list(iter_release_files(tmp_path / "a.htm")) == [tmp_path / "a.htm"]
