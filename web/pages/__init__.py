"""Read-only page models for the web explorer: one account graph loaded once per page.

Each function answers one screen from what :mod:`graphprofile.services` loads and the
analytics, or, for the portfolio-wide pages (portfolio, gaps, cross-sell), from the
stored per-account summaries (:mod:`graphprofile.summaries`), and returns plain dicts
with names resolved next to ids, so templates never look anything up. Nothing here
writes (but the summaries compute what is missing) and no store is reached but through
a service.
"""

from web.pages.account import (
    account_choices,
    account_page,
    opportunity_page,
    person_form,
    person_page,
)
from web.pages.common import colleagues, page_numbers
from web.pages.portfolio import (
    COVERAGE_BANDS,
    CROSS_SELL_STATUSES,
    PORTFOLIO_FLAGS,
    PORTFOLIO_SORTS,
    cross_sell_page,
    department_entry,
    gaps_page,
    portfolio_page,
)

__all__ = [
    "COVERAGE_BANDS", "CROSS_SELL_STATUSES", "PORTFOLIO_FLAGS", "PORTFOLIO_SORTS",
    "account_choices", "account_page", "colleagues", "cross_sell_page", "department_entry",
    "gaps_page", "opportunity_page", "page_numbers", "person_form", "person_page",
    "portfolio_page",
]
