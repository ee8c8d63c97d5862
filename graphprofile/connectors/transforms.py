"""The named transforms a mapping file may apply to a value (``transform = "..."``, or
``{Column|name}`` in a template): the little a mapping cannot say in a table."""

from __future__ import annotations

import re
from collections.abc import Callable

from graphprofile.connectors.departments import normalise_department
from graphprofile.connectors.seniority import seniority_from_title
from graphprofile.models import ColleagueFunction

__all__ = ["TRANSFORMS", "colleague_function", "first_of", "slug"]

# Our own people's function from their department and title, first match wins.
_COLLEAGUE: tuple[tuple[re.Pattern[str], ColleagueFunction], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), function) for pattern, function in (
        (r"pre-?sales|solutions? (engineer|consult|architect)|sales engineer|售前",
         ColleagueFunction.PRESALES),
        (r"customer success|account management|客户成功", ColleagueFunction.CUSTOMER_SUCCESS),
        (r"support|service desk|helpdesk|客服|技术支持", ColleagueFunction.SUPPORT),
        (r"marketing|市场", ColleagueFunction.MARKETING),
        (r"engineering|developer|r&d|研发|开发", ColleagueFunction.ENGINEERING),
        (r"\bceo\b|chief|president|general manager|managing director|总裁|总经理",
         ColleagueFunction.MANAGEMENT),
    )
)


def colleague_function(text: str) -> str:
    """What one of our people does, from their department and title (else ``sales``).

    >>> colleague_function("Presales Solutions Engineer"), colleague_function("Sales AE")
    ('presales', 'sales')
    """
    for pattern, function in _COLLEAGUE:
        if pattern.search(text):
            return function.value
    return ColleagueFunction.SALES.value


def slug(text: str) -> str | None:
    """A key for ids from a name: lower case, each run of other characters one hyphen.

    >>> slug("Lena  Fischer"), slug("O'Neil, Mary-Ann"), slug("王 芳")
    ('lena-fischer', 'o-neil-mary-ann', '王-芳')
    """
    return "-".join(re.findall(r"[^\W_]+", text.casefold())) or None


def first_of(text: str) -> str | None:
    """The first of a ``;``-separated list (a HubSpot export's associated ids).

    >>> first_of("9001;9002"), first_of(" 9001 ")
    ('9001', '9001')
    """
    return next((part.strip() for part in text.split(";") if part.strip()), None)


def _department(part: str) -> Callable[[str], str | None]:
    def apply(text: str) -> str | None:
        department = normalise_department(text)
        if department is None:
            return None
        return {"name": department.name, "key": department.key,
                "function": department.function.value}[part]
    return apply


def _seniority(title: str) -> str | None:
    level = seniority_from_title(title)
    return level.value if level else None


TRANSFORMS: dict[str, Callable[[str], str | None]] = {
    "department_name": _department("name"),
    "department_key": _department("key"),
    "department_function": _department("function"),
    "seniority_from_title": _seniority,
    "colleague_function": colleague_function,
    "lower": str.lower,
    "slug": slug,
    "first": first_of,
}
