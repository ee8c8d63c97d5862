"""Relationship levels, conflict and dotted lines, seats: the API and the pages, on the
demo."""

from __future__ import annotations

import json

from click.testing import CliRunner

from graphprofile.cli import main

AS_OF = "2026-11-23"


def test_the_api_and_the_pages_show_levels_conflicts_and_dotted_lines(client, cli_env):
    api = client.get("/api/accounts/mediva/relationships").get_json()
    cli = CliRunner().invoke(main, ["relationships", "mediva", "--json"], env=cli_env)
    assert api == json.loads(cli.output)
    person = client.get("/api/people/hartwell-p-001/relationships").get_json()
    assert person["relationships"][0]["target_strength"] == 5
    page = client.get(f"/accounts/hartwell?as_of={AS_OF}").get_data(as_text=True)
    assert '"kind": "dotted_line"' in page and '"to": "person:hartwell-p-006"' in page
    assert "dotted-line report" in page
    meridian = client.get(f"/accounts/meridian?as_of={AS_OF}").get_data(as_text=True)
    assert '"kind": "conflicts"' in meridian
    panel = client.get(f"/people/mediva-p-002?as_of={AS_OF}").get_data(as_text=True)
    assert 'class="level-target" data-gap="2"' in panel
