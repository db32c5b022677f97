"""The calendar as iCalendar (RFC 5545), so that teams can subscribe to it."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar
from icalendar import Event as VEvent

from backoffice.calendar.operations import Event
from backoffice.core.db import utcnow


def to_ical(events: list[Event], *, name: str, host: str, now: datetime | None = None
            ) -> bytes:
    now = now or utcnow()
    cal = Calendar()
    cal.add("prodid", "-//Launch backoffice//Launch calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        item = VEvent()
        item.add("uid", f"{event.uid}@{host}")
        item.add("dtstamp", now)
        item.add("dtstart", event.at.date() if event.all_day else event.at)
        item.add("summary", event.title)
        item.add("categories", [event.kind])
        item.add("status", "TENTATIVE" if event.planned else "CONFIRMED")
        cal.add_component(item)
    data: bytes = cal.to_ical()
    return data
