"""Diversity indices against hand-computed values, invariants, and a real attributed network."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.analytics import networks

from salon.analytics import diversity as d
from salon.errors import InputError

# Five contacts: three in tech, one in health, one unknown.
INDUSTRY = ["tech", "tech", "health", None, "tech"]


def test_blau_and_iqv_match_hand_computation() -> None:
    # known: tech 3/4, health 1/4 -> B = 1 - (9/16 + 1/16) = 6/16
    assert d.blau_index(INDUSTRY) == pytest.approx(0.375)
    # K = 2 observed: IQV = 0.375 / (1 - 1/2)
    assert d.iqv(INDUSTRY) == pytest.approx(0.75)
    # with five possible industries: 0.375 / (4/5)
    assert d.iqv(INDUSTRY, n_categories=5) == pytest.approx(0.46875)


def test_shannon_and_evenness_match_hand_computation() -> None:
    h = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    assert d.shannon_entropy(INDUSTRY) == pytest.approx(h)
    assert d.evenness(INDUSTRY) == pytest.approx(h / math.log(2))
    assert d.evenness(INDUSTRY, n_categories=4) == pytest.approx(h / math.log(4))


def test_coverage_counts_empty_sets_and_none_as_unknown() -> None:
    assert d.coverage(INDUSTRY) == pytest.approx(0.8)
    assert d.coverage([None, set(), {"x"}, "y"]) == pytest.approx(0.5)
    assert math.isnan(d.coverage([]))


def test_tie_weights_weight_each_person() -> None:
    # tech contacts weigh 1 each (3), health weighs 3: shares 1/2, 1/2 -> B = 1/2
    assert d.blau_index(INDUSTRY, weights=[1, 1, 3, 9, 1]) == pytest.approx(0.5)


def test_multi_valued_people_split_their_weight_over_their_values() -> None:
    tags = [{"ai", "health"}, "ai", ("ai", "ai"), None]
    # ai: 0.5 + 1 + 1 = 2.5, health 0.5 -> p = 5/6, 1/6
    assert d.category_shares(tags) == {"ai": 2.5, "health": 0.5}
    assert d.blau_index(tags) == pytest.approx(1 - (25 + 1) / 36)


def test_undefined_values_are_nan() -> None:
    assert math.isnan(d.blau_index([None, None]))
    assert math.isnan(d.iqv(["a", "a"]))  # one category: no variation possible
    assert math.isnan(d.evenness(["a"]))
    assert d.blau_index(["a", "a"]) == 0.0
    assert d.shannon_entropy(["a"]) == 0.0


def test_ei_index_matches_krackhardt_stern_definition() -> None:
    # ego in tech: I = 3, E = 1 -> (1 - 3) / 4
    assert d.ei_index("tech", INDUSTRY) == pytest.approx(-0.5)
    assert d.ei_index("law", INDUSTRY) == pytest.approx(1.0)
    # a contact with {tech, law} is half inside
    assert d.ei_index("tech", [{"tech", "law"}]) == pytest.approx(0.0)
    assert math.isnan(d.ei_index(None, INDUSTRY))
    assert math.isnan(d.ei_index("tech", [None]))


def test_perspective_spread_is_the_mean_blau_over_known_attributes() -> None:
    attributes = {
        "industry": INDUSTRY,
        "discipline": ["eng", "design", "eng", "design", None],
        "country": [None] * 5,
    }
    expected = (0.375 + 0.5) / 2
    assert d.perspective_spread(attributes) == pytest.approx(expected)
    weighted = d.perspective_spread(attributes, attribute_weights={"industry": 3})
    assert weighted == pytest.approx((3 * 0.375 + 0.5) / 4)
    assert math.isnan(d.perspective_spread({"country": [None, None]}))


def test_attribute_diversity_collects_every_index() -> None:
    result = d.attribute_diversity("industry", INDUSTRY)
    assert result.n_people == 5
    assert result.n_known == 4
    assert result.n_categories == 2
    assert list(result.counts) == ["tech", "health"]
    assert result.blau == pytest.approx(d.blau_index(INDUSTRY))
    assert result.iqv == pytest.approx(0.75)


def test_bad_inputs_are_rejected_quoting_the_value() -> None:
    with pytest.raises(InputError, match=r"-1\.0"):
        d.blau_index(["a", "b"], weights=[1, -1])
    with pytest.raises(InputError, match="one entry per person"):
        d.blau_index(["a", "b"], weights=[1])
    with pytest.raises(InputError, match="got 1"):
        d.iqv(["a", "b"], n_categories=1)
    with pytest.raises(InputError, match="lengths"):
        d.perspective_spread({"a": ["x"], "b": ["x", "y"]})


categories = st.lists(st.one_of(st.none(), st.sampled_from("abcdef")), min_size=1, max_size=40)


@given(categories)
def test_indices_stay_in_their_ranges(values: list[str | None]) -> None:
    known = [v for v in values if v is not None]
    b, q, e = d.blau_index(values), d.iqv(values), d.evenness(values)
    if not known:
        assert math.isnan(b)
        return
    K = len(set(known))
    assert 0.0 <= b <= 1 - 1 / K + 1e-12
    if K > 1:
        assert 0.0 <= q <= 1 + 1e-12
        assert 0.0 <= e <= 1 + 1e-12
    assert -1.0 <= d.ei_index(known[0], values) <= 1.0


@given(categories, st.permutations(list(range(40))))
def test_indices_do_not_depend_on_order(values: list[str | None], order: list[int]) -> None:
    shuffled = [values[i] for i in order if i < len(values)]
    for index in (d.blau_index, d.shannon_entropy, d.coverage):
        a, b = index(values), index(shuffled)
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)


def test_blau_matches_numpy_on_lazega_offices_and_practices(shared_data: Path) -> None:
    attributes = networks.lazega_attributes(shared_data)
    for column in (3, 6, 7):  # office, practice, law school
        values = attributes[:, column].tolist()
        _, counts = np.unique(attributes[:, column], return_counts=True)
        p = counts / counts.sum()
        assert d.blau_index(values) == pytest.approx(1 - np.sum(p**2))
        assert d.shannon_entropy(values) == pytest.approx(-np.sum(p * np.log(p)))


def test_reed_dorm_diversity_treats_zero_codes_as_unknown(shared_data: Path) -> None:
    _, info = networks.facebook100(shared_data, "Reed98")
    dorm = [int(v) or None for v in info[:, 4]]
    result = d.attribute_diversity("dorm", dorm)
    assert result.coverage == pytest.approx(np.mean(info[:, 4] != 0))
    _, counts = np.unique(info[:, 4][info[:, 4] != 0], return_counts=True)
    p = counts / counts.sum()
    assert result.blau == pytest.approx(1 - np.sum(p**2))
    assert result.n_categories == counts.size
