"""The managers' workbook: the portfolio, gaps and cross-sell figures, and every buying
committee, as Excel sheets.

``Accounts`` and ``Gaps`` hold one row per account and ``Whitespace`` one row per
department x product opening, all read from the stored summaries the pages show
(:mod:`graphprofile.summaries`: only what is missing for the as-of date is computed).
``Committees`` holds one row per person with a role on an opportunity, with the engaged
flag and influence score the opportunity page shows; it analyses every account.

Text is data, never a formula: every text cell is written as a string cell, and one
that a spreadsheet would run (``=cmd|...``) also gets Excel's quote-prefix mark, so
editing it does not turn it into a formula either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum
from functools import partial
from pathlib import Path
from typing import IO, Any

import networkx as nx
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from graphprofile import analytics, portfolio, summaries
from graphprofile.analytics import DEFAULTS, AnalyticsSettings
from graphprofile.errors import InvalidInput
from graphprofile.importer.csvio import neutralise
from graphprofile.services.analysis import COVERAGE_PARTS, account_ids
from graphprofile.services.exports import xml_text
from graphprofile.store import Store

__all__ = ["MIMETYPE", "SHEETS", "committee_members", "write_report", "write_workbook"]

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Sheet -> its columns: (header, row key, number format or None, width).
Column = tuple[str, str, str | None, int]
SHEETS: dict[str, tuple[Column, ...]] = {
    "Gaps": (
        ("Account id", "id", None, 16), ("Account", "name", None, 28),
        ("No one mapped", "no_one_mapped", None, 10),
        ("Single-threaded", "single_threaded", None, 10), ("Single rep", "single_rep", None, 10),
        ("Engaged contacts", "engaged", None, 10),
        ("Influence coverage", "influence_coverage", "0%", 10),
        ("Unknown decision makers", "unknown_decision_maker_names", None, 36),
        ("Unknown decision maker ids", "unknown_decision_makers", None, 28),
        ("Uncovered departments", "uncovered_departments", None, 12),
        ("Uncovered department names", "uncovered_department_names", None, 40),
        ("Stale people", "stale_people", None, 10),
        ("Company profile stale", "company_stale", None, 10),
    ),
    "Whitespace": (
        ("Account id", "company_id", None, 16), ("Account", "company", None, 28),
        ("Department id", "department_id", None, 20), ("Department", "department", None, 24),
        ("Product id", "product_id", None, 14), ("Product", "product", None, 20),
        ("Status", "status", None, 14), ("Propensity", "score", "0.00", 10),
        ("Why", "reason", None, 60), ("Class", "strategic_class", None, 12),
        ("Function", "function", None, 16),
        ("Decision maker id", "decision_maker_id", None, 18),
        ("Decision maker", "decision_maker", None, 24),
        ("Warm path", "warm_path_names", None, 40),
        ("Warm path score", "warm_path_score", "0.00", 10),
    ),
    "Committees": (
        ("Account id", "company_id", None, 16), ("Account", "company", None, 28),
        ("Opportunity id", "opportunity_id", None, 18), ("Opportunity", "opportunity", None, 30),
        ("Stage", "stage", None, 12), ("Person id", "person_id", None, 18),
        ("Person", "person", None, 24), ("Title", "title", None, 30),
        ("Role", "role", None, 20), ("Stance", "stance", None, 12),
        ("Engaged", "engaged", None, 9), ("Influence", "influence", "0.000", 10),
    ),
    "Accounts": (
        ("Account id", "id", None, 16), ("Account", "name", None, 28),
        ("Industry", "industry", None, 16), ("Region", "region", None, 14),
        ("Strategic class", "strategic_class", None, 14),
        ("Class given", "class_given", None, 9),
        ("Class reason", "strategic_class_reason", None, 40),
        ("Account owner", "owner_name", None, 20), ("People", "people", None, 9),
        ("Engaged contacts", "engaged", None, 10),
        ("Influence coverage", "influence_coverage", "0%", 10),
        ("Single-threaded", "single_threaded", None, 10), ("Single rep", "single_rep", None, 10),
        ("Open opportunities", "open_opportunities", None, 10),
        ("Open amount", "open_amount", "#,##0", 14),
        ("Whitespace cells", "whitespace", None, 10), ("Last touch", "last_touch", None, 12),
        ("Profile score (of 8)", "audit_score", None, 10),
    ),
}
_EXCEL_TEXT_MAX = 32_767  # characters a cell holds
_EVERY = 2**62            # a limit that takes every stored cell


def _text(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, list | tuple):
        return "; ".join(_text(item) for item in value)
    text = xml_text(str(value))
    return text if len(text) <= _EXCEL_TEXT_MAX else text[:_EXCEL_TEXT_MAX - 1] + "…"


def _cell(sheet: Any, value: Any, number_format: str | None) -> Any:
    """One write-only cell: numbers, booleans and dates as such, anything else as text."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif number_format:
            cell.number_format = number_format
        return cell
    text = _text(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl reads a leading "=" as a formula; this is text
    if neutralise(text) != text:
        cell.quotePrefix = True
    return cell


def write_workbook(out: str | Path | IO[bytes],
                   sheets: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, int]:
    """Write one sheet per entry of ``sheets`` (a name of :data:`SHEETS` to its rows,
    dicts keyed as its columns), in the order given, streaming; return the rows written
    per sheet. Each sheet has a bold, frozen header row and a filter."""
    unknown = sorted(set(sheets) - set(SHEETS))
    if unknown:
        raise ValueError(f"unknown sheets: {', '.join(unknown)}")
    book = Workbook(write_only=True)
    counts: dict[str, int] = {}
    bold = Font(bold=True)
    for name, rows in sheets.items():
        columns = SHEETS[name]
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for i, (_header, _key, _format, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        header = []
        for title, *_ in columns:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        count = 0
        for row in rows:
            sheet.append([_cell(sheet, row.get(key), fmt) for _t, key, fmt, _w in columns])
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        counts[name] = count
    book.save(out)
    return counts


def committee_members(G: nx.MultiDiGraph, *, as_of: dt.date,
                      settings: AnalyticsSettings = DEFAULTS) -> list[dict[str, Any]]:
    """One row per person with a role on one of the account's opportunities, by
    opportunity, then influence (highest first), then person id; influence and engaged
    as the opportunity page computes them. No analysis for an account without any."""
    members = [(u, v, attrs) for u, v, key, attrs in G.edges(keys=True, data=True)
               if key.startswith("role:") and u[0] == "person" and v[0] == "opportunity"]
    if not members:
        return []
    influence = analytics.influence(G, settings=settings)
    engaged = set(analytics.engaged_contacts(G, as_of=as_of, settings=settings))
    company = G.nodes["company", G.graph["company_id"]]
    rows = []
    for person, opportunity, attrs in members:
        p, o = G.nodes[person], G.nodes[opportunity]
        rows.append({
            "company_id": company["id"], "company": company.get("name") or company["id"],
            "opportunity_id": opportunity[1], "opportunity": o.get("name") or opportunity[1],
            "stage": o.get("stage"), "person_id": person[1],
            "person": p.get("name") or person[1], "title": p.get("title"),
            "role": attrs.get("role"), "stance": attrs.get("stance"),
            "engaged": person[1] in engaged,
            "influence": influence.get(person[1], {}).get("score", 0.0)})
    rows.sort(key=lambda r: (r["opportunity_id"], -r["influence"], r["person_id"], r["role"]))
    return rows


def _committees(store: Store, *, as_of: dt.date, settings: AnalyticsSettings
                ) -> Iterable[dict[str, Any]]:
    question = partial(committee_members, as_of=as_of, settings=settings)
    for _company_id, rows in portfolio.answers(store, question, account_ids(store),
                                               parts=COVERAGE_PARTS):
        yield from rows


def write_report(store: Store, out: str | Path | IO[bytes], *, as_of: dt.date,
                 sheets: Iterable[str] = tuple(SHEETS),
                 settings: AnalyticsSettings = DEFAULTS) -> dict[str, Any]:
    """Write the managers' workbook with ``sheets`` (names of :data:`SHEETS`, in that
    order) for ``as_of``; return ``{"as_of", "sheets": {name: rows}}`` (plus ``"path"``
    when ``out`` is a path)."""
    wanted = list(sheets)
    unknown = [name for name in wanted if name not in SHEETS]
    if unknown:
        raise InvalidInput(f"unknown sheets {unknown}; use some of {list(SHEETS)}")
    found: dict[str, Iterable[dict[str, Any]]] = {}
    if {"Gaps", "Accounts", "Whitespace"} & set(wanted):
        rows = summaries.portfolio_rows(store, as_of=as_of, account_ids=account_ids(store),
                                        settings=settings)
        found["Gaps"] = found["Accounts"] = rows
    if "Whitespace" in wanted:
        # The page's openings, best first; portfolio_rows brought them up to date.
        found["Whitespace"] = summaries.stored_cross_sell(store, as_of=as_of, limit=_EVERY)[0]
    if "Committees" in wanted:
        found["Committees"] = _committees(store, as_of=as_of, settings=settings)
    written = write_workbook(out, {name: found[name] for name in wanted})
    report: dict[str, Any] = {"as_of": as_of.isoformat(), "sheets": written}
    if isinstance(out, str | Path):
        report = {"path": str(out), **report}
    return report
