"""``/import`` and ``/export``: files in by upload, the network out as downloads."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from salon.errors import InputError, SalonError
from salon.services.archive import write_archive
from salon.services.import_jobs import finish_job, jobs_folder, read_job, run_job, start_job
from salon.services.network import export_people_csv
from salon.services.network_export import export_graphml
from salon.services.storage import Account
from salon.web.context import owner_transaction, page, web_context
from salon.web.upkeep import refresh_for

router = APIRouter()

#: What the upload form offers: the CLI's `salon import` kinds, the archive and notes.
KINDS = {
    "linkedin": "LinkedIn connections (Connections.csv)",
    "vcard": "vCard contacts (.vcf)",
    "google": "Google contacts (CSV)",
    "csv": "Any CSV of people",
    "json": "salon archive (JSON)",
    "notes": "Shared notes (JSONL)",
}
#: Uploads larger than this are refused before anything is read into the store.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
CHUNK = 1024 * 1024


def _safe_name(filename: str | None) -> str:
    """The upload's own file name (shown in error messages), without any folder."""
    name = Path((filename or "").replace("\\", "/")).name
    return re.sub(r"[^\w.\- ]", "_", name)[:100] or "upload"


def _save(upload: UploadFile, folder: Path) -> Path:
    """Write the upload into ``folder`` under its own name, refusing one that is too large."""
    path = folder / _safe_name(upload.filename)
    size = 0
    with path.open("wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise InputError(
                    f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
                    "import it with the command line (salon import ...)",
                    source=path.name,
                )
            out.write(chunk)
    if size == 0:
        raise InputError("the file is empty", source=path.name)
    return path


def _mapping(text: str) -> dict[str, str] | None:
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            key, sep, value = line.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise InputError(
                    f"line {number} is not FIELD=COLUMN (e.g. organization=Company): {line!r}",
                    field="map",
                )
            found[key.strip()] = value.strip()
    return found or None


def _data_page(request: Request, values: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    shown = {"kinds": KINDS, "kind": "linkedin", "job": None, "error": None, "source": None}
    return page(request, "data.html", shown | values, status_code=status_code)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    """Upload a file of people (or an archive, or notes); download the network."""
    return _data_page(request, {})


def _jobs(request: Request) -> Path:
    return jobs_folder(web_context(request).settings.data_dir)


@router.post("/import", response_class=HTMLResponse, response_model=None)
def upload(
    request: Request,
    background: BackgroundTasks,
    file: Annotated[UploadFile, File(description="The file to import.")],
    kind: Annotated[str, Form()] = "linkedin",
    skip_bad_rows: Annotated[bool, Form()] = False,
    mapping: Annotated[str, Form(alias="map")] = "",
) -> HTMLResponse | RedirectResponse:
    """Start importing the uploaded file; the page that follows shows its progress.

    The file is checked for size first and then imported after the answer,
    in one transaction: a refused file changes nothing, and the import's page
    names the line and field; with ``skip_bad_rows`` the bad rows are listed
    and the rest imported, as ``--skip-bad-rows`` does.
    """
    source = _safe_name(file.filename)
    values: dict[str, Any] = {"kind": kind, "source": source}
    if kind not in KINDS:
        values["error"] = f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}"
        return _data_page(request, values, 422)
    folder = _jobs(request)
    with owner_transaction(request) as (_, owner):
        job, uploads = start_job(folder, owner, kind, source)
        owner_id = owner.id
    try:
        columns = _mapping(mapping)
        path = _save(file, uploads)
    except SalonError as exc:
        finish_job(folder, job, None, str(exc))
        values["error"] = str(exc)
        return _data_page(request, values, 422)

    def local(text: str) -> str:
        # the readers name the file they read: the upload's own name, not the server's folder
        return text.replace(f"{uploads}/", "")

    def work() -> None:
        done = run_job(
            folder,
            job,
            path,
            lambda: owner_transaction(request),
            skip_bad_rows=skip_bad_rows,
            mapping=columns,
            local=local,
        )
        if done.status == "done":  # the refresh scheduled with the upload ran before it
            refresh_for(request, owner_id)

    background.add_task(work)
    return RedirectResponse(
        request.app.url_path_for("import_job_page", job_id=job.id), status_code=303
    )


@router.get("/import/jobs/{job_id}", response_class=HTMLResponse)
def import_job_page(request: Request, job_id: str) -> HTMLResponse:
    """An import's progress (rows so far of the file's), then what it did or why it was refused.

    While it runs the page reloads itself every second (a ``<meta>`` refresh;
    with HTMX only the progress is fetched again); a refused import answers 422.
    """
    with owner_transaction(request) as (_, owner):
        job = read_job(_jobs(request), owner, job_id)
    values = {"job": job, "kind": job.kind, "source": job.source, "error": job.error}
    return _data_page(request, values, 422 if job.status == "refused" else 200)


def _file_download(
    request: Request,
    write: Callable[[Session, Account, Path], object],
    filename: str,
    media_type: str,
) -> FileResponse:
    """A download written by ``write`` to a temporary file, sent from disk, then removed.

    A network of 100,000 people makes files of tens of megabytes: neither
    the records nor the text sit in the server's memory whole.
    """
    folder = Path(tempfile.mkdtemp(prefix="salon-export-"))
    try:
        with owner_transaction(request) as (session, owner):
            write(session, owner, folder / filename)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        folder / filename,
        media_type=media_type,
        filename=filename,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


def _write_archive_file(session: Session, owner: Account, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        write_archive(session, owner, out)
        out.write("\n")


@router.get("/export/json")
def export_json(request: Request) -> FileResponse:
    """Everything, as the JSON archive that the import (and `salon import json`) reads back."""
    return _file_download(request, _write_archive_file, "salon-archive.json", "application/json")


@router.get("/export/csv")
def export_csv(request: Request) -> FileResponse:
    """People as CSV."""
    return _file_download(request, export_people_csv, "salon-people.csv", "text/csv; charset=utf-8")


@router.get("/export/graphml")
def export_graphml_file(request: Request) -> FileResponse:
    """The network (people, ties, attributes) as GraphML for Gephi."""
    return _file_download(
        request, export_graphml, "salon-network.graphml", "application/graphml+xml"
    )
