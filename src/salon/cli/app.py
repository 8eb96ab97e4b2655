"""The root ``salon`` command: global options, the store, and error handling.

Every command is a thin call into :mod:`salon.services`.  A
:class:`~salon.errors.SalonError` becomes one line on stderr and exit code 1,
never a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.segment import Segment
from typer.core import TyperGroup

from salon.errors import SalonError

if TYPE_CHECKING:  # the store, the ORM and the settings load when a command needs them
    from sqlalchemy.orm import Session

    from salon.config import Settings
    from salon.services.storage import Account, Store

# Beyond the control characters no importer keeps (salon.io.rules): a carriage
# return, which overwrites the line, and the bidirectional overrides that
# reorder what a line seems to say.
_MISLEADING = re.compile("[\r\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    r"""``text`` without the characters a terminal would obey instead of showing.

    Examples
    --------
    >>> terminal_safe("Ana \x1b]0;pwned\x07\x1b[31mRed\r")
    'Ana ]0;pwned[31mRed'
    """
    # imported here: salon.io loads every reader (vobject among them), which
    # `salon --version` and `--help` must not pay for
    from salon.io.rules import strip_controls

    return _MISLEADING.sub("", strip_controls(text))


class SafeConsole(Console):
    """A Rich console that never passes escape sequences from the data to the terminal.

    A name, an organisation or a note may hold ANSI/OSC sequences (retitling,
    recolouring or hiding a line) or a carriage return that overwrites one;
    every command prints through here, so the data's text is cleaned in this
    one place, after markup is parsed and before Rich adds its own styles.
    """

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else segment._replace(text=terminal_safe(segment.text))
            for segment in buffer
        )


# `export csv --raw`, `meetup seating --csv FILE --raw`
Raw = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="Write CSV cells as stored, even those a spreadsheet would run as formulas "
        "(=, +, -, @); by default such a cell starts with a single quote.",
    ),
]

# every command that lists or shows something
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

console = SafeConsole()
err_console = SafeConsole(stderr=True)


def say(message: str) -> None:
    """Print one plain line: never read as markup (a name may hold brackets), never
    wrapped (a script may read it)."""
    console.print(message, markup=False, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """``--json`` output: UTF-8 names kept as they are, indented for a reader."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


class SalonGroup(TyperGroup):
    """Turns salon's own errors into a message and exit code 1."""

    # typer's click is a private copy (typer._click) with no public name for its
    # Context: the public typer.Context, a subclass, narrows the override.
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
            from salon.services.storage import open_store

            self._store = open_store(self.settings)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()
            self._store = None

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[tuple[Session, Account]]:
        """A session and the owner account; committed on success, rolled back on error.

        ``write=False`` for commands that read (see :meth:`Store.transaction`):
        they run while another program writes the store.
        """
        from salon.services.accounts import ensure_owner, owner_account

        if not write:
            ensure_owner(self.store(), self.settings.owner)
        with self.store().transaction(write=write) as session:
            yield session, owner_account(session, self.settings.owner)


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        from salon.config import settings_from_environment

        root.obj = AppState(settings_from_environment())
    return root.obj
