"""Admin API: the launch calendar as JSON and as iCalendar."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from backoffice.api.auth import api_requires
from backoffice.calendar import operations
from backoffice.calendar.ical import to_ical
from backoffice.calendar.views import filters_from_args
from backoffice.core.openapi import admin_operation, admin_responses, json_content
from backoffice.core.permissions import Permission

api = Blueprint("calendar", __name__)


@api.route("/calendar")
@api_requires(Permission.COUNTRIES_READ)
def calendar_events() -> ResponseReturnValue:
    filters = filters_from_args()
    _countries, events = operations.calendar(filters)
    return jsonify(start=filters.start.isoformat(), end=filters.end.isoformat(), events=[{
        "uid": e.uid, "country": e.country_code, "kind": e.kind, "at": e.at.isoformat(),
        "all_day": e.all_day, "planned": e.planned, "title": e.title} for e in events])


@api.route("/calendar.ics")
@api_requires(Permission.COUNTRIES_READ)
def calendar_ical() -> ResponseReturnValue:
    _countries, events = operations.calendar(filters_from_args())
    body = to_ical(events, name=_("Launch calendar"), host=request.host.split(":")[0])
    return Response(body, mimetype="text/calendar")


FILTERS = [
    {"name": "from", "in": "query", "required": False,
     "schema": {"type": "string", "format": "date"}},
    {"name": "to", "in": "query", "required": False,
     "schema": {"type": "string", "format": "date"}},
    {"name": "region", "in": "query", "required": False,
     "schema": {"type": "string", "enum": sorted(operations.REGIONS)}},
    {"name": "owner", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 2_000_000_000}},
    {"name": "stage", "in": "query", "required": False, "schema": {"type": "string"}},
]
OPENAPI_SCHEMAS = {"CalendarEvent": {
    "type": "object",
    "required": ["uid", "country", "kind", "at", "all_day", "planned", "title"],
    "properties": {
        "uid": {"type": "string"}, "country": {"type": "string"},
        "kind": {"type": "string",
                 "enum": ["stage", "payment", "kill", "request", "target", "locale_target"]},
        "at": {"type": "string", "format": "date-time"}, "all_day": {"type": "boolean"},
        "planned": {"type": "boolean"}, "title": {"type": "string"},
    },
}}
OPENAPI_PATHS = {
    "/api/v1/admin/calendar": {"get": admin_operation(
        "getCalendar", "Every country's past and planned changes and targets in a period",
        admin_responses({"200": json_content({
            "type": "object", "required": ["start", "end", "events"],
            "properties": {"start": {"type": "string", "format": "date"},
                           "end": {"type": "string", "format": "date"},
                           "events": {"type": "array",
                                      "items": {"$ref": "#/components/schemas/CalendarEvent"}}}},
            "The events")}),
        parameters=FILTERS)},
    "/api/v1/admin/calendar.ics": {"get": admin_operation(
        "getCalendarIcs", "The same events as iCalendar, to subscribe to",
        admin_responses({"200": {"description": "An iCalendar file", "content": {
            "text/calendar": {"schema": {"type": "string"}}}}}),
        parameters=FILTERS)},
}
