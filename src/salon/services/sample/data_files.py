"""The sample's texts, kept as data files in ``data/`` beside this module."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def read_sample_data(name: str) -> Any:
    """The JSON document ``data/<name>`` (package data, so installed copies have it too)."""
    text = resources.files("salon.services.sample").joinpath("data", name).read_text("utf-8")
    return json.loads(text)
