"""The hand-written gold standard, turned into ``<release>.json`` files with offsets.

Run ``.venv/bin/python tests/entities/gold/make_gold.py`` after changing a spec below;
the tests read only the JSON (and check every span against the parsed text).

Each spec lists what an editor marks in the release, read by hand, following README.md:
``(label, pattern, which, entity_or_speaker, kind)`` where ``pattern`` is a regular
expression (group 1, when present, is the span), ``which`` is ``"all"`` or a list of
0-based match indices, and for Statements the last two give speaker and statement kind.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE.parents[3] / "shared" / "corpus" / "raw"

P, S = "Person", "Statement"
RS, NM, AS, AI, SA = "Rajnath Singh", "Narendra Modi", "Amit Shah", "Takeshi Iwaya", "Shinzo Abe"
CPR = "C. P. Radhakrishnan"

SPECS: dict[str, list[tuple]] = {
    # Shape B English page copy, the founding example (02 SEP 2019).
    "txt_1583904.txt": [
        (P, r"Rajnath Singh", "all", RS),
        (P, r"Raksha Mantri(?! Shri)", "all", RS),
        (P, r"Takeshi [lI]waya", "all", AI),
        (P, r"Shinzo Abe", "all", SA),
        (P, r"(?:Mr|PM) (Abe)\b", "all", SA),
        (P, r"Narendra Modi", "all", NM),
        (P, r"Shri (Modi)\b", "all", NM),
        (S, r"“(Had an extremely fruitful.*?nations\.)”", "all", RS, "social"),
        (S, r"“(The meeting with the Prime Minister of Japan.*?countries\.)”", "all", RS, "social"),
    ],
    # Scraper copy (shape A), Ministry of Home Affairs, 01 MAR 2020.
    "txt_1604789.txt": [
        (P, r"Amit Shah", "all", AS),
        (P, r"(?<!Amit )\b(Shah)\b", "all", AS),
        (P, r"Home Minister", "all", AS),
        (P, r"Narendra Modi", "all", NM),
        (P, r"(?<!Narendra )\b(Modi)\b", "all", NM),
        (P, r"\b(PM)'s", "all", NM),
        (P, r"Anup Kumar Singh", "all", "Anup Kumar Singh"),
        (S, r"\"(Historically, India has never been.*?integrity)\"", "all", AS, "direct"),
    ],
    # Scraper copy (shape A), PMO, 03 MAY 2020: quoted tweet, then the tweet again.
    "txt_1620632.txt": [
        (P, r"^(PM) pays", "all", NM),
        (P, r"Narendra Modi", "all", NM),
        (P, r"the (Prime Minister) said", "all", NM),
        (S, r"“(Tributes to our.*?families and friends)”", "all", NM, "social"),
        (S, r"\n(Tributes to our.*?families and friends\.)$", "all", NM, "social"),
    ],
    # Scraper copy (shape A), MHA, 03 MAY 2020: English tweet quotes + Hindi originals.
    "txt_1620591.txt": [
        (P, r"Union Home Minister", "all", AS),
        (P, r"Amit Shah", "all", AS),
        (P, r"Shri (Shah)", "all", AS),
        (P, r"The (Home Minister) praised", "all", AS),
        (P, r"the (Modi) government", "all", NM),
        (S, r"“(India salutes.*?Jai Hind!)”", "all", AS, "social"),
        (S, r"(भारत अपने वीर.*?जय हिंद!) pic", "all", AS, "social"),
        (S, r"“(The scenes of respect.*?venerable\.)”", "all", AS, "social"),
        (S, r"(भारतीय सशस्त्र बलों.*?वंदनीय है।) pic", "all", AS, "social"),
        (S, r"“(The bravery with which.*?difficult time\.)”", "all", AS, "social"),
        (S, r"(भारत जिस बहादुरी.*?खड़ा है।) pic", "all", AS, "social"),
    ],
    # Scraper copy (shape A), President's Secretariat, 03 JUN 2020: foreign President too.
    "txt_1629120.txt": [
        (P, r"PRESIDENT OF INDIA", "all", "Ram Nath Kovind"),
        (P, r"Ram Nath Kovind", "all", "Ram Nath Kovind"),
        (P, r"Salome Zourabichvili", "all", "Salome Zourabichvili"),
        (P, r"(?<!Georgian )\b(President)\b(?! of)", "all", "Ram Nath Kovind"),
    ],
    # Hindi page copy (shape B), Youth Affairs & Sports, 09 SEP 2020.
    "txt_1652914_hi.txt": [
        (P, r"किरेन रिजिजू", "all", "Kiren Rijiju"),
        (P, r"(खेल मंत्री) (?!श्री)", "all", "Kiren Rijiju"),
        (P, r"अपूर्वी चंदेला", "all", "अपूर्वी चंदेला"),
        (P, r"अंजुम मोदगिल", "all", "अंजुम मोदगिल"),
        (P, r"सौरभ चौधरी", "all", "सौरभ चौधरी"),
        (P, r"अनीश भानवाला", "all", "अनीश भानवाला"),
        (S, r"\" (बहुत अच्छा लगा.*?जारी रख सकें।) ”", "all", "अनीश भानवाला", "direct"),
    ],
    # HTML page, Vice President's Secretariat, 09 AUG 2026: embedded tweets.
    "html_2296750.html": [
        (P, r"C\. P\. Radhakrishnan", "all", CPR),
        (P, r"Shri (Radhakrishnan)", "all", CPR),
        (P, r"Vice[- ]President(?: of India)?(?! Shri)", "all", CPR),
        (P, r"Subhas Chandra Bose", "all", "Subhas Chandra Bose"),
        (P, r"Subramania Bharati", "all", "Subramania Bharati"),
        (P, r"(Bharati)’s", "all", "Subramania Bharati"),
        (P, r"Vinayak Damodar Savarkar", "all", "Vinayak Damodar Savarkar"),
        (P, r"Narendra Modi", "all", NM),
        (P, r"Mahatma Gandhi", "all", "Mahatma Gandhi"),
        (P, r"D\. K\. Joshi", "all", "D. K. Joshi"),
        (P, r"Chanchal Yadav", "all", "Chanchal Yadav"),
        (P, r"M\. Vasantha", "all", "M. Vasantha"),
        (P, r"P\. Ummer", "all", "P. Ummer"),
        (S, r"“(Bharat is one and will always remain one),?”", "all", CPR, "direct"),
        (S, r"(Hoisted the National Flag.*?\nOn Quit India…) pic", "all", CPR, "social"),
        (S, r"\n\n(Vice President Shri C\. P\..*?\nThe Vice-President said there could be no more appropriate place to…) pic", "all", CPR, "social"),
        (S, r"“(Do or Die)”", "all", "Mahatma Gandhi", "direct"),
        (S, r"“(India has always been generous.*?sovereignty\.)”", "all", CPR, "direct"),
    ],
}


def build(name: str, text: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for spec in SPECS[name]:
        label, pat, which = spec[0], spec[1], spec[2]
        matches = list(re.finditer(pat, text, re.S | re.M))
        if not matches:
            raise SystemExit(f"{name}: no match for {pat!r}")
        chosen = matches if which == "all" else [matches[i] for i in which]
        for m in chosen:
            g = 1 if m.re.groups else 0
            item: dict[str, object] = {"start": m.start(g), "end": m.end(g), "label": label, "text": m.group(g)}
            if label == S:
                item["speaker"], item["kind"] = spec[3], spec[4]
            else:
                item["entity"] = spec[3]
            out.append(item)
    out.sort(key=lambda d: (d["start"], d["end"], d["label"]))
    for a, b in zip(out, out[1:], strict=False):
        if a["label"] == b["label"] and a["end"] > b["start"]:  # type: ignore[operator]
            raise SystemExit(f"{name}: overlapping gold spans {a} / {b}")
    return out


def main() -> None:
    sys.path.insert(0, str(HERE.parents[2]))
    from pibdesk.parsing import parse_file

    for name in SPECS:
        parsed = parse_file(RAW / name)
        spans = build(name, parsed.text)
        doc = {"file": name, "release_id": parsed.release_id, "spans": spans}
        (HERE / (Path(name).stem + ".json")).write_text(
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(name, len(spans))


if __name__ == "__main__":
    main()
