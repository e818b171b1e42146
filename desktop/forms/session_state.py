"""Computing what a form looks like for a set of answers: visibility and calculations.

The tree is walked in document order. An element is visible when its
enclosing groups are and its ``relevant`` is true (no ``relevant`` = true).
While walking, each field's *effective* value is recorded: its answer if it is
visible, nothing if hidden (so skip logic cascades: a follow-up of a hidden
question is hidden too), or its ``calculation`` result. Expressions that
refer to later fields see the previous pass's values, and passes repeat until
nothing changes, at most ``len(questions) + 2`` times, so a circular
calculation cannot loop forever.

Inside a repeat each instance is computed with the instance's own values over
the top-level ones; outside the repeat, ``${child}`` sees the first instance
(the XPath string-value of a node-set).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.forms.errors import ExpressionError
from desktop.forms.expressions import EvalContext, evaluate, evaluate_bool, to_python
from desktop.forms.model import FormDefinition, Group, Question
from desktop.forms.xlsform_media import media_rows


def key_of(name: str, repeat: str | None = None, index: int | None = None):
    """State key: ``name`` at top level, ``(repeat, index, name)`` inside a repeat instance."""
    return name if repeat is None else (repeat, index, name)


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, (list, tuple, set, dict)):
        return len(value) == 0
    return False


@dataclass
class State:
    visible: dict = field(default_factory=dict)  # key -> bool (questions and groups)
    values: dict = field(default_factory=dict)  # key -> effective value
    calculated: dict = field(default_factory=dict)  # key -> calculation result
    errors: dict = field(default_factory=dict)  # key -> ExpressionError message

    def nodesets(self, definition: FormDefinition, answers: dict) -> dict:
        """Each field inside a repeat -> its values in every instance; each repeat -> its instances."""
        out: dict = {}
        for group in definition.groups():
            if not group.is_repeat:
                continue
            instances = answers.get(group.name)
            count = len(instances) if isinstance(instances, list) else 0
            out[group.name] = [str(i + 1) for i in range(count)]
            for question in _questions(group.children):
                out[question.name] = [self.values.get((group.name, i, question.name)) for i in range(count)]
        return out

    def env(self, repeat: str | None = None, index: int | None = None) -> dict:
        """Values for evaluating an expression at top level or in a repeat instance."""
        env = {k: v for k, v in self.values.items() if isinstance(k, str)}
        if repeat is not None:
            env.update(
                {k[2]: v for k, v in self.values.items() if isinstance(k, tuple) and k[0] == repeat and k[1] == index}
            )
        return env


class _Pass:
    def __init__(self, definition: FormDefinition, answers: dict, previous: State, today: dt.date):
        self.definition = definition
        self.answers = answers
        self.today = today
        self.state = State()
        self.env = previous.env()  # top-level values seen so far (previous pass for later fields)
        self.nodesets = previous.nodesets(definition, answers)
        self.media = media_tables(definition)
        self.index: int | None = None

    def context(self) -> EvalContext:
        return EvalContext(
            nodesets=self.nodesets,
            position=(self.index or 0) + 1 if self.index is not None else 0,
            media=self.media,
            choice_name=self.choice_name,
        )

    def choice_name(self, value: str, field: str) -> str:
        try:
            question = self.definition.question(field)
        except KeyError:
            return value
        for choice in question.choices:
            if choice.name == value:
                return self.definition.label(choice)[0]
        return value

    def truth(self, expr, env: dict, key) -> bool:
        try:
            return evaluate_bool(expr, env, today=self.today, context=self.context())
        except ExpressionError as exc:
            self.state.errors[key] = exc.message
            return True  # show the question rather than hide it because of a broken expression

    def walk(self, children, parent_visible: bool, env: dict, raw: dict, repeat: str | None, index: int | None) -> None:
        for child in children:
            key = key_of(child.name, repeat, index)
            visible = parent_visible and (child.relevant is None or self.truth(child.relevant, env, key))
            self.state.visible[key] = visible
            if isinstance(child, Group):
                if child.is_repeat:
                    self.repeat(child, visible)
                else:
                    self.walk(child.children, visible, env, raw, repeat, index)
                continue
            value = raw.get(child.name) if visible else None
            if child.calculation is not None and child.trigger is None:
                current, value = value, None
                if visible:
                    try:
                        value = to_python(
                            evaluate(child.calculation, env, current=current, today=self.today, context=self.context())
                        )
                    except ExpressionError as exc:
                        self.state.errors[key] = exc.message
                self.state.calculated[key] = value
            env[child.name] = value
            self.state.values[key] = value

    def repeat(self, group: Group, visible: bool) -> None:
        instances = self.answers.get(group.name)
        instances = instances if isinstance(instances, list) else []
        first: dict = {}
        for index, instance in enumerate(instances):
            raw = instance if isinstance(instance, dict) else {}
            local = dict(self.env)
            self.index = index
            self.walk(group.children, visible, local, raw, group.name, index)
            self.index = None
            if index == 0:
                first = {q.name: local.get(q.name) for q in _questions(group.children)}
        for question in _questions(group.children):
            self.env[question.name] = first.get(question.name)
            self.state.values[question.name] = first.get(question.name)

    def run(self) -> State:
        self.walk(self.definition.children, True, self.env, self.answers, None, None)
        return self.state


def _questions(children):
    for child in children:
        if isinstance(child, Group):
            yield from _questions(child.children)
        else:
            yield child


_MEDIA_CACHE: dict = {}


def media_tables(definition: FormDefinition) -> dict:
    """The form's CSV/XML files as rows for ``pulldata`` (by file name and by name without suffix)."""
    if not definition.media:
        return {}
    key = id(definition.media)
    cached = _MEDIA_CACHE.get(key)
    if cached is not None and cached[0] is definition.media:
        return cached[1]
    tables = {}
    for name, text in definition.media:
        rows = media_rows(name, text)
        tables[name] = rows
        tables[name.rsplit(".", 1)[0]] = rows
    if len(_MEDIA_CACHE) > 32:
        _MEDIA_CACHE.clear()
    _MEDIA_CACHE[key] = (definition.media, tables)
    return tables


def compute_state(definition: FormDefinition, answers: dict, today: dt.date) -> State:
    """Visibility, effective values and calculations for ``answers``."""
    state = State(
        values={k: v for k, v in answers.items() if not isinstance(v, list) or _is_choice_list(definition, k)}
    )
    limit = len(definition.questions()) + 2
    for _attempt in range(limit):
        new = _Pass(definition, answers, state, today).run()
        if new.visible == state.visible and new.values == state.values:
            return new
        state = new
    return state


def _is_choice_list(definition: FormDefinition, name: str) -> bool:
    try:
        return isinstance(definition.element(name), Question)
    except KeyError:
        return False
