"""Sensitive personal fields: editors and admins see them; a viewer's pages and API
answers (a session or a token) hold none of their values, and the person page says so."""

from __future__ import annotations

import re
import secrets

import pytest

from graphprofile.services import interviews, tokens
from tests.web.signin_users import ensure_users, role_app

AS_OF = "2026-11-23"
PASSWORDS = {"sens-vera": "viewer-pass-12", "sens-eddie": "editor-pass-12"}
ROLE_OF = {"sens-vera": "viewer", "sens-eddie": "editor"}
# Ingrid Solberg of the demo: every personal field recorded (fixtures/demo/people.csv).
PERSON = "transvia-p-002"
PERSONAL = {"hobbies": "marathon running", "situation": "holds veto on capex above EUR 250k",
            "personality": "amiable", "age_band": "40-49"}
KPIS = "cost-to-income ratio;close time"


@pytest.fixture(autouse=True)
def _users(demo_store):
    ensure_users(demo_store, PASSWORDS, ROLE_OF)


@pytest.fixture(scope="module")
def sens_app(session_store):
    return role_app(session_store, "sensitive-test")


def _signed_in(app, username: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"csrf_token": csrf, "username": username,
                                       "password": PASSWORDS[username]}).status_code == 303
    return client


def _shown(text: str) -> set[str]:
    """Which of the person's personal values ``text`` holds (as a whole cell or value)."""
    return {field for field, value in PERSONAL.items()
            if re.search(rf"(>|\"){re.escape(value)}(<|\")", text)}


def _pages(client) -> dict[str, str]:
    paths = {"page": f"/people/{PERSON}", "panel": f"/people/{PERSON}?partial=1",
             "interview": f"/people/{PERSON}/interview", "account": "/accounts/transvia",
             "sources": f"/api/sources?person={PERSON}",
             "answers": f"/api/interview/answers?person={PERSON}"}
    out = {}
    for key, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        out[key] = response.get_data(as_text=True)
    return out


@pytest.mark.usefixtures("fresh_demo_store")
def test_a_viewer_sees_no_sensitive_value_and_an_editor_sees_them(sens_app, demo_store):
    # An inferred hobby recorded through the interview bank, so its answer is listed too.
    interviews.record_answer(demo_store, "person", PERSON, "dm-hobbies", "marathon running",
                             source="interview", on=AS_OF, by=None, actor="setup")
    editor = _pages(_signed_in(sens_app, "sens-eddie"))
    assert _shown(editor["page"]) == set(PERSONAL)
    assert _shown(editor["sources"]) == set(PERSONAL)
    assert "hobbies" in editor["answers"]
    assert "are hidden" not in editor["page"]

    viewer = _pages(_signed_in(sens_app, "sens-vera"))
    for key, text in viewer.items():
        assert _shown(text) == set(), key
        assert "marathon running" not in text and "veto on capex" not in text, key
    assert "Ingrid Solberg" in viewer["page"]  # the rest of the profile is there
    assert KPIS in viewer["page"]
    assert re.search(r"personal fields[^<]*are hidden", viewer["page"], re.I)
    assert '"hobbies"' not in viewer["answers"] and '"hobbies"' not in viewer["sources"]


def test_a_viewers_token_gets_no_sensitive_value(sens_app, demo_store):
    name = f"sens-{secrets.token_hex(4)}"
    token = tokens.create_token(demo_store, name, "sens-vera", actor="setup")["token"]
    client = sens_app.test_client()
    answer = client.get(f"/api/sources?person={PERSON}",
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    fields = {f["field"] for f in answer.get_json()["fields"]}
    assert "kpis" in fields and not fields & set(PERSONAL)
    tokens.revoke_token(demo_store, name, actor="setup")


def test_a_configured_field_is_hidden_too(sens_app, monkeypatch):
    monkeypatch.setenv("GRAPHPROFILE_SENSITIVE_FIELDS", "kpis, years_experience")
    viewer = _signed_in(sens_app, "sens-vera")
    page = viewer.get(f"/people/{PERSON}").get_data(as_text=True)
    assert KPIS not in page and "Kpis" not in page
    sources = viewer.get(f"/api/sources?person={PERSON}").get_json()
    assert not {"kpis", "years_experience"} & {f["field"] for f in sources["fields"]}
    editor = _signed_in(sens_app, "sens-eddie")
    assert KPIS in editor.get(f"/people/{PERSON}").get_data(as_text=True)
