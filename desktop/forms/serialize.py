"""JSON storage of a :class:`FormDefinition` (for the database) and back.

The JSON is plain data: expressions are stored as their source text and parsed
again on reading, texts as ``{lang: text}`` objects, rows included, so
``from_json(to_json(d))`` rebuilds ``d`` exactly (rows too).
"""

from __future__ import annotations

import json

from desktop.forms.errors import ExpressionError, FormError, form_issue
from desktop.forms.expressions import Expr, parse
from desktop.forms.model import Choice, FormDefinition, Group, Question, Texts
from desktop.i18n import _

SCHEMA = 1


def _expr(expr: Expr | None) -> str | None:
    return expr.text if expr is not None else None


def _choice_to_dict(c: Choice) -> dict:
    return {
        "name": c.name,
        "labels": c.labels.to_dict(),
        "properties": c.properties.to_dict(),
        "synthetic": c.synthetic,
        "row": c.row,
    }


def _element_to_dict(e) -> dict:
    if isinstance(e, Group):
        return {
            "element": "group",
            "name": e.name,
            "kind": e.kind,
            "labels": e.labels.to_dict(),
            "relevant": _expr(e.relevant),
            "appearance": e.appearance,
            "row": e.row,
            "end_row": e.end_row,
            "children": [_element_to_dict(c) for c in e.children],
            "repeat_count": _expr(e.repeat_count),
            "source_name": e.source_name,
            "extra": e.extra.to_dict(),
            "nested": e.nested,
        }
    return {
        "element": "question",
        "name": e.name,
        "type": e.type,
        "labels": e.labels.to_dict(),
        "hints": e.hints.to_dict(),
        "required": e.required,
        "required_message": e.required_message.to_dict(),
        "constraint": _expr(e.constraint),
        "constraint_message": e.constraint_message.to_dict(),
        "relevant": _expr(e.relevant),
        "calculation": _expr(e.calculation),
        "default": e.default,
        "appearance": e.appearance,
        "list_name": e.list_name,
        "choices": [_choice_to_dict(c) for c in e.choices],
        "or_other": e.or_other,
        "choice_filter": _expr(e.choice_filter),
        "other_for": e.other_for,
        "repeat": e.repeat,
        "row": e.row,
        "required_if": _expr(e.required_if),
        "read_only": e.read_only,
        "list_source": e.list_source,
        "parameters": e.parameters,
        "trigger": _expr(e.trigger),
        "source_name": e.source_name,
        "extra": e.extra.to_dict(),
    }


def definition_to_dict(d: FormDefinition) -> dict:
    return {
        "schema": SCHEMA,
        "form_id": d.form_id,
        "version": d.version,
        "title": d.title.to_dict(),
        "title_row": d.title_row,
        "languages": list(d.languages),
        "language_names": d.language_names.to_dict(),
        "default_language": d.default_language,
        "choice_lists": [[name, [_choice_to_dict(c) for c in choices]] for name, choices in d.choice_lists],
        "settings_extra": d.settings_extra.to_dict(),
        "extra_sheets": [[name, [list(r) for r in rows]] for name, rows in d.extra_sheets],
        "media": [[name, text] for name, text in d.media],
        "children": [_element_to_dict(c) for c in d.children],
    }


def definition_to_json(d: FormDefinition) -> str:
    return json.dumps(definition_to_dict(d), ensure_ascii=False, sort_keys=True)


# ---- reading back ---------------------------------------------------------------


def _parse(text: str | None) -> Expr | None:
    return parse(text, lenient=True) if text is not None else None


def _choice_from_dict(data: dict) -> Choice:
    return Choice(
        name=data["name"],
        labels=Texts(data.get("labels")),
        properties=Texts(data.get("properties")),
        synthetic=bool(data.get("synthetic")),
        row=int(data.get("row") or 0),
    )


def _element_from_dict(data: dict):
    if data["element"] == "group":
        return Group(
            name=data["name"],
            kind=data["kind"],
            labels=Texts(data.get("labels")),
            relevant=_parse(data.get("relevant")),
            appearance=data.get("appearance", ""),
            children=tuple(_element_from_dict(c) for c in data.get("children", [])),
            row=int(data.get("row") or 0),
            end_row=int(data.get("end_row") or 0),
            repeat_count=_parse(data.get("repeat_count")),
            source_name=data.get("source_name", ""),
            extra=Texts(data.get("extra")),
            nested=bool(data.get("nested")),
        )
    return Question(
        name=data["name"],
        type=data["type"],
        labels=Texts(data.get("labels")),
        hints=Texts(data.get("hints")),
        required=bool(data.get("required")),
        required_message=Texts(data.get("required_message")),
        constraint=_parse(data.get("constraint")),
        constraint_message=Texts(data.get("constraint_message")),
        relevant=_parse(data.get("relevant")),
        calculation=_parse(data.get("calculation")),
        default=data.get("default"),
        appearance=data.get("appearance", ""),
        list_name=data.get("list_name"),
        choices=tuple(_choice_from_dict(c) for c in data.get("choices", [])),
        or_other=bool(data.get("or_other")),
        choice_filter=_parse(data.get("choice_filter")),
        other_for=data.get("other_for"),
        repeat=data.get("repeat"),
        row=int(data.get("row") or 0),
        required_if=_parse(data.get("required_if")),
        read_only=bool(data.get("read_only")),
        list_source=data.get("list_source", ""),
        parameters=data.get("parameters", ""),
        trigger=_parse(data.get("trigger")),
        source_name=data.get("source_name", ""),
        extra=Texts(data.get("extra")),
    )


def definition_from_dict(data: dict) -> FormDefinition:
    return FormDefinition(
        form_id=data["form_id"],
        version=data["version"],
        title=Texts(data.get("title")),
        languages=tuple(data["languages"]),
        default_language=data["default_language"],
        children=tuple(_element_from_dict(c) for c in data.get("children", [])),
        choice_lists=tuple(
            (name, tuple(_choice_from_dict(c) for c in choices)) for name, choices in data.get("choice_lists", [])
        ),
        language_names=Texts(data.get("language_names")),
        settings_extra=Texts(data.get("settings_extra")),
        extra_sheets=tuple((name, tuple(tuple(r) for r in rows)) for name, rows in data.get("extra_sheets", [])),
        media=tuple((name, text) for name, text in data.get("media", [])),
        title_row=int(data.get("title_row") or 0),
    )


def definition_from_json(text: str) -> FormDefinition:
    """Rebuild a definition stored with ``to_json``; raises :class:`FormError` if damaged."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise ValueError("schema")
        return definition_from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError, ExpressionError) as exc:
        issue = form_issue(
            "json", None, None, _("The stored form definition is damaged ({reason}).").format(reason=type(exc).__name__)
        )
        raise FormError([issue], issue.message) from None
