"""Hostile or mistyped values are refused with a message next to the field (issue #17, item 7):
NUL and control characters, amounts like 1e999, year-1800 dates and time-stamps in date fields."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.records import Observation, Seizure, SeizureItem, SpeciesLine
from desktop.errors import ValidationFailed


def observation(**kw) -> Observation:
    base = dict(
        observed_at=dt.date.today().isoformat(),
        platform="facebook",
        country="ID",
        url="https://www.facebook.com/groups/x/posts/1",
        species=[SpeciesLine(species_id="manis-javanica", quantity="2")],
        price="150000",
        currency="IDR",
    )
    base.update(kw)
    return Observation(**base)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"seller_name": "abc\x00def"}, "seller_name"),
        ({"notes": "bell\x07"}, "notes"),
        ({"species": [SpeciesLine(other_name="bird\x1b[31m", quantity="1")]}, "species[0].other_name"),
        ({"price": "1e999"}, "price"),
        ({"price": "1000000000000000"}, "price"),
        ({"species": [SpeciesLine(species_id="manis-javanica", quantity="1E+20")]}, "species[0].quantity"),
        ({"observed_at": "1800-01-01"}, "observed_at"),
        ({"observed_at": "2024-05-01T10:00:00"}, "observed_at"),
        ({"observed_at": "2024-05-01 junk"}, "observed_at"),
        ({"reported_on": "1900-12-31", "reported": True}, "reported_on"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(store, changes, field):
    with pytest.raises(ValidationFailed) as caught:
        store.save(observation(**changes), accept_warnings=True)
    assert field in {p.field for p in caught.value.problems}
    assert store.stats()["total"] == 0


def test_seizure_dates_and_values_are_bounded(store):
    bad = Seizure(
        seizure_date="1850-03-03",
        country="ID",
        agency="id-polri",
        estimated_value="9" * 30,
        currency="IDR",
        case_reference="A\x00B",
        items=[SeizureItem(species_id="manis-javanica", term="LIV", quantity="2")],
    )
    with pytest.raises(ValidationFailed) as caught:
        store.save(bad)
    assert {"seizure_date", "estimated_value", "case_reference"} <= {p.field for p in caught.value.problems}


def test_ordinary_text_and_values_still_pass(store):
    saved = store.save(
        observation(notes="Line one\nline two\ttabbed", price="999999999999", observed_at="1975-01-01"),
        accept_warnings=True,
    )
    assert store.get("observation", saved.id).notes == "Line one\nline two\ttabbed"
