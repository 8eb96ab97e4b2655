"""Subcommands built on first use, so a command imports only what it uses.

Typer builds every subcommand when the CLI starts, which imports every command
module and the services behind them.  Here the root group knows its
subcommands by name and where they live, and imports a module only when its
command is run or listed (``salon --help`` lists them all).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, ClassVar, cast

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_group

from salon.cli.app import SalonGroup, new_typer

# name -> (module under salon.cli, its attribute: a Typer group or a command function)
Place = tuple[str, str]
# Every command typer builds is one of these.  Their click base classes live in
# typer's private copy of click (typer._click), which has no public name: the
# overrides below take typer.Context, as SalonGroup.invoke does.
Command = TyperCommand | TyperGroup


class LazyCommands(MutableMapping[str, Command]):
    """A group's commands by name, each built by its loader the first time it is read."""

    def __init__(self, loaders: Mapping[str, Callable[[], Command]]) -> None:
        self._loaders = dict(loaders)
        self._built: dict[str, Command] = {}
        self._names = list(loaders)  # the order help lists them in

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            # KeyError: no such command; a loader that fails stays, to fail the same way again
            self._built[name] = self._loaders[name]()
            del self._loaders[name]
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._loaders.pop(name, None)
        self._built[name] = command
        if name not in self._names:
            self._names.append(name)

    def __delitem__(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(name)
        self._names.remove(name)
        self._loaders.pop(name, None)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def is_built(self, name: str) -> bool:
        return name in self._built

    def __len__(self) -> int:
        return len(self._names)


def cli_command(name: str, place: Place) -> Command:
    """The click command ``salon <name>``, built as ``add_typer``/``command`` on the root would.

    A stand-in root made by :func:`new_typer` has the real root's settings, so the
    command gets the same help rendering and error handling as when registered
    up front.
    """
    module, attribute = place
    target = getattr(importlib.import_module(f"salon.cli.{module}"), attribute)
    holder = new_typer("")
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return cast(Command, get_group(holder).commands[name])


class LazyGroup(SalonGroup):
    """A :class:`SalonGroup` whose subcommands, named in ``places``, are imported on first use.

    ``--help`` lists them from ``summaries`` (each command's first paragraph of
    help, as help would show it) without importing them: a test checks the
    summaries against the commands.
    """

    places: ClassVar[Mapping[str, Place]] = {}
    summaries: ClassVar[Mapping[str, str]] = {}
    _listing = False

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Command | None:  # type: ignore[override]
        commands = self.commands
        if (
            self._listing
            and cmd_name in self.summaries
            and isinstance(commands, LazyCommands)
            and not commands.is_built(cmd_name)
        ):
            return TyperCommand(cmd_name, help=self.summaries[cmd_name])
        return cast(Command | None, super().get_command(ctx, cmd_name))

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(  # type: ignore[assignment]
            {
                name: functools.partial(cli_command, name, place)
                for name, place in self.places.items()
            }
        )

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        # the names alone: a mistyped command is suggested without importing every module
        return list(self.commands)
