"""Imports by upload and exports as downloads, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.web.conftest import Other
from tests.web.pages import Site, page_token

from salon.db.models import Person
from salon.io.linkedin import read_linkedin
from salon.services.accounts import owner_account
from salon.services.archive import export_archive
from salon.services.import_jobs import JobProgress, jobs_folder, start_job
from salon.web.csrf import FIELD

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "io"


def _people(site: Site) -> int:
    with site.store.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def _upload(site: Site, path: Path, kind: str, **extra: str) -> str:
    response = site.client.post(
        "/import",
        data={FIELD: page_token(site.client, "/import"), "kind": kind, **extra},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    return f"{response.status_code} {response.text}"


def test_a_linkedin_upload_imports_what_the_cli_would(site: Site) -> None:
    path = FIXTURES / "linkedin_connections.csv"
    before = _people(site)
    answer = _upload(site, path, "linkedin")
    assert answer.startswith("200 ")
    assert "Imported linkedin_connections.csv:" in answer
    n_records = len(read_linkedin(path).records)
    assert n_records > 0
    # the rich network already holds some of them: matched, not duplicated
    assert before < _people(site) <= before + n_records


def test_a_file_with_a_bad_row_is_refused_with_its_line_and_nothing_is_stored(site: Site) -> None:
    before = _people(site)
    answer = _upload(site, FIXTURES / "malformed" / "linkedin_bad_rows.csv", "linkedin")
    assert answer.startswith("422 ")
    assert "Nothing was imported: linkedin_bad_rows.csv, line 6:" in answer
    assert "salon-upload-" not in answer  # the server's folder is not shown
    assert _people(site) == before


def test_skipping_bad_rows_imports_the_rest_and_lists_the_skipped(site: Site) -> None:
    answer = _upload(
        site, FIXTURES / "malformed" / "linkedin_bad_rows.csv", "linkedin", skip_bad_rows="true"
    )
    assert answer.startswith("200 ")
    assert "linkedin_bad_rows.csv, line 8, field &#39;Connected On&#39;" in answer


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        ("json", "archive.json", b"{not json", "archive.json, line 1: not JSON"),
        ("json", "archive.json", b"[]", "not a salon archive"),
        ("vcard", "empty.vcf", b"", "empty.vcf: the file is empty"),
        ("fax", "x.txt", b"x", "unknown kind"),
    ],
)
def test_refused_uploads_say_why(
    site: Site, kind: str, name: str, content: bytes, message: str
) -> None:
    before = _people(site)
    response = site.client.post(
        "/import",
        data={FIELD: page_token(site.client, "/import"), "kind": kind},
        files={"file": (name, content, "application/octet-stream")},
    )
    assert response.status_code == 422
    assert message in response.text
    assert _people(site) == before


def test_the_json_export_downloads_the_archive_and_reads_back(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # written to a temporary file, sent from disk, and the file removed after
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    response = site.client.get("/export/json")
    assert response.status_code == 200
    assert list(scratch.iterdir()) == []
    assert response.headers["content-disposition"] == 'attachment; filename="salon-archive.json"'
    with site.store.reading() as session:
        expected = export_archive(session, owner_account(session, "me"))
    assert json.loads(response.text) == json.loads(json.dumps(expected, ensure_ascii=False))


def test_csv_and_graphml_exports_are_downloads(site: Site) -> None:
    csv = site.client.get("/export/csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="salon-people.csv"'
    assert "Ana López" in csv.text
    graphml = site.client.get("/export/graphml")
    assert graphml.headers["content-disposition"].endswith('"salon-network.graphml"')
    assert "<graphml" in graphml.text


def test_the_import_page_shows_a_busy_indicator_while_uploading(site: Site) -> None:
    html = site.client.get("/import").text
    assert 'hx-indicator="#import-busy"' in html
    assert 'id="import-busy" class="htmx-indicator busy"' in html


def test_an_upload_is_answered_at_once_by_a_page_that_follows_the_import(site: Site) -> None:
    path = FIXTURES / "linkedin_connections.csv"
    response = site.client.post(
        "/import",
        data={FIELD: page_token(site.client, "/import"), "kind": "linkedin"},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert re.fullmatch(r"/import/jobs/[0-9a-f]{32}", response.headers["location"])
    # (the test client runs the import before it returns: the page has its end)
    followed = site.client.get(response.headers["location"])
    assert followed.status_code == 200
    assert "Imported linkedin_connections.csv:" in followed.text
    assert 'http-equiv="refresh"' not in followed.text  # finished: no more reloading


def test_a_running_import_shows_its_rows_so_far_of_the_total(site: Site) -> None:
    folder = jobs_folder(site.client.app.state.salon.settings.data_dir)  # type: ignore[attr-defined]
    with site.store.reading() as session:
        job, _ = start_job(folder, owner_account(session, "me"), "linkedin", "Connections.csv")
    progress = JobProgress(folder, job)
    html = site.client.get(f"/import/jobs/{job.id}").text
    assert "reading the file" in html
    progress("matching", 4_000, 12_500)
    html = site.client.get(f"/import/jobs/{job.id}").text
    assert '<span id="import-rows">4,000 of 12,500</span> rows read and matched' in html
    assert '<progress id="import-bar" max="12500" value="4000">32%</progress>' in html
    # without JavaScript the page reloads itself; with it, HTMX fetches the progress again
    assert '<noscript><meta http-equiv="refresh" content="1"></noscript>' in html
    assert re.search(rf'hx-get="[^"]*/import/jobs/{job.id}"\s+hx-trigger="load delay:1s"', html)
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []  # no inline script (CSP)
    progress("writing", 12_500, 12_500)
    assert (
        "12,500 of 12,500</span> new people written"
        in site.client.get(f"/import/jobs/{job.id}").text
    )


def test_another_accounts_import_is_a_404(site: Site, other: Other) -> None:
    folder = jobs_folder(site.client.app.state.salon.settings.data_dir)  # type: ignore[attr-defined]
    with site.store.reading() as session:
        job, _ = start_job(folder, owner_account(session, "me"), "csv", "mine.csv")
    assert site.client.get(f"/import/jobs/{job.id}").status_code == 200
    theirs = other.client.get(f"/import/jobs/{job.id}")
    assert theirs.status_code == 404
    assert "mine.csv" not in theirs.text
