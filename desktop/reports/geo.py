"""GeoJSON export of seizures or observations.

A record is placed at its own coordinates when it has them (a seizure's
``latitude``/``longitude``, ``location_precision`` "record_coordinates"), else at
the approximate centre of its province or state (seizure ``subdivision``,
observation ``seller_location``) from the shipped table
``resources/geo/subdivision_centroids.csv`` (hand-entered, about 0.1° precision;
see ``resources/geo/SOURCE.txt``; "subdivision_centroid"). A record with neither
has no place on a map: it is listed with the reason in the file's foreign member
``records_not_on_map`` (and counted in ``omitted``) — never dropped silently.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from desktop.domain.filters import RecordFilter
from desktop.errors import PantauError
from desktop.i18n import _, current_language
from desktop.paths import resource_path
from desktop.progress import Progress
from desktop.reports.labels import RefLabels
from desktop.training import export_note, is_training

PRECISION = "subdivision_centroid"
OWN = "record_coordinates"
LOCATION_FIELD = {"seizure": "subdivision", "observation": "seller_location"}
DATE_FIELD = {"seizure": "seizure_date", "observation": "observed_at"}


def load_centroids() -> dict[str, tuple[float, float]]:
    """Subdivision code → (latitude, longitude)."""
    with open(resource_path("geo", "subdivision_centroids.csv"), encoding="utf-8", newline="") as fh:
        return {row["code"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(fh)}


def own_point(data: dict) -> tuple[float, float] | None:
    """The record's own (latitude, longitude), when it has valid ones."""
    try:
        lat, lon = float(data.get("latitude") or "nan"), float(data.get("longitude") or "nan")
    except (TypeError, ValueError):
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def feature(data: dict, point: tuple[float, float], names: RefLabels, precision: str = PRECISION) -> dict:
    kind = data["kind"]
    lines = data.get("items") if kind == "seizure" else data.get("species")
    location = data.get(LOCATION_FIELD[kind], "")
    props = {
        "id": data["id"],
        "kind": kind,
        "date": data.get(DATE_FIELD[kind], ""),
        "country": data.get("country", ""),
        "country_name": names.country(data.get("country", "")),
        "subdivision": location,
        "subdivision_name": names.subdivision(location),
        "location_precision": precision,
        "species": [
            names.species_label(line.get("species_id") or "", line.get("other_name") or "") for line in lines or []
        ],
        "quantities": [
            {
                "species_id": line.get("species_id") or "",
                "quantity": line.get("quantity") or "",
                "unit": line.get("unit") or "",
                "term": line.get("term") or "",
            }
            for line in lines or []
        ],
    }
    if kind == "seizure":
        props.update(case_reference=data.get("case_reference", ""), legal_status=data.get("legal_status", ""))
    else:
        props.update(
            platform=data.get("platform", ""),
            seller_handle=data.get("seller_handle", ""),
            reported=bool(data.get("reported")),
            removed=bool(data.get("removed")),
        )
    return {
        "type": "Feature",
        "id": data["id"],
        "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
        "properties": props,
    }


def export_geojson(
    store, path, kind: str = "seizure", flt: RecordFilter | None = None, progress: Progress | None = None
) -> dict:
    """Write a FeatureCollection of the records of ``kind`` that have coordinates or a province or state.

    Returns {"features": n, "omitted": [record ids without a usable location], "path": str}."""
    if kind not in LOCATION_FIELD:
        raise PantauError(_("A map export is available for observations and seizures only."))
    flt = flt or RecordFilter(kind=kind)
    centroids = load_centroids()
    names = RefLabels(store.ref, current_language())
    features, omitted, not_on_map = [], [], []
    total = store.count(flt)
    for done, data in enumerate(store.queries.report.iter_filtered_bodies(flt), start=1):
        point, precision = own_point(data), OWN
        location = data.get(LOCATION_FIELD[kind]) or ""
        if point is None:
            point, precision = centroids.get(location), PRECISION
        if point is None:
            omitted.append(data["id"])
            reason = (
                _("No coordinates, and no map position is known for the province or state '{code}'.").format(
                    code=location
                )
                if location
                else _("No coordinates and no province or state.")
            )
            not_on_map.append({"id": data["id"], "reason": reason})
        else:
            features.append(feature(data, point, names, precision))
        if progress and (done % 1000 == 0 or done == total):
            progress(done, total)
    collection = {
        "type": "FeatureCollection",
        "name": f"pantau-{kind}s",
        "features": features,
        "omitted": {
            "count": len(omitted),
            "ids": omitted,
            "reason": _(
                "These records have no coordinates and no province or state, so they cannot be placed on a map."
            ),
        },
        "records_not_on_map": {"count": len(not_on_map), "records": not_on_map},
        "location_note": _(
            "Points are the records' own coordinates where 'location_precision' is 'record_coordinates', and "
            "approximate centres of provinces or states where it is 'subdivision_centroid'."
        ),
        **({"training": True, "training_note": export_note()} if is_training(store.home) else {}),
    }
    for item in features if "training" in collection else []:  # GIS tools show feature properties only
        item["properties"]["training"] = export_note()
    path = Path(path)
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"features": len(features), "omitted": omitted, "path": str(path)}
