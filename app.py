"""Footprint dashboard: routes only; each page lives in pages/."""

import logging

import streamlit as st

from pages._state import page_style

# No material icons on pages: Streamlit fetches them as favicons from a CDN, which closed networks lack.
st.set_page_config(page_title="Footprint", layout="wide")
page_style()

navigation = st.navigation(
    [
        st.Page("pages/map.py", title="Map", url_path="map", default=True),
        st.Page("pages/compare.py", title="Compare", url_path="compare"),
        st.Page("pages/timeline.py", title="Timeline", url_path="timeline"),
        st.Page("pages/briefing.py", title="Briefing", url_path="briefing"),
        st.Page("pages/presence.py", title="Presence table", url_path="presence"),
        st.Page("pages/data.py", title="Data", url_path="data"),
        st.Page("pages/sources.py", title="Sources", url_path="sources"),
        st.Page("pages/ingest.py", title="Ingest", url_path="ingest"),
        st.Page("pages/review.py", title="Review", url_path="review"),
    ]
)
try:
    navigation.run()
except Exception:
    # Users get one sentence; the traceback, with its server paths, goes to the server's log only.
    logging.getLogger("footprint").exception("page %s failed", navigation.url_path or "map")
    st.error("Something went wrong on this page, and the details are in the server's log. Change the filters or "
             "the link and try again; if it keeps happening, tell whoever runs this server.")
