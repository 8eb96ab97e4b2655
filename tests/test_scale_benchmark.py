"""benchmarks/scale.py's floor computes what the report computes, on a store it builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.benchmark_code import load_benchmark

from salon.db.store import Store
from salon.services.accounts import owner_account
from salon.services.report import build_report


@pytest.mark.parametrize(("contacts", "circle"), [(300, 30), (120, 0)])
def test_the_floor_reads_the_same_ego_network_and_measures(
    tmp_path: Path, contacts: int, circle: int
) -> None:
    scale = load_benchmark("scale")
    url = f"sqlite:///{tmp_path / 'scale.sqlite'}"
    scale.build(url, scale.Shape(600, contacts, 1_500, circle, 200))
    floor = scale.floor_report(url)
    store = Store(url)
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=scale.TODAY)
    store.dispose()
    assert floor["n_contacts"] == report.n_contacts == contacts
    assert floor["n_alter_ties"] == report.structure.n_alter_ties > 0
    assert floor["constraint"] == pytest.approx(report.brokerage.constraint, rel=1e-12)
    assert floor["effective_size"] == pytest.approx(report.brokerage.effective_size, rel=1e-12)
    assert floor["clusters"] == [c.size for c in report.clusters]
    assert floor["dormant"] == [t.person_id for t in report.dormant_ties]
    assert floor["dormant"]  # some close contacts fell silent over a year ago
