"""Seniority inferred from a job title: a small keyword table in English, Chinese, German,
French, Spanish and Japanese (CRM exports carry a title far more often than a seniority)."""

from __future__ import annotations

import re
from functools import lru_cache

from graphprofile.models import Seniority

__all__ = ["RULES", "seniority_from_title"]

# First match wins, so the order matters: "Vice President" and 副总裁 before the c_level
# words they contain, assistants ("Assistant to the CEO", 总裁助理) before everything,
# "Teamleiter" (a team lead) is not "Leiter" (a head): \b keeps them apart.
RULES: tuple[tuple[Seniority, re.Pattern[str]], ...] = tuple(
    (level, re.compile(pattern, re.IGNORECASE)) for level, pattern in (
        (Seniority.STAFF, r"\bassistant to\b|\b(executive|personal) assistant\b|"
                          r"\bsecretary\b|助理$|秘书|秘書"),
        (Seniority.VP, r"\bvice[ -]pr[eé]sident[ea]?\b|\b[se]?vp\b|副总裁|副总经理|副总|"
                       r"副社長"),
        (Seniority.C_LEVEL, r"\bchief\b|\bc[a-z]o\b|\bpr[eé]sident[ea]?\b|\bfounder\b|"
                            r"\bmanaging director\b|\bgeneral manager\b|\bpartner\b|"
                            r"\bdirect(or|eur|rice) g[eé]n[eé]ral[ea]?\b|\bpdg\b|"
                            r"gesch[aä]ftsf[uü]hrer|\bvorstand|"
                            r"总裁|首席|总经理|董事长|创始人|合伙人|社長|代表取締役"),
        (Seniority.DIRECTOR, r"\bdirector\b|\bdirect(eur|rice)\b|\bhead of\b|\bhead\b|"
                             r"\bleiter(in)?\b|abteilungsleiter|bereichsleiter|"
                             r"总监|部长|负责人|部長|本部長"),
        (Seniority.MANAGER, r"\bmanager\b|\bgerente\b|\bresponsable\b|\bjefe\b|"
                            r"经理|課長"),
        (Seniority.SENIOR, r"\blead\b|\bsupervisor\b|\bsenior\b|\bprincipal\b|\bsr\b|"
                           r"teamleiter|gruppenleiter|\bchef d'[eé]quipe\b|"
                           r"主管|组长|主任|高级|资深|係長"),
        (Seniority.JUNIOR, r"\bjunior\b|\bjr\b|\bintern\b|\btrainee\b|\bgraduate\b|"
                           r"\bpraktikant(in)?\b|\bstagiaire\b|\bbecario\b|"
                           r"实习|见习|助理"),
        (Seniority.STAFF, r"\bspecialist\b|\banalyst\b|\bengineer\b|\bconsultant\b|"
                          r"\bcoordinator\b|\brepresentative\b|\bassociate\b|"
                          r"\baccountant\b|\bofficer\b|\badministrator\b|\bdeveloper\b|"
                          r"\btechnician\b|\bsachbearbeiter(in)?\b|\bing[eé]nieur\b|"
                          r"专员|工程师|分析师|顾问|会计|技术员"),
    )
)


@lru_cache(maxsize=8192)  # titles repeat across an export and an account
def seniority_from_title(title: str | None) -> Seniority | None:
    """The seniority a job title implies, or None when the title says nothing of it.

    Parameters
    ----------
    title
        A job title in English, Chinese, German, French, Spanish or Japanese, any case.

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
    >>> [seniority_from_title(t).value for t in ("Geschäftsführer", "Leiter Einkauf",
    ...     "Teamleiter IT", "Directeur général", "Gerente de Compras", "営業部長")]
    ['c_level', 'director', 'senior', 'c_level', 'manager', 'director']
    >>> seniority_from_title("Board Observer") is None
    True
    """
    if not title or not title.strip():
        return None
    for level, pattern in RULES:
        if pattern.search(title):
            return level
    return None
