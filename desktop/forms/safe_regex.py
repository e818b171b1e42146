"""Regular expressions from forms, run by a linear-time engine (RE2).

Patterns come from imported XLSForms (``regex(., '^[0-9]+$')``). Python's ``re``
backtracks, so a careless pattern such as ``(a+)+$`` can take hours on a short
text and cannot be interrupted. RE2 (google-re2) matches in time linear in the
text for every pattern, so no pattern has to be refused for speed; what RE2
cannot do (back-references, look-around) is refused with a clear message. The
time is still bounded: patterns longer than :data:`MAX_PATTERN_LENGTH` and texts
longer than :data:`MAX_SUBJECT_LENGTH` characters are refused.

Patterns are written for Java (ODK Collect) or JavaScript (Enketo), which accept
a ``-`` next to a class escape inside brackets (``[\\w-\\.]``) as a plain hyphen;
RE2 does not, so such a hyphen is escaped before compiling.
"""

from __future__ import annotations

import functools
import re

import re2

from desktop.forms.errors import ExpressionError
from desktop.i18n import _

MAX_PATTERN_LENGTH = 1000
MAX_SUBJECT_LENGTH = 100_000
_CLASS_ESCAPES = "wWdDsS"
_OPTIONS = re2.Options()
_OPTIONS.max_mem = 8 << 20  # bytes for the compiled program: bounds huge counted repetitions
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?<?[=!]")


def java_to_re2(pattern: str) -> str:
    """Escape a hyphen inside ``[...]`` that touches a class escape (``[\\w-.]``, ``[.-\\d]``)."""
    out: list[str] = []
    i, in_class, n = 0, False, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            elif ch == "-" and out and out[-1] != "[":
                before = out[-1]
                after = pattern[i + 1 : i + 3]
                touches = (len(before) == 2 and before[1] in _CLASS_ESCAPES) or (
                    len(after) == 2 and after[0] == "\\" and after[1] in _CLASS_ESCAPES
                )
                if touches:
                    out.append("\\-")
                    i += 1
                    continue
        elif ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":
                out.append("\\]")
                i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=256)
def compile_safe(pattern: str):
    """Compile ``pattern`` with RE2 or raise :class:`ExpressionError` if it is invalid or unsupported."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ExpressionError(_("The pattern is longer than {limit} characters.").format(limit=MAX_PATTERN_LENGTH))
    if _BACKREF.search(pattern):
        raise ExpressionError(_("Back-references and look-around are not allowed in patterns."))
    try:
        return re2.compile(java_to_re2(pattern), _OPTIONS)
    except (re2.error, ValueError, TypeError) as exc:
        raise ExpressionError(
            _("The pattern is not a valid regular expression: {reason}").format(reason=str(exc) or type(exc).__name__)
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
