"""Strategic class: one test per rule, plus thresholds from settings."""

from __future__ import annotations

from graphprofile.analytics.classify import strategic_class
from graphprofile.analytics.settings import AnalyticsSettings
from graphprofile.models import Company, StrategicClass


def company(**kw) -> Company:
    return Company(id="acme", name="Acme", industry="banking", **kw)


def test_given_class_wins():
    cls, reason = strategic_class(company(strategic_class="cash_cow", industry_rank=1,
                                          revenue=9e9))
    assert (cls, reason) == (StrategicClass.CASH_COW, "recorded as cash_cow")


def test_lighthouse_rank_and_revenue():
    cls, reason = strategic_class(company(industry_rank=3, revenue=1e9, profit=0.0))
    assert cls is StrategicClass.LIGHTHOUSE
    assert reason == "industry rank 3 <= 3 and revenue 1e+09 >= 1e+09"
    # rank 4 misses; a small leader (revenue below 1e9) misses too
    assert strategic_class(company(industry_rank=4, revenue=5e9))[0] is StrategicClass.MAINTAIN
    assert strategic_class(company(industry_rank=1, revenue=9e8))[0] is StrategicClass.MAINTAIN


def test_cash_cow_margin_and_slow_growth():
    # margin 15/100 = 15% >= 15%, growth 4.9% < 5%
    cls, reason = strategic_class(company(revenue=100.0, profit=15.0, revenue_growth=0.049))
    assert cls is StrategicClass.CASH_COW
    assert reason == "margin 15.0% >= 15% and revenue growth 4.9% < 5%"
    # growth exactly 5% is not slow
    assert strategic_class(company(revenue=100.0, profit=15.0, revenue_growth=0.05))[0] \
        is StrategicClass.MAINTAIN


def test_develop_fast_growth():
    cls, reason = strategic_class(company(revenue_growth=0.15))
    assert (cls, reason) == (StrategicClass.DEVELOP, "revenue growth 15.0% >= 15%")


def test_maintain_names_missing_figures():
    cls, reason = strategic_class(company(revenue=0.0, profit=5.0))  # zero revenue: no margin
    assert cls is StrategicClass.MAINTAIN
    assert reason == ("no lighthouse, cash-cow or growth rule applies "
                      "(missing: industry rank, revenue growth)")


def test_node_attributes_and_settings():
    attrs = {"kind": "company", "industry_rank": 5, "revenue": 2e9}
    assert strategic_class(attrs)[0] is StrategicClass.MAINTAIN
    wider = AnalyticsSettings(lighthouse_max_rank=5)
    assert strategic_class(attrs, settings=wider)[0] is StrategicClass.LIGHTHOUSE
