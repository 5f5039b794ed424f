"""Region packs: folders of data files holding what is true of one region.

The extractor reads them (:mod:`kg.extract.config`); the exports read a pack's default
country, which is why they sit with the other shared resources in ``kg.core``.

A pack is a folder. Its ``pack.yaml`` names the region's countries (ISO 3166-1 alpha-2
codes), how their towns and provinces join the gazetteer, and what a generic force word
("soldiers", "police") means in each; its tables hold the region's actors, places and
projects. The shipped packs live in ``kg/lexicons/packs/``; a user adds a folder with
``kg build --pack DIR`` or ``$KG_LEXICONS``. A pack's ``wikidata_sources.tsv`` says where each
Wikidata id of its tables comes from; :func:`check_pack` holds the two together.

Every table is read against a schema (:data:`SCHEMAS`, data, one per kind of file), so a
wrong header, an unknown column, a row with the wrong number of cells or an unknown kind
stops the load with a :class:`LexiconError` naming the file and line. A ``.tsv`` file is
known by its name (``actors.tsv``) or, under another name, by an ``id``/``label``/``kind``
header (an entry table holding any kind of actor, place or project).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from kg.core.errors import LexiconError
from kg.core.model import ACTOR_KINDS, PLACE_KINDS
from kg.core.resources import lexicons_dir

__all__ = [
    "LexiconError",
    "Country",
    "ENTRY_TABLES",
    "Pack",
    "PackReport",
    "SCHEMAS",
    "PACK_FILE",
    "WIKIDATA_SOURCES",
    "check_pack",
    "default_country",
    "load_pack",
    "pack_tables",
    "read_table",
    "shipped_packs",
    "table_kind",
]

#: The file that describes a pack.
PACK_FILE = "pack.yaml"
_YES_NO = ("", "yes", "no", "true", "false", "1", "0")
_ENTRY_KINDS = (*ACTOR_KINDS, "Project")
_ACTOR_COLUMNS = ("aliases", "wikidata", "parent", "funded_by", "jurisdiction", "generic", "note")
_PLACE_COLUMNS = (
    *("parent", "lat", "lon", "aliases", "wikidata", "facility", "metonym", "source", "note"),
)

#: The tables a pack may hold, by kind: required and optional columns, and the values a
#: column may take (a tuple of values, or "float"). Column order is free.
SCHEMAS: Mapping[str, Mapping] = MappingProxyType(
    {
        "actors": {
            "required": ("id", "label", "kind"),
            "optional": _ACTOR_COLUMNS,
            "values": {"kind": ACTOR_KINDS, "generic": _YES_NO},
        },
        "places": {
            "required": ("id", "label", "kind"),
            "optional": _PLACE_COLUMNS,
            "values": {"kind": PLACE_KINDS, "lat": "float", "lon": "float"},
        },
        "projects": {
            "required": ("id", "label", "kind"),
            "optional": _ACTOR_COLUMNS,
            "values": {"kind": ("Project",), "generic": _YES_NO},
        },
        # A table under another name with an id/label/kind header: any entry kind.
        "entries": {
            "required": ("id", "label", "kind"),
            "optional": tuple(dict.fromkeys((*_ACTOR_COLUMNS, *_PLACE_COLUMNS))),
            "values": {
                "kind": (*_ENTRY_KINDS, *PLACE_KINDS),
                "generic": _YES_NO,
                "lat": "float",
                "lon": "float",
            },
        },
        # Word lists a user pack may add to (the shipped ones sit outside the packs).
        "abbreviations": {"required": ("abbreviation",), "optional": (), "values": {}},
        "cues": {"required": ("type", "phrase"), "optional": (), "values": {}},
        "casualty_words": {"required": ("word", "role"), "optional": (), "values": {}},
        # Where each Wikidata id of the pack's entry tables comes from, one row per id: the
        # table (its file name without .tsv), the row's id, the id, and the source it is from.
        "wikidata_sources": {
            "required": ("table", "id", "qid", "source"),
            "optional": ("evidence",),
            "values": {"qid": "qid"},
        },
    }
)
#: The pack file that says where each Wikidata id of the entry tables comes from.
WIKIDATA_SOURCES = "wikidata_sources.tsv"
#: Entry tables: rows that become actors, places and projects.
ENTRY_TABLES = ("actors", "places", "projects", "entries")
# Other files a pack may hold, read by the word lists and the entity rules.
_OTHER_FILES = ("triggers.jsonl", "entity_cues.yaml")
_QID = re.compile(r"Q[1-9][0-9]*")
_PACK_KEYS = {"name", "description", "default_country", "countries"}
_COUNTRY_KEYS = {"name", "subdivisions", "min_population", "admin1", "forces"}


@dataclass(frozen=True)
class Country:
    """One country of a pack and what the pack says about it."""

    code: str
    name: str | None = None
    subdivisions: bool = False
    min_population: int | None = None
    admin1: Mapping[str, str] = field(default_factory=dict)
    forces: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The gazetteer key of the country (``place:pk``)."""
        return f"place:{self.code.lower()}"


@dataclass(frozen=True)
class Pack:
    """A pack folder, its description and its countries."""

    folder: Path
    name: str
    default_country: str | None = None
    countries: tuple[Country, ...] = ()

    def files(self) -> list[Path]:
        """Every data file of the pack, sorted by name."""
        return sorted(p for p in self.folder.iterdir() if p.is_file() and _is_data(p))


def _is_data(path: Path) -> bool:
    return path.suffix == ".tsv" or path.name in (PACK_FILE, *_OTHER_FILES)


def shipped_packs() -> list[Path]:
    """The pack folders shipped in ``kg/lexicons/packs``, sorted by name."""
    root = lexicons_dir() / "packs"
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def default_country(folders: Iterable[str | Path] | None = None) -> Country | None:
    """The default country of the last pack that names one (default: the shipped packs).

    A user pack comes after the shipped ones, so its country wins, as its rows do.

    Raises:
        LexiconError: a pack.yaml is malformed.
    """
    found = None
    for folder in shipped_packs() if folders is None else folders:
        pack = load_pack(folder)
        if pack.default_country:
            found = next(c for c in pack.countries if c.code == pack.default_country)
    return found


# -- tables ---------------------------------------------------------------------------------
def _lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of every line that is not blank or a ``#`` comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconError(path, f"cannot read ({error})") from None
    # Lines end at "\n" only: str.splitlines() would also cut at control characters (\x0b,
    # \x85) that a label may hold.
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.removesuffix("\r")
        if raw.strip() and not raw.lstrip().startswith("#"):
            yield number, [cell.strip() for cell in raw.split("\t")]


def table_kind(path: str | Path) -> str:
    """Return the schema a table is read with: its name's, or ``entries`` for an entry header.

    Raises:
        LexiconError: the name is not a known table and the header has no id, label and kind.
    """
    path = Path(path)
    if path.stem in SCHEMAS and path.stem != "entries":
        return path.stem
    header = next(_lines(path), (None, []))
    if {"id", "label", "kind"} <= {c.lower() for c in header[1]}:
        return "entries"
    known = ", ".join(f"{k}.tsv" for k in SCHEMAS if k != "entries")
    raise LexiconError(
        path, f"not a pack table: name it one of {known}, or give it an id, label and kind header"
    )


def read_table(path: str | Path, kind: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """Read a table against its schema; return ``(line number, row)`` pairs.

    Args:
        path: a tab-separated file; ``#`` lines are comments, the first other line the header.
        kind: the schema (a key of :data:`SCHEMAS`); by default :func:`table_kind`'s.

    Raises:
        LexiconError: a bad header, an unknown column, a row whose cell count differs from
            the header's, an empty required cell or a value the column does not allow.
    """
    path = Path(path)
    schema = SCHEMAS[kind or table_kind(path)]
    lines = _lines(path)
    number, header = next(lines, (1, []))
    header = [cell.lower() for cell in header]
    allowed = (*schema["required"], *schema["optional"])
    for column in header:
        if column not in allowed:
            raise LexiconError(
                path, f"unknown column {column!r}; allowed: {', '.join(allowed)}", number
            )
    missing = [c for c in schema["required"] if c not in header]
    if missing or len(set(header)) != len(header):
        problem = f"missing {', '.join(missing)}" if missing else "a repeated column"
        raise LexiconError(path, f"bad header: {problem}", number)
    rows = []
    for number, cells in lines:
        if len(cells) != len(header):
            raise LexiconError(path, f"{len(cells)} cells for {len(header)} columns", number)
        row = dict(zip(header, cells, strict=True))
        empty = [c for c in schema["required"] if not row[c]]
        if empty:
            raise LexiconError(path, f"missing {', '.join(empty)}", number)
        for column, values in schema["values"].items():
            _check_value(path, number, column, row.get(column) or "", values)
        rows.append((number, row))
    return rows


def _check_value(path: Path, number: int, column: str, value: str, values) -> None:
    if values == "qid":
        if not _QID.fullmatch(value):
            raise LexiconError(path, f"{column} {value!r} is not a Wikidata item id", number)
    elif values == "float":
        try:
            float(value or 0)
        except ValueError:
            raise LexiconError(path, f"{column} {value!r} is not a number", number) from None
    elif value.lower() not in {v.lower() for v in values}:
        shown = ", ".join(v for v in values if v)
        raise LexiconError(path, f"unknown {column} {value!r}; one of {shown}", number)


def pack_tables(folder: str | Path, kinds: Iterable[str] = ENTRY_TABLES) -> list[Path]:
    """The ``.tsv`` files of a pack folder whose schema is one of ``kinds``, sorted by name.

    Raises:
        LexiconError: a ``.tsv`` file is no known table.
    """
    kinds = tuple(kinds)
    return [
        path
        for path in sorted(Path(folder).glob("*.tsv"))
        if path.is_file() and table_kind(path) in kinds
    ]


# -- pack.yaml ------------------------------------------------------------------------------
def load_pack(folder: str | Path) -> Pack:
    """Read a pack folder's ``pack.yaml`` (a folder without one is a pack of tables only).

    Raises:
        LexiconError: the folder is missing, or pack.yaml is malformed.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise LexiconError(folder, "no such pack folder")
    path = folder / PACK_FILE
    if not path.is_file():
        return Pack(folder, folder.name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise LexiconError(path, f"cannot read ({error})") from None
    _require(path, isinstance(data, dict), "expected a mapping")
    unknown = sorted(set(data) - _PACK_KEYS)
    _require(path, not unknown, f"unknown keys {unknown}", unknown[0] if unknown else None)
    countries = data.get("countries") or {}
    _require(path, isinstance(countries, dict), "countries: expected a mapping", "countries")
    default = data.get("default_country")
    ok = default is None or default in countries
    _require(path, ok, f"default_country {default!r} is not in countries", "default_country")
    return Pack(
        folder,
        str(data.get("name") or folder.name),
        default,
        tuple(_country(path, code, spec or {}) for code, spec in countries.items()),
    )


def _country(path: Path, code, spec) -> Country:
    where = f"countries.{code}"
    ok = isinstance(code, str) and len(code) == 2 and code.isalpha() and code.isupper()
    _require(path, ok, f"{where}: expected an ISO 3166-1 alpha-2 code", str(code))
    _require(path, isinstance(spec, dict), f"{where}: expected a mapping", str(code))
    unknown = set(spec) - _COUNTRY_KEYS
    _require(
        path, not unknown, f"{where}: unknown keys {sorted(unknown)}", min(unknown, default=None)
    )
    for name in ("admin1", "forces"):
        value = spec.get(name) or {}
        _require(path, isinstance(value, dict), f"{where}.{name}: expected a mapping", name)
    population = spec.get("min_population")
    ok = population is None or isinstance(population, int)
    _require(path, ok, f"{where}.min_population: expected a number", "min_population")
    forces = {str(w): _actor_key(str(i)) for w, i in (spec.get("forces") or {}).items()}
    return Country(
        code=code,
        name=spec.get("name"),
        subdivisions=bool(spec.get("subdivisions")),
        min_population=population,
        admin1=MappingProxyType({str(k): str(v) for k, v in (spec.get("admin1") or {}).items()}),
        forces=MappingProxyType(forces),
    )


def _actor_key(ident: str) -> str:
    return ident if ":" in ident else f"actor:{ident}"


def _require(path: Path, condition: bool, message: str, key: str | None = None) -> None:
    if not condition:
        raise LexiconError(path, message, _find_line(path, key) if key else None)


def _find_line(path: Path, key: str) -> int | None:
    """The first line of a YAML file that opens with ``key:`` (quoted or not)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if line.strip().strip("'\"").startswith(key) and ":" in line:
            head = line.split(":")[0].strip().strip("'\"")
            if head == key:
                return number
    return None


# -- checking -------------------------------------------------------------------------------
@dataclass
class PackReport:
    """What :func:`check_pack` found: rows per file and the errors."""

    folder: Path
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[LexiconError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_pack(folder: str | Path, known_keys: Callable[[], set[str]] | None = None) -> PackReport:
    """Read every file of a pack against its schema and report counts and errors.

    Args:
        folder: the pack folder.
        known_keys: returns the entity keys the pack's references may point to (its own and
            the shipped packs'); checked only when every file reads.

    Returns:
        A :class:`PackReport`; one error per bad file (its first problem), naming file and line.
    """
    folder = Path(folder)
    report = PackReport(folder)
    try:
        pack = load_pack(folder)
        report.counts[PACK_FILE] = len(pack.countries)
    except LexiconError as error:
        report.errors.append(error)
        return report
    for path in pack.files():
        if path.name == PACK_FILE:
            continue
        try:
            report.counts[path.name] = _count(path)
        except LexiconError as error:
            report.errors.append(error)
    if report.ok and (folder / WIKIDATA_SOURCES).is_file():
        report.errors.extend(_check_wikidata_sources(folder))
    if report.ok and known_keys is not None:
        keys = known_keys()
        for country in pack.countries:
            for word, key in country.forces.items():
                if key not in keys:
                    report.errors.append(
                        LexiconError(
                            folder / PACK_FILE,
                            f"countries.{country.code}.forces: {word!r} names unknown {key}",
                            _find_line(folder / PACK_FILE, word),
                        )
                    )
    return report


def _check_wikidata_sources(folder: Path) -> list[LexiconError]:
    """Hold a pack's Wikidata ids and its ``wikidata_sources.tsv`` together: every id in an
    entry table has a row there, and every row there names an entry that carries its id."""
    errors = []
    ids: dict[tuple[str, str], tuple[Path, int, str]] = {}
    for path in pack_tables(folder):
        for number, row in read_table(path):
            ids[(path.stem, row["id"])] = (path, number, row.get("wikidata") or "")
    sources = folder / WIKIDATA_SOURCES
    cited: set[tuple[str, str]] = set()
    for number, row in read_table(sources, "wikidata_sources"):
        key = (row["table"], row["id"])
        found = ids.get(key)
        if found is None:
            errors.append(LexiconError(sources, f"no {row['table']}.tsv row {row['id']!r}", number))
        elif found[2] != row["qid"]:
            shown = found[2] or "no wikidata"
            message = f"{row['qid']} for {row['table']}.tsv {row['id']!r}, which has {shown}"
            errors.append(LexiconError(sources, message, number))
        cited.add(key)
    for key, (path, number, qid) in ids.items():
        if qid and key not in cited:
            message = f"wikidata {qid} of {key[1]!r} has no row in {WIKIDATA_SOURCES}"
            errors.append(LexiconError(path, message, number))
    return errors


# Keys a trigger line may hold (kg.extract.wordlists.Trigger); the first three are required.
_TRIGGER_KEYS = (
    *("phrase", "kind", "strength", "noun", "creates", "casualty", "discovery"),
    *("weak_family", "event_type", "sub_event_type"),
)


def _count_triggers(path: Path) -> int:
    count = 0
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconError(path, f"cannot read ({error})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as error:
            raise LexiconError(path, f"not JSON ({error})", number) from None
        if not isinstance(row, dict) or not {"phrase", "kind", "strength"} <= set(row):
            raise LexiconError(path, "expected an object with phrase, kind and strength", number)
        unknown = sorted(set(row) - set(_TRIGGER_KEYS))
        if unknown:
            raise LexiconError(path, f"unknown keys {unknown}", number)
        count += 1
    return count


def _count(path: Path) -> int:
    if path.suffix == ".tsv":
        return len(read_table(path))
    if path.suffix == ".jsonl":
        return _count_triggers(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise LexiconError(path, f"cannot read ({error})") from None
    return len(data)
