"""JSON written as it is produced: a long list never sits in memory whole.

A list is written one item per line, each item compact::

    [
      {"key":"p1","name":"Ana López"},
      {"key":"p2","name":"Raj Patel"}
    ]

which reads back as the same value and keeps a diff of two exports to the
records that changed.  Items are encoded by orjson (compiled; several times
the standard library's C encoder on the records of an export) and written a
batch at a time; an item orjson refuses (text with a lone surrogate, an
integer beyond 64 bits) falls back to the standard library, so any value
``json`` can write is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

import orjson

__all__ = ["compact_json", "write_json_list"]

# for what orjson refuses: escaped, so that the text is valid UTF-8 and JSON
_ENCODER = json.JSONEncoder(separators=(",", ":"))

# items encoded before each write: few calls, little memory
BATCH = 500


def _encoded(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return _ENCODER.encode(value)


def compact_json(value: Any) -> str:
    r"""``value`` as one line of JSON, non-ASCII text kept as it is.

    Examples
    --------
    >>> compact_json({"name": "Ana López", "tags": ["a", "b"]})
    '{"name":"Ana López","tags":["a","b"]}'
    >>> compact_json({"name": "\udc80"})  # what orjson refuses: written escaped
    '{"name":"\\udc80"}'
    """
    return _encoded(value)


def write_json_list(out: TextIO, items: Iterable[Any], depth: int = 0) -> int:
    """Write ``items`` to ``out`` as a JSON list, one item a line, ``depth`` spaces in; how many.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> write_json_list(out, iter([{"a": 1}, 2]))
    2
    >>> print(out.getvalue())
    [
      {"a":1},
      2
    ]
    >>> json.loads(out.getvalue()) == [{"a": 1}, 2]
    True
    """
    n = 0
    separator = ",\n" + " " * (depth + 2)
    batch: list[bytes] = []
    for item in items:
        try:
            batch.append(orjson.dumps(item))
        except orjson.JSONEncodeError:
            batch.append(_ENCODER.encode(item).encode())
        if len(batch) == BATCH:
            n = _write_batch(out, batch, n, separator)
            batch = []
    n = _write_batch(out, batch, n, separator)
    out.write(f"\n{' ' * depth}]" if n else "[]")
    return n


def _write_batch(out: TextIO, batch: list[bytes], n: int, separator: str) -> int:
    """Write encoded items after ``n`` written ones; how many now."""
    if batch:
        text = separator.encode().join(batch).decode()
        out.write(("," if n else "[") + separator[1:] + text)
    return n + len(batch)
