"""JSON written as it is produced: a long list never sits in memory whole.

The text is exactly what ``json.dumps(..., ensure_ascii=False, indent=2)``
writes for the same value, so a streamed file and a built one are
interchangeable byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

__all__ = ["indented_json", "write_json_list"]


def indented_json(value: Any, depth: int = 0) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``depth`` spaces in.

    Examples
    --------
    >>> print(indented_json({"a": [1]}, 2))
    {
        "a": [
          1
        ]
      }
    """
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * depth)  # JSON strings hold no raw line breaks


def write_json_list(out: TextIO, items: Iterable[Any], depth: int = 0) -> int:
    """Write ``items`` to ``out`` as an indented JSON list ``depth`` spaces in; how many.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> write_json_list(out, iter([{"a": 1}, 2]))
    2
    >>> out.getvalue() == json.dumps([{"a": 1}, 2], indent=2)
    True
    """
    n = 0
    inner = depth + 2
    for item in items:
        out.write(f"{',' if n else '['}\n{' ' * inner}{indented_json(item, inner)}")
        n += 1
    out.write(f"\n{' ' * depth}]" if n else "[]")
    return n
