"""Progress bars shared by commands: on stderr for a person watching, silent in a pipe."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from salon.cli.app import err_console


@contextmanager
def embedding_bar() -> Iterator[Callable[[int, int], None]]:
    """A bar shown while new texts are embedded (told done, total); hidden until then."""
    with Progress(
        TextColumn("Embedding new texts"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task("embedding", total=None, visible=False)

        def show(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, visible=True)

        yield show
