"""The country-launch backoffice of a long-distance carpooling marketplace."""


from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application; see :func:`backoffice.app.create_app`."""
    from backoffice.app import create_app as factory

    return factory(config)
