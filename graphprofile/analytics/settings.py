"""Thresholds and weights of the analytics: documented defaults, overridable from TOML.

Every analytics function takes ``settings=DEFAULTS`` as a keyword; build another
:class:`AnalyticsSettings` with :meth:`AnalyticsSettings.from_mapping` or
:meth:`AnalyticsSettings.from_toml` to change a threshold. Mapping-valued fields
(``seniority_priors``, ``seniority_levels``, ``role_priors``) are merged key by key into the
defaults.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from graphprofile.models import Role, Seniority

__all__ = ["AnalyticsSettings", "DEFAULTS"]


def _frozen(mapping: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(mapping))


_SENIORITY_PRIORS = {
    Seniority.C_LEVEL.value: 1.0,
    Seniority.VP.value: 0.8,
    Seniority.DIRECTOR.value: 0.6,
    Seniority.MANAGER.value: 0.45,
    Seniority.SENIOR.value: 0.3,
    Seniority.STAFF.value: 0.2,
    Seniority.JUNIOR.value: 0.1,
}
# Steps below the top of the account each seniority stands for (formal level, 0 = top).
_SENIORITY_LEVELS = {
    Seniority.C_LEVEL.value: 0.0,
    Seniority.VP.value: 1.0,
    Seniority.DIRECTOR.value: 2.0,
    Seniority.MANAGER.value: 3.0,
    Seniority.SENIOR.value: 4.0,
    Seniority.STAFF.value: 5.0,
    Seniority.JUNIOR.value: 6.0,
}
_ROLE_PRIORS = {
    Role.DECISION_MAKER.value: 0.5,
    Role.ECONOMIC_BUYER.value: 0.5,
    Role.INFLUENCER.value: 0.3,
    Role.BLOCKER.value: 0.2,
    Role.CHAMPION.value: 0.1,
    Role.TECHNICAL_EVALUATOR.value: 0.1,
    Role.GATEKEEPER.value: 0.05,
    Role.USER.value: 0.0,
}


@dataclass(frozen=True)
class AnalyticsSettings:
    """Every threshold and weight the analytics use, with documented defaults.

    Attributes
    ----------
    engaged_strength : int
        A relationship of at least this strength (1..5) makes a person engaged (3).
    engaged_days : int
        An interaction at most this many days before ``as_of`` (and not after it) makes
        a person engaged (180).
    stale_days : int
        A ``last_verified`` date more than this many days before ``as_of`` is stale (180).
    decision_roles : tuple of str
        Roles that make a person a decision maker (``decision_maker``, ``economic_buyer``).
    cross_record_functions : tuple of str
        Colleague functions whose records cross-check sales (presales, customer_success,
        support, engineering).
    pagerank_damping : float
        Damping factor (alpha) of the influence PageRank (0.85).
    report_weight : float
        Weight of the link from a person to their manager in the influence PageRank (1.0);
        an influence line uses its own strength (0..1).
    manager_margin : float
        A manager scores at least ``1 + manager_margin`` times their best report (0.01).
    seniority_priors : mapping of str to float
        PageRank personalisation by seniority (c_level 1.0 … junior 0.1).
    unknown_seniority_prior : float
        Personalisation of a person without seniority (0.2).
    role_priors : mapping of str to float
        Added to the seniority prior: the largest bonus among the person's buying roles.
        The influence score also counts it as ``role_levels`` times this many levels.
    seniority_levels : mapping of str to float
        Formal level (steps below the top, 0 = top) each seniority stands for in the
        influence score (c_level 0, vp 1, director 2, manager 3, senior 4, staff 5,
        junior 6). See :mod:`graphprofile.analytics.influence`.
    title_weight : float
        Formal level = ``title_weight`` times the seniority's level plus the rest times
        the level from the distance to the top of the person's reporting tree (0.25:
        titles mostly place whole trees, whose offsets they set, and order people of a
        depth); people without a seniority take the latter alone.
    infer_seniority_from_title : bool
        A person without a seniority takes the one their title implies (True), see
        :func:`graphprofile.analytics.seniority.seniority_from_title`.
    level_decay : float
        The influence score of a person one formal level lower is this fraction of the
        higher one's, all else equal (0.5): the score is ``level_decay ** (top - standing)``
        with standing counted in levels.
    network_levels : float
        The PageRank standing (0..1, the account's top person 1) is worth up to this many
        formal levels (0.5): on its own it reorders people within a level, never across.
    role_levels : float
        A buying role is worth ``role_levels`` times its ``role_priors`` bonus in levels
        (1.5: a decision maker 0.75 of a level, an influencer 0.45).
    influence_span : float
        An influence line of strength ``s`` lifts its source to at least ``(1 - s) *
        influence_span`` levels below the person influenced (3.0: a 0.9 line to the CEO
        puts its source 0.3 of a level below the CEO; network and roles aside, a line
        must be stronger than ``1 - 1 / influence_span`` = 2/3 to lift its source past
        people one level below the target).
    relationship_scale : float
        A relationship of strength ``s`` counts ``s / relationship_scale`` on a warm path (5).
    relationship_half_life_days : float
        Days without contact after which a relationship counts half its recorded strength
        (180, the six months after which a profile is stale); 0 switches decay off (see
        :mod:`~graphprofile.analytics.decay`).
    reporting_path_weight : float
        Probability carried by a reporting line on a warm path, either direction (0.6).
    k_paths : int
        Number of warm paths returned by default (3).
    lighthouse_max_rank : int
        Industry rank at or above which (1 is best) a big account is a lighthouse (3).
    lighthouse_min_revenue : float
        Revenue from which an industry leader is a lighthouse (1e9).
    cash_cow_min_margin : float
        Profit / revenue margin from which a slow grower is a cash cow (0.15).
    cash_cow_max_growth : float
        Revenue growth below which a profitable account is a cash cow (0.05).
    develop_min_growth : float
        Revenue growth from which an account is one to develop (0.15).
    min_peer_departments : int
        Peer departments (same industry and function) needed before the industry figure
        is used; otherwise the all-industry figure, then ``peer_prior`` (3).
    peer_prior : float
        Neutral peer ownership rate when no peer figure exists (0.5).
    engagement_saturation : int
        Engaged people in a department at which the engagement factor reaches 1 (2).
    growth_saturation : float
        Growth (headcount or revenue) at which a growth factor reaches 1 (0.2).
    weight_peers, weight_engagement, weight_headcount, weight_revenue, weight_fit : float
        Weights of the whitespace factors (0.35, 0.2, 0.1, 0.1, 0.25); the score is the
        weighted mean of the factors.

    Examples
    --------
    >>> s = AnalyticsSettings.from_mapping({"engaged_days": 90, "role_priors": {"user": 0.1}})
    >>> s.engaged_days, s.role_priors["user"], s.role_priors["decision_maker"]
    (90, 0.1, 0.5)
    >>> AnalyticsSettings.from_mapping({"engaged_dayz": 90})
    Traceback (most recent call last):
    ...
    ValueError: unknown analytics setting 'engaged_dayz'
    """

    engaged_strength: int = 3
    engaged_days: int = 180
    stale_days: int = 180
    decision_roles: tuple[str, ...] = (Role.DECISION_MAKER.value, Role.ECONOMIC_BUYER.value)
    cross_record_functions: tuple[str, ...] = (
        "presales", "customer_success", "support", "engineering",
    )
    pagerank_damping: float = 0.85
    report_weight: float = 1.0
    manager_margin: float = 0.01
    seniority_priors: Mapping[str, float] = field(
        default_factory=lambda: _frozen(_SENIORITY_PRIORS))
    unknown_seniority_prior: float = 0.2
    role_priors: Mapping[str, float] = field(default_factory=lambda: _frozen(_ROLE_PRIORS))
    seniority_levels: Mapping[str, float] = field(
        default_factory=lambda: _frozen(_SENIORITY_LEVELS))
    title_weight: float = 0.25
    infer_seniority_from_title: bool = True
    level_decay: float = 0.5
    network_levels: float = 0.5
    role_levels: float = 1.5
    influence_span: float = 3.0
    relationship_scale: float = 5.0
    relationship_half_life_days: float = 180.0
    reporting_path_weight: float = 0.6
    k_paths: int = 3
    lighthouse_max_rank: int = 3
    lighthouse_min_revenue: float = 1e9
    cash_cow_min_margin: float = 0.15
    cash_cow_max_growth: float = 0.05
    develop_min_growth: float = 0.15
    min_peer_departments: int = 3
    peer_prior: float = 0.5
    engagement_saturation: int = 2
    growth_saturation: float = 0.2
    weight_peers: float = 0.35
    weight_engagement: float = 0.2
    weight_headcount: float = 0.1
    weight_revenue: float = 0.1
    weight_fit: float = 0.25

    def __post_init__(self) -> None:
        if not 0 < self.pagerank_damping < 1:
            raise ValueError(f"pagerank_damping must be in (0, 1), got {self.pagerank_damping!r}")
        if self.k_paths < 1:
            raise ValueError(f"k_paths must be at least 1, got {self.k_paths!r}")
        if not 0 <= self.title_weight <= 1:
            raise ValueError(f"title_weight must be in [0, 1], got {self.title_weight!r}")
        if not 0 < self.level_decay < 1:
            raise ValueError(f"level_decay must be in (0, 1), got {self.level_decay!r}")
        for name in ("network_levels", "role_levels", "influence_span"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)!r}")
        if self.relationship_scale <= 0:
            raise ValueError(
                f"relationship_scale must be positive, got {self.relationship_scale!r}")
        if self.relationship_half_life_days < 0:
            raise ValueError("relationship_half_life_days must be 0 (no decay) or more, "
                             f"got {self.relationship_half_life_days!r}")
        for name in ("seniority_priors", "seniority_levels", "role_priors"):
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, _frozen(value))
        object.__setattr__(self, "decision_roles", tuple(self.decision_roles))
        object.__setattr__(self, "cross_record_functions", tuple(self.cross_record_functions))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as plain values (read-only mapping proxies cannot be pickled), so the
        # settings travel to the portfolio's worker processes; __post_init__ freezes them.
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return (_from_values, ({k: dict(v) if isinstance(v, MappingProxyType) else v
                                for k, v in values.items()},))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> AnalyticsSettings:
        """Defaults overridden by ``values``; an unknown key raises ``ValueError``."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        base = cls()
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"unknown analytics setting {key!r}")
            if key in ("seniority_priors", "seniority_levels", "role_priors"):
                allowed = {m.value for m in (Role if key == "role_priors" else Seniority)}
                if not isinstance(value, Mapping):
                    raise ValueError(f"{key} must be a table, got {value!r}")
                for sub in value:
                    if sub not in allowed:
                        raise ValueError(f"unknown analytics setting {key}.{sub}")
                value = {**getattr(base, key), **{k: float(v) for k, v in value.items()}}
            elif key in ("decision_roles", "cross_record_functions"):
                value = tuple(value)
            changes[key] = value
        return dataclasses.replace(base, **changes)

    @classmethod
    def from_toml(cls, path: str | Path) -> AnalyticsSettings:
        """Defaults overridden by a TOML file (top-level keys, or an ``[analytics]`` table)."""
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        if set(data) == {"analytics"} and isinstance(data["analytics"], Mapping):
            data = data["analytics"]
        return cls.from_mapping(data)


def _from_values(values: dict[str, Any]) -> AnalyticsSettings:
    return AnalyticsSettings(**values)


DEFAULTS = AnalyticsSettings()
