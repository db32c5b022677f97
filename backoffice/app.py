"""The application factory."""

from __future__ import annotations

import contextlib
from typing import Any

from flask import Blueprint, Flask, Response, make_response
from flask_babel import get_locale
from flask_wtf.csrf import CSRFProtect

from backoffice import config as config_module
from backoffice.core import db as db_module
from backoffice.core import errors, security
from backoffice.core.arguments import BoundedIntegerConverter
from backoffice.core.i18n import LANGUAGE_NAMES, babel, install_text_gettext, select_locale
from backoffice.core.json_body import BoundedRequest
from backoffice.core.navigation import (
    country_sections,
    nav_is_current,
    nav_items,
    sub_nav_items,
)
from backoffice.core.permissions import Permission, enforce_declared

csrf = CSRFProtect()

# Blueprints that machines call with tokens or signatures, never with a browser session.
CSRF_EXEMPT_BLUEPRINTS = ("api", "admin_api", "webhooks")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(config_module.INSTANCE_DIR))
    app.config.update(config_module.build_config(config))
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # Before any route exists: every <int:...> refuses numbers past 64 bits, every JSON
    # body parsed by request.get_json() has the size, nesting and number limits.
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.request_class = BoundedRequest

    db_module.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_text_gettext(app)
    csrf.init_app(app)
    security.init_app(app)
    errors.init_app(app)

    from backoffice.accounts.views import init_login

    init_login(app)
    _register_blueprints(app)
    _register_cli(app)

    _connect_domains()
    app.before_request(enforce_declared)
    app.after_request(_commit_or_rollback)

    from backoffice.countries.labels import payment_label, payment_request_label, stage_label
    from backoffice.launch.status import status_of
    from backoffice.payments.labels import method_labels

    @app.context_processor
    def _console_globals() -> dict[str, Any]:
        return {
            "country_status": status_of,
            "stage_label": stage_label,
            "payment_label": payment_label,
            "payment_request_label": payment_request_label,
            "method_labels": method_labels,
            "Permission": Permission,
            "language_names": LANGUAGE_NAMES,
            "nav_items": nav_items,
            "nav_is_current": nav_is_current,
            "sub_nav_items": sub_nav_items,
            "country_sections": country_sections,
            "get_locale": get_locale,
        }

    return app


def _connect_domains() -> None:
    """What a domain hears of another, wired here rather than on import."""
    from backoffice.catalogs.provisioning import on_locales_set
    from backoffice.countries.signals import locales_set

    locales_set.connect(on_locales_set)  # a country's locales get their catalogs

    from backoffice.monitoring.tasks import connect as connect_monitoring
    from backoffice.notifications.events import connect as connect_notifications

    connect_notifications()  # approvals waiting, decisions: people are told
    connect_monitoring()  # fresh webhook results: the payment watch looks at once


def _register_blueprints(app: Flask) -> None:
    from backoffice import health
    from backoffice.accounts.views import bp as accounts
    from backoffice.api.admin import admin_api
    from backoffice.api.client import bp as api
    from backoffice.approvals.views import bp as approvals
    from backoffice.audit.views import bp as audit
    from backoffice.calendar.views import bp as calendar
    from backoffice.catalogs.bulk_views import bp as catalog_bulk
    from backoffice.catalogs.stats_views import bp as catalog_stats
    from backoffice.catalogs.views import bp as catalogs
    from backoffice.comments.views import bp as comments
    from backoffice.countries.views import bp as countries
    from backoffice.dashboard.views import bp as dashboard
    from backoffice.glossary.views import bp as glossary
    from backoffice.idchecks.views import bp as idchecks
    from backoffice.launch.views import bp as launch
    from backoffice.marketing.views import bp as marketing
    from backoffice.memory.views import bp as memory
    from backoffice.moderation.views import bp as moderation
    from backoffice.monitoring.views import bp as monitoring
    from backoffice.notifications.views import bp as notifications
    from backoffice.opportunities.views import bp as opportunities
    from backoffice.payments.views import bp as payments
    from backoffice.payments.views import webhooks_bp as webhooks
    from backoffice.planning.views import bp as planning
    from backoffice.playbook.views import bp as playbook
    from backoffice.tasks.views import bp as tasks

    for blueprint in (health.bp, accounts, audit, dashboard, countries, catalogs, api, admin_api(),
                      launch, idchecks, marketing, payments, webhooks,
                      approvals, calendar, monitoring, notifications, planning, tasks,
                      catalog_bulk, catalog_stats, comments, glossary, moderation,
                      playbook, opportunities, memory):
        app.register_blueprint(blueprint)
    for name, registered in app.blueprints.items():
        # Flask types its blueprints as their sansio base; Flask-WTF exempts flask.Blueprint.
        exempt = name.split(".")[0] in CSRF_EXEMPT_BLUEPRINTS  # with the domains nested in them
        if exempt and isinstance(registered, Blueprint):
            csrf.exempt(registered)


def _register_cli(app: Flask) -> None:
    from backoffice.accounts.cli import users
    from backoffice.catalogs.cli import catalogs
    from backoffice.core.cli import db_group
    from backoffice.countries.cli import countries
    from backoffice.demo import demo
    from backoffice.launch.cli import launch
    from backoffice.launch.operations import reach
    from backoffice.payments.cli import payments
    from backoffice.tasks.worker import worker

    # A country file's stage is reached through the launch pipeline's gates; the countries
    # domain sits below the pipeline, so the factory hands it the pipeline's move.
    app.extensions["stage_move"] = reach

    for group in (db_group, users, demo, countries, catalogs, launch, payments, worker):
        app.cli.add_command(group)


def _commit_or_rollback(response: Response) -> Response:
    """The one place a request's changes are committed: only when it succeeded."""
    if not db_module.db.has_session():
        return response
    session = db_module.db.session
    if response.status_code >= 400:
        session.rollback()
        return response
    try:
        session.commit()
    except Exception as error:
        # The connection may be gone already; the commit's error is the one that matters.
        with contextlib.suppress(Exception):
            session.rollback()
        if errors.lost_database(error):
            return make_response(errors.database_unavailable())
        raise
    return response
