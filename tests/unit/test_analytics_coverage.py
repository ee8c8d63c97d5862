"""Coverage gaps and rep risk on tiny accounts (as of 2026-06-30; 180 days back = 2026-01-01)."""

from __future__ import annotations

from datetime import date, timedelta

from graphprofile.analytics.coverage import (
    decision_makers,
    engaged_contacts,
    engaged_links,
    gaps,
    rep_risk,
    stale_people,
)
from graphprofile.analytics.settings import AnalyticsSettings
from graphprofile.graph import account_graph
from graphprofile.models import (
    AccountSnapshot,
    AccountTeamMember,
    Colleague,
    Company,
    Department,
    Interaction,
    Opportunity,
    Person,
    Relationship,
    RoleAssignment,
)

AS_OF = date(2026, 6, 30)
FRESH = date(2026, 6, 1)
ACME = Company(id="acme", name="Acme", industry="banking")


def person(pid: str, **kw) -> Person:
    kw.setdefault("last_verified", FRESH)
    return Person(id=pid, company_id="acme", name=pid.upper(), **kw)


def knows(colleague: str, pid: str, strength: int) -> Relationship:
    return Relationship(colleague_id=colleague, person_id=pid, strength=strength)


def met(iid: str, colleague: str, pid: str, when: date) -> Interaction:
    return Interaction(id=iid, date=when, colleague_id=colleague, person_id=pid, type="call")


COLLEAGUES = [Colleague(id=c, name=c, function="sales") for c in ("c1", "c2", "c3")]


def account(**kw) -> AccountSnapshot:
    kw.setdefault("colleagues", COLLEAGUES)
    return AccountSnapshot(company=ACME, **kw)


def test_engaged_by_strength_or_recent_interaction_only():
    snap = account(
        people=[person(p) for p in ("strong", "weak", "edge", "old", "future")],
        relationships=[knows("c1", "strong", 3), knows("c1", "weak", 2)],
        interactions=[
            met("i1", "c2", "edge", AS_OF - timedelta(days=180)),  # inclusive boundary
            met("i2", "c2", "old", AS_OF - timedelta(days=181)),
            met("i3", "c2", "future", AS_OF + timedelta(days=1)),  # after as_of: no
        ])
    G = account_graph(snap)
    assert engaged_links(G, as_of=AS_OF) == [("c1", "strong"), ("c2", "edge")]
    assert engaged_contacts(G, as_of=AS_OF) == ["edge", "strong"]
    stricter = AnalyticsSettings(engaged_strength=4, engaged_days=30)
    assert engaged_contacts(G, as_of=AS_OF, settings=stricter) == []


def test_gaps_of_a_small_account_by_hand():
    # boss <- ann (reports), bob (reports); departments fin (ann, bob) and it (boss).
    # Priors: ann = bob = 0.2 (no seniority), boss 0.2 + 0.5 (economic buyer) = 0.7, so
    # p = 2/11, 2/11, 7/11. boss is dangling and teleports by p:
    #   ann = p_ann * (0.15 + 0.85 * boss), boss = 1 - 2 * ann
    #   ann = (2/11) * (1 - 1.7 ann)  =>  ann = 0.181818 / 1.309091 = 0.138889
    # Network standing (boss 1): ann 0.138889 / 0.722222 = 0.192308. Standing in levels:
    # boss 0 + 0.5 * 1 + 1.5 * 0.5 (economic buyer) = 1.25, ann -1 + 0.5 * 0.192308 =
    # -0.903846; score ann = bob = 0.5 ** 2.153846 = 0.224713, boss 1.
    # ann holds 0.224713 / 1.449426 = 0.1550 of the total.
    snap = account(
        departments=[Department(id="fin", company_id="acme", name="F", function="finance"),
                     Department(id="it", company_id="acme", name="I", function="it")],
        people=[person("boss", department_id="it", last_verified=None),
                person("ann", department_id="fin", reports_to="boss"),
                person("bob", department_id="fin", reports_to="boss",
                       last_verified=date(2025, 12, 31))],  # 181 days: stale
        relationships=[knows("c1", "ann", 4), knows("c2", "boss", 1)],
        opportunities=[Opportunity(id="o", company_id="acme", name="O", stage="proposal")],
        roles=[RoleAssignment(person_id="boss", role="economic_buyer", opportunity_id="o")])
    assert gaps(account_graph(snap), as_of=AS_OF) == {
        "no_one_mapped": False,
        "engaged_contacts": ["ann"],
        "colleagues": ["c1"],
        "single_threaded": True,
        "single_rep": True,
        "influence_coverage": 0.155,
        "uncovered_departments": ["it"],
        "unknown_decision_makers": ["boss"],
        "stale_people": ["bob", "boss"],
    }


def test_two_contacts_two_reps_is_neither_single_threaded_nor_single_rep():
    snap = account(people=[person("a"), person("b")],
                   relationships=[knows("c1", "a", 5)],
                   interactions=[met("i", "c2", "b", FRESH)])
    result = gaps(account_graph(snap), as_of=AS_OF)
    assert result["engaged_contacts"] == ["a", "b"]
    assert result["colleagues"] == ["c1", "c2"]
    assert (result["single_threaded"], result["single_rep"]) == (False, False)
    # two unconnected people with equal priors share influence equally: both engaged -> 1.0
    assert result["influence_coverage"] == 1.0


def test_empty_account_gaps():
    # A company and nothing else: no one known, but nobody of ours works it either.
    assert gaps(account_graph(AccountSnapshot(company=ACME)), as_of=AS_OF) == {
        "no_one_mapped": False,
        "engaged_contacts": [], "colleagues": [], "single_threaded": True,
        "single_rep": False, "influence_coverage": 0.0, "uncovered_departments": [],
        "unknown_decision_makers": [], "stale_people": [],
    }


def test_no_one_mapped_when_we_work_an_account_without_a_known_person():
    # No person is known at any of these; only an open deal or a team makes it a gap.
    lost = Opportunity(id="o1", company_id="acme", name="L", stage="lost", owner_id="c1")
    open_deal = lost.model_copy(update={"id": "o2", "stage": "qualified"})
    owner = AccountTeamMember(company_id="acme", colleague_id="c1", role="owner")
    member = AccountTeamMember(company_id="acme", colleague_id="c2")
    it = Department(id="d1", company_id="acme", name="IT", function="it")
    cases = {
        "lost deal only": (account(opportunities=[lost]), False),
        "a department only": (account(departments=[it]), False),
        "open deal": (account(opportunities=[lost, open_deal]), True),
        "owner": (account(account_team=[owner]), True),
        "a member": (account(account_team=[member], departments=[it]), True),
        "owner and a person": (account(account_team=[owner], people=[person("a")]), False),
    }
    found = {name: gaps(account_graph(snap), as_of=AS_OF) for name, (snap, _) in cases.items()}
    assert {name: g["no_one_mapped"] for name, g in found.items()} == {
        name: expected for name, (_, expected) in cases.items()}
    # Nothing else divides by the account's people.
    assert found["owner"]["influence_coverage"] == 0.0
    assert found["a member"]["uncovered_departments"] == ["d1"]


def test_decision_makers_on_open_deals_or_account_wide_only():
    snap = account(
        people=[person(p) for p in ("open-dm", "won-dm", "wide-eb", "champ", "known-dm")],
        opportunities=[Opportunity(id="open", company_id="acme", name="O", stage="qualified"),
                       Opportunity(id="won", company_id="acme", name="W", stage="won")],
        roles=[RoleAssignment(person_id="open-dm", role="decision_maker", opportunity_id="open"),
               RoleAssignment(person_id="won-dm", role="decision_maker", opportunity_id="won"),
               RoleAssignment(person_id="wide-eb", role="economic_buyer"),
               RoleAssignment(person_id="champ", role="champion", opportunity_id="open"),
               RoleAssignment(person_id="known-dm", role="decision_maker",
                              opportunity_id="open")],
        relationships=[knows("c1", "known-dm", 3)])
    G = account_graph(snap)
    assert decision_makers(G) == ["known-dm", "open-dm", "wide-eb"]
    assert gaps(G, as_of=AS_OF)["unknown_decision_makers"] == ["open-dm", "wide-eb"]


def test_stale_boundaries():
    snap = account(people=[person("d180", last_verified=AS_OF - timedelta(days=180)),
                           person("d181", last_verified=AS_OF - timedelta(days=181)),
                           person("never", last_verified=None),
                           person("later", last_verified=AS_OF + timedelta(days=3))])
    assert stale_people(account_graph(snap), as_of=AS_OF) == ["d181", "never"]


def rep_account() -> AccountSnapshot:
    # c1 alone knows a (engaged) and the decision maker dm (weakly, strength 1);
    # c2 and c1 both know b.
    return account(
        people=[person("a"), person("b"), person("dm")],
        relationships=[knows("c1", "a", 4), knows("c1", "b", 3), knows("c2", "b", 5),
                       knows("c1", "dm", 1)],
        roles=[RoleAssignment(person_id="dm", role="decision_maker")])


def test_rep_risk_weakened_loses_contact_and_orphans_decision_maker():
    assert rep_risk(account_graph(rep_account()), "c1", as_of=AS_OF) == {
        "dark": False, "weakened": True, "lost_contacts": ["a"],
        "orphaned_decision_makers": ["dm"], "owned_open_opportunities": [],
        "account_team_roles": [], "owns_account": False, "last_of_account_team": False,
    }


def test_rep_risk_harmless_departure():
    assert rep_risk(account_graph(rep_account()), "c2", as_of=AS_OF) == {
        "dark": False, "weakened": False, "lost_contacts": [],
        "orphaned_decision_makers": [], "owned_open_opportunities": [],
        "account_team_roles": [], "owns_account": False, "last_of_account_team": False,
    }


def test_rep_risk_dark_when_the_only_engaged_rep_leaves():
    snap = account(people=[person("a"), person("b")],
                   relationships=[knows("c1", "a", 4), knows("c2", "b", 2)],
                   interactions=[met("i", "c1", "b", FRESH)])
    assert rep_risk(account_graph(snap), "c1", as_of=AS_OF) == {
        "dark": True, "weakened": False, "lost_contacts": ["a", "b"],
        "orphaned_decision_makers": [], "owned_open_opportunities": [],
        "account_team_roles": [], "owns_account": False, "last_of_account_team": False,
    }


def test_rep_risk_of_an_outsider_or_an_account_without_contacts():
    G = account_graph(rep_account())
    assert rep_risk(G, "nobody", as_of=AS_OF)["weakened"] is False
    empty = account_graph(AccountSnapshot(company=ACME))
    assert rep_risk(empty, "c1", as_of=AS_OF) == {
        "dark": False, "weakened": False, "lost_contacts": [],
        "orphaned_decision_makers": [], "owned_open_opportunities": [],
        "account_team_roles": [], "owns_account": False, "last_of_account_team": False,
    }


def test_rep_risk_counts_the_open_opportunities_a_colleague_owns():
    # c3 knows no one, but owns the open deal: losing c3 weakens the account. The won
    # deal they own does not count.
    snap = account(
        people=[person("a")], relationships=[knows("c1", "a", 4)],
        opportunities=[Opportunity(id="o1", company_id="acme", name="O", stage="proposal",
                                   owner_id="c3"),
                       Opportunity(id="o2", company_id="acme", name="W", stage="won",
                                   owner_id="c3")])
    assert rep_risk(account_graph(snap), "c3", as_of=AS_OF) == {
        "dark": False, "weakened": True, "lost_contacts": [],
        "orphaned_decision_makers": [], "owned_open_opportunities": ["o1"],
        "account_team_roles": [], "owns_account": False, "last_of_account_team": False,
    }
    # An account with deals and no one mapped yet: its gap, and its owner's risk.
    nobody = account_graph(AccountSnapshot(company=ACME, opportunities=snap.opportunities))
    assert gaps(nobody, as_of=AS_OF)["no_one_mapped"] is True
    assert rep_risk(nobody, "c3", as_of=AS_OF)["weakened"] is True


def test_rep_risk_counts_the_account_teams_a_colleague_is_on():
    # c1 owns the account and c2 is its sales engineer: neither alone is all of the
    # team; with c2 gone from it, c1 is.
    team = [AccountTeamMember(company_id="acme", colleague_id="c1", role="owner"),
            AccountTeamMember(company_id="acme", colleague_id="c1", role="Account Manager"),
            AccountTeamMember(company_id="acme", colleague_id="c2", role="Sales Engineer")]
    colleagues = [Colleague(id=c, name=c, function="sales") for c in ("c1", "c2")]
    both = account_graph(AccountSnapshot(company=ACME, colleagues=colleagues,
                                         account_team=team))
    risk = rep_risk(both, "c1", as_of=AS_OF)
    # Losing the owner weakens the account, though c2 stays on its team.
    assert risk == {
        "dark": False, "weakened": True, "lost_contacts": [],
        "orphaned_decision_makers": [], "owned_open_opportunities": [],
        "account_team_roles": ["Account Manager", "owner"], "owns_account": True,
        "last_of_account_team": False,
    }
    # Losing the sales engineer leaves the owner: nothing lost.
    risk = rep_risk(both, "c2", as_of=AS_OF)
    assert (risk["account_team_roles"], risk["owns_account"], risk["last_of_account_team"],
            risk["weakened"]) == (["Sales Engineer"], False, False, False)
    # A member alone on the team (no owner) takes the whole team along.
    alone = account_graph(AccountSnapshot(company=ACME, colleagues=colleagues,
                                          account_team=team[2:]))
    risk = rep_risk(alone, "c2", as_of=AS_OF)
    assert (risk["owns_account"], risk["last_of_account_team"], risk["weakened"]) == (
        False, True, True)
    assert gaps(alone, as_of=AS_OF)["no_one_mapped"] is True
