"""The one progress type of slow jobs (desktop.progress): it passes reports on, and once cancelled
the job's next report or check raises Cancelled; the GUI's runner uses the same type."""

from __future__ import annotations

import threading

import pytest

from desktop.progress import Cancelled, Progress
from desktop.ui import operations


def test_reports_pass_on_until_cancelled():
    seen: list[tuple[int, int]] = []
    event = threading.Event()
    progress = Progress(lambda done, total: seen.append((done, total)), event)
    progress(1, 4)
    progress(2.0, 4)
    assert seen == [(1, 4), (2, 4)] and not progress.cancelled
    event.set()
    assert progress.cancelled
    with pytest.raises(Cancelled):
        progress(3, 4)
    with pytest.raises(Cancelled):
        progress.check()
    assert seen == [(1, 4), (2, 4)]


def test_a_progress_without_presenter_still_cancels():
    progress = Progress()
    progress(5, 10)
    assert not progress.wrote
    progress.changed()
    assert progress.wrote
    progress.cancel()
    with pytest.raises(Cancelled):
        progress(6, 10)


def test_the_runner_uses_the_core_type():
    assert operations.Progress is Progress and operations.Cancelled is Cancelled
