"""Answers as stored, for every XLSForm question type, and what is wrong with one.

* select_one: the choice name; select_multiple and rank: a list of names (rank in order);
* integer: ``int``; decimal: ``float``; range: ``int`` or ``float`` (as its parameters);
* date ``YYYY-MM-DD``; time ``HH:MM[:SS]``; dateTime ISO-8601 text;
* geopoint ``"lat lon [alt [accuracy]]"``; geotrace/geoshape points separated by ``;``;
* image/audio/video/file: ``{"sha256", "filename", "media_type", "size"}`` of a file put
  into the evidence store (:meth:`desktop.evidence.EvidenceStore.add_file`);
* acknowledge: ``"OK"``; barcode, text and the metadata types: text.
"""

from __future__ import annotations

import datetime as dt
import re

from desktop.forms.model import Question
from desktop.forms.session_state import is_empty
from desktop.forms.xpath_geo import parse_point, parse_points
from desktop.i18n import _

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def range_parameters(question: Question) -> tuple[float, float, float]:
    """``start``, ``end`` and ``step`` of a range question (defaults 1, 10, 1 as in XLSForm)."""
    values = {"start": 1.0, "end": 10.0, "step": 1.0}
    for part in re.split(r"[\s;,]+", question.parameters or ""):
        key, _sep, value = part.partition("=")
        if key.strip() in values:
            try:
                values[key.strip()] = float(value)
            except ValueError:
                pass
    return values["start"], values["end"], values["step"]


def _is_whole(*numbers: float) -> bool:
    return all(float(n).is_integer() for n in numbers)


def coerce(question: Question, value):
    """Normalise an answer for storage; values that do not fit are kept for :func:`type_problem`."""
    if is_empty(value):
        return None
    qtype = question.type
    if question.is_multiple:
        items = value.split() if isinstance(value, str) else [str(v) for v in value]
        return list(dict.fromkeys(items))
    if qtype in ("integer", "range", "decimal") and not isinstance(value, bool):
        whole = qtype == "integer" or (qtype == "range" and _is_whole(*range_parameters(question)))
        try:
            number = float(str(value).strip())
        except ValueError:
            return value
        if whole:
            return int(number) if number.is_integer() else value
        return int(number) if isinstance(value, int) else number
    if qtype == "date" and isinstance(value, str):  # appearance month-year / year: stored as its first day
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}", text) and "month-year" in question.appearances:
            return text + "-01"
        if re.fullmatch(r"\d{4}", text) and "year" in question.appearances:
            return text + "-01-01"
    if qtype == "date" and isinstance(value, (dt.date, dt.datetime)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if qtype == "dateTime" and isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if qtype == "time" and isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if qtype == "acknowledge":
        return "OK" if value is True or str(value).strip().upper() in ("OK", "TRUE", "1", "YES") else None
    if question.type in ("image", "audio", "video", "file") and hasattr(value, "sha256"):
        return {
            "sha256": value.sha256,
            "filename": value.filename,
            "media_type": getattr(value, "media_type", ""),
            "size": getattr(value, "size", 0),
        }
    if isinstance(value, str):
        return value.strip() if qtype in ("select_one", "date", "time", "dateTime", "geopoint") else value
    return value


def type_problem(question: Question, value) -> str | None:
    """Why ``value`` is not an answer of the question's type (choices are checked by the session)."""
    qtype = question.type
    if qtype == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return _("Enter a whole number.")
    if qtype == "decimal" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return _("Enter a number.")
    if qtype == "range":
        start, end, step = range_parameters(question)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _("Enter a number.")
        low, high = min(start, end), max(start, end)
        off_step = step and abs(((value - start) / step) - round((value - start) / step)) > 1e-9
        if not low <= value <= high or off_step:
            return _("Choose a value from {start} to {end} in steps of {step}.").format(
                start=_short(start), end=_short(end), step=_short(step)
            )
    if qtype == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return _("Enter a date as YYYY-MM-DD.")
    if qtype == "time":
        try:
            dt.time.fromisoformat(str(value))
        except ValueError:
            return _("Enter a time as HH:MM.")
    if qtype == "dateTime":
        try:
            dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return _("Enter a date and time as YYYY-MM-DD HH:MM.")
    if qtype == "geopoint" and parse_point(str(value)) is None:
        return _(
            "Enter a location as latitude (-90 to 90) and longitude (-180 to 180), "
            "optionally followed by altitude and accuracy in metres."
        )
    if qtype in ("geotrace", "geoshape"):
        points = parse_points(str(value))
        needed = 2 if qtype == "geotrace" else 3
        if points is None or len(points) < needed:
            return _("Enter at least {count} valid points (latitude longitude), one per line.").format(count=needed)
    if qtype in ("image", "audio", "video", "file"):
        external = isinstance(value, dict) and value.get("external") and value.get("filename")
        if not external and (not isinstance(value, dict) or not _SHA256.match(str(value.get("sha256", "")))):
            return _("Attach a file.")
    return None


def _short(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
