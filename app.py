"""Footprint dashboard: routes only; each page lives in pages/."""

import streamlit as st

# No material icons on pages: Streamlit fetches them as favicons from a CDN, which closed networks lack.
st.set_page_config(page_title="Footprint", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/presence.py", title="Presence", url_path="presence", default=True),
    ]
)
navigation.run()
