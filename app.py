"""Footprint dashboard: routes only; each page lives in pages/."""

import streamlit as st

# No material icons on pages: Streamlit fetches them as favicons from a CDN, which closed networks lack.
st.set_page_config(page_title="Footprint", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/map.py", title="Map", url_path="map", default=True),
        st.Page("pages/presence.py", title="Presence table", url_path="presence"),
    ]
)
navigation.run()
