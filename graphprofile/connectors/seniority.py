"""Seniority inferred from a job title, in English and Chinese (for records that carry a
title but no seniority, as every CRM export does)."""

from __future__ import annotations

import re
from functools import lru_cache

from graphprofile.models import Seniority

__all__ = ["RULES", "seniority_from_title"]

# First match wins, so the order matters: "Vice President" and 副总裁 before the c_level
# words they contain, assistants ("Assistant to the CEO", 总裁助理) before everything.
RULES: tuple[tuple[Seniority, re.Pattern[str]], ...] = tuple(
    (level, re.compile(pattern, re.IGNORECASE)) for level, pattern in (
        (Seniority.STAFF, r"\bassistant to\b|\b(executive|personal) assistant\b|"
                          r"\bsecretary\b|助理$|秘书"),
        (Seniority.VP, r"\bvice[ -]president\b|\b[se]?vp\b|副总裁|副总经理|副总"),
        (Seniority.C_LEVEL, r"\bchief\b|\bc[a-z]o\b|\bpresident\b|\bfounder\b|"
                            r"\bmanaging director\b|\bgeneral manager\b|\bpartner\b|"
                            r"总裁|首席|总经理|董事长|创始人|合伙人"),
        (Seniority.DIRECTOR, r"\bdirector\b|\bhead of\b|\bhead\b|总监|部长|负责人"),
        (Seniority.MANAGER, r"\bmanager\b|经理"),
        (Seniority.SENIOR, r"\blead\b|\bsupervisor\b|\bsenior\b|\bprincipal\b|\bsr\b|"
                           r"主管|组长|主任|高级|资深"),
        (Seniority.JUNIOR, r"\bjunior\b|\bjr\b|\bintern\b|\btrainee\b|\bgraduate\b|"
                           r"实习|见习|助理"),
        (Seniority.STAFF, r"\bspecialist\b|\banalyst\b|\bengineer\b|\bconsultant\b|"
                          r"\bcoordinator\b|\brepresentative\b|\bassociate\b|"
                          r"\baccountant\b|\bofficer\b|\badministrator\b|\bdeveloper\b|"
                          r"专员|工程师|分析师|顾问|会计"),
    )
)


@lru_cache(maxsize=8192)  # titles repeat across an export
def seniority_from_title(title: str | None) -> Seniority | None:
    """The seniority a job title implies, or None when the title says nothing of it.

    Parameters
    ----------
    title
        A job title in English or Chinese, in any case.

    Returns
    -------
    Seniority or None
        The level of the first rule of :data:`RULES` that matches.

    Examples
    --------
    >>> [seniority_from_title(t).value for t in (
    ...     "Chief Financial Officer", "CTO", "SVP Operations", "Head of Procurement",
    ...     "IT Manager", "Team Lead", "Data Analyst", "Intern")]
    ['c_level', 'c_level', 'vp', 'director', 'manager', 'senior', 'staff', 'junior']
    >>> [seniority_from_title(t).value for t in ("首席信息官", "副总裁", "财务总监",
    ...                                            "采购经理", "运维主管", "总裁助理")]
    ['c_level', 'vp', 'director', 'manager', 'senior', 'staff']
    >>> seniority_from_title("Board Observer") is None
    True
    """
    if not title or not title.strip():
        return None
    for level, pattern in RULES:
        if pattern.search(title):
            return level
    return None
