"""Reading payment connectors, the countries they serve, their webhooks and health checks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from backoffice.core.db import db
from backoffice.core.errors import NotFoundError
from backoffice.payments.models import (
    ConnectorCountry,
    HealthCheck,
    PaymentConnectorConfig,
    WebhookEvent,
)


def list_connectors() -> list[PaymentConnectorConfig]:
    return list(db.session.scalars(select(PaymentConnectorConfig).order_by(
        PaymentConnectorConfig.name)))


def get_connector(connector_id: int) -> PaymentConnectorConfig:
    connector = db.session.get(PaymentConnectorConfig, connector_id)
    if connector is None:
        raise NotFoundError(_("This payment connector does not exist."))
    return connector


def served_country(country_code: str) -> ConnectorCountry | None:
    return db.session.scalar(
        select(ConnectorCountry).where(ConnectorCountry.country_code == country_code)
    )


def last_heard(connector_ids: Iterable[int]) -> dict[int, datetime]:
    """When each connector last received an authentic webhook."""
    ids = list(connector_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(WebhookEvent.connector_id, func.max(WebhookEvent.received_at))
        .where(WebhookEvent.connector_id.in_(ids))
        .group_by(WebhookEvent.connector_id)
    )
    # func.max loses the column type on some databases; normalise to aware UTC.
    result: dict[int, datetime] = {}
    for connector_id, when in rows:
        if connector_id is not None and when is not None:  # the query's ids are all set
            result[connector_id] = _as_utc(when)
    return result


def recent_webhooks(connector: PaymentConnectorConfig, limit: int = 20) -> list[WebhookEvent]:
    return list(db.session.scalars(
        select(WebhookEvent).where(WebhookEvent.connector_id == connector.id)
        .order_by(WebhookEvent.received_at.desc(), WebhookEvent.id.desc()).limit(limit)
    ))


def health_checks(country_code: str, limit: int = 10) -> list[HealthCheck]:
    return list(db.session.scalars(
        select(HealthCheck).where(HealthCheck.country_code == country_code)
        .order_by(HealthCheck.checked_at.desc(), HealthCheck.id.desc()).limit(limit)
    ))


def latest_health_check(country_code: str) -> HealthCheck | None:
    checks = health_checks(country_code, limit=1)
    return checks[0] if checks else None


def _as_utc(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite returns aggregates as text
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
