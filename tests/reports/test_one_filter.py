"""One filter type (desktop.domain.filters.RecordFilter) and one WHERE builder
(desktop.db.filter_sql.where_clause): on a real SQLite home, the record list, its count, an export
and a summary report given the same filter select the same records."""

from __future__ import annotations

import csv

import pytest

from desktop.db.queries import ListFilter
from desktop.domain.filters import RecordFilter
from desktop.reports.exports import export_records
from desktop.reports.figures import monitoring_figures
from desktop.store import ListFilter as StoreListFilter
from tests.reports.dataset import PERIOD, SHAMA

NARROWER = [{}, {"country": "MY"}, {"country": "ID", "platform": "shopee"}, {"platform": "facebook"}, {"country": "SG"}]


def listed_ids(store, flt: RecordFilter) -> set[str]:
    return {row["id"] for row in store.page(flt, 0, 1000)}


def exported_ids(store, flt: RecordFilter, path) -> set[str]:
    export_records(store, flt.kind, "csv", path, flt)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {row["record_id"] for row in csv.DictReader(fh)}


def report_ids(store, flt: RecordFilter) -> set[str]:
    """The observations a summary report of this filter reads (its scope table)."""
    store.queries.report.prepare_scope(flt)
    return store.queries.report.scope_observation_ids()


def test_the_old_names_are_the_one_type():
    assert ListFilter is RecordFilter and StoreListFilter is RecordFilter


@pytest.mark.parametrize("narrow", NARROWER, ids=lambda n: "-".join(n.values()) or "all")
def test_list_export_and_report_of_one_filter_select_the_same_records(store, dataset, tmp_path, narrow):
    observations = RecordFilter(kind="observation", date_from=PERIOD[0], date_to=PERIOD[1], **narrow)
    seizures = observations.of_kind("seizure")
    listed = listed_ids(store, observations)
    figures = monitoring_figures(store, *PERIOD, narrow.get("country"), narrow.get("platform"))
    assert figures["adverts"] == store.count(observations) == len(listed)
    assert report_ids(store, observations) == listed
    assert exported_ids(store, observations, tmp_path / "observations.csv") == listed
    seized = listed_ids(store, seizures)
    assert figures["seizures"]["count"] == store.count(seizures) == len(seized)
    assert exported_ids(store, seizures, tmp_path / "seizures.csv") == seized
    # the period's bounds are inclusive and leave out the adverts before and after it (and the deleted one)
    everything = listed_ids(store, RecordFilter(kind="observation", **narrow))
    assert listed <= everything
    if not narrow:
        assert len(listed) == 6 and len(everything) == 8 and len(seized) == 3


@pytest.mark.parametrize(
    "narrow",
    [
        {"species_id": SHAMA},
        {"protection": "protected"},
        {"protection": "unknown"},
        {"reported": True, "removed": False},
        {"text": "kicau"},
        {"include_deleted": True},
    ],
    ids=lambda n: "-".join(f"{k}={v}" for k, v in n.items()),
)
def test_a_report_scope_honours_every_field_of_the_filter_as_the_list_does(store, dataset, narrow):
    flt = RecordFilter(kind="observation", **narrow)
    listed = listed_ids(store, flt)
    assert listed, "the dataset should have records for this filter"
    assert report_ids(store, flt) == listed
    assert listed != listed_ids(store, RecordFilter(kind="observation"))  # the field narrowed the list
