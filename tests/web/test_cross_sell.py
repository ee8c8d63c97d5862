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
