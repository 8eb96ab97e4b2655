"""JSON written as it is produced: a long list never sits in memory whole.

A list is written one item per line, each item compact::

    [
      {"key": "p1", "name": "Ana López"},
      {"key": "p2", "name": "Raj Patel"}
    ]

which reads back as the same value, keeps a diff of two exports to the
records that changed, and lets Python's C encoder write each item (an
indented ``json.dumps`` runs the pure-Python encoder, ten times slower).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

__all__ = ["compact_json", "write_json_list"]

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def compact_json(value: Any) -> str:
    """``value`` as one line of JSON, non-ASCII text kept as it is.

    Examples
    --------
    >>> compact_json({"name": "Ana López", "tags": ["a", "b"]})
    '{"name": "Ana López", "tags": ["a", "b"]}'
    """
    return _ENCODER.encode(value)


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
      {"a": 1},
      2
    ]
    >>> json.loads(out.getvalue()) == [{"a": 1}, 2]
    True
    """
    n = 0
    inner = " " * (depth + 2)
    for item in items:
        out.write(f"{',' if n else '['}\n{inner}{compact_json(item)}")
        n += 1
    out.write(f"\n{' ' * depth}]" if n else "[]")
    return n
