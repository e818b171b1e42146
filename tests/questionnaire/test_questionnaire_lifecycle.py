"""Responses (draft, complete, reopened with the trainer's PIN), workshop sessions and their
PIN, double data entry, and the summary over several laptops (real sync bundles)."""

from __future__ import annotations

import pytest

from desktop.errors import ValidationFailed
from desktop.forms.double_entry import (
    AWAITING_SECOND,
    COMPARE,
    FIRST,
    RESOLVED,
    SECOND,
    DoubleEntryBook,
    compare,
    flatten,
    unflatten,
)
from desktop.forms.responses import IncompleteResponse, ResponseBook, ResponseLocked
from desktop.forms.summary import summarise
from desktop.forms.workshop import (
    WorkshopBook,
    WorkshopError,
    WrongPin,
    check_trainer_pin,
    hash_pin,
    normalise_code,
    set_device_pin,
    verify_pin,
)

ANSWERS = {
    "country": "ID",
    "agency_type": "police",
    "role_level": "officer",
    "handled": "yes",
    "cases": 4,
    "tools": ["screenshots", "osint"],
    "comments": "More training please",
}


def fill(book, response, answers=ANSWERS):
    session = book.session(response)
    for name, value in answers.items():
        session.set_answer(name, value)
    return session


def test_draft_then_complete_then_locked_until_reopened_with_the_pin(store, library, mini):
    book = ResponseBook(store, library)
    response = book.new("mini", language="id")
    session = book.session(response)
    session.set_answer("country", "MY")
    response = book.save_draft(response, session)
    assert response.id and response.status == "draft" and response.language == "id"
    assert (response.respondent_country, response.respondent_agency) == ("MY", "")
    assert store.get("response", response.id).answers == {"country": "MY"}

    with pytest.raises(IncompleteResponse) as info:
        book.complete(response, session)
    assert {p.field for p in info.value.problems} == {"agency_type", "role_level", "handled"}

    session = fill(book, response, {**ANSWERS, "handled": "no"})  # 'cases' becomes hidden: dropped
    response = book.complete(response, session)
    saved = store.get("response", response.id)
    assert saved.status == "complete" and "cases" not in saved.answers
    assert (saved.respondent_country, saved.respondent_agency, saved.respondent_role) == ("ID", "police", "officer")
    with pytest.raises(ResponseLocked):
        book.save_draft(saved, session)

    with pytest.raises(WorkshopError):  # no device PIN yet
        book.reopen(saved, "1234")
    set_device_pin(store, "2468")
    with pytest.raises(WrongPin):
        book.reopen(saved, "1234")
    reopened = book.reopen(saved, "2468")
    assert reopened.status == "draft" and book.is_editable(reopened)
    assert [h["action"] for h in store.history(response.id)][-1] == "update"


def test_discarding_a_draft_leaves_a_tombstone_and_a_complete_response_is_kept(store, library, mini):
    book = ResponseBook(store, library)
    draft = book.save_draft(book.new("mini", language="en"), fill(book, book.new("mini"), {"country": "ID"}))
    done = book.complete(book.new("mini"), fill(book, book.new("mini")))
    book.discard(book.new("mini"))  # never saved: nothing to remove
    book.discard(draft)
    assert [r["id"] for r in book.rows("mini")] == [done.id]
    history = store.history(draft.id)
    assert [h["action"] for h in history] == ["create", "delete"]
    assert history[-1]["new_value"]["answers"] == {"country": "ID"}  # the answers stay in the history
    with pytest.raises(ResponseLocked):
        book.discard(done)
    assert store.get("response", done.id).status == "complete" and store.verify_audit().ok


def test_an_unknown_country_answer_never_makes_an_invalid_record(store, library, make_xlsform):
    path = make_xlsform(
        [["type", "name", "label"], ["select_one c", "country", "Country"]],
        [["list_name", "name", "label"], ["c", "QQ", "Nowhere"]],
    )
    library.install_file(path)
    book = ResponseBook(store, library)
    response = book.new("test_form")
    session = book.session(response)
    session.set_answer("country", "QQ")
    saved = book.save_draft(response, session)
    assert saved.respondent_country == "" and saved.answers == {"country": "QQ"}
    broken = store.get("response", saved.id)
    broken.respondent_country = "QQ"
    with pytest.raises(ValidationFailed):
        store.save(broken)


def test_pin_hash_is_salted_scrypt_and_checked_in_constant_time():
    stored = hash_pin("4321")
    assert stored.startswith("scrypt$16384$8$1$") and "4321" not in stored
    assert stored != hash_pin("4321")
    assert verify_pin("4321", stored) and not verify_pin("4322", stored) and not verify_pin("", stored)
    assert not verify_pin("4321", "garbage")


def test_workshop_session_start_join_counter_and_leave(store, library, mini):
    book = WorkshopBook(store)
    with pytest.raises(WorkshopError):
        book.start("Bogor", "", "2026-03-15", "12", "mini", "1")  # PIN too short
    with pytest.raises(WorkshopError):
        book.start("", "", "2026-03-15", "1234", "mini", "1")
    with pytest.raises(WorkshopError):
        book.start("Bogor", "", "15/03/2026", "1234", "mini", "1")
    workshop = book.start("Online wildlife trade", "Bogor", "2026-03-15", "1234", "mini", "1")
    assert normalise_code(workshop.id) == workshop.id and book.current() == workshop
    with pytest.raises(WorkshopError):
        book.start("Another", "", "2026-03-15", "9999", "mini", "1")  # one at a time
    responses = ResponseBook(store, library)
    for country in ("ID", "MY"):
        response = responses.new("mini", workshop_id=workshop.id)
        responses.complete(response, fill(responses, response, {**ANSWERS, "country": country}))
    responses.save_draft(
        responses.new("mini", workshop_id=workshop.id), fill(responses, responses.new("mini"), {"country": "ID"})
    )
    assert book.collected(workshop.id) == 2
    with pytest.raises(WrongPin):
        book.leave(workshop.id, "0000")
    assert book.current() is not None
    ended = book.leave(workshop.id, "1234")
    assert not ended.is_open and book.current() is None
    check_trainer_pin(store, workshop.id, "1234")  # reopening its responses
    assert normalise_code("ws 7k3p9q") == "WS-7K3P9Q"
    with pytest.raises(WorkshopError):
        normalise_code("hello")


def test_double_entry_compare_helpers(mini):
    first = {**ANSWERS}
    second = {**ANSWERS, "cases": 5.0, "tools": ["osint", "screenshots"], "comments": "More training, please"}
    found = compare(mini, first, second)
    assert [(d.key, d.first, d.second) for d in found] == [
        ("cases", 4, 5),
        ("comments", "More training please", "More training, please"),
    ]
    nested = {"a": 1, "visits": [{"n": 2}, {"n": 3, "m": "x"}]}
    assert flatten(nested) == {"a": 1, "visits[0].n": 2, "visits[1].n": 3, "visits[1].m": "x"}
    assert unflatten(flatten(nested)) == nested


def test_double_entry_disagreement_resolved_by_the_trainer(store, library, mini):
    responses = ResponseBook(store, library)
    double = DoubleEntryBook(store, responses)
    paper = responses.new("mini")
    paper = responses.save_draft(paper, fill(responses, paper))
    double.start(paper)
    with pytest.raises(ResponseLocked):
        responses.complete(paper, responses.session(paper))  # not before the second keying
    double.finish_first(paper)
    assert double.status(paper.id) == AWAITING_SECOND and not responses.is_editable(paper)

    second = {**ANSWERS, "cases": 7, "role_level": "manager"}
    double.save_second(paper.id, second)
    assert store.get("response", paper.id).answers["cases"] == 4  # kept beside, never in the response
    found = double.finish_second(paper)
    assert [d.key for d in found] == ["role_level", "cases"]
    assert double.status(paper.id) == COMPARE
    double.resolve(paper, "role_level", SECOND)
    set_device_pin(store, "2468")
    with pytest.raises(ResponseLocked):  # one disagreement still open
        double.apply(paper, "2468")
    double.resolve(paper, "cases", FIRST)
    with pytest.raises(WrongPin):
        double.apply(paper, "0000")
    done = double.apply(paper, "2468")
    assert done.status == "complete" and double.status(paper.id) == RESOLVED
    assert done.answers["role_level"] == "manager" and done.answers["cases"] == 4
    assert done.respondent_role == "manager"


def test_double_entry_without_disagreement_completes_at_once(store, library, mini):
    responses = ResponseBook(store, library)
    double = DoubleEntryBook(store, responses)
    paper = responses.new("mini")
    paper = responses.save_draft(paper, fill(responses, paper))
    double.start(paper)
    double.finish_first(paper)
    double.save_second(paper.id, dict(ANSWERS))
    assert double.finish_second(paper) == []
    assert store.get("response", paper.id).status == "complete"


def test_summary_covers_every_laptop_of_the_workshop(tmp_path, ref):
    """Two laptops and the trainer's: real bundles exported and imported through desktop.sync."""
    from desktop.forms.installed import FormLibrary
    from desktop.sync import importer
    from desktop.sync.devices import approve
    from desktop.sync.export import export_bundle
    from desktop.sync.keys import device_signing_key
    from tests.sync.conftest import Homes, give_card

    homes = Homes(tmp_path, ref)
    try:
        trainer = homes.coordinator("trainer")
        laptops = [homes.device("laptop1"), homes.device("laptop2")]
        workshop = WorkshopBook(trainer).start(
            "Regional workshop", "Kuching", "2026-03-20", "1234", "needs_assessment", "2026.1"
        )
        answers = [("ID", "police", "field_officer"), ("MY", "customs", "supervisor"), ("MY", "police", "manager")]
        for store, (country, agency, role) in zip([trainer] + laptops, answers):
            if store is not trainer:  # the other laptops join with the code
                WorkshopBook(store).start(
                    "Regional workshop", "Kuching", "2026-03-20", "5678", "needs_assessment", "2026.1", code=workshop.id
                )
            book = ResponseBook(store, FormLibrary(store))
            response = book.new("needs_assessment", workshop_id=workshop.id)
            session = book.session(response)
            for name, value in (
                ("country", country),
                ("agency_type", agency),
                ("role_level", role),
                ("years_service", 6),
                ("online_cases_handled", "no"),
                ("training_topics", ["digital_evidence", "osint"] if country == "MY" else ["digital_evidence"]),
            ):
                session.set_answer(name, value)
            book.complete(response, session)
        other = ResponseBook(trainer).new("needs_assessment")  # not part of the workshop
        ResponseBook(trainer).complete(other, fill_builtin(ResponseBook(trainer), other))
        out = tmp_path / "bundles"
        for laptop in laptops:
            give_card(trainer, laptop)
            export_bundle(laptop, out)
        assert summarise(trainer, "needs_assessment", workshop.id).total == 1
        importer.import_paths(trainer, [out])
        for laptop in laptops:
            approve(trainer, device_signing_key(laptop.home).fingerprint)

        summary = summarise(trainer, "needs_assessment", workshop.id)
        assert summary.total == 3 and summary.devices == 3
        assert {(c.name, c.count) for c in summary.by_country} == {("MY", 2), ("ID", 1)}
        assert {(c.name, c.count) for c in summary.by_agency} == {("police", 2), ("customs", 1)}
        assert {c.label for c in summary.by_agency} == {"Police", "Customs"}
        topics = next(q for q in summary.questions if q.name == "training_topics")
        assert topics.answered == 3
        assert {c.name: c.count for c in topics.counts}["digital_evidence"] == 3
        assert summarise(trainer, "needs_assessment").total == 4
        assert WorkshopBook(trainer).collected(workshop.id, this_device=False) == 3
    finally:
        homes.close()


def fill_builtin(book, response):
    session = book.session(response)
    for name, value in (
        ("country", "SG"),
        ("agency_type", "police"),
        ("role_level", "analyst"),
        ("years_service", 2),
        ("online_cases_handled", "no"),
        ("training_topics", ["osint"]),
    ):
        session.set_answer(name, value)
    return session
