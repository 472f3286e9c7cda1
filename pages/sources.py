"""Every source and seed document, the records each supports, and a seed's entities highlighted."""

import streamlit as st

from footprint.dataset import SeedError, read_seed
from footprint.escape import markdown_text
from footprint.extract import Gazetteer, entity_spans, highlight_html
from footprint.geography import country_name
from footprint.words import partial_day, source_credit, tidy
from pages._state import dataset, keep_page_url, workspace

SOURCE_KEY = "source"
PAGE = "sources"
HIGHLIGHT_STYLE = """<style>
.fp-doc { font: 15px/1.6 serif; max-width: 60em; }
.fp-doc mark { padding: 0 2px; border-radius: 3px; }
.fp-state, .fp-demonym, .fp-metonym { background: #cfe3f6; }
.fp-force { background: #f9d7b5; } .fp-site { background: #c9ecd9; } .fp-city { background: #eee3b8; }
.fp-group { background: #e4d4ef; }
</style>"""


@st.cache_resource(show_spinner="Building the gazetteer…")
def _gazetteer(_data, stamp: str) -> Gazetteer:
    return Gazetteer.from_dataset(_data)


def _text(value) -> str:
    """Empty cells arrive as NaN; treat them as no text."""
    return value if isinstance(value, str) else ""


data = dataset()
sources = data.sources
st.title("Sources")
st.caption(
    f"{len(sources)} sources; {int(sources['seed_file'].notna().sum())} seed document(s) kept in `seeds/`. "
    "Pick one to see every record that cites it."
)

# Every option's label at once, from the columns: a row lookup per source cost most of this page's run.
_labels = {
    source_id: f"{tidy(outlet)} · {partial_day(published) if _text(published) else 'undated'} · "
               f"{_text(title) or '(no headline)'}"
    for source_id, outlet, published, title in zip(
        sources.index, sources["outlet"], sources["published"], sources["title"], strict=True)
}


def _label(source_id: str) -> str:
    return _labels[source_id]


seeds = dict(zip(sources.index, sources["seed_file"], strict=True))
seeds_first = sorted(sources.index, key=lambda i: (not _text(seeds[i]), i))
if st.session_state.get(SOURCE_KEY) not in sources.index:
    linked = st.query_params.get("source")
    if linked and linked not in sources.index:
        st.toast(markdown_text(f"Link: ignored source={linked!r}: no such source"), duration="long")
    st.session_state[SOURCE_KEY] = linked if linked in sources.index else seeds_first[0]
chosen = st.selectbox("Source", seeds_first, key=SOURCE_KEY, format_func=_label, persist_state="session")
keep_page_url(data, PAGE, {} if chosen == seeds_first[0] else {"source": chosen})
source = sources.loc[chosen]

st.subheader(markdown_text(_text(source["title"]) or "(no headline in the copy seen)"))
st.text(f"Outlet: {source_credit(source['outlet'], source['kind'], source['original_agency'])} · "
        f"Published: {partial_day(source['published']) if _text(source['published']) else 'unknown'}")
if _text(source["url"]):
    st.link_button("Open the report", source["url"])
if _text(source["note"]):
    st.text(source["note"])


def _citing(frame):
    return frame[frame["source_ids"].map(lambda ids: chosen in ids)]


def _site_name(site_id) -> str:
    return tidy(data.sites.at[site_id, "name"]) if site_id in data.sites.index else ""


# Names, not ids, and words for missing values: the tables are read, not joined.
deployments, events, sites = _citing(data.deployments), _citing(data.events), _citing(data.sites)
st.subheader(f"Records it supports ({len(deployments)} deployments, {len(events)} events, {len(sites)} sites)")
if len(deployments):
    st.dataframe(
        deployments.assign(
            actor=deployments["actor_iso3"].map(country_name), force=deployments["force"].map(tidy),
            site=deployments["site_id"].map(_site_name), since=deployments["start_date"].map(partial_day),
            until=[partial_day(end) if _text(end) else "still present" for end in deployments["end_date"]],
        )[["actor", "force", "site", "since", "until", "confidence"]],
        column_config={"actor": "Sending state", "force": "Force", "site": "Site", "since": "Since",
                       "until": "Until", "confidence": "Confidence"},
        hide_index=True, width="stretch", key="source_deployments",
    )
if len(events):
    st.dataframe(
        events.assign(
            when=events["date"].map(partial_day), site=events["site_id"].map(_site_name),
            kind=events["event_type"].map(lambda kind: tidy(kind).replace("_", " ")),
            summary=events["summary"].map(tidy),
        )[["when", "site", "kind", "summary"]],
        column_config={"when": "Date", "site": "Site", "kind": "Event",
                       "summary": st.column_config.TextColumn("What happened", width="large")},
        hide_index=True, width="stretch", key="source_events",
    )
if len(sites):
    st.dataframe(
        sites.assign(host=sites["host_iso3"].map(country_name))[["name", "host"]],
        column_config={"name": "Site", "host": "Host country"}, hide_index=True, width="stretch",
        key="source_sites",
    )

kept = workspace().article(chosen)
text = None
if _text(source["seed_file"]):
    try:
        text = read_seed(source["seed_file"])
    except SeedError as exc:
        st.warning(f"The seed document cannot be shown: seed_file {exc}.", icon=":material/warning:")
elif kept:
    text = kept["text"]
    st.caption(f"Added through the Ingest page by {markdown_text(kept['added_by'])} on "
               f"{markdown_text(kept['added_at'][:10])}.")
if text:
    st.subheader("The document, with the entities Footprint recognises")
    st.caption("Blue: states and their capitals or demonyms · orange: named forces · green: known sites · "
               "yellow: towns · purple: armed groups (never counted as foreign forces).")
    spans = entity_spans(text, _gazetteer(data, str(data.as_of)))
    st.html(HIGHLIGHT_STYLE + f'<div class="fp-doc">{highlight_html(text, spans)}</div>')
