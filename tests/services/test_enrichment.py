"""Enrichment on a real store: inferred values are marked, confirmed, corrected, never imposed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from salon.db.models import InferredValue
from salon.db.store import Store
from salon.errors import InputError
from salon.semantic.embedders import model_unavailable_reason
from salon.services.accounts import owner_account
from salon.services.archive import export_archive, import_archive
from salon.services.enrichment import (
    Profile,
    accept_inferred,
    correct_value,
    enrich_people,
    infer_labels,
    label_set,
    model_embedder,
    pending_inferences,
)
from salon.services.people import PersonFields, add_person, apply_fields, get_person, person_dict


def _people(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        for fields in (
            PersonFields(
                name="Raj Patel", organization="Northwind Logistics", role="Fleet planner"
            ),
            PersonFields(name="Grace Kim", organization="St Olav Hospital", role="Staff nurse"),
            # typed by the user: must stay as it is, even though the role says otherwise
            PersonFields(
                name="Ana López", organization="Biolab", role="Lab technician", industry="retail"
            ),
            PersonFields(name="Zed Quux"),  # nothing to read
        ):
            add_person(session, owner, fields)


def test_keywords_infer_industry_and_discipline_marked_as_inferred(store: Store) -> None:
    _people(store)
    with store.transaction() as session:
        result = enrich_people(session, owner_account(session, "me"), use_model=False)
    assert result.method == "keywords"
    assert {(i.name, i.field, i.value) for i in result.inferences} >= {
        ("Raj Patel", "industry", "logistics"),
        ("Grace Kim", "industry", "healthcare"),
        ("Grace Kim", "discipline", "medicine"),
    }
    with store.reading() as session:
        owner = owner_account(session, "me")
        raj = person_dict(get_person(session, owner, "Raj Patel"))
        assert (raj["industry"], raj["industry_inferred"]) == ("logistics", True)
        assert raj["inferred"]["industry"]["method"] == "keywords"
        assert "organization" in raj["inferred"]["industry"]["source"]
        zed = person_dict(get_person(session, owner, "Zed Quux"))
        assert (zed["industry"], zed["industry_inferred"]) == (None, False)


def test_a_typed_value_is_never_overwritten_nor_marked(store: Store) -> None:
    _people(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        enrich_people(session, owner, use_model=False, threshold=0.0)
    with store.reading() as session:
        ana = person_dict(get_person(session, owner_account(session, "me"), "Ana López"))
    assert (ana["industry"], ana["industry_inferred"]) == ("retail", False)


def test_dry_run_and_a_high_threshold_write_nothing(store: Store) -> None:
    _people(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        dry = enrich_people(session, owner, use_model=False, dry_run=True)
        strict = enrich_people(session, owner, use_model=False, threshold=1.0)
    assert dry.inferences
    assert dry.dry_run
    assert strict.inferences == []
    assert strict.n_below_threshold > 0
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(InferredValue)) == 0
        assert get_person(session, owner_account(session, "me"), "Raj Patel").industry is None
    with pytest.raises(InputError, match=r"threshold in \[0, 1\], got 1.5"):
        with store.transaction() as session:
            enrich_people(session, owner_account(session, "me"), threshold=1.5)


def test_accepting_makes_a_value_stated_and_correcting_replaces_it(store: Store) -> None:
    _people(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        enrich_people(session, owner, use_model=False)
        accepted = accept_inferred(session, owner, "Grace Kim")
        assert {(f, v) for _, f, v in accepted} == {
            ("industry", "healthcare"),
            ("discipline", "medicine"),
        }
        correct_value(session, owner, "Raj Patel", "industry", "transport")
    with store.reading() as session:
        owner = owner_account(session, "me")
        grace = person_dict(get_person(session, owner, "Grace Kim"))
        raj = person_dict(get_person(session, owner, "Raj Patel"))
        assert (grace["industry"], grace["industry_inferred"]) == ("healthcare", False)
        assert (raj["industry"], raj["industry_inferred"]) == ("transport", False)
        assert all(p.name not in ("Grace Kim",) for p in pending_inferences(session, owner))
    with store.transaction() as session:
        owner = owner_account(session, "me")
        assert accept_inferred(session, owner)  # everything left
        assert pending_inferences(session, owner) == []
        with pytest.raises(InputError, match="no inferred value"):
            accept_inferred(session, owner, "Grace Kim")
        with pytest.raises(InputError, match="FIELD one of industry, discipline"):
            correct_value(session, owner, "Grace Kim", "country", "NO")


def test_a_stated_value_from_an_import_replaces_an_inferred_one(store: Store) -> None:
    _people(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        enrich_people(session, owner, use_model=False)
        raj = get_person(session, owner, "Raj Patel")
        # an import fills blanks only (overwrite=False): an inferred value counts as blank
        assert apply_fields(session, owner, raj, PersonFields(industry="maritime"), overwrite=False)
    with store.reading() as session:
        raj_data = person_dict(get_person(session, owner_account(session, "me"), "Raj Patel"))
    assert (raj_data["industry"], raj_data["industry_inferred"]) == ("maritime", False)


def test_every_label_has_a_description_and_keywords() -> None:
    for target in ("industry", "discipline"):
        labels = label_set(target)
        assert len({label.name for label in labels}) == len(labels) >= 10
        assert all(label.description and label.keywords for label in labels)


@pytest.mark.skipif(model_unavailable_reason() is not None, reason="sentence model not installed")
def test_the_model_places_roles_no_keyword_names() -> None:
    profiles = [
        Profile(organization="Maersk Line", role="Vessel operations coordinator"),
        Profile(organization="Kaiser Permanente", role="Charge nurse, intensive care unit"),
        Profile(),
    ]
    found = infer_labels(profiles, "industry", embedder=model_embedder())
    assert [value for value, _ in found] == ["logistics", "healthcare", None]


def test_an_archive_round_trip_keeps_values_inferred(store: Store) -> None:
    _people(store)
    with store.transaction() as session:
        owner = owner_account(session, "me")
        enrich_people(session, owner, use_model=False)
        doc = export_archive(session, owner)
    with store.transaction() as session:
        import_archive(session, owner_account(session, "copy"), doc)
    with store.reading() as session:
        raj = person_dict(get_person(session, owner_account(session, "copy"), "Raj Patel"))
        ana = person_dict(get_person(session, owner_account(session, "copy"), "Ana López"))
    assert (raj["industry"], raj["industry_inferred"]) == ("logistics", True)
    assert raj["inferred"]["industry"]["method"] == "keywords"
    assert (ana["industry"], ana["industry_inferred"]) == ("retail", False)
