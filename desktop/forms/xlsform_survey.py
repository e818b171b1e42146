"""Building the question tree from the survey sheet, collecting every problem.

Rows are read top to bottom; ``begin group``/``begin repeat`` open a
container and the matching ``end`` closes it. Each problem becomes a
:class:`FormIssue` with the sheet row and column; building carries on so that
one import reports everything. Cross-references (``${name}`` used in
expressions and labels) are checked afterwards by :func:`check_references`,
once every name is known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from desktop.forms.errors import ExpressionError, FormIssue
from desktop.forms.expressions import Expr, parse
from desktop.forms.model import (
    GROUP,
    OTHER,
    QUESTION_TYPES,
    REPEAT,
    SELECT_TYPES,
    Choice,
    Group,
    Question,
    Texts,
    iter_elements,
)
from desktop.forms.xlsform_sheets import SheetRows
from desktop.i18n import _

SHEET = "survey"
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
TRANSLATABLE = ("label", "hint", "required_message", "constraint_message")
_REF_IN_TEXT = re.compile(r"\$\{([^}]*)\}")
_TYPE_ALIASES = {
    "string": "text",
    "int": "integer",
    "select one": "select_one",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
    "begin_group": "begin group",
    "end_group": "end group",
    "begin_repeat": "begin repeat",
    "end_repeat": "end repeat",
}
_YES = {"yes", "true", "true()", "1"}
_NO = {"no", "false", "false()", "0"}


@dataclass
class Context:
    """What the survey needs from the other sheets, plus the shared issue list."""

    default_language: str
    codes: dict[str, str]  # language name as written in headers -> code
    choice_lists: dict[str, tuple[Choice, ...]]
    issues: list[FormIssue] = field(default_factory=list)

    def add(self, row: int | None, column: str | None, message: str, sheet: str = SHEET) -> None:
        self.issues.append(FormIssue(sheet, row, column, message))


def resolve_texts(cells: dict, base: str, ctx: Context) -> Texts:
    """Texts of a translatable column: unsuffixed cells count as the default language."""
    values: dict[str, str] = {}
    plain = cells.get((base, None))
    if plain:
        values[ctx.default_language] = plain
    for (column, lang), text in cells.items():
        if column == base and lang is not None and text:
            values[ctx.codes.get(lang, lang)] = text
    return Texts(values)


def parse_type(text: str) -> tuple[str, str | None, bool] | None:
    """``'select_one yes_no or_other'`` -> ``('select_one', 'yes_no', True)``; None if unknown."""
    original = text.split()
    lowered = [word.lower() for word in original]
    for alias, canonical in _TYPE_ALIASES.items():
        alias_words = alias.split()
        if lowered[: len(alias_words)] == alias_words:
            lowered = canonical.split() + lowered[len(alias_words) :]
            original = canonical.split() + original[len(alias_words) :]
            break
    head = lowered[0] if lowered else ""
    if head in SELECT_TYPES:
        rest = original[1:]  # the list name keeps its case
        if not rest:
            return head, None, False
        if len(rest) == 1:
            return head, rest[0], False
        if len(rest) == 2 and rest[1].lower() == "or_other":
            return head, rest[0], True
        return None
    if len(lowered) == 1 and head in QUESTION_TYPES:
        return head, None, False
    if " ".join(lowered) in ("begin group", "end group", "begin repeat", "end repeat"):
        return " ".join(lowered), None, False
    return None


class _Frame:
    def __init__(self, kind: str, row: int, cells: dict, name: str):
        self.kind, self.row, self.cells, self.name = kind, row, cells, name
        self.children: list = []


class SurveyBuilder:
    def __init__(self, sheet: SheetRows, ctx: Context):
        self.sheet, self.ctx = sheet, ctx
        self.root = _Frame(GROUP, 0, {}, "")
        self.stack = [self.root]

    def column(self, base: str) -> str:
        return self.sheet.header_text.get((base, None), base)

    def expr(self, cells: dict, base: str, row: int) -> Expr | None:
        text = cells.get((base, None))
        if not text:
            return None
        try:
            return parse(text)
        except ExpressionError as exc:
            self.ctx.add(
                row,
                self.column(base),
                _("Invalid expression '{expression}': {reason} (at character {position}).").format(
                    expression=text, reason=exc.message, position=(exc.position or 0) + 1
                ),
            )
            return None

    def repeat_name(self) -> str | None:
        for frame in reversed(self.stack):
            if frame.kind == REPEAT:
                return frame.name
        return None

    def build(self) -> tuple:
        for row, cells in self.sheet.rows:
            self.row(row, cells)
        while len(self.stack) > 1:
            frame = self.stack.pop()
            self.ctx.add(
                frame.row,
                self.column("type"),
                _("'begin {kind}' for '{name}' has no matching 'end {kind}'.").format(kind=frame.kind, name=frame.name),
            )
            self.close(frame, frame.row)
        return tuple(self.root.children)

    def row(self, row: int, cells: dict) -> None:
        type_text = cells.get(("type", None), "")
        if not type_text:
            if any(key[0] not in ("type",) for key in cells):
                self.ctx.add(row, self.column("type"), _("The row has no type."))
            return
        parsed = parse_type(type_text)
        if parsed is None:
            self.ctx.add(row, self.column("type"), _("Unknown or unsupported type '{type}'.").format(type=type_text))
            return
        kind, list_name, or_other = parsed
        if kind in ("end group", "end repeat"):
            self.end(kind.split()[1], row)
            return
        name = self.name(cells, row)
        if kind in ("begin group", "begin repeat"):
            frame_kind = kind.split()[1]
            if frame_kind == REPEAT and self.repeat_name() is not None:
                self.ctx.add(row, self.column("type"), _("Repeats inside repeats are not supported."))
            self.stack.append(_Frame(frame_kind, row, cells, name))
            return
        self.question(kind, list_name, or_other, name, cells, row)

    def name(self, cells: dict, row: int) -> str:
        name = cells.get(("name", None), "")
        if not name:
            self.ctx.add(row, self.column("name"), _("The name is missing."))
        elif not NAME_RE.match(name):
            self.ctx.add(
                row,
                self.column("name"),
                _(
                    "'{name}' is not a valid name: use letters, digits, '_', '-' and '.', "
                    "starting with a letter or '_'."
                ).format(name=name),
            )
        return name

    def end(self, kind: str, row: int) -> None:
        if len(self.stack) == 1:
            self.ctx.add(
                row, self.column("type"), _("'end {kind}' without a matching 'begin {kind}'.").format(kind=kind)
            )
            return
        frame = self.stack[-1]
        if frame.kind != kind:
            self.ctx.add(
                row,
                self.column("type"),
                _("'end {kind}' does not match 'begin {open}' of '{name}' in row {begin_row}.").format(
                    kind=kind, open=frame.kind, name=frame.name, begin_row=frame.row
                ),
            )
            return
        self.stack.pop()
        self.close(frame, row)

    def close(self, frame: _Frame, end_row: int) -> None:
        cells = frame.cells
        group = Group(
            name=frame.name,
            kind=frame.kind,
            labels=resolve_texts(cells, "label", self.ctx),
            relevant=self.expr(cells, "relevant", frame.row),
            appearance=cells.get(("appearance", None), ""),
            children=tuple(frame.children),
            row=frame.row,
            end_row=end_row,
        )
        self.stack[-1].children.append(group)

    def required(self, cells: dict, row: int) -> bool:
        text = cells.get(("required", None), "").strip().lower()
        if not text or text in _NO:
            return False
        if text in _YES:
            return True
        self.ctx.add(row, self.column("required"), _("'required' must be yes or no, not '{value}'.").format(value=text))
        return False

    def question(self, qtype: str, list_name: str | None, or_other: bool, name: str, cells: dict, row: int) -> None:
        ctx = self.ctx
        choices: tuple[Choice, ...] = ()
        if qtype in SELECT_TYPES:
            if not list_name:
                ctx.add(row, self.column("type"), _("'{type}' needs the name of a choice list.").format(type=qtype))
            elif list_name not in ctx.choice_lists:
                ctx.add(
                    row,
                    self.column("type"),
                    _("The choice list '{list}' is not on the choices sheet.").format(list=list_name),
                )
            else:
                choices = ctx.choice_lists[list_name]
                if or_other and all(c.name != OTHER for c in choices):
                    choices = choices + (Choice(OTHER, synthetic=True, row=row),)
        question = Question(
            name=name,
            type=qtype,
            labels=resolve_texts(cells, "label", ctx),
            hints=resolve_texts(cells, "hint", ctx),
            required=self.required(cells, row),
            required_message=resolve_texts(cells, "required_message", ctx),
            constraint=self.expr(cells, "constraint", row),
            constraint_message=resolve_texts(cells, "constraint_message", ctx),
            relevant=self.expr(cells, "relevant", row),
            calculation=self.expr(cells, "calculation", row),
            default=cells.get(("default", None)) or None,
            appearance=cells.get(("appearance", None), ""),
            list_name=list_name,
            choices=choices,
            or_other=or_other,
            choice_filter=self.expr(cells, "choice_filter", row),
            repeat=self.repeat_name(),
            row=row,
        )
        self.check_question(question, cells)
        self.stack[-1].children.append(question)
        if or_other and name:
            self.stack[-1].children.append(
                Question(
                    name="{name}_other".format(name=name),
                    type="text",
                    relevant=parse("selected(${{{name}}}, '{other}')".format(name=name, other=OTHER)),
                    other_for=name,
                    repeat=question.repeat,
                    row=row,
                )
            )

    def check_question(self, q: Question, cells: dict) -> None:
        ctx, row = self.ctx, q.row
        if q.type == "calculate" and q.calculation is None and not cells.get(("calculation", None)):
            ctx.add(row, self.column("calculation"), _("A calculate row needs a calculation."))
        if q.type != "calculate" and not q.labels and not q.hints:
            ctx.add(row, self.column("label"), _("The question '{name}' has no label.").format(name=q.name))
        if cells.get(("choice_filter", None)) and not q.is_select:
            ctx.add(
                row,
                self.column("choice_filter"),
                _("choice_filter can only be used with select_one or select_multiple."),
            )
        if q.default is not None:
            problem = default_problem(q)
            if problem:
                ctx.add(row, self.column("default"), problem)


def default_problem(q: Question) -> str | None:
    """Why the ``default`` of ``q`` does not fit its type, or None."""
    value = q.default or ""
    try:
        if q.type == "integer":
            int(value)
        elif q.type == "decimal":
            float(value)
        elif q.type == "date":
            dt.date.fromisoformat(value)
    except ValueError:
        return _("The default '{value}' is not a valid {type}.").format(value=value, type=q.type)
    if q.is_select and q.choices:
        names = {c.name for c in q.choices}
        wanted = value.split() if q.type == "select_multiple" else [value]
        unknown = [v for v in wanted if v not in names]
        if unknown:
            return _("The default '{value}' is not a choice of the list '{list}'.").format(
                value=" ".join(unknown), list=q.list_name
            )
    return None


def check_names(children, ctx: Context) -> None:
    """Names must be unique in the whole form (``${name}`` must point to one place)."""
    first_row: dict[str, int] = {}
    for element, _parents in iter_elements(children):
        if not element.name:
            continue
        if element.name in first_row:
            other_for = getattr(element, "other_for", None)
            message = _("The name '{name}' is already used in row {first}.").format(
                name=element.name, first=first_row[element.name]
            )
            if other_for:
                message = _(
                    "The name '{name}' is already used in row {first} (or_other adds a question with this name)."
                ).format(name=element.name, first=first_row[element.name])
            ctx.add(element.row, "name", message)
        else:
            first_row[element.name] = element.row


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
            ]
        for base, expr in exprs:
            if expr is None:
                continue
            for name in sorted(expr.references() - known):
                ctx.add(
                    element.row,
                    column(base),
                    _("The expression refers to {reference}, but there is no field named '{name}'.").format(
                        reference="${" + name + "}", name=name
                    ),
                )
            if base == "choice_filter":
                allowed: set[str] = set()
                for choice in element.choices:
                    allowed |= set(choice.filter_values())
                for name in sorted(expr.bare_names() - allowed):
                    ctx.add(
                        element.row,
                        column(base),
                        _("'{name}' is not a column of the choice list '{list}'.").format(
                            name=name, list=element.list_name
                        ),
                    )
            else:
                for name in sorted(expr.bare_names()):
                    ctx.add(
                        element.row,
                        column(base),
                        _("'{name}' is not a field reference: write {reference} for a field.").format(
                            name=name, reference="${" + name + "}"
                        ),
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
    needs = {name: sorted(q.calculation.references() & calculated.keys()) for name, q in calculated.items()}
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
