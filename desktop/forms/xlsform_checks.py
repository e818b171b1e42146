"""Checks of a built question tree that need every name: references and circular calculations.

``${name}`` in expressions and texts must name a field of the form (a row skipped as
unsupported is named as such); a calculation may not depend on its own result.
"""

from __future__ import annotations

from desktop.forms.errors import ExpressionError
from desktop.forms.expressions import is_dynamic_default, parse
from desktop.forms.model import Question, iter_elements
from desktop.forms.xlsform_survey import _REF_IN_TEXT, Context
from desktop.i18n import _


def check_references(children, ctx: Context, headers: dict) -> None:
    """Every ``${name}`` in expressions and texts must be a field of the form."""
    known = {element.name for element, _parents in iter_elements(children) if element.name}

    def column(base: str, lang: str | None = None) -> str:
        return headers.get((base, lang), base if lang is None else "{b}::{l}".format(b=base, l=lang))

    for element, _parents in iter_elements(children):
        if getattr(element, "other_for", None):
            continue
        exprs = [("relevant", element.relevant)]
        if isinstance(element, Question):
            exprs += [
                ("constraint", element.constraint),
                ("calculation", element.calculation),
                ("choice_filter", element.choice_filter),
                ("trigger", element.trigger),
                ("required", element.required_if),
            ]
            if element.default and is_dynamic_default(element.default, element.type):
                try:
                    exprs.append(("default", parse(element.default, lenient=True)))
                except ExpressionError as exc:
                    ctx.add(element.row, column("default"), exc.message)
        else:
            exprs.append(("repeat_count", element.repeat_count))
        for base, expr in exprs:
            if expr is None:
                continue
            for name in sorted(expr.references() - known):
                if name in ctx.skipped:
                    message = _(
                        "The expression refers to {reference}, the row {row} that was skipped because its type "
                        "cannot be used on a desktop."
                    ).format(reference="${" + name + "}", row=ctx.skipped[name])
                else:
                    message = _("The expression refers to {reference}, but there is no field named '{name}'.").format(
                        reference="${" + name + "}", name=name
                    )
                ctx.add(element.row, column(base), message)
            if base == "choice_filter":
                allowed: set[str] = set()
                for choice in element.choices:
                    allowed |= set(choice.filter_values())
                allowed_lower = {a.lower() for a in allowed}
                unknown_columns = {n for n in expr.bare_names() if n.lower() not in allowed_lower}
                for name in sorted(unknown_columns if element.choices else ()):
                    ctx.warn(
                        element.row,
                        column(base),
                        _("'{name}' is not a column of the choice list '{list}'; it counts as empty.").format(
                            name=name, list=element.list_name
                        ),
                    )
            else:
                for name in sorted(expr.bare_names()):
                    ctx.warn(
                        element.row,
                        column(base),
                        _(
                            "'{name}' is not a field reference (write {reference} for a field); it counts as empty."
                        ).format(name=name, reference="${" + name + "}"),
                    )
        text_columns = ["label"] + (
            ["hint", "constraint_message", "required_message"] if isinstance(element, Question) else []
        )
        for base in text_columns:
            texts = getattr(element, "labels" if base == "label" else "hints" if base == "hint" else base)
            for lang_code, text in texts.items():
                for name in _REF_IN_TEXT.findall(text):
                    if name.strip() not in known:
                        lang_name = next((n for n, c in ctx.codes.items() if c == lang_code), None)
                        col = headers.get((base, lang_name)) or headers.get((base, None)) or base
                        ctx.add(
                            element.row,
                            col,
                            _("The text refers to {reference}, but there is no field named '{name}'.").format(
                                reference="${" + name + "}", name=name
                            ),
                        )


def check_cycles(children, ctx: Context, headers: dict) -> None:
    """A calculation may not depend on itself, directly or through other calculations (each would
    wait for the other forever); every field on such a loop is reported at its row."""
    calculated = {
        q.name: q for q, _parents in iter_elements(children) if isinstance(q, Question) and q.calculation is not None
    }
    needs = {
        name: sorted((q.calculation.references() if q.calculation else frozenset()) & calculated.keys())
        for name, q in calculated.items()
    }
    state: dict[str, int] = {}  # 1: being followed, 2: done
    on_loop: set[str] = set()
    for start in sorted(needs):
        if state.get(start):
            continue
        path, stack = [start], [iter(needs[start])]
        state[start] = 1
        while stack:  # depth-first without recursion: chains may be long
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                on_loop.update(path[path.index(nxt) :])
            elif state.get(nxt) is None:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(needs[nxt]))
    for name in sorted(on_loop, key=lambda n: calculated[n].row or 0):
        ctx.add(
            calculated[name].row,
            headers.get(("calculation", None), "calculation"),
            _("The calculation of '{name}' depends on its own result (a circular reference).").format(name=name),
        )
