"""The store's tables, described once with SQLAlchemy Core for both engines.

Data tables hold the model's columns as CSV text (so a row reads back exactly as it was
written), plus ``seq`` for insertion order, ``row_version`` for optimistic concurrency and the
last change's author and time. On PostgreSQL, ``sites`` also keeps a PostGIS point (``geom``,
SRID 4326) under a GiST index, for extent queries.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Integer, MetaData, PrimaryKeyConstraint, Table, Text, UniqueConstraint

from footprint.model import ID_COLUMN, TABLES, columns

ROLES = ("viewer", "analyst", "reviewer", "admin")  # each role may do what the ones before it may
PROPOSAL_STATES = ("pending", "approved", "rejected")
SRID = 4326


def _text(name: str, **kwargs) -> Column:
    return Column(name, Text, nullable=False, server_default="", **kwargs)


def build(postgis: bool) -> MetaData:
    """Every table of the store; ``postgis`` adds the sites' geometry column."""
    metadata = MetaData()
    _data_tables(metadata, postgis)
    _change_tables(metadata)
    _article_tables(metadata)
    _team_tables(metadata)
    return metadata


def _data_tables(metadata: MetaData, postgis: bool) -> None:
    """One table per data table, its columns as text, with a version and who changed it when."""
    for table in TABLES:
        extra: list = []
        if table == "sites" and postgis:
            from geoalchemy2 import Geometry

            extra.append(Column("geom", Geometry("POINT", srid=SRID, spatial_index=False), nullable=True))
        Table(
            table, metadata,
            Column("seq", Integer, primary_key=True, autoincrement=True),
            *(_text(name) for name in columns(table)),
            Column("row_version", Integer, nullable=False, server_default="1"),
            _text("changed_by"),
            _text("changed_at"),
            *extra,
            UniqueConstraint(ID_COLUMN[table]),
        )


def _change_tables(metadata: MetaData) -> None:
    """Closures of curated deployments, and the log of every change."""
    Table(
        "overrides", metadata,
        Column("deployment_id", Text, primary_key=True),
        Column("end_date", Text, nullable=False),
        Column("end_precision", Text, nullable=False),
        _text("source_id"),
        Column("who", Text, nullable=False),
        Column("at", Text, nullable=False),
        Column("row_version", Integer, nullable=False, server_default="1"),
    )
    Table(
        "changes", metadata,
        Column("change_id", Integer, primary_key=True, autoincrement=True),
        Column("who", Text, nullable=False),
        Column("at", Text, nullable=False),
        Column("action", Text, nullable=False),
        Column("table_name", Text, nullable=False),
        Column("row_id", Text, nullable=False),
        Column("source_id", Text),
        Column("row_json", Text, nullable=False),
        Column("approved_by", Text),
        Column("proposal_id", Integer),
        CheckConstraint("action IN ('add', 'update', 'close', 'reject')", name="changes_action"),
    )


def _article_tables(metadata: MetaData) -> None:
    """Kept articles, and the claims from them that were rejected or accepted."""
    Table(
        "articles", metadata,
        Column("source_id", Text, primary_key=True),
        Column("article_hash", Text, nullable=False),
        Column("url", Text),
        Column("published", Text),
        Column("title", Text),
        Column("text", Text, nullable=False),
        Column("added_by", Text, nullable=False),
        Column("added_at", Text, nullable=False),
    )
    for name in ("rejections", "accepted_claims"):
        Table(
            name, metadata,
            Column("article_hash", Text, nullable=False),
            Column("claim_key", Text, nullable=False),
            Column("who", Text, nullable=False),
            Column("at", Text, nullable=False),
            *([Column("proposal_id", Integer)] if name == "accepted_claims" else []),
            PrimaryKeyConstraint("article_hash", "claim_key"),
        )


def _team_tables(metadata: MetaData) -> None:
    """People and their roles, proposals awaiting review, and settings."""
    Table(
        "people", metadata,
        Column("name", Text, primary_key=True),
        Column("role", Text, nullable=False),
        Column("added_by", Text, nullable=False),
        Column("added_at", Text, nullable=False),
        Column("row_version", Integer, nullable=False, server_default="1"),
        CheckConstraint("role IN ('viewer', 'analyst', 'reviewer', 'admin')", name="people_role"),
    )
    Table(
        "proposals", metadata,
        Column("proposal_id", Integer, primary_key=True, autoincrement=True),
        Column("author", Text, nullable=False),
        Column("created_at", Text, nullable=False),
        Column("status", Text, nullable=False, server_default="pending"),
        _text("summary"),
        Column("source_id", Text),
        Column("batch_json", Text, nullable=False),
        Column("reviewer", Text),
        Column("reviewed_at", Text),
        Column("reason", Text),
        Column("row_version", Integer, nullable=False, server_default="1"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="proposals_status"),
    )
    Table(
        "settings", metadata,
        Column("name", Text, primary_key=True),
        Column("value", Text, nullable=False),
    )
