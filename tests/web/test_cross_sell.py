"""The cross-sell page names a way into each department."""

from __future__ import annotations

import re

AS_OF = "2026-11-23"


def test_every_opening_has_a_way_in(client):
    page = client.get(f"/cross-sell?as_of={AS_OF}").get_data(as_text=True)
    assert "Way in" in page
    kinds = re.findall(r'class="small entry entry-(\w+)"', page)
    rows = re.findall(r'<span class="pill ws-', page)
    assert kinds and len(kinds) == len(rows)
    assert set(kinds) <= {"engaged", "path", "cold", "none"}
    assert "engaged" in kinds and "path" in kinds


def test_every_opening_names_whom_to_ask_for_and_the_way_to_them(client):
    page = client.get(f"/cross-sell?as_of={AS_OF}&per_page=200").get_data(as_text=True)
    assert "Ask to meet" in page
    rows = dict(re.findall(r'<tr class="opening" data-account="[^"]+" data-key="([^"]+)"'
                           r'(.*?)</tr>', page, re.S))
    asked = {key: re.search(r'data-decision-maker="([^"]*)"', row).group(1)
             for key, row in rows.items()}
    assert rows and all(asked.values())  # every demo department has somebody in it
    # Hartwell's risk department: its head, the Chief Risk Officer, holds no role
    risk = rows["hartwell/hartwell-d-risk/prod-sec"]
    assert asked["hartwell/hartwell-d-risk/prod-sec"] == "hartwell-p-004"
    assert "Omar Nassar" in risk and "most influential here" in risk
    # Transvia's finance: the CFO, economic buyer on the operations deal
    fin = rows["transvia/transvia-d-fin/prod-bi"]
    assert asked["transvia/transvia-d-fin/prod-bi"] == "transvia-p-002"
    assert "decision role in the account" in fin
    api = client.get(f"/api/accounts/transvia/whitespace?as_of={AS_OF}").get_json()
    cell = next(c for c in api["cells"] if (c["department_id"], c["product_id"])
                == ("transvia-d-fin", "prod-bi"))
    assert cell["decision_maker_id"] == "transvia-p-002"
    assert cell["decision_maker_basis"] == "account_decision_maker"
    assert not cell["warm_path"] or cell["warm_path"][-1] == "transvia-p-002"
