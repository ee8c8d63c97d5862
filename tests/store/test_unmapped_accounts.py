"""Every account counts, contacts or not: a company with deals and no known person is an
account, and its first gap is that no one is mapped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graphprofile import services, summaries

AS_OF = date(2026, 11, 23)


FILES = {
    "companies.csv": "id,name,industry\nacme,Acme,manufacturing\nzeta,Zeta,retail\n"
                     "old,Old Employer,retail\n",
    "colleagues.csv": "id,name,function\nrep1,Rita Rep,sales\n",
    "people.csv": "id,company_id,name,previous_company_ids\nz1,zeta,Zoe,old\n",
    "relationships.csv": "colleague_id,person_id,strength\nrep1,z1,4\n",
    "opportunities.csv": "id,company_id,name,stage,amount,owner_id\n"
                         "acme-o1,acme,Acme ERP,proposal,100000,rep1\n",
}


def _bundle(folder: Path) -> Path:
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_an_account_with_deals_and_no_contacts_is_the_first_gap(store, tmp_path):
    services.import_bundle(store, _bundle(tmp_path / "b"))
    # "old" is only someone's previous employer: not an account.
    assert services.account_ids(store) == ["acme", "zeta"]
    found = {c["company_id"]: c for c in services.gaps(store, as_of=AS_OF)["companies"]}
    assert found["acme"]["no_one_mapped"] is True and found["zeta"]["no_one_mapped"] is False
    summaries.up_to_date(store, as_of=AS_OF)
    page = summaries.summary_page(store, as_of=AS_OF, sort="gaps", limit=10)
    assert [r["id"] for r in page["rows"]] == ["acme", "zeta"]
    assert page["rows"][0]["open_opportunities"] == 1 and page["rows"][0]["people"] == 0
    flagged = summaries.summary_page(store, as_of=AS_OF, flag="no_one_mapped")
    assert [r["id"] for r in flagged["rows"]] == ["acme"]
    # Rita owns Acme's open deal though she knows no one there.
    risk = services.rep_risk(store, "rep1", as_of=AS_OF)
    acme = next(a for a in risk["accounts"] if a["company_id"] == "acme")
    assert acme["owned_open_opportunities"] == ["acme-o1"] and "acme" in risk["weakened"]
