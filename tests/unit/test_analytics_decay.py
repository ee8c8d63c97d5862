"""Relationship decay on hand-built accounts: the half-life halves a strength, ``as_of``
moves it, a half-life of 0 switches it off, and a stale relationship stops counting."""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
import pytest

from graphprofile.analytics.coverage import engaged_contacts, gaps
from graphprofile.analytics.decay import effective_strength, relationship_strength
from graphprofile.analytics.paths import best_warm_paths, warm_paths
from graphprofile.analytics.resilience import bus_factor
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings

MET = date(2026, 1, 1)
OFF = AnalyticsSettings(relationship_half_life_days=0)


def test_the_default_half_life_is_180_days():
    assert DEFAULTS.relationship_half_life_days == 180


def test_one_half_life_halves_two_quarter_it():
    assert effective_strength(4, last_contact=MET, as_of=MET + timedelta(days=180)) == 2.0
    assert effective_strength(4, last_contact=MET, as_of=MET + timedelta(days=360)) == 1.0
    # 90 days: 4 * 2 ** -0.5 = 2.8284
    assert effective_strength(4, last_contact=MET, as_of=MET + timedelta(days=90)) == 2.8284


def test_as_of_moves_it_and_a_later_contact_counts_from_there():
    older = effective_strength(5, last_contact=MET, as_of=date(2026, 12, 28))  # 361 days
    newer = effective_strength(5, last_contact=MET, as_of=date(2026, 3, 2))  # 60 days
    assert newer > older
    # the last contact, not the start, is where it starts to fade
    assert effective_strength(5, since=date(2020, 1, 1), last_contact=MET, as_of=MET) == 5.0
    # without a contact the start of the relationship counts
    assert effective_strength(5, since=MET, as_of=MET + timedelta(days=180)) == 2.5
    # a contact after as_of does not make it stronger than recorded
    assert effective_strength(5, last_contact=MET, as_of=MET - timedelta(days=30)) == 5.0


def test_off_or_undated_or_without_as_of_means_unchanged():
    old = date(2015, 1, 1)
    assert effective_strength(3, last_contact=old, as_of=MET, settings=OFF) == 3.0
    assert effective_strength(3, as_of=MET) == 3.0
    assert effective_strength(3, last_contact=old, as_of=None) == 3.0
    assert relationship_strength({"strength": 3, "last_contact": old}, as_of=MET,
                                 settings=OFF) == 3.0
    assert relationship_strength({}, as_of=MET) == 0.0


def test_other_half_lives_and_a_negative_one_is_refused():
    fast = AnalyticsSettings.from_mapping({"relationship_half_life_days": 30})
    assert effective_strength(4, last_contact=MET, as_of=MET + timedelta(days=60),
                              settings=fast) == 1.0
    with pytest.raises(ValueError, match="relationship_half_life_days"):
        AnalyticsSettings(relationship_half_life_days=-1)


def account(last_contact: date | None) -> nx.MultiDiGraph:
    # c1 knows ann (4), who reports to the boss; c2 knows the boss weakly (2), just met.
    G = nx.MultiDiGraph()
    G.add_nodes_from([("colleague", "c1"), ("colleague", "c2")], kind="colleague")
    G.add_nodes_from([("person", "ann"), ("person", "boss")], kind="person")
    G.add_edge(("colleague", "c1"), ("person", "ann"), key="knows", strength=4,
               last_contact=last_contact)
    G.add_edge(("colleague", "c2"), ("person", "boss"), key="knows", strength=2,
               last_contact=date(2026, 6, 29))
    G.add_edge(("person", "ann"), ("person", "boss"), key="reports_to")
    G.add_edge(("person", "boss"), ("company", "acme"), key="role:decision_maker",
               role="decision_maker")
    return G


TODAY = date(2026, 6, 30)


def test_a_stale_relationship_stops_counting_as_coverage():
    fresh, stale = account(TODAY - timedelta(days=30)), account(TODAY - timedelta(days=180))
    # 30 days: 4 * 0.5 ** (30/180) = 3.5636, over engaged_strength 3
    assert engaged_contacts(fresh, as_of=TODAY) == ["ann"]
    # 180 days: 2.0, under 3; nobody is engaged and the account is single-threaded
    assert engaged_contacts(stale, as_of=TODAY) == []
    found = gaps(stale, as_of=TODAY)
    assert found["engaged_contacts"] == [] and found["colleagues"] == []
    assert found["unknown_decision_makers"] == ["boss"]
    # the same account without decay still has ann
    assert engaged_contacts(stale, as_of=TODAY, settings=OFF) == ["ann"]


def test_the_threshold_is_reached_exactly_at_its_day():
    # 4 * 0.5 ** (d/180) >= 3  <=>  d <= 180 * log2(4/3) = 74.7 days
    assert engaged_contacts(account(TODAY - timedelta(days=74)), as_of=TODAY) == ["ann"]
    assert engaged_contacts(account(TODAY - timedelta(days=75)), as_of=TODAY) == []


def test_warm_paths_rank_by_effective_strength_and_show_both():
    G = account(TODAY - timedelta(days=360))
    # c1: 4 -> 1.0 after two half-lives: 0.2 * 0.6 = 0.12; c2: 2 -> 1.9923 (1 day): 0.3985
    assert warm_paths(G, "boss", as_of=TODAY) == [
        {"nodes": ["c2", "boss"], "score": 0.3985, "strength": 2,
         "effective_strength": 1.9923},
        {"nodes": ["c1", "ann", "boss"], "score": 0.12, "strength": 4,
         "effective_strength": 1.0},
    ]
    # without decay the order is the other way round: 0.8 * 0.6 = 0.48 over 0.4
    assert [p["nodes"][0] for p in warm_paths(G, "boss", as_of=TODAY, settings=OFF)] == [
        "c1", "c2"]
    assert best_warm_paths(G, ["boss"], as_of=TODAY)["boss"] == warm_paths(
        G, "boss", k=1, as_of=TODAY)[0]


def test_bus_factor_walks_the_same_decayed_paths():
    # The links stay (weak is not gone): both colleagues still have to leave.
    G = account(TODAY - timedelta(days=360))
    assert bus_factor(G, as_of=TODAY)["targets"] == [
        {"person_id": "boss", "size": 2, "cut": ["c1", "c2"]}]
    # a link faded to nothing (under 0.00005 at 4 places, ~8 years) is no path any more
    ancient = account(TODAY - timedelta(days=365 * 9))
    assert bus_factor(ancient, as_of=TODAY)["targets"] == [
        {"person_id": "boss", "size": 1, "cut": ["c2"]}]


def test_the_half_life_from_the_command_line_the_environment_and_the_config(tmp_path):
    import click
    from click.testing import CliRunner

    from graphprofile.cli.base import analytics_options, settings_from

    @click.command()
    @analytics_options
    def show(as_of, config_path, as_json):
        click.echo(settings_from(config_path).relationship_half_life_days)

    config = tmp_path / "analytics.toml"
    config.write_text("relationship_half_life_days = 90\n", encoding="utf-8")
    run = CliRunner().invoke
    assert run(show, []).output.strip() == "180.0"
    assert float(run(show, ["--config", str(config)]).output) == 90
    assert run(show, ["--config", str(config), "--half-life", "0"]).output.strip() == "0.0"
    assert run(show, [], env={"GRAPHPROFILE_HALF_LIFE_DAYS": "365"}).output.strip() == "365.0"
    assert run(show, ["--half-life", "-1"]).exit_code == 2
