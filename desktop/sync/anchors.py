"""The device's audit chain, anchored at the coordinator.

Every bundle's signed manifest carries ``audit_head``: the sequence number and
hash of the newest entry of the device's audit log when the bundle was made.
At import the head must be the last entry of ``audit.jsonl`` (or, when the
bundle carries no entries, the point it continues from). The coordinator keeps
the newest head it accepted from each device key (its *anchor*) and checks the
next bundle against it: a chain that now ends below the anchor, or whose entry
at the anchored sequence (or the link just after it) has another hash, was
rewritten on the device after the anchored bundle left it. That is reported at
import, and the anchor moves on to the new head.

Limits: a bundle older than the anchored one (arriving late) is not checked;
when bundles in between are missing the chain cannot be compared (the gap is
reported by the importer's sequence notes); a device that never sent a bundle
has no anchor.
"""

from __future__ import annotations

import json
import re

from desktop.i18n import _
from desktop.sync.errors import BundleError

HEAD = "audit_head"
META_PREFIX = "audit_anchor:"
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_INT = 2**53 - 1


def check_head(manifest: dict, audit: list[dict], what: str) -> dict | None:
    """The manifest's audit head, checked against the bundle's audit entries (None for older bundles)."""
    head = manifest.get(HEAD)
    if head is None:
        return None
    ok = (
        isinstance(head, dict)
        and set(head) == {"seq", "hash"}
        and type(head["seq"]) is int
        and 0 <= head["seq"] <= MAX_INT
        and isinstance(head["hash"], str)
        and SHA_RE.match(head["hash"]) is not None
    )
    if ok and audit:
        ok = audit[-1]["seq"] == head["seq"] and audit[-1]["hash"] == head["hash"]
    elif ok:
        after = (manifest.get("range") or {}).get("after_audit_seq")
        ok = after is None or after == head["seq"]
    if not ok:
        raise BundleError(
            "audit",
            _("{what}: the audit head in the manifest does not match the bundle's audit entries.").format(what=what),
        )
    return head


def _audit_entries(opened, what: str):
    """The bundle's audit entries, parsed one at a time (the chain itself was checked before)."""
    from desktop.sync import bundle  # (bundle imports this module)

    for line in bundle._iter_lines(opened, bundle.AUDIT, what):
        yield json.loads(line)


def last_entry(opened, what: str) -> dict | None:
    last = None
    for entry in _audit_entries(opened, what):
        last = entry
    return last


def _key(fingerprint: str) -> str:
    return META_PREFIX + fingerprint


def anchor_of(q, fingerprint: str) -> dict | None:
    text = q.records.get_meta(_key(fingerprint))
    return json.loads(text) if text else None


def rewrite_note(q, opened, what: str) -> str | None:
    """A translated note when the device's chain was rewritten below its anchor; None otherwise."""
    head = opened.manifest.get(HEAD)
    anchor = anchor_of(q, opened.fingerprint)
    if head is None or anchor is None or opened.seq < anchor["bundle_seq"]:
        return None
    seq, expected = anchor["seq"], anchor["hash"]
    if head["seq"] < seq:
        found = None  # the chain now ends below the anchor
    elif head["seq"] == seq:
        found = head["hash"]
    else:
        found = None
        for entry in _audit_entries(opened, what):
            if entry["seq"] == seq:
                found = entry["hash"]
                break
            if entry["seq"] == seq + 1:
                found = entry["prev_hash"]
                break
        if found is None:
            return None  # bundles in between are missing: nothing to compare here
    if found == expected:
        return None
    from desktop.sync.export import device_short  # (export imports bundle, which imports this module)

    return _(
        "Device {device} ({fp}) rewrote its audit history: bundle {anchored} ended its history at entry "
        "{seq}, and bundle {seq_now} no longer agrees with it. Records changed on the device before that "
        "point may have been altered outside Pantau; compare them with the copies imported before."
    ).format(
        device=device_short(opened.device_id),
        fp=opened.fingerprint,
        anchored=anchor["bundle_seq"],
        seq=seq,
        seq_now=opened.seq,
    )


def move_anchor(q, opened) -> None:
    """Keep this bundle's head as the device's anchor (inside the merge transaction)."""
    head = opened.manifest.get(HEAD)
    anchor = anchor_of(q, opened.fingerprint)
    if head is None or (anchor is not None and opened.seq < anchor["bundle_seq"]):
        return
    value = {"seq": head["seq"], "hash": head["hash"], "bundle_seq": opened.seq}
    q.records.set_meta(_key(opened.fingerprint), json.dumps(value, sort_keys=True))
