"""The function library of the ODK XForms specification (https://getodk.github.io/xforms-spec/).

:data:`ARITY` gives each function's number of arguments (the parser checks it);
:func:`call` runs one with evaluated arguments. Arguments are XPath values
(``str``, ``float``, ``bool``) or, for the functions in :data:`NODESET_ARGS`,
node-sets (Python lists: the values of a field over the instances of a repeat).
Dates are ISO text (``2026-03-15``), date-times ISO text with the UTC offset;
as numbers, dates count days since 1970-01-01 as the specification says.
``if``, ``coalesce`` and ``once`` are evaluated lazily by the evaluator itself.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import random
import uuid
from collections.abc import Callable

from desktop.forms.xpath_dates import format_date, parse_date_value, to_date_number
from desktop.forms.xpath_geo import area, distance
from desktop.forms.xpath_values import to_boolean, to_number, to_string

# name -> (minimum, maximum or None) number of arguments
ARITY: dict[str, tuple[int, int | None]] = {
    "if": (3, 3),
    "coalesce": (2, None),
    "once": (1, 1),
    "selected": (2, 2),
    "selected-at": (2, 2),
    "count-selected": (1, 1),
    "jr:choice-name": (2, 2),
    "string-length": (0, 1),
    "regex": (2, 2),
    "today": (0, 0),
    "now": (0, 0),
    "concat": (0, None),
    "join": (1, None),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "ends-with": (2, 2),
    "substr": (2, 3),
    "substring": (2, 3),
    "substring-before": (2, 2),
    "substring-after": (2, 2),
    "translate": (3, 3),
    "normalize-space": (0, 1),
    "number": (0, 1),
    "string": (0, 1),
    "boolean": (1, 1),
    "boolean-from-string": (1, 1),
    "int": (1, 1),
    "round": (1, 2),
    "floor": (1, 1),
    "ceiling": (1, 1),
    "abs": (1, 1),
    "pow": (2, 2),
    "log": (1, 1),
    "log10": (1, 1),
    "exp": (1, 1),
    "exp10": (1, 1),
    "sqrt": (1, 1),
    "sin": (1, 1),
    "cos": (1, 1),
    "tan": (1, 1),
    "asin": (1, 1),
    "acos": (1, 1),
    "atan": (1, 1),
    "atan2": (2, 2),
    "pi": (0, 0),
    "random": (0, 0),
    "true": (0, 0),
    "false": (0, 0),
    "not": (1, 1),
    "sum": (1, 1),
    "count": (1, 1),
    "count-non-empty": (1, 1),
    "max": (1, None),
    "min": (1, None),
    "position": (0, 1),
    "indexed-repeat": (3, 7),
    "checklist": (2, None),
    "weighted-checklist": (2, None),
    "date": (1, 1),
    "date-time": (1, 1),
    "decimal-date": (1, 1),
    "decimal-date-time": (1, 1),
    "decimal-time": (1, 1),
    "format-date": (2, 2),
    "format-date-time": (2, 2),
    "uuid": (0, 1),
    "digest": (2, 3),
    "base64-decode": (1, 1),
    "pulldata": (4, 4),
    "randomize": (1, 2),
    "area": (1, 1),
    "distance": (1, None),
    "current": (0, 0),
}
LAZY = frozenset({"if", "coalesce", "once"})
NODESET_ARGS = {
    "sum": (0,),
    "count": (0,),
    "count-non-empty": (0,),
    "max": None,  # every argument
    "min": None,
    "join": None,
    "concat": None,
    "indexed-repeat": (0,),
    "randomize": (0,),
    "distance": None,
}


def _first(value):
    """A node-set used where one value is wanted: its first node (XPath string-value)."""
    if isinstance(value, list):
        return value[0] if value else ""
    return value


def _items(value) -> list:
    return value if isinstance(value, list) else [value]


def _num(value) -> float:
    return to_number(_first(value))


def _str(value) -> str:
    return to_string(_first(value))


def _math(func: Callable[..., float], *args: float) -> float:
    try:
        return float(func(*args))
    except (ValueError, OverflowError, ZeroDivisionError):
        return math.nan


def _finite(func, x: float) -> float:
    return x if math.isnan(x) or math.isinf(x) else float(func(x))


def xpath_round(x: float, digits: float = 0.0) -> float:
    if math.isnan(x) or math.isinf(x) or math.isnan(digits):
        return x
    places = int(max(-300, min(300, digits)))
    try:
        scale = 10.0**places
        scaled = x * scale
        if math.isinf(scaled):
            return x
        return math.floor(scaled + 0.5) / scale
    except OverflowError:
        return x


def _substr(text: str, start: float, end: float | None) -> str:
    if math.isnan(start):
        return ""
    begin = max(0, int(start))
    if end is None:
        return text[begin:]
    if math.isnan(end):
        return ""
    return text[begin : max(begin, int(end))]


def _checklist(values: list, weights: list | None) -> bool:
    low, high = _num(values[0]), _num(values[1])
    items = []
    for v in values[2:]:
        items.extend(_items(v))
    if weights is None:
        total = float(sum(1 for v in items if to_boolean(v)))
    else:
        pairs = list(zip(items[0::2], items[1::2]))
        total = sum(to_number(w) for v, w in pairs if to_boolean(v))
    return (low < 0 or total >= low) and (high < 0 or total <= high)


def seeded_shuffle(items: list, seed: float | None) -> list:
    """Fisher-Yates with the Park-Miller generator when a seed is given, so the same seed always gives
    the same order (the order is Pantau's own; it is not guaranteed to equal ODK Collect's)."""
    out = list(items)
    if seed is None or math.isnan(seed):
        random.shuffle(out)
        return out
    state = int(abs(seed)) % 2147483647 or 1
    for i in range(len(out) - 1, 0, -1):
        state = (state * 16807) % 2147483647
        j = state % (i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def _digest(data: str, algorithm: str, encoding: str) -> str:
    names = {"md5": "md5", "sha-1": "sha1", "sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512"}
    name = names.get(algorithm.strip().lower())
    if name is None:
        return ""
    raw = hashlib.new(name, data.encode("utf-8")).digest()
    return raw.hex() if encoding.strip().lower() == "hex" else base64.b64encode(raw).decode("ascii")


def _base64_decode(text: str) -> str:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return ""


def _uuid(length: float | None) -> str:
    if length is None:
        return str(uuid.uuid4())
    if math.isnan(length) or length <= 0:
        return ""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    rng = random.SystemRandom()
    return "".join(rng.choice(alphabet) for _ in range(int(min(length, 1000))))


def _extreme(values: list, pick) -> float:
    numbers = [to_number(v) for arg in values for v in _items(arg)]
    if not numbers or any(math.isnan(n) for n in numbers):
        return math.nan
    return pick(numbers)


def call(name: str, args: list, ctx) -> object:
    """Run function ``name`` on evaluated ``args``; ``ctx`` is the evaluator (today, now, context...)."""
    a = args
    if name == "selected":
        return _str(a[1]).strip() in _str(a[0]).split()
    if name == "selected-at":
        parts, index = _str(a[0]).split(), _num(a[1])
        return parts[int(index)] if not math.isnan(index) and 0 <= index < len(parts) else ""
    if name == "count-selected":
        return float(len(_str(a[0]).split()))
    if name == "jr:choice-name":
        return ctx.choice_name(_str(a[0]), _str(a[1]))
    if name == "string-length":
        return float(len(_str(a[0]) if a else to_string(ctx.current)))
    if name == "normalize-space":
        return " ".join((_str(a[0]) if a else to_string(ctx.current)).split())
    if name == "regex":
        return ctx.regex(_str(a[1]), _str(a[0]))
    if name == "today":
        return ctx.today.isoformat()
    if name == "now":
        return ctx.now().isoformat(timespec="milliseconds")
    if name == "concat":
        return "".join(to_string(v) for arg in a for v in _items(arg))
    if name == "join":
        return _str(a[0]).join(to_string(v) for arg in a[1:] for v in _items(arg))
    if name == "contains":
        return _str(a[1]) in _str(a[0])
    if name == "starts-with":
        return _str(a[0]).startswith(_str(a[1]))
    if name == "ends-with":
        return _str(a[0]).endswith(_str(a[1]))
    if name == "substr":
        return _substr(_str(a[0]), _num(a[1]), _num(a[2]) if len(a) > 2 else None)
    if name == "substring":  # XPath 1.0: 1-based start and a length, rounded
        text, start = _str(a[0]), xpath_round(_num(a[1]))
        end = start + xpath_round(_num(a[2])) if len(a) > 2 else math.inf
        if math.isnan(start) or math.isnan(end):
            return ""
        return "".join(ch for i, ch in enumerate(text, start=1) if start <= i < end)
    if name == "substring-before":
        text, sep = _str(a[0]), _str(a[1])
        return text.split(sep, 1)[0] if sep in text else ""
    if name == "substring-after":
        text, sep = _str(a[0]), _str(a[1])
        return text.split(sep, 1)[1] if sep in text else ""
    if name == "translate":
        source, target = _str(a[1]), _str(a[2])
        table: dict[int, int | None] = {}
        for i, ch in enumerate(source):
            table.setdefault(ord(ch), ord(target[i]) if i < len(target) else None)
        return _str(a[0]).translate(table)
    if name == "number":
        return to_number(_first(a[0]) if a else ctx.current)
    if name == "string":
        return to_string(_first(a[0]) if a else ctx.current)
    if name == "boolean":
        value = a[0]
        return bool(value) if isinstance(value, list) else to_boolean(value)
    if name == "boolean-from-string":
        return _str(a[0]).strip() in ("true", "1")
    if name == "int":
        return _finite(math.trunc, _num(a[0]))
    if name == "round":
        return xpath_round(_num(a[0]), _num(a[1]) if len(a) > 1 else 0.0)
    if name == "floor":
        return _finite(math.floor, _num(a[0]))
    if name == "ceiling":
        return _finite(math.ceil, _num(a[0]))
    if name == "abs":
        return abs(_num(a[0]))
    if name == "pow":
        return _math(math.pow, _num(a[0]), _num(a[1]))
    if name in ("log", "log10", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "exp"):
        func = {"log": math.log, "log10": math.log10, "exp": math.exp}.get(name) or getattr(math, name)
        return _math(func, _num(a[0]))
    if name == "exp10":
        return _math(lambda x: 10.0**x, _num(a[0]))
    if name == "atan2":
        return _math(math.atan2, _num(a[0]), _num(a[1]))
    if name == "pi":
        return math.pi
    if name == "random":
        return random.random()
    if name == "true":
        return True
    if name == "false":
        return False
    if name == "not":
        return not to_boolean(_first(a[0]))
    if name == "sum":
        return float(sum(to_number(v) for v in _items(a[0])))
    if name == "count":
        return float(len(_items(a[0]))) if isinstance(a[0], list) else (0.0 if a[0] in ("", None) else 1.0)
    if name == "count-non-empty":
        return float(sum(1 for v in _items(a[0]) if to_string(v) != ""))
    if name == "max":
        return _extreme(a, max)
    if name == "min":
        return _extreme(a, min)
    if name == "position":
        return float(ctx.position())
    if name == "indexed-repeat":
        nodes, index = _items(a[0]), _num(a[-1])
        if math.isnan(index) or not 1 <= index <= len(nodes):
            return ""
        return nodes[int(index) - 1]
    if name == "checklist":
        return _checklist(a, None)
    if name == "weighted-checklist":
        return _checklist(a, [])
    if name in ("date", "date-time"):
        value = parse_date_value(_first(a[0]))
        if value is None:
            return ""
        if name == "date":
            return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
        return value.isoformat(timespec="milliseconds") if isinstance(value, dt.datetime) else value.isoformat()
    if name in ("decimal-date", "decimal-date-time"):
        return to_date_number(_first(a[0]))
    if name == "decimal-time":
        value = parse_date_value(_first(a[0]), time_only=True)
        if not isinstance(value, dt.datetime):
            return math.nan
        midnight = value.replace(hour=0, minute=0, second=0, microsecond=0)
        return (value - midnight).total_seconds() / 86400.0
    if name in ("format-date", "format-date-time"):
        return format_date(_first(a[0]), _str(a[1]))
    if name == "uuid":
        return _uuid(_num(a[0]) if a else None)
    if name == "digest":
        return _digest(_str(a[0]), _str(a[1]), _str(a[2]) if len(a) > 2 else "base64")
    if name == "base64-decode":
        return _base64_decode(_str(a[0]))
    if name == "pulldata":
        return ctx.pulldata(_str(a[0]), _str(a[1]), _str(a[2]), _str(a[3]))
    if name == "randomize":
        seed = _num(a[1]) if len(a) > 1 else None
        return seeded_shuffle(_items(a[0]), seed)
    if name == "area":
        return area(_str(a[0]))
    if name == "distance":
        return distance([to_string(v) for arg in a for v in _items(arg)])
    if name == "current":
        return ctx.current
    return ""  # a function that is not part of ODK XForms (accepted at import with a warning)
