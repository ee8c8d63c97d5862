"""Bus factor, what-if, blockers and coalitions in the JSON API: the CLI's keys and values."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphprofile.cli import main

AS_OF = "2026-11-23"

MIRRORS = [
    ("/api/accounts/mediva/bus-factor", ["bus-factor", "mediva"]),
    (f"/api/accounts/ferrox/what-if?person=ferrox-p-001&as_of={AS_OF}",
     ["what-if", "ferrox", "--person", "ferrox-p-001", "--as-of", AS_OF]),
    ("/api/opportunities/hartwell-o-1/blockers", ["blockers", "hartwell-o-1"]),
    ("/api/accounts/ferrox/coalitions", ["coalitions", "ferrox"]),
    ("/api/accounts/ferrox/coalitions?opportunity=ferrox-o-1",
     ["coalitions", "ferrox", "--opportunity", "ferrox-o-1"]),
    ("/api/check", ["check"]),
    (f"/api/opportunities/ferrox-o-3/committee?as_of={AS_OF}",
     ["committee", "ferrox-o-3", "--as-of", AS_OF]),
    ("/api/check?company=meridian", ["check", "--company", "meridian"]),
]


@pytest.mark.parametrize(("path", "args"), MIRRORS, ids=[m[0] for m in MIRRORS])
def test_the_api_answers_what_the_cli_prints(client, cli_env, path, args):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    result = CliRunner().invoke(main, [*args, "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)
    assert response.get_json() == cli and list(response.get_json()) == list(cli)


def test_the_demo_answers(client):
    mediva = client.get("/api/accounts/mediva/bus-factor").get_json()
    assert mediva["size"] == 1 and {t["cut"][0] for t in mediva["targets"]} == {"c-tomas"}
    blockers = client.get("/api/opportunities/hartwell-o-1/blockers").get_json()
    assert blockers["blockers"][0]["person_id"] == "hartwell-p-009"


@pytest.mark.parametrize(("path", "status", "needle"), [
    ("/api/accounts/nope/bus-factor", 404, "nope"),
    ("/api/accounts/ferrox/what-if", 400, "person"),
    ("/api/accounts/ferrox/what-if?person=mediva-p-001", 400, "mediva"),
    ("/api/accounts/ferrox/what-if?person=ferrox-p-001&as_of=bad", 400, "bad"),
    ("/api/opportunities/nope/blockers", 404, "nope"),
    ("/api/opportunities/nope/committee", 404, "nope"),
    ("/api/accounts/ferrox/coalitions?opportunity=mediva-o-1", 400, "mediva-o-1"),
])
def test_bad_requests_are_clear_json_errors(client, path, status, needle):
    response = client.get(path)
    assert response.status_code == status
    assert needle in response.get_json()["error"]
