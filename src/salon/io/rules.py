"""The rules every importer applies to a file, whatever its format.

LinkedIn, vCard, Google and generic CSV, notes JSONL, the salon JSON archive
and the meetup members CSV all read their bytes through this module, so that
one file is refused (or cleaned) the same way whichever command reads it:

- **Encoding:** a byte-order mark for UTF-8, UTF-16 or UTF-32 decides it;
  without one the file must be UTF-8.  Anything else is refused with the line
  of the first bad byte; there is no silent Latin-1 fallback, which would
  store mojibake.
- **Size:** a file holds at most :data:`MAX_FILE_BYTES` bytes and one field
  (a CSV cell, a vCard property, a JSON string) at most
  :data:`MAX_FIELD_CHARS` characters; both limits are named when refused.
- **Control characters:** NUL and the other C0 and C1 control characters
  (DEL included) are removed; tab, line feed and carriage return stay.
  Nothing else in salon would read them, a terminal would obey them, and
  PostgreSQL refuses NUL outright.
- **Empty files:** a file with nothing but white space is refused with
  "the file is empty".
- **JSON:** nested at most :data:`MAX_JSON_DEPTH` levels; an object may not
  repeat a key.

Every refusal is an :class:`~salon.errors.InputError` naming the file and,
where it has one, the line and field.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any

from salon.errors import InputError

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_JSON_DEPTH",
    "check_field",
    "decode_source",
    "load_json",
    "read_source_bytes",
    "strip_controls",
]

MAX_FILE_BYTES = 100 * 1024 * 1024
"""The largest file any importer reads (100 MiB)."""

MAX_FIELD_CHARS = 100_000
"""The longest single value any importer accepts, in characters."""

MAX_JSON_DEPTH = 64
"""How deeply a JSON document may nest arrays and objects."""

# C0 controls but tab, LF and CR; DEL; the C1 controls (U+0080-U+009F)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def strip_controls(text: str) -> str:
    """``text`` without C0/C1 control characters (tab, LF and CR are kept).

    Examples
    --------
    >>> strip_controls("Ana\\x00 L\\x1b[31mópez\\tx")
    'Ana L[31mópez\\tx'
    """
    return _CONTROLS.sub("", text)


def read_source_bytes(path: str | Path) -> bytes:
    """A file's bytes, refused when unreadable, larger than :data:`MAX_FILE_BYTES` or empty."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"the file is {size:,} bytes; at most {MAX_FILE_BYTES:,} (MAX_FILE_BYTES) are read",
                source=path,
            )
        data = file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}", source=path) from error
    if len(data) > MAX_FILE_BYTES:  # grown since stat, or a device
        raise InputError(
            f"the file is larger than {MAX_FILE_BYTES:,} bytes (MAX_FILE_BYTES)", source=path
        )
    return data


def decode_source(data: bytes, source: str | Path) -> str:
    """Decode a file's bytes by the rules above, without the BOM and control characters.

    Raises
    ------
    InputError
        If the bytes are not text in the encoding the BOM (or its absence)
        says, naming the line of the first bad byte; or if the text is empty.
    """
    encoding, label, body = "utf-8", "UTF-8", data
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            encoding, label, body = codec, name, data[len(bom) :]
            break
    else:
        sample = data[:4096]
        if sample and sample.count(0) * 4 >= len(sample):
            # valid UTF-8 only by accident: dropping its NULs would hide the problem
            raise InputError(
                "the file looks like UTF-16 or UTF-32 without a byte-order mark; "
                "save it as UTF-8 (or with a BOM) and retry",
                source=source,
                line=1,
            )
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        line = body[: error.start].decode(encoding, errors="ignore").count("\n") + 1
        if label == "UTF-8":
            hint = (
                f"not UTF-8 text (byte 0x{body[error.start]:02x}); save the file as UTF-8 and retry"
            )
        else:
            hint = f"broken {label} text: {error.reason}"
        raise InputError(hint, source=source, line=line) from error
    if not text.strip():
        raise InputError("the file is empty", source=source)
    return strip_controls(text)


def check_field(
    value: str, *, source: str | Path, line: int | None = None, field: str | None = None
) -> str:
    """``value`` itself, if it is at most :data:`MAX_FIELD_CHARS` long.

    Raises
    ------
    InputError
        Naming the file, line and field, if the value is longer.
    """
    if len(value) > MAX_FIELD_CHARS:
        raise InputError(
            f"a value of {len(value):,} characters; at most {MAX_FIELD_CHARS:,} "
            "(MAX_FIELD_CHARS) fit in one field",
            source=source,
            line=line,
            field=field,
        )
    return value


def load_json(text: str, source: str | Path, *, line: int | None = None) -> Any:
    """Parse one JSON document by the rules above.

    Strings are checked against :data:`MAX_FIELD_CHARS` and lose their control
    characters (a ``\\u0000`` escape included); an object repeating a key, or
    nesting deeper than :data:`MAX_JSON_DEPTH`, is refused.  ``line`` is the
    document's line in its file (JSONL), else errors give the line in ``text``.

    Raises
    ------
    InputError
        Naming the file, the line and, for a bad value, its path such as
        ``people[3].name``.
    """

    def where(error_line: int) -> int:
        return line if line is not None else error_line

    try:
        value = json.loads(text, object_pairs_hook=_no_repeated_keys)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not JSON: {error.msg} at column {error.colno}",
            source=source,
            line=where(error.lineno),
        ) from None
    except _RepeatedKeyError as error:
        raise InputError(
            f"a JSON object repeats the key {error.key!r}",
            source=source,
            line=line,
            field=error.key,
        ) from None
    except RecursionError:
        raise InputError(
            f"JSON nested more than {MAX_JSON_DEPTH} levels deep (MAX_JSON_DEPTH)",
            source=source,
            line=line,
        ) from None
    return _cleaned(value, source, line)


class _RepeatedKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _RepeatedKeyError(key)
        result[key] = value
    return result


def _cleaned(document: Any, source: str | Path, line: int | None) -> Any:
    """The document with its strings checked and cleaned; iterative, depth-bounded."""

    def clean(text: str, path: str) -> str:
        check_field(text, source=source, line=line, field=path or None)
        return strip_controls(text)

    if isinstance(document, str):
        return clean(document, "")
    # (container, its path, its depth); containers are changed in place
    stack: list[tuple[Any, str, int]] = [(document, "", 1)]
    while stack:
        container, path, depth = stack.pop()
        if not isinstance(container, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise InputError(
                f"JSON nested more than {MAX_JSON_DEPTH} levels deep (MAX_JSON_DEPTH)",
                source=source,
                line=line,
                field=path or None,
            )
        items: list[tuple[Any, Any, str]] = (
            [
                (key, value, f"{path}.{key}" if path else str(key))
                for key, value in container.items()
            ]
            if isinstance(container, dict)
            else [(index, value, f"{path}[{index + 1}]") for index, value in enumerate(container)]
        )
        if isinstance(container, dict):
            for key, _, child in items:
                if strip_controls(key) != key:
                    raise InputError(
                        "a JSON key holds control characters", source=source, line=line, field=child
                    )
        for key, value, child in items:
            if isinstance(value, str):
                container[key] = clean(value, child)
            elif isinstance(value, dict | list):
                stack.append((value, child, depth + 1))
    return document
