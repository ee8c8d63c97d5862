"""Two editors open the same person's form: the later, stale save is refused (409)."""

from __future__ import annotations

import re

import pytest

from tests.web.test_forms import _new_person, _stored, _token


def _version(page: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', page).group(1)


@pytest.mark.usefixtures("fresh_demo_store")
def test_a_stale_edit_is_refused_with_409_and_the_first_edit_survives(client, demo_store):
    person_id = _new_person(client, title="Analyst")
    first = _version(client.get(f"/people/{person_id}/edit").get_data(as_text=True))
    second = _version(client.get(f"/people/{person_id}/edit").get_data(as_text=True))
    assert first == second

    saved = client.post(f"/people/{person_id}/edit", data={
        "csrf_token": _token(client), "name": "Test Person", "title": "Lead Analyst",
        "version": first})
    assert saved.status_code == 303
    stale = client.post(f"/people/{person_id}/edit", data={
        "csrf_token": _token(client), "name": "Test Person", "title": "Junior Analyst",
        "version": second})
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "changed by someone else" in page
    assert 'value="Junior Analyst"' in page  # the editor's input is kept on screen
    assert _stored(demo_store, person_id)["title"] == "Lead Analyst"

    fresh = _version(page)  # after looking, the editor may save over it knowingly
    again = client.post(f"/people/{person_id}/edit", data={
        "csrf_token": _token(client), "name": "Test Person", "title": "Junior Analyst",
        "version": fresh})
    assert again.status_code == 303
    assert _stored(demo_store, person_id)["title"] == "Junior Analyst"
