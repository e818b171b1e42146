"""Building the question tree from the survey sheet, collecting every problem.

Rows are read top to bottom; ``begin group``/``begin repeat`` open a
container and the matching ``end`` closes it. Each problem becomes a
:class:`~desktop.domain.validation.Problem` with the sheet row and column; building carries on so that
one import reports everything. Cross-references (``${name}`` used in
expressions and labels) are checked afterwards by :func:`check_references`,
once every name is known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from desktop.domain.validation import WARNING, Problem
from desktop.forms.errors import ExpressionError, form_issue
from desktop.forms.expressions import Expr, is_dynamic_default, parse
from desktop.forms.model import GROUP, OTHER, REPEAT, SELECT_TYPES, Choice, Group, Question, Texts
from desktop.forms.xlsform_sheets import SheetRows
from desktop.forms.xlsform_types import TypeSpec, appearances_without_desktop_meaning, parse_type
from desktop.i18n import _

SHEET = "survey"
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
TRANSLATABLE = ("label", "hint", "required_message", "constraint_message")
# columns of one value each (no language variants), in the order an exported survey sheet lists them
PLAIN_COLUMNS = (
    "required",
    "constraint",
    "relevant",
    "calculation",
    "default",
    "appearance",
    "choice_filter",
    "read_only",
    "repeat_count",
    "trigger",
    "parameters",
)
# columns the survey builder reads; every other column is kept as it is for export
KNOWN_COLUMNS = frozenset(TRANSLATABLE + ("type", "name") + PLAIN_COLUMNS)
_REF_IN_TEXT = re.compile(r"\$\{([^}]*)\}")
_YES = {"yes", "true", "true()", "1"}
_NO = {"no", "false", "false()", "0"}


@dataclass
class Context:
    """What the survey needs from the other sheets, plus the shared issue list."""

    default_language: str
    codes: dict[str, str]  # language name as written in headers -> code
    choice_lists: dict[str, tuple[Choice, ...]]
    issues: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    external_lists: dict[str, tuple[Choice, ...]] = field(default_factory=dict)
    file_lists: dict[str, tuple[Choice, ...]] = field(default_factory=dict)  # media file name -> choices
    skipped: dict[str, int] = field(default_factory=dict)  # name of a skipped row -> its row

    def add(self, row: int | None, column: str | None, message: str, sheet: str = SHEET) -> None:
        self.issues.append(form_issue(sheet, row, column, message))

    def warn(self, row: int | None, column: str | None, message: str, sheet: str = SHEET) -> None:
        self.warnings.append(form_issue(sheet, row, column, message, WARNING))


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


class _Frame:
    def __init__(self, kind: str, row: int, cells: dict, name: str):
        self.kind, self.row, self.cells, self.name = kind, row, cells, name
        self.children: list = []
        self.loop_rows: list = []  # a 'begin loop' collects its rows, replayed once per choice
        self.depth = 0
        self.list_name: str | None = None


def _substitute(cells: dict, choice: Choice, ctx: Context) -> dict:
    """A row of a ``begin loop`` for one choice: ``%(name)s`` and ``%(label)s`` replaced."""
    out = {}
    for (base, lang), text in cells.items():
        code = ctx.codes.get(lang, lang) if lang else ctx.default_language
        label = choice.labels.get(code) or next(iter(choice.labels.values()), choice.name)
        out[(base, lang)] = text.replace("%(name)s", choice.name).replace("%(label)s", label)
    return out


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
            strict = exc
        try:
            lenient = parse(text, lenient=True)
        except ExpressionError as exc:
            self.ctx.add(
                row,
                self.column(base),
                _("Invalid expression '{expression}': {reason} (at character {position}).").format(
                    expression=text, reason=exc.message, position=(exc.position or 0) + 1
                ),
            )
            return None
        self.ctx.warn(
            row,
            self.column(base),
            _("{reason} It is not an ODK function; Pantau gives it an empty value.").format(reason=strict.message),
        )
        return lenient

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
            if frame.kind != "loop":
                self.close(frame, frame.row)
        return tuple(self.root.children)

    def row(self, row: int, cells: dict) -> None:
        type_text = cells.get(("type", None), "")
        top = self.stack[-1]
        if top.kind == "loop":
            spec = parse_type(type_text) if type_text else None
            if spec is not None and spec.kind == "begin loop":
                top.depth += 1
            elif spec is not None and spec.kind == "end loop":
                if top.depth == 0:
                    self.stack.pop()
                    self.expand_loop(top, row)
                    return
                top.depth -= 1
            top.loop_rows.append((row, cells))
            return
        if not type_text:
            if cells.get(("name", None)) or any(key[0] == "label" for key in cells):
                self.ctx.add(row, self.column("type"), _("The row has no type."))
            elif cells:
                self.ctx.warn(row, self.column("type"), _("The row has no type; it was skipped."))
            return
        spec = parse_type(type_text)
        if spec is None:
            self.ctx.add(row, self.column("type"), _("Unknown or unsupported type '{type}'.").format(type=type_text))
            return
        kind = spec.kind
        if kind in ("end group", "end repeat", "end loop"):
            self.end(kind.split()[1], row)
            return
        name = self.name(cells, row)
        if kind == "unsupported":
            self.ctx.skipped[name] = row
            self.ctx.warn(
                row,
                self.column("type"),
                _("The type '{type}' cannot be used on a desktop; the row '{name}' was skipped.").format(
                    type=type_text, name=name
                ),
            )
            return
        if kind == "begin loop":
            frame = _Frame("loop", row, cells, name)
            frame.list_name = spec.list_name
            self.stack.append(frame)
            return
        if kind in ("begin group", "begin repeat"):
            frame_kind = kind.split()[1]
            if frame_kind == REPEAT and self.repeat_name() is not None:
                self.ctx.warn(
                    row,
                    self.column("type"),
                    _(
                        "The repeat '{name}' is inside the repeat '{outer}': Pantau records it once for each "
                        "entry of '{outer}'."
                    ).format(name=name, outer=self.repeat_name()),
                )
            self.stack.append(_Frame(frame_kind, row, cells, name))
            return
        self.question(spec, name, cells, row)

    def expand_loop(self, frame: _Frame, end_row: int) -> None:
        """``begin loop over list``: one group per choice, named after it, holding the loop's rows."""
        choices = self.ctx.choice_lists.get(frame.list_name or "")
        if choices is None:
            self.ctx.add(
                frame.row,
                self.column("type"),
                _("The choice list '{list}' is not on the choices sheet.").format(list=frame.list_name),
            )
            return
        for choice in choices:
            self.stack.append(_Frame(GROUP, frame.row, _substitute(frame.cells, choice, self.ctx), choice.name))
            for row, cells in frame.loop_rows:
                self.row(row, _substitute(cells, choice, self.ctx))
            self.end(GROUP, end_row)

    def name(self, cells: dict, row: int) -> str:
        name = cells.get(("name", None), "")
        if not name and parse_type(cells.get(("type", None), "")) == TypeSpec("note"):
            return "generated_note_name_{row}".format(row=row)  # as pyxform names an unnamed note
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

    def extra(self, cells: dict) -> Texts:
        return Texts(
            {
                self.sheet.header_text.get(key, key[0]): text
                for key, text in cells.items()
                if key[0] not in KNOWN_COLUMNS or (key[1] is not None and key[0] not in TRANSLATABLE)
            }
        )

    def close(self, frame: _Frame, end_row: int) -> None:
        cells = frame.cells
        self.check_appearance(cells.get(("appearance", None), ""), frame.row)
        group = Group(
            name=frame.name,
            kind=frame.kind,
            labels=resolve_texts(cells, "label", self.ctx),
            relevant=self.expr(cells, "relevant", frame.row),
            appearance=cells.get(("appearance", None), ""),
            children=tuple(frame.children),
            repeat_count=self.expr(cells, "repeat_count", frame.row) if frame.kind == REPEAT else None,
            nested=frame.kind == REPEAT and self.repeat_name() is not None,
            extra=self.extra(cells),
            row=frame.row,
            end_row=end_row,
        )
        self.stack[-1].children.append(group)

    def dynamic_flag(self, cells: dict, row: int, column: str) -> Expr | None:
        """A yes/no column given as an expression (``required`` = ``${age} > 18``)."""
        text = cells.get((column, None), "").strip()
        if not text or text.lower() in _NO or text.lower() in _YES:
            return None
        return self.expr(cells, column, row)

    def flag(self, cells: dict, row: int, column: str, expression_ok: bool = False) -> bool:
        text = cells.get((column, None), "").strip().lower()
        if not text or text in _NO:
            return False
        if text in _YES:
            return True
        if expression_ok and ("$" in text or "(" in text or "=" in text):
            return False
        self.ctx.add(
            row,
            self.column(column),
            _("'{column}' must be yes or no, not '{value}'.").format(column=column, value=text),
        )
        return False

    def choices_for(self, spec: TypeSpec, row: int) -> tuple[Choice, ...]:
        ctx, list_name = self.ctx, spec.list_name
        if not list_name:
            ctx.add(row, self.column("type"), _("'{type}' needs the name of a choice list.").format(type=spec.kind))
            return ()
        if spec.list_source == "file":
            if list_name not in ctx.file_lists:
                ctx.warn(
                    row,
                    self.column("type"),
                    _("The media file '{file}' was not given with the form; the question has no choices.").format(
                        file=list_name
                    ),
                )
            return ctx.file_lists.get(list_name, ())
        lists = ctx.external_lists if spec.list_source == "external" else ctx.choice_lists
        if list_name not in lists:
            if spec.list_source == "external":
                ctx.warn(
                    row,
                    self.column("type"),
                    _("The list '{list}' is not on the external_choices sheet; the question has no choices.").format(
                        list=list_name
                    ),
                )
                return ()
            ctx.add(
                row,
                self.column("type"),
                _("The choice list '{list}' is not on the choices sheet.").format(list=list_name),
            )
            return ()
        choices = lists[list_name]
        if spec.or_other and all(c.name != OTHER for c in choices):
            choices = choices + (Choice(OTHER, synthetic=True, row=row),)
        return choices

    def question(self, spec: TypeSpec, name: str, cells: dict, row: int) -> None:
        ctx, qtype = self.ctx, spec.kind
        choices = self.choices_for(spec, row) if qtype in SELECT_TYPES else ()
        question = Question(
            name=name,
            type=qtype,
            labels=resolve_texts(cells, "label", ctx),
            hints=resolve_texts(cells, "hint", ctx),
            required=self.flag(cells, row, "required", expression_ok=True),
            required_if=self.dynamic_flag(cells, row, "required"),
            required_message=resolve_texts(cells, "required_message", ctx),
            constraint=self.expr(cells, "constraint", row),
            constraint_message=resolve_texts(cells, "constraint_message", ctx),
            relevant=self.expr(cells, "relevant", row),
            calculation=self.expr(cells, "calculation", row),
            default=cells.get(("default", None)) or None,
            appearance=cells.get(("appearance", None), ""),
            list_name=spec.list_name,
            choices=choices,
            or_other=spec.or_other,
            choice_filter=self.expr(cells, "choice_filter", row),
            repeat=self.repeat_name(),
            read_only=self.flag(cells, row, "read_only"),
            list_source=spec.list_source,
            parameters=cells.get(("parameters", None), ""),
            trigger=self.expr(cells, "trigger", row),
            extra=self.extra(cells),
            row=row,
        )
        self.check_question(question, cells)
        self.stack[-1].children.append(question)
        if spec.or_other and name:
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

    def check_appearance(self, appearance: str, row: int) -> None:
        for name in appearances_without_desktop_meaning(appearance):
            self.ctx.warn(
                row,
                self.column("appearance"),
                _("The appearance '{appearance}' has no meaning on a desktop; the usual input is shown.").format(
                    appearance=name
                ),
            )

    def check_question(self, q: Question, cells: dict) -> None:
        ctx, row = self.ctx, q.row
        if q.type == "calculate" and q.calculation is None and not cells.get(("calculation", None)):
            ctx.add(row, self.column("calculation"), _("A calculate row needs a calculation."))
        media = any(key[0] in ("image", "big-image", "audio", "video", "media", "guidance_hint") for key in cells)
        if q.is_displayed and not q.labels and not q.hints:
            if media or q.read_only or q.type == "note":
                ctx.warn(
                    row,
                    self.column("label"),
                    _("The question '{name}' has no label; its name is shown instead.").format(name=q.name),
                )
            else:
                ctx.add(row, self.column("label"), _("The question '{name}' has no label.").format(name=q.name))
        self.check_appearance(q.appearance, row)
        if cells.get(("choice_filter", None)) and not q.is_select:
            ctx.warn(
                row,
                self.column("choice_filter"),
                _("choice_filter can only be used with select_one or select_multiple; it is ignored here."),
            )
        if q.default is not None:
            problem = default_problem(q)
            if problem and q.is_select:  # Collect shows no choice picked
                ctx.warn(row, self.column("default"), problem)
            elif problem:
                ctx.add(row, self.column("default"), problem)


def default_problem(q: Question) -> str | None:
    """Why the ``default`` of ``q`` does not fit its type, or None (a dynamic default is computed)."""
    value = q.default or ""
    if is_dynamic_default(value, q.type):
        return None
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
        wanted = value.split() if q.is_multiple else [value]
        unknown = [v for v in wanted if v not in names]
        if unknown:
            return _("The default '{value}' is not a choice of the list '{list}'.").format(
                value=" ".join(unknown), list=q.list_name
            )
    return None


def unique_names(children, ctx: Context) -> tuple:
    """Names must be unique among the children of one group (as in pyxform). The same name in
    different groups is allowed: the later ones get the unique name ``group/name`` in Pantau
    (their spreadsheet name is kept for export) and ``${name}`` means the first one."""
    used: dict[str, int] = {}

    def rename(element, parent: str) -> str:
        if element.name in used:
            candidate = "{parent}/{name}".format(parent=parent or "_", name=element.name)
            number = 2
            while candidate in used:
                candidate = "{parent}/{name}{n}".format(parent=parent or "_", name=element.name, n=number)
                number += 1
            return candidate
        return element.name

    def walk(items, parent: str, repeat: str | None) -> tuple:
        siblings: dict[str, int] = {}
        out = []
        for element in items:
            if element.name and element.name in siblings:
                other_for = getattr(element, "other_for", None)
                message = _("The name '{name}' is already used in row {first}.").format(
                    name=element.name, first=siblings[element.name]
                )
                if other_for:
                    message = _(
                        "The name '{name}' is already used in row {first} (or_other adds a question with this name)."
                    ).format(name=element.name, first=siblings[element.name])
                ctx.add(element.row, "name", message)
                continue
            if element.name:
                siblings[element.name] = element.row
            new_name = rename(element, parent) if element.name else element.name
            source = element.name if new_name != element.name else ""
            if new_name:
                used[new_name] = element.row
            if isinstance(element, Group):
                inner_repeat = new_name if element.is_repeat else repeat
                element = replace(
                    element, name=new_name, source_name=source, children=walk(element.children, new_name, inner_repeat)
                )
            else:
                other_for = element.other_for
                if other_for and parent and "{p}/{n}".format(p=parent, n=other_for) in used:
                    other_for = "{p}/{n}".format(p=parent, n=other_for)
                element = replace(element, name=new_name, source_name=source, repeat=repeat, other_for=other_for)
            out.append(element)
        return tuple(out)

    return walk(children, "", None)
