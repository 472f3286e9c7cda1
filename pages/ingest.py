"""Paste or upload a news report, review the claims Footprint finds in it, and keep the accepted ones."""

import datetime as dt
import hashlib
import time

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from footprint.dataset import DatasetError
from footprint.escape import markdown_text
from footprint.extract import EVENTS, Gazetteer, Span, extract_claims, highlight_html, parse_article
from footprint.ingest import ArticleSource, claim_key, held_event, records_for
from footprint.jobs import JobFailed, JobTimeout, run_job
from footprint.mapping import base_map
from footprint.model import SITE_TYPES, SOURCE_KIND_LABELS, SOURCE_KINDS, slug
from footprint.store import PermissionDenied
from footprint.textfile import TextFileError, read_article
from footprint.words import tidy
from pages import _auth
from pages._state import dataset, workspace

TEXT_KEY, FILE_KEY, PUBLISHED_KEY = "ingest_text", "ingest_file", "ingest_published"
URL_KEY, OUTLET_KEY, TITLE_KEY, WHO_KEY = "ingest_url", "ingest_outlet", "ingest_title", "ingest_who"
KIND_KEY, AGENCY_KEY = "ingest_kind", "ingest_agency"
NEW_SITE_KEYS = ("new_site_name", "new_site_type", "new_site_lat", "new_site_lon")
NEW_SITE = "(new site…)"
EXTRACTION_SECONDS = 60
EVIDENCE_STYLE = "<style>.fp-doc{font:15px/1.6 serif}.fp-doc mark{background:#fde68a;padding:0 2px}</style>"


@st.cache_resource(show_spinner="Building the gazetteer…")
def _gazetteer(_data, stamp: str) -> Gazetteer:
    return Gazetteer.from_dataset(_data)


@st.cache_resource
def _claims_found() -> dict:
    """Claims already extracted, shared by every session, newest last."""
    return {}


def _extract(text: str, published: dt.date | None, url: str | None, gazetteer: Gazetteer) -> list[dict]:
    return [claim.as_dict() for claim in extract_claims(text, published=published, url=url, gazetteer=gazetteer)]


def _claims(text: str, published: dt.date | None, url: str | None, stamp: str, _data) -> list[dict]:
    # Extraction runs in a child process with a time budget, stopped as soon as the user leaves the page.
    key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), published, url, stamp)
    found = _claims_found()
    if key not in found:
        gazetteer = _gazetteer(_data, stamp)
        status, started = st.empty(), time.monotonic()

        def still_here() -> None:
            status.caption(f"Reading the article… {time.monotonic() - started:.0f} s")

        try:
            claims = run_job(_extract, text, published, url, gazetteer, budget_seconds=EXTRACTION_SECONDS,
                             poll=still_here)
        except (JobTimeout, JobFailed) as exc:
            st.error(f"The article could not be read ({exc}). Paste the part that reports the deployment.")
            st.stop()
        status.empty()
        while len(found) >= 64:
            found.pop(next(iter(found)))
        found[key] = claims
    return found[key]


data = dataset()
st.title("Ingest a news report")
st.caption(
    "Footprint proposes the deployment claims the text supports. Nothing counts until you accept it: accepted "
    "claims become events, and open or close deployments, in your workspace, with the article as their source."
)
ws = workspace()
person = _auth.identity(ws)
if saved := st.session_state.pop("_ingest_saved", None):
    st.success(saved)
if person.team and not person.can_propose:
    st.info("You can read this page, but your role does not let you propose changes to the shared store."
            if person.name else "This store is shared by a team: sign in to propose changes.")

upload = st.file_uploader("Upload a .txt or .html article", type=["txt", "html", "htm"], key=FILE_KEY)
raw = upload.getvalue() if upload else st.text_area(
    "…or paste the article (an optional header of `url:` and `published:` lines may come first)", key=TEXT_KEY,
    height=220,
)
try:
    decoded = read_article(raw, name="The uploaded file" if upload else "The pasted text")
except TextFileError as exc:
    st.error(str(exc))
    st.stop()
if decoded.legacy:
    st.info(f"The file is not UTF-8; it was read as {decoded.encoding}. If accented letters look wrong, save it "
            "as UTF-8 and upload it again.")
raw = decoded.text
if not raw or not raw.strip():
    st.stop()
article_text = parse_article(raw)
meta = st.columns(4)
published = meta[0].date_input("Published", value=article_text.published, key=PUBLISHED_KEY, format="YYYY-MM-DD")
url = meta[1].text_input("URL", value=article_text.url or "", key=URL_KEY)
outlet = meta[2].text_input("Outlet", key=OUTLET_KEY)
if person.mode == _auth.LOCAL:
    who = meta[3].text_input("Your name (for the change log)", key=WHO_KEY)
else:  # signed in: the change log names the signed-in person, whatever any widget says
    who = person.name or ""
    meta[3].text_input("Signed in as", value=who, disabled=True, key="ingest_signed_in")
title = st.text_input("Headline", key=TITLE_KEY)
about = st.columns(2)
kind = about[0].selectbox("Kind of source", SOURCE_KINDS, index=None, key=KIND_KEY,
                          format_func=SOURCE_KIND_LABELS.get, placeholder="Choose what kind of source this is")
agency = about[1].text_input("Original agency, for a copy of a wire report (e.g. Reuters)", key=AGENCY_KEY)
article = ArticleSource(outlet=outlet.strip(), title=title.strip(), text=article_text.text, url=url.strip() or None,
                        published=published, kind=kind, original_agency=agency.strip() or None)

if article.source_id in data.sources.index:
    # The same article from the same outlet on the same day is saved already: new claims cite that source as it
    # was saved, so saving again adds them instead of clashing with it.
    held = data.sources.loc[article.source_id]
    st.info(markdown_text(
        f"This article is saved already, as the source “{tidy(held['title']) or 'no headline'}” "
        f"({tidy(held['outlet'])}). Claims you accept now cite that source as it was saved."))
    article = ArticleSource(
        outlet=tidy(held["outlet"]), title=tidy(held["title"]), text=article.text, url=tidy(held["url"]) or None,
        published=published, kind=tidy(held["kind"]) or None, original_agency=tidy(held["original_agency"]) or None)

claims = _claims(article.text, published, article.url, str(data.as_of), data)
decided = ws.decided(article.digest)
# A claim whose event the data holds already (saved from this article or from another) is not offered again.
recorded = {n for n, c in enumerate(claims, start=1) if claim_key(c) not in decided and held_event(c, article, data)}
# Claims keep their number in the article (and so their widget keys) when others before them are decided.
numbers = [n for n, c in enumerate(claims, start=1) if claim_key(c) not in decided and n not in recorded]
pending = [claims[n - 1] for n in numbers]
tally = {state: list(decided.values()).count(state) for state in ("accepted", "proposed", "rejected")}
done = ", ".join([*(f"{count} {state} before" for state, count in tally.items() if count),
                  *([f"{len(recorded)} already in the data"] if recorded else [])])
st.subheader(f"{len(pending)} claim(s) to review" + (f" ({done})" if done else ""))

left, right = st.columns([1, 1.3])
with left:
    spans = [Span(c["start"], c["end"], "evidence", f"claim {n}") for n, c in zip(numbers, pending, strict=True)]
    st.html(EVIDENCE_STYLE + f'<div class="fp-doc">{highlight_html(article.text, spans)}</div>')

site_choices = ["", *sorted(data.sites.index), NEW_SITE]
FIELDS = ("actor", "force", "host_country", "site_id", "event", "date", "date_precision", "personnel")


def _field_key(number: int, name: str) -> str:
    return f"claim_{number}_{name}"


with right:
    for number, claim in zip(numbers, pending, strict=True):
        with st.container(border=True):
            st.caption(f"Claim {number} · confidence {claim['confidence']} · "
                       f"“{markdown_text(claim['evidence'][:160])}”")
            top = st.columns([1.2, 1, 1, 1.6])
            top[0].radio("Decision", ["review", "accept", "reject"], key=_field_key(number, "decision"),
                         horizontal=True)
            top[1].text_input("Actor (ISO3)", value=claim["actor"], key=_field_key(number, "actor"))
            top[2].text_input("Host (ISO3)", value=claim["host_country"], key=_field_key(number, "host_country"))
            top[3].selectbox("Event", list(EVENTS), index=list(EVENTS).index(claim["event"]),
                             key=_field_key(number, "event"))
            bottom = st.columns([1.6, 1, 1, 1, 1.2])
            site = claim["site_id"] if claim["site_id"] in site_choices else ""
            bottom[0].selectbox("Site", site_choices, index=site_choices.index(site), key=_field_key(number, "site_id"),
                                help=f"As written: {markdown_text(claim['site'] or 'none')}")
            bottom[1].text_input("Date", value=claim["date"] or "", key=_field_key(number, "date"),
                                 help="YYYY-MM-DD, YYYY-MM or YYYY; empty takes the published date")
            precisions = ["", "day", "month", "year"]
            bottom[2].selectbox("Precision", precisions, index=precisions.index(claim["date_precision"] or ""),
                                key=_field_key(number, "date_precision"))
            bottom[3].number_input("Personnel", value=claim["personnel"], min_value=0, step=1,
                                   key=_field_key(number, "personnel"))
            bottom[4].text_input("Force", value=claim["force"] or "", key=_field_key(number, "force"))

state = st.session_state
edited = pd.DataFrame(
    [
        {"decision": state[_field_key(n, "decision")], **{f: state[_field_key(n, f)] for f in FIELDS}}
        for n in numbers
    ],
    columns=["decision", *FIELDS],
)

new_site = None
if (edited["site_id"] == NEW_SITE).any():
    st.markdown("**New site**: click its position on the map, then name it.")
    picked = st_folium(base_map(), key="ingest_pick", height=360, returned_objects=["last_clicked"])
    point = (picked or {}).get("last_clicked") or {}
    columns = st.columns(4)
    name = columns[0].text_input("Site name", key=NEW_SITE_KEYS[0])
    site_type = columns[1].selectbox("Type", [t for t in SITE_TYPES if t != "country"], key=NEW_SITE_KEYS[1])
    lat = columns[2].number_input("Latitude", value=float(point.get("lat", 0.0)), key=NEW_SITE_KEYS[2], format="%.4f")
    lon = columns[3].number_input("Longitude", value=float(point.get("lng", 0.0)), key=NEW_SITE_KEYS[3],
                                  format="%.4f")
    disputed = st.checkbox("In contested or occupied territory (say which in the site's notes later)",
                           key="new_site_disputed")
    host = edited.loc[edited["site_id"] == NEW_SITE, "host_country"].iloc[0]
    if name.strip():
        new_site = {
            "site_id": slug(str(host), name),
            "name": name.strip(), "aliases": "", "site_type": site_type, "host_iso3": str(host).upper(),
            "lat": f"{lat:.4f}", "lon": f"{lon:.4f}", "location_precision": "approximate",
            "notes": "Position picked on the map during review.", "source_ids": article.source_id,
            "disputed": "true" if disputed else "false",
        }

accepted = edited[edited["decision"] == "accept"]
rejected_now = edited[edited["decision"] == "reject"]
verb = "Propose" if person.team else "Save"
if st.button(f"{verb}: accept {len(accepted)}, reject {len(rejected_now)}", key="ingest_save", type="primary",
             disabled=(accepted.empty and rejected_now.empty) or not person.can_propose):
    if not accepted.empty and not outlet.strip():
        st.error("Name the outlet: accepted claims need a source.")
        st.stop()
    if not accepted.empty and kind is None:
        st.error("Say what kind of source the article is: accepted claims need a source of a known kind.")
        st.stop()
    chosen = []
    for index, row in accepted.iterrows():
        claim = dict(pending[index])
        claim.update({k: (None if v in ("", None) or (isinstance(v, float) and pd.isna(v)) else v)
                      for k, v in row.items() if k != "decision"})
        claim["actor"], claim["host_country"] = str(claim["actor"]).upper(), str(claim["host_country"]).upper()
        if claim.get("site_id") == NEW_SITE:
            claim["site_id"] = new_site["site_id"] if new_site else None
        chosen.append(claim)
    writer = who.strip() or ("anonymous" if person.mode == _auth.LOCAL else "")
    proposal = None
    try:
        if chosen:
            uses_new_site = new_site and any(c.get("site_id") == new_site["site_id"] for c in chosen)
            records = records_for(chosen, article, data, new_sites=[new_site] if uses_new_site else [])
            keys = [claim_key(pending[index]) for index in accepted.index]
            proposal = ws.apply(records, who=writer, article=article, claim_keys=keys)
        for index in rejected_now.index:
            ws.reject(article.digest, claim_key(pending[index]), who=writer)
    except (DatasetError, ValueError, PermissionDenied) as exc:
        st.error(markdown_text(str(exc)))
        st.stop()
    if proposal is not None:
        st.session_state["_ingest_saved"] = (
            f"Proposed {len(chosen)} accepted claim(s) for review (proposal {proposal}) and rejected "
            f"{len(rejected_now)}; your map shows them as proposed until a reviewer approves them."
        )
    else:
        st.session_state["_ingest_saved"] = (
            f"Saved {len(chosen)} accepted and {len(rejected_now)} rejected claim(s); the map and timeline now "
            "include the accepted ones."
        )
    st.rerun()
