"""Our account teams in the store: account_team.csv imports idempotently, an account has
one owner, the file round-trips through the export, and an account with an owner and no
one mapped is an account and a gap."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from graphprofile import services, summaries
from graphprofile.errors import InvalidInput
from graphprofile.services import export_bundle, exports, import_bundle

AS_OF = date(2026, 11, 23)

# acme: an open deal and an owner, no one mapped. beta: an owner and a sales engineer,
# no deal, no one mapped. zeta: people Rita knows, Rita alone on its team. lost: only a
# lost deal. bare: a company and nothing else. old: only someone's previous employer.
FILES = {
    "companies.csv": "id,name,industry\nacme,Acme,manufacturing\nbeta,Beta,retail\n"
                     "zeta,Zeta,retail\nlost,Lost Ltd,retail\nbare,Bare,retail\n"
                     "old,Old Employer,retail\n",
    "colleagues.csv": "id,name,function\nrita,Rita Rep,sales\nsam,Sam Seller,sales\n"
                      "eve,Eve Engineer,presales\n",
    "people.csv": "id,company_id,name,previous_company_ids\nz1,zeta,Zoe,old\nz2,zeta,Zed,\n",
    "relationships.csv": "colleague_id,person_id,strength\nrita,z1,4\nrita,z2,3\n",
    "account_team.csv": "company_id,colleague_id,role\nacme,rita,owner\nbeta,sam,owner\n"
                        "beta,eve,Sales Engineer\nzeta,rita,Account Manager\n",
    "opportunities.csv": "id,company_id,name,stage,amount,owner_id\n"
                         "acme-o1,acme,Acme ERP,proposal,100000,sam\n"
                         "lost-o1,lost,Lost deal,lost,5000,sam\n",
}


def _bundle(folder: Path, files: dict[str, str] = FILES) -> Path:
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def _team(store) -> list[tuple]:
    query = ("MATCH (u:Colleague)-[t:ON_ACCOUNT_TEAM]->(c:Company) "
             "RETURN c.id, u.id, t.role, t.company_id = c.id AND t.colleague_id = u.id")
    rows = store.read_tx(lambda tx: sorted(tuple(r.values()) for r in tx.run(query)))
    assert all(r[3] for r in rows)  # the line's properties are its row
    return [r[:3] for r in rows]


def test_account_team_imports_idempotently_and_round_trips(store, tmp_path):
    import_bundle(store, _bundle(tmp_path / "b"))
    team = [("acme", "rita", "owner"), ("beta", "eve", "Sales Engineer"),
            ("beta", "sam", "owner"), ("zeta", "rita", "Account Manager")]
    assert _team(store) == team
    before = services.stats(store)
    assert before["relationships"]["ON_ACCOUNT_TEAM"] == 4
    import_bundle(store, tmp_path / "b")
    assert services.stats(store) == before and _team(store) == team
    export_bundle(store, tmp_path / "one")
    assert (tmp_path / "one" / "account_team.csv").read_text(encoding="utf-8") == (
        "company_id,colleague_id,role\nacme,rita,owner\nbeta,eve,Sales Engineer\n"
        "beta,sam,owner\nzeta,rita,Account Manager\n")
    store.clear()
    import_bundle(store, tmp_path / "one")
    export_bundle(store, tmp_path / "two")
    for name in sorted(p.name for p in (tmp_path / "one").iterdir()):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()
    assert services.stats(store) == before


def test_a_new_owner_replaces_the_old_one(store, tmp_path):
    import_bundle(store, _bundle(tmp_path / "b"))
    newer = {"account_team.csv": "company_id,colleague_id,role\nacme,sam,Owner\n"
                                 "beta,sam,owner\n"}
    import_bundle(store, _bundle(tmp_path / "newer", newer))
    # Acme changed hands; Beta's owner is the same; the members stay.
    assert _team(store) == [("acme", "sam", "owner"), ("beta", "eve", "Sales Engineer"),
                            ("beta", "sam", "owner"), ("zeta", "rita", "Account Manager")]
    two = {"account_team.csv": "company_id,colleague_id,role\nacme,rita,owner\n"
                               "acme,eve,owner\n"}
    with pytest.raises(InvalidInput) as caught:
        import_bundle(store, _bundle(tmp_path / "two", two))
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [
        (3, "role", "an account has one owner: row 2 names one already")]
    assert _team(store)[0] == ("acme", "sam", "owner")


def test_every_company_is_an_account_and_no_one_mapped_comes_first(store, tmp_path):
    import_bundle(store, _bundle(tmp_path / "b"))
    # Only "old", someone's previous employer and nothing else, is not an account.
    assert services.account_ids(store) == ["acme", "bare", "beta", "lost", "zeta"]
    found = {c["company_id"]: c for c in services.gaps(store, as_of=AS_OF)["companies"]}
    # Worked (an open deal, an owner) with no one known: the first gap. A lost deal only,
    # or nothing at all, is an account with no one known but no one of ours on it.
    assert {cid: g["no_one_mapped"] for cid, g in found.items()} == {
        "acme": True, "bare": False, "beta": True, "lost": False, "zeta": False}
    assert found["acme"]["influence_coverage"] == 0.0 and found["acme"]["engaged_contacts"] == []
    # The stored summaries (portfolio, gaps, cross-sell) cover every account.
    summaries.up_to_date(store, as_of=AS_OF)
    page = summaries.summary_page(store, as_of=AS_OF, sort="gaps", limit=10)
    assert [r["id"] for r in page["rows"]] == ["acme", "beta", "bare", "lost", "zeta"]
    rows = {r["id"]: r for r in page["rows"]}
    assert (rows["acme"]["people"], rows["acme"]["open_opportunities"]) == (0, 1)
    assert (rows["beta"]["people"], rows["beta"]["open_opportunities"]) == (0, 0)
    assert {cid: r["owner_name"] for cid, r in rows.items()} == {
        "acme": "Rita Rep", "beta": "Sam Seller", "bare": None, "lost": None, "zeta": None}
    flagged = summaries.summary_page(store, as_of=AS_OF, flag="no_one_mapped")
    assert [r["id"] for r in flagged["rows"]] == ["acme", "beta"]
    assert summaries.stale(store, as_of=AS_OF) is None  # nothing left to compute


def test_rep_risk_counts_owned_opportunities_and_account_teams(store, tmp_path):
    import_bundle(store, _bundle(tmp_path / "b"))
    # Rita owns Acme (no one mapped) and is all of Zeta's team, where she holds every
    # engaged contact.
    rita = services.rep_risk(store, "rita", as_of=AS_OF)
    assert (rita["dark"], rita["weakened"]) == (["zeta"], ["acme"])
    detail = {a["company_id"]: a for a in rita["accounts"]}
    assert detail["acme"] == {
        "company_id": "acme", "dark": False, "weakened": True, "lost_contacts": [],
        "orphaned_decision_makers": [], "owned_open_opportunities": [],
        "account_team_roles": ["owner"], "owns_account": True, "last_of_account_team": True}
    assert detail["zeta"]["lost_contacts"] == ["z1", "z2"]
    assert detail["zeta"]["account_team_roles"] == ["Account Manager"]
    # Sam knows no one: he owns Acme's open deal and owns Beta, where Eve stays on the
    # team. His lost deal puts Lost Ltd at no risk.
    sam = services.rep_risk(store, "sam", as_of=AS_OF)
    assert (sam["dark"], sam["weakened"]) == ([], ["acme", "beta"])
    detail = {a["company_id"]: a for a in sam["accounts"]}
    assert detail["acme"]["owned_open_opportunities"] == ["acme-o1"]
    assert detail["acme"]["account_team_roles"] == []
    assert (detail["beta"]["owns_account"], detail["beta"]["last_of_account_team"]) == (
        True, False)
    # Eve's leaving costs Beta nothing: its owner stays.
    assert services.rep_risk(store, "eve", as_of=AS_OF)["accounts"] == []


def test_the_gaps_page_shows_no_one_mapped_first_and_what_an_owner_takes(store, tmp_path):
    from web import create_app

    import_bundle(store, _bundle(tmp_path / "b"))
    client = create_app(store, {"TESTING": True, "SINGLE_USER": True,
                                "DEFAULT_AS_OF": AS_OF.isoformat(),
                                "SECRET_KEY": "test"}).test_client()
    page = client.get("/gaps?colleague=sam").get_data(as_text=True)
    rows = re.findall(r'<tr data-account="([^"]+)"><td>.*?</td>\s*<td>(.*?)</td>', page, re.S)
    assert [(cid, "no one mapped" in cell) for cid, cell in rows] == [
        ("acme", True), ("beta", True), ("bare", False), ("lost", False), ("zeta", False)]
    whatif = page[page.index('id="whatif"'):page.index('id="gaps"')]
    assert "1 open opportunity without its owner" in whatif
    assert "the account loses its owner" in whatif
    assert "no one is left on its account team" not in whatif
    api = client.get("/api/gaps").get_json()
    assert [c["company_id"] for c in api["companies"] if c["no_one_mapped"]] == [
        "acme", "beta"]
    portfolio = client.get("/?flag=no_one_mapped").get_data(as_text=True)
    assert re.findall(r'data-account="([^"]+)"', portfolio) == ["acme", "beta"]
    assert "owner Rita Rep" in portfolio and "owner Sam Seller" in portfolio


def test_graphml_holds_the_account_teams_in_a_stable_order(store, tmp_path):
    import networkx as nx

    import_bundle(store, _bundle(tmp_path / "b"))
    # Rita is on two teams; give her a second role at Zeta: two lines, one pair.
    extra = {"account_team.csv": "company_id,colleague_id,role\nzeta,rita,Executive Sponsor\n"}
    import_bundle(store, _bundle(tmp_path / "extra", extra))
    one, two = tmp_path / "one.graphml", tmp_path / "two.graphml"
    exports.export_graphml(store, one)
    exports.export_graphml(store, two)
    assert one.read_bytes() == two.read_bytes()
    G = nx.read_graphml(one)
    team = sorted((u, v, a["role"]) for u, v, a in G.edges(data=True)
                  if a["type"] == "ON_ACCOUNT_TEAM")
    assert team == [("Colleague:eve", "Company:beta", "Sales Engineer"),
                    ("Colleague:rita", "Company:acme", "owner"),
                    ("Colleague:rita", "Company:zeta", "Account Manager"),
                    ("Colleague:rita", "Company:zeta", "Executive Sponsor"),
                    ("Colleague:sam", "Company:beta", "owner")]
    acme = nx.read_graphml(exports.export_graphml(store, tmp_path / "acme.graphml",
                                                   company_id="acme")["path"])
    assert sorted(acme.nodes) == ["Colleague:rita", "Colleague:sam", "Company:acme",
                                  "Opportunity:acme-o1"]
    assert sorted((u, v, t) for u, v, t in acme.edges(data="type")) == [
        ("Colleague:rita", "Company:acme", "ON_ACCOUNT_TEAM"),
        ("Opportunity:acme-o1", "Colleague:sam", "OWNED_BY"),
        ("Opportunity:acme-o1", "Company:acme", "FOR_ACCOUNT")]
