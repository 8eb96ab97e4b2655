"""Imports that run after the upload, with their progress for the page that follows them.

A 100,000-row LinkedIn export takes a while; the web app answers the upload
at once with a page that follows the import (rows matched and written so far
out of the file's total) instead of a spinner.  The import itself stays one
transaction (a refused file writes nothing), so its progress cannot be
written to the store while it runs: on SQLite the import holds the only
write lock, and on PostgreSQL an uncommitted row is invisible to the page.
Each job is therefore a small JSON file in the data folder, replaced
atomically (``os.replace``) as the import goes, and read by whichever worker
process serves the page: all of them share the data folder, as they share
the signing key file.  A job names its owner, and another account asking
for it is told it does not exist.  Job files older than :data:`KEPT_FOR` go
when a new job starts.

Which import a kind means is :func:`import_upload_file`, the one use case
shared with ``POST /import`` done synchronously.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from salon.db.models import Account
from salon.errors import InputError, NotFoundError, SalonError
from salon.services.archive import load_archive
from salon.services.importing import IMPORT_KINDS, import_file
from salon.services.notes import import_notes

__all__ = [
    "JOB_KINDS",
    "KEPT_FOR",
    "ImportJob",
    "ImportOutcome",
    "JobProgress",
    "finish_job",
    "import_upload_file",
    "jobs_folder",
    "read_job",
    "run_job",
    "start_job",
]

#: What an upload may be: the CLI's `salon import` kinds, the archive and notes.
JOB_KINDS = (*IMPORT_KINDS, "json", "notes")
#: A finished job's file is removed this long after it was last written.
KEPT_FOR = dt.timedelta(days=1)
#: Progress is written at most this often (seconds), and at every change of stage.
WRITE_EVERY = 0.25

Status = Literal["running", "done", "refused"]
log = logging.getLogger(__name__)
_JOB_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: counts by what happened, and the rows it skipped."""

    counts: dict[str, int]
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportJob:
    """One upload's import as the page shows it.

    ``stage`` is "reading" (the file is parsed), then "matching" and
    "writing" with ``done`` of ``total`` rows, and "importing" for the
    archive and notes, whose readers report no rows.
    """

    id: str
    owner_id: int
    kind: str
    source: str
    status: Status = "running"
    stage: str = "reading"
    done: int = 0
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None
    started_at: float = 0.0

    @property
    def finished(self) -> bool:
        return self.status != "running"

    @property
    def percent(self) -> int:
        """How far the current stage is, 0-100 (0 while the total is unknown)."""
        return round(100 * self.done / self.total) if self.total else 0


def jobs_folder(data_dir: Path) -> Path:
    return data_dir / "imports"


def _path(folder: Path, job_id: str) -> Path:
    return folder / f"{job_id}.json"


def _write(folder: Path, job: ImportJob) -> None:
    """Replace the job's file at once: a reader sees the old state or the new, never half."""
    path = _path(folder, job.id)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_text(json.dumps(asdict(job)), encoding="utf-8")
    os.replace(partial, path)


def _prune(folder: Path, now: float) -> None:
    for old in folder.glob("*.json"):
        try:
            if now - old.stat().st_mtime > KEPT_FOR.total_seconds():
                old.unlink()
        except FileNotFoundError:  # another worker pruned it first
            continue
    for upload in folder.iterdir():
        if upload.is_dir() and now - upload.stat().st_mtime > KEPT_FOR.total_seconds():
            shutil.rmtree(upload, ignore_errors=True)


def start_job(folder: Path, owner: Account, kind: str, source: str) -> tuple[ImportJob, Path]:
    """A new running job for ``owner``, and the folder to save its upload in.

    Raises
    ------
    InputError
        An unknown kind.
    """
    if kind not in JOB_KINDS:
        raise InputError(f"unknown kind {kind!r}; expected one of {', '.join(JOB_KINDS)}")
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    _prune(folder, now)
    job = ImportJob(uuid.uuid4().hex, owner.id, kind, source, started_at=now)
    uploads = folder / job.id
    uploads.mkdir()
    _write(folder, job)
    return job, uploads


def read_job(folder: Path, owner: Account, job_id: str) -> ImportJob:
    """``owner``'s job ``job_id`` as last written.

    Raises
    ------
    NotFoundError
        No such job, or another account's (the same answer, on purpose).
    """
    missing = NotFoundError(f"no import {job_id!r}: it may have finished over a day ago")
    if not _JOB_ID.fullmatch(job_id):
        raise missing
    try:
        data: dict[str, Any] = json.loads(_path(folder, job_id).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise missing from None
    job = ImportJob(**data)
    if job.owner_id != owner.id:
        raise missing
    return job


class JobProgress:
    """The ``progress`` callback of an import, keeping the job's file up to date."""

    def __init__(self, folder: Path, job: ImportJob) -> None:
        self.folder = folder
        self.job = job
        self._written = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.job.stage and now - self._written < WRITE_EVERY and done < total:
            return
        self.job = replace(self.job, stage=stage, done=done, total=total)
        _write(self.folder, self.job)
        self._written = now


def finish_job(
    folder: Path, job: ImportJob, outcome: ImportOutcome | None, error: str | None = None
) -> ImportJob:
    """Write the job's end: the outcome, or the error that refused the file (nothing stored)."""
    if outcome is not None:
        done = replace(job, status="done", counts=outcome.counts, skipped=outcome.skipped)
    else:
        done = replace(job, status="refused", error=error)
    _write(folder, done)
    shutil.rmtree(folder / job.id, ignore_errors=True)  # the upload itself
    return done


def import_upload_file(
    session: Session,
    owner: Account,
    kind: str,
    path: Path,
    *,
    skip_bad_rows: bool = False,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportOutcome:
    """Import the file at ``path`` as ``kind`` inside the caller's transaction.

    Raises
    ------
    InputError
        The file is refused, naming its line and field (nothing is stored
        once the caller's transaction rolls back).
    """
    if kind == "json":
        if progress is not None:
            progress("importing", 0, 0)
        return ImportOutcome(load_archive(session, owner, path))
    if kind == "notes":
        if progress is not None:
            progress("importing", 0, 0)
        notes = import_notes(session, owner, path, skip_bad_rows=skip_bad_rows)
        counts = {
            "notes created": notes.created,
            "notes updated": notes.updated,
            "unchanged": notes.unchanged,
            "people created": notes.people_created,
        }
        return ImportOutcome(counts, [str(i) for i in notes.skipped])
    report = import_file(
        session,
        owner,
        kind,
        path,
        mapping=mapping,
        skip_bad_rows=skip_bad_rows,
        progress=progress,
    )
    counts = {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "ties added": report.ties_added,
    }
    return ImportOutcome(counts, [str(i) for i in report.skipped])


def run_job(
    folder: Path,
    job: ImportJob,
    path: Path,
    transaction: Callable[[], Any],
    *,
    skip_bad_rows: bool = False,
    mapping: Mapping[str, str] | None = None,
    local: Callable[[str], str] = lambda text: text,
) -> ImportJob:
    """Run ``job``'s import of ``path`` in ``transaction()`` (a context giving a session and owner).

    A refusal (a :class:`SalonError`) ends the job "refused" with its message,
    passed through ``local`` (to hide the server's folders); nothing is stored.
    """
    progress = JobProgress(folder, job)
    try:
        with transaction() as (session, owner):
            outcome = import_upload_file(
                session,
                owner,
                job.kind,
                path,
                skip_bad_rows=skip_bad_rows,
                mapping=mapping,
                progress=progress,
            )
    except SalonError as exc:
        return finish_job(folder, progress.job, None, local(str(exc)))
    except Exception:  # a bug: say so on the page rather than leave it "running" for ever
        log.exception("import %s of %s failed", job.id, job.source)
        failed = "the import failed on the server (its log says why); nothing was stored"
        return finish_job(folder, progress.job, None, failed)
    skipped = [local(line) for line in outcome.skipped]
    return finish_job(folder, progress.job, ImportOutcome(outcome.counts, skipped))
