"""The case store: SQLModel tables, Alembic migrations, and the operations on them.

Import :mod:`casereview.storage.schema` to get every table registered on the
shared metadata.
"""
