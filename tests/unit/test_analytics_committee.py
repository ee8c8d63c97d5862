"""The committee against its template, on small deals worked out by hand."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graphprofile.analytics.committee import Template, committee

TODAY = date(2026, 6, 1)


def deal(amount=100_000, roles=(), engaged=(), reports=()) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node(("opportunity", "o1"), kind="opportunity", amount=amount)
    G.add_node(("opportunity", "o2"), kind="opportunity", amount=amount)
    for p, role, stance, *where in roles:
        G.add_node(("person", p), kind="person")
        place = where[0] if where else "o1"
        target = ("company", "acme") if place == "account" else ("opportunity", place)
        G.add_edge(("person", p), target, key=f"role:{role}", role=role, stance=stance)
    for p in engaged:
        G.add_edge(("colleague", "c1"), ("person", p), key="knows", strength=4)
    for a, b in reports:
        G.add_edge(("person", a), ("person", b), key="reports_to")
    return G


FULL = [("ceo", "decision_maker", "supporter"), ("cfo", "economic_buyer", "neutral"),
        ("sue", "champion", "supporter"), ("tim", "technical_evaluator", "neutral")]


def test_every_required_role_filled_and_engaged_is_green():
    found = committee(deal(roles=FULL, engaged=["ceo", "cfo", "sue", "tim"]), "o1",
                      as_of=TODAY)
    assert (found["required_filled"], found["coverage"], found["status"]) == (1.0, 1.0,
                                                                              "green")
    assert [r["role"] for r in found["roles"] if r["required"]] == [
        "decision_maker", "economic_buyer", "champion", "technical_evaluator"]


def test_no_supportive_key_player_is_red_whatever_else():
    roles = [(p, r, "neutral") for p, r, _s in FULL]
    found = committee(deal(roles=roles, engaged=["ceo"]), "o1", as_of=TODAY)
    assert found["status"] == "red" and "no supportive key player" in found["reason"]


def test_a_large_deal_requires_more_roles():
    small = committee(deal(roles=FULL, engaged=["ceo", "cfo", "sue", "tim"]), "o1",
                      as_of=TODAY)
    large = committee(deal(amount=750_000, roles=FULL, engaged=["ceo", "cfo", "sue", "tim"]),
                      "o1", as_of=TODAY)
    assert small["status"] == "green" and large["large"] is True
    assert large["required_filled"] == round(4 / 6, 4)
    assert large["status"] == "amber" and large["reason"] == (
        "required roles not filled: influencer, user")


def test_coverage_weighs_members_by_influence():
    # tim reports to the ceo, who outranks him: engaging only tim covers under half.
    G = deal(roles=FULL, engaged=["tim"], reports=[("tim", "ceo"), ("sue", "ceo"),
                                                   ("cfo", "ceo")])
    found = committee(G, "o1", as_of=TODAY)
    assert 0 < found["coverage"] < 0.5
    assert found["status"] == "amber" and "influence" in found["reason"]


def test_account_wide_roles_count_and_other_deals_do_not():
    roles = [("ceo", "decision_maker", "supporter", "account"),
             ("cfo", "economic_buyer", "neutral", "o2")]
    found = committee(deal(roles=roles, engaged=["ceo"]), "o1", as_of=TODAY)
    holders = {r["role"]: [h["person_id"] for h in r["holders"]] for r in found["roles"]}
    assert holders["decision_maker"] == ["ceo"] and holders["economic_buyer"] == []
    assert found["required_filled"] == 0.25


def test_a_template_from_toml_and_its_errors(tmp_path):
    path = tmp_path / "committee.toml"
    path.write_text('required = ["decision_maker"]\n[weights]\ndecision_maker = 5\n')
    template = Template.from_toml(path)
    found = committee(deal(roles=FULL[:1], engaged=["ceo"]), "o1", as_of=TODAY,
                      template=template)
    assert found["status"] == "green" and found["roles"][0]["weight"] == 5.0
    path.write_text('required = ["cfo"]\n')
    with pytest.raises(ValueError, match="unknown roles"):
        Template.from_toml(path)
    path.write_text('colour = "red"\n')
    with pytest.raises(ValueError, match="unknown keys"):
        Template.from_toml(path)


def test_unknown_deal_is_refused():
    with pytest.raises(nx.NodeNotFound):
        committee(deal(), "nope", as_of=TODAY)
