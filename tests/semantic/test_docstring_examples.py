"""The examples in salon.semantic's docstrings run and say what they show."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import salon.semantic.embedders
import salon.semantic.index
import salon.semantic.items


@pytest.mark.parametrize(
    "module", [salon.semantic.embedders, salon.semantic.index, salon.semantic.items]
)
def test_docstring_examples_hold(module: ModuleType) -> None:
    result = doctest.testmod(module, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0
