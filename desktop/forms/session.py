"""Filling in a form: answers, live skip logic, calculations and validation.

``FormSession(definition, answers=None)`` keeps the answers as a plain dict
that can be stored as JSON:

* a select_one answer is the choice *name*, a select_multiple answer a list of
  names (never labels); integers are ``int``, decimals ``float``, dates
  ``'YYYY-MM-DD'`` text, other answers text;
* a repeat is a list of dicts, one per instance, keyed by the names of the
  questions inside it (``answers['household'][0]['age']``); questions inside a
  repeat take ``index=`` in :meth:`set_answer` and their problems are reported
  with the field ``'household[0].age'``.

Answers of questions hidden by skip logic are kept (the user may go back) but
left out of :meth:`cleaned_answers`, and count as empty for the expressions of
other questions. New sessions start with the ``default`` values of the form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from desktop.domain.validation import Problem
from desktop.forms.errors import ExpressionError
from desktop.forms.expressions import evaluate, evaluate_bool, is_dynamic_default, parse, to_number, to_python
from desktop.forms.model import FormDefinition, Group, Page, Question, iter_questions
from desktop.forms.session_state import State, compute_state, is_empty, key_of
from desktop.forms.session_values import coerce, type_problem
from desktop.forms.xpath_functions import seeded_shuffle as shuffle
from desktop.i18n import _, current_language

_REF_IN_TEXT = re.compile(r"\$\{\s*([^}\s]*)\s*\}")
MAX_REPEAT_COUNT = 500  # a repeat_count larger than this is capped (a typo must not freeze the app)


@dataclass(frozen=True)
class FormCompletion:
    """How far through the form the answers are: answered visible questions of all visible ones (not
    whether the answers are valid: that is ``FormSession.is_complete``; not job progress either)."""

    answered: int  # visible questions with an answer
    total: int  # visible questions that take an answer

    @property
    def fraction(self) -> float:
        return self.answered / self.total if self.total else 1.0


class FormSession:
    def __init__(
        self,
        definition: FormDefinition,
        answers: dict | None = None,
        today: dt.date | None = None,
        device: dict | None = None,
    ):
        """``device`` gives the metadata values: ``deviceid``, ``username`` (the officer),
        ``phonenumber``, ``email``... (types ``start``/``end``/``today`` are filled from the clock)."""
        self.definition = definition
        self.today = today or dt.date.today()
        self.device = dict(device or {})
        self.attach: Callable | None = None  # path -> EvidenceRef: puts a media answer's file into the evidence store
        self._answers: dict = _copy(answers) if answers is not None else {}
        self._state: State | None = None
        if answers is None:
            self._fill_metadata(start=True)
            self._apply_defaults(definition.children, self._answers)
        self._sync_repeats()

    # ---- metadata, repeat counts -----------------------------------------------------

    def _fill_metadata(self, start: bool = False) -> None:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        for question in self.definition.questions():
            if not question.is_meta or question.repeat is not None:
                continue
            if question.type == "start" and start:
                self._answers[question.name] = now
            elif question.type == "end":
                self._answers[question.name] = now
            elif question.type == "today" and start:
                self._answers[question.name] = self.today.isoformat()
            elif question.type not in ("start", "end", "today") and self.device.get(question.type):
                self._answers.setdefault(question.name, str(self.device[question.type]))

    def set_metadata(self, name: str, value) -> None:
        """Keep a metadata value recorded elsewhere (start, end, device id of a phone's submission)."""
        question = self._question(name)
        if question.is_meta and question.repeat is None:
            self._answers[name] = value
            self._state = None

    def finish(self) -> None:
        """Stamp the ``end`` metadata (when the response is saved complete)."""
        self._fill_metadata(start=False)
        self._state = None

    def _sync_repeats(self) -> None:
        """Repeats with a ``repeat_count`` have exactly that many instances (as in ODK Collect: more
        are added with their defaults, the last ones removed when the count goes down)."""
        for _round in range(3):  # counts may depend on answers inside other repeats
            changed = False
            for group in self.definition.groups():
                if not group.is_repeat or group.repeat_count is None or self._repeat_of(group) is not None:
                    continue
                try:
                    wanted = to_number(evaluate(group.repeat_count, self._computed().env(), today=self.today))
                except ExpressionError:
                    continue
                wanted = 0 if wanted != wanted else int(max(0, min(wanted, MAX_REPEAT_COUNT)))
                current = self.repeat_count(group.name)
                while current < wanted:
                    self.add_repeat(group.name)
                    current += 1
                    changed = True
                if current > wanted:
                    del self._answers[group.name][wanted:]
                    self._state = None
                    changed = True
            if not changed:
                return

    def fixed_repeat(self, name: str) -> bool:
        """Is the number of instances of repeat ``name`` set by the form (``repeat_count``)?"""
        group = self.definition.element(name)
        return isinstance(group, Group) and group.repeat_count is not None

    # ---- answers ------------------------------------------------------------

    @property
    def answers(self) -> dict:
        """A copy of every answer given (hidden ones too) with calculations applied."""
        self.calculate()
        return _copy(self._answers)

    def _apply_defaults(self, children, target: dict) -> None:
        for question in iter_questions(children):
            if question.default is None or question.calculation is not None and question.trigger is None:
                continue
            if question.type in ("note", "calculate") or question.is_meta:
                continue
            if question.repeat is not None and target is self._answers:
                continue
            value = question.default
            if is_dynamic_default(value, question.type):
                env = self._computed().env() if self._answers else {}
                env.update(target)
                try:
                    value = to_python(evaluate(parse(value, lenient=True), env, today=self.today))
                except ExpressionError:
                    continue
            target.setdefault(question.name, coerce(question, value))

    def _question(self, name: str) -> Question:
        return self.definition.question(name)

    def _container(self, question: Question, index: int | None) -> dict:
        if question.repeat is None:
            return self._answers
        instances = self._answers.get(question.repeat) or []
        if index is None or not 0 <= index < len(instances):
            raise IndexError(
                "'{name}' is in repeat '{repeat}': give a valid index".format(
                    name=question.name, repeat=question.repeat
                )
            )
        return instances[index]

    def value(self, name: str, index: int | None = None):
        """The stored answer (or calculated value) of ``name``."""
        question = self._question(name)
        if question.calculation is not None and question.trigger is None:
            return self._computed().calculated.get(key_of(name, question.repeat, index))
        return _copy(self._container(question, index).get(name))

    def set_answer(self, name: str, value, index: int | None = None) -> None:
        """Store ``value`` (choice names for selects; empty removes the answer)."""
        question = self._question(name)
        if not question.is_input:
            raise ValueError("'{name}' is a {type} and takes no answer".format(name=name, type=question.type))
        if question.is_multiple and isinstance(value, str) and question.type == "rank":
            value = value.split()
        container = self._container(question, index)
        coerced = coerce(question, value)
        if coerced is None:
            container.pop(name, None)
        else:
            container[name] = coerced
        self._state = None
        self._run_triggers(name, index)
        self._sync_repeats()

    def _run_triggers(self, name: str, index: int | None) -> None:
        """Questions with ``trigger`` = ``${name}`` take their calculation when ``name`` changes."""
        for question in self.definition.questions():
            if question.trigger is None or name not in question.trigger.references():
                continue
            if question.calculation is None:
                continue
            target_index = index if question.repeat is not None else None
            try:
                container = self._container(question, target_index)
            except IndexError:
                continue
            env = self._computed().env(question.repeat, target_index)
            try:
                value = to_python(evaluate(question.calculation, env, today=self.today))
            except ExpressionError:
                continue
            container[question.name] = coerce(question, value)
            self._state = None

    def repeat_count(self, name: str) -> int:
        return len(self._answers.get(name) or [])

    def add_repeat(self, name: str) -> int:
        """Add an instance to repeat ``name`` (with defaults); returns its index."""
        group = self.definition.element(name)
        if not isinstance(group, Group) or not group.is_repeat:
            raise ValueError("'{name}' is not a repeat".format(name=name))
        instance: dict = {}
        self._apply_defaults(group.children, instance)
        self._answers.setdefault(name, []).append(instance)
        self._state = None
        return len(self._answers[name]) - 1

    def remove_repeat(self, name: str, index: int) -> None:
        del self._answers[name][index]
        self._state = None

    # ---- computed state -----------------------------------------------------------

    def _computed(self) -> State:
        if self._state is None:
            self._state = compute_state(self.definition, self._answers, self.today)
        return self._state

    def calculate(self) -> None:
        """Apply the calculations: their values are stored in the answers."""
        state = self._computed()
        for key, value in state.calculated.items():
            if isinstance(key, tuple):
                repeat, index, name = key
                target = self._answers[repeat][index]
            else:
                name, target = key, self._answers
            if value is None:
                target.pop(name, None)
            else:
                target[name] = value

    def visible(self, element, index: int | None = None) -> bool:
        """Is a question, group or page shown (its ``relevant`` and its groups')?

        ``element`` may be a name. Inside a repeat, ``index`` selects the instance
        (default: the first; without instances, the repeat's own visibility)."""
        state = self._computed()
        if isinstance(element, Page):
            if element.group is not None:
                return state.visible.get(element.group.name, True)
            return any(state.visible.get(q.name, True) for q in element.items if q.is_displayed)
        name = element if isinstance(element, str) else element.name
        target = self.definition.element(name)
        repeat = target.repeat if isinstance(target, Question) else self._repeat_of(target)
        if repeat is None:
            return state.visible.get(name, True)
        if self.repeat_count(repeat) == 0:
            return state.visible.get(repeat, True)
        return state.visible.get(key_of(name, repeat, index or 0), True)

    def _repeat_of(self, group: Group) -> str | None:
        return next((g.name for g in self.definition.parents(group.name) if g.is_repeat), None)

    def pages(self) -> list[Page]:
        """The visible pages, in order (``Page.index`` is the stable index in the form)."""
        return [page for page in self.definition.pages() if self.visible(page)]

    def choices(self, question: Question | str, index: int | None = None) -> list:
        """The choices of a select, with ``choice_filter`` applied."""
        question = self._question(question) if isinstance(question, str) else question
        if question.choice_filter is None:
            return self._ordered(question, list(question.choices), index)
        env = self._computed().env(question.repeat, index)
        kept = []
        for choice in question.choices:
            try:
                keep = choice.synthetic or evaluate_bool(
                    question.choice_filter, env, today=self.today, choice=choice.filter_values()
                )
            except ExpressionError:
                keep = True
            if keep:
                kept.append(choice)
        return self._ordered(question, kept, index)

    def _ordered(self, question: Question, choices: list, index: int | None) -> list:
        """Choices in the order to show: shuffled with the ``randomize`` parameter (and ``seed``)."""
        params = dict(p.partition("=")[::2] for p in (question.parameters or "").split())
        if params.get("randomize", "").lower() not in ("true", "yes", "true()"):
            return choices
        seed = None
        if params.get("seed"):
            try:
                env = self._computed().env(question.repeat, index)
                seed = to_number(evaluate(parse(params["seed"], lenient=True), env, today=self.today))
            except ExpressionError:
                seed = None
        if seed is None or seed != seed:
            seed = float(sum(ord(ch) for ch in question.name) + 1)  # stable order while filling in
        return shuffle(choices, seed)

    def label(self, element, lang: str | None = None, index: int | None = None) -> tuple[str, bool]:
        """Label in ``lang`` with ``${field}`` replaced by the answers: ``(text, is_fallback)``."""
        text, fallback = self.definition.label(element, lang)
        if "${" not in text:
            return text, fallback
        repeat = getattr(element, "repeat", None)
        env = self._computed().env(repeat, index)

        def show(match: re.Match) -> str:
            return self._display(match.group(1), env.get(match.group(1)), lang)

        return _REF_IN_TEXT.sub(show, text), fallback

    def _display(self, name: str, value, lang: str | None) -> str:
        if is_empty(value):
            return ""
        try:
            question = self._question(name)
        except KeyError:
            return str(value)
        if question.is_select:
            names = value if isinstance(value, list) else str(value).split()
            by_name = {c.name: c for c in question.choices}
            return ", ".join(self.definition.label(by_name[n], lang)[0] if n in by_name else n for n in names)
        return str(value)

    # ---- validation -----------------------------------------------------------------

    def _instances(self, question: Question) -> list[int | None]:
        if question.repeat is None:
            return [None]
        return list(range(self.repeat_count(question.repeat)))

    def problems(self, page: Page | int | None = None, lang: str | None = None) -> list[Problem]:
        """Required and constraint problems of the visible questions (of one page, or all)."""
        lang = lang or current_language()
        if page is None:
            questions = self.definition.questions()
        else:
            if isinstance(page, int):
                page = self.definition.pages()[page]
            questions = page.questions()
        state = self._computed()
        found: list[Problem] = []
        for question in questions:
            if not question.is_input:
                continue
            for index in self._instances(question):
                key = key_of(question.name, question.repeat, index)
                if not state.visible.get(key, True):
                    continue
                field = (
                    question.name
                    if index is None
                    else "{repeat}[{index}].{name}".format(repeat=question.repeat, index=index, name=question.name)
                )
                message = self._problem(question, index, state, lang)
                if message:
                    found.append(Problem(field, message))
        return found

    def _problem(self, question: Question, index: int | None, state: State, lang: str) -> str | None:
        value = self._container(question, index).get(question.name)
        if is_empty(value):
            required = question.required
            if not required and question.required_if is not None:
                try:
                    required = evaluate_bool(question.required_if, state.env(question.repeat, index), today=self.today)
                except ExpressionError:
                    required = False
            if required:
                text, _fallback = self.definition.text(question.required_message, lang)
                return text or _("This question is required.")
            return None
        type_problem = self._type_problem(question, value, index)
        if type_problem:
            return type_problem
        if question.constraint is None:
            return None
        env = state.env(question.repeat, index)
        try:
            ok = evaluate_bool(question.constraint, env, current=value, today=self.today)
        except ExpressionError as exc:
            return exc.message
        if ok:
            return None
        text, _fallback = self.definition.text(question.constraint_message, lang)
        return text or _("This answer is not allowed.")

    def _type_problem(self, question: Question, value, index: int | None) -> str | None:
        problem = type_problem(question, value)
        if problem:
            return problem
        if question.is_select and question.choices:
            allowed = {c.name for c in self.choices(question, index)}
            names = value if isinstance(value, list) else [value]
            if question.type == "select_one" and len(names) != 1:
                return _("Choose one answer.")
            unknown = [str(n) for n in names if n not in allowed]
            if unknown:
                return _("'{value}' is not one of the choices.").format(value=", ".join(unknown))
        return None

    def completion(self) -> FormCompletion:
        state = self._computed()
        answered = total = 0
        for question in self.definition.questions():
            if not question.is_input:
                continue
            for index in self._instances(question):
                if state.visible.get(key_of(question.name, question.repeat, index), True):
                    total += 1
                    if not is_empty(self._container(question, index).get(question.name)):
                        answered += 1
        return FormCompletion(answered, total)

    def is_complete(self) -> bool:
        """True when no visible question has a problem."""
        return not self.problems()

    def cleaned_answers(self) -> dict:
        """The answers to keep: visible questions and calculations only, empty ones left out."""
        self.calculate()
        state = self._computed()
        result: dict = {}

        def keep(children, source: dict, target: dict, repeat: str | None, index: int | None):
            for child in children:
                key = key_of(child.name, repeat, index)
                if not state.visible.get(key, True):
                    continue
                if isinstance(child, Group):
                    if child.is_repeat:
                        target[child.name] = []
                        for i, instance in enumerate(source.get(child.name) or []):
                            cleaned: dict = {}
                            keep(child.children, instance, cleaned, child.name, i)
                            target[child.name].append(cleaned)
                    else:
                        keep(child.children, source, target, repeat, index)
                elif child.type != "note" and not is_empty(source.get(child.name)):
                    target[child.name] = _copy(source[child.name])

        keep(self.definition.children, self._answers, result, None, None)
        return result


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
