"""Regular expressions from forms, compiled only when they are safe to run.

Patterns come from imported XLSForms (``regex(., '^[0-9]+$')``), so a hostile
or careless pattern must not freeze the app. Python's ``re`` cannot be
interrupted, so instead of a timeout we refuse the shapes that make a
backtracking engine explode and bound the text a pattern is run on:

* patterns longer than :data:`MAX_PATTERN_LENGTH` characters;
* back-references (``\\1``, ``(?P=name)``) and look-behind;
* a repeated group (``*``, ``+``, ``{n,}``) that itself contains an unbounded
  repetition or alternatives, e.g. ``(a+)+``, ``(\\w+\\s?)*``, ``(a|aa)*``;
* texts longer than :data:`MAX_SUBJECT_LENGTH` characters.
"""

from __future__ import annotations

import re

from desktop.forms.errors import ExpressionError
from desktop.i18n import _

MAX_PATTERN_LENGTH = 200
MAX_SUBJECT_LENGTH = 1000

_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?<[=!]")


def _unbounded_quantifier_at(pattern: str, i: int) -> int:
    """Length of an unbounded quantifier (``*``, ``+``, ``{n,}``) starting at ``i``, else 0."""
    if i >= len(pattern):
        return 0
    ch = pattern[i]
    if ch in "*+":
        return 1
    if ch == "{":
        match = re.match(r"\{\s*\d*\s*,\s*\}", pattern[i:])
        if match:
            return match.end()
    return 0


def _risky_repetition(pattern: str) -> bool:
    """True when a group with inner repetition or alternatives is itself repeated without bound."""
    stack: list[bool] = []  # per open group: "contains unbounded repetition or '|'"
    i = 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            i += 1
            continue
        if ch == "[":
            in_class = True
            # a ']' right after '[' or '[^' is a literal
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
            i += 1
            continue
        if ch == "(":
            stack.append(False)
        elif ch == "|" and stack:
            stack[-1] = True
        elif ch == ")" and stack:
            inner_risky = stack.pop()
            if inner_risky and _unbounded_quantifier_at(pattern, i + 1):
                return True
            if inner_risky and stack:
                stack[-1] = True
        elif _unbounded_quantifier_at(pattern, i) and stack:
            stack[-1] = True
        i += 1
    return False


def compile_safe(pattern: str) -> re.Pattern:
    """Compile ``pattern`` or raise :class:`ExpressionError` if it is invalid or unsafe."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ExpressionError(_("The pattern is longer than {limit} characters.").format(limit=MAX_PATTERN_LENGTH))
    if _BACKREF.search(pattern):
        raise ExpressionError(_("Back-references and look-behind are not allowed in patterns."))
    if _risky_repetition(pattern):
        raise ExpressionError(
            _("The pattern repeats a group that itself repeats or has alternatives; it could take too long to check.")
        )
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise ExpressionError(
            _("The pattern is not a valid regular expression: {reason}").format(reason=str(exc))
        ) from None


def search(pattern: str, text: str) -> bool:
    """``regex()`` semantics: does ``pattern`` match anywhere in ``text``?"""
    compiled = compile_safe(pattern)
    if len(text) > MAX_SUBJECT_LENGTH:
        raise ExpressionError(
            _("The text is too long to check against a pattern (more than {limit} characters).").format(
                limit=MAX_SUBJECT_LENGTH
            )
        )
    return compiled.search(text) is not None
