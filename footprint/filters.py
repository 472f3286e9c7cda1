"""The filters: which deployments and events to keep. One value object for the queries, the pages, the
snapshots, the briefing and the command line, with its own checks and its own description in words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from footprint.geography import REGIONS, country_name
from footprint.model import CONFIDENCES, ROLES, SITE_TYPES, Dataset


class QueryError(ValueError):
    """A query that cannot be answered as asked."""


def _codes(values: Iterable[str] | str | None, normalise=str.upper) -> tuple[str, ...]:
    """Values as a tuple without blanks or repeats: ``"USA,RUS"``, ``["USA", "RUS"]`` and None (all) alike."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.split(",")
    return tuple(dict.fromkeys(normalise(str(v).strip()) for v in values if str(v).strip()))


@dataclass(frozen=True)
class Filters:
    """Which deployments to keep; an empty field keeps everything.

    ``actors`` (sending states) and ``countries`` (host states) are ISO3 codes, ``forces`` named forces,
    ``region`` a ``REGIONS`` slug that narrows the host states, ``site_types`` and ``roles`` the model's
    vocabularies, ``min_confidence`` the lowest confidence kept. A value outside the vocabularies raises
    ``QueryError``; ``check`` also refuses codes the dataset has never heard of.
    """

    actors: tuple[str, ...] = ()
    forces: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    region: str | None = None
    site_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    min_confidence: str | None = None

    def __post_init__(self) -> None:
        if self.region is not None and self.region not in REGIONS:
            raise QueryError(f"unknown region {self.region!r}: use one of {', '.join(REGIONS)}")
        if self.min_confidence is not None and self.min_confidence not in CONFIDENCES:
            raise QueryError(f"unknown confidence {self.min_confidence!r} (use {', '.join(CONFIDENCES)})")
        for name, values, allowed in (("site type", self.site_types, SITE_TYPES), ("role", self.roles, ROLES)):
            unknown = [value for value in values if value not in allowed]
            if unknown:
                raise QueryError(f"unknown {name} {', '.join(map(repr, unknown))} (use {', '.join(allowed)})")

    @classmethod
    def of(
        cls,
        *,
        actors: Iterable[str] | str | None = None,
        forces: Iterable[str] | str | None = None,
        countries: Iterable[str] | str | None = None,
        region: str | None = None,
        site_types: Iterable[str] | None = None,
        roles: Iterable[str] | None = None,
        min_confidence: str | None = None,
    ) -> Filters:
        """Filters from loose values: lists or comma-separated text, any case for codes, None for all."""
        return cls(
            actors=_codes(actors), forces=_codes(forces, str), countries=_codes(countries), region=region or None,
            site_types=_codes(site_types, str), roles=_codes(roles, str), min_confidence=min_confidence or None,
        )

    def filters(self) -> Filters:
        """Just the filters (a ``View`` carries dates and a map position too)."""
        return Filters(actors=self.actors, forces=self.forces, countries=self.countries, region=self.region,
                       site_types=self.site_types, roles=self.roles, min_confidence=self.min_confidence)

    def hosts(self) -> tuple[str, ...] | None:
        """Host states to keep: the chosen ones, within the region when both are set; None for all."""
        chosen = set(self.countries)
        if self.region and REGIONS[self.region].countries:
            in_region = set(REGIONS[self.region].countries)
            chosen = chosen & in_region if chosen else in_region
        elif not chosen:
            return None
        return tuple(sorted(chosen))

    def check(self, dataset: Dataset) -> None:
        """Refuse codes the dataset has never heard of, so a typo is not mistaken for 'nothing there'."""
        known_actors = set(dataset.deployments["actor_iso3"]) | set(dataset.events["actor_iso3"])
        known_hosts = set(dataset.sites["host_iso3"]) | set(dataset.events["host_iso3"])
        for what, codes, known in (("actor", self.actors, known_actors), ("country", self.countries, known_hosts)):
            for code in codes:
                if code not in known:
                    raise QueryError(f"unknown {what} {code!r}; known: {', '.join(sorted(known))}")

    def describe(self) -> str:
        """Every filter in words: ``Sahel · Hosts: Niger · Actors: Russia · Confidence: medium or higher``."""
        parts = []
        if self.region:
            parts.append(REGIONS[self.region].title)
        if self.countries:
            parts.append(f"Hosts: {', '.join(country_name(code) for code in self.countries)}")
        parts.append(f"Actors: {', '.join(country_name(code) for code in self.actors)}" if self.actors
                     else "All actors")
        return " · ".join([*parts, *self.narrowing()])

    def narrowing(self) -> list[str]:
        """The filters beyond who and where, in words: forces, site types, roles, confidence."""
        parts = []
        if self.forces:
            parts.append("Forces: " + ", ".join(self.forces))
        if self.site_types:
            parts.append("Site types: " + ", ".join(t.replace("_", " ") for t in self.site_types))
        if self.roles:
            parts.append("Roles: " + ", ".join(r.replace("_", " ") for r in self.roles))
        if self.min_confidence:
            parts.append(f"Confidence: {self.min_confidence} or higher")
        return parts
