"""Dates and times in form expressions, as the ODK XForms specification defines them.

A date is ISO text (``2026-03-15``); a date-time ISO text with its UTC offset;
a number stands for days since 1970-01-01 (fractions are the time of day, in
UTC). ``format-date`` knows the specification's ``%Y %y %m %n %b %d %e %H %h
%M %S %3 %a`` patterns (month and day names in English, as in Collect's
default locale).
"""

from __future__ import annotations

import datetime as dt
import math

from desktop.forms.xpath_values import to_number

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def parse_date_value(value, time_only: bool = False) -> dt.date | dt.datetime | None:
    """A date or date-time from ISO text, a number of days, or a time ``HH:MM[:SS]``; None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value) or abs(value) > 3_000_000:
            return None
        moment = EPOCH + dt.timedelta(days=value)
        return moment if value != int(value) else moment.date()
    text = str(value).strip()
    if not text:
        return None
    if time_only and len(text) <= 18 and ":" in text and "T" not in text:
        try:
            clock = dt.time.fromisoformat(text)
        except ValueError:
            return None
        today = dt.datetime.now().astimezone()
        return dt.datetime.combine(today.date(), clock.replace(tzinfo=clock.tzinfo or today.tzinfo))
    try:
        if "T" in text or " " in text:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return dt.date.fromisoformat(text)
    except ValueError:
        number = to_number(text)
        return parse_date_value(number) if not math.isnan(number) else None


def to_date_number(value) -> float:
    """Days since 1970-01-01 (UTC) with the time of day as a fraction; NaN if not a date."""
    moment = parse_date_value(value)
    if moment is None:
        return math.nan
    if not isinstance(moment, dt.datetime):
        return float((moment - EPOCH.date()).days)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return (moment - EPOCH).total_seconds() / 86400.0


def format_date(value, pattern: str) -> str:
    moment = parse_date_value(value)
    if moment is None:
        return ""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch != "%" or i + 1 >= len(pattern):
            out.append(ch)
            i += 1
            continue
        code = pattern[i + 1]
        i += 2
        out.append(
            {
                "Y": "{:04d}".format(moment.year),
                "y": "{:02d}".format(moment.year % 100),
                "m": "{:02d}".format(moment.month),
                "n": str(moment.month),
                "b": _MONTHS[moment.month - 1],
                "d": "{:02d}".format(moment.day),
                "e": str(moment.day),
                "H": "{:02d}".format(moment.hour),
                "h": str(moment.hour),
                "M": "{:02d}".format(moment.minute),
                "S": "{:02d}".format(moment.second),
                "3": "{:03d}".format(moment.microsecond // 1000),
                "a": _DAYS[moment.weekday()],
                "%": "%",
            }.get(code, "%" + code)
        )
    return "".join(out)
