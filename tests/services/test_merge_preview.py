"""The merge preview says what merge_people then does: checked against the merge itself."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.services.builders import build_rich_network

from salon.db.store import Store
from salon.errors import InputError
from salon.services.accounts import owner_account
from salon.services.duplicates import duplicate_views, merge_people, merge_preview
from salon.services.people import PersonFields, add_person, person_dict


def test_the_preview_shows_what_the_merge_keeps(store: Store) -> None:
    with store.transaction() as session:
        owner = owner_account(session, "me")
        network = build_rich_network(session, owner)
        twin = add_person(
            session,
            owner,
            PersonFields(
                name="Dr. Ana Lopez",
                emails=["ana@hackathon.example"],
                organization="Hospital Clinic de Barcelona",
                role="Innovation Lead",  # differs: kept aside
                discipline="Medicine",
                connected_on=dt.date(2023, 1, 1),
                attributes={"country": "Spain", "city": "Barcelona"},
                tags=["hackathon"],
            ),
        ).id
    ana = network.people["ana"]
    with store.reading() as session:
        owner = owner_account(session, "me")
        preview = merge_preview(session, owner, ana, twin)
        assert any(
            view.people[0][0] == ana and twin in [p[0] for p in view.people]
            for view in duplicate_views(session, owner)
        )
    with store.transaction() as session:
        # as the web page merges: a conflict keeps the kept person's value
        kept = person_dict(
            merge_people(session, owner_account(session, "me"), ana, twin, prefer="keep")
        )
    fields = {field: (value, action) for field, value, _, action in preview.fields}
    assert fields["role"] == ("Head of Innovation", "aside")
    assert fields["discipline"] == ("Medicine", "same")
    assert fields["industry"] == ("Healthcare", "keep")
    for field, (value, _) in fields.items():
        if field in kept:  # person_dict leaves out first and last name
            assert str(kept[field] or "") == value, field
    assert list(preview.emails) == kept["emails"]
    assert dict(preview.attributes) == kept["attributes"]
    assert kept["attributes"]["merged.role"] == "Innovation Lead"
    assert "tag: hackathon" in preview.tags
    assert preview.n_conversations == 0


def test_a_preview_of_a_person_with_themselves_is_refused(store: Store) -> None:
    with store.transaction() as session:
        network = build_rich_network(session, owner_account(session, "me"))
    with store.reading() as session, pytest.raises(InputError, match="with itself"):
        ana = network.people["ana"]
        merge_preview(session, owner_account(session, "me"), ana, ana)
