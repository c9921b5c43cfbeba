"""A deadline as a calendar file (.ics) the parent can download from the web chat."""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event


def deadline_ics(title: str, day: dt.date, description: str, now: dt.datetime | None = None) -> str:
    """An all-day event on `day`, with a reminder a week before."""
    calendar = Calendar()
    calendar.add("prodid", "-//SEND parent guide//deadline//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", hashlib.sha256(f"{title}|{day}".encode()).hexdigest()[:24] + "@send-parent-guide")
    event.add("dtstamp", now or dt.datetime.now(dt.timezone.utc))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", title)
    event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In a week: {title}")
    alarm.add("trigger", dt.timedelta(days=-7))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
