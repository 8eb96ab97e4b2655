"""``salon web`` serves the app built from the command line's settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
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
    result = CliRunner().invoke(app, ["--db", url, "web", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://0.0.0.0:8123/" in result.output
    assert (served["host"], served["port"]) == ("0.0.0.0", 8123)
    with TestClient(served["app"]) as client:
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
    result = CliRunner().invoke(app, ["--db", url, "web"])  # 127.0.0.1 by default
    assert result.exit_code == 0, result.output
    with TestClient(served["app"], base_url="http://127.0.0.1:8000") as client:
        assert client.get("/people").status_code == 200
        assert client.get("/people", headers={"Host": "localhost:8000"}).status_code == 200
        rebound = client.get("/people", headers={"Host": "attacker.example:8000"})
    assert rebound.status_code == 400
    assert "attacker" not in rebound.text
