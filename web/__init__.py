"""The web explorer: a Flask app factory with the store injected (or opened lazily)."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Flask, current_app, g, request, send_from_directory, url_for

from graphprofile import resources, services
from graphprofile.errors import InvalidInput
from graphprofile.store import Store

__all__ = ["create_app", "get_store", "as_of", "int_arg"]

_lock = threading.Lock()


def create_app(store: Store | None = None, config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app.

    Parameters
    ----------
    store : Store, optional
        The store every request reads; when None, :func:`graphprofile.store.open_store`
        is called on the first request (one driver per process, closed at exit).
    config : mapping, optional
        Flask settings; ``SECRET_KEY`` defaults to ``$GRAPHPROFILE_SECRET_KEY``, else the
        key kept in ``$GRAPHPROFILE_HOME/secret_key`` (made once, shared by every worker
        and restart), ``DEFAULT_AS_OF`` (ISO date) fixes "today" for every page.
        ``SIGNIN_POLICY``, ``SESSION_POLICY`` (default: from the environment) and
        ``CLOCK`` (epoch seconds, default the time) set sign-in throttling and session
        limits.
        ``SINGLE_USER`` (default False) lets the local person in as admin with no sign-in;
        otherwise every page but the sign-in page needs a user with the right role.
    """
    app = Flask(__name__)
    _serve_vis_network(app)
    app.config.update(
        SECRET_KEY=(config or {}).get("SECRET_KEY") or _secret_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        DEFAULT_AS_OF=os.environ.get("GRAPHPROFILE_AS_OF") or None,
        SESSION_COOKIE_SECURE=os.environ.get("GRAPHPROFILE_SECURE_COOKIES") == "1",
        MAX_CONTENT_LENGTH=services.MAX_UPLOAD + 2**20,  # the upload plus the form around it
        SINGLE_USER=False,
    )
    if config:
        app.config.update(config)
    if os.environ.get("GRAPHPROFILE_ENV") != "development":
        app.debug = False  # the debugger runs code from the browser: never outside development
    app.extensions["graphprofile.store"] = store
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the CLI's key order

    from web import auth, csrf, errors, i18n, sessions
    from web.account import bp as account_bp
    from web.accounts import bp as accounts_bp
    from web.admin import bp as admin_bp
    from web.api import bp as api_bp
    from web.cross_sell import bp as cross_sell_bp
    from web.engagement import bp as engagement_bp
    from web.followups import api as followups_api
    from web.followups import bp as followups_bp
    from web.gaps import bp as gaps_bp
    from web.history import api as history_api
    from web.history import bp as history_bp
    from web.imports import bp as imports_bp
    from web.intelligence import api as intelligence_api
    from web.intelligence import pages as intelligence_bp
    from web.interviews import api as interviews_api
    from web.interviews import bp as interviews_bp
    from web.opportunities import bp as opportunities_bp
    from web.people import bp as people_bp
    from web.portfolio import bp as portfolio_bp
    from web.profiling import api as profiling_api
    from web.profiling import bp as profiling_bp

    for blueprint in (portfolio_bp, accounts_bp, people_bp, engagement_bp, opportunities_bp,
                      gaps_bp, cross_sell_bp, profiling_bp, followups_bp, imports_bp, api_bp,
                      followups_api,
                      profiling_api, history_bp, history_api, auth.bp, admin_bp,
                      interviews_bp, interviews_api, account_bp, intelligence_api,
                      intelligence_bp):
        app.register_blueprint(blueprint)
    i18n.init_app(app)
    csrf.init_app(app)
    auth.init_app(app)  # its gate runs first, before the CSRF check
    sessions.init_app(app)  # and before the gate, the end of an expired session
    errors.init_app(app)

    @app.context_processor
    def helpers() -> dict[str, Any]:
        shown = (request.args.get("as_of") or app.config.get("DEFAULT_AS_OF")
                 or date.today().isoformat())
        return {"link": link, "as_of_param": request.args.get("as_of", ""),
                "as_of_shown": shown}

    # the `money`, `pct`, `day`, `label` and `chips` filters are the locale's: web/i18n.py

    @app.template_filter("words")
    def words(value: object) -> str:
        return "" if value is None else str(value).replace("_", " ")

    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app


def _secret_key() -> str:
    """``$GRAPHPROFILE_SECRET_KEY``, else the key file under ``$GRAPHPROFILE_HOME``."""
    from graphprofile.config import Settings
    from graphprofile.services.sessions import secret_key

    return os.environ.get("GRAPHPROFILE_SECRET_KEY") or secret_key(Settings.from_env().home)


def _serve_vis_network(app: Flask) -> None:
    """``/static/vendor/`` serves the vis-network files of the installed pyvis package."""
    static, vendor = app.view_functions["static"], resources.vis_network()

    def static_or_vendor(filename: str) -> Any:
        if filename.startswith("vendor/"):
            return send_from_directory(vendor, filename.removeprefix("vendor/"))
        return static(filename=filename)

    app.view_functions["static"] = static_or_vendor


def get_store() -> Store:
    """The app's store, opened on first use when none was injected."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    store = app.extensions.get("graphprofile.store")
    if store is None:
        with _lock:
            store = app.extensions.get("graphprofile.store")
            if store is None:
                from graphprofile.store import open_store

                store = open_store()
                atexit.register(store.close)
                app.extensions["graphprofile.store"] = store
    return store


def as_of() -> date:
    """The request's ``?as_of=YYYY-MM-DD`` (400 when malformed), else the app's default."""
    if "as_of" not in g:
        value = request.args.get("as_of") or current_app.config.get("DEFAULT_AS_OF")
        g.as_of = services.parse_as_of(value)
    return g.as_of


def int_arg(name: str, default: int) -> int:
    """The request's whole-number ``?name=`` (400 when it is not one), else ``default``."""
    value = request.args.get(name, "")
    if not value:
        return default
    if not value.isdigit():
        raise InvalidInput(f"{name} must be a whole number, got {value!r}")
    return int(value)


def link(endpoint: str, **values: Any) -> str:
    """``url_for`` that keeps the page's ``as_of`` so a reviewer stays on the same day."""
    if "as_of" not in values and request.args.get("as_of"):
        values["as_of"] = request.args["as_of"]
    return url_for(endpoint, **values)
