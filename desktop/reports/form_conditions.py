"""When to answer a conditional question, said on paper in one language.

A question's ``relevant`` expression becomes a sentence for the printed form:
``${handled} = 'yes'`` → "Answer only if question 4 is 'Yes'." The common
shapes are read — ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` between a
question and a value, ``selected(${q}, 'x')``, ``not(...)`` of those, and any
``and`` / ``or`` of them — with the choices' labels in the column's language;
anything else falls back to the expression with each ``${name}`` written as
"question N".
"""

from __future__ import annotations

from typing import Callable

from desktop.forms.expr_parser import Call, Chain, Literal, Ref
from desktop.forms.model import FormDefinition, Question
from desktop.i18n import N_

Translate = Callable[[str], str]

_COMPARISONS = {
    "=": N_("{question} is '{value}'"),
    "!=": N_("{question} is not '{value}'"),
    "<": N_("{question} is less than {value}"),
    "<=": N_("{question} is at most {value}"),
    ">": N_("{question} is more than {value}"),
    ">=": N_("{question} is at least {value}"),
}
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


class _Unreadable(Exception):
    """A shape this module does not put into words (the generic sentence is used)."""


def condition_sentence(
    form: FormDefinition, question: Question, numbers: dict[str, int], lang: str, tr: Translate
) -> str:
    """'Answer only if …' for a question with a ``relevant`` expression ('' without one)."""
    if question.relevant is None:
        return ""
    try:
        condition = _words(form, question.relevant.tree, numbers, lang, tr)
    except _Unreadable:
        condition = _generic(form, question.relevant.text, numbers, lang, tr)
        return tr(N_("Answer only if this applies: {condition}")).format(condition=condition)
    return tr(N_("Answer only if {condition}.")).format(condition=condition)


def _question_name(form: FormDefinition, name: str, numbers: dict[str, int], lang: str, tr: Translate) -> str:
    if name in numbers:
        return tr(N_("question {number}")).format(number=numbers[name])
    try:
        label = form.label(form.element(name), lang)[0]
    except KeyError:
        label = name
    return tr(N_("“{question}”")).format(question=label or name)


def _value(form: FormDefinition, name: str, literal: Literal, lang: str) -> str:
    value = literal.value
    text = format(value, "g") if isinstance(value, float) else str(value)
    try:
        target = form.element(name)
    except KeyError:
        return text
    for choice in getattr(target, "choices", ()):
        if choice.name == text:
            return form.label(choice, lang)[0] or text
    return text


def _words(form, node, numbers, lang, tr) -> str:
    if isinstance(node, Chain):
        ops = {op for op, _x in node.rest}
        if ops <= {"and", "or"} and len(ops) == 1:
            joiner = tr(N_(" and ")) if ops == {"and"} else tr(N_(" or "))
            parts = [node.first] + [x for _op, x in node.rest]
            return joiner.join(_part(form, part, numbers, lang, tr) for part in parts)
        if len(node.rest) == 1 and next(iter(ops)) in _COMPARISONS:
            op, right = node.rest[0]
            left = node.first
            if isinstance(right, Ref) and isinstance(left, Literal):
                left, right, op = right, left, _FLIPPED[op]
            if isinstance(left, Ref) and isinstance(right, Literal):
                return tr(_COMPARISONS[op]).format(
                    question=_question_name(form, left.name, numbers, lang, tr),
                    value=_value(form, left.name, right, lang),
                )
        raise _Unreadable
    if isinstance(node, Call) and node.name == "selected" and len(node.args) == 2:
        ref, literal = node.args
        if isinstance(ref, Ref) and isinstance(literal, Literal):
            return tr(N_("'{value}' is ticked in {question}")).format(
                value=_value(form, ref.name, literal, lang), question=_question_name(form, ref.name, numbers, lang, tr)
            )
    if isinstance(node, Call) and node.name == "not" and len(node.args) == 1:
        return tr(N_("not ({condition})")).format(condition=_words(form, node.args[0], numbers, lang, tr))
    raise _Unreadable


def _part(form, node, numbers, lang, tr) -> str:
    """One side of an 'and' / 'or', in brackets when it is itself an 'and' / 'or'."""
    words = _words(form, node, numbers, lang, tr)
    if isinstance(node, Chain) and {op for op, _x in node.rest} & {"and", "or"}:
        return tr(N_("({condition})")).format(condition=words)
    return words


def _generic(form: FormDefinition, text: str, numbers: dict[str, int], lang: str, tr: Translate) -> str:
    out, rest = [], text
    while "${" in rest:
        before, _sep, after = rest.partition("${")
        name, closed, rest = after.partition("}")
        out.append(before)
        out.append(_question_name(form, name, numbers, lang, tr) if closed else "${" + name)
    out.append(rest)
    return "".join(out)
