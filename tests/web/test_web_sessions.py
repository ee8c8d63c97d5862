"""Sessions against the real app and store: one key for every worker and restart, idle
and absolute limits, and a password change that signs the user's other sessions out."""

from __future__ import annotations

import json
import re
import stat

import pytest
from click.testing import CliRunner

from graphprofile.services import users
from graphprofile.services.audit_log import audit_log
from graphprofile.services.sessions import KEY_FILE, SessionPolicy, secret_key
from graphprofile.services.signin import SignInPolicy
from web import create_app

PASSWORD = "sam-password-1"
NEW_PASSWORD = "sam-new-password-2"
POLICY = SessionPolicy(idle_seconds=3600, max_seconds=4 * 3600)


class Clock:
    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sam(store):
    users.add_user(store, "sam", PASSWORD, "viewer", actor="setup")
    yield store
    store.write_tx(lambda tx: tx.run("MATCH (t:SignInThrottle) DETACH DELETE t").consume())


@pytest.fixture
def no_env_key(monkeypatch, tmp_path):
    """A GRAPHPROFILE_HOME of the test's own and no GRAPHPROFILE_SECRET_KEY."""
    monkeypatch.delenv("GRAPHPROFILE_SECRET_KEY", raising=False)
    monkeypatch.setenv("GRAPHPROFILE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _app(store, clock=None, **config):
    return create_app(store, {"TESTING": True, "CLOCK": clock, "SESSION_POLICY": POLICY,
                              "SIGNIN_POLICY": SignInPolicy(delay_seconds=0), **config})


def _token(client, path="/login"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sign_in(client, password=PASSWORD):
    return client.post("/login", data={"csrf_token": _token(client), "username": "sam",
                                       "password": password})


def _signed_in(client) -> bool:
    status = client.get("/account/password").status_code
    assert status in (200, 302)
    return status == 200


def test_the_key_file_is_made_once_with_mode_0600(tmp_path):
    key = secret_key(tmp_path / "home")
    path = tmp_path / "home" / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) == 64 and secret_key(tmp_path / "home") == key
    assert secret_key(tmp_path / "other") != key
    path.chmod(0o644)  # restored from a backup with loose permissions
    assert secret_key(tmp_path / "home") == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "home").iterdir()] == [KEY_FILE]  # no draft left


def test_a_restart_keeps_the_session(sam, no_env_key):
    first = _app(sam).test_client()
    assert _sign_in(first).status_code == 303 and _signed_in(first)
    cookie = first.get_cookie("session").value
    assert stat.S_IMODE((no_env_key / KEY_FILE).stat().st_mode) == 0o600
    for _restart in range(2):  # a restart, another worker: the same home, the same key
        again = _app(sam).test_client()
        again.set_cookie("session", cookie)
        assert _signed_in(again)
    elsewhere = create_app(sam, {"TESTING": True, "SECRET_KEY": "another-key"}).test_client()
    elsewhere.set_cookie("session", cookie)
    assert not _signed_in(elsewhere)  # the cookie is only good under that key


def test_the_environments_key_wins(sam, no_env_key, monkeypatch):
    monkeypatch.setenv("GRAPHPROFILE_SECRET_KEY", "k" * 40)
    app = _app(sam)
    assert app.secret_key == "k" * 40
    assert not (no_env_key / KEY_FILE).exists()
    client = app.test_client()
    assert _sign_in(client).status_code == 303
    monkeypatch.setenv("GRAPHPROFILE_SECRET_KEY", "m" * 40)
    moved = _app(sam).test_client()
    moved.set_cookie("session", client.get_cookie("session").value)
    assert not _signed_in(moved)


def test_an_idle_session_ends(sam):
    clock = Clock()
    client = _app(sam, clock, SECRET_KEY="idle").test_client()
    assert _sign_in(client).status_code == 303
    for _hour in range(3):  # used within the idle time: it stays
        clock.now += POLICY.idle_seconds - 60
        assert _signed_in(client)
    clock.now += POLICY.idle_seconds
    assert not _signed_in(client)
    assert not _signed_in(client)  # and stays ended when the clock is back in range


def test_a_session_ends_at_its_lifetime_however_busy(sam):
    clock = Clock()
    client = _app(sam, clock, SECRET_KEY="lifetime").test_client()
    assert _sign_in(client).status_code == 303
    while clock.now + 600 < 1_800_000_000.0 + POLICY.max_seconds:
        clock.now += 600
        assert _signed_in(client)
    clock.now = 1_800_000_000.0 + POLICY.max_seconds
    assert not _signed_in(client)
    assert _sign_in(client).status_code == 303 and _signed_in(client)  # a new one starts


def test_a_session_without_timestamps_is_ended(sam):
    app = _app(sam, SECRET_KEY="old")
    client = app.test_client()
    with client.session_transaction() as session:  # as signed in before the limits
        session.update(user="sam", csrf_token="t")
    assert not _signed_in(client)


def test_the_session_limits_from_the_environment():
    assert SessionPolicy.from_env({}) == SessionPolicy(8 * 3600, 7 * 24 * 3600)
    assert SessionPolicy.from_env({"GRAPHPROFILE_SESSION_IDLE_MINUTES": "30",
                                   "GRAPHPROFILE_SESSION_MAX_HOURS": "12"}) == \
        SessionPolicy(1800, 12 * 3600)
    with pytest.raises(Exception, match="GRAPHPROFILE_SESSION_IDLE_MINUTES must be"):
        SessionPolicy.from_env({"GRAPHPROFILE_SESSION_IDLE_MINUTES": "-5"})


def _change(client, current, new, again=None):
    return client.post("/account/password", data={
        "csrf_token": _token(client, "/account/password"), "password": current,
        "new_password": new, "new_password_again": new if again is None else again})


def test_a_password_change_on_the_web_ends_the_other_sessions(sam):
    app = _app(sam, SECRET_KEY="change")
    here, other = app.test_client(), app.test_client()
    assert _sign_in(here).status_code == 303 and _sign_in(other).status_code == 303
    no_csrf = here.post("/account/password", data={
        "password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert no_csrf.status_code == 400 and _signed_in(other)
    done = _change(here, PASSWORD, NEW_PASSWORD)
    assert done.status_code == 303
    assert "password is changed" in here.get(done.headers["Location"]).get_data(as_text=True)
    assert _signed_in(here) and not _signed_in(other)
    assert _sign_in(other).status_code == 401  # the old password is gone
    assert _sign_in(other, NEW_PASSWORD).status_code == 303
    entry = next(e for e in audit_log(sam, target_id="sam") if e["action"] == "change_password")
    assert entry["actor"] == "sam"


def test_a_short_or_wrong_password_change_is_refused(sam):
    client = _app(sam, SECRET_KEY="refuse").test_client()
    assert _sign_in(client).status_code == 303
    short = _change(client, PASSWORD, "eleven-char")
    assert short.status_code == 400
    assert "at least 12 characters" in short.get_data(as_text=True)
    differ = _change(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert differ.status_code == 400 and "differ" in differ.get_data(as_text=True)
    wrong = _change(client, "not-the-password", NEW_PASSWORD)
    assert wrong.status_code == 400 and "not right" in wrong.get_data(as_text=True)
    assert users.authenticate(sam, "sam", PASSWORD) is not None  # nothing changed
    assert _signed_in(client)


def test_guessing_the_current_password_is_throttled(sam):
    client = _app(sam, SECRET_KEY="guess").test_client()
    assert _sign_in(client).status_code == 303
    for attempt in range(5):
        assert _change(client, f"guess-{attempt}", NEW_PASSWORD).status_code == 400
    locked = _change(client, PASSWORD, NEW_PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert users.authenticate(sam, "sam", PASSWORD) is not None


def test_user_passwd_ends_every_session_and_wants_12_characters(sam, cli_env):
    from graphprofile.cli import main

    client = _app(sam, SECRET_KEY="passwd").test_client()
    assert _sign_in(client).status_code == 303 and _signed_in(client)
    runner = CliRunner()
    short = runner.invoke(main, ["user", "passwd", "sam", "--password-stdin"],
                          input="short-pass1\n", env=cli_env)
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    assert _signed_in(client)
    done = runner.invoke(main, ["user", "passwd", "sam", "--password-stdin", "--json"],
                         input=NEW_PASSWORD + "\n", env=cli_env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"username": "sam", "password_changed": True}
    assert not _signed_in(client)
    prompted = runner.invoke(main, ["user", "passwd", "sam"],
                             input=f"{PASSWORD}\n{PASSWORD}\n", env=cli_env)
    assert prompted.exit_code == 0 and PASSWORD not in prompted.output
    assert users.authenticate(sam, "sam", PASSWORD) is not None
    missing = runner.invoke(main, ["user", "passwd", "nobody", "--password-stdin"],
                            input=NEW_PASSWORD + "\n", env=cli_env)
    assert missing.exit_code == 1 and "no user named 'nobody'" in missing.output


def test_new_users_need_12_characters(sam, cli_env):
    from graphprofile.cli import main

    with pytest.raises(Exception, match="at least 12 characters"):
        users.add_user(sam, "shorty", "eleven-char", "viewer", actor="setup")
    result = CliRunner().invoke(main, ["user", "add", "shorty", "--password-stdin"],
                                input="eleven-char\n", env=cli_env)
    assert result.exit_code == 1 and "at least 12 characters" in result.output
    assert users.find_user(sam, "shorty") is None


def test_a_re_added_user_does_not_inherit_old_sessions(sam):
    client = _app(sam, SECRET_KEY="readd").test_client()
    assert _sign_in(client).status_code == 303
    users.remove_user(sam, "sam", actor="setup")
    users.add_user(sam, "sam", PASSWORD, "admin", actor="setup")
    assert not _signed_in(client)
