"""Checks of the demo bundle (fixtures/demo) and of the seeded generator
(fixtures/generate.py, the module graphprofile.fixtures.generate).

Bundles are read with the csv module only: every reference resolves, reporting lines and
nesting form trees, enums use the contract's values, the generator is deterministic and
reports the counts it wrote, and every scenario documented in fixtures/demo/README.md holds.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from graphprofile import resources
from graphprofile.fixtures import generate as generator
from graphprofile.fixtures import make_demo

DEMO = resources.demo_bundle()
TODAY = date(2026, 11, 23)
CUTOFF = TODAY - timedelta(days=180)  # 2026-05-27

Row = dict[str, str]
Bundle = dict[str, list[Row]]

# file -> (required columns, optional columns): the bundle contract
CONTRACT: dict[str, tuple[list[str], list[str]]] = {
    "companies": (["id", "name", "industry"], [
        "segment", "region", "hq", "employees", "revenue", "profit", "valuation",
        "revenue_growth", "employee_growth", "industry_rank", "stage", "culture", "strategy",
        "overview", "industry_chain_position", "problems", "previous_solution", "parent_id",
        "strategic_class", "lead_source", "lead_date", "lead_reliability", "last_verified"]),
    "departments": (["id", "company_id", "name", "function"],
                    ["parent_id", "headcount", "headcount_growth"]),
    "people": (["id", "company_id", "name"], [
        "department_id", "title", "seniority", "reports_to", "function", "email", "phone",
        "kpis", "goals", "pains", "buying_power", "personality", "hobbies",
        "years_experience", "age_band", "preferred_channel", "situation", "last_verified",
        "previous_company_ids", "dotted_line_to", "placeholder"]),
    "influence": (["source_id", "target_id"], ["strength", "kind", "note", "polarity"]),
    "colleagues": (["id", "name", "function"], ["manager_id", "email", "active"]),
    "relationships": (["colleague_id", "person_id", "strength"],
                      ["since", "last_contact", "source", "target_strength"]),
    "account_team": (["company_id", "colleague_id"], ["role"]),
    "products": (["id", "name", "category"], ["target_function"]),
    "deployments": (["department_id", "product_id"],
                    ["vendor", "status", "since", "annual_value", "licences"]),
    "opportunities": (["id", "company_id", "name", "stage"], [
        "department_id", "product_id", "amount", "created", "expected_close", "closed",
        "lead_source", "lead_reliability", "owner_id"]),
    "roles": (["person_id", "role"], ["opportunity_id", "stance", "note"]),
    "interactions": (["id", "date", "colleague_id", "person_id", "type"],
                     ["opportunity_id", "summary"]),
}
KEYS = {
    "companies": ("id",), "departments": ("id",), "people": ("id",),
    "influence": ("source_id", "target_id"), "colleagues": ("id",),
    "relationships": ("colleague_id", "person_id"),
    "account_team": ("company_id", "colleague_id", "role"), "products": ("id",),
    "deployments": ("department_id", "product_id", "vendor"), "opportunities": ("id",),
    "roles": ("person_id", "role", "opportunity_id"), "interactions": ("id",),
}
SENIORITY = {"c_level", "vp", "director", "manager", "senior", "staff", "junior"}
FUNCTION = {"executive", "finance", "it", "engineering", "operations", "sales", "marketing",
            "hr", "legal", "procurement", "customer_service", "research", "product", "data",
            "risk", "other"}
COLLEAGUE_FUNCTION = {"sales", "presales", "customer_success", "support", "engineering",
                      "marketing", "management"}
ROLE = {"decision_maker", "economic_buyer", "influencer", "champion", "technical_evaluator",
        "user", "gatekeeper", "blocker"}
STANCE = {"supporter", "neutral", "opponent"}
STAGE = {"lead", "qualified", "proposal", "negotiation", "won", "lost"}
OPEN = {"lead", "qualified", "proposal", "negotiation"}
INTERACTION = {"meeting", "call", "email", "demo", "workshop", "event", "support",
               "proposal", "note"}
ENUMS: dict[tuple[str, str], set[str]] = {
    ("people", "seniority"): SENIORITY, ("people", "function"): FUNCTION,
    ("departments", "function"): FUNCTION, ("colleagues", "function"): COLLEAGUE_FUNCTION,
    ("roles", "role"): ROLE, ("roles", "stance"): STANCE, ("opportunities", "stage"): STAGE,
    ("interactions", "type"): INTERACTION,
    ("people", "buying_power"): {"can_decide", "needs_approval", "none"},
    ("companies", "strategic_class"): {"lighthouse", "cash_cow", "develop", "maintain"},
    ("companies", "lead_reliability"): {"high", "medium", "low"},
    ("opportunities", "lead_reliability"): {"high", "medium", "low"},
    ("deployments", "status"): {"active", "trial", "churned"},
    ("colleagues", "active"): {"true", "false"},
}
DATES = {
    "companies": ["lead_date", "last_verified"], "people": ["last_verified"],
    "relationships": ["since", "last_contact"], "deployments": ["since"],
    "opportunities": ["created", "expected_close", "closed"], "interactions": ["date"],
}
INTS = {"companies": ["employees", "industry_rank"], "departments": ["headcount"],
        "people": ["years_experience"], "relationships": ["strength"],
        "deployments": ["licences"]}
FLOATS = {"companies": ["revenue", "profit", "valuation", "revenue_growth", "employee_growth"],
          "departments": ["headcount_growth"], "influence": ["strength"],
          "deployments": ["annual_value"], "opportunities": ["amount"]}


# --- reading ----------------------------------------------------------------------------


def load(folder: Path) -> Bundle:
    """Every bundle file as a list of rows (dicts of strings)."""
    bundle: Bundle = {}
    for name in CONTRACT:
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
            bundle[name] = list(csv.DictReader(fh))
    return bundle


def data_rows(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def by_id(rows: list[Row]) -> dict[str, Row]:
    return {r["id"]: r for r in rows}


# --- generic bundle checks --------------------------------------------------------------


def check_columns(folder: Path) -> None:
    for name, (required, optional) in CONTRACT.items():
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert set(required) <= set(header), name
        assert set(header) <= set(required) | set(optional), name
        assert len(header) == len(set(header)), name


def check_values(b: Bundle) -> None:
    for name, (required, _) in CONTRACT.items():
        keys: set[tuple[str, ...]] = set()
        for row in b[name]:
            for col in required:
                assert row[col], f"{name}: empty {col} in {row}"
            key = tuple(row.get(k, "") for k in KEYS[name])
            assert key not in keys, f"{name}: duplicate {key}"
            keys.add(key)
    for (name, col), allowed in ENUMS.items():
        used = {r[col] for r in b[name] if r.get(col)}
        assert used <= allowed, f"{name}.{col}: {used - allowed}"
    for name, cols in DATES.items():
        for row in b[name]:
            for col in cols:
                if row.get(col):
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[col])
                    date.fromisoformat(row[col])
    for name, cols in INTS.items():
        for row in b[name]:
            for col in cols:
                if row.get(col):
                    int(row[col])
    for name, cols in FLOATS.items():
        for row in b[name]:
            for col in cols:
                if row.get(col):
                    float(row[col])
    for r in b["relationships"]:
        assert 1 <= int(r["strength"]) <= 5
    for r in b["influence"]:
        assert not r["strength"] or 0 <= float(r["strength"]) <= 1
        assert r["source_id"] != r["target_id"]
    for r in b["products"]:
        assert set(filter(None, r["target_function"].split(";"))) <= FUNCTION
    for r in b["deployments"]:
        assert r["vendor"], "vendor: 'ours' or a competitor's name"


def check_tree(rows: list[Row], parent_col: str, what: str) -> None:
    """parent_col points at a row of the same file and never loops."""
    rows_by_id = by_id(rows)
    for row in rows:
        seen = {row["id"]}
        cur = row
        while cur.get(parent_col):
            assert cur[parent_col] in rows_by_id, f"{what}: {cur[parent_col]} unknown"
            cur = rows_by_id[cur[parent_col]]
            assert cur["id"] not in seen, f"{what}: loop through {cur['id']}"
            seen.add(cur["id"])


def check_references(b: Bundle) -> None:
    companies = by_id(b["companies"])
    depts = by_id(b["departments"])
    people = by_id(b["people"])
    colleagues = by_id(b["colleagues"])
    products = by_id(b["products"])
    opps = by_id(b["opportunities"])
    for name in ("companies", "departments", "people", "colleagues", "products",
                 "opportunities", "interactions"):
        assert len(by_id(b[name])) == len(b[name]), f"{name}: duplicate ids"
    check_tree(b["companies"], "parent_id", "companies.parent_id")
    for d in b["departments"]:
        assert d["company_id"] in companies
        if d["parent_id"]:
            assert depts[d["parent_id"]]["company_id"] == d["company_id"]
    check_tree(b["departments"], "parent_id", "departments.parent_id")
    for p in b["people"]:
        assert p["company_id"] in companies
        if p["department_id"]:
            assert depts[p["department_id"]]["company_id"] == p["company_id"], p["id"]
        if p["reports_to"]:
            assert people[p["reports_to"]]["company_id"] == p["company_id"], p["id"]
        for prev in filter(None, p["previous_company_ids"].split(";")):
            assert prev in companies and prev != p["company_id"], p["id"]
    check_tree(b["people"], "reports_to", "people.reports_to")
    roots: dict[str, int] = defaultdict(int)
    for p in b["people"]:
        roots[p["company_id"]] += not p["reports_to"]
    assert all(n == 1 for n in roots.values()), "one top of the org chart per company"
    for c in b["colleagues"]:
        assert not c["manager_id"] or c["manager_id"] in colleagues
    check_tree(b["colleagues"], "manager_id", "colleagues.manager_id")
    for r in b["influence"]:
        assert r["source_id"] in people and r["target_id"] in people
    for r in b["relationships"]:
        assert r["colleague_id"] in colleagues and r["person_id"] in people
    for r in b["deployments"]:
        assert r["department_id"] in depts and r["product_id"] in products
    for o in b["opportunities"]:
        assert o["company_id"] in companies
        if o["department_id"]:
            assert depts[o["department_id"]]["company_id"] == o["company_id"]
        assert not o["product_id"] or o["product_id"] in products
        assert not o["owner_id"] or o["owner_id"] in colleagues
    for r in b["roles"]:
        assert r["person_id"] in people
        if r["opportunity_id"]:
            assert opps[r["opportunity_id"]]["company_id"] == people[r["person_id"]][
                "company_id"]
    for i in b["interactions"]:
        assert i["colleague_id"] in colleagues and i["person_id"] in people
        if i["opportunity_id"]:
            assert opps[i["opportunity_id"]]["company_id"] == people[i["person_id"]][
                "company_id"]


def check_bundle(folder: Path) -> Bundle:
    check_columns(folder)
    b = load(folder)
    check_values(b)
    check_references(b)
    return b


# --- scenario measures (shared with the README's definitions) ---------------------------


def company_of(b: Bundle) -> Callable[[str], str]:
    people = by_id(b["people"])
    return lambda pid: people[pid]["company_id"]


def accounts(b: Bundle) -> list[str]:
    """Companies that have people (the pure previous employers are not accounts)."""
    with_people = {p["company_id"] for p in b["people"]}
    return [c["id"] for c in b["companies"] if c["id"] in with_people]


def engaged_people(b: Bundle, account: str) -> set[str]:
    """People with a relationship of strength >= 3 or an interaction in the last 180 days."""
    co = company_of(b)
    strong = {r["person_id"] for r in b["relationships"] if int(r["strength"]) >= 3}
    recent = {i["person_id"] for i in b["interactions"]
              if date.fromisoformat(i["date"]) >= CUTOFF}
    return {p for p in strong | recent if co(p) == account}


def single_threaded(b: Bundle) -> set[str]:
    return {a for a in accounts(b) if len(engaged_people(b, a)) <= 1}


def holders(b: Bundle, account: str, with_interactions: bool) -> set[str]:
    co = company_of(b)
    rows = b["relationships"] + (b["interactions"] if with_interactions else [])
    return {r["colleague_id"] for r in rows if co(r["person_id"]) == account}


def one_rep_accounts(b: Bundle) -> set[str]:
    return {a for a in accounts(b) if len(holders(b, a, with_interactions=False)) == 1}


def dark_on_departure(b: Bundle, with_interactions: bool) -> dict[str, set[str]]:
    """colleague -> accounts left with no relationship (and interaction) if they leave."""
    out: dict[str, set[str]] = defaultdict(set)
    for a in accounts(b):
        h = holders(b, a, with_interactions)
        if len(h) == 1:
            out[h.pop()].add(a)
    return dict(out)


def unknown_decision_makers(b: Bundle) -> set[str]:
    opps = by_id(b["opportunities"])
    known = {r["person_id"] for r in b["relationships"]}
    known |= {i["person_id"] for i in b["interactions"]}
    return {r["person_id"] for r in b["roles"]
            if r["role"] in ("decision_maker", "economic_buyer") and r["opportunity_id"]
            and opps[r["opportunity_id"]]["stage"] in OPEN and r["person_id"] not in known}


def is_stale(row: Row) -> bool:
    return not row["last_verified"] or date.fromisoformat(row["last_verified"]) < CUTOFF


def fits(b: Bundle, dept_id: str, product_id: str) -> bool:
    dept = by_id(b["departments"])[dept_id]
    product = by_id(b["products"])[product_id]
    return dept["function"] in product["target_function"].split(";")


# --- the demo ---------------------------------------------------------------------------

# The table "scenario -> ids" of fixtures/demo/README.md, as data.
SINGLE_THREADED = "hartwell-am"
ALL_SINGLE_THREADED = {"hartwell-am", "cloudnest"}
ONE_REP = ("ferrox", "c-marco")
ALL_ONE_REP = {"ferrox", "mediva"}
UNKNOWN_DM = ("transvia-p-002", "transvia-o-1")
STALE_COMPANIES = {"hartwell-am", "mediva", "cloudnest", "orbis"}
STALE_KEY_PEOPLE = ["transvia-p-002", "mediva-p-002", "mediva-p-004", "hartwell-am-p-005",
                    "hartwell-p-007", "cloudnest-p-003"]
MOVED_CHAMPION = ("cloudnest-p-004", "meridian", "cloudnest-o-1")
WHITESPACE = [("hartwell-d-risk", "prod-sec"), ("hartwell-d-mkt", "prod-crm"),
              ("hartwell-d-mkt", "prod-bi"), ("hartwell-d-legal", "prod-sec"),
              ("meridian-d-data", "prod-bi"), ("meridian-d-data", "prod-data"),
              ("meridian-d-proc", "prod-erp"), ("transvia-d-fin", "prod-bi"),
              ("transvia-d-fin", "prod-erp")]
COMPETITOR_DEPLOYMENTS = {
    ("hartwell-d-fin", "prod-bi", "Quantivo"), ("hartwell-d-cs", "prod-desk", "HelpRoute"),
    ("ferrox-d-eng", "prod-data", "Stackmere"), ("ferrox-d-fin", "prod-bi", "Graphlyte"),
    ("meridian-d-mkt", "prod-crm", "Pipewise"), ("meridian-d-cs", "prod-desk", "HelpRoute"),
    ("meridian-d-fin", "prod-erp", "Ledgerline"), ("mediva-d-it", "prod-sec", "Fortiq"),
    ("transvia-d-it", "prod-desk", "Ticketly"), ("transvia-d-ops", "prod-erp", "Corevia"),
}
STALE_PEOPLE = (236, 90)  # stale people in total, of which never verified
AUDIT_GAPS = "cloudnest"
DEPARTURE = ("c-tomas", "mediva")
PARENT = ("hartwell-am", "hartwell")
PREVIOUS_EMPLOYER_ONLY = "orbis"


@pytest.fixture(scope="module")
def demo() -> Bundle:
    return check_bundle(DEMO)


def test_demo_references_trees_and_enums(demo: Bundle) -> None:
    assert len(accounts(demo)) == 7
    assert {c["industry"] for c in demo["companies"] if c["id"] in accounts(demo)} == {
        "banking", "asset_management", "manufacturing", "retail", "healthcare", "logistics",
        "software"}


def test_demo_covers_every_stage_and_interaction_type(demo: Bundle) -> None:
    assert {o["stage"] for o in demo["opportunities"]} == STAGE
    assert {i["type"] for i in demo["interactions"]} == INTERACTION
    assert all("2025-01-01" <= i["date"] <= TODAY.isoformat() for i in demo["interactions"])
    assert any(not r["opportunity_id"] for r in demo["roles"])
    assert {c["function"] for c in demo["colleagues"]} >= (COLLEAGUE_FUNCTION - {"marketing"})


def test_demo_sizes(demo: Bundle) -> None:
    per_account: dict[str, int] = defaultdict(int)
    for p in demo["people"]:
        per_account[p["company_id"]] += 1
    assert all(20 <= n <= 150 for n in per_account.values())
    assert 400 <= len(demo["people"]) <= 500
    assert 8 <= len(demo["colleagues"]) <= 12


def test_demo_row_counts_match_readme() -> None:
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(\w+\.csv)` \| (\d+) \|", text, flags=re.M))
    assert set(documented) == {f"{n}.csv" for n in CONTRACT}
    for name, count in documented.items():
        assert data_rows(DEMO / name) == int(count), name


def test_readme_names_every_scenario_id() -> None:
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    ids = [SINGLE_THREADED, *ONE_REP, *UNKNOWN_DM, *STALE_COMPANIES, *STALE_KEY_PEOPLE,
           *MOVED_CHAMPION, AUDIT_GAPS, *DEPARTURE, *PARENT, PREVIOUS_EMPLOYER_ONLY]
    ids += [x for pair in WHITESPACE for x in pair]
    ids += [d for d, _, _ in COMPETITOR_DEPLOYMENTS]
    for i in ids:
        assert f"`{i}`" in text, i


def test_scenario_single_threaded(demo: Bundle) -> None:
    assert len(engaged_people(demo, SINGLE_THREADED)) == 1
    assert single_threaded(demo) == ALL_SINGLE_THREADED


def test_scenario_one_rep_holds_every_relationship(demo: Bundle) -> None:
    account, rep = ONE_REP
    assert holders(demo, account, with_interactions=False) == {rep}
    assert len([r for r in demo["relationships"]
                if company_of(demo)(r["person_id"]) == account]) == 8
    assert one_rep_accounts(demo) == ALL_ONE_REP


def test_scenario_unknown_decision_maker(demo: Bundle) -> None:
    person, opp = UNKNOWN_DM
    assert unknown_decision_makers(demo) == {person}
    assert any(r["person_id"] == person and r["opportunity_id"] == opp
               for r in demo["roles"])


def test_scenario_stale_profiles(demo: Bundle) -> None:
    assert {c["id"] for c in demo["companies"] if is_stale(c)} == STALE_COMPANIES
    people = by_id(demo["people"])
    assert all(is_stale(people[p]) for p in STALE_KEY_PEOPLE)
    assert any(not people[p]["last_verified"] for p in STALE_KEY_PEOPLE)
    stale = [p for p in demo["people"] if is_stale(p)]
    assert (len(stale), sum(not p["last_verified"] for p in stale)) == STALE_PEOPLE


def test_scenario_moved_champion(demo: Bundle) -> None:
    person, old, opp = MOVED_CHAMPION
    row = by_id(demo["people"])[person]
    assert old in row["previous_company_ids"].split(";")
    assert old in accounts(demo) and row["company_id"] != old
    assert any(r["person_id"] == person and r["role"] == "champion"
               and r["opportunity_id"] == opp for r in demo["roles"])


def test_scenario_whitespace_and_competitors(demo: Bundle) -> None:
    deployed = {d["department_id"] for d in demo["deployments"]}
    pursued = {o["department_id"] for o in demo["opportunities"]}
    for dept, product in WHITESPACE:
        assert fits(demo, dept, product), (dept, product)
        assert dept not in deployed and dept not in pursued, dept
    rows = {(d["department_id"], d["product_id"], d["vendor"]) for d in demo["deployments"]}
    assert {r for r in rows if r[2] != "ours"} == COMPETITOR_DEPLOYMENTS


def test_scenario_audit_gaps(demo: Bundle) -> None:
    company = by_id(demo["companies"])[AUDIT_GAPS]
    assert not company["industry_rank"] and not company["lead_source"]
    assert not company["lead_date"] and not company["strategic_class"]
    co = company_of(demo)
    assert not [i for i in demo["interactions"] if co(i["person_id"]) == AUDIT_GAPS]
    assert any(r for r in demo["roles"] if co(r["person_id"]) == AUDIT_GAPS)


def test_scenario_departure_leaves_account_dark(demo: Bundle) -> None:
    colleague, account = DEPARTURE
    assert holders(demo, account, with_interactions=True) == {colleague}
    assert dark_on_departure(demo, with_interactions=True) == {colleague: {account}}
    assert dark_on_departure(demo, with_interactions=False) == {
        "c-tomas": {"mediva"}, "c-marco": {"ferrox"}}
    assert by_id(demo["colleagues"])[colleague]["active"] == "true"


def test_scenario_parent_and_previous_employer(demo: Bundle) -> None:
    child, parent = PARENT
    assert by_id(demo["companies"])[child]["parent_id"] == parent
    assert PREVIOUS_EMPLOYER_ONLY not in accounts(demo)
    assert any(PREVIOUS_EMPLOYER_ONLY in p["previous_company_ids"].split(";")
               for p in demo["people"])


def test_demo_script_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(make_demo, "OUT", tmp_path)
    monkeypatch.setattr(make_demo, "HISTORY", tmp_path / "history")
    make_demo.build()
    for name in CONTRACT:
        assert (tmp_path / f"{name}.csv").read_bytes() == (DEMO / f"{name}.csv").read_bytes()
    # The earlier exports too, file for file.
    written = sorted(p.relative_to(tmp_path / "history")
                     for p in (tmp_path / "history").rglob("*.csv"))
    shipped = DEMO.parent / "demo_history"
    assert written == sorted(p.relative_to(shipped) for p in shipped.rglob("*.csv"))
    assert written, "the demo has earlier exports"
    for rel in written:
        assert (tmp_path / "history" / rel).read_bytes() == (shipped / rel).read_bytes()


# --- the generator ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("gen") / "bundle"
    counts = generator.generate(out, accounts=30, seed=7)
    return out, counts


def test_generated_bundle_is_valid(generated: tuple[Path, dict[str, int]]) -> None:
    out, _ = generated
    b = check_bundle(out)
    assert len(b["companies"]) == 30
    assert len(b["colleagues"]) >= 5
    assert {c["function"] for c in b["colleagues"]} <= COLLEAGUE_FUNCTION
    sizes: dict[str, int] = defaultdict(int)
    for p in b["people"]:
        sizes[p["company_id"]] += 1
    assert all(20 <= n <= 200 for n in sizes.values())


def test_generated_counts_match_files(generated: tuple[Path, dict[str, int]]) -> None:
    out, counts = generated
    assert set(counts) == {f"{n}.csv" for n in CONTRACT}
    for name, n in counts.items():
        # a file with no rows is not written (write_bundle)
        assert (data_rows(out / name) if (out / name).exists() else 0) == n, name


def test_generator_is_deterministic(tmp_path: Path,
                                    generated: tuple[Path, dict[str, int]]) -> None:
    first, _ = generated
    generator.generate(tmp_path, accounts=30, seed=7)
    for name in CONTRACT:
        assert (tmp_path / f"{name}.csv").read_bytes() == (first / f"{name}.csv").read_bytes()
    other = tmp_path / "other"
    generator.generate(other, accounts=30, seed=8)
    assert (other / "people.csv").read_bytes() != (first / "people.csv").read_bytes()


def test_generator_fixed_people_per_account(tmp_path: Path) -> None:
    counts = generator.generate(tmp_path, accounts=4, seed=1, people_per_account=57)
    assert counts["people.csv"] == 4 * 57
    b = check_bundle(tmp_path)
    depth: dict[str, int] = {}
    people = by_id(b["people"])

    def level(pid: str) -> int:
        if pid not in depth:
            boss = people[pid]["reports_to"]
            depth[pid] = 0 if not boss else level(boss) + 1
        return depth[pid]

    assert max(level(p) for p in people) >= 2


def test_generator_cli(tmp_path: Path) -> None:
    assert generator.main([str(tmp_path), "--accounts", "2", "--seed", "3"]) == 0
    assert data_rows(tmp_path / "companies.csv") == 2


def test_generator_runs_as_a_script_and_as_a_module(tmp_path: Path) -> None:
    script = Path(generator.__file__)  # fixtures/generate.py in a checkout
    for out, how in ((tmp_path / "script", [str(script)]),
                     (tmp_path / "module", ["-m", "graphprofile.fixtures.generate"])):
        subprocess.run([sys.executable, *how, str(out), "--accounts", "2", "--seed", "3"],
                       check=True, cwd=tmp_path, timeout=120)
    for name in CONTRACT:
        assert ((tmp_path / "script" / f"{name}.csv").read_bytes()
                == (tmp_path / "module" / f"{name}.csv").read_bytes()), name
