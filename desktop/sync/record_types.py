"""Type checks of a bundle's records against the record dataclasses (no coercion): every field a
record carries must be declared by its class with a value of the declared type, numbers finite and
integers exact, values nested no deeper than MAX_DEPTH; and the digest of a record body that the
import keeps instead of the body."""

from __future__ import annotations

import functools
import hashlib
import math
import typing
from dataclasses import fields, is_dataclass

MAX_INT = 2**53 - 1  # JSON's exact integers: every reader (and SQLite) takes them as they are
MAX_DEPTH = 12  # nesting of a record's values (answers of repeated groups stay far below)


def _digest_bytes(text: str) -> bytes:
    # surrogatepass: a JSON string may hold an escaped lone surrogate, which strict UTF-8 cannot encode
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def body_digest(text: str) -> int:
    """A 128-bit digest of a record body (or any text), kept instead of the text where a bundle's
    bookkeeping must not grow with its content."""
    return int.from_bytes(_digest_bytes(text), "big")


def base_key(record_id: str, body: str) -> int:
    """One 128-bit digest of a record id together with a body (the body's digest, then the id), so that
    "this record's edit started from this body" is one small number in a set, not a set per record."""
    pair = hashlib.blake2b(_digest_bytes(body), digest_size=16)
    pair.update(record_id.encode("utf-8", "surrogatepass"))
    return int.from_bytes(pair.digest(), "big")


@functools.cache
def _field_types(cls) -> dict:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls)}


def _plain_json(value, depth: int) -> bool:
    """Any JSON value within the nesting limit, finite numbers and exact integers only."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, list):
        return all(_plain_json(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_plain_json(v, depth + 1) for v in value.values())
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, bool)) or abs(value) <= MAX_INT


def _type_check(hint):
    """A function ``(value, depth) -> bool``: whether a parsed JSON value has the declared type ``hint``
    (no coercion). Built once per declared type, so that checking a record is a dictionary lookup and a
    call per field."""
    if hint is typing.Any:
        return _plain_json
    if hint in (str, bool):
        return lambda value, depth: type(value) is hint
    if hint is int:
        return lambda value, depth: type(value) is int and abs(value) <= MAX_INT
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        item = _type_check(args[0])
        return lambda value, depth: isinstance(value, list) and all(item(v, depth + 1) for v in value)
    if origin is dict:
        item = _type_check(args[1])
        return lambda value, depth: isinstance(value, dict) and all(item(v, depth + 1) for v in value.values())
    if is_dataclass(hint):
        return lambda value, depth: isinstance(value, dict) and _all_fit(value, hint, depth + 1)
    return lambda value, depth: False


@functools.cache
def _type_checks(cls) -> dict:
    return {name: _type_check(hint) for name, hint in _field_types(cls).items()}


@functools.cache
def _simple_types(cls) -> dict:
    return {name: hint for name, hint in _field_types(cls).items() if hint in (str, bool, int)}


def _all_fit(data: dict, cls, depth: int) -> bool:
    """Whether every field of ``data`` is declared by ``cls`` with the value's type (the fast path of
    ``mistyped_field``: plain str/bool/int fields are checked inline, without a call each)."""
    simple, checks = _simple_types(cls), _type_checks(cls)
    for name, value in data.items():
        hint = simple.get(name)
        if hint is not None:
            if type(value) is not hint or (hint is int and abs(value) > MAX_INT):
                return False
        elif not (name == "kind" and depth == 0):
            check = checks.get(name)
            if check is None or not check(value, depth):
                return False
    return True


def mistyped_field(data: dict, cls, depth: int = 0) -> str | None:
    """The first field of ``data`` (a record or one of its lines) that ``cls`` does not declare or whose
    value has another type; None when all fit. Older devices may leave fields out."""
    if _all_fit(data, cls, depth):
        return None
    checks = _type_checks(cls)
    for name in sorted(data):
        if name == "kind" and depth == 0:
            continue
        if name not in checks or not checks[name](data[name], depth):
            return name
    return None
