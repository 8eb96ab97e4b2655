"""``/import`` and ``/export``: files in by upload, the network out as downloads."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from salon.errors import InputError, SalonError
from salon.services.archive import load_archive, write_archive
from salon.services.importing import import_file
from salon.services.network import export_people_csv
from salon.services.network_export import export_graphml
from salon.services.notes import import_notes
from salon.services.storage import Account
from salon.web.context import owner_transaction, page

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


def _import(request: Request, kind: str, path: Path, skip: bool, mapping: str) -> dict[str, Any]:
    """Import ``path`` in one transaction; a refusal raises before anything is committed."""
    with owner_transaction(request) as (session, owner):
        if kind == "json":
            counts = load_archive(session, owner, path)
            return {"counts": counts, "skipped": []}
        if kind == "notes":
            notes = import_notes(session, owner, path, skip_bad_rows=skip)
            counts = {
                "notes created": notes.created,
                "notes updated": notes.updated,
                "unchanged": notes.unchanged,
                "people created": notes.people_created,
            }
            return {"counts": counts, "skipped": [str(i) for i in notes.skipped]}
        report = import_file(
            session, owner, kind, path, mapping=_mapping(mapping), skip_bad_rows=skip
        )
        counts = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "ties added": report.ties_added,
        }
        return {"counts": counts, "skipped": [str(i) for i in report.skipped]}


def _data_page(request: Request, values: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    shown = {"kinds": KINDS, "kind": "linkedin", "result": None, "error": None, "source": None}
    return page(request, "data.html", shown | values, status_code=status_code)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    """Upload a file of people (or an archive, or notes); download the network."""
    return _data_page(request, {})


@router.post("/import", response_class=HTMLResponse)
def upload(
    request: Request,
    file: Annotated[UploadFile, File(description="The file to import.")],
    kind: Annotated[str, Form()] = "linkedin",
    skip_bad_rows: Annotated[bool, Form()] = False,
    mapping: Annotated[str, Form(alias="map")] = "",
) -> HTMLResponse:
    """Import the uploaded file: the counts, or the line and field that refused it.

    A refused file changes nothing (one transaction); with ``skip_bad_rows``
    the bad rows are listed and the rest imported, as ``--skip-bad-rows`` does.
    """
    values: dict[str, Any] = {"kind": kind, "source": _safe_name(file.filename)}
    if kind not in KINDS:
        values["error"] = f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}"
        return _data_page(request, values, 422)
    with tempfile.TemporaryDirectory(prefix="salon-upload-") as folder:
        # the readers name the file they read: the upload's own name, not the server's folder
        def local(text: str) -> str:
            return text.replace(f"{folder}/", "")

        try:
            path = _save(file, Path(folder))
            result = _import(request, kind, path, skip_bad_rows, mapping)
        except SalonError as exc:
            values["error"] = local(str(exc))
            return _data_page(request, values, 422)
    values["result"] = result | {"skipped": [local(line) for line in result["skipped"]]}
    return _data_page(request, values)


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
