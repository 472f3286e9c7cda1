"""The workspace schema of the first release (SQLite only then), on either engine.

A store made by that release already has these tables (it predates Alembic), so every
statement here creates only what is missing and the migration leaves such a store as it is.

Revision ID: 0001
Revises:
"""

from alembic import op

from footprint.model import ID_COLUMN, TABLES, columns

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    serial = "SERIAL PRIMARY KEY" if postgres else "INTEGER PRIMARY KEY AUTOINCREMENT"
    for table in TABLES:
        fields = ", ".join(f"{_quote(c)} TEXT NOT NULL DEFAULT ''" for c in columns(table))
        # seq keeps insertion order stable (SQLite's implicit rowids may be renumbered by VACUUM).
        op.execute(f"CREATE TABLE IF NOT EXISTS {_quote(table)} (seq {serial}, {fields}, "
                   f"UNIQUE ({_quote(ID_COLUMN[table])}))")
    op.execute("CREATE TABLE IF NOT EXISTS overrides (deployment_id TEXT PRIMARY KEY, end_date TEXT NOT NULL, "
               "end_precision TEXT NOT NULL, source_id TEXT NOT NULL DEFAULT '', who TEXT NOT NULL, at TEXT NOT NULL)")
    op.execute(f"CREATE TABLE IF NOT EXISTS changes (change_id {serial}, who TEXT NOT NULL, "
               "at TEXT NOT NULL, action TEXT NOT NULL CHECK (action IN ('add', 'update', 'close', 'reject')), "
               "table_name TEXT NOT NULL, row_id TEXT NOT NULL, source_id TEXT, row_json TEXT NOT NULL)")
    op.execute("CREATE INDEX IF NOT EXISTS changes_by_row ON changes (table_name, row_id)")
    op.execute("CREATE TABLE IF NOT EXISTS articles (source_id TEXT PRIMARY KEY, article_hash TEXT NOT NULL, "
               "url TEXT, published TEXT, title TEXT, text TEXT NOT NULL, added_by TEXT NOT NULL, "
               "added_at TEXT NOT NULL)")
    op.execute("CREATE TABLE IF NOT EXISTS rejections (article_hash TEXT NOT NULL, claim_key TEXT NOT NULL, "
               "who TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (article_hash, claim_key))")
    # The log is evidence of who did what; it only ever grows.
    if postgres:
        op.execute("CREATE OR REPLACE FUNCTION footprint_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'the change log is append-only'; END $$")
        op.execute("CREATE TRIGGER changes_no_update BEFORE UPDATE OR DELETE ON changes "
                   "FOR EACH ROW EXECUTE FUNCTION footprint_changes_append_only()")
        op.execute("CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON changes "
                   "FOR EACH STATEMENT EXECUTE FUNCTION footprint_changes_append_only()")
    else:
        op.execute("CREATE TRIGGER IF NOT EXISTS changes_no_update BEFORE UPDATE ON changes "
                   "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END")
        op.execute("CREATE TRIGGER IF NOT EXISTS changes_no_delete BEFORE DELETE ON changes "
                   "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END")


def downgrade() -> None:
    raise NotImplementedError("the first schema has nothing before it to go back to")
