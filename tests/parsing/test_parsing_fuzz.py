"""Property test: ``parse_bytes`` raises nothing but ``ParseError``, whatever the bytes.

Inputs mix random bytes, random text in several encodings, and PIB-shaped lines and HTML
fragments (Posted On, separators, footer lines, ``#Titleh2`` ...) in random order and cut
at random points, so most of them reach the text and HTML parsers, not only the decoder.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pibdesk.core.errors import ParseError
from pibdesk.parsing import parse_bytes

MAX_EXAMPLES = 300

_PIECES = st.sampled_from(
    [
        "Posted On: 02 SEP 2019 7:22PM by PIB Delhi",
        "Posted On:",
        "प्रविष्टि तिथि: 09 सितंबर 2020 9:51PM",
        "Posted On: 31 FEB 2020 13:61PM by",
        "*****",
        "* * *",
        "MD/DR",
        "एमजी / एएम",
        "(Release ID: 1583904) Visitor Counter : 744",
        "Read this release in: Urdu , हिन्दी",
        "Follow us on social media: @PIBMumbai",
        "azadi ka amrit mahotsav",
        "",
        "      ",
        "Ministry of Defence",
        "takenMSME definition revisedDr.Harsh",
        "<html><body>",
        "<h2 id='Titleh2'>Title</h2>",
        "<span id='ltrSubtitle'><br/>a<br/><br/>b</span>",
        "<div id='PrDateTime'>Posted On: 09 AUG 2026 12:45PM by PIB Delhi</div>",
        "<p>body<br/><br/>more</p>",
        "<ul><li>one</li><li>two",
        "<table><tr><td>x</td><td>y",
        "<blockquote class='twitter-tweet'><p>tweet</p>— x",
        "<div id='reel_pic'></div><span id='ReleaseId'>(Release ID: 7)</span>",
        "<div class='ReleaseLang'><a href='?PRID=12'>Urdu</a>",
        "</html>",
        "{",
        '{"a": 1}',
        "\ufeff",
        "\r",
        "\x00",
        "\x0c",
        "ৰ",
    ]
)
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=30).map("\n".join)
_ENCODINGS = st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1"]
)


@st.composite
def _inputs(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.binary(max_size=600))
    data = draw(_TEXTS).encode(draw(_ENCODINGS), errors="replace")
    if kind == 2:
        data = data[: draw(st.integers(0, len(data)))]
    return data


def test_parse_bytes_raises_only_parse_error(say: Callable[[str], None]) -> None:
    tried = {"inputs": 0, "parsed": 0, "refused": 0}

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_inputs(), st.sampled_from(["fuzz.txt", "fuzz.html", "fuzz"]))
    def check(data: bytes, source: str) -> None:
        tried["inputs"] += 1
        try:
            r = parse_bytes(data, source)
        except ParseError as e:
            tried["refused"] += 1
            assert e.source == source and "\n" not in str(e)
            return
        tried["parsed"] += 1
        assert r.title and "\n" not in r.title
        assert r.text.startswith(r.title)
        assert "\r" not in r.text
        assert r.posted_at is None or r.posted_at.utcoffset() is not None

    check()
    say(f"fuzz: {tried['inputs']} inputs, {tried['parsed']} parsed, {tried['refused']} refused")
    assert tried["inputs"] >= MAX_EXAMPLES
    assert tried["parsed"] > 0 and tried["refused"] > 0
