"""AnalyticsSettings: defaults, overrides from a mapping or TOML, unknown keys rejected."""

from __future__ import annotations

import dataclasses

import pytest

from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings


def test_documented_defaults():
    assert (DEFAULTS.engaged_strength, DEFAULTS.engaged_days, DEFAULTS.stale_days) == (
        3, 180, 180)
    assert DEFAULTS.k_paths == 3
    assert DEFAULTS.pagerank_damping == 0.85
    assert DEFAULTS.reporting_path_weight == 0.6
    assert DEFAULTS.decision_roles == ("decision_maker", "economic_buyer")


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.engaged_days = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        DEFAULTS.role_priors["user"] = 1.0  # type: ignore[index]


def test_from_mapping_overrides_and_merges_priors():
    s = AnalyticsSettings.from_mapping({"stale_days": 90,
                                        "seniority_priors": {"junior": 0.05}})
    assert s.stale_days == 90
    assert s.seniority_priors["junior"] == 0.05
    assert s.seniority_priors["c_level"] == 1.0
    assert DEFAULTS.seniority_priors["junior"] == 0.1  # defaults untouched


@pytest.mark.parametrize("values, name", [
    ({"stale_dayz": 1}, "'stale_dayz'"),
    ({"role_priors": {"kingmaker": 1}}, "role_priors.kingmaker"),
])
def test_unknown_keys_are_named(values, name):
    with pytest.raises(ValueError, match=name):
        AnalyticsSettings.from_mapping(values)


def test_invalid_values_are_rejected():
    with pytest.raises(ValueError, match="pagerank_damping"):
        AnalyticsSettings.from_mapping({"pagerank_damping": 1.5})
    with pytest.raises(ValueError, match="k_paths"):
        AnalyticsSettings(k_paths=0)


def test_from_toml_top_level_or_analytics_table(tmp_path):
    flat = tmp_path / "flat.toml"
    flat.write_text('engaged_days = 90\n[role_priors]\nchampion = 0.4\n')
    s = AnalyticsSettings.from_toml(flat)
    assert (s.engaged_days, s.role_priors["champion"]) == (90, 0.4)
    nested = tmp_path / "nested.toml"
    nested.write_text("[analytics]\nk_paths = 5\n")
    assert AnalyticsSettings.from_toml(nested).k_paths == 5
    bad = tmp_path / "bad.toml"
    bad.write_text("k_pathz = 5\n")
    with pytest.raises(ValueError, match="k_pathz"):
        AnalyticsSettings.from_toml(bad)
