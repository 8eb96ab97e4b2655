"""``salon analogies``: far analogies, cross-pollination from the command line."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from salon.cli.app import AsJson, console, print_json, state
from salon.cli.progress import embedding_bar
from salon.services.analogies import AnalogyResult, find_analogies


class BackendChoice(StrEnum):
    auto = "auto"
    model = "model"
    lexical = "lexical"


class KindChoice(StrEnum):
    idea = "idea"
    lesson = "lesson"
    insight = "insight"
    note = "note"
    profile = "profile"


_SHOWN_CHARS = 160


def shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHOWN_CHARS else flat[: _SHOWN_CHARS - 1].rstrip() + "…"


def _print_analogies(result: AnalogyResult) -> None:
    refresh = result.refresh
    kind = "lexical TF-IDF fallback" if result.lexical else "sentence model"
    where = result.query_domain or "no known domain"
    if result.domain_inferred:
        where += " (inferred; give --domain to correct it)"
    console.print(
        f"Far analogies from outside [bold]{escape(where)}[/]", highlight=False, soft_wrap=True
    )
    if not result.analogies:
        console.print(
            "Nothing from another domain matches yet: add lessons, notes, ideas or "
            "conversations from other fields (salon lesson add, salon note import, salon log)."
        )
    else:
        table = Table("#", "score", "domain", "kind", "text", "whom to call")
        for rank, a in enumerate(result.analogies, start=1):
            if a.person is None:
                who = "unknown"
            elif a.person.is_me:
                who = "you"
            else:
                who = f"{a.person.name}\n{a.person.how_to_reach}"
            if a.also:
                who += f"\n(also {', '.join(p.name for p in a.also)})"
            table.add_row(
                str(rank),
                f"{a.score:.3f}",
                a.domain,
                a.kind,
                escape(shorten(a.text)),
                escape(who),
            )
        console.print(table)
    stored = (
        f"{refresh.n_embedded} embedded now, {refresh.n_unchanged} from the store"
        if refresh.stored
        else "rebuilt in memory"
    )
    console.print(
        f"backend: {kind} ({escape(result.backend)}); {refresh.n_items} items, {stored}.",
        highlight=False,
        soft_wrap=True,
    )


def analogies(
    ctx: typer.Context,
    problem: Annotated[str, typer.Argument(help="The problem, in your own words.")],
    domain: Annotated[
        str | None,
        typer.Option(help="The problem's own domain (default: inferred from the text)."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="How many analogies to show.")] = 5,
    kind: Annotated[
        list[KindChoice] | None,
        typer.Option(
            "--kind",
            help="Only this kind of item (repeatable; default: note, lesson, insight, idea;"
            " people's profiles only with --kind profile).",
        ),
    ] = None,
    only_domain: Annotated[
        list[str] | None,
        typer.Option(
            "--only-domain", help="Only analogies from this domain (repeatable; default: all)."
        ),
    ] = None,
    backend: Annotated[
        BackendChoice,
        typer.Option(help="model: sentence embeddings; lexical: TF-IDF; auto: model if installed."),
    ] = BackendChoice.auto,
    as_json: AsJson = False,
) -> None:
    """Far analogies: who in another field has solved a problem of the same shape.

    Example: salon analogies "patient handovers between shifts lose information" --kind lesson
    """
    kinds = {k.value for k in kind} if kind else None
    with embedding_bar() as progress, state(ctx).transaction() as (session, owner):
        result = find_analogies(
            session,
            owner,
            problem,
            domain=domain,
            top=top,
            kinds=kinds,
            source_domains=only_domain or None,
            backend=backend.value,
            progress=progress,
        )
    if as_json:
        rows = [dict(a.as_dict(), backend=result.backend) for a in result.analogies]
        print_json(rows)
    else:
        _print_analogies(result)
