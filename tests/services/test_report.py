"""The report on a small, hand-checked network (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import me, owner_account
from salon.services.enrichment import enrich_people
from salon.services.interactions import InteractionFields, log_interaction
from salon.services.people import PersonFields, add_person
from salon.services.report import build_report
from salon.services.report_plot import plot_report
from salon.services.ties import ensure_tie

TODAY = dt.date(2026, 11, 26)


def _network(store: Store) -> dict[str, int]:
    """Me with a finance trio that all know each other, and two lone bridges."""
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        user.industry = "design"
        people = {}
        for name, industry in (
            ("Ana", "finance"),
            ("Ben", "finance"),
            ("Cai", "finance"),
            ("Dia", "healthcare"),
            ("Eli", None),
        ):
            people[name] = add_person(session, owner, PersonFields(name=name, industry=industry))
            ensure_tie(session, owner, user, people[name], evidence="stated")
        for a, b in (("Ana", "Ben"), ("Ben", "Cai"), ("Ana", "Cai")):
            ensure_tie(session, owner, people[a], people[b], evidence="stated")
        # Dia: strong two years ago, silent since: dormant
        for days, depth in ((700, 5), (690, 4), (680, 4)):
            log_interaction(
                session,
                owner,
                InteractionFields(
                    occurred_on=TODAY - dt.timedelta(days=days),
                    participants=[people["Dia"]],
                    purposes=["learn"],
                    depth=depth,
                    insights=["Hospitals hand over at the bedside"],
                    outcomes=["insight"],
                ),
            )
        log_interaction(
            session,
            owner,
            InteractionFields(
                occurred_on=TODAY - dt.timedelta(days=20),
                participants=[people["Ana"]],
                purposes=["pitch"],
                depth=2,
                outcomes=["lead"],
            ),
        )
        return {name: p.id for name, p in people.items()} | {"me": user.id}


def test_report_sections_on_a_hand_checked_network(store: Store) -> None:
    _network(store)
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=TODAY)
    assert report.n_contacts == 5
    industry = next(row for row in report.diversity if row.attribute == "industry")
    assert industry.n_known == 4
    assert industry.coverage == pytest.approx(0.8)
    assert industry.blau == pytest.approx(1 - (3 / 4) ** 2 - (1 / 4) ** 2)
    assert industry.ei_index == pytest.approx(1.0)  # nobody else in design
    assert report.structure.n_alter_ties == 3
    assert report.structure.n_pairs == 10
    assert report.structure.n_contacts_isolated == 2
    # against networkx on the same network
    G = nx.Graph()
    G.add_edges_from([("me", x) for x in "ABCDE"] + [("A", "B"), ("B", "C"), ("A", "C")])
    assert report.brokerage.constraint == pytest.approx(nx.constraint(G, ["me"])["me"])
    assert report.brokerage.effective_size == pytest.approx(nx.effective_size(G, ["me"])["me"])
    assert [row.name for row in report.dormant_ties] == ["Dia"]
    assert report.dormant_ties[0].last_insight == "Hospitals hand over at the bedside"
    assert {row.name for row in report.bridging_ties} == {"Dia"}  # Eli has no conversation
    assert report.clusters[0].size == 3
    scores = report.orientation_scores()
    assert scores["objective"] == pytest.approx(3 / 4)
    assert scores["outcomes"] == pytest.approx(3 / 4)
    assert report.n_interactions == 4


def test_period_limits_the_conversations(store: Store) -> None:
    _network(store)
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), period="90d", today=TODAY)
    assert report.n_interactions == 1
    assert report.orientation_scores()["objective"] == 0.0
    assert report.orientation_scores()["time_horizon"] == 0.0  # the one conversation pitched
    with store.reading() as session, pytest.raises(InputError, match="unknown period"):
        build_report(session, owner_account(session, "me"), period="3w", today=TODAY)


def test_report_json_has_no_nan_and_the_plot_is_written(store: Store, tmp_path: Path) -> None:
    _network(store)
    with store.reading() as session:
        owner = owner_account(session, "me")
        report = build_report(session, owner, today=TODAY)
        data = report.as_dict()
        path = plot_report(
            session, owner, tmp_path / "map.png", orientation=report.orientation_scores()
        )
    assert data["brokerage"]["constraint"] == pytest.approx(report.brokerage.constraint)
    assert "NaN" not in str(data)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with store.reading() as session, pytest.raises(InputError, match="expected a file ending"):
        plot_report(session, owner_account(session, "me"), tmp_path / "map.bmp")


def test_a_one_contact_network_reads_without_contradiction(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        ana = add_person(session, owner, PersonFields(name="Ana", industry="finance"))
        ensure_tie(session, owner, me(session, owner), ana, evidence="stated")
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=TODAY)
    assert report.structure.reading.startswith("Too few contacts")
    assert "closed circle" not in report.brokerage.reading
    assert report.brokerage.reading.startswith("With 1 contact, brokerage cannot be read yet")


def test_the_diversity_table_says_how_many_values_are_inferred(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        user = me(session, owner)
        for fields in (
            PersonFields(name="Ana", industry="finance"),
            PersonFields(name="Raj", organization="Northwind Logistics"),
            PersonFields(name="Mia", organization="Port of Rotterdam Logistics"),
        ):
            ensure_tie(session, owner, user, add_person(session, owner, fields), evidence="stated")
        enrich_people(session, owner, use_model=False)
    with store.reading() as session:
        report = build_report(session, owner_account(session, "me"), today=TODAY)
    (industry,) = [row for row in report.diversity if row.attribute == "industry"]
    assert (industry.n_known, industry.n_inferred) == (3, 2)
    assert industry.inferred_share == pytest.approx(2 / 3)
    assert report.as_dict()["diversity"][0]["n_inferred"] == 2
