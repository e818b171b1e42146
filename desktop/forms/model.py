"""The immutable form definition produced by importing an XLSForm.

A :class:`FormDefinition` is a tree: its ``children`` are :class:`Question`
and :class:`Group` (``kind`` ``"group"`` or ``"repeat"``) objects, groups hold
children of their own. Every translatable text is a :class:`Texts` mapping of
language code -> text. Row numbers (1-based, as in the spreadsheet) are kept
for messages but do not take part in equality, so a form exported and
re-imported compares equal even if the rows moved. Serialisation lives in
:mod:`desktop.forms.serialize` (``to_json`` / ``from_json``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.forms.expressions import Expr
from desktop.forms.xlsform_types import INPUT_TYPES, META_TYPES, QUESTION_TYPES, SELECT_TYPES
from desktop.i18n import _

__all__ = ["INPUT_TYPES", "META_TYPES", "QUESTION_TYPES", "SELECT_TYPES"]  # and the classes below

GROUP = "group"
REPEAT = "repeat"
OTHER = "other"


class Texts(Mapping):
    """An immutable, hashable mapping ``language code -> text``; empty texts are dropped."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping | None = None, **kwargs):
        merged = dict(items or {}, **kwargs)
        object.__setattr__(
            self, "_items", {str(k): str(v) for k, v in merged.items() if v is not None and str(v) != ""}
        )

    def __setattr__(self, name, value):
        raise AttributeError("Texts is immutable")

    def __getitem__(self, key):
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __eq__(self, other) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return "Texts({items!r})".format(items=self._items)

    def to_dict(self) -> dict[str, str]:
        return dict(self._items)


EMPTY = Texts()


@dataclass(frozen=True)
class Choice:
    name: str
    labels: Texts = EMPTY
    properties: Texts = EMPTY  # other columns of the choices row (for choice_filter)
    synthetic: bool = False  # the "other" choice added by ``or_other``
    row: int = field(default=0, compare=False)

    def filter_values(self) -> dict[str, str]:
        """Values visible to a ``choice_filter``: the extra columns, ``name`` and the labels
        (``label::<language>``)."""
        values = dict(self.properties)
        values["name"] = self.name
        for lang, text in self.labels.items():
            values["label::{lang}".format(lang=lang)] = text
        return values


@dataclass(frozen=True)
class Question:
    name: str
    type: str  # one of QUESTION_TYPES
    labels: Texts = EMPTY
    hints: Texts = EMPTY
    required: bool = False
    required_if: Expr | None = None  # 'required' given as an expression
    required_message: Texts = EMPTY
    constraint: Expr | None = None
    constraint_message: Texts = EMPTY
    relevant: Expr | None = None
    calculation: Expr | None = None
    default: str | None = None
    appearance: str = ""
    list_name: str | None = None
    choices: tuple[Choice, ...] = ()
    or_other: bool = False
    choice_filter: Expr | None = None
    other_for: str | None = None  # set on the "specify other" text question made by or_other
    repeat: str | None = None  # name of the enclosing repeat, if any
    read_only: bool = False
    list_source: str = ""  # '' (choices sheet), 'file' (select_*_from_file), 'external' (external_choices)
    parameters: str = ""
    trigger: Expr | None = None
    source_name: str = ""  # the name in the spreadsheet when ``name`` had to be made unique
    extra: Texts = EMPTY  # columns Pantau does not use, kept for export (header -> text)
    row: int = field(default=0, compare=False)

    @property
    def is_select(self) -> bool:
        return self.type in SELECT_TYPES

    @property
    def is_multiple(self) -> bool:
        """Is the answer a list of choice names (select_multiple, rank)?"""
        return self.type in ("select_multiple", "rank")

    @property
    def is_input(self) -> bool:
        """Does the user type or pick an answer (not a note, a calculation or metadata)?"""
        return (
            self.type in INPUT_TYPES and (self.calculation is None or self.trigger is not None) and not self.read_only
        )

    @property
    def is_meta(self) -> bool:
        return self.type in META_TYPES

    @property
    def is_displayed(self) -> bool:
        return self.type in INPUT_TYPES or self.type == "note"

    @property
    def xls_name(self) -> str:
        return self.source_name or self.name

    @property
    def appearances(self) -> tuple[str, ...]:
        return tuple(self.appearance.split())


@dataclass(frozen=True)
class Group:
    name: str
    kind: str  # GROUP or REPEAT
    labels: Texts = EMPTY
    relevant: Expr | None = None
    appearance: str = ""
    children: tuple = ()
    repeat_count: Expr | None = None
    source_name: str = ""
    extra: Texts = EMPTY
    nested: bool = False  # a repeat inside a repeat: kept once per outer instance, like a group
    row: int = field(default=0, compare=False)
    end_row: int = field(default=0, compare=False)

    @property
    def xls_name(self) -> str:
        return self.source_name or self.name

    @property
    def is_repeat(self) -> bool:
        return self.kind == REPEAT and not self.nested

    @property
    def appearances(self) -> tuple[str, ...]:
        return tuple(self.appearance.split())


@dataclass(frozen=True)
class Page:
    """One screen: a top-level group or repeat, or a run of top-level questions."""

    index: int
    group: Group | None
    items: tuple  # Question / Group, in order

    @property
    def name(self) -> str | None:
        return self.group.name if self.group else None

    def questions(self) -> list[Question]:
        return list(iter_questions(self.items))


def iter_questions(children) -> Iterator[Question]:
    for child in children:
        if isinstance(child, Group):
            yield from iter_questions(child.children)
        else:
            yield child


def iter_elements(children, parents: tuple = ()) -> Iterator[tuple[Any, tuple]]:
    """Every question and group with its enclosing groups (outermost first)."""
    for child in children:
        yield child, parents
        if isinstance(child, Group):
            yield from iter_elements(child.children, parents + (child,))


@dataclass(frozen=True)
class FormDefinition:
    form_id: str
    version: str
    title: Texts
    languages: tuple[str, ...]
    default_language: str
    children: tuple
    choice_lists: tuple[tuple[str, tuple[Choice, ...]], ...] = ()
    language_names: Texts = EMPTY  # code -> spreadsheet name, e.g. 'en' -> 'English (en)'
    settings_extra: Texts = EMPTY  # other settings columns, kept for export
    extra_sheets: tuple = ()  # ((sheet name, ((cell, ...), ...)), ...) kept for export
    media: tuple = ()  # ((file name, text), ...): CSV/XML files the form reads
    title_row: int = field(default=0, compare=False)
    warnings: tuple = field(
        default=(), compare=False
    )  # Problems (severity warning): what the import skipped or guessed
    _index: dict = field(default=None, init=False, compare=False, repr=False, hash=False)

    def __post_init__(self):
        index = {}
        for element, parents in iter_elements(self.children):
            index[element.name] = (element, parents)
        object.__setattr__(self, "_index", index)

    # ---- structure ----------------------------------------------------------

    def questions(self) -> list[Question]:
        return list(iter_questions(self.children))

    def groups(self) -> list[Group]:
        return [e for e, _p in iter_elements(self.children) if isinstance(e, Group)]

    def element(self, name: str):
        """The question or group called ``name``; raises KeyError."""
        return self._index[name][0]

    def question(self, name: str) -> Question:
        element = self.element(name)
        if not isinstance(element, Question):
            raise KeyError(name)
        return element

    def parents(self, name: str) -> tuple[Group, ...]:
        """The groups enclosing ``name``, outermost first."""
        return self._index[name][1]

    def choice_list(self, list_name: str) -> tuple[Choice, ...]:
        return dict(self.choice_lists).get(list_name, ())

    def pages(self) -> list[Page]:
        pages: list[Page] = []
        run: list[Question] = []

        def flush():
            if any(q.is_displayed for q in run):
                pages.append(Page(len(pages), None, tuple(run)))
            run.clear()

        for child in self.children:
            if isinstance(child, Group):
                flush()
                pages.append(Page(len(pages), child, (child,) if child.is_repeat else child.children))
            else:
                run.append(child)
        flush()
        return pages

    # ---- texts --------------------------------------------------------------

    def text(self, texts: Mapping, lang: str | None) -> tuple[str, bool]:
        """``(text, is_fallback)`` in ``lang``, else the default language, else any language."""
        lang = lang or self.default_language
        if texts.get(lang):
            return texts[lang], False
        for other in (self.default_language,) + tuple(self.languages):
            if texts.get(other):
                return texts[other], True
        for value in texts.values():
            return value, True
        return "", False

    def label(self, element, lang: str | None = None) -> tuple[str, bool]:
        """Label of a question, group or choice in ``lang``: ``(text, is_fallback)``."""
        if isinstance(element, Choice) and element.synthetic:
            return _("Other"), False
        if isinstance(element, Question) and element.other_for and not element.labels:
            return _("Specify other"), False
        return self.text(element.labels, lang)

    def hint(self, question: Question, lang: str | None = None) -> tuple[str, bool]:
        return self.text(question.hints, lang)

    def title_text(self, lang: str | None = None) -> str:
        text, _fallback = self.text(self.title, lang)
        return text or self.form_id

    def missing_translations(self) -> dict[str, list[tuple[str, int, str]]]:
        """For each language, the cells ``(sheet, row, column)`` whose text exists in
        another language but not in this one. Missing translations are not errors:
        the default language is shown instead."""
        missing: dict[str, list[tuple[str, int, str]]] = {lang: [] for lang in self.languages}

        def check(sheet: str, row: int, column: str, texts: Mapping):
            if not texts:
                return
            for lang in self.languages:
                if not texts.get(lang):
                    name = self.language_names.get(lang, lang)
                    missing[lang].append((sheet, row, "{column}::{name}".format(column=column, name=name)))

        check("settings", self.title_row, "form_title", self.title)
        for element, _parents in iter_elements(self.children):
            if isinstance(element, Question) and element.other_for:
                continue
            check("survey", element.row, "label", element.labels)
            if isinstance(element, Question):
                check("survey", element.row, "hint", element.hints)
                check("survey", element.row, "required_message", element.required_message)
                check("survey", element.row, "constraint_message", element.constraint_message)
        for _list_name, choices in self.choice_lists:
            for choice in choices:
                check("choices", choice.row, "label", choice.labels)
        return {lang: cells for lang, cells in missing.items() if cells}

    # ---- storage ------------------------------------------------------------

    def to_json(self) -> str:
        from desktop.forms.serialize import definition_to_json

        return definition_to_json(self)

    @classmethod
    def from_json(cls, text: str) -> "FormDefinition":
        from desktop.forms.serialize import definition_from_json

        return definition_from_json(text)
