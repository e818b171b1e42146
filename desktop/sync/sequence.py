"""Bounded bookkeeping of each device's bundle numbers and officers at the coordinator.

- **Gaps.** A device numbers its bundles 1, 2, 3, ... A bundle whose number is more than
  ``MAX_SEQ_GAP`` above the highest number merged from that key (0 before the first) is not merged
  but quarantined with a message (as are the bundles that follow it, until approved); the coordinator merges it with ``pantau coordinator approve``
  after checking with the officer. Missing bundles are computed and shown as ranges
  ("bundles 4–19 missing") from the numbers received, never expanded one by one, so a huge number
  costs nothing but its import-log line.
- **Forks.** A second, different bundle with a number already received from the same key is
  refused, kept under ``<home>/sync/forks``, logged with status ``fork`` and shown in the device list
  until the coordinator acts (``pantau coordinator clear-forks`` or ``revoke``).
- **Officers.** The officers a device may name are those registered on it: the officer of its first
  merged bundle (and up to ``MAX_FIRST_OFFICERS`` officers its records name), then every officer a
  later manifest names — such a change is shown in the import report and the device list and kept
  in ``sync_device_officers`` (who, from which bundle, when).
"""

from __future__ import annotations

from desktop.i18n import _

MAX_SEQ_GAP = 100
MAX_FIRST_OFFICERS = 10


def jump(q, public_key: str, seq: int) -> int | None:
    """The highest number merged before, when ``seq`` jumps more than MAX_SEQ_GAP above it."""
    highest = q.ownership.highest_seq(public_key)
    return highest if seq > highest + MAX_SEQ_GAP else None


def jump_message(what: str, seq: int, highest: int, fingerprint: str) -> str:
    return _(
        "{what}: bundle number {seq} is far ahead of the last bundle received from device {fp} ({highest}); "
        "it was quarantined, not merged. Check with the officer, then run 'pantau coordinator approve {fp}'."
    ).format(what=what, seq=seq, highest=highest, fp=fingerprint)


def is_fork(q, public_key: str, seq: int, bundle_sha256: str) -> bool:
    """Whether another bundle with this number from this key was received (imported or quarantined)."""
    return any(row["bundle_sha256"] != bundle_sha256 for row in q.ownership.received_of_seq(public_key, seq))


def fork_message(what: str, seq: int, fingerprint: str) -> str:
    return _(
        "{what}: device {fp} already sent a different bundle number {seq} (a fork: was the device restored "
        "from a backup or copied?). It was refused and kept; nothing was merged."
    ).format(what=what, seq=seq, fp=fingerprint)


def missing_ranges(seqs) -> list[tuple[int, int]]:
    """The gaps below the highest received number, as (first, last) ranges."""
    out, expected = [], 1
    for n in sorted(set(seqs)):
        if n > expected:
            out.append((expected, n - 1))
        expected = n + 1
    return out


def format_ranges(ranges: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def allowed_officers(
    q, public_key: str, manifest_officer: tuple[str, str], named: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """The (id, name) pairs the records of this bundle may name (``named``: those they name, as
    collected by the bundle check, at most a few more than MAX_FIRST_OFFICERS)."""
    registered = {(r["officer_id"], r["officer_name"]) for r in q.ownership.device_officers(public_key)}
    allowed = registered | {manifest_officer}
    if not registered:  # the first bundle registers its officers
        if len(named | allowed) <= MAX_FIRST_OFFICERS:
            allowed |= named
    return allowed


def register_officers(
    q, public_key: str, officers: set[tuple[str, str]], bundle_sha256: str, seq: int, now: str
) -> list[tuple[str, str]]:
    """Register officers named by a merged bundle; the new ones (in a device that had officers before)."""
    before = q.ownership.device_officers(public_key)
    known = {(r["officer_id"], r["officer_name"]) for r in before}
    added = sorted(officers - known)
    for officer_id, name in added:
        q.ownership.add_device_officer(
            {
                "public_key": public_key,
                "officer_id": officer_id,
                "officer_name": name,
                "first_seen": now,
                "bundle_sha256": bundle_sha256,
                "seq": seq,
            }
        )
    return added if before else []


def officer_change_note(fingerprint: str, name: str, before: list[str]) -> str:
    return _("Device {fp} now names officer {name} (registered before: {before}).").format(
        fp=fingerprint, name=name or "-", before=", ".join(before) or "-"
    )
