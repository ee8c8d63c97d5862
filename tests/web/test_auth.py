"""Access control: sign-in, roles per endpoint over every route, admin screens, headers."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from flask import url_for

from graphprofile.services import users
from graphprofile.services.audit_log import audit_log, record_audit
from tests.web.signin_users import ensure_users, role_app
from web import create_app
from web.auth import FAILED, PUBLIC, required_role

AS_OF = "2026-11-23"
PASSWORDS = {"vera": "viewer-pass-1", "eddie": "editor-pass-1", "ada": "admin-pass-1"}
ROLE_OF = {"vera": "viewer", "eddie": "editor", "ada": "admin"}


@pytest.fixture(autouse=True)
def _users(demo_store):
    """The three users on the demo portfolio, again after it was loaded afresh."""
    ensure_users(demo_store, PASSWORDS, ROLE_OF)


@pytest.fixture(scope="module")
def auth_app(session_store):
    return role_app(session_store, "auth-test")


def _token(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _login(client, username: str, password: str | None = None, next_url: str | None = None):
    data = {"csrf_token": _token(client), "username": username,
            "password": PASSWORDS[username] if password is None else password}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/login", data=data)


def _signed_in(auth_app, username: str):
    client = auth_app.test_client()
    assert _login(client, username).status_code == 303
    return client


def _open(client, url: str, method: str, token: str):
    """Status and body of one request, the response closed (static files hold a handle);
    a binary body (an Excel download) is read as text with its odd bytes replaced."""
    response = client.open(url, method=method, data={"csrf_token": token})
    try:
        return (response.status_code, response.headers,
                response.get_data().decode("utf-8", "replace"))
    finally:
        response.close()


def _routes(app):
    """(endpoint, method, url) for every rule and method, ids that exist nowhere."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            values = {arg: "nobody" for arg in rule.arguments}
            if rule.endpoint == "static":
                values = {"filename": "app.css"}
            url = url_for(rule.endpoint, **values)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, url))
    return found


def test_every_route_is_gated_for_an_anonymous_client(auth_app):
    client = auth_app.test_client()
    token = _token(client)  # a valid token: the gate alone must refuse
    checked = 0
    for endpoint, method, url in _routes(auth_app):
        if endpoint in PUBLIC:
            continue
        status, headers, body = _open(client, url, method, token)
        where = f"{method} {url}"
        if url.startswith("/api/"):
            assert status == 401, where
            assert json.loads(body) == {"error": "sign in first"}, where
        else:
            assert status == 302, where
            assert urlsplit(headers["Location"]).path == "/login", where
        checked += 1
    assert checked >= 25
    # unknown pages and methods tell an anonymous client nothing either
    assert client.get("/no/such/page").status_code == 302
    assert _open(client, "/static/app.css", "GET", token)[0] == 200


def test_public_endpoints_are_only_static_signing_in_and_out_and_the_language():
    assert PUBLIC == {"static", "auth.login", "auth.logout", "i18n.choose"}


def test_a_viewer_reads_but_cannot_post_to_any_write_endpoint(auth_app):
    client = _signed_in(auth_app, "vera")
    token = _token(client, "/")
    writes = [(e, m, u) for e, m, u in _routes(auth_app)
              if m != "GET" and e not in PUBLIC and required_role(e, m) != "viewer"]
    assert {e for e, m, _ in _routes(auth_app)
            if m != "GET" and required_role(e, m) == "viewer"} == {"account.change_password"}
    assert len(writes) >= 10
    for _endpoint, method, url in writes:
        assert _open(client, url, method, token)[0] == 403, f"{method} {url}"
    for path in ("/", "/gaps", "/cross-sell", "/accounts/mediva", "/people/mediva-p-005",
                 "/api/gaps"):
        assert client.get(path).status_code == 200, path
    assert client.get("/people/mediva-p-005/edit").status_code == 403
    page = client.get("/people/mediva-p-005").get_data(as_text=True)
    assert 'id="edit-person"' not in page and 'id="erase-person"' not in page


def test_an_editor_edits_but_cannot_reach_admin_endpoints(auth_app):
    client = _signed_in(auth_app, "eddie")
    token = _token(client, "/")
    routes = _routes(auth_app)
    admin_only = [(e, m, u) for e, m, u in routes if required_role(e, m) == "admin"]
    assert {e for e, _, _ in admin_only} >= {"imports.upload", "admin.audit", "admin.erase",
                                             "admin.add_user", "admin.audit_csv"}
    for _endpoint, method, url in admin_only:
        status, _headers, body = _open(client, url, method, token)
        assert status == 403, f"{method} {url}"
        if method == "GET":
            assert "have access" in body  # the friendly page
    for endpoint, method, url in routes:
        if endpoint not in PUBLIC and required_role(endpoint, method) == "editor":
            status = _open(client, url, method, token)[0]
            assert status not in (302, 401, 403), f"{method} {url}"


def test_an_admin_reaches_every_endpoint(auth_app):
    client = _signed_in(auth_app, "ada")
    token = _token(client, "/")
    for endpoint, method, url in _routes(auth_app):
        if endpoint in PUBLIC and endpoint != "static":
            continue
        status, headers, _body = _open(client, url, method, token)
        assert status not in (401, 403), f"{method} {url}"
        assert "/login" not in headers.get("Location", ""), f"{method} {url}"
    assert client.get("/import").status_code == 200
    assert client.get("/admin/users").status_code == 200


def test_password_hash_round_trip_and_wrong_password():
    encoded = users.hash_password("s3cret-enough")
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert users.verify_password("s3cret-enough", encoded)
    assert not users.verify_password("s3cret-enougH", encoded)
    assert not users.verify_password("s3cret-enough", "garbage")
    assert users.hash_password("s3cret-enough") != encoded  # a fresh salt every time


def test_users_are_stored_with_a_hash_never_the_password(auth_app, demo_store):
    rows = demo_store.read("find_user", username="vera")
    assert rows[0]["role"] == "viewer"
    assert rows[0]["password_hash"].startswith("scrypt$")
    assert PASSWORDS["vera"] not in rows[0]["password_hash"]
    assert users.authenticate(demo_store, "vera", PASSWORDS["vera"])["role"] == "viewer"
    assert users.authenticate(demo_store, "vera", "nope-nope") is None
    assert users.authenticate(demo_store, "nobody", "nope-nope") is None
    with pytest.raises(Exception, match="already exists"):
        users.add_user(demo_store, "vera", "another-pass", "admin", actor="setup")


def test_sign_in_and_out_with_csrf(auth_app):
    client = auth_app.test_client()
    before = _token(client)
    no_token = client.post("/login", data={"username": "ada", "password": PASSWORDS["ada"]})
    assert no_token.status_code == 400
    assert client.get("/").status_code == 302

    for username, password in (("ada", "wrong-password"), ("nobody", "wrong-password")):
        failed = _login(client, "ada", password) if username == "ada" else client.post(
            "/login", data={"csrf_token": before, "username": username, "password": password})
        assert failed.status_code == 401
        assert FAILED in failed.get_data(as_text=True)  # the same words for both

    response = _login(client, "ada", next_url="/gaps")
    assert response.status_code == 303 and response.headers["Location"] == "/gaps"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    after = _token(client, "/")
    assert after != before  # a new session: the pre-login token is gone
    assert "ada (admin)" in client.get("/").get_data(as_text=True)

    assert client.post("/logout").status_code == 400  # no token: still signed in
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": after}).status_code == 303
    assert client.get("/").status_code == 302


def test_secure_cookie_when_asked(auth_app, demo_store, monkeypatch):
    monkeypatch.setenv("GRAPHPROFILE_SECURE_COOKIES", "1")
    app = create_app(demo_store, {"TESTING": True, "SECRET_KEY": "s"})
    client = app.test_client()
    assert "Secure" in _login(client, "vera").headers["Set-Cookie"]


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)", "evil"])
def test_next_never_leaves_the_site(auth_app, target):
    response = _login(auth_app.test_client(), "vera", next_url=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_anonymous_page_comes_back_after_sign_in(auth_app):
    client = auth_app.test_client()
    response = client.get("/accounts/mediva?as_of=2026-11-01")
    location = urlsplit(response.headers["Location"])
    next_url = parse_qs(location.query)["next"][0]
    assert next_url == "/accounts/mediva?as_of=2026-11-01"
    assert f'value="{next_url}"' in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert _login(client, "vera", next_url=next_url).headers["Location"] == next_url


@pytest.mark.usefixtures("fresh_demo_store")
def test_a_removed_user_is_out_at_the_next_request(auth_app, demo_store):
    users.add_user(demo_store, "temp", "temp-pass-123", "viewer", actor="setup")
    PASSWORDS["temp"] = "temp-pass-123"
    client = _signed_in(auth_app, "temp")
    assert client.get("/").status_code == 200
    users.remove_user(demo_store, "temp", actor="setup")
    assert client.get("/").status_code == 302


@pytest.mark.usefixtures("fresh_demo_store")
def test_audit_csv_neutralises_formulas(auth_app, demo_store):
    record_audit(demo_store, actor="@mallory", action="import", target_kind="bundle",
                 target_id="+1-555", detail="=cmd|' /C calc'!A0")
    client = _signed_in(auth_app, "ada")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "=cmd|&#39; /C calc&#39;!A0" in page
    response = client.get("/admin/audit.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    entry = next(r for r in rows if r["actor"] == "'@mallory")
    assert entry["detail"] == "'=cmd|' /C calc'!A0"
    assert entry["target_id"] == "'+1-555"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


@pytest.mark.usefixtures("fresh_demo_store")
def test_admin_erases_a_person_after_confirming_and_it_is_audited(auth_app, demo_store):
    client = _signed_in(auth_app, "ada")
    person = "hartwell-p-002"
    assert 'id="erase-person"' in client.get(f"/people/{person}").get_data(as_text=True)
    confirm = client.get(f"/admin/people/{person}/erase")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.get_data(as_text=True)
    token = _token(client, f"/admin/people/{person}/erase")
    refused = client.post(f"/admin/people/{person}/erase", data={"csrf_token": token})
    assert refused.status_code == 400
    assert demo_store.read("person_record", person_id=person)[0]["props"]["name"] != "(erased)"
    done = client.post(f"/admin/people/{person}/erase",
                       data={"csrf_token": token, "confirm": person})
    assert done.status_code == 303
    assert demo_store.read("person_record", person_id=person)[0]["props"]["name"] == "(erased)"
    entry = audit_log(demo_store, target_id=person)[0]
    assert (entry["actor"], entry["action"]) == ("ada", "erase")


@pytest.mark.usefixtures("fresh_demo_store")
def test_web_edits_are_audited_with_the_signed_in_user(auth_app, demo_store):
    client = _signed_in(auth_app, "eddie")
    token = _token(client, "/accounts/mediva/people/new")
    response = client.post("/accounts/mediva/people",
                           data={"csrf_token": token, "name": "Audited Person"})
    assert response.status_code == 303
    person_id = response.headers["Location"].rsplit("/", 1)[1].split("?")[0]
    entry = audit_log(demo_store, target_id=person_id)[0]
    assert (entry["actor"], entry["action"], entry["target_kind"]) == ("eddie", "create",
                                                                       "person")


@pytest.mark.usefixtures("fresh_demo_store")
def test_admin_manages_users_on_the_web(auth_app, demo_store):
    client = _signed_in(auth_app, "ada")
    token = _token(client, "/admin/users")
    short = client.post("/admin/users", data={"csrf_token": token, "username": "newbie",
                                               "password": "short", "role": "editor"})
    assert short.status_code == 400
    added = client.post("/admin/users", data={"csrf_token": token, "username": "newbie",
                                               "password": "long-enough-1", "role": "editor"})
    assert added.status_code == 303
    assert users.find_user(demo_store, "newbie")["role"] == "editor"
    assert client.post("/admin/users/newbie/remove",
                       data={"csrf_token": token}).status_code == 303
    assert users.find_user(demo_store, "newbie") is None
    assert client.post("/admin/users/ada/remove", data={"csrf_token": token}).status_code == 400


def test_security_headers_on_every_response(auth_app):
    client = auth_app.test_client()
    for path in ("/login", "/", "/api/gaps", "/static/app.css"):
        headers = _open(client, path, "GET", "")[1]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert not auth_app.debug


def test_create_app_requires_sign_in_by_default(demo_store):
    client = create_app(demo_store, {"SECRET_KEY": "default"}).test_client()
    assert client.get("/").status_code == 302
    assert client.get("/api/gaps").status_code == 401
    single = create_app(demo_store, {"SECRET_KEY": "one", "SINGLE_USER": True}).test_client()
    assert single.get("/").status_code == 200


def test_serve_requires_sign_in_unless_single_user(auth_app, demo_store, cli_env,
                                                   monkeypatch):
    import werkzeug.serving

    from graphprofile.cli import main

    served = []
    monkeypatch.setattr(werkzeug.serving, "run_simple",
                        lambda host, port, app, **kw: served.append(app))
    for args, status in ((["serve", "--dev"], 302), (["serve", "--dev", "--single-user"], 200)):
        result = CliRunner().invoke(main, args, env=cli_env)
        assert result.exit_code == 0, result.output
        app = served[-1]
        app.config["DEFAULT_AS_OF"] = AS_OF
        app.extensions["graphprofile.store"] = demo_store  # the CLI closed its own on exit
        assert app.test_client().get("/").status_code == status, args


@pytest.mark.usefixtures("fresh_demo_store")
def test_user_commands(auth_app, cli_env, demo_store):
    from graphprofile.cli import main

    runner = CliRunner()
    added = runner.invoke(main, ["user", "add", "cli-user", "--role", "editor",
                                 "--password-stdin", "--json"],
                          input="cli-pass-123\n", env=cli_env)
    assert added.exit_code == 0, added.output
    assert users.authenticate(demo_store, "cli-user", "cli-pass-123")["role"] == "editor"
    again = runner.invoke(main, ["user", "add", "cli-user", "--password-stdin"],
                          input="cli-pass-123\n", env=cli_env)
    assert again.exit_code == 1 and "already exists" in again.output
    prompted = runner.invoke(main, ["user", "add", "cli-user-2"],
                             input="cli-pass-456\ncli-pass-456\n", env=cli_env)
    assert prompted.exit_code == 0, prompted.output
    assert "cli-pass-456" not in prompted.output
    listed = runner.invoke(main, ["user", "list", "--json"], env=cli_env)
    names = {u["username"]: u["role"] for u in json.loads(listed.output)}
    assert names["cli-user"] == "editor" and names["cli-user-2"] == "viewer"
    assert "password_hash" not in listed.output
    assert runner.invoke(main, ["user", "remove", "cli-user"], env=cli_env).exit_code == 0
    assert runner.invoke(main, ["user", "remove", "cli-user"], env=cli_env).exit_code == 1
    runner.invoke(main, ["user", "remove", "cli-user-2"], env=cli_env)
