"""``salon user``: add, list, passwd and remove the accounts that sign in."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from salon.cli.main import app
from salon.db.store import Store
from salon.services.users import authenticate

runner = CliRunner()


def salon(store_url: str, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store_url, *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_passwd_and_remove_keeping_the_network(store_url: str) -> None:
    code, out, err = salon(
        store_url, "user", "add", "ana@example.org", "--password-stdin", stdin="first password\n"
    )
    assert code == 0, err
    assert "Added ana@example.org" in out
    # --owner names the account by its email: the person lands in Ana's network
    assert salon(store_url, "--owner", "ana@example.org", "person", "add", "Raj")[0] == 0
    code, out, _ = salon(store_url, "user", "list", "--json")
    assert [(u["email"], u["people"]) for u in json.loads(out)] == [("ana@example.org", 1)]
    code, out, err = salon(
        store_url,
        "user",
        "passwd",
        "ana@example.org",
        "--password-stdin",
        stdin="second password\n",
    )
    assert code == 0, err
    store = Store(store_url)
    with store.transaction() as session:
        assert authenticate(session, "ana@example.org", "second password", "cli") is not None
    store.dispose()
    # asked twice: remove? yes; delete the network too? no
    code, out, err = salon(store_url, "user", "remove", "ana@example.org", stdin="y\nn\n")
    assert code == 0, err
    assert "stays under --owner 'ana@example.org'" in out
    assert json.loads(salon(store_url, "user", "list", "--json")[1]) == []
    code, out, _ = salon(store_url, "--owner", "ana@example.org", "person", "list", "--json")
    assert [p["name"] for p in json.loads(out)] == ["Raj"]


def test_prompted_password_claims_the_default_account(store_url: str) -> None:
    assert salon(store_url, "person", "add", "Raj")[0] == 0
    code, out, err = salon(
        store_url, "user", "add", "me@example.org", "--account", "me", stdin="long enough\n" * 2
    )
    assert code == 0, err
    code, out, _ = salon(store_url, "user", "list")
    assert "me@example.org  1 people  since " in out


def test_refusals_name_the_problem_and_store_nothing(store_url: str) -> None:
    code, _, err = salon(
        store_url, "user", "add", "ana@example.org", "--password-stdin", stdin="x\n"
    )
    assert code == 1
    assert "password is too short" in err
    code, _, err = salon(store_url, "user", "passwd", "nobody@example.org", "--password-stdin")
    assert (code, "no user with the email 'nobody@example.org'" in err) == (1, True)
    code, _, err = salon(store_url, "user", "remove", "nobody@example.org", "--yes")
    assert code == 1
    assert json.loads(salon(store_url, "user", "list", "--json")[1]) == []
    assert "Traceback" not in err
