"""Languages of the web explorer: English and Simplified Chinese through Flask-Babel.

The language is the one the user picked (remembered in a cookie), else the browser's
best match, else English. Message catalogues live in ``web/translations``; dates,
numbers and amounts are formatted for the request's locale by the filters below.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.numbers import format_compact_decimal
from flask import Blueprint, Flask, redirect, request
from flask_babel import Babel, format_date, format_decimal, get_locale
from flask_babel import format_percent as _format_percent
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

__all__ = ["LANGUAGES", "COOKIE", "init_app", "select_locale", "chip_values",
           "money", "pct", "day", "number"]

LANGUAGES = {"en": "English", "zh": "中文"}
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)

# Codes the layers below the web hand up (roles, stances, classes, flags …), shown in the
# reader's language; an unknown code falls back to its words (underscores as spaces).
CODE_LABELS: dict[str, Any] = {
    # buying roles and stances
    "decision_maker": _l("decision maker"), "economic_buyer": _l("economic buyer"),
    "influencer": _l("influencer"), "champion": _l("champion"),
    "technical_evaluator": _l("technical evaluator"), "user": _l("user"),
    "gatekeeper": _l("gatekeeper"), "blocker": _l("blocker"),
    "mentor": _l("mentor"), "supporter": _l("supporter"), "neutral": _l("neutral"),
    "non_supporter": _l("non-supporter"), "opponent": _l("opponent"), "enemy": _l("enemy"),
    # strategic classes and coverage flags
    "lighthouse": _l("lighthouse"), "cash_cow": _l("cash cow"), "develop": _l("develop"),
    "maintain": _l("maintain"),
    "single_threaded": _l("single-threaded"), "single_rep": _l("single rep"),
    "no_one_mapped": _l("no one mapped"), "multi_threaded": _l("multi-threaded"),
    # opportunity stages
    "lead": _l("lead"), "qualified": _l("qualified"), "proposal": _l("proposal"),
    "negotiation": _l("negotiation"), "won": _l("won"), "lost": _l("lost"),
    # user roles
    "viewer": _l("viewer"), "editor": _l("editor"), "admin": _l("admin"),
    # sources of a profile field, colleague functions
    "import": _l("import"), "interview": _l("interview"), "presales": _l("pre-sales"),
    "customer_success": _l("customer success"), "support": _l("support"),
    "sales": _l("sales"), "management": _l("management"),
    # interaction types
    "meeting": _l("meeting"), "call": _l("call"), "email": _l("email"), "demo": _l("demo"),
    "workshop": _l("workshop"), "event": _l("event"), "note": _l("note"),
    # seniorities
    "c_level": _l("C-level"), "vp": _l("VP"), "director": _l("director"),
    "manager": _l("manager"), "senior": _l("senior"), "staff": _l("staff"),
    "junior": _l("junior"),
    # functions
    "executive": _l("executive"), "finance": _l("finance"), "it": _l("IT"),
    "engineering": _l("engineering"), "operations": _l("operations"),
    "marketing": _l("marketing"), "hr": _l("HR"), "legal": _l("legal"),
    "procurement": _l("procurement"), "customer_service": _l("customer service"),
    "research": _l("research"), "product": _l("product"), "data": _l("data"),
    "risk": _l("risk"), "other": _l("other"),
}


def select_locale() -> str:
    """The request's language code: the remembered choice, else the browser's."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


@bp.route("/language/<code>", methods=["GET", "POST"])
def choose(code: str) -> Any:
    """Remember the language ``code`` in a cookie and go back to the ``next`` page."""
    from web.auth import safe_next  # the sign-in's rule: a path on this site only

    response = redirect(safe_next(request.values.get("next")), code=303)
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=COOKIE_AGE, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    return response


def locale_code() -> str:
    """The language of the page, for ``<html lang>``."""
    return str(get_locale() or "en")


def code_label(value: object) -> str:
    """A code from the layers below, in the reader's language."""
    if value is None:
        return ""
    label = CODE_LABELS.get(str(value))
    return str(label) if label is not None else str(value).replace("_", " ")


def money(value: float | None) -> str:
    """An amount, short (1.2m, 120k / 120万) in the reader's locale; – when none."""
    if not value:
        return "–"
    if abs(value) < 1000:
        return format_decimal(value, format="#,##0")
    return format_compact_decimal(value, locale=locale_code(), fraction_digits=1)


def pct(value: float | None) -> str:
    """A share as a percentage in the reader's locale; – when none."""
    return "–" if value is None else _format_percent(value)


def number(value: float | None) -> str:
    """A number with the reader's grouping; – when none."""
    return "–" if value is None else format_decimal(value)


def day(value: date | datetime | str | None) -> str:
    """A date (or ISO date text) in the reader's locale, medium length; — when none."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="medium")


def chip_values(values: object) -> list[str]:
    """A list field's values: a list as is, ``"a;b"`` text split on its separators."""
    if values is None:
        return []
    if isinstance(values, str):
        separators = ";；|,\n" if ";" in values or "；" in values or "|" in values else "\n"
        parts = [values]
        for sep in separators:
            parts = [piece for part in parts for piece in part.split(sep)]
        return [p.strip() for p in parts if p.strip()]
    if isinstance(values, list | tuple | set | frozenset):
        return [str(v).strip() for v in values if v is not None and str(v).strip()]
    return [str(values)]


def chips(values: object) -> Markup:
    """The values as chips (``<ul class="chips">``), for a template without the macro."""
    items = "".join(f'<li class="chip">{escape(v)}</li>' for v in chip_values(values))
    return Markup(f'<ul class="chips">{items}</ul>') if items else Markup("")


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale,
          default_translation_directories=str(Path(__file__).parent / "translations"))
    app.register_blueprint(bp)
    app.jinja_env.filters.update(money=money, pct=pct, day=day, number=number,
                                 label=code_label, chip_values=chip_values, chips=chips)

    @app.context_processor
    def languages() -> dict[str, Any]:
        return {"LANGUAGES": LANGUAGES, "page_lang": locale_code()}
