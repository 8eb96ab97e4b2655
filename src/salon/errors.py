"""One exception hierarchy for salon.

Every error carries the context a user needs to fix the problem: the bad value,
and where it came from (a file, a line, a field).  The CLI turns a
:class:`SalonError` into a message on stderr and exit code 1; nothing below the
CLI knows about exit codes.
"""

from __future__ import annotations

from pathlib import Path


class SalonError(Exception):
    """Base class of every error salon raises on purpose."""


class InputError(SalonError, ValueError):
    """Bad input: a malformed file or row, an unknown attribute, a bad value.

    ``source``, ``line`` and ``field`` say where the problem is, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.source = str(source) if source is not None else None
        self.line = line
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.source is not None:
            where.append(self.source)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class NotFoundError(SalonError, LookupError):
    """A person, idea, community or other record that does not exist."""


class DuplicateError(SalonError):
    """A record that would duplicate one already stored."""


class InfeasibleError(SalonError, ValueError):
    """A seating (or other optimisation) that no assignment can satisfy.

    ``constraint`` names the constraint that cannot be met.
    """

    def __init__(self, message: str, *, constraint: str | None = None) -> None:
        self.constraint = constraint
        super().__init__(message)


class StoreError(SalonError):
    """The database could not be opened, migrated or written."""


class StoreBusyError(StoreError):
    """Another writer kept the store's write lock for longer than salon waits.

    Nothing was written; the same command can simply be run again.
    """


class SignInError(SalonError):
    """A sign-in refused: wrong email or password, or an expired or forged session."""


class TooManyAttemptsError(SignInError):
    """Too many failed sign-ins lately, for this account or from this address.

    ``retry_after`` is how many seconds until the next attempt is weighed.
    """

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)
