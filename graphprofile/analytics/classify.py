"""Strategic classification of an account by our rules, not by clustering.

Rules, first match wins (thresholds from
:class:`~graphprofile.analytics.settings.AnalyticsSettings`):

1. **given**: a recorded ``strategic_class`` is kept;
2. **lighthouse**: industry rank ``<= lighthouse_max_rank`` (3) and revenue
   ``>= lighthouse_min_revenue`` (1e9): an industry leader others follow;
3. **cash_cow**: margin (profit / revenue) ``>= cash_cow_min_margin`` (15 %) and revenue
   growth ``< cash_cow_max_growth`` (5 %): profitable, slow;
4. **develop**: revenue growth ``>= develop_min_growth`` (15 %);
5. **maintain**: everything else, including accounts whose figures are missing (a rule
   needing a missing figure does not apply).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings
from graphprofile.models import StrategicClass

__all__ = ["strategic_class"]


def _get(company: Any, name: str) -> Any:
    if isinstance(company, Mapping):
        return company.get(name)
    return getattr(company, name, None)


def strategic_class(company: Any, *, settings: AnalyticsSettings = DEFAULTS
                    ) -> tuple[StrategicClass, str]:
    """The strategic class of an account and the reason for it.

    Parameters
    ----------
    company : Company or mapping
        A :class:`~graphprofile.models.Company` or a company node's attributes.
    settings : AnalyticsSettings, optional
        The lighthouse, cash-cow and develop thresholds.

    Returns
    -------
    tuple
        ``(StrategicClass, reason)``; the reason is a human-readable sentence.

    Examples
    --------
    >>> strategic_class({"industry_rank": 2, "revenue": 5e9})
    (<StrategicClass.LIGHTHOUSE: 'lighthouse'>, 'industry rank 2 <= 3 and revenue 5e+09 >= 1e+09')
    >>> strategic_class({"revenue": 100.0, "profit": 20.0, "revenue_growth": 0.02})[0]
    <StrategicClass.CASH_COW: 'cash_cow'>
    >>> strategic_class({"strategic_class": "develop"})
    (<StrategicClass.DEVELOP: 'develop'>, 'recorded as develop')
    """
    given = _get(company, "strategic_class")
    if given is not None and str(given).strip():
        cls = StrategicClass(given)
        return cls, f"recorded as {cls.value}"
    rank = _get(company, "industry_rank")
    revenue = _get(company, "revenue")
    profit = _get(company, "profit")
    growth = _get(company, "revenue_growth")
    s = settings
    if rank is not None and revenue is not None and rank <= s.lighthouse_max_rank \
            and revenue >= s.lighthouse_min_revenue:
        return StrategicClass.LIGHTHOUSE, (
            f"industry rank {rank} <= {s.lighthouse_max_rank} and revenue {revenue:g} "
            f">= {s.lighthouse_min_revenue:g}")
    margin = profit / revenue if profit is not None and revenue else None
    if margin is not None and growth is not None and margin >= s.cash_cow_min_margin \
            and growth < s.cash_cow_max_growth:
        return StrategicClass.CASH_COW, (
            f"margin {margin:.1%} >= {s.cash_cow_min_margin:.0%} and revenue growth "
            f"{growth:.1%} < {s.cash_cow_max_growth:.0%}")
    if growth is not None and growth >= s.develop_min_growth:
        return StrategicClass.DEVELOP, (
            f"revenue growth {growth:.1%} >= {s.develop_min_growth:.0%}")
    missing = [name for name, value in (("industry rank", rank), ("revenue", revenue),
                                        ("profit", profit), ("revenue growth", growth))
               if value is None]
    reason = "no lighthouse, cash-cow or growth rule applies"
    if missing:
        reason += f" (missing: {', '.join(missing)})"
    return StrategicClass.MAINTAIN, reason
