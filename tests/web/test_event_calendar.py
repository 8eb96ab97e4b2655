"""The calendar file and the reminder channels' form (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import icalendar
from tests.web.meetup_site import MeetupSite
from tests.web.pages import page_token

from salon.web.csrf import FIELD


def test_organiser_and_member_download_the_calendar_file_a_stranger_cannot(
    meetup_site: MeetupSite,
) -> None:
    path = f"/events/{meetup_site.event_id}/calendar.ics"
    for client in (meetup_site.organiser, meetup_site.member):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/calendar")
        assert "attachment" in response.headers["content-disposition"]
        (entry,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert entry.decoded("dtstart") == dt.datetime.combine(
            meetup_site.starts_on, dt.time(19, 0)
        )
        assert str(entry["location"]) == "Casa Lume"
    assert meetup_site.stranger.get(path).status_code == 404
    assert meetup_site.organiser.get("/events/999999/calendar.ics").status_code == 404


def test_the_reminders_form_saves_channels_and_refuses_a_bad_url(meetup_site: MeetupSite) -> None:
    site = meetup_site
    path = f"/meetups/{site.community_id}/reminders"
    form = site.organiser.get(path)
    assert form.status_code == 200
    assert 'name="webhook" value=""' in form.text
    token = page_token(site.organiser, path)
    bad = site.organiser.post(path, data={FIELD: token, "webhook": "ftp://x", "ntfy": ""})
    assert bad.status_code == 422
    assert "webhook: expected an http(s) URL" in bad.text
    assert 'value="ftp://x"' in bad.text  # what was typed stays
    saved = site.organiser.post(
        path,
        data={FIELD: token, "webhook": "", "ntfy": "https://ntfy.test/lt", "email": "on"},
        follow_redirects=True,
    )
    assert saved.status_code == 200
    assert 'value="https://ntfy.test/lt"' in saved.text
    assert 'name="email" checked' in saved.text
    assert site.stranger.get(path).status_code == 404
    assert site.member.get(path).status_code == 404  # a member does not run the meetup
