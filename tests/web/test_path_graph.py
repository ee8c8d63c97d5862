"""The committee map and the warm-path graphs on the opportunity and person pages."""

from __future__ import annotations

import html
import re

import pytest

from graphprofile import analytics, maps, services
from graphprofile.models import Person

AS_OF = "2026-11-23"


def _map_keys(page: str) -> set[str]:
    svg = page.split('class="committee-map"', 1)[1].split("</svg>", 1)[0]
    return set(re.findall(r'class="map-node[^"]*" data-key="([^"]+)"', svg))


@pytest.mark.parametrize("opportunity_id", ["hartwell-o-1", "ferrox-o-1", "transvia-o-1"])
def test_the_opportunity_page_maps_every_member(client, demo_store, opportunity_id):
    deal = client.get(f"/opportunities/{opportunity_id}")
    assert deal.status_code == 200
    page = deal.get_data(as_text=True)
    G = services.account_graph_of(demo_store, opportunity_id.rsplit("-o-", 1)[0])
    members = {u[1] for u, v, k in G.edges(keys=True)
               if v == ("opportunity", opportunity_id) and k.startswith("role:")}
    keys = _map_keys(page)
    assert members and {f"person:{m}" for m in members} <= keys
    for m in members:  # every member's name is drawn
        assert html.escape(maps.fit(G.nodes[("person", m)]["name"], 22)) in page
    # the best warm path of every unengaged key person is drawn, step by step
    cmap = maps.committee_map(G, opportunity_id, as_of=services.parse_as_of(AS_OF))
    for warm in cmap["warm_paths"]:
        assert warm["nodes"][:1] == [p["nodes"][0] for p in
                                     analytics.warm_paths(G, warm["target"], k=1)]
        if warm["nodes"]:
            assert f"colleague:{warm['nodes'][0]}" in keys
            assert {f"person:{p}" for p in warm["nodes"][1:]} <= keys
            assert 'class="path-graph"' in page


def test_the_person_page_draws_every_warm_path_step(client, demo_store):
    page = client.get("/people/hartwell-p-002").get_data(as_text=True)
    G = services.account_graph_of(demo_store, "hartwell")
    paths = analytics.warm_paths(G, "hartwell-p-002")
    assert paths
    svg = page.split('class="path-graph"', 1)[1].split("</svg>", 1)[0]
    ids = set(re.findall(r'data-id="([^"]+)"', svg))
    assert ids == {i for p in paths for i in p["nodes"]}
    assert 'role="img"' in page.split('class="path-graph"', 1)[0][-400:] + svg[:300]
    assert "knows" in svg


def test_names_with_markup_are_escaped(client, fresh_demo_store):
    G = services.account_graph_of(fresh_demo_store, "hartwell")
    person = Person(**{k: v for k, v in G.nodes[("person", "hartwell-p-002")].items()
                       if k in Person.model_fields})
    services.save_person(fresh_demo_store, person.model_copy(
        update={"name": "Eve <script>x</script>"}))
    for url in ("/opportunities/hartwell-o-1", "/people/hartwell-p-002"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>x" not in page
        assert "Eve &lt;script&gt;x" in page


def test_the_map_api(client):
    body = client.get(f"/api/opportunities/hartwell-o-1/map?as_of={AS_OF}").get_json()
    assert {"nodes", "edges", "warm_paths", "width", "height"} <= set(body)
    paths = client.get(f"/api/people/hartwell-p-002/path-graph?as_of={AS_OF}").get_json()
    assert paths["target"] == "hartwell-p-002" and paths["nodes"]
    assert client.get("/api/opportunities/nope/map").status_code == 404
