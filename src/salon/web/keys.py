"""The key that signs sessions, form tokens and API tokens: one per installation.

From ``SALON_SECRET_KEY`` if set, else from ``secret.key`` in the data folder,
drawn once and written with permissions 0600.  Every process that serves the
same store reads the same key, so a restart or another worker accepts the
cookies, tokens and open forms the others issued.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from salon.config import Settings
from salon.errors import SalonError

KEY_FILE = "secret.key"


class KeyFileError(SalonError):
    """The key file cannot be made or read, or others may read it."""


def key_file(settings: Settings) -> Path:
    return settings.data_dir / KEY_FILE


def _read_key(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            f"{path}: others may read the web app's signing key (mode {stat.filemode(mode)}):"
            f" run chmod 600 {path}, or set SALON_SECRET_KEY"
        )
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:
        raise KeyFileError(f"{path}: the signing key is too short; delete the file to draw anew")
    return text.encode("ascii")


def signing_key(settings: Settings) -> bytes:
    """The installation's signing key (see the module's docstring).

    Raises
    ------
    KeyFileError
        The key file cannot be written or read, or is readable by others.
    """
    if settings.secret_key is not None:
        value = settings.secret_key.get_secret_value()
        if len(value) < 32:
            raise KeyFileError("SALON_SECRET_KEY is too short: use at least 32 characters")
        return value.encode()
    path = key_file(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # written whole beside it, then linked into place: of several workers starting
            # at once, one link wins and every worker reads the winner's complete key
            draft = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
            try:
                os.link(draft, path)
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        return _read_key(path)
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot make or read the signing key: {exc}") from exc


def derived_key(key: bytes, purpose: str) -> bytes:
    """A key for one purpose only, so that a token of one kind is never valid as another."""
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()
