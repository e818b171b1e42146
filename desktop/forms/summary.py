"""Summaries of complete responses, for the workshop summary screen and the CLI.

``summarise(store, form_id, workshop_id=None)`` counts the complete responses to
a form (of one workshop, or all): by respondent country, agency and role, and
for each closed question (select_one / select_multiple) how many chose each
answer. Responses imported from other laptops are included: they are records
like any other. Choices are labelled with the newest installed version of the
form that knows them, in the current language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from desktop.forms.installed import FormLibrary, version_key
from desktop.forms.model import Question
from desktop.i18n import _, current_language

RESPONDENT_COLUMNS = (
    ("respondent_country", "country"),
    ("respondent_agency", "agency_type"),
    ("respondent_role", "role_level"),
)


@dataclass(frozen=True)
class Count:
    name: str  # the stored value (a choice name, a country code)
    label: str  # shown to people, in the current language
    count: int


@dataclass
class QuestionSummary:
    name: str
    label: str
    type: str
    answered: int
    counts: list[Count] = field(default_factory=list)  # every choice, in the form's order


@dataclass
class ResponseSummary:
    form_id: str
    title: str
    workshop_id: str | None
    total: int
    devices: int
    by_country: list[Count]
    by_agency: list[Count]
    by_role: list[Count]
    questions: list[QuestionSummary]


def _tally(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def summarise(
    store, form_id: str, workshop_id: str | None = None, library: FormLibrary | None = None, lang: str | None = None
) -> ResponseSummary:
    lang = lang or current_language()
    library = library or FormLibrary(store)
    versions = sorted(library.versions(form_id), key=version_key, reverse=True)
    definitions = [library.get(form_id, v) for v in versions]
    bodies = [json.loads(b) for b in store.queries.forms.response_bodies(form_id, workshop_id)]
    newest = definitions[0] if definitions else None

    def choice_label(question_name: str, value: str) -> str:
        for definition in definitions:
            try:
                question = definition.question(question_name)
            except KeyError:
                continue
            for choice in question.choices:
                if choice.name == value:
                    return definition.label(choice, lang)[0]
        return value

    def respondent(column: str, question_name: str) -> list[Count]:
        tally = _tally(b.get(column) or "" for b in bodies)
        out = []
        for value, n in sorted(tally.items(), key=lambda item: (-item[1], item[0])):
            if not value:
                label = _("Not given")
            elif (
                column == "respondent_country"
                and choice_label(question_name, value) == value
                and store.ref.country(value) is not None
            ):
                label = store.ref.country(value).name(lang)
            else:
                label = choice_label(question_name, value)
            out.append(Count(value, label, n))
        return out

    questions: list[QuestionSummary] = []
    if newest is not None:
        for question in newest.questions():
            if not (question.is_select and question.is_input):
                continue
            questions.append(_question_summary(newest, question, bodies, lang, choice_label))
    return ResponseSummary(
        form_id=form_id,
        title=newest.title_text(lang) if newest else form_id,
        workshop_id=workshop_id,
        total=len(bodies),
        devices=len({b.get("device_id") for b in bodies}),
        by_country=respondent("respondent_country", "country"),
        by_agency=respondent("respondent_agency", "agency_type"),
        by_role=respondent("respondent_role", "role_level"),
        questions=questions,
    )


def _question_summary(definition, question: Question, bodies: list[dict], lang: str, choice_label) -> QuestionSummary:
    chosen: list[str] = []
    answered = 0
    for body in bodies:
        value = (body.get("answers") or {}).get(question.name)
        if value in (None, "", []):
            continue
        answered += 1
        chosen += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    tally = _tally(chosen)
    counts = [Count(c.name, definition.label(c, lang)[0], tally.pop(c.name, 0)) for c in question.choices]
    counts += [Count(name, choice_label(question.name, name), n) for name, n in sorted(tally.items())]
    label, _fallback = definition.label(question, lang)
    return QuestionSummary(question.name, label or question.name, question.type, answered, counts)
