"""The store of user additions, laid over the curated ``data/``: SQLite by default, PostgreSQL+PostGIS for a team.

``Store`` is the one interface; ``FOOTPRINT_STORE`` picks the engine (see ``engine``). The rules
that do not depend on the engine live in ``layers``; the tables in ``schema``; migrations in
``migrations`` (Alembic).
"""

from footprint.ingest import article_hash  # the one fingerprint of an article, shared with the Ingest page
from footprint.store.engine import PATH_ENV, STORE_ENV, configured, default_path, store_url
from footprint.store.layers import (
    CURATED,
    ORIGIN_COLUMN,
    PROPOSED,
    WORKSPACE,
    Conflict,
    ConflictError,
    RowMeta,
    RowProblem,
)
from footprint.store.review import Proposal, ProposalReview, RowChange
from footprint.store.store import (
    HISTORY_COLUMNS,
    ROLES,
    PermissionDenied,
    Store,
    StoreUnavailable,
    Workspace,
)

__all__ = [
    "CURATED",
    "HISTORY_COLUMNS",
    "ORIGIN_COLUMN",
    "PATH_ENV",
    "PROPOSED",
    "ROLES",
    "STORE_ENV",
    "WORKSPACE",
    "Conflict",
    "ConflictError",
    "PermissionDenied",
    "Proposal",
    "ProposalReview",
    "RowChange",
    "RowMeta",
    "RowProblem",
    "Store",
    "StoreUnavailable",
    "Workspace",
    "article_hash",
    "configured",
    "default_path",
    "store_url",
]
