"""The name of the first release's store, kept for its callers: see ``footprint.store``."""

from footprint.store import (  # noqa: F401  (re-exported)
    HISTORY_COLUMNS,
    ORIGIN_COLUMN,
    PATH_ENV,
    RowProblem,
    Store,
    Workspace,
    article_hash,
    default_path,
)
