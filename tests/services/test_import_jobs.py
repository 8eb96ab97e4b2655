"""An import that runs after its upload reports its rows as it goes, then its end."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.benchmark_code import load_benchmark

from salon.db.models import Account, Person
from salon.db.store import Store
from salon.errors import InputError, NotFoundError
from salon.services import import_jobs
from salon.services.accounts import owner_account
from salon.services.import_jobs import ImportJob, read_job, run_job, start_job

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "io"
N_ROWS = 5_000


def _people(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def _transaction(store: Store, name: str) -> Any:
    @contextmanager
    def transaction() -> Iterator[tuple[Session, Account]]:
        with store.transaction() as session:
            yield session, owner_account(session, name)

    return transaction


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every state of a job as its file was written, in order."""
    states: list[dict[str, Any]] = []
    original = import_jobs._write

    def recording(folder: Path, job: ImportJob) -> None:
        states.append(asdict(job))
        original(folder, job)

    monkeypatch.setattr(import_jobs, "_write", recording)
    monkeypatch.setattr(import_jobs, "WRITE_EVERY", 0.0)
    return states


def _upload(uploads: Path, source: Path) -> Path:
    path = uploads / source.name
    shutil.copy(source, path)
    return path


def test_a_large_linkedin_import_reports_its_rows_as_it_goes(
    store: Store, tmp_path: Path, written: list[dict[str, Any]]
) -> None:
    source = tmp_path / "Connections.csv"
    load_benchmark("import_store").linkedin_people(source, N_ROWS)
    folder = tmp_path / "imports"
    with store.transaction() as session:
        job, uploads = start_job(folder, owner_account(session, "me"), "linkedin", source.name)
    done = run_job(folder, job, _upload(uploads, source), _transaction(store, "me"))

    assert done.status == "done"
    assert done.counts["created"] == N_ROWS
    assert _people(store) == N_ROWS + 1  # and the user
    stages = [s["stage"] for s in written]
    assert stages[0] == "reading"
    assert stages.index("matching") < stages.index("writing")
    for stage in ("matching", "writing"):
        seen = [(s["done"], s["total"]) for s in written if s["stage"] == stage]
        assert len(seen) >= 2, stage  # progress between the start and the end
        assert {total for _, total in seen} == {N_ROWS}, stage
        assert [d for d, _ in seen] == sorted(d for d, _ in seen), stage
        assert 0 < seen[0][0] < N_ROWS, stage
    with store.reading() as session:
        assert read_job(folder, owner_account(session, "me"), job.id) == done
    assert not uploads.exists()  # the upload went with the end of the job


def test_a_refused_file_ends_the_job_with_its_line_and_stores_nothing(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "imports"
    with store.transaction() as session:
        owner_account(session, "me")
    before = _people(store)
    source = FIXTURES / "malformed" / "linkedin_bad_rows.csv"
    with store.transaction() as session:
        job, uploads = start_job(folder, owner_account(session, "me"), "linkedin", source.name)
    path = _upload(uploads, source)
    done = run_job(
        folder,
        job,
        path,
        _transaction(store, "me"),
        local=lambda text: text.replace(f"{uploads}/", ""),
    )
    assert done.status == "refused"
    assert done.error is not None
    assert done.error.startswith("linkedin_bad_rows.csv, line 6")
    assert _people(store) == before


def test_only_the_owner_can_read_a_job(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "imports"
    with store.transaction() as session:
        mine, _ = start_job(folder, owner_account(session, "me"), "csv", "people.csv")
        other = owner_account(session, "other")
        with pytest.raises(NotFoundError):
            read_job(folder, other, mine.id)
        for forged in ("../../etc/passwd", mine.id.upper(), ""):
            with pytest.raises(NotFoundError):
                read_job(folder, owner_account(session, "me"), forged)
        with pytest.raises(InputError, match="unknown kind"):
            start_job(folder, other, "fax", "x.txt")
