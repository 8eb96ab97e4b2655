"""``salon user …``: the accounts that sign in to the web app."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from salon.cli.app import new_typer, say, state
from salon.errors import InputError
from salon.services.users import (
    MIN_PASSWORD,
    create_user,
    find_user,
    list_users,
    remove_user,
    set_password,
)

app = new_typer(
    "Accounts that sign in to `salon web`: each has its own private network.\n\n"
    "Example: salon user add ana@example.org"
)

Email = Annotated[str, typer.Argument(help="The email the user signs in with.")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from standard input (one line) instead."
    ),
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InputError("no password on standard input", field="password")
        return password
    value: str = typer.prompt(
        f"Password (at least {MIN_PASSWORD} characters)",
        hide_input=True,
        confirmation_prompt=True,
    )
    return value


@app.command("add")
def add(
    ctx: typer.Context,
    email: Email,
    password_stdin: PasswordStdin = False,
    account: Annotated[
        str | None,
        typer.Option(
            help="Give this existing account (e.g. the CLI's default 'me') to the user,"
            " network and all, instead of a new empty one."
        ),
    ] = None,
) -> None:
    """Add a user who signs in with EMAIL; asks for the password twice.

    Their network is private to them; on the command line, --owner EMAIL acts on it.

    Example: salon user add ana@example.org --account me
    """
    password = _password(password_stdin)
    with state(ctx).store().transaction() as session:
        user = create_user(session, email, password, account=account)
        say(f"Added {user.email} (account {user.name}).")


@app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the users, with the size of each one's network.

    Example: salon user list --json
    """
    with state(ctx).store().transaction() as session:
        users = list_users(session)
    if as_json:
        rows = [
            {
                "email": u.email,
                "account": u.account,
                "created_at": u.created_at.isoformat(),
                "people": u.n_people,
            }
            for u in users
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not users:
        say("No users yet: add one with `salon user add EMAIL`.")
    for u in users:
        say(f"{u.email}  {u.n_people} people  since {u.created_at:%Y-%m-%d}")


@app.command("passwd")
def passwd(ctx: typer.Context, email: Email, password_stdin: PasswordStdin = False) -> None:
    """Set a user's password; their open sessions and API tokens end.

    Example: echo 'a new long password' | salon user passwd ana@example.org --password-stdin
    """
    with state(ctx).store().transaction() as session:
        find_user(session, email)  # an unknown user before asking for a password
    password = _password(password_stdin)
    with state(ctx).store().transaction() as session:
        user = set_password(session, email, password)
        say(f"Changed the password of {user.email}.")


@app.command("remove")
def remove(
    ctx: typer.Context,
    email: Email,
    keep_network: Annotated[
        bool | None,
        typer.Option(
            "--keep-network/--delete-network",
            help="Keep the user's network as a plain account (default: ask).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Remove a user: they can no longer sign in; their network is kept or deleted.

    Example: salon user remove ana@example.org --delete-network --yes
    """
    with state(ctx).store().transaction() as session:
        user = find_user(session, email)
        name = user.name
        if not yes and not typer.confirm(f"Remove the user {user.email}?"):
            raise typer.Abort()
        if keep_network is None:
            keep_network = yes or not typer.confirm(
                f"Delete their network too (everything the account {name!r} holds)?"
            )
        n_deleted = remove_user(session, email, keep_network=keep_network)
    if keep_network:
        say(f"Removed the user {email}; their network stays under --owner {name!r}.")
    else:
        say(f"Removed the user {email} and their network ({n_deleted} people).")
