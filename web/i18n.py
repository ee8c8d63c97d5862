"""Languages of the web explorer: English and Simplified Chinese through Flask-Babel.

The language is the one the user picked (remembered in a cookie), else the browser's
best match, else English. Message catalogues live in ``web/translations``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel

__all__ = ["LANGUAGES", "COOKIE", "init_app", "select_locale"]

LANGUAGES = {"en": "English", "zh": "中文"}
COOKIE = "lang"


def select_locale() -> str:
    """The request's language code: the remembered choice, else the browser's."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale,
          default_translation_directories=str(Path(__file__).parent / "translations"))
