"""API tokens: the JSON API with a bearer token and its user's role; never a page, a form
or a way around CSRF; only the hash stored; revocation, removal and audit."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from graphprofile.services import tokens, users
from graphprofile.services.audit_log import audit_log
from tests.web.signin_users import ensure_users, role_app

AS_OF = "2026-11-23"
PASSWORDS = {"tok-vera": "viewer-pass-12", "tok-eddie": "editor-pass-12",
             "tok-ada": "admin-pass-123"}
ROLE_OF = {"tok-vera": "viewer", "tok-eddie": "editor", "tok-ada": "admin"}
CIO = "mediva-p-003"


@pytest.fixture(autouse=True)
def _users(demo_store):
    """This module's users on the demo portfolio, again after it was loaded afresh."""
    ensure_users(demo_store, PASSWORDS, ROLE_OF)


@pytest.fixture(scope="module")
def token_app(session_store):
    return role_app(session_store, "token-test")


def _new_token(store, username: str) -> tuple[str, str]:
    """(name, token) of a fresh token of ``username``."""
    name = f"t-{secrets.token_hex(4)}"
    return name, tokens.create_token(store, name, username, actor="setup")["token"]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _csrf(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _signed_in(app, username: str):
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": _csrf(client), "username": username,
                                           "password": PASSWORDS[username]})
    assert response.status_code == 303
    return client


def test_a_token_reads_the_api_with_its_users_role(token_app, demo_store):
    _, viewer = _new_token(demo_store, "tok-vera")
    client = token_app.test_client()
    answer = client.get(f"/api/gaps?company=transvia&as_of={AS_OF}", headers=_bearer(viewer))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    by_session = _signed_in(token_app, "tok-vera").get(f"/api/gaps?company=transvia&as_of={AS_OF}")
    assert answer.get_json() == by_session.get_json()
    assert "Set-Cookie" not in answer.headers  # a token starts no session
    # A viewer's token may not write, CSRF or not.
    refused = client.post("/api/confirmations", headers=_bearer(viewer),
                          json={"person": CIO, "field": "kpis", "by": "c-grace"})
    assert refused.status_code == 403
    assert refused.is_json


@pytest.mark.usefixtures("fresh_demo_store")
def test_an_editors_token_writes_through_the_api_without_csrf_and_it_is_audited(
        token_app, demo_store):
    name, editor = _new_token(demo_store, "tok-eddie")
    client = token_app.test_client()
    done = client.post("/api/confirmations", headers=_bearer(editor),
                       json={"person": CIO, "field": "kpis", "by": "c-grace",
                             "date": "2026-11-20"})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["confirmed_by"] == ["support"]
    entry = next(e for e in audit_log(demo_store, target_id="/api/confirmations")
                 if e["action"] == "confirm_json")
    assert (entry["actor"], entry["detail"]) == ("tok-eddie", f"api token {name}")
    assert audit_log(demo_store, target_id=CIO)[0]["actor"] == "tok-eddie"
    # An admin endpoint stays closed to an editor's token.
    assert client.post("/api/import", headers=_bearer(editor)).status_code == 403


def test_revoked_unknown_and_malformed_tokens_get_401_json(token_app, demo_store):
    name, viewer = _new_token(demo_store, "tok-vera")
    client = token_app.test_client()
    assert client.get("/api/gaps?company=transvia", headers=_bearer(viewer)).status_code == 200
    tokens.revoke_token(demo_store, name, actor="setup")
    for header in (f"Bearer {viewer}", f"Bearer {tokens.PREFIX}{secrets.token_urlsafe(32)}",
                   "Bearer not-a-token", "Bearer ", f"bearer {viewer}"):
        answer = client.get("/api/gaps?company=transvia", headers={"Authorization": header})
        assert answer.status_code == 401, header
        assert answer.is_json and "token" in answer.get_json()["error"]
        assert "Bearer" in answer.headers["WWW-Authenticate"]


@pytest.mark.usefixtures("fresh_demo_store")
def test_a_removed_users_tokens_stop_working_and_a_new_namesake_gets_none(
        token_app, demo_store):
    users.add_user(demo_store, "tok-temp", "temp-pass-1234", "editor", actor="setup")
    _, temp = _new_token(demo_store, "tok-temp")
    client = token_app.test_client()
    assert client.get("/api/gaps?company=transvia", headers=_bearer(temp)).status_code == 200
    users.remove_user(demo_store, "tok-temp", actor="setup")
    assert client.get("/api/gaps?company=transvia", headers=_bearer(temp)).status_code == 401
    users.add_user(demo_store, "tok-temp", "temp-pass-1234", "viewer", actor="setup")
    assert client.get("/api/gaps?company=transvia", headers=_bearer(temp)).status_code == 401
    listed = {t["user"]: t for t in tokens.list_tokens(demo_store)}
    assert listed["tok-temp"]["active"] is False


@pytest.mark.usefixtures("fresh_demo_store")
def test_a_token_never_signs_in_to_pages_or_posts_a_form(token_app, demo_store):
    _, admin = _new_token(demo_store, "tok-ada")
    client = token_app.test_client()
    for path in ("/", f"/people/{CIO}", "/admin/audit"):
        page = client.get(path, headers=_bearer(admin))
        assert page.status_code == 302 and "/login" in page.headers["Location"], path
    before = len(audit_log(demo_store, target_id=CIO))
    form = client.post(f"/people/{CIO}/confirm", headers=_bearer(admin),
                       data={"field": "kpis", "source": "support"})
    assert form.status_code == 302 and "/login" in form.headers["Location"]
    assert len(audit_log(demo_store, target_id=CIO)) == before  # nothing was written
    assert client.get("/").status_code == 302  # and nobody is signed in afterwards


@pytest.mark.usefixtures("fresh_demo_store")
def test_a_session_cookie_still_needs_its_csrf_token_beside_a_token(token_app, demo_store):
    _, editor = _new_token(demo_store, "tok-eddie")
    client = _signed_in(token_app, "tok-eddie")
    body = {"person": CIO, "field": "kpis", "by": "c-grace"}
    both = client.post("/api/confirmations", headers=_bearer(editor), json=body)
    assert both.status_code == 400 and "CSRF" in both.get_json()["error"]
    cookie_only = client.post("/api/confirmations", json=body)
    assert cookie_only.status_code == 400 and "CSRF" in cookie_only.get_json()["error"]


@pytest.mark.usefixtures("fresh_demo_store")
def test_token_reads_are_audited_once_a_day(token_app, demo_store):
    name, viewer = _new_token(demo_store, "tok-vera")
    client = token_app.test_client()
    for _ in range(3):
        assert client.get("/api/gaps?company=transvia",
                          headers=_bearer(viewer)).status_code == 200
    uses = [e for e in audit_log(demo_store, target_id=name) if e["action"] == "use_token"]
    today = datetime.now(UTC).date().isoformat()
    assert [(e["actor"], e["detail"]) for e in uses] == [("tok-vera", f"first use on {today}")]
    listed = next(t for t in tokens.list_tokens(demo_store) if t["name"] == name)
    assert listed["last_used"] == today


@pytest.mark.usefixtures("fresh_demo_store")
def test_token_commands_show_the_token_once_and_store_only_its_hash(cli_env, demo_store):
    from graphprofile.cli import main

    runner = CliRunner()
    name = f"cli-{secrets.token_hex(4)}"
    created = runner.invoke(main, ["token", "create", name, "--user", "tok-eddie", "--json"],
                            env=cli_env)
    assert created.exit_code == 0, created.output
    token = json.loads(created.output)["token"]
    assert token.startswith("gp_") and len(token) >= 40
    stored = demo_store.read_tx(lambda tx: tx.run(
        "MATCH (t:ApiToken {name: $name}) RETURN properties(t) AS props",
        name=name).single()["props"])
    assert token not in json.dumps(stored, default=str)
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert tokens.authenticate_token(demo_store, token)["role"] == "editor"

    for args in (["token", "list", "--json"], ["token", "list"]):
        listed = runner.invoke(main, args, env=cli_env)
        assert listed.exit_code == 0 and name in listed.output
        assert token not in listed.output and stored["token_hash"] not in listed.output
    row = next(t for t in json.loads(runner.invoke(main, ["token", "list", "--json"],
                                                   env=cli_env).output) if t["name"] == name)
    assert set(row) == {"name", "user", "created", "last_used", "active"}

    again = runner.invoke(main, ["token", "create", name, "--user", "tok-eddie"], env=cli_env)
    assert again.exit_code == 1 and "already exists" in again.output
    nobody = runner.invoke(main, ["token", "create", "x-1", "--user", "nobody"], env=cli_env)
    assert nobody.exit_code == 1
    assert runner.invoke(main, ["token", "revoke", name], env=cli_env).exit_code == 0
    assert runner.invoke(main, ["token", "revoke", name], env=cli_env).exit_code == 1
    assert tokens.authenticate_token(demo_store, token) is None
    actions = [e["action"] for e in audit_log(demo_store, target_id=name)]
    assert "create_token" in actions and "revoke_token" in actions
