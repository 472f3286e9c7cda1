"""Extraction of foreign-military deployment claims from news text, by rules over a dependency parse.

The pipeline works offline: spaCy's blank English pipeline splits sentences and
a PhraseMatcher finds gazetteer entries (states, demonyms, capitals used as
metonyms, named forces, sites and towns); regular expressions find event
triggers, dates and headcounts. Each sentence is also parsed on those same tokens
by the tagger and dependency parser in ``parser_model/`` (trained from scratch on
UD_English-EWT), so a trigger's subject, objects, clause and reporting verb can
decide its actor, host, site, date and whether it is asserted; where the parse
is missing or disagrees with the punctuation, the rules decide. Each trigger
becomes a claim once an actor (the sending state) and a host (the African state)
can be given roles, and unless its clause marks a plan, a capacity, a cumulative
total, a denial or speculation.

``extract_claims`` is the entry point; ``parse_article`` reads a stored article.

Modules: ``results`` (Claim, Article), ``lexicon`` (word lists), ``text`` (tokenizer, normalisation, accent
folding), ``gazetteer``, ``dates``, ``headcounts``, ``syntax`` (the dependency parse: clauses, subjects, objects,
reporting verbs, modals), ``triggers`` (event words), ``assertion`` (the assertion screen: plans, denials,
conditions, visits), ``sentences`` (sentence splitting, tokens, clause segments), ``roles`` (the roles of names),
``choosers`` (a claim's date, site and headcount among the sentence's candidates), ``vetoes`` (readings that keep a
trigger from being a claim: movements at home, visitors, port calls, destinations outside Africa), ``passes``
(article-level passes across sentences: page furniture, unwrapped lines, places and dates a sentence gives the
claims of the one before), ``claims`` (claims per sentence, ``extract_claims``), ``events`` (one claim per event
across the article, places named elsewhere, implied presence), ``classifier`` (the learned event/assertion model,
applied from committed coefficients), ``article`` (reading stored articles), ``highlight`` (marked-up names).
"""

from footprint.extract.article import looks_like_html, parse_article, published_from_url
from footprint.extract.claims import extract_claims
from footprint.extract.dates import DateMention, find_dates, resolve_date
from footprint.extract.gazetteer import Entry, Gazetteer, Mention, site_records_from_dataset
from footprint.extract.headcounts import Headcount, find_headcounts, number_value
from footprint.extract.highlight import Span, entity_spans, highlight_html
from footprint.extract.results import EVENTS, Article, Claim, Event
from footprint.extract.text import fold_accents, normalise_for_matching

__all__ = [
    "EVENTS", "Article", "Claim", "DateMention", "Entry", "Event", "Gazetteer", "Headcount", "Mention", "Span",
    "entity_spans", "extract_claims", "find_dates", "find_headcounts", "fold_accents", "highlight_html",
    "looks_like_html", "normalise_for_matching", "number_value", "parse_article", "published_from_url",
    "resolve_date", "site_records_from_dataset",
]
