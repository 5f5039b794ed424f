"""Make every gold file follow two conventions: outlets cited are listed; canonical names.

The convention (seeds/corpus/README.md): a news outlet or agency that an article's title or body
names -- the credit of a dateline ("QUETTA, Pakistan (AP) --", "Quetta, Nov 3 (PTI)"), a sign-off
("(ANI)"), an attribution ("told Dawn", "Geo News reported", "according to Reuters") -- is an
entity of type Organization under its canonical name (seeds/dev/CANON.md), its mentions the
forms the text uses. The development batches from batch10 on follow it in nine reports of ten;
this script applies it to every set alike, adding only outlets a gold file does not list yet and
giving the canonical name of seeds/dev/CANON.md to an entity a few older files list under
another ("Xinhua", "Government of Afghanistan"). It never touches seeds/dev/final or a batch not
yet released for development.

    python scripts/gold_conventions.py            # list what would change
    python scripts/gold_conventions.py --write    # change the gold files
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SKIP = ("final", "batch37", "batch38")

# Canonical name -> patterns of its mentions (the first group, or the whole match, is the
# mention). "PTI" is also a party's initials and "AP" a common pair of capitals, so each is
# read only as a dateline's credit (after a date or a place) or as the one told.
OUTLETS: dict[str, list[str]] = {
    "Dawn": [r"\bDawn\b(?![ .]?[Nn]ews|\.com)", r"\b(Dawn)\.com\b"],
    "Dawn News": [r"\bDawnNewsTV\b", r"\bDawn News\b"],
    "Reuters": [r"\bReuters\b"],
    "Asian News International": [r"\bANI\b"],
    "Press Trust of India": [r"(?:\d|[A-Z]{2})\s*\((PTI)\)", r"\btold (PTI)\b"],
    "Agence France-Presse": [r"\bAFP\b"],
    "Associated Press": [r"(?:\d|[A-Z]{2}|Pakistan|Iran)\s*\((AP)\)", r"\btold (AP)\b"],
    "Associated Press of Pakistan": [r"\bAPP\b"],
    "Indo-Asian News Service": [r"\bIANS\b"],
    "Xinhua News Agency": [r"\bXinhua\b"],
    "Geo News": [r"\bGeo News\b"],
    "Islamic Republic News Agency": [r"\bIRNA\b"],
}
# Other names some older gold files use for an entity, and its canonical name (CANON.md).
RENAMES = {"Xinhua": "Xinhua News Agency", "Government of Afghanistan": "Interim Afghan Government"}


def _text(article: Path) -> str:
    """Title plus body of an article file (front matter's other fields are not text)."""
    raw = article.read_text(encoding="utf-8")
    if not raw.startswith("---"):
        return raw
    _, front, body = raw.split("---", 2)
    title = next((ln[6:].strip() for ln in front.splitlines() if ln.startswith("title:")), "")
    return title + "\n" + body


def _mentions(text: str, patterns: list[str]) -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            mention = m.group(1) if m.groups() else m.group(0)
            if mention not in found:
                found.append(mention)
    return found


def _dump(gold: dict, raw: str) -> str:
    indent = 1 if raw.startswith('{\n "') else 2
    out = json.dumps(gold, indent=indent, ensure_ascii=False)
    return out + "\n" if raw.endswith("\n") else out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    changed = 0
    for gold_path in sorted(SEEDS.glob("**/gold/*.json")):
        if any(part in SKIP for part in gold_path.parts):
            continue
        article = gold_path.parent.parent / "articles" / (gold_path.stem + ".md")
        if not article.exists():
            continue
        raw = gold_path.read_text(encoding="utf-8")
        gold = json.loads(raw)
        text = _text(article)
        notes = []
        for entity in gold["entities"]:
            new = RENAMES.get(entity["name"])
            if new and not any(e["name"] == new for e in gold["entities"]):
                notes.append(f"rename {entity['name']} -> {new}")
                entity["name"] = new
        names = {e["name"] for e in gold["entities"]}
        for canon, patterns in OUTLETS.items():
            mentions = _mentions(text, patterns)
            if mentions and canon not in names:
                gold["entities"].append(
                    {"name": canon, "type": "Organization", "mentions": mentions, "wikidata": None}
                )
                notes.append(f"add {canon} {mentions}")
        if notes:
            changed += 1
            print(gold_path.relative_to(SEEDS), "; ".join(notes))
            if args.write:
                gold_path.write_text(_dump(gold, raw), encoding="utf-8")
    print(f"{changed} gold files {'changed' if args.write else 'to change'}")


if __name__ == "__main__":
    main()
