"""Follow-up checks as an officer records them: not before the report, not in the future (the message names
the field and the problem); demo adverts marked reported have dates the Follow-up page and dashboard agree on."""

from __future__ import annotations

import datetime as dt

from desktop.app_context import AppContext
from desktop.cli import main
from desktop.demo import fill
from desktop.domain.records import EvidenceRef
from desktop.intel.followup import due, removal_stats
from desktop.reports.figures import monitoring_figures
from desktop.store import ListFilter
from tests.sync.conftest import observation


def _reported(home: str, reported_on: str) -> str:
    ctx = AppContext.create(home=home)
    try:
        record = ctx.store().save(
            observation(
                1,
                observed_at=reported_on,
                reported=True,
                reported_on=reported_on,
                evidence=[EvidenceRef(sha256="a" * 64, filename="shot.png")],
            ),  # fmt: skip
            accept_warnings=True,
        )
        return record.id
    finally:
        ctx.close()


def test_check_before_the_report_date_is_refused(tmp_path, capsys):
    home = str(tmp_path / "h")
    today = dt.date.today()
    reported = (today - dt.timedelta(days=3)).isoformat()
    record_id = _reported(home, reported)
    before = (today - dt.timedelta(days=4)).isoformat()
    code = main(["--home", home, "followup", "record", record_id, "removed", "--on", before])
    err = capsys.readouterr().err
    assert code == 1
    assert f"Date of the check: {before} is before the report date ({reported})" in err
    ctx = AppContext.create(home=home)
    try:
        record = ctx.store().get("observation", record_id)
        assert record.revision == 1 and not record.removed and record.followup_outcome == ""
        assert removal_stats(ctx.store()).closed == 0
    finally:
        ctx.close()
    assert main(["--home", home, "followup", "record", record_id, "removed", "--on", reported]) == 0
    capsys.readouterr()


def test_a_future_check_date_names_the_field_and_the_problem(tmp_path, capsys):
    home = str(tmp_path / "h")
    record_id = _reported(home, dt.date.today().isoformat())
    later = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    code = main(["--home", home, "followup", "record", record_id, "still_online", "--on", later])
    err = capsys.readouterr().err
    assert code == 1 and "Date of the check: The date cannot be in the future." in err
    assert "has 1 problem" not in err


def test_demo_adverts_marked_reported_have_consistent_follow_up_dates(store, settings):
    fill(store, 400, seed=5)
    reported = [
        r
        for r in (store.get("observation", row["id"]) for row in store.page(ListFilter(kind="observation"), 0, 1000))
        if r.reported
    ]
    assert len(reported) > 50
    days = settings.extra.get("followup_days", 7)
    for r in reported:
        assert r.reported_on >= r.observed_at[:10] and r.reported_on <= dt.date.today().isoformat()
        if r.removed or r.account_locked:
            assert r.followup_outcome in ("removed", "account_locked")
            assert r.reported_on <= r.followup_checked_on <= dt.date.today().isoformat()
        else:
            expected = (dt.date.fromisoformat(r.reported_on) + dt.timedelta(days=days)).isoformat()
            assert r.followup_due == expected
    stats = removal_stats(store)
    assert "no_date" not in stats.counts and "closed_without_check" not in stats.counts
    assert stats.min_days is not None and stats.min_days >= 1
    figures = monitoring_figures(store, "2000-01-01", dt.date.today().isoformat())
    assert stats.closed == figures["reported_removed"] == sum(1 for r in reported if r.removed)
    open_due = [r for r in reported if not r.removed and r.followup_due <= dt.date.today().isoformat()]
    assert len(due(store)) == len(open_due) == stats.counts.get("due", 0)
