"""Every source and seed document, the records each supports, and a seed's entities highlighted."""

import streamlit as st

from footprint.dataset import SeedError, read_seed
from footprint.escape import markdown_text
from footprint.extract import Gazetteer, entity_spans, highlight_html
from footprint.geography import country_name
from footprint.words import source_credit
from pages._state import dataset, workspace

SOURCE_KEY = "source"
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
    source_id: f"{outlet} · {_text(published) or 'undated'} · {_text(title) or source_id}"
    for source_id, outlet, published, title in zip(
        sources.index, sources["outlet"], sources["published"], sources["title"], strict=True)
}


def _label(source_id: str) -> str:
    return _labels[source_id]


seeds = dict(zip(sources.index, sources["seed_file"], strict=True))
seeds_first = sorted(sources.index, key=lambda i: (not _text(seeds[i]), i))
if st.session_state.get(SOURCE_KEY) not in sources.index:
    st.session_state[SOURCE_KEY] = seeds_first[0]
chosen = st.selectbox("Source", seeds_first, key=SOURCE_KEY, format_func=_label)
source = sources.loc[chosen]

st.subheader(markdown_text(_text(source["title"]) or "(no headline in the copy seen)"))
st.text(f"Outlet: {source_credit(source['outlet'], source['kind'], source['original_agency'])} · "
        f"Published: {_text(source['published']) or 'unknown'}")
if _text(source["url"]):
    st.link_button("Open the report", source["url"])
if _text(source["note"]):
    st.text(source["note"])


def _citing(frame):
    return frame[frame["source_ids"].map(lambda ids: chosen in ids)]


deployments, events, sites = _citing(data.deployments), _citing(data.events), _citing(data.sites)
st.subheader(f"Records it supports ({len(deployments)} deployments, {len(events)} events, {len(sites)} sites)")
if len(deployments):
    st.dataframe(
        deployments.assign(actor=deployments["actor_iso3"].map(country_name))[
            ["deployment_id", "actor", "force", "site_id", "start_date", "end_date", "confidence"]
        ],
        hide_index=True, width="stretch", key="source_deployments",
    )
if len(events):
    st.dataframe(events[["event_id", "date", "event_type", "summary"]], hide_index=True, width="stretch",
                 key="source_events")
if len(sites):
    st.dataframe(sites[["site_id", "name", "host_iso3"]], hide_index=True, width="stretch", key="source_sites")

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
