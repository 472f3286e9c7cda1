"""Alembic's entry point for the store: migrations run on the connection the store hands over.

The store opens a write transaction (holding its write lock) and passes the connection in
``config.attributes["connection"]``, so migrations run inside it, one at a time across processes.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
