"""Settings, read from the environment (``SALON_`` prefix) by the CLI or app.

Nothing here runs at import time: callers build a :class:`Settings` and pass it
down, so tests and embedders can use several stores in one process.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from salon.errors import InputError
from salon.logs import LOG_LEVELS, LogLevel, configure_logging

__all__ = ["LOG_LEVELS", "LogLevel", "Settings", "configure_logging", "settings_from_environment"]


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
    many users without mixing their networks.  The web app's settings are read
    the same way: ``SALON_SECRET_KEY``, ``SALON_ALLOW_SIGNUP=1``, ...
    """

    model_config = SettingsConfigDict(env_prefix="SALON_", extra="ignore")

    database_url: str | None = Field(default=None, description="SQLAlchemy database URL")
    data_dir: Path = Field(default_factory=default_data_dir)
    owner: str = Field(default="me", description="the account whose network is used")
    # the web app (salon web)
    secret_key: SecretStr | None = Field(
        default=None,
        description="signs session cookies, form tokens and API tokens; "
        "default: a key file made once in the data folder",
    )
    allow_signup: bool = Field(default=False, description="anyone may create an account")
    public_url: str | None = Field(
        default=None,
        description="the web app's address as members reach it, for invitation links "
        "printed by the CLI and links in reminders (e.g. https://salon.example.org)",
    )
    login_delay: float = Field(
        default=1.0, ge=0, description="seconds a failed sign-in is answered late"
    )
    max_request_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1024, description="largest request body or upload"
    )
    session_days: int = Field(default=14, ge=1, description="a sign-in lasts this long")
    token_minutes: int = Field(default=60, ge=1, description="an API token lasts this long")
    log_level: LogLevel = Field(
        default="WARNING", description="what salon logs on stderr (SALON_LOG_LEVEL=INFO)"
    )
    busy_timeout: float = Field(
        default=30.0,
        gt=0,
        description="seconds a SQLite writer waits while another program writes the store",
    )

    # reminders (salon meetup remind): e-mail goes through this SMTP server, if set
    smtp_host: str | None = Field(default=None, description="SMTP server for e-mail reminders")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="its port")
    smtp_user: str | None = Field(default=None, description="SMTP user name, if it needs one")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password")
    smtp_from: str = Field(default="salon@localhost", description="the reminders' sender")
    smtp_starttls: bool = Field(default=True, description="upgrade to TLS when the server can")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url(self.data_dir)

    def as_environment(self) -> dict[str, str]:
        """These settings as ``SALON_*`` variables, for a process that reads them anew."""
        values = {
            "database_url": self.resolved_database_url(),
            "data_dir": str(self.data_dir),
            "owner": self.owner,
            "allow_signup": "1" if self.allow_signup else "0",
            "login_delay": str(self.login_delay),
            "max_request_bytes": str(self.max_request_bytes),
            "session_days": str(self.session_days),
            "token_minutes": str(self.token_minutes),
            "log_level": self.log_level,
            "busy_timeout": str(self.busy_timeout),
        }
        if self.secret_key is not None:
            values["secret_key"] = self.secret_key.get_secret_value()
        values["smtp_port"] = str(self.smtp_port)
        values["smtp_from"] = self.smtp_from
        values["smtp_starttls"] = "1" if self.smtp_starttls else "0"
        for name in ("smtp_host", "smtp_user", "public_url"):
            value = getattr(self, name)
            if value is not None:
                values[name] = value
        if self.smtp_password is not None:
            values["smtp_password"] = self.smtp_password.get_secret_value()
        return {f"SALON_{name.upper()}": value for name, value in values.items()}


def settings_from_environment() -> Settings:
    """:class:`Settings` from the ``SALON_`` variables; a bad one is an :class:`InputError`."""
    try:
        return Settings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = "SALON_" + "_".join(str(part) for part in problem["loc"]).upper()
        raise InputError(f"{problem['msg']} (got {problem.get('input')!r})", field=name) from None
