"""The web page where inferred industries and disciplines are confirmed or corrected."""

from __future__ import annotations

from tests.web.pages import Site, form_token

from salon.services.accounts import owner_account
from salon.services.enrichment import enrich_people
from salon.services.people import PersonFields, add_person, get_person, person_dict
from salon.web.csrf import FIELD


def _inferred(site: Site) -> dict[str, int]:
    with site.store.transaction() as session:
        owner = owner_account(session, "me")
        ids = {
            name: add_person(session, owner, PersonFields(name=name, organization=org)).id
            for name, org in (("Raj Patel", "Northwind Logistics"), ("Lea Berg", "Solar Grid Co"))
        }
        enrich_people(session, owner, person_ids=list(ids.values()), use_model=False)
    return ids


def _industry(site: Site, person_id: int) -> tuple[str | None, bool]:
    with site.store.reading() as session:
        data = person_dict(get_person(session, owner_account(session, "me"), person_id))
    return data["industry"], data["industry_inferred"]


def test_the_page_lists_inferred_values_and_confirms_one(site: Site) -> None:
    ids = _inferred(site)
    html = site.client.get("/people/inferred").text
    assert f'<tr data-person="{ids["Raj Patel"]}" data-field="industry">' in html
    assert "logistics" in html
    token = form_token(site.client, site.network.event_id)
    response = site.client.post(
        "/people/inferred/accept",
        data={"person_id": str(ids["Raj Patel"]), FIELD: token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _industry(site, ids["Raj Patel"]) == ("logistics", False)
    assert _industry(site, ids["Lea Berg"]) == ("energy", True)
    after = site.client.get(response.headers["location"]).text
    assert f'data-person="{ids["Raj Patel"]}"' not in after


def test_a_correction_is_stated_and_a_post_without_token_is_refused(site: Site) -> None:
    ids = _inferred(site)
    refused = site.client.post(
        "/people/inferred/correct",
        data={"person_id": str(ids["Lea Berg"]), "field": "industry", "value": "utilities"},
    )
    assert refused.status_code == 403
    assert _industry(site, ids["Lea Berg"]) == ("energy", True)
    token = form_token(site.client, site.network.event_id)
    response = site.client.post(
        "/people/inferred/correct",
        data={
            "person_id": str(ids["Lea Berg"]),
            "field": "industry",
            "value": "utilities",
            FIELD: token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _industry(site, ids["Lea Berg"]) == ("utilities", False)
