"""Team mode: row versions and last authors, people and roles, proposals, accepted claims, settings,
and on PostgreSQL a PostGIS point per site under a GiST index.

Rows already held get version 1 and, as their last change, the latest entry of the change log.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from footprint.model import ID_COLUMN, TABLES

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        op.add_column(table, sa.Column("row_version", sa.Integer, nullable=False, server_default="1"))
        op.add_column(table, sa.Column("changed_by", sa.Text, nullable=False, server_default=""))
        op.add_column(table, sa.Column("changed_at", sa.Text, nullable=False, server_default=""))
        for column, field in (("changed_by", "who"), ("changed_at", "at")):
            op.execute(
                f"UPDATE {_quote(table)} SET {column} = COALESCE((SELECT c.{field} FROM changes c WHERE "
                f"c.table_name = '{table}' AND c.row_id = {_quote(table)}.{_quote(ID_COLUMN[table])} "
                "ORDER BY c.change_id DESC LIMIT 1), '')"
            )
    op.add_column("overrides", sa.Column("row_version", sa.Integer, nullable=False, server_default="1"))
    op.add_column("changes", sa.Column("approved_by", sa.Text))
    op.add_column("changes", sa.Column("proposal_id", sa.Integer))
    op.create_table(
        "accepted_claims",
        sa.Column("article_hash", sa.Text, nullable=False),
        sa.Column("claim_key", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("proposal_id", sa.Integer),
        sa.PrimaryKeyConstraint("article_hash", "claim_key"),
    )
    op.create_table(
        "people",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("added_at", sa.Text, nullable=False),
        sa.Column("row_version", sa.Integer, nullable=False, server_default="1"),
        sa.CheckConstraint("role IN ('viewer', 'analyst', 'reviewer', 'admin')", name="people_role"),
    )
    op.create_table(
        "proposals",
        sa.Column("proposal_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="pending"),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
        sa.Column("source_id", sa.Text),
        sa.Column("batch_json", sa.Text, nullable=False),
        sa.Column("reviewer", sa.Text),
        sa.Column("reviewed_at", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("row_version", sa.Integer, nullable=False, server_default="1"),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="proposals_status"),
    )
    op.create_index("proposals_by_status", "proposals", ["status", "author"])
    op.create_table(
        "settings",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        op.execute("ALTER TABLE sites ADD COLUMN geom geometry(Point, 4326)")
        op.execute(
            "UPDATE sites SET geom = ST_SetSRID(ST_MakePoint(CAST(lon AS double precision), "
            "CAST(lat AS double precision)), 4326) WHERE lat ~ '^-?[0-9.]+$' AND lon ~ '^-?[0-9.]+$'"
        )
        op.execute("CREATE INDEX sites_geom ON sites USING GIST (geom)")


def downgrade() -> None:
    raise NotImplementedError("team data (people, proposals) cannot be dropped without loss; restore a backup")
