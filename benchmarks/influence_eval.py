"""Does the influence score respect formal rank? Pairwise concordance on two public org charts.

Usage::

    .venv/bin/python benchmarks/influence_eval.py [--out benchmarks/influence_eval.json]

Data (``tests/data/``, sources in its README): the AdventureWorks sample company's 290
employees (reporting lines, job titles, organisation level 0..4) and Krackhardt's (1987)
21 high-tech managers (reporting lines, level 1..3, and who goes to whom for advice).

For each case it builds the account as the importer would (persons with ``title`` and
``reports_to``; an adviser *influences* whoever asks them, strength 0.5) and ranks the
people with

* ``old``: the score before formal levels were counted (PageRank over reporting and
  influence lines, hierarchy floor; titles not read), :func:`network_scores` with
  ``infer_seniority_from_title=False``;
* ``new``: :func:`influence_scores` with the default settings.

Concordance: of all pairs of people at different formal levels (the dataset's own level
column), the share where the more senior one has the better rank. Cases:

* ``adventureworks``: every reporting line and title;
* ``adventureworks_no_titles``: reporting lines only (level = distance from the top);
* ``adventureworks_partial``: titles, but 30 % of the reporting lines dropped (seeded),
  as a CRM that knows only some of them: detached teams are placed by their titles;
* ``krackhardt``: reporting lines and the advice network as influence lines.

It also reports, for each of the CEO's direct reports (the vice presidents among them, one
with a single report, one with three), how many of the 21 first-line production
supervisors (up to 13 reports each) each score ranks above them.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import random
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphprofile.analytics.influence import influence, network_scores  # noqa: E402
from graphprofile.analytics.settings import DEFAULTS  # noqa: E402
from graphprofile.graph import account_graph  # noqa: E402
from graphprofile.models import AccountSnapshot, Company, Influence, Person  # noqa: E402

DATA = ROOT / "tests" / "data"
OLD = dataclasses.replace(DEFAULTS, infer_seniority_from_title=False)


@dataclasses.dataclass
class Case:
    """One account to rank, with each person's formal level from the dataset."""

    name: str
    snapshot: AccountSnapshot
    levels: dict[str, int]
    titles: dict[str, str] = dataclasses.field(default_factory=dict)   # the dataset's
    managers: dict[str, str] = dataclasses.field(default_factory=dict)  # all its lines


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def adventureworks(*, titles: bool = True, drop_lines: float = 0.0, seed: int = 21) -> Case:
    """The AdventureWorks org chart; ``drop_lines`` of the reporting lines left out."""
    rows = _rows("adventureworks_org.csv")
    rng = random.Random(seed)
    people = []
    for row in rows:
        manager = row["manager_id"] or None
        if manager is not None and rng.random() < drop_lines:
            manager = None
        people.append(Person(id=row["id"], company_id="aw", name=row["id"],
                             title=row["title"] if titles else None, reports_to=manager))
    name = "adventureworks" + ("" if titles else "_no_titles") + (
        "_partial" if drop_lines else "")
    return Case(name, AccountSnapshot(company=Company(id="aw", name="AdventureWorks",
                                                      industry="manufacturing"),
                                      people=people),
                {row["id"]: int(row["level"]) for row in rows},
                {row["id"]: row["title"] for row in rows},
                {row["id"]: row["manager_id"] for row in rows if row["manager_id"]})


def krackhardt(*, advice_strength: float = 0.5) -> Case:
    """Krackhardt's managers: reporting lines, and each adviser influencing the asker."""
    rows = _rows("krackhardt_hightech.csv")
    people = [Person(id=r["id"], company_id="hitech", name=r["id"],
                     reports_to=r["manager_id"] or None) for r in rows]
    lines = [Influence(source_id=r["adviser"], target_id=r["asker"], strength=advice_strength)
             for r in _rows("krackhardt_advice.csv")]
    return Case("krackhardt", AccountSnapshot(
        company=Company(id="hitech", name="High-tech manufacturer", industry="manufacturing"),
        people=people, influence=lines), {r["id"]: int(r["level"]) - 1 for r in rows})


def concordance(ranks: dict[str, int], levels: dict[str, int]) -> float:
    """Share of pairs at different levels whose more senior person ranks better."""
    right = pairs = 0
    for a, b in combinations(sorted(levels), 2):
        if levels[a] == levels[b]:
            continue
        senior, junior = (a, b) if levels[a] < levels[b] else (b, a)
        pairs += 1
        right += ranks[senior] < ranks[junior]
    return right / pairs if pairs else 1.0


def rankings(case: Case) -> dict[str, dict[str, int]]:
    """Rank of each person by the old and the new score."""
    G = account_graph(case.snapshot)
    old = influence(G, scores=network_scores(G, settings=OLD))
    new = influence(G)
    return {"old": {p: r["rank"] for p, r in old.items()},
            "new": {p: r["rank"] for p, r in new.items()}}


def top_team_against_supervisors(case: Case, ranks: dict[str, dict[str, int]]
                                 ) -> dict[str, Any]:
    """Each of the CEO's direct reports (level 1: the vice presidents and three more)
    against the first-line production supervisors: how many of those each score ranks
    above them."""
    supervisors = sorted(p for p, t in case.titles.items()
                         if t.startswith("Production Supervisor"))
    team = {pid: sum(1 for m in case.managers.values() if m == pid) for pid in case.levels}
    return {
        "supervisors": len(supervisors),
        "largest_supervisor_team": max(team[s] for s in supervisors),
        "level_1": {pid: {"title": case.titles[pid], "reports": team[pid],
                          **{f"{score}_rank": ranks[score][pid] for score in ("old", "new")},
                          **{f"{score}_supervisors_above": sum(
                              ranks[score][s] < ranks[score][pid] for s in supervisors)
                             for score in ("old", "new")}}
                    for pid in sorted(case.levels) if case.levels[pid] == 1},
    }


def evaluate() -> dict[str, Any]:
    """Every case's concordance, old and new, and the VP-against-supervisors figures."""
    result: dict[str, Any] = {}
    for case in (adventureworks(), adventureworks(titles=False),
                 adventureworks(drop_lines=0.3), krackhardt()):
        ranks = rankings(case)
        entry: dict[str, Any] = {
            "people": len(case.levels), "levels": len(set(case.levels.values())),
            "old": round(concordance(ranks["old"], case.levels), 4),
            "new": round(concordance(ranks["new"], case.levels), 4)}
        if case.name.startswith("adventureworks"):
            entry["top_team"] = top_team_against_supervisors(case, ranks)
        result[case.name] = entry
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    result = evaluate()
    text = json.dumps(result, indent=2, sort_keys=True)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
