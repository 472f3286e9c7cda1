"""From reviewed claims to records: a news article becomes a source, events, and opened or closed deployments.

The extractor (``footprint.extract``) proposes claims; a person reviews them; this module turns the
accepted ones into rows in the data model's shape, ready for the workspace to validate and store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from footprint.dates import parse_partial
from footprint.model import Dataset

# Claim events and the events.csv types they become.
EVENT_TYPE_OF_CLAIM: dict[str, str] = {
    "presence": "presence_reported",
    "arrival": "arrival",
    "withdrawal_announced": "withdrawal_announced",
    "withdrawal_completed": "withdrawal_completed",
    "agreement_ended": "agreement_ended",
    "handover": "handover",
}
CLAIM_EVENT_OF_TYPE: dict[str, str] = {kind: event for event, kind in EVENT_TYPE_OF_CLAIM.items()}
# Claims that end a force's presence at a site, and those that show it there.
ENDING = {"withdrawal_completed", "handover"}
STARTING = {"arrival", "presence"}


def article_hash(text: str) -> str:
    """A stable fingerprint of an article's text (16 hex digits), so the same article is recognised when pasted
    again; surrounding whitespace does not count."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ArticleSource:
    """The article as a source row, with its text kept beside it."""

    outlet: str
    title: str
    text: str
    url: str | None = None
    published: dt.date | None = None
    kind: str | None = None  # one of model.SOURCE_KINDS, chosen by the reviewer; never guessed
    original_agency: str | None = None

    @property
    def digest(self) -> str:
        """The text's ``article_hash``."""
        return article_hash(self.text)

    @property
    def source_id(self) -> str:
        stamp = self.published.strftime("%Y%m%d") if self.published else "undated"
        outlet = _slug(self.outlet)[:20] or "article"
        return f"src-{outlet}-{stamp}-{self.digest[:8]}"

    def row(self) -> dict[str, str]:
        return {
            "source_id": self.source_id,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published.isoformat() if self.published else "",
            "url": self.url or "",
            "seed_file": "",
            "note": "Added through the Ingest page after review; the article text is kept in the workspace.",
            "kind": self.kind or "",
            "original_agency": self.original_agency or "",
        }


@dataclass
class Records:
    """Rows to add to each table, and open deployments to close."""

    sources: list[dict[str, str]] = field(default_factory=list)
    events: list[dict[str, str]] = field(default_factory=list)
    deployments: list[dict[str, str]] = field(default_factory=list)
    sites: list[dict[str, str]] = field(default_factory=list)
    closures: list[dict[str, str]] = field(default_factory=list)  # deployment_id, end_date, end_precision


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def claim_key(claim: dict) -> str:
    """What identifies a claim within an article, for remembering rejections."""
    return "|".join(str(claim.get(k) or "") for k in ("actor", "host_country", "event", "site_id", "date", "start"))


def _date_or_published(claim: dict, article: ArticleSource) -> tuple[str, str] | None:
    if claim.get("date"):
        return str(claim["date"]), str(claim["date_precision"])
    if article.published:
        return article.published.isoformat(), "day"
    return None


def held_event(claim: dict, article: ArticleSource, dataset: Dataset) -> str | None:
    """The id of an event the data already holds for ``claim`` (same sending state, host, site, kind of event and
    date, from any source), so the claim is not offered or saved twice; None when there is none."""
    when = _date_or_published(claim, article)
    if when is None or claim.get("event") not in EVENT_TYPE_OF_CLAIM:
        return None
    events = dataset.events
    same = ((events["actor_iso3"] == str(claim.get("actor") or "").upper())
            & (events["host_iso3"] == str(claim.get("host_country") or "").upper())
            & (events["event_type"] == EVENT_TYPE_OF_CLAIM[claim["event"]])
            & (events["date"].astype(str) == when[0])
            & (events["site_id"].fillna("").astype(str) == str(claim.get("site_id") or "")))
    found = events.loc[same, "event_id"]
    return str(found.iloc[0]) if len(found) else None


def _open_deployment(dataset: Dataset, actor: str, site_id: str, force: str | None, day: dt.date) -> str | None:
    """The deployment of ``actor`` (and ``force`` if named) at ``site_id`` still open on ``day``."""
    rows = dataset.deployments
    keep = (rows["actor_iso3"] == actor) & (rows["site_id"] == site_id) & (rows["start_earliest"] <= pd.Timestamp(day))
    keep &= rows["end_latest"].isna() | (rows["end_latest"] >= pd.Timestamp(day))
    if force:
        keep &= rows["force"].fillna("").str.casefold() == force.casefold()
    matches = rows[keep].sort_values("start_earliest")
    return None if matches.empty else str(matches.iloc[-1]["deployment_id"])


def records_for(
    claims: Iterable[dict], article: ArticleSource, dataset: Dataset, *, new_sites: Iterable[dict] = ()
) -> Records:
    """Rows for the accepted ``claims``: one event each, plus deployments opened or closed where a site is known."""
    records = Records(sources=[article.row()], sites=list(new_sites))
    source_id = article.source_id
    known_sites = set(dataset.sites.index) | {site["site_id"] for site in records.sites}
    for number, claim in enumerate(claims, start=1):
        when = _date_or_published(claim, article)
        if when is None:
            raise ValueError(f"claim {number} has no date and the article no published date; add one to accept it")
        date, precision = when
        day = parse_partial(date, precision)
        site_id = claim.get("site_id") if claim.get("site_id") in known_sites else None
        actor = str(claim["actor"]).upper()
        force = claim.get("force") or ""
        # Ids follow the claim, not its place in this batch, so claims accepted later never collide.
        tag = hashlib.sha256(claim_key(claim).encode("utf-8")).hexdigest()[:6]
        records.events.append(
            {
                "event_id": f"evt-{date.replace('-', '')}-{actor.lower()}-{article.digest[:8]}-{tag}",
                "date": date,
                "date_precision": precision,
                "actor_iso3": actor,
                "force": force,
                "host_iso3": str(claim["host_country"]).upper(),
                "site_id": site_id or "",
                "event_type": EVENT_TYPE_OF_CLAIM[claim["event"]],
                "summary": _summary(claim, article),
                "personnel": "" if claim.get("personnel") in (None, "") else str(int(claim["personnel"])),
                "source_ids": source_id,
            }
        )
        if not site_id:
            continue
        open_id = _open_deployment(dataset, actor, site_id, force or None, day.earliest)
        if claim["event"] in ENDING and open_id:
            records.closures.append({"deployment_id": open_id, "end_date": date, "end_precision": precision})
        elif claim["event"] in STARTING and not open_id:
            personnel = "" if claim.get("personnel") in (None, "") else str(int(claim["personnel"]))
            records.deployments.append(
                {
                    "deployment_id": f"dep-{actor.lower()}-{site_id}-{article.digest[:8]}-{tag}",
                    "actor_iso3": actor,
                    "force": force,
                    "force_kind": "state_linked_pmc" if force.casefold() == "wagner group" else "national_military",
                    "site_id": site_id,
                    "start_date": date,
                    "start_precision": precision,
                    "end_date": "",
                    "end_precision": "",
                    "personnel_min": personnel,
                    "personnel_max": personnel,
                    "role": "",
                    "confidence": "medium" if claim.get("confidence") == "high" else "low",
                    "status_note": f"Opened from a reviewed claim in {article.outlet}; one report, so confidence "
                                   "is capped at medium until another source confirms it.",
                    "source_ids": source_id,
                }
            )
    return records


def _summary(claim: dict, article: ArticleSource) -> str:
    """A plain one-line description built from the claim's fields, not the article's words."""
    from footprint.geography import country_name

    actor = country_name(str(claim["actor"]).upper())
    host = country_name(str(claim["host_country"]).upper())
    force = f" ({claim['force']})" if claim.get("force") else ""
    place = f" at {claim['site']}" if claim.get("site") else ""
    what = {
        "presence": "reported present in",
        "arrival": "reported arriving in",
        "withdrawal_announced": "said to be withdrawing from",
        "withdrawal_completed": "reported to have left",
        "agreement_ended": "had its military agreement ended by",
        "handover": "reported handing over a base in",
    }[claim["event"]]
    count = f", about {int(claim['personnel']):,} personnel" if claim.get("personnel") not in (None, "") else ""
    return f"{actor}{force} {what} {host}{place}{count}, per {article.outlet}."


def reviewed_examples(store) -> list[dict]:
    """Articles reviewed on the Ingest page, each with the claims a reviewer accepted (as corrected), in the form
    the extractor's training script reads (``scripts/train_event_model.py --store``).

    Each is ``{"name", "text", "published", "url", "labels"}``; a label has the fields of the labelled sets
    (actor, host_country, event, site_id, date, date_precision, personnel). The labels are the events the
    store holds that cite the article and came from a claim; what the reviewer did not accept counts as not
    asserted. Articles whose claims were all rejected are not kept by the store, so they are not listed.
    """
    events_by_source: dict[str, list[dict]] = {}
    for row in store.rows("events"):
        for source_id in str(row.get("source_ids") or "").split(";"):
            events_by_source.setdefault(source_id.strip(), []).append(row)
    examples = []
    for article in store.articles():
        labels = []
        for row in events_by_source.get(article["source_id"], []):
            event = CLAIM_EVENT_OF_TYPE.get(str(row.get("event_type") or ""))
            if event is None:
                continue
            personnel = str(row.get("personnel") or "").strip()
            labels.append({
                "actor": str(row["actor_iso3"]).upper(), "host_country": str(row["host_iso3"]).upper(),
                "event": event, "site_id": row.get("site_id") or None,
                "date": row.get("date") or None, "date_precision": row.get("date_precision") or None,
                "personnel": int(float(personnel)) if personnel else None,
            })
        examples.append({"name": f"review-{article['article_hash']}", "text": article["text"],
                         "published": article.get("published") or None, "url": article.get("url") or None,
                         "labels": labels})
    return examples
