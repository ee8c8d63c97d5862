"""The importer's CSV files of the first load (graphprofile/store/bulk.py), written by hand
rows and read back: a column first given past the first row starts a new part with its
own header, list ends draw one line per distinct item, property lines carry the row."""

from __future__ import annotations

import csv
from pathlib import Path

from graphprofile.store.bulk import ARRAY_DELIMITER, BulkFiles


def read(folder: Path, part: list) -> tuple[list[str], list[list[str]]]:
    header, data, _ = part
    with header.open(encoding="utf-8", newline="") as h, data.open(encoding="utf-8",
                                                                   newline="") as d:
        return next(csv.reader(h)), list(csv.reader(d))


def test_a_late_extra_column_starts_a_part_and_lists_draw_distinct_lines(tmp_path):
    files = BulkFiles(tmp_path)
    files.add("people", [
        {"id": "p1", "company_id": "c1", "name": "Ann",
         "previous_company_ids": ["c2", "c3", "c2"]},
        {"id": "p2", "company_id": "c1", "name": "Bo", "reports_to": "p1", "badge": "blue"},
        {"id": "p3", "company_id": "c1", "name": "Cy", "placeholder": True},
    ])
    files.close()
    first, second = files.nodes["people"].parts
    header, rows = read(tmp_path, first)
    assert header[0] == "id:ID(Person)" and "badge" not in header
    assert [r[0] for r in rows] == ["p1"]
    assert rows[0][header.index("previous_company_ids:string[]")] == ARRAY_DELIMITER.join(
        ["c2", "c3", "c2"])  # the property keeps the list as given
    header, rows = read(tmp_path, second)
    assert header[-1] == "badge" and [r[0] for r in rows] == ["p2", "p3"]
    assert [r[-1] for r in rows] == ["blue", ""]
    assert rows[1][header.index("placeholder:boolean")] == "true"
    previously = files.relationships[("PREVIOUSLY_AT", "Person", "Company")].parts
    assert read(tmp_path, previously[0])[1] == [["p1", "c2"], ["p1", "c3"]]
    reports = files.relationships[("REPORTS_TO", "Person", "Person")].parts
    assert read(tmp_path, reports[0])[1] == [["p2", "p1"]]
    assert (files.node_count, files.relationship_count) == (3, 6)  # 3 WORKS_AT, 2 + 1


def test_roles_end_at_the_deal_or_the_holders_company(tmp_path):
    files = BulkFiles(tmp_path)
    roles = [{"person_id": "p1", "opportunity_id": "o1", "role": "champion"},
             {"person_id": "p2", "role": "blocker"}]
    files.account_wide_roles([roles])
    files.add("people", [{"id": "p1", "company_id": "c1", "name": "Ann"},
                         {"id": "p2", "company_id": "c9", "name": "Bo"}])
    files.add("roles", roles)
    files.close()
    deal = files.relationships[("HAS_ROLE", "Person", "Opportunity")].parts
    header, rows = read(tmp_path, deal[0])
    assert header[:2] == [":START_ID(Person)", ":END_ID(Opportunity)"]
    assert [r[:2] for r in rows] == [["p1", "o1"]]
    assert rows[0][header.index("role")] == "champion"
    company = files.relationships[("HAS_ROLE", "Person", "Company")].parts
    header, rows = read(tmp_path, company[0])
    assert [r[:2] for r in rows] == [["p2", "c9"]] and rows[0][header.index("role")] == "blocker"
