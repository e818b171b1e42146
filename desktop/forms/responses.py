"""The life of a questionnaire response: draft, complete, reopened by the trainer.

A response is a :class:`QuestionnaireResponse` record saved through the store
(validated, audited, synced like any record). While it is being filled in it
is saved as a *draft* after every change, holding every answer given (by
choice name, hidden ones too, so going back loses nothing). Marking it
*complete* needs every visible question answered correctly; the stored answers
are then the cleaned ones (visible questions and calculations only) and the
response is read-only until the trainer reopens it with the PIN. A paper
questionnaire keyed for double data entry cannot be completed until its second
keying is compared and every disagreement resolved (:mod:`desktop.forms.double_entry`).
"""

from __future__ import annotations

from desktop.domain.records import QuestionnaireResponse
from desktop.domain.validation import Problem
from desktop.errors import PantauError
from desktop.forms.installed import FormLibrary, respondent_fields
from desktop.forms.session import FormSession
from desktop.forms.workshop import check_trainer_pin
from desktop.i18n import _, ngettext

DRAFT, COMPLETE = "draft", "complete"
# double-entry states (desktop.forms.double_entry)
FIRST_KEYING, AWAITING_SECOND, SECOND_KEYING, COMPARE, RESOLVED = (
    "first",
    "awaiting_second",
    "second",
    "compare",
    "resolved",
)


class ResponseLocked(PantauError):
    """The response is complete (or waiting for verification) and cannot be changed now."""


def locked_error() -> ResponseLocked:
    return ResponseLocked(
        _("This response is complete or waiting for verification; the trainer must reopen it before it can be changed.")
    )


class IncompleteResponse(PantauError):
    """The response cannot be marked complete; ``problems`` lists what is missing or wrong."""

    def __init__(self, problems: list[Problem], message: str | None = None):
        self.problems = list(problems)
        super().__init__(
            message
            or ngettext(
                "{n} question still needs an answer or a correction.",
                "{n} questions still need an answer or a correction.",
                len(self.problems),
            ).format(n=len(self.problems))
        )


class ResponseBook:
    """Creating, saving, completing and reopening the responses of one store."""

    def __init__(self, store, library: FormLibrary | None = None):
        self.store = store
        self.library = library or FormLibrary(store)

    # -- creating and reading -----------------------------------------------------------
    def new(
        self, form_id: str, version: str | None = None, language: str = "", workshop_id: str = ""
    ) -> QuestionnaireResponse:
        """A new, not yet saved response to the newest (or given) version of ``form_id``."""
        definition = self.library.get(form_id, version)
        language = language if language in definition.languages else definition.default_language
        return QuestionnaireResponse(
            form_id=definition.form_id,
            form_version=definition.version,
            language=language,
            workshop_id=workshop_id or "",
            status=DRAFT,
        )

    def get(self, response_id: str) -> QuestionnaireResponse:
        return self.store.get("response", response_id)

    def session(self, response: QuestionnaireResponse, today=None) -> FormSession:
        """A filling session over the response's own form version (defaults for a new one)."""
        definition = self.library.for_response(response)
        answers = response.answers if (response.id or response.answers) else None
        actor = self.store.actor
        device = {"deviceid": actor.device_id, "username": actor.officer_name}
        session = FormSession(definition, answers, today=today, device=device)
        session.attach = lambda path: self.store.evidence.add_file(path, actor.officer_name, actor.device_id)
        return session

    def rows(self, form_id: str | None = None, workshop_id: str | None = None) -> list[dict]:
        """List rows (newest first) with status, respondent columns and double-entry state."""
        return self.store.queries.forms.response_list(form_id, workshop_id)

    def entry_status(self, response_id: str) -> str:
        """The double-entry state of a response ('' when it is not a double-keyed paper form)."""
        row = self.store.queries.forms.entry_row(response_id) if response_id else None
        return row["status"] if row else ""

    def is_editable(self, response: QuestionnaireResponse) -> bool:
        return response.status != COMPLETE and self.entry_status(response.id) in ("", FIRST_KEYING, RESOLVED)

    # -- writing ------------------------------------------------------------------------
    def _fill(
        self, response: QuestionnaireResponse, answers: dict, status: str, language: str | None
    ) -> QuestionnaireResponse:
        response.answers = answers
        for column, value in respondent_fields(answers, self.store.ref).items():
            setattr(response, column, value)
        response.status = status
        if language:
            response.language = language
        return self.store.save(response)

    def save_imported(self, response: QuestionnaireResponse, answers: dict) -> QuestionnaireResponse:
        """Save a complete response collected elsewhere (already checked against its form)."""
        return self._fill(response, answers, COMPLETE, None)

    def save_draft(
        self, response: QuestionnaireResponse, session: FormSession, language: str | None = None
    ) -> QuestionnaireResponse:
        """Save every answer given so far as a draft (after each change)."""
        if not self.is_editable(response):
            raise locked_error()
        return self._fill(response, session.answers, DRAFT, language)

    def complete(
        self, response: QuestionnaireResponse, session: FormSession, language: str | None = None
    ) -> QuestionnaireResponse:
        """Mark the response complete; raises IncompleteResponse listing every problem."""
        if response.status == COMPLETE:
            return response
        state = self.entry_status(response.id)
        if state and state != RESOLVED:
            raise ResponseLocked(
                _(
                    "This paper questionnaire must be keyed a second time (verify mode) and "
                    "every disagreement resolved before it is complete."
                )
            )
        problems = session.problems()
        if problems:
            raise IncompleteResponse(problems)
        session.finish()
        return self._fill(response, session.cleaned_answers(), COMPLETE, language)

    def reopen(self, response: QuestionnaireResponse, pin: str) -> QuestionnaireResponse:
        """Make a complete response editable again; needs the trainer's PIN."""
        check_trainer_pin(self.store, response.workshop_id, pin)
        if response.status != COMPLETE:
            return response
        response.status = DRAFT
        return self.store.save(response)

    def discard(self, response: QuestionnaireResponse) -> None:
        """Delete (tombstone) a draft, e.g. a respondent who left without answering; the removal
        is a revision in the record's history. A complete response, or a paper one waiting for its
        second keying or the trainer's comparison, is never discarded."""
        if not self.is_editable(response):
            raise locked_error()
        if response.id:
            self.store.delete("response", response.id)
