"""The root ``salon`` command: global options, the store, and error handling.

Every command is a thin call into :mod:`salon.services`.  A
:class:`~salon.errors.SalonError` becomes one line on stderr and exit code 1,
never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from salon.errors import SalonError

if TYPE_CHECKING:  # the store, the ORM and the settings load when a command needs them
    from sqlalchemy.orm import Session

    from salon.config import Settings
    from salon.db.models import Account
    from salon.db.store import Store

console = Console()
err_console = Console(stderr=True)


def say(message: str) -> None:
    """Print one plain line: never read as markup (a name may hold brackets), never
    wrapped (a script may read it)."""
    console.print(message, markup=False, highlight=False, soft_wrap=True)


class SalonGroup(TyperGroup):
    """Turns salon's own errors into a message and exit code 1."""

    # typer vendors click (typer._click); its Context is the type invoke takes.
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except SalonError as exc:
            err_console.print(
                f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
            )
            raise typer.Exit(1) from None


def new_typer(help_text: str, cls: type[SalonGroup] = SalonGroup) -> typer.Typer:
    return typer.Typer(
        cls=cls,
        help=help_text,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )


@dataclass
class AppState:
    """What the root options decided: the settings, and the store once opened."""

    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            from salon.db.store import Store

            self._store = Store(self.settings.resolved_database_url())
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()
            self._store = None

    @contextmanager
    def transaction(self) -> Iterator[tuple[Session, Account]]:
        """A session and the owner account; committed on success, rolled back on error."""
        from salon.services.accounts import owner_account

        with self.store().transaction() as session:
            yield session, owner_account(session, self.settings.owner)


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        from salon.config import Settings

        root.obj = AppState(Settings())
    return root.obj
