"""Streamlit glue for sign-in: who is using the app, and the role the store gives them.

Three modes, chosen by settings, never by the request:

- **OIDC**: an ``[auth]`` section in ``.streamlit/secrets.toml`` (as Streamlit documents for
  ``st.login``) signs people in through the organisation's OpenID Connect provider; their e-mail
  (else their name) is who they are in the store.
- **Trusted proxy header**: ``FOOTPRINT_AUTH_HEADER`` (or ``auth_header`` under ``[footprint]`` in
  secrets.toml) names the header a reverse proxy that already authenticates sets, e.g.
  ``X-Forwarded-User``. The header is read only in this mode; otherwise it is ignored.
- **Local**: neither is set; one person on their own machine names themselves, as before.

Roles come from the store and are enforced there; this module only says who is asking.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from footprint.store import Store

HEADER_ENV = "FOOTPRINT_AUTH_HEADER"
OIDC, HEADER, LOCAL = "oidc", "header", "local"


@dataclass(frozen=True)
class Identity:
    """The person using this session (None when signed out or local), the sign-in mode and their role."""

    name: str | None
    mode: str
    role: str | None
    team: bool

    @property
    def can_propose(self) -> bool:
        """Whether the store would take changes from this session (it checks again on every write)."""
        if not self.team:
            return self.mode == LOCAL or self.name is not None
        return self.mode != LOCAL and self.role in ("analyst", "reviewer", "admin")

    @property
    def can_review(self) -> bool:
        return self.team and self.mode != LOCAL and self.role in ("reviewer", "admin")


def _secrets() -> dict:
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return {}


def header_name() -> str | None:
    """The trusted header's name when header mode is on, else None."""
    configured = os.environ.get(HEADER_ENV, "").strip()
    if not configured:
        configured = str((_secrets().get("footprint") or {}).get("auth_header", "")).strip()
    return configured or None


def mode() -> str:
    if _secrets().get("auth"):
        return OIDC
    return HEADER if header_name() else LOCAL


def _request_headers():
    return st.context.headers


def _signed_in_name(current: str) -> str | None:
    if current == OIDC:
        if not st.user.get("is_logged_in", False):
            return None
        return str(st.user.get("email") or st.user.get("name") or "").strip() or None
    if current == HEADER:
        return (_request_headers().get(header_name() or "") or "").strip() or None
    return None


def identity(store: Store) -> Identity:
    """This session's person and role (see the module docstring)."""
    current = mode()
    name = _signed_in_name(current)
    return Identity(name, current, store.role_of(name) if name else None, store.team())


def proposer() -> str | None:
    """The signed-in person whose pending proposals their own map shows (None in local mode)."""
    current = mode()
    return _signed_in_name(current) if current != LOCAL else None


def sidebar(store: Store) -> Identity:
    """Say in the sidebar who is signed in and as what; offer sign-in and sign-out for OIDC."""
    person = identity(store)
    box = st.sidebar.container()
    if person.mode == OIDC and person.name is None:
        box.button("Sign in", key="auth_login", on_click=st.login)
    elif person.name is not None:
        role = person.role or ("no role in this store" if person.team else "single-user store")
        box.text(f"Signed in as {person.name} · {role}")  # plain text: a name is data, never Markdown
        if person.team and (pending := len(store.proposals(author=person.name))):
            box.caption(f"Your pages include your {pending} proposal(s) awaiting review, marked *proposed* in "
                        "site stories and on the Data page.")
        if person.mode == OIDC:
            box.button("Sign out", key="auth_logout", on_click=st.logout)
    elif person.team:
        box.caption("This store is shared by a team: changes need sign-in (OIDC or a trusted proxy).")
    return person
