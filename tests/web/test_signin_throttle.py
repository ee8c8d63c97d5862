"""Sign-in throttling against the real app and store: lockouts shared by every worker."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from graphprofile.services import users
from graphprofile.services.audit_log import audit_log
from graphprofile.services.signin import LOCKED, SignInPolicy
from web import create_app
from web.auth import FAILED

PASSWORD = "tess-password-1"
POLICY = SignInPolicy(delay_seconds=0)  # the defaults, without the waits


class Clock:
    """A clock the test moves by hand (epoch seconds)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def _forget_throttles(store) -> None:
    store.write_tx(lambda tx: tx.run("MATCH (t:SignInThrottle) DETACH DELETE t").consume())


@pytest.fixture
def tess(store):
    """An emptied store with one user, and no throttle state before or after."""
    users.add_user(store, "tess", PASSWORD, "viewer", actor="setup")
    yield store
    _forget_throttles(store)


def _app(store, clock, policy=POLICY, **config):
    return create_app(store, {"TESTING": True, "SECRET_KEY": "throttle-test",
                              "SIGNIN_POLICY": policy, "CLOCK": clock, **config})


def _client(app, address="192.0.2.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address  # the client address the throttle sees
    return client


def _attempt(client, username, password):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"csrf_token": token, "username": username,
                                       "password": password})


def test_the_sixth_wrong_password_locks_out_across_two_workers(tess):
    clock = Clock()
    one, two = _client(_app(tess, clock)), _client(_app(tess, clock))
    for attempt in range(5):  # alternating between the two workers
        response = _attempt((one, two)[attempt % 2], "tess", f"wrong-{attempt}")
        assert response.status_code == 401, attempt
        assert FAILED in response.get_data(as_text=True)
    sixth = _attempt(two, "tess", "wrong-5")
    assert sixth.status_code == 429
    assert 0 < int(sixth.headers["Retry-After"]) <= POLICY.lockout_seconds
    assert LOCKED in sixth.get_data(as_text=True)
    for worker in (one, two):  # the right password is refused on both
        assert _attempt(worker, "tess", PASSWORD).status_code == 429
        assert worker.get("/").status_code == 302  # and nobody is signed in
    clock.now += POLICY.lockout_seconds - 2
    assert _attempt(one, "tess", PASSWORD).status_code == 429
    clock.now += 3  # the lockout is over
    assert _attempt(two, "tess", PASSWORD).status_code == 303


def test_failures_outside_the_window_do_not_add_up(tess):
    clock = Clock()
    client = _client(_app(tess, clock))
    for attempt in range(4):
        assert _attempt(client, "tess", f"wrong-{attempt}").status_code == 401
    clock.now += POLICY.window_seconds + 1
    for attempt in range(4):
        assert _attempt(client, "tess", f"wrong-{attempt}").status_code == 401
    assert _attempt(client, "tess", PASSWORD).status_code == 303


def _normalised(response, username):
    body = response.get_data(as_text=True)
    body = re.sub(r'name="csrf_token" value="[^"]+"', "", body)
    return response.status_code, response.headers.get("Retry-After"), \
        body.replace(f'value="{username}"', "")


def test_an_unknown_user_name_is_answered_exactly_as_a_real_one(tess):
    clock = Clock()
    app = _app(tess, clock)
    answers = {}
    for username, address in (("tess", "192.0.2.10"), ("ghost", "192.0.2.11")):
        client = _client(app, address)
        answers[username] = [_normalised(_attempt(client, username, f"wrong-{n}"), username)
                             for n in range(7)]
    assert answers["tess"] == answers["ghost"]
    assert [status for status, _, _ in answers["ghost"]] == [401] * 5 + [429] * 2


def test_one_address_trying_many_names_is_locked_out(tess):
    clock = Clock()
    policy = SignInPolicy(max_failures_per_address=3, delay_seconds=0)
    app = _app(tess, clock, policy)
    guesser = _client(app, "198.51.100.7")
    for name in ("anna", "bert", "carl"):
        assert _attempt(guesser, name, "password-1").status_code == 401
    refused = _attempt(guesser, "tess", PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # another address is not held up, and the name was never locked
    assert _attempt(_client(app, "198.51.100.8"), "tess", PASSWORD).status_code == 303
    entries = audit_log(tess, target_id="198.51.100.7")
    assert [e["action"] for e in entries] == ["sign_in_locked"]


def test_each_lockout_in_a_row_lasts_twice_as_long(tess):
    clock = Clock()
    client = _client(_app(tess, clock))
    waits = []
    for _round in range(3):
        for attempt in range(5):
            assert _attempt(client, "tess", f"wrong-{attempt}").status_code == 401
        refused = _attempt(client, "tess", PASSWORD)
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock.now += waits[-1] + 1
    assert waits == [POLICY.lockout_seconds, 2 * POLICY.lockout_seconds,
                     4 * POLICY.lockout_seconds]


def test_failed_answers_wait_longer_each_time(tess):
    waited: list[float] = []
    app = _app(tess, Clock(), SignInPolicy(delay_seconds=0.5), SIGNIN_SLEEP=waited.append)
    client = _client(app)
    for attempt in range(5):
        _attempt(client, "tess", f"wrong-{attempt}")
    assert waited == [0.0, 0.5, 1.0, 2.0, 4.0]
    _attempt(client, "tess", PASSWORD)
    assert len(waited) == 5  # a refused attempt and a success are not slowed


def test_failures_and_lockouts_are_audited_and_unlock_lifts_it(tess, cli_env):
    from graphprofile.cli import main

    clock = Clock()
    client = _client(_app(tess, clock), "203.0.113.5")
    for attempt in range(5):
        _attempt(client, "tess", f"wrong-{attempt}")
    assert _attempt(client, "tess", PASSWORD).status_code == 429
    entries = audit_log(tess, target_id="tess")
    actions = [e["action"] for e in entries]
    assert actions.count("sign_in_failed") == 5 and actions.count("sign_in_locked") == 1
    failed = next(e for e in entries if e["action"] == "sign_in_failed")
    assert failed["actor"] == "anonymous" and failed["detail"] == "from 203.0.113.5"
    assert "after 5 failed sign-ins" in next(
        e for e in entries if e["action"] == "sign_in_locked")["detail"]

    result = CliRunner().invoke(main, ["user", "unlock", "tess", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"username": "tess", "was_locked": True,
                                         "addresses": {}}
    assert audit_log(tess, target_id="tess")[0]["action"] == "unlock_sign_in"
    assert _attempt(client, "tess", PASSWORD).status_code == 303  # the clock never moved
    again = CliRunner().invoke(main, ["user", "unlock", "tess"], env=cli_env)
    assert again.exit_code == 0 and "was not locked" in again.output


def test_unlock_lifts_an_address_too(tess, cli_env):
    from graphprofile.cli import main

    app = _app(tess, Clock(), SignInPolicy(max_failures_per_address=2, delay_seconds=0))
    client = _client(app, "203.0.113.9")
    for name in ("anna", "bert"):
        _attempt(client, name, "password-1")
    assert _attempt(client, "tess", PASSWORD).status_code == 429
    result = CliRunner().invoke(main, ["user", "unlock", "tess", "--address", "203.0.113.9",
                                       "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["addresses"] == {"203.0.113.9": True}
    assert _attempt(client, "tess", PASSWORD).status_code == 303


_WORKER = textwrap.dedent("""
    import json, re, sys
    from graphprofile.store import open_store
    from web import create_app

    store = open_store(schema=False)
    client = create_app(store, {"TESTING": True, "SECRET_KEY": "x"}).test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    statuses = []
    for password in sys.argv[1:]:
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"csrf_token": token, "username": "tess",
                                               "password": password})
        statuses.append([response.status_code, response.headers.get("Retry-After")])
    store.close()
    print(json.dumps(statuses))
""")


def test_a_second_process_sees_the_same_lockout(tess, cli_env):
    """A real second worker process, over the same Neo4j, with the settings from the
    environment (GRAPHPROFILE_SIGNIN_*), as `serve` runs it."""
    connection = tess.connection
    env = {**cli_env, "NEO4J_URI": connection.uri, "NEO4J_USER": connection.auth[0],
           "NEO4J_PASSWORD": connection.auth[1], "NEO4J_DATABASE": connection.database,
           "GRAPHPROFILE_SIGNIN_DELAY_SECONDS": "0", "GRAPHPROFILE_SIGNIN_MAX_FAILURES": "5"}

    def worker(*passwords):
        done = subprocess.run([sys.executable, "-c", _WORKER, *passwords], env=env,
                              capture_output=True, text=True, timeout=120,
                              cwd=os.fspath(cli_env["GRAPHPROFILE_HOME"]))
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    here = _client(_app(tess, None), "192.0.2.50")  # the real clock, as the other process
    for attempt in range(3):
        assert _attempt(here, "tess", f"wrong-{attempt}").status_code == 401
    answers = worker("wrong-3", "wrong-4", "wrong-5", PASSWORD)
    assert [status for status, _ in answers] == [401, 401, 429, 429]
    assert int(answers[-1][1]) > 0
    assert _attempt(here, "tess", PASSWORD).status_code == 429


def test_policy_from_the_environment():
    assert SignInPolicy.from_env({}) == SignInPolicy()
    assert (SignInPolicy().max_failures, SignInPolicy().max_failures_per_address,
            SignInPolicy().window_seconds, SignInPolicy().lockout_seconds) == (5, 20, 900, 900)
    policy = SignInPolicy.from_env({"GRAPHPROFILE_SIGNIN_MAX_FAILURES": "3",
                                    "GRAPHPROFILE_SIGNIN_MAX_FAILURES_PER_ADDRESS": "9",
                                    "GRAPHPROFILE_SIGNIN_WINDOW_MINUTES": "5",
                                    "GRAPHPROFILE_SIGNIN_LOCKOUT_MINUTES": "2",
                                    "GRAPHPROFILE_SIGNIN_MAX_LOCKOUT_HOURS": "1",
                                    "GRAPHPROFILE_SIGNIN_DELAY_SECONDS": "0"})
    assert policy == SignInPolicy(3, 9, 300, 120, 3600, 0.0)
    with pytest.raises(Exception, match="GRAPHPROFILE_SIGNIN_MAX_FAILURES must be"):
        SignInPolicy.from_env({"GRAPHPROFILE_SIGNIN_MAX_FAILURES": "0"})
    with pytest.raises(Exception, match="GRAPHPROFILE_SIGNIN_WINDOW_MINUTES must be"):
        SignInPolicy.from_env({"GRAPHPROFILE_SIGNIN_WINDOW_MINUTES": "soon"})
