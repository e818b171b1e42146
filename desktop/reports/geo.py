"""GeoJSON export of seizures or observations, placed at their province or state.

Records only carry a province/state code (seizure ``subdivision``, observation
``seller_location``), so each point is the approximate centre of that
subdivision from the shipped table ``resources/geo/subdivision_centroids.csv``
(hand-entered, about 0.1° precision; see ``resources/geo/SOURCE.txt``).
Every feature says so in ``location_precision``. Records without a known
subdivision have no place on a map: they are left out, counted and listed by
id in the result and in the file's ``omitted`` member — never dropped silently.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from desktop.db import report_sql
from desktop.db.queries import ListFilter
from desktop.errors import PantauError
from desktop.i18n import _, current_language
from desktop.paths import resource_path
from desktop.reports.labels import RefLabels
from desktop.training import export_note, is_training

PRECISION = "subdivision_centroid"
LOCATION_FIELD = {"seizure": "subdivision", "observation": "seller_location"}
DATE_FIELD = {"seizure": "seizure_date", "observation": "observed_at"}


def load_centroids() -> dict[str, tuple[float, float]]:
    """Subdivision code → (latitude, longitude)."""
    with open(resource_path("geo", "subdivision_centroids.csv"), encoding="utf-8", newline="") as fh:
        return {row["code"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(fh)}


def feature(data: dict, point: tuple[float, float], names: RefLabels) -> dict:
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
        "location_precision": PRECISION,
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


def export_geojson(store, path, kind: str = "seizure", flt: ListFilter | None = None, progress=None) -> dict:
    """Write a FeatureCollection of the records of ``kind`` that have a province or state.

    Returns {"features": n, "omitted": [record ids without a usable location], "path": str}."""
    if kind not in LOCATION_FIELD:
        raise PantauError(_("A map export is available for observations and seizures only."))
    flt = flt or ListFilter(kind=kind)
    centroids = load_centroids()
    names = RefLabels(store.ref, current_language())
    features, omitted = [], []
    total = store.count(flt)
    for done, data in enumerate(report_sql.iter_filtered_bodies(store.conn, flt), start=1):
        point = centroids.get(data.get(LOCATION_FIELD[kind]) or "")
        if point is None:
            omitted.append(data["id"])
        else:
            features.append(feature(data, point, names))
        if progress and (done % 1000 == 0 or done == total):
            progress(done, total)
    collection = {
        "type": "FeatureCollection",
        "name": f"pantau-{kind}s",
        "features": features,
        "omitted": {
            "count": len(omitted),
            "ids": omitted,
            "reason": _("These records have no province or state, so they cannot be placed on a map."),
        },
        "location_note": _("Points are approximate centres of provinces or states, not exact places."),
        **({"training": True, "training_note": export_note()} if is_training(store.home) else {}),
    }
    for item in features if "training" in collection else []:  # GIS tools show feature properties only
        item["properties"]["training"] = export_note()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"features": len(features), "omitted": omitted, "path": str(path)}
