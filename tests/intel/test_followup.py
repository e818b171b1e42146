"""Follow-up of reported adverts: due dates, the due list, outcomes, time to removal, and validation."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.records import Observation
from desktop.errors import PantauError, ValidationFailed
from desktop.intel.followup import apply_followup_defaults, due, followup_days, record_outcome, removal_stats
from desktop.settings import Settings
from desktop.store import Store
from tests.intel.dataset import IMAGE_1, advert, image, save

TODAY = dt.date(2026, 6, 10)


def test_due_date_is_report_date_plus_the_period(store, home, ref):
    rec = save(store, reported=True, reported_on="2026-05-01")
    assert rec.followup_due == "2026-05-08"  # default 7 days
    assert save(store, reported=False).followup_due == ""
    assert save(store, reported=True, reported_on="").followup_due == ""
    store.close()
    settings = Settings(officer_name="T", extra={"followup_days": 10})
    with_ten = Store.open(home, settings, ref)
    try:
        assert save(with_ten, reported=True, reported_on="2026-05-01").followup_due == "2026-05-11"
        settings.extra["followup_days"] = "3"  # the same settings object the app edits
        assert save(with_ten, reported=True, reported_on="2026-05-01").followup_due == "2026-05-04"
        assert with_ten.save_new_many([advert(reported=True, reported_on="2026-05-02")]) == 1
    finally:
        with_ten.close()


def test_apply_followup_defaults_keeps_and_clears():
    assert followup_days(None) == 7 and followup_days(Settings(extra={"followup_days": "x"})) == 7
    kept = apply_followup_defaults(Observation(reported=True, reported_on="2026-05-01", followup_due="2026-05-20"))
    assert kept.followup_due == "2026-05-20"
    cleared = apply_followup_defaults(Observation(reported=False, followup_due="2026-05-20"))
    assert cleared.followup_due == ""


def test_due_list_oldest_first_and_outcomes(store):
    a = save(store, reported=True, reported_on="2026-05-01", seller_handle="a")  # due 05-08
    b = save(store, reported=True, reported_on="2026-04-26", seller_handle="b")  # due 05-03
    c = save(store, reported=True, reported_on="2026-06-09", seller_handle="c")  # due 06-16
    save(store, reported=True, reported_on="2026-04-01", removed=True, seller_handle="gone")
    save(store, reported=False, seller_handle="not_reported")
    deleted = save(store, reported=True, reported_on="2026-04-02", seller_handle="deleted")
    store.delete("observation", deleted.id)
    rows = due(store, TODAY)
    assert [r["id"] for r in rows] == [b.id, a.id]
    assert rows[0]["days_overdue"] == 38 and rows[0]["seller_handle"] == "b"
    assert rows[0]["species_names"] == "White-rumped shama" and rows[0]["evidence_count"] == 0
    assert [r["id"] for r in due(store, TODAY, include_upcoming=True)] == [b.id, a.id, c.id]

    still = record_outcome(store, a.id, "still_online", "2026-06-10")
    assert (still.followup_outcome, still.followup_checked_on, still.followup_due) == (
        "still_online",
        "2026-06-10",
        "2026-06-17",
    )
    assert [r["id"] for r in due(store, TODAY)] == [b.id]
    removed = record_outcome(store, b.id, "removed", "2026-06-10")
    assert removed.removed is True and removed.followup_outcome == "removed"
    assert due(store, TODAY) == []
    locked = record_outcome(store, c.id, "account_locked", "2026-06-10")
    assert locked.account_locked is True
    assert [r["id"] for r in due(store, TODAY, include_upcoming=True)] == [a.id]
    with pytest.raises(PantauError):
        record_outcome(store, save(store, reported=False).id, "removed")
    with pytest.raises(PantauError):
        record_outcome(store, a.id, "vanished")
    assert store.verify_audit().ok


def test_time_to_removal_median(store):
    for reported, outcome, checked in (
        ("2026-05-01", "removed", "2026-05-04"),  # 3 days
        ("2026-05-01", "account_locked", "2026-05-11"),  # 10 days
        ("2026-05-02", "removed", "2026-05-09"),  # 7 days
        ("2026-05-03", "removed", "2026-05-05"),
    ):  # 2 days
        rec = save(store, reported=True, reported_on=reported)
        record_outcome(store, rec.id, outcome, checked)
    still = save(store, reported=True, reported_on="2026-05-01")
    record_outcome(store, still.id, "still_online", "2026-05-08")
    stats = removal_stats(store, today=TODAY)
    assert (stats.closed, stats.median_days, stats.min_days, stats.max_days) == (4, 5.0, 2.0, 10.0)
    assert stats.counts == {"removed": 3, "account_locked": 1, "due": 1}
    assert removal_stats(store, "2026-05-02", "2026-05-31").median_days == 4.5  # 7 and 2
    assert removal_stats(store, "2027-01-01", "2027-12-31").median_days is None


def test_reported_without_evidence_is_a_warning(store):
    rec = advert(reported=True, reported_on="2026-05-01")
    problems = store.check(rec)
    assert [(p.field, p.severity) for p in problems] == [("evidence", "warning")]
    with pytest.raises(ValidationFailed):
        store.save(rec)
    assert store.check(advert(reported=True, reported_on="2026-05-01", evidence=[image(IMAGE_1)])) == []
    assert store.check(advert()) == []


def test_validation_of_contacts_handles_and_outcome(store):
    rec = advert(
        contacts=["0812-3456-7890", "+60 12-345 6789", "12", "call me"],
        handles=["ig:kicau", "wa:0812 3456 7890", "kicau", "wa:abc", "tg:"],
        followup_due="2099-01-01",
        followup_outcome="gone",
    )
    fields = {p.field: p.message for p in store.check(rec) if p.is_error}
    assert set(fields) == {
        "contacts[2]",
        "contacts[3]",
        "handles[2]",
        "handles[3]",
        "handles[4]",
        "followup_outcome",
        "followup_checked_on",
    }
    assert "12" in fields["contacts[2]"]
    ok = advert(
        contacts=["0812-3456-7890"],
        handles=["shop:Kicau Jaya", "wa:+62 812 3456 7890"],
        followup_outcome="removed",
        followup_checked_on="2026-05-02",
    )
    assert [p for p in store.check(ok) if p.is_error] == []
    assert {p.field for p in store.check(advert(followup_checked_on="2099-01-01")) if p.is_error} == {
        "followup_checked_on"
    }
    malay = advert(country="MY", contacts=["012-345 6789"])
    assert [p for p in store.check(malay) if p.is_error] == []
