"""Notes people shared, one JSON object per line (``salon note import FILE.jsonl``).

Each line is an object such as::

    {"id": "n-017", "person": "Ana López", "role": "engineer", "domain": "healthcare",
     "text": "We cut ward noise by borrowing the pit-stop choreography of Formula 1."}

``id`` and ``text`` are required and ``person`` names who shared it; ``role``
and ``domain`` may be null or absent.  Blank lines are ignored.
"""

from __future__ import annotations

from pathlib import Path

from salon.errors import InputError
from salon.io.records import NoteRecord, ParsedNotes
from salon.io.rules import load_json
from salon.io.source import RowProblems, read_source_text, split_physical_lines

__all__ = ["read_notes_jsonl"]


def read_notes_jsonl(path: str | Path, *, skip_bad_rows: bool = False) -> ParsedNotes:
    r"""Read a JSONL file of shared notes.

    Parameters
    ----------
    path : str or Path
        One JSON object per line, UTF-8.
    skip_bad_rows : bool, default False
        If True, a bad line is left out and listed in ``skipped``.

    Returns
    -------
    ParsedNotes
        One :class:`NoteRecord` per non-blank line, ``ref`` being the note's ``id``.

    Raises
    ------
    InputError
        If (unless ``skip_bad_rows``) a line is not a JSON object, lacks ``id``,
        ``person`` or ``text``, or has a value of the wrong type; the error
        names the line and the key.

    Examples
    --------
    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> line = (
    ...     '{"id": "n-017", "person": "Ana López", "domain": "healthcare", '
    ...     '"text": "We cut theatre changeover time by copying pit-stop choreography."}\n'
    ... )
    >>> with TemporaryDirectory() as folder:
    ...     path = Path(folder, "notes.jsonl")
    ...     _ = path.write_text(line, encoding="utf-8")
    ...     notes = read_notes_jsonl(path)
    >>> notes.records[0].ref, notes.records[0].domain
    ('n-017', 'healthcare')
    """
    source = str(path)
    problems = RowProblems(source, skip_bad_rows=skip_bad_rows)
    records: list[NoteRecord] = []
    for number, text in enumerate(split_physical_lines(read_source_text(path)), start=1):
        if not text.strip():
            continue
        try:
            records.append(_note(text, number, source))
        except InputError as error:
            problems.report(error)
    return ParsedNotes(records, problems.issues)


def _note(text: str, line: int, source: str) -> NoteRecord:
    value = load_json(text, source, line=line)
    if not isinstance(value, dict):
        raise InputError(
            f"expected a JSON object, got {type(value).__name__}", source=source, line=line
        )

    def required(key: str) -> str:
        raw = value.get(key)
        if isinstance(raw, int) and not isinstance(raw, bool) and key == "id":
            return str(raw)
        if not isinstance(raw, str) or not raw.strip():
            got = "nothing" if raw is None else repr(raw)
            raise InputError(
                f"expected a non-empty string, got {got}", source=source, line=line, field=key
            )
        return raw.strip()

    def optional(key: str) -> str | None:
        raw = value.get(key)
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise InputError(
                f"expected a string or null, got {raw!r}", source=source, line=line, field=key
            )
        return raw.strip() or None

    return NoteRecord(
        ref=required("id"),
        person=required("person"),
        role=optional("role"),
        domain=optional("domain"),
        text=required("text"),
        source=source,
        line=line,
    )
