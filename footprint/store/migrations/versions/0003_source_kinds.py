"""Columns the data model gained after the first release: a source's ``kind`` and ``original_agency``, and a
site's ``disputed`` flag, filled in for rows a store already holds so that they still load.

The first release recorded no source kind, and nobody can tell it now without reading the source,
so each such source gets the lowest-trust kind, ``aggregator``, and a note saying so until a person
classifies it; a site gets ``disputed = false``, as nothing marked it contested. Each filled row is
logged in the change log under this migration's name.

Revision ID: 0003
Revises: 0002
"""

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WHO = "footprint migration 0003"
NOTE = ("Kind not recorded when this source was added (before source kinds existed); set to aggregator, "
        "the lowest-trust kind, until someone classifies it.")
ADDED = {"sources": ("kind", "original_agency"), "sites": ("disputed",)}


def upgrade() -> None:
    bind = op.get_bind()
    held = {table: {c["name"] for c in sa.inspect(bind).get_columns(table)} for table in ADDED}
    for table, names in ADDED.items():
        for name in names:
            if name not in held[table]:
                op.add_column(table, sa.Column(name, sa.Text, nullable=False, server_default=""))
    at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    changes = sa.table("changes", *(sa.column(c) for c in ("who", "at", "action", "table_name", "row_id",
                                                            "source_id", "row_json")))
    for table, id_column, column, fill in (("sources", "source_id", "kind", "aggregator"),
                                           ("sites", "site_id", "disputed", "false")):
        rows = bind.execute(sa.text(f'SELECT * FROM "{table}" WHERE "{column}" = \'\'')).mappings().all()
        for row in rows:
            values = {k: v for k, v in row.items() if k not in ("seq", "row_version", "changed_by", "changed_at",
                                                                 "geom")}
            values[column] = fill
            if table == "sources":
                values["note"] = f"{values['note']} {NOTE}".strip()
            bind.execute(
                sa.text(f'UPDATE "{table}" SET "{column}" = :fill, row_version = row_version + 1, changed_by = :who, '
                        f'changed_at = :at{", note = :note" if table == "sources" else ""} '
                        f'WHERE "{id_column}" = :id'),
                {"fill": fill, "who": WHO, "at": at, "note": values.get("note"), "id": row[id_column]},
            )
            bind.execute(changes.insert().values(
                who=WHO, at=at, action="update", table_name=table, row_id=row[id_column],
                source_id=row[id_column] if table == "sources" else (row.get("source_ids") or None),
                row_json=json.dumps(values, ensure_ascii=False)))


def downgrade() -> None:
    raise NotImplementedError("the filled values cannot be told from ones set by people; restore a backup")
