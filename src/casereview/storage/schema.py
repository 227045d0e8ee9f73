"""All tables on one metadata (what Alembic compares migrations against)."""

from sqlmodel import SQLModel

from casereview.storage import models, review_models, verdict_models  # noqa: F401  (registers)

metadata = SQLModel.metadata
