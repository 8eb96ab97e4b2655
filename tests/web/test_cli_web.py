"""``salon web`` serves the app built from the command line's settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.pages import OWNER_EMAIL, PASSWORD, sign_in
from typer.testing import CliRunner

from salon.cli.main import app


def test_salon_web_runs_the_app_on_the_store_and_address_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: dict[str, Any] = {}

    def run(served_app: FastAPI, *, host: str, port: int, **_: Any) -> None:
        served.update(app=served_app, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", run)
    url = f"sqlite:///{tmp_path / 'web.sqlite'}"
    added = CliRunner().invoke(
        app, ["--db", url, "user", "add", OWNER_EMAIL, "--password-stdin"], input=PASSWORD
    )
    assert added.exit_code == 0, added.output
    monkeypatch.setenv("SALON_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["--db", url, "web", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://0.0.0.0:8123/" in result.output
    assert (served["host"], served["port"]) == ("0.0.0.0", 8123)
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600
    with TestClient(served["app"]) as client:
        assert client.get("/people", follow_redirects=False).headers["location"] == (
            "/login?next=/people"
        )
        sign_in(client, OWNER_EMAIL)
        page = client.get("/people")
    assert page.status_code == 200
    assert 'id="people-count">0 people' in page.text
    assert (tmp_path / "web.sqlite").exists()


def test_salon_web_refuses_a_port_out_of_range() -> None:
    result = CliRunner().invoke(app, ["web", "--port", "70000"])
    assert result.exit_code != 0


def test_on_a_loopback_address_requests_naming_another_host_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a page whose own domain resolves to 127.0.0.1 names that domain."""
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda served_app, **_: served.update(app=served_app))
    url = f"sqlite:///{tmp_path / 'web.sqlite'}"
    monkeypatch.setenv("SALON_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["--db", url, "web"])  # 127.0.0.1 by default
    assert result.exit_code == 0, result.output
    with TestClient(served["app"], base_url="http://127.0.0.1:8000") as client:
        assert client.get("/login").status_code == 200
        assert client.get("/login", headers={"Host": "localhost:8000"}).status_code == 200
        rebound = client.get("/login", headers={"Host": "attacker.example:8000"})
    assert rebound.status_code == 400
    assert "attacker" not in rebound.text


@pytest.mark.parametrize(
    ("options", "trusted"),
    [
        ([], (False, None)),
        (["--behind-proxy"], (True, "127.0.0.1")),
        (["--behind-proxy", "--proxy-ip", "10.0.0.2"], (True, "10.0.0.2")),
    ],
)
def test_forwarded_headers_are_believed_only_behind_a_proxy(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    trusted: tuple[bool, str | None],
) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda _app, **kwargs: served.update(kwargs))
    monkeypatch.setenv("SALON_DATA_DIR", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'web.sqlite'}"
    result = CliRunner().invoke(app, ["--db", url, "web", *options])
    assert result.exit_code == 0, result.output
    assert (served["proxy_headers"], served["forwarded_allow_ips"]) == trusted


def test_several_workers_build_the_app_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: dict[str, Any] = {}
    # `salon web` hands its settings to the workers through its own environment:
    # give it a copy, so SALON_ALLOW_SIGNUP and the rest do not leak into later tests
    monkeypatch.setattr(os, "environ", os.environ.copy())
    monkeypatch.setattr(
        uvicorn, "run", lambda target, **kwargs: served.update(kwargs, target=target)
    )
    monkeypatch.setenv("SALON_DATA_DIR", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'web.sqlite'}"
    result = CliRunner().invoke(app, ["--db", url, "web", "--workers", "3", "--allow-signup"])
    assert result.exit_code == 0, result.output
    assert "3 workers" in result.output
    assert (served["target"], served["factory"], served["workers"]) == (
        "salon.web.app:app_from_environment",
        True,
        3,
    )
    # what a worker process sees: the parent's settings, through the environment
    from salon.web.app import app_from_environment

    assert os.environ["SALON_DATABASE_URL"] == url
    worker = app_from_environment()
    with TestClient(worker, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/signup").status_code == 200
