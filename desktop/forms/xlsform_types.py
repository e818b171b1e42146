"""The question types of the XLSForm specification and their spellings.

Every type pyxform knows is read here: canonical names (``select_one``,
``dateTime``, ``geopoint``...), older spellings (``select one from``,
``photo``, ``gps``, ``add text prompt``...) and the ``uri:`` metadata forms.
:func:`parse_type` turns the text of a ``type`` cell into a :class:`TypeSpec`.
Types that mean nothing on a desktop (``osm``, background recording) are
:data:`UNSUPPORTED_TYPES`: the import skips such a row when nothing refers to
it and tells the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SELECT_TYPES = ("select_one", "select_multiple", "rank")
MEDIA_TYPES = ("image", "audio", "video", "file")
GEO_TYPES = ("geopoint", "geotrace", "geoshape")
META_TYPES = (
    "start",
    "end",
    "today",
    "deviceid",
    "phonenumber",
    "username",
    "email",
    "audit",
    "simserial",
    "subscriberid",
)
INPUT_TYPES = (
    ("text", "integer", "decimal", "date", "time", "dateTime", "range", "barcode", "acknowledge")
    + SELECT_TYPES
    + GEO_TYPES
    + MEDIA_TYPES
)
EXTERNAL_TYPES = ("xml-external", "csv-external")  # declare a media file; no answer
QUESTION_TYPES = INPUT_TYPES + ("note", "calculate", "hidden") + META_TYPES + EXTERNAL_TYPES
UNSUPPORTED_TYPES = ("osm", "background-audio", "background-geopoint", "start-geopoint")

_ALIASES = {
    "string": "text",
    "int": "integer",
    "percentage": "integer",
    "datetime": "dateTime",
    "date time": "dateTime",
    "photo": "image",
    "picture": "image",
    "gps": "geopoint",
    "location": "geopoint",
    "imei": "deviceid",
    "device id": "deviceid",
    "get device id": "deviceid",
    "start time": "start",
    "get start time": "start",
    "end time": "end",
    "get end time": "end",
    "get today": "today",
    "phone number": "phonenumber",
    "get phone number": "phonenumber",
    "sim id": "simserial",
    "get sim id": "simserial",
    "subscriber id": "subscriberid",
    "get subscriber id": "subscriberid",
    "trigger": "acknowledge",
    "select1": "select_one",
    "q select1": "select_one",
    "q select": "select_multiple",
    "q picture": "image",
    "q location": "geopoint",
    "q int": "integer",
    "q string": "text",
}
# "add X prompt" and "q X" spellings of the plain types
for _t in ("acknowledge", "audio", "barcode", "calculate", "date", "decimal", "file", "image", "integer", "note"):
    _ALIASES["add {t} prompt".format(t=_t)] = _t
for _t in ("acknowledge", "audio", "barcode", "calculate", "date", "decimal", "geopoint", "geoshape", "geotrace"):
    _ALIASES["q {t}".format(t=_t)] = _t
_ALIASES.update(
    {
        "add photo prompt": "image",
        "add video prompt": "video",
        "add text prompt": "text",
        "add location prompt": "geopoint",
        "add date time prompt": "dateTime",
        "add datetime prompt": "dateTime",
        "q video": "video",
        "q image": "image",
        "q note": "note",
        "q date time": "dateTime",
        "q datetime": "dateTime",
    }
)
_SELECTS = {
    "select_one": ("select_one", ""),
    "select one": ("select_one", ""),
    "select one from": ("select_one", ""),
    "select one using": ("select_one", ""),
    "add select one prompt using": ("select_one", ""),
    "select_multiple": ("select_multiple", ""),
    "select multiple": ("select_multiple", ""),
    "select all that apply": ("select_multiple", ""),
    "select all that apply from": ("select_multiple", ""),
    "select multiple from": ("select_multiple", ""),
    "select multiple using": ("select_multiple", ""),
    "add select multiple prompt using": ("select_multiple", ""),
    "rank": ("rank", ""),
    "select_one_from_file": ("select_one", "file"),
    "select one from file": ("select_one", "file"),
    "select_multiple_from_file": ("select_multiple", "file"),
    "select multiple from file": ("select_multiple", "file"),
    "select_one_external": ("select_one", "external"),
    "select one external": ("select_one", "external"),
}
_SELECT_RE = re.compile(
    "^(" + "|".join(re.escape(k) for k in sorted(_SELECTS, key=len, reverse=True)) + r")\s+(\S+)"
    r"(\s+(or_other|or specify other))?$",
    re.IGNORECASE,
)
_CONTROL = {
    "begin group": "begin group",
    "begin_group": "begin group",
    "end group": "end group",
    "end_group": "end group",
    "begin repeat": "begin repeat",
    "begin_repeat": "begin repeat",
    "begin lgroup": "begin repeat",
    "begin looped group": "begin repeat",
    "end repeat": "end repeat",
    "end_repeat": "end repeat",
    "end lgroup": "end repeat",
    "end looped group": "end repeat",
    "end loop": "end loop",
    "end_loop": "end loop",
}
_LOOP_RE = re.compile(r"^begin[ _]loop\s+over\s+(\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class TypeSpec:
    kind: str  # a question type, 'begin group', 'end group', 'begin repeat', ..., 'begin loop', or 'unsupported'
    list_name: str | None = None
    or_other: bool = False
    list_source: str = ""  # '', 'file' or 'external'


def parse_type(text: str) -> TypeSpec | None:
    """The meaning of a ``type`` cell, or None when it is not an XLSForm type."""
    words = " ".join(text.split())
    lowered = words.lower()
    if lowered in _CONTROL:
        return TypeSpec(_CONTROL[lowered])
    loop = _LOOP_RE.match(words)
    if loop:
        return TypeSpec("begin loop", loop.group(1))
    match = _SELECT_RE.match(words)
    if match:
        kind, source = _SELECTS[match.group(1).lower()]
        return TypeSpec(kind, match.group(2), bool(match.group(3)), source)
    if lowered in _SELECTS:
        kind, source = _SELECTS[lowered]
        return TypeSpec(kind, None, False, source)  # the missing list is reported by the caller
    if lowered.startswith("uri:"):
        lowered = lowered[4:]
    lowered = _ALIASES.get(lowered, lowered).lower()
    canonical = {t.lower(): t for t in QUESTION_TYPES}
    if lowered in canonical:
        return TypeSpec(canonical[lowered])
    if lowered in UNSUPPORTED_TYPES or lowered.split()[0:1] == ["osm"]:
        return TypeSpec("unsupported", lowered)
    return None


def type_text(question) -> str:
    """The ``type`` cell for a question when writing an XLSForm."""
    if not question.is_select:
        return question.type
    if question.list_source == "file":
        head = "{t}_from_file".format(t=question.type)
    elif question.list_source == "external":
        head = "select_one_external"
    else:
        head = question.type
    return "{head} {list}{other}".format(
        head=head, list=question.list_name, other=" or_other" if question.or_other else ""
    )


# appearances Pantau shows (or that only change the layout on a phone): no warning
DESKTOP_APPEARANCES = frozenset(
    {
        "minimal",
        "horizontal",
        "horizontal-compact",
        "likert",
        "compact",
        "quickcompact",
        "field-list",
        "table-list",
        "list",
        "list-nolabel",
        "label",
        "multiline",
        "numbers",
        "month-year",
        "year",
        "no-calendar",
        "quick",
        "autocomplete",
        "thousands-sep",
        "columns",
        "columns-pack",
        "no-buttons",
        "hidden-answer",
        "masked",
    }
)
_LAYOUT = re.compile(r"^(w\d+|compact-\d+|columns-\d+|likert-\w+)$")


def appearances_without_desktop_meaning(appearance: str) -> list[str]:
    """The appearances in ``appearance`` that a desktop cannot honour (signature, maps, camera, apps...)."""
    return [a for a in appearance.split() if a.lower() not in DESKTOP_APPEARANCES and not _LAYOUT.match(a.lower())]
