"""Relationship decay: a recorded strength fades with the time since the last contact.

The **effective strength** of a relationship recorded at strength ``s`` (1..5) is
``s * 0.5 ** (days / settings.relationship_half_life_days)``, ``days`` counted from its
``last_contact`` (or, without one, its ``since``) to ``as_of``: after one half-life
without contact it counts half. A date after ``as_of`` counts 0 days (no growth); a
relationship with neither date, a half-life of 0 (decay off) or no ``as_of`` keeps its
recorded strength. Every analytic that reads a relationship's strength (warm paths,
engaged contacts, bus factor) reads it through :func:`relationship_strength`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings

__all__ = ["effective_strength", "relationship_strength"]


def effective_strength(strength: float, *, last_contact: date | None = None,
                       since: date | None = None, as_of: date | None,
                       settings: AnalyticsSettings = DEFAULTS) -> float:
    """The strength a relationship counts on ``as_of``, rounded to 4 places.

    Parameters
    ----------
    strength : float
        The recorded strength (1 weak … 5 strong).
    last_contact, since : datetime.date, optional
        The last contact, else the start of the relationship: where the decay starts.
    as_of : datetime.date or None
        The day the question is asked; None keeps the recorded strength.
    settings : AnalyticsSettings, optional
        ``relationship_half_life_days`` (180; 0 switches decay off).

    Examples
    --------
    >>> from datetime import date
    >>> effective_strength(4, last_contact=date(2026, 1, 1), as_of=date(2026, 6, 30))
    2.0
    >>> effective_strength(4, since=date(2026, 1, 1), as_of=date(2026, 6, 30))
    2.0
    >>> effective_strength(4, last_contact=date(2026, 1, 1), as_of=date(2026, 1, 1))
    4.0
    >>> effective_strength(4, as_of=date(2026, 6, 30))  # no date: as recorded
    4.0
    >>> off = AnalyticsSettings(relationship_half_life_days=0)
    >>> effective_strength(4, last_contact=date(2020, 1, 1), as_of=date(2026, 6, 30),
    ...                    settings=off)
    4.0
    """
    start = last_contact if last_contact is not None else since
    half_life = settings.relationship_half_life_days
    if as_of is None or start is None or half_life <= 0:
        return round(float(strength), 4)
    days = max((as_of - start).days, 0)
    return round(float(strength) * 0.5 ** (days / half_life), 4)


def relationship_strength(attrs: Mapping[str, Any], *, as_of: date | None,
                          settings: AnalyticsSettings = DEFAULTS) -> float:
    """The effective strength of a ``knows`` edge of an account graph (its attributes
    ``strength``, ``last_contact``, ``since``); 0.0 without a strength.

    Examples
    --------
    >>> from datetime import date
    >>> relationship_strength({"strength": 5, "last_contact": date(2025, 6, 1)},
    ...                       as_of=date(2026, 5, 27))  # 360 days: two half-lives
    1.25
    """
    return effective_strength(attrs.get("strength") or 0, last_contact=attrs.get("last_contact"),
                              since=attrs.get("since"), as_of=as_of, settings=settings)
