"""The count of entities waiting for the next export, as the status bar and the Sync page show it:
exact up to ``SHOWN_UP_TO``, then "more than …", so that the count after every save stays a short
index read however many records a home holds."""

from __future__ import annotations

from desktop.i18n import _, format_number

SHOWN_UP_TO = 10_000


def waiting_text(store) -> str:
    count = store.pending_export_count(cap=SHOWN_UP_TO + 1)
    if count > SHOWN_UP_TO:
        return _("Waiting for export: more than {n}").format(n=format_number(SHOWN_UP_TO))
    return _("Waiting for export: {n}").format(n=format_number(count))
