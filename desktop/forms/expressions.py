"""Safe evaluation of the XPath expressions found in XLSForms.

``parse(text)`` gives an immutable :class:`Expr` (or raises
:class:`ExpressionError` with a translated message and a position);
``evaluate(expr, values, current=None, today=None)`` computes it against a
dict of answers. Nothing is ever passed to Python's ``eval``.

Values follow XPath 1.0: the result is a ``str``, a ``float`` or a ``bool``.
Answers are converted on the way in: ``None`` -> ``''``, numbers (``int``,
``float``, ``Decimal``) -> ``float``, dates -> ``'YYYY-MM-DD'``, lists (the
choices of a select_multiple) -> names separated by spaces.

Comparisons:

* ``=`` / ``!=``: as booleans if either side is a boolean, else as numbers if
  either side is a number (``''`` is NaN, so ``${n} = 0`` is false when ``n``
  is empty), else as strings.
* ``<`` ``<=`` ``>`` ``>=``: as numbers when both sides are numbers or
  numeric text; otherwise, when both sides are non-empty text, lexically
  (so ISO dates compare correctly); anything else is false.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.forms import safe_regex
from desktop.forms.errors import ExpressionError
from desktop.forms.expr_parser import Call, Chain, Current, Literal, Name, Negate, Ref, parse_tree

__all__ = ["Expr", "ExpressionError", "parse", "evaluate", "evaluate_bool", "to_string", "to_number", "to_boolean"]


def _walk(node):
    """Every node of the tree, iteratively (depth is bounded by the parser anyway)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, Call):
            stack.extend(reversed(current.args))
        elif isinstance(current, Negate):
            stack.append(current.operand)
        elif isinstance(current, Chain):
            stack.extend(reversed([n for _op, n in current.rest]))
            stack.append(current.first)


@dataclass(frozen=True)
class Expr:
    """A parsed expression; equal expressions have equal source text."""

    text: str
    tree: object = field(compare=False, repr=False)

    def references(self) -> frozenset[str]:
        """Names of the fields used as ``${name}``."""
        return frozenset(n.name for n in _walk(self.tree) if isinstance(n, Ref))

    def bare_names(self) -> frozenset[str]:
        """Bare names (choice columns in a ``choice_filter``)."""
        return frozenset(n.name for n in _walk(self.tree) if isinstance(n, Name))

    def reference_positions(self) -> list[tuple[str, int]]:
        """``(name, position)`` of each ``${name}`` in text order."""
        return sorted(((n.name, n.pos) for n in _walk(self.tree) if isinstance(n, Ref)), key=lambda item: item[1])

    def uses_current(self) -> bool:
        return any(isinstance(n, Current) for n in _walk(self.tree))

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Expr:
    """Parse ``text``; raises :class:`ExpressionError` (message, position) if malformed."""
    return Expr(text, parse_tree(text))


# ---- XPath value conversions -------------------------------------------------


def from_python(value):
    """Convert an answer (as stored) into an XPath value (str, float or bool)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return " ".join(str(v) for v in items)
    return str(value)


def to_number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    text = str(value).strip()
    body = text[1:] if text.startswith("-") else text
    if body and all(c.isdigit() and c.isascii() or c == "." for c in body) and body.count(".") <= 1 and body != ".":
        return float(text)
    return math.nan


def to_boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value != ""


def number_to_string(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value):
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f").rstrip("0").rstrip(".")
    return text


def to_string(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_to_string(value)
    return str(value)


def _equal(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return to_boolean(a) == to_boolean(b)
    if isinstance(a, float) or isinstance(b, float):
        return to_number(a) == to_number(b)
    return a == b


def _relational(op: str, a, b) -> bool:
    x, y = to_number(a), to_number(b)
    if math.isnan(x) or math.isnan(y):
        if isinstance(a, str) and isinstance(b, str) and a != "" and b != "":
            x, y = a, b
        else:
            return False
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


def _arith(op: str, a, b) -> float:
    x, y = to_number(a), to_number(b)
    try:
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "div":
            if y == 0:
                if x == 0 or math.isnan(x):
                    return math.nan
                return math.copysign(math.inf, x) * math.copysign(1.0, y)
            return x / y
        # mod: sign of the dividend, like XPath
        if y == 0 or math.isinf(x) or math.isnan(y):
            return math.nan
        return math.fmod(x, y)
    except OverflowError:
        return math.nan


def _round(x: float, digits: float = 0.0) -> float:
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


def _finite(func, x: float) -> float:
    return x if math.isnan(x) or math.isinf(x) else float(func(x))


# ---- evaluator -------------------------------------------------------------------


class _Evaluator:
    def __init__(self, values: dict, current, today: dt.date, choice: dict | None):
        self.values = values
        self.current = from_python(current)
        self.today = today
        self.choice = choice or {}

    def eval(self, node):
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Ref):
            return from_python(self.values.get(node.name))
        if isinstance(node, Current):
            return self.current
        if isinstance(node, Name):
            return from_python(self.choice.get(node.name))
        if isinstance(node, Negate):
            return -to_number(self.eval(node.operand))
        if isinstance(node, Chain):
            return self.chain(node)
        if isinstance(node, Call):
            return self.call(node)
        raise ExpressionError("unsupported node", None)  # pragma: no cover - parser guarantees

    def chain(self, node: Chain):
        ops = node.rest
        if ops[0][0] == "or":
            if to_boolean(self.eval(node.first)):
                return True
            return any(to_boolean(self.eval(n)) for _op, n in ops)
        if ops[0][0] == "and":
            if not to_boolean(self.eval(node.first)):
                return False
            return all(to_boolean(self.eval(n)) for _op, n in ops)
        result = self.eval(node.first)
        for op, operand in ops:
            other = self.eval(operand)
            if op == "=":
                result = _equal(result, other)
            elif op == "!=":
                result = not _equal(result, other)
            elif op in ("<", "<=", ">", ">="):
                result = _relational(op, result, other)
            else:
                result = _arith(op, result, other)
        return result

    def call(self, node: Call):
        name, args = node.name, node.args
        if name == "if":
            chosen = args[1] if to_boolean(self.eval(args[0])) else args[2]
            return self.eval(chosen)
        if name == "coalesce":
            value = ""
            for arg in args:
                value = self.eval(arg)
                if to_string(value) != "":
                    return value
            return value
        vals = [self.eval(a) for a in args]
        if name == "selected":
            return to_string(vals[1]).strip() in to_string(vals[0]).split()
        if name == "count-selected":
            return float(len(to_string(vals[0]).split()))
        if name == "string-length":
            return float(len(to_string(vals[0] if vals else self.current)))
        if name == "regex":
            return safe_regex.search(to_string(vals[1]), to_string(vals[0]))
        if name == "today":
            return self.today.isoformat()
        if name == "concat":
            return "".join(to_string(v) for v in vals)
        if name == "contains":
            return to_string(vals[1]) in to_string(vals[0])
        if name == "starts-with":
            return to_string(vals[0]).startswith(to_string(vals[1]))
        if name == "ends-with":
            return to_string(vals[0]).endswith(to_string(vals[1]))
        if name == "number":
            return to_number(vals[0] if vals else self.current)
        if name == "string":
            return to_string(vals[0] if vals else self.current)
        if name == "boolean":
            return to_boolean(vals[0])
        if name == "int":
            return _finite(math.trunc, to_number(vals[0]))
        if name == "round":
            digits = to_number(vals[1]) if len(vals) > 1 else 0.0
            return _round(to_number(vals[0]), digits)
        if name == "floor":
            return _finite(math.floor, to_number(vals[0]))
        if name == "ceiling":
            return _finite(math.ceil, to_number(vals[0]))
        if name == "abs":
            return abs(to_number(vals[0]))
        if name == "true":
            return True
        if name == "false":
            return False
        if name == "not":
            return not to_boolean(vals[0])
        raise ExpressionError("unsupported function", node.pos)  # pragma: no cover


def evaluate(
    expr: Expr | str, values: dict | None = None, current=None, today: dt.date | None = None, choice: dict | None = None
):
    """Evaluate ``expr`` against ``values`` (field name -> answer).

    ``current`` is the value of ``.``, ``today`` the date ``today()`` returns
    (default: the system date), ``choice`` the columns of the choice being
    filtered (for bare names in ``choice_filter``). Returns a ``str``, ``float``
    or ``bool``. Raises :class:`ExpressionError` only for a malformed
    expression (when given as text) or a pattern that is unsafe to run.
    """
    if isinstance(expr, str):
        expr = parse(expr)
    return _Evaluator(values or {}, current, today or dt.date.today(), choice).eval(expr.tree)


def evaluate_bool(
    expr: Expr | str, values: dict | None = None, current=None, today: dt.date | None = None, choice: dict | None = None
) -> bool:
    """:func:`evaluate` converted to a boolean (for relevant, constraint, choice_filter)."""
    return to_boolean(evaluate(expr, values, current, today, choice))


def to_python(value):
    """An XPath result as an answer value: integral numbers as ``int``, NaN as ``None``."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return value
        if value == int(value):
            return int(value)
    return value
