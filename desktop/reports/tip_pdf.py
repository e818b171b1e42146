"""Target intelligence package (TIP): everything recorded about one or more seller
accounts, for handing to an enforcement agency. Marked RESTRICTED on every page.

Linked records: observations whose seller handle or name is one of the accounts
(on any platform, from any device that synced here), observations and seizures
whose text mentions an account (notes, case reference…). The package gives the
accounts per platform, a dated timeline, species and quantities, prices, every
evidence file with a thumbnail (images) and its SHA-256 checked against the
evidence store, and the chain of custody (record ids, revisions, devices,
officers and every audited change).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import defaultdict

from PIL import UnidentifiedImageError
from reportlab.lib.units import mm
from reportlab.platypus import Image, Spacer

from desktop.errors import PantauError
from desktop.i18n import N_, _, format_date, format_money, format_number, translated
from desktop.intel.networks import find_network
from desktop.progress import Progress
from desktop.reports import labels
from desktop.reports.labels import RefLabels
from desktop.reports.pdf_base import ReportMeta, build_pdf, data_table, frame_width, key_value_table, para, styles
from desktop.training import is_training

AUDIT_ACTIONS = {  # audit action codes, as words in the chain of custody
    "create": N_("created"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "restore": N_("restored"),
    "import": N_("imported"),
    "merge": N_("merged"),
    "decide": N_("conflict decided"),
    "ignore": N_("ignored"),
}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/bmp"}
THUMB = 22 * mm


def day_text(text: str) -> str:
    try:
        return format_date(dt.date.fromisoformat((text or "")[:10]), "medium")
    except ValueError:
        return text or ""


def moment_text(text: str) -> str:
    try:
        moment = dt.datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return text or ""
    return format_date(moment.astimezone(dt.timezone.utc).replace(tzinfo=None), "medium") + " UTC"


def linked_records(store, accounts: list[str]) -> list[dict]:
    """Linked observations and seizures as dicts with a ``match`` key ('account' or 'mention'), by date."""
    out = []
    for match, body in store.queries.report.account_observations(accounts):
        out.append(dict(json.loads(body), match=match))
    for body in store.queries.report.account_seizures(accounts):
        out.append(dict(json.loads(body), match="mention"))
    out.sort(key=lambda d: ((d.get("observed_at") or d.get("seizure_date") or ""), d["id"]))
    return out


def _lines(data: dict) -> list[dict]:
    return data.get("species") or data.get("items") or []


def _quantity_text(line: dict, names: RefLabels) -> str:
    unit = line.get("unit") or ""
    qty = line.get("quantity") or ""
    label = names.species_label(line.get("species_id") or "", line.get("other_name") or "")
    what = (
        labels.coded(labels.SPECIMEN, line.get("specimen", ""))
        if line.get("specimen")
        else names.term(line.get("term", ""))
    )
    return _("{quantity} {unit} {species} ({what})").format(
        quantity=qty, unit=names.units.get(unit, unit) if unit else "×", species=label, what=what
    )


def _accounts_table(records: list[dict], names: RefLabels, width: float, st: dict):
    accounts: dict[tuple, dict] = {}
    for d in records:
        if d["kind"] != "observation" or d["match"] != "account":
            continue
        key = (d.get("platform", ""), (d.get("seller_handle") or "").lower())
        item = accounts.setdefault(
            key,
            {
                "handle": d.get("seller_handle", ""),
                "names": set(),
                "adverts": 0,
                "first": d["observed_at"],
                "last": d["observed_at"],
                "devices": set(),
                "urls": set(),
            },
        )
        item["names"].add(d.get("seller_name") or "")
        item["adverts"] += 1
        item["first"] = min(item["first"], d["observed_at"])
        item["last"] = max(item["last"], d["observed_at"])
        item["devices"].add(d.get("device_id", "")[:8])
    rows = [
        [
            names.platform(p),
            a["handle"],
            ", ".join(sorted(n for n in a["names"] if n)),
            format_number(a["adverts"]),
            day_text(a["first"]),
            day_text(a["last"]),
            ", ".join(sorted(a["devices"])),
        ]
        for (p, _h), a in sorted(accounts.items())
    ]
    return data_table(
        [_("Platform"), _("Handle"), _("Name shown"), _("Adverts"), _("First seen"), _("Last seen"), _("Devices")],
        rows,
        [width * w for w in (0.13, 0.17, 0.17, 0.09, 0.15, 0.15, 0.14)],
        numeric={3},
        st=st,
    )


def _timeline(records: list[dict], names: RefLabels, width: float, st: dict):
    rows = []
    for d in records:
        if d["kind"] == "observation":
            what = _("Advert on {platform} by {handle}").format(
                platform=names.platform(d.get("platform", "")), handle=d.get("seller_handle", "")
            )
            detail = [d.get("url", ""), d.get("group_name", "")]
            price = (
                format_money(d["price"], d["currency"])
                if d.get("price") and d.get("currency")
                else d.get("price_text", "")
            )
            status = [
                _("reported") if d.get("reported") else "",
                _("removed") if d.get("removed") else "",
                _("account locked") if d.get("account_locked") else "",
            ]
            date = d.get("observed_at", "")
        else:
            what = _("Seizure {case}").format(case=d.get("case_reference", ""))
            detail = [names.country(d.get("country", "")), d.get("place", ""), d.get("agency", "")]
            price = (
                format_money(d["estimated_value"], d["currency"])
                if d.get("estimated_value") and d.get("currency")
                else ""
            )
            status = [labels.coded(labels.LEGAL_STATUS, d.get("legal_status", ""))]
            date = d.get("seizure_date", "")
        if d["match"] == "mention":
            status.append(_("mentions the account"))
        text = "\n".join([what] + [x for x in detail if x] + [_quantity_text(line, names) for line in _lines(d)])
        rows.append([day_text(date), text, price, ", ".join(s for s in status if s), d["id"]])
    return data_table(
        [_("Date"), _("Record"), _("Price or value"), _("Status"), _("Record id")],
        rows,
        [width * w for w in (0.12, 0.38, 0.18, 0.14, 0.18)],
        st=st,
    )


def _species_table(records: list[dict], names: RefLabels, width: float, st: dict):
    totals: dict[str, dict] = defaultdict(lambda: {"live": 0.0, "other": defaultdict(float), "records": 0})
    for d in records:
        for line in _lines(d):
            key = names.species_label(line.get("species_id") or "", line.get("other_name") or "")
            try:
                qty = float(line.get("quantity") or 0)
            except ValueError:
                qty = 0.0
            live = line.get("specimen") == "live" or line.get("term") == "LIV"
            if live and not line.get("unit"):
                totals[key]["live"] += qty
            else:
                totals[key]["other"][line.get("term") or line.get("specimen") or ""] += qty
            totals[key]["records"] += 1
    rows = [
        [
            name,
            format_number(t["live"]),
            ", ".join(f"{format_number(q)} {names.term(k) or k}" for k, q in sorted(t["other"].items())),
            format_number(t["records"]),
        ]
        for name, t in sorted(totals.items())
    ]
    return data_table(
        [_("Species"), _("Live individuals"), _("Parts and products"), _("Mentions")],
        rows,
        [width * w for w in (0.42, 0.16, 0.28, 0.14)],
        numeric={1, 3},
        st=st,
    )


def _thumbnail(store, sha: str):
    """A preview of an evidence image read through the evidence store (decrypted on a protected home)."""
    try:
        image = Image(io.BytesIO(store.evidence.read_bytes(sha)))
        scale = min(THUMB / image.imageWidth, THUMB / image.imageHeight)
    except (PantauError, OSError, ValueError, ZeroDivisionError, UnidentifiedImageError):
        return _("(no preview)")  # an unreadable image still gets its row, without a thumbnail
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def evidence_table(store, records: list[dict], width: float, st: dict):
    rows = []
    for d in records:
        for ref in d.get("evidence") or []:
            sha = ref.get("sha256", "")
            try:
                check = store.evidence.verify(sha)
                state = (
                    _("verified")
                    if check.ok
                    else (_("missing") if check.problem == "missing" else _("CHANGED — hash does not match"))
                )
            except PantauError:
                state, check = _("invalid fingerprint"), None
            thumb = ""
            if check is not None and check.ok and ref.get("media_type") in IMAGE_TYPES:
                thumb = _thumbnail(store, sha)
            text = "\n".join(
                [
                    ref.get("filename", ""),
                    _("SHA-256: {sha}").format(sha=sha),
                    _("Added {when} by {officer} on device {device}").format(
                        when=moment_text(ref.get("added_at", "")),
                        officer=ref.get("added_by", ""),
                        device=ref.get("device_id", ""),
                    ),
                    _("Record {id}").format(id=d["id"]),
                ]
            )
            rows.append([thumb, para(text, st["small"]), state])
    if not rows:
        return para(_("No evidence files are attached to these records."), st["body"])
    return data_table(
        [_("Preview"), _("File"), _("Check")], rows, [THUMB + 8, width - THUMB - 8 - width * 0.18, width * 0.18], st=st
    )


def _contacts_table(records: list[dict], names: RefLabels, width: float, st: dict):
    """The phone numbers and other accounts the officers entered, per seller account."""
    sellers: dict[tuple, dict] = {}
    for d in records:
        if d["kind"] != "observation" or not (d.get("contacts") or d.get("handles")):
            continue
        key = (d.get("platform", ""), (d.get("seller_handle") or "").lower())
        item = sellers.setdefault(key, {"handle": d.get("seller_handle", ""), "phones": {}, "accounts": {}, "ids": []})
        for phone in d.get("contacts") or []:
            item["phones"].setdefault(str(phone), None)
        for handle in d.get("handles") or []:
            item["accounts"].setdefault(str(handle), None)
        item["ids"].append(d["id"])
    if not sellers:
        return para(_("No phone number or other account was entered for these sellers."), st["body"])
    rows = [
        [
            names.platform(p),
            s["handle"] or "-",
            para("\n".join(s["phones"]) or "-", st["small"]),
            para("\n".join(s["accounts"]) or "-", st["small"]),
            para("\n".join(s["ids"]), st["small"]),
        ]
        for (p, _h), s in sorted(sellers.items())
    ]
    return data_table(
        [_("Platform"), _("Handle"), _("Phone numbers"), _("Other accounts"), _("Record id")],
        rows,
        [width * w for w in (0.13, 0.17, 0.22, 0.2, 0.28)],
        st=st,
    )


def creation_line(d: dict) -> str:
    """How the record began, from its own envelope (it travels with the record to the coordinator)."""
    if int(d.get("revision") or 1) <= 1:
        return _("{when}: created by {officer}, device {device}").format(
            when=moment_text(d.get("created_at", "")),
            officer=d.get("officer_name") or "-",
            device=d.get("device_id") or "-",
        )
    return _("{when}: created; revision {revision} saved {saved} by {officer}, device {device}").format(
        when=moment_text(d.get("created_at", "")),
        revision=d.get("revision", ""),
        saved=moment_text(d.get("updated_at", "")),
        officer=d.get("officer_name") or "-",
        device=d.get("device_id") or "-",
    )


def custody_table(store, records: list[dict], width: float, st: dict):
    rows = []
    for d in records:
        changes = store.history(d["id"])
        created_here = any(c["action"] == "create" for c in changes)
        lines = ([] if created_here else [creation_line(d)]) + [
            _("{when}: {action} (revision {revision}) by {officer}, device {device}").format(
                when=moment_text(c["at"]),
                action=translated(AUDIT_ACTIONS[c["action"]]) if c["action"] in AUDIT_ACTIONS else c["action"],
                revision=c["revision"],
                officer=c["officer_name"],
                device=c["device_id"],
            )
            for c in changes
        ]
        rows.append([d["id"], str(d.get("revision", "")), para("\n".join(lines) or "-", st["small"])])
    return data_table(
        [_("Record id"), _("Revision"), _("Audited changes")],
        rows,
        [width * 0.3, width * 0.1, width * 0.6],
        numeric={1},
        st=st,
    )


def write_tip(store, path, accounts: list[str], progress: Progress | None = None, network: str = "") -> int:
    """Write the package for ``accounts`` and, with ``network`` (a confirmed seller network's name or id),
    for every account linked in that network; returns the number of linked records."""
    accounts = [a.strip() for a in accounts if a.strip()]
    if network.strip():
        found = find_network(store, network.strip())
        if found is None:
            raise PantauError(_("No seller network named '{name}'.").format(name=network.strip()))
        network = found.name
        accounts = list(dict.fromkeys(accounts + found.accounts))
    if not accounts:
        raise PantauError(_("Name at least one seller account."))
    records = linked_records(store, accounts)
    if progress:
        progress(1, 3)
    names = RefLabels(store.ref)
    meta = ReportMeta(
        title=_("Target intelligence package"),
        database_id=store.device_id,
        restricted=True,
        landscape=False,
        training=is_training(store.home),
    )
    width, st = frame_width(meta), styles()
    story = [
        para(_("Target intelligence package"), st["title"]),
        para(_("RESTRICTED — for authorised law-enforcement use only. Do not forward."), st["subtitle"]),
    ]
    observations = sum(1 for d in records if d["kind"] == "observation")
    seizures = len(records) - observations
    story.append(
        key_value_table(
            ([(_("Seller network"), network)] if network else [])
            + [
                (_("Accounts"), ", ".join(accounts)),
                (_("Linked adverts"), format_number(observations)),
                (_("Linked seizures"), format_number(seizures)),
                (_("Devices"), ", ".join(sorted({d.get("device_id", "") for d in records})) or "-"),
                (_("Officers"), ", ".join(sorted({d.get("officer_name", "") for d in records})) or "-"),
            ],
            width,
            st,
        )
    )
    if not records:
        story.append(Spacer(1, 6))
        story.append(para(_("No record in this database mentions these accounts."), st["body"]))
    else:
        story += [
            para(_("Accounts by platform"), st["h2"]),
            _accounts_table(records, names, width, st),
            para(_("Seller contacts"), st["h2"]),
            _contacts_table(records, names, width, st),
            para(_("Timeline"), st["h2"]),
            _timeline(records, names, width, st),
            para(_("Species and quantities"), st["h2"]),
            _species_table(records, names, width, st),
        ]
        if progress:
            progress(2, 3)
        story += [
            para(_("Evidence"), st["h2"]),
            para(_("Each file is checked against its SHA-256 fingerprint in the evidence store."), st["note"]),
            evidence_table(store, records, width, st),
            para(_("Chain of custody"), st["h2"]),
            custody_table(store, records, width, st),
        ]
    build_pdf(path, story, meta)
    if progress:
        progress(3, 3)
    return len(records)
