"""Departments from free text (a CRM contact's ``Department``): one name per department
whatever the case, spacing or synonym, a key for its id, and the function it serves."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from graphprofile.models import Function

__all__ = ["CANONICAL", "DepartmentName", "department_function", "normalise_department"]

# Canonical name -> its function and the spellings (folded: lower case, single spaces,
# no punctuation or "department") that mean it.
CANONICAL: dict[str, tuple[Function, tuple[str, ...]]] = {
    "Executive": (Function.EXECUTIVE, (
        "executive", "executives", "management", "board", "leadership", "office of the ceo",
        "c suite", "总裁办", "总经办", "管理层")),
    "Finance": (Function.FINANCE, (
        "finance", "accounting", "finance and accounting", "accounts", "treasury",
        "controlling", "财务", "财务部", "会计")),
    "IT": (Function.IT, (
        "it", "information technology", "information systems", "is", "tech", "technology",
        "infrastructure", "it operations", "信息技术", "信息中心", "科技", "信息部", "it部")),
    "Engineering": (Function.ENGINEERING, (
        "engineering", "software engineering", "development", "r and d",
        "research and development", "研发", "研发中心", "工程", "技术部")),
    "Operations": (Function.OPERATIONS, (
        "operations", "ops", "logistics", "supply chain", "运营", "运营部", "物流")),
    "Sales": (Function.SALES, ("sales", "business development", "commercial", "销售", "销售部")),
    "Marketing": (Function.MARKETING, ("marketing", "communications", "市场", "市场部")),
    "Human Resources": (Function.HR, (
        "hr", "human resources", "people", "people and culture", "talent", "人力资源",
        "人力资源部", "人事", "人事部")),
    "Legal": (Function.LEGAL, ("legal", "legal and compliance", "法务", "法务部")),
    "Procurement": (Function.PROCUREMENT, (
        "procurement", "purchasing", "sourcing", "采购", "采购部")),
    "Customer Service": (Function.CUSTOMER_SERVICE, (
        "customer service", "customer support", "support", "service", "客服", "客户服务")),
    "Research": (Function.RESEARCH, ("research", "研究", "研究院", "研究所")),
    "Product": (Function.PRODUCT, ("product", "product management", "产品", "产品部")),
    "Data": (Function.DATA, (
        "data", "analytics", "data and analytics", "bi", "business intelligence", "数据",
        "数据部")),
    "Risk": (Function.RISK, (
        "risk", "risk management", "compliance", "audit", "风控", "风险管理", "合规")),
}
_SYNONYMS = {spelling: name for name, (_f, spellings) in CANONICAL.items()
             for spelling in spellings}
# Words that give a department of a name we do not know its function, first match wins.
_KEYWORDS: tuple[tuple[re.Pattern[str], Function], ...] = tuple(
    (re.compile(pattern), function) for pattern, function in (
        (r"\b(it|information|systems?|infrastructure)\b|信息|科技", Function.IT),
        (r"financ|account|treasury|财务", Function.FINANCE),
        (r"engineer|develop|研发", Function.ENGINEERING),
        (r"\bdata\b|analytic|数据", Function.DATA),
        (r"\brisk|complian|audit|风", Function.RISK),
        (r"procure|purchas|sourcing|采购", Function.PROCUREMENT),
        (r"market|市场", Function.MARKETING),
        (r"sales|销售", Function.SALES),
        (r"\bhr\b|human|talent|人力|人事", Function.HR),
        (r"legal|法务", Function.LEGAL),
        (r"support|service|客服", Function.CUSTOMER_SERVICE),
        (r"operat|logistic|supply|运营|物流", Function.OPERATIONS),
        (r"product|产品", Function.PRODUCT),
        (r"research|研究", Function.RESEARCH),
        (r"executive|board|management|总裁|董事", Function.EXECUTIVE),
    )
)
_SUFFIX = re.compile(r"\s*(\b(department|dept|division|team|group|unit)\b|(?<=\w\w)部门?)$")


class DepartmentName(NamedTuple):
    """A department's name as shown, the key its id is formed from, and its function."""

    name: str
    key: str
    function: Function


def _folded(text: str) -> str:
    folded = text.casefold().replace(".", "").replace("&", " and ").replace("/", " and ")
    folded = " ".join(re.sub(r"[^\w\s]", " ", folded).split())
    return _SUFFIX.sub("", folded).strip() or folded


@lru_cache(maxsize=8192)  # an export repeats a few hundred department texts
def normalise_department(text: str | None) -> DepartmentName | None:
    """One department per meaning: ``"IT"``, ``"Information Technology"`` and
    ``"it dept."`` are the same department.

    Examples
    --------
    >>> normalise_department("  information   technology ")
    DepartmentName(name='IT', key='it', function=<Function.IT: 'it'>)
    >>> normalise_department("Finance & Accounting").name
    'Finance'
    >>> tuple(normalise_department("Claims  Processing"))
    ('Claims Processing', 'claims-processing', <Function.OTHER: 'other'>)
    >>> normalise_department("财务部").key, normalise_department("  ") is None
    ('finance', True)
    """
    if not text or not text.strip():
        return None
    folded = _folded(text)
    name = _SYNONYMS.get(folded)
    if name is None:
        shown = " ".join(text.split())
        return DepartmentName(shown, "-".join(folded.split()), department_function(shown))
    return DepartmentName(name, "-".join(name.casefold().split()), CANONICAL[name][0])


def department_function(name: str) -> Function:
    """The function a department's name implies (``other`` when it implies none).

    >>> department_function("Group Treasury"), department_function("Facilities")
    (<Function.FINANCE: 'finance'>, <Function.OTHER: 'other'>)
    """
    folded = _folded(name)
    if folded in _SYNONYMS:
        return CANONICAL[_SYNONYMS[folded]][0]
    for pattern, function in _KEYWORDS:
        if pattern.search(folded):
            return function
    return Function.OTHER
