"""Double data entry of paper questionnaires (verify mode).

A paper questionnaire is keyed twice, by two people, without the second seeing
the first's answers:

1. ``start(response)`` marks a draft response as a paper form being keyed the
   first time (state ``first``); ``finish_first`` hands it over for
   verification (``awaiting_second``) and locks the first keying;
2. ``save_second`` stores the second, blind keying after every change
   (``second``), kept beside the response, never in it;
3. ``finish_second`` compares both keyings field by field. Without
   disagreements the response is completed at once; otherwise the state is
   ``compare`` and :func:`disagreements` lists each differing field with both
   values, side by side;
4. the trainer resolves each one (``resolve``: keep the first or the second
   value); when all are resolved ``apply`` writes the agreed answers into the
   response and completes it (``resolved``).

Answers are compared after cleaning (hidden questions dropped); a multiple
choice compares as a set, 5 and 5.0 are equal, a repeat is compared instance
by instance (field ``visits[1].count``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from desktop.domain.ids import utc_now
from desktop.domain.records import QuestionnaireResponse
from desktop.forms.model import FormDefinition
from desktop.forms.responses import (
    AWAITING_SECOND,
    COMPARE,
    COMPLETE,
    FIRST_KEYING,
    RESOLVED,
    SECOND_KEYING,
    IncompleteResponse,
    ResponseBook,
    ResponseLocked,
)
from desktop.forms.session import FormSession
from desktop.forms.workshop import check_trainer_pin
from desktop.i18n import _

FIRST, SECOND = "first", "second"
_REPEAT_KEY = re.compile(r"^(?P<repeat>[^\[\]]+)\[(?P<index>\d+)\]\.(?P<name>.+)$")


@dataclass(frozen=True)
class Disagreement:
    key: str  # 'name', or 'repeat[index].name' inside a repeat
    name: str  # the question's name
    first: object  # the first keying's value (None when not answered)
    second: object
    resolution: str = ""  # '', 'first' or 'second'


# -- comparing ---------------------------------------------------------------------------
def flatten(answers: dict) -> dict[str, object]:
    """``{'a': 1, 'visits': [{'n': 2}]}`` -> ``{'a': 1, 'visits[0].n': 2}``."""
    flat: dict[str, object] = {}
    for name, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, instance in enumerate(value):
                for child, child_value in instance.items():
                    flat["{r}[{i}].{n}".format(r=name, i=index, n=child)] = child_value
        else:
            flat[name] = value
    return flat


def unflatten(flat: dict[str, object]) -> dict:
    answers: dict = {}
    for key, value in flat.items():
        match = _REPEAT_KEY.match(key)
        if match is None:
            answers[key] = value
            continue
        instances = answers.setdefault(match["repeat"], [])
        index = int(match["index"])
        while len(instances) <= index:
            instances.append({})
        instances[index][match["name"]] = value
    return answers


def _same(a, b) -> bool:
    def norm(value):
        if value in (None, "", []):
            return None
        if isinstance(value, list):
            return ("list", tuple(sorted(str(v) for v in value)))
        if isinstance(value, bool):
            return ("text", str(value))
        if isinstance(value, (int, float)):
            return ("number", float(value))
        return ("text", str(value).strip())

    return norm(a) == norm(b)


def _order(definition: FormDefinition) -> dict[str, int]:
    return {q.name: i for i, q in enumerate(definition.questions())}


def compare(definition: FormDefinition, first: dict, second: dict) -> list[Disagreement]:
    """Every field whose cleaned answers differ between two keyings, in form order."""
    a = flatten(FormSession(definition, first).cleaned_answers())
    b = flatten(FormSession(definition, second).cleaned_answers())
    order = _order(definition)
    found = []
    for key in set(a) | set(b):
        if not _same(a.get(key), b.get(key)):
            match = _REPEAT_KEY.match(key)
            name = match["name"] if match else key
            found.append(Disagreement(key, name, a.get(key), b.get(key)))
    found.sort(key=lambda d: (order.get(d.name, len(order)), d.key))
    return found


def merge(definition: FormDefinition, first: dict, second: dict, resolutions: dict[str, str]) -> dict:
    """The first keying with each disagreeing field taken from the keying the trainer chose."""
    merged = flatten(FormSession(definition, first).cleaned_answers())
    other = flatten(FormSession(definition, second).cleaned_answers())
    for key, choice in resolutions.items():
        if choice == SECOND:
            if other.get(key) in (None, "", []):
                merged.pop(key, None)
            else:
                merged[key] = other[key]
    return unflatten(merged)


def agreed_but_invalid(definition: FormDefinition, problems) -> str:
    """The message when both keyings agree on answers that break the form's rules: each question's rule."""
    lines = []
    for problem in problems:
        name = problem.field.rsplit(".", 1)[-1].split("[")[0]
        try:
            label = definition.label(definition.question(name))[0] or name
        except (KeyError, AttributeError):
            label = problem.field
        lines.append(_("{question}: {problem}").format(question=label, problem=problem.message))
    return _(
        "Both keyings agree, but the form does not accept these answers. Check the paper form and "
        "correct the keying: {problems}"
    ).format(problems="; ".join(lines))


# -- the workflow ------------------------------------------------------------------------
class DoubleEntryBook:
    """Double data entry for the responses of one store."""

    def __init__(self, store, responses: ResponseBook | None = None):
        self.store = store
        self.responses = responses or ResponseBook(store)

    def _row(self, response_id: str) -> dict:
        row = self.store.queries.forms.entry_row(response_id)
        if row is None:
            raise ResponseLocked(_("This response was not keyed from paper for double entry."))
        return row

    def _write(self, row: dict, **changes) -> dict:
        row = dict(row, **changes, updated_at=utc_now())
        with self.store.transaction():
            self.store.queries.forms.upsert_entry(row)
        return row

    def status(self, response_id: str) -> str:
        return self.responses.entry_status(response_id)

    def start(self, response: QuestionnaireResponse) -> None:
        """Mark a saved draft as a paper questionnaire keyed for the first time."""
        if not response.id or response.status == COMPLETE:
            raise ResponseLocked(_("Only a saved draft can be keyed from paper."))
        if self.store.queries.forms.entry_row(response.id) is not None:
            return
        now = utc_now()
        self._write(
            {
                "response_id": response.id,
                "form_id": response.form_id,
                "form_version": response.form_version,
                "status": FIRST_KEYING,
                "second_answers": "{}",
                "resolutions": "{}",
                "first_keyed_by": self.store.actor.officer_name,
                "second_keyed_by": "",
                "resolved_by": "",
                "created_at": now,
            }
        )

    def finish_first(self, response: QuestionnaireResponse) -> None:
        """The first keying is done: lock it and wait for the second, blind keying."""
        row = self._row(response.id)
        if row["status"] != FIRST_KEYING:
            raise ResponseLocked(_("The first keying of this questionnaire is already finished."))
        self._write(row, status=AWAITING_SECOND)

    def save_second(self, response_id: str, answers: dict) -> None:
        """Store the second keying so far (after every change)."""
        row = self._row(response_id)
        if row["status"] not in (AWAITING_SECOND, SECOND_KEYING):
            raise ResponseLocked(_("This questionnaire is not waiting for its second keying."))
        self._write(
            row,
            status=SECOND_KEYING,
            second_answers=json.dumps(answers, ensure_ascii=False, sort_keys=True),
            second_keyed_by=self.store.actor.officer_name,
        )

    def second_answers(self, response_id: str) -> dict:
        row = self._row(response_id)
        data = json.loads(row["second_answers"] or "{}")
        return data if isinstance(data, dict) else {}

    def finish_second(self, response: QuestionnaireResponse) -> list[Disagreement]:
        """Compare the two keyings. Without disagreements the response is completed now
        (returns []); otherwise the disagreements are returned for the trainer."""
        row = self._row(response.id)
        if row["status"] not in (AWAITING_SECOND, SECOND_KEYING):
            raise ResponseLocked(_("This questionnaire is not waiting for its second keying."))
        found = compare(
            self.responses.library.for_response(response), response.answers, self.second_answers(response.id)
        )
        if found:
            self._write(row, status=COMPARE, resolutions="{}")
            return found
        session = self.responses.session(response)
        problems = session.problems()
        if problems:  # both agree on answers the form does not accept: back to the person keying
            self._write(row, status=SECOND_KEYING)
            raise IncompleteResponse(
                problems, agreed_but_invalid(self.responses.library.for_response(response), problems)
            )
        self._write(row, status=RESOLVED, resolved_by=self.store.actor.officer_name)
        self.responses.complete(response, session)
        return []

    def disagreements(self, response: QuestionnaireResponse) -> list[Disagreement]:
        """The disagreements of a response being compared, with the resolutions chosen so far."""
        row = self._row(response.id)
        chosen = json.loads(row["resolutions"] or "{}")
        found = compare(
            self.responses.library.for_response(response), response.answers, self.second_answers(response.id)
        )
        return [Disagreement(d.key, d.name, d.first, d.second, chosen.get(d.key, "")) for d in found]

    def resolve(self, response: QuestionnaireResponse, key: str, choice: str) -> None:
        """Keep the first or the second keying's value of one field."""
        if choice not in (FIRST, SECOND):
            raise ValueError(choice)
        row = self._row(response.id)
        if row["status"] != COMPARE:
            raise ResponseLocked(_("This questionnaire has no disagreements to resolve."))
        chosen = json.loads(row["resolutions"] or "{}")
        chosen[key] = choice
        self._write(row, resolutions=json.dumps(chosen, sort_keys=True))

    def apply(self, response: QuestionnaireResponse, pin: str) -> QuestionnaireResponse:
        """Write the agreed answers into the response and complete it; needs the trainer's PIN
        and every disagreement resolved. If the agreed answers still leave a question without a
        valid answer, the response stays an editable draft and IncompleteResponse is raised."""
        check_trainer_pin(self.store, response.workshop_id, pin)
        row = self._row(response.id)
        pending = [d for d in self.disagreements(response) if not d.resolution]
        if row["status"] != COMPARE or pending:
            raise ResponseLocked(_("Resolve every disagreement first ({n} left).").format(n=len(pending)))
        definition = self.responses.library.for_response(response)
        chosen = json.loads(row["resolutions"] or "{}")
        agreed = merge(definition, response.answers, self.second_answers(response.id), chosen)
        self._write(row, status=RESOLVED, resolved_by=self.store.actor.officer_name)
        session = FormSession(definition, agreed)
        response = self.responses.save_draft(response, session)
        return self.responses.complete(response, session)

    def waiting(self) -> list[dict]:
        """Double-entry rows not yet resolved, oldest first."""
        return [r for r in self.store.queries.forms.entry_rows() if r["status"] != RESOLVED]
