"""Texts of the Sync page that are not the command line's: a bundle's result as this screen
words it, and a fingerprint spaced for reading aloud."""

from __future__ import annotations

from desktop.i18n import _
from desktop.sync.importer import QUARANTINED


def report_line(report) -> str:
    """A bundle's result in this screen: a device waiting for approval is approved with the button
    below (the command line's message names the command instead)."""
    if report.status == QUARANTINED:
        return _(
            "{file}: quarantined: device {fp} ({officer}) is not approved yet. Compare the fingerprint with "
            "the officer's laptop, then select the device under Devices and press Approve device."
        ).format(file=report.name, fp=report.fingerprint, officer=report.officer)
    return report.line()


def spaced_fingerprint(fingerprint: str) -> str:
    """'9F3A2B1C4D5E6F70' → '9F3A 2B1C 4D5E 6F70': easier to read aloud and compare."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))
