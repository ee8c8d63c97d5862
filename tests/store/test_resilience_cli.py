"""``bus-factor`` and ``what-if`` through the CLI, on the demo portfolio in the real Neo4j."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphprofile.cli import main
from graphprofile.services import import_bundle

AS_OF = "2026-11-23"


@pytest.fixture
def run(store, demo_bundle, cli_env):
    import_bundle(store, demo_bundle)
    runner = CliRunner()

    def invoke(*args: str, code: int = 0, as_json: bool = True):
        result = runner.invoke(main, [*args, *(["--json"] if as_json else [])], env=cli_env)
        assert result.exit_code == code, result.output
        return json.loads(result.output) if as_json and code == 0 else result.output

    return invoke


def test_mediva_hangs_on_one_rep(run):
    # Tomas holds every link at Mediva (the single-rep scenario): he alone is the cut.
    data = run("bus-factor", "mediva")
    assert data == {"company_id": "mediva", "size": 1, "targets": [
        {"person_id": p, "size": 1, "cut": ["c-tomas"]}
        for p in ("mediva-p-001", "mediva-p-002", "mediva-p-003")]}
    assert "mediva: bus factor 1" in run("bus-factor", "mediva", as_json=False)


def test_cloudnest_needs_both_of_its_colleagues_gone(run):
    data = run("bus-factor", "cloudnest")
    assert data["size"] == 2
    assert data["targets"] == [{"person_id": "cloudnest-p-001", "size": 2,
                                "cut": ["c-fatima", "c-marco"]}]


def test_the_ferrox_ceo_leaving_weakens_the_path_to_the_cfo(run):
    # Decay (180-day half-life) on 2026-11-23: Marco last met the CEO 287 days ago (3 ->
    # 0.9918, no longer engaged), ferrox-p-003 18 days ago (4 -> 3.7321), ferrox-p-002 54
    # days ago (2 -> 1.6245). Best path to p-002: via p-003 and the CEO, 0.7464 * 0.6 *
    # 0.8 (p-003's influence line on the CEO) = 0.3583; without the CEO Marco's direct
    # link is left: 1.6245 / 5 = 0.3249.
    data = run("what-if", "ferrox", "--person", "ferrox-p-001", "--as-of", AS_OF)
    assert data["company_id"] == "ferrox" and data["person_id"] == "ferrox-p-001"
    assert data["engaged_contacts"] == {"before": 6, "after": 6, "lost": []}
    # the CEO was not engaged: without their share the engaged hold more of what is left
    assert data["influence_coverage"]["after"] > data["influence_coverage"]["before"]
    paths = {p["person_id"]: p for p in data["warm_paths"]}
    assert sorted(paths) == ["ferrox-p-002", "ferrox-p-003", "ferrox-p-004"]
    assert paths["ferrox-p-002"] == {
        "person_id": "ferrox-p-002",
        "before": {"nodes": ["c-marco", "ferrox-p-003", "ferrox-p-001", "ferrox-p-002"],
                   "score": 0.3583, "strength": 4, "effective_strength": 3.7321},
        "after": {"nodes": ["c-marco", "ferrox-p-002"], "score": 0.3249, "strength": 2,
                  "effective_strength": 1.6245},
        "lost": True}
    assert data["unreachable"] == []
    # Without decay the CEO is engaged and the path runs through them directly: c-marco
    # knows the CEO (3 -> 0.6), a report-line away from ferrox-p-002 (0.6... as recorded).
    still = run("what-if", "ferrox", "--person", "ferrox-p-001", "--as-of", AS_OF,
                "--half-life", "0")
    assert still["engaged_contacts"] == {"before": 8, "after": 7, "lost": ["ferrox-p-001"]}
    assert still["influence_coverage"]["after"] < still["influence_coverage"]["before"]
    before = {p["person_id"]: p for p in still["warm_paths"]}["ferrox-p-002"]["before"]
    assert (before["nodes"], before["score"]) == (
        ["c-marco", "ferrox-p-001", "ferrox-p-002"], 0.48)


def test_what_if_refuses_a_person_of_another_account(run):
    out = run("what-if", "ferrox", "--person", "mediva-p-001", code=1, as_json=False)
    assert "works at 'mediva', not 'ferrox'" in out


def test_unknown_company_is_a_clear_error(run):
    out = run("bus-factor", "nope", code=1, as_json=False)
    assert "nope" in out


def test_the_hartwell_blocker_is_one_line_from_the_cfo_and_countered(run):
    data = run("blockers", "hartwell-o-1")
    assert data["company_id"] == "hartwell"
    assert data["deciders"] == ["hartwell-p-001", "hartwell-p-002"]
    [blocker] = data["blockers"]
    assert blocker["person_id"] == "hartwell-p-009" and blocker["roles"] == ["blocker"]
    assert blocker["paths"] == [
        {"decider": "hartwell-p-001", "nodes": ["hartwell-p-009", "hartwell-p-002",
                                                "hartwell-p-001"], "hops": 2},
        {"decider": "hartwell-p-002", "nodes": ["hartwell-p-009", "hartwell-p-002"],
         "hops": 1}]
    assert blocker["counters"][0] == {"person_id": "hartwell-p-006", "distance": 2,
                                      "reaches": 2}
    assert "countered by: hartwell-p-006 (2)" in run("blockers", "hartwell-o-1",
                                                     as_json=False)


def test_ferrox_splits_into_the_cfo_camp_and_the_champion_camp(run):
    data = run("coalitions", "ferrox")
    assert [c["members"] for c in data["coalitions"]] == [
        ["ferrox-p-001", "ferrox-p-002", "ferrox-p-008"],
        ["ferrox-p-003", "ferrox-p-006", "ferrox-p-009"]]
    assert data["coalitions"][1]["leader"] == "ferrox-p-009"
    assert data["coalitions"][1]["supporters"] == ["ferrox-p-003", "ferrox-p-009"]
    inside = run("coalitions", "ferrox", "--opportunity", "ferrox-o-1")
    members = {m for c in inside["coalitions"] for m in c["members"]}
    assert inside["opportunity_id"] == "ferrox-o-1"
    assert members <= set().union(*[c["members"] for c in data["coalitions"]])


def test_check_finds_olgas_relationships_at_meridian(run):
    data = run("check")
    assert data["total"] == 1
    assert data["companies"] == [{"company_id": "meridian", "problems": [{
        "kind": "colleague_left", "people": ["meridian-p-003", "meridian-p-004"],
        "detail": "c-olga has left but still holds 2 relationship(s) here",
        "fix": "hand c-olga's relationships to an active colleague, or end them"}]}]
    assert run("check", "--company", "ferrox") == {
        "total": 0, "companies": [{"company_id": "ferrox", "problems": []}]}
    assert "fix: hand c-olga's" in run("check", as_json=False)


def test_committees_of_the_demo_deals(run, tmp_path):
    hartwell = run("committee", "hartwell-o-1", "--as-of", AS_OF)
    assert (hartwell["status"], hartwell["required_filled"]) == ("green", 1.0)
    # Ferrox's analytics deal: nobody in a decision role or as champion supports us.
    ferrox = run("committee", "ferrox-o-3", "--as-of", AS_OF)
    assert ferrox["status"] == "red" and ferrox["required_filled"] == 0.25
    # Transvia's 540k deal is large: the influencer is required and missing.
    transvia = run("committee", "transvia-o-1", "--as-of", AS_OF)
    assert transvia["large"] is True and transvia["status"] == "amber"
    assert transvia["reason"] == "required roles not filled: influencer"
    template = tmp_path / "t.toml"
    template.write_text("large_amount = 1000000\n")
    relaxed = run("committee", "transvia-o-1", "--as-of", AS_OF, "--template", str(template))
    assert relaxed["large"] is False and relaxed["required_filled"] == 1.0
    template.write_text('required = ["ceo"]\n')
    out = run("committee", "transvia-o-1", "--template", str(template), code=1,
              as_json=False)
    assert "bad committee template" in out and "ceo" in out
