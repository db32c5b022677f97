"""Domain errors and the HTTP error pages.

Operations raise :class:`OperationError` for bad input; views turn it into a form error
or a JSON error. Nothing is written: the request rolls back.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, PendingRollbackError
from werkzeug.exceptions import HTTPException


class OperationError(Exception):
    """Bad input for an operation, with a message a person understands."""

    status_code = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(OperationError):
    status_code = 404


class ForbiddenError(OperationError):
    """Allowed by the route, refused by what the object needs (said with a reason)."""

    status_code = 403


class ConflictError(OperationError):
    """The data changed since the person loaded it."""

    status_code = 409


def _is_api_request() -> bool:
    return request.path.startswith(("/api/", "/webhooks/"))


def _error_response(status: int, title: str, message: str) -> ResponseReturnValue:
    if _is_api_request():
        return jsonify(error=message, status=status), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def database_unavailable() -> ResponseReturnValue:
    return _error_response(
        503,
        _("Service unavailable"),
        _("The database cannot be reached right now. Nothing was changed; try again "
          "in a moment."),
    )


def lost_database(error: BaseException | None) -> bool:
    """Whether the error (or what caused it) is the database going away mid-request."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OperationalError | InterfaceError | PendingRollbackError):
            return True
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> ResponseReturnValue:
        return _error_response(
            400,
            _("Form expired"),
            _("The form was missing its security token or it has expired. Reload the page "
              "and try again; nothing was changed."),
        )

    @app.errorhandler(OperationError)
    def _operation(error: OperationError) -> ResponseReturnValue:
        return _error_response(error.status_code, _("Request refused"), error.message)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_down(_error: Exception) -> ResponseReturnValue:
        app.logger.exception("database error")
        return database_unavailable()

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        messages = {
            400: _("The request could not be understood."),
            401: _("Please sign in."),
            403: _("You do not have permission to see this page."),
            404: _("This page does not exist."),
            405: _("This action is not allowed here."),
            413: _("The upload is too large. The limit is %(limit)s MB.",
                   limit=app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)),
            429: _("Too many requests. Wait a moment and try again."),
        }
        status = error.code or 500
        description = error.description or ""
        custom = description and description != type(error).description
        message = description if custom else messages.get(status, description)
        return _error_response(status, error.name, message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        if lost_database(error):
            return _database_down(error)
        app.logger.exception("unexpected error")
        return _error_response(
            500,
            _("Something went wrong"),
            _("An unexpected error happened. Nothing was changed. The error was logged."),
        )
