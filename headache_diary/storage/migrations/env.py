"""Alembic environment: always run by headache_diary.storage.db on a connection it owns.

That connection has ``foreign_keys=OFF`` and an open transaction (batch mode recreates
tables, and a DROP with foreign keys on would cascade deletes); db.py runs
``PRAGMA foreign_key_check`` before it commits.
"""

from alembic import context

from headache_diary.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
