"""Settings, read from the environment (``SALON_`` prefix) by the CLI or app.

Nothing here runs at import time: callers build a :class:`Settings` and pass it
down, so tests and embedders can use several stores in one process.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The user's data directory for salon (platform specific)."""
    return Path(platformdirs.user_data_dir("salon", appauthor=False))


def default_database_url(data_dir: Path | None = None) -> str:
    """SQLite in the user's data directory: the embedded default store."""
    directory = data_dir if data_dir is not None else default_data_dir()
    return f"sqlite:///{directory / 'salon.sqlite'}"


class Settings(BaseSettings):
    """Everything salon can be configured with.

    ``SALON_DATABASE_URL`` points at any SQLAlchemy URL (``sqlite:///path`` or
    ``postgresql+psycopg://user@host/db``); ``SALON_OWNER`` names the account
    whose network the commands act on, so one PostgreSQL database can serve
    many users without mixing their networks.
    """

    model_config = SettingsConfigDict(env_prefix="SALON_", extra="ignore")

    database_url: str | None = Field(default=None, description="SQLAlchemy database URL")
    data_dir: Path = Field(default_factory=default_data_dir)
    owner: str = Field(default="me", description="the account whose network is used")

    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url(self.data_dir)
