"""Footprint dashboard: routes only; each page lives in pages/."""

import streamlit as st

st.set_page_config(page_title="Footprint", page_icon=":material/public:", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/presence.py", title="Presence", icon=":material/groups:", url_path="presence", default=True),
    ]
)
navigation.run()
