"""Pure functions over account graphs: influence, coverage, paths, whitespace, audit, class.

Every function takes a graph from :func:`graphprofile.graph.account_graph` first, options
as keywords (``as_of`` where time matters, ``settings=DEFAULTS``), and returns plain
dicts and lists with sorted ids and floats rounded to 4 places.
"""

from graphprofile.analytics.audit import QUESTIONS, audit, confirmations
from graphprofile.analytics.classify import strategic_class
from graphprofile.analytics.coverage import (
    decision_makers,
    engaged_contacts,
    engaged_links,
    gaps,
    rep_risk,
    stale_people,
)
from graphprofile.analytics.influence import (
    influence,
    influence_scores,
    power_graph,
    reporting_loops,
)
from graphprofile.analytics.paths import introduction_graph, warm_paths
from graphprofile.analytics.settings import DEFAULTS, AnalyticsSettings
from graphprofile.analytics.whitespace import PeerStats, whitespace

__all__ = [
    "AnalyticsSettings", "DEFAULTS", "QUESTIONS", "PeerStats", "audit", "confirmations",
    "decision_makers",
    "engaged_contacts", "engaged_links", "gaps", "influence", "influence_scores",
    "introduction_graph", "power_graph", "rep_risk", "reporting_loops", "stale_people",
    "strategic_class", "warm_paths", "whitespace",
]
