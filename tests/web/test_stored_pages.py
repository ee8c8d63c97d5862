"""The gaps and cross-sell pages read the stored summaries and cells: the same facts as
the analytics computed directly, paged, and never recomputed by a request unless a
write forgot the account."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from graphprofile import analytics, services, summaries
from graphprofile.graph import account_graph
from graphprofile.models import RoleAssignment
from graphprofile.store.records import account_snapshot

AS_OF = date(2026, 11, 23)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _table(page: str, table_id: str) -> str:
    body = page[page.index(f'id="{table_id}"'):]
    return body[:body.index("</table>")]


def _gaps_rows(client, query: str = "") -> dict[str, list[str]]:
    response = client.get(f"/gaps{query}")
    assert response.status_code == 200
    body = _table(response.get_data(as_text=True), "gaps")
    return {account: re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            for account, row in re.findall(r'<tr data-account="([^"]+)">(.*?)</tr>', body, re.S)}


def _cross_sell_rows(client, query: str = "") -> tuple[list[tuple], int]:
    """The rows of the page (up to 200 of them: per_page=200) and the total."""
    sep = "&" if "?" in query else "?"
    response = client.get(f"/cross-sell{query}{sep}per_page=200")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    total = int(re.search(r"(\d+) openings", page).group(1))
    rows = []
    opening = r'<tr class="opening" data-account="([^"]+)"[^>]*>(.*?)</tr>'
    for company_id, row in re.findall(opening, _table(page, "cross-sell"), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        reason = "; ".join(_text(c) for c in re.findall(r'<li class="chip">(.*?)</li>',
                                                          cells[4], re.S))
        rows.append((company_id, *(_text(c) for c in cells[0:4]), reason))
    return rows, total


def _tamper_summary(store, company_id: str, **values) -> None:
    store.write_tx(lambda tx: tx.run("MATCH (s:AccountSummary {id: $id}) SET s += $values",
                                     id=company_id, values=values).consume())


def _tamper_cell(store, company_id: str, score: float, reason: str) -> None:
    """Give the account's first stored cell (by department, product) a score and reason."""
    store.write_tx(lambda tx: tx.run(
        "MATCH (c:CrossSellCell {company_id: $id}) "
        "WITH c ORDER BY c.department_id, c.product_id LIMIT 1 "
        "SET c.score = $score, c.reason = $reason",
        id=company_id, score=score, reason=reason).consume())


def _openings(store, *, status: str = "", product_id: str = "") -> list[tuple]:
    """The cross-sell page's rows computed directly, best score first."""
    peers = services.peer_stats(store)
    found = []
    for company_id in services.account_ids(store):
        G = account_graph(account_snapshot(store, company_id))
        for cell in analytics.whitespace(G, peers=peers, as_of=AS_OF):
            if cell["status"] == "ours" or (status and cell["status"] != status) \
                    or (product_id and cell["product_id"] != product_id):
                continue
            found.append((-cell["score"], company_id, cell["department_id"],
                          cell["product_id"],
                          (company_id, G.nodes["department", cell["department_id"]]["name"],
                           G.nodes["product", cell["product_id"]]["name"], cell["status"],
                           f"{cell['score']:.2f}", cell["reason"])))
    return [row[-1] for row in sorted(found)]


# -- gaps ------------------------------------------------------------------------------

def test_gaps_page_shows_the_gaps_of_every_account(client, demo_store):
    rows = _gaps_rows(client)
    assert list(rows) == services.account_ids(demo_store)
    for company_id, cells in rows.items():
        G = account_graph(account_snapshot(demo_store, company_id))
        company = G.nodes["company", company_id]
        found = analytics.gaps(G, as_of=AS_OF)
        verified = company.get("last_verified")
        stale = verified is None or (AS_OF - verified).days > analytics.DEFAULTS.stale_days
        assert _text(cells[0]).startswith(company["name"])
        assert ("company profile stale" in cells[0]) == stale
        assert ("single-threaded" in cells[1]) == found["single_threaded"]
        assert ("single rep" in cells[1]) == found["single_rep"]
        assert _text(cells[2]) == str(len(found["engaged_contacts"]))
        assert f'value="{found["influence_coverage"]}"' in cells[3]
        deciders = re.findall(r'href="/people/([^"?]+)[^"]*">([^<]*)</a>', cells[4])
        assert [(p, html.unescape(n)) for p, n in deciders] == [
            (p, G.nodes["person", p]["name"])
                            for p in found["unknown_decision_makers"]]
        uncovered = [G.nodes["department", d]["name"] for d in found["uncovered_departments"]]
        count = re.match(r"\s*(\d+)", cells[5]).group(1)
        assert int(count) == len(uncovered)
        chips = [html.unescape(c) for c in re.findall(r'<li class="chip">(.*?)</li>', cells[5])]
        assert chips == uncovered[:6]  # the first six as chips, "and N more" after
        assert ("more" in cells[5]) == (len(uncovered) > 6)
        assert _text(cells[6]) == str(len(found["stale_people"]))
    # the demo has something in every column
    assert any("danger" in cells[4] for cells in rows.values())
    assert any("stale" in cells[0] for cells in rows.values())


def test_gaps_page_is_paged(client, demo_store):
    ids = services.account_ids(demo_store)
    pages = [list(_gaps_rows(client, f"?per_page=3&page={n}")) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for p in pages for i in p] == ids
    page = client.get("/gaps?per_page=3&colleague=c-tomas").get_data(as_text=True)
    assert f"{len(ids)} accounts" in page
    links = re.findall(r'<nav class="pager".*?</nav>', page, re.S)[0]
    assert len(re.findall(r"<a ", links)) == 3
    assert "colleague=c-tomas" in links and "per_page=3" in links
    assert "goes dark" in page  # the what-if stays with the paged table
    # one account a page: the pager links the first, the last and two either side
    one = client.get("/gaps?per_page=1&page=1").get_data(as_text=True)
    pager = re.findall(r'<nav class="pager".*?</nav>', one, re.S)[0]
    assert re.findall(r">(\d+)</a>", pager) == ["1", "2", "3", str(len(ids))]
    assert "…" in pager
    assert _gaps_rows(client, "?page=9") == {}


@pytest.mark.parametrize("query", ["?page=0", "?page=x", "?per_page=0", "?per_page=201"])
def test_gaps_page_refuses_a_bad_page(client, query):
    assert client.get(f"/gaps{query}").status_code == 400


@pytest.mark.usefixtures("fresh_demo_store")
def test_gaps_page_reads_stored_rows_until_a_write_forgets_the_account(client, demo_store):
    _gaps_rows(client)  # stores every summary
    _tamper_summary(demo_store, "ferrox", stale_people=97, unknown_decision_makers=["x-1"],
                    unknown_decision_maker_names=["Tampered Ferrox"])
    _tamper_summary(demo_store, "meridian", stale_people=98)
    rows = _gaps_rows(client)
    assert "Tampered Ferrox" in rows["ferrox"][4] and _text(rows["ferrox"][6]) == "97"
    assert _text(rows["meridian"][6]) == "98"

    services.set_role(demo_store, RoleAssignment(person_id="ferrox-p-010", role="influencer"))
    rows = _gaps_rows(client)
    assert "Tampered" not in rows["ferrox"][4] and _text(rows["ferrox"][6]) != "97"
    assert _text(rows["meridian"][6]) == "98"  # another account keeps its stored row


@pytest.mark.usefixtures("fresh_demo_store")
def test_a_second_request_analyses_no_account(client, monkeypatch):
    _gaps_rows(client)
    analysed: list[str] = []
    refresh = summaries.refresh

    def counting(store, company_ids, **kwargs):
        ids = list(company_ids)
        analysed.extend(ids)
        return refresh(store, ids, **kwargs)

    monkeypatch.setattr(summaries, "refresh", counting)
    _gaps_rows(client)
    _cross_sell_rows(client)
    client.get("/")
    assert analysed == []
    _gaps_rows(client, "?as_of=2027-01-05")  # another day: every account once
    assert len(analysed) == 7


# -- cross-sell ------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "?status=whitespace", "?status=competitor",
                                   "?product=prod-bi", "?status=whitespace&product=prod-bi"])
def test_cross_sell_page_shows_the_whitespace_of_every_account(client, demo_store, query):
    filters = dict(re.findall(r"(\w+)=([\w-]+)", query))
    expected = _openings(demo_store, status=filters.get("status", ""),
                         product_id=filters.get("product", ""))
    rows, total = _cross_sell_rows(client, query)
    assert expected and total == len(expected)
    assert sorted(rows) == sorted(expected[:200])  # the page's rows, grouped by account


def test_cross_sell_page_shows_at_most_200_of_the_total(client, demo_store):
    rows, total = _cross_sell_rows(client)
    assert len(rows) == 200 < total


def test_cross_sell_page_refuses_an_unknown_product(client):
    assert client.get("/cross-sell?product=nope").status_code == 400


@pytest.mark.usefixtures("fresh_demo_store")
def test_cross_sell_page_reads_stored_cells_until_a_write_forgets_the_account(client, demo_store):
    _cross_sell_rows(client)  # stores every account's cells
    _tamper_cell(demo_store, "ferrox", 0.999, "tampered ferrox")
    _tamper_cell(demo_store, "meridian", 0.998, "tampered meridian")
    rows, _ = _cross_sell_rows(client)
    assert [(r[0], r[4], r[5]) for r in rows if r[5].startswith("tampered")] == [
        ("ferrox", "1.00", "tampered ferrox"), ("meridian", "1.00", "tampered meridian")]
    assert rows[0][0] == "ferrox"

    services.set_role(demo_store, RoleAssignment(person_id="ferrox-p-010", role="influencer"))
    rows, _ = _cross_sell_rows(client)
    assert rows[0][0] == "meridian" and rows[0][5] == "tampered meridian"
    assert not [r for r in rows if r[5] == "tampered ferrox"]
    assert [r for r in rows if r[0] == "ferrox"]  # recomputed, not lost
