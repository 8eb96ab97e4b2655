"""Storage: the domain model mapped to SQL, sessions and Alembic migrations."""

from salon.db.models import Base
from salon.db.store import Store, create_store_engine, current_revision, head_revision, upgrade

__all__ = ["Base", "Store", "create_store_engine", "current_revision", "head_revision", "upgrade"]
