"""``salon meetup organiser …`` and ``salon meetup invite …``: who runs a meetup, who may join.

Thin calls into :mod:`salon.services.meetup_roles` and
:mod:`salon.services.invitations`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from click import Context as ClickContext

from salon.cli.app import AsJson, SalonGroup, new_typer, print_json, say, state
from salon.services.invitations import (
    create_invitation,
    list_invitations,
    parse_expiry,
    revoke_invitation,
)
from salon.services.meetup import get_community
from salon.services.meetup_roles import add_organiser, list_organisers, remove_organiser

CommunityRef = Annotated[str, typer.Argument(help="The meetup's id or name.")]
Email = Annotated[str, typer.Argument(help="The e-mail the user signs in with.")]


class _InviteGroup(SalonGroup):
    """``invite COMMUNITY`` creates a link; ``invite list|revoke …`` manage them.

    A first argument that names no subcommand is the meetup of ``invite create``.
    """

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:  # type: ignore[override]
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["create", *args]
        result: list[str] = super().parse_args(ctx, args)  # type: ignore[arg-type]
        return result


organiser_app = new_typer(
    "Add, remove or list a meetup's co-organisers (users who sign in).\n\n"
    "Example: salon meetup organiser add 'The Long Table' co@example.org"
)
invite_app = new_typer(
    "Invitation links: members sign up or in through one and join the meetup.\n\n"
    "Example: salon meetup invite 'The Long Table' --expires 14d",
    cls=_InviteGroup,
)


@organiser_app.command("add")
def organiser_add(ctx: typer.Context, community: CommunityRef, email: Email) -> None:
    """Make a user a co-organiser: they run its members, events and seating.

    Example: salon meetup organiser add 1 co@example.org
    """
    with state(ctx).transaction() as (session, owner):
        account = add_organiser(session, owner, community, email)
        say(f"{account.email} now co-organises {community}.")


@organiser_app.command("remove")
def organiser_remove(ctx: typer.Context, community: CommunityRef, email: Email) -> None:
    """A co-organiser no longer runs the meetup.

    Example: salon meetup organiser remove 1 co@example.org
    """
    with state(ctx).transaction() as (session, owner):
        remove_organiser(session, owner, community, email)
        say(f"{email.strip().lower()} no longer co-organises {community}.")


@organiser_app.command("list")
def organiser_list(ctx: typer.Context, community: CommunityRef, as_json: AsJson = False) -> None:
    """The meetup's organisers: you first, then the co-organisers.

    Example: salon meetup organiser list 1
    """
    with state(ctx).transaction(write=False) as (session, owner):
        emails = list_organisers(session, owner, community)
    if as_json:
        print_json(emails)
        return
    for email in emails:
        say(email)


def _link(ctx: typer.Context, token: str) -> str:
    base = state(ctx).settings.public_url
    return f"{base.rstrip('/')}/join/{token}" if base else f"/join/{token}"


@invite_app.command("create")
def invite_create(
    ctx: typer.Context,
    community: CommunityRef,
    expires: Annotated[
        str | None, typer.Option(help="Expire after this long: 14d, 2w or 12h (default: never).")
    ] = None,
) -> None:
    """Make an invitation link (shown once: only a hash of it is kept).

    ``salon meetup invite COMMUNITY`` is short for this.

    Example: salon meetup invite create 'The Long Table' --expires 14d
    """
    expires_in = parse_expiry(expires) if expires is not None else None
    with state(ctx).transaction() as (session, owner):
        community_id = get_community(session, owner, community).id
        invitation, token = create_invitation(session, owner, community_id, expires_in=expires_in)
        ends = invitation.expires_at
    say(f"Invitation {invitation.id}: {_link(ctx, token)}")
    if not state(ctx).settings.public_url:
        say("(on your salon server's address; set SALON_PUBLIC_URL to print it whole)")
    say(f"Expires {ends.isoformat(timespec='minutes')}." if ends else "Does not expire.")


@invite_app.command("list")
def invite_list(ctx: typer.Context, community: CommunityRef, as_json: AsJson = False) -> None:
    """The meetup's invitations (open, expired or revoked) and how often each was used.

    Example: salon meetup invite list 1
    """
    with state(ctx).transaction(write=False) as (session, owner):
        rows = list_invitations(session, owner, get_community(session, owner, community).id)
    if as_json:
        data: list[dict[str, Any]] = [
            {
                "id": r.id,
                "state": r.state,
                "uses": r.uses,
                "created_at": r.created_at.isoformat(),
                "expires_at": r.expires_at.isoformat() if r.expires_at else None,
            }
            for r in rows
        ]
        print_json(data)
        return
    if not rows:
        say("No invitations yet: salon meetup invite COMMUNITY")
    for r in rows:
        until = f", expires {r.expires_at:%Y-%m-%d %H:%M}" if r.expires_at else ""
        say(f"{r.id}  {r.state}  used {r.uses} times  made {r.created_at:%Y-%m-%d}{until}")


@invite_app.command("revoke")
def invite_revoke(
    ctx: typer.Context,
    invitation: Annotated[int, typer.Argument(help="The invitation's id (invite list).")],
) -> None:
    """Withdraw an invitation link: it stops working at once.

    Example: salon meetup invite revoke 3
    """
    with state(ctx).transaction() as (session, owner):
        revoke_invitation(session, owner, invitation)
    say(f"Invitation {invitation} revoked.")
