"""Seniority inferred from a job title, in English and Chinese (for records that carry a
title but no seniority, as every CRM export does).

The keyword table lives in :mod:`graphprofile.analytics.seniority`, where the influence
score reads it too (analytics sit below the connectors); this module keeps its names.
"""

from __future__ import annotations

from graphprofile.analytics.seniority import RULES, seniority_from_title

__all__ = ["RULES", "seniority_from_title"]
