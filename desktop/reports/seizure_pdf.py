"""The record sheet of one seizure: every field, the seized items in CITES terms,
evidence files with their fingerprints, and the record's audited history."""

from __future__ import annotations

from desktop.errors import PantauError
from desktop.i18n import _, format_money
from desktop.reports import labels
from desktop.reports.labels import RefLabels
from desktop.reports.pdf_base import ReportMeta, build_pdf, data_table, frame_width, key_value_table, para, styles
from desktop.reports.tip_pdf import custody_table, day_text, evidence_table
from desktop.training import is_training


def seizure_fields(d: dict, names: RefLabels) -> list[tuple[str, str]]:
    value = (
        format_money(d["estimated_value"], d["currency"])
        if d.get("estimated_value") and d.get("currency")
        else d.get("estimated_value", "")
    )
    transit = ", ".join(names.country(c) for c in (d.get("transit_countries") or "").split())
    return [
        (_("Date of seizure"), day_text(d.get("seizure_date", ""))),
        (_("Country"), names.country(d.get("country", ""))),
        (_("Province or state"), names.subdivision(d.get("subdivision", "")) if d.get("subdivision") else ""),
        (_("Location of incident"), d.get("place", "")),
        (_("Detecting agency"), names.agency(d.get("agency", ""))),
        (_("Case reference"), d.get("case_reference", "")),
        (_("Method of detection"), d.get("detection_method", "")),
        (_("Mode of transport"), d.get("transport_mode", "")),
        (_("Method of concealment"), d.get("concealment_method", "")),
        (_("Alleged country of origin"), names.country(d.get("origin_country", "")) if d.get("origin_country") else ""),
        (
            _("Alleged final destination"),
            names.country(d.get("destination_country", "")) if d.get("destination_country") else "",
        ),
        (_("Countries of transit"), transit),
        (
            _("Nationality of offenders"),
            names.country(d.get("offender_nationality", "")) if d.get("offender_nationality") else "",
        ),
        (_("Number of suspects"), str(d.get("suspects_count", ""))),
        (_("Suspects' initials"), d.get("suspects_initials", "")),
        (_("Estimated value in country"), value),
        (_("Legal status"), labels.coded(labels.LEGAL_STATUS, d.get("legal_status", ""))),
        (_("Law under which charges were brought"), d.get("law_sections", "")),
        (_("Notes"), d.get("notes", "")),
        (_("Record id"), d["id"]),
        (_("Revision"), str(d.get("revision", ""))),
        (
            _("Recorded by"),
            _("{officer} on device {device}").format(officer=d.get("officer_name", ""), device=d.get("device_id", "")),
        ),
    ]


def write_seizure_sheet(store, path, record_id: str) -> None:
    record = store.find(record_id)
    if record.kind != "seizure":
        raise PantauError(_("Record {id} is not a seizure.").format(id=record_id))
    d = record.to_dict()
    names = RefLabels(store.ref)
    meta = ReportMeta(
        title=_("Seizure record"), database_id=store.device_id, restricted=True, training=is_training(store.home)
    )
    width, st = frame_width(meta), styles()
    story = [
        para(_("Seizure record"), st["title"]),
        para(
            " · ".join(x for x in (d.get("case_reference", ""), day_text(d.get("seizure_date", ""))) if x),
            st["subtitle"],
        ),
        key_value_table(seizure_fields(d, names), width, st),
        para(_("Seized items"), st["h2"]),
        data_table(
            [_("Species"), _("Scientific name"), _("Description of specimen"), _("Quantity"), _("Unit")],
            [
                [
                    names.species(i.get("species_id") or "", i.get("other_name") or "")[1],
                    names.species(i.get("species_id") or "", "")[0],
                    f"{i.get('term', '')} — {names.term(i.get('term', ''))}",
                    i.get("quantity", ""),
                    names.unit(i.get("unit") or ""),
                ]
                for i in d.get("items") or []
            ],
            [width * w for w in (0.26, 0.24, 0.22, 0.12, 0.16)],
            numeric={3},
            st=st,
        ),
        para(_("Evidence"), st["h2"]),
        evidence_table(store, [d], width, st),
        para(_("Chain of custody"), st["h2"]),
        custody_table(store, [d], width, st),
    ]
    build_pdf(path, story, meta)
