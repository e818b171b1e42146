"""Validation: every rule, every problem at once, messages in English and Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.records import Observation, QuestionnaireResponse, Seizure, SeizureItem, SpeciesLine
from desktop.domain.rules import validate
from desktop.i18n import set_language

TODAY = dt.date(2026, 6, 1)


def good_observation(**kw):
    base = dict(
        observed_at="2026-05-30",
        platform="shopee",
        country="ID",
        url="https://shopee.co.id/p/1",
        species=[SpeciesLine(species_id="manis-javanica", specimen="part", quantity="1", unit="KIL")],
        price="150000",
        currency="IDR",
        seller_location="ID-JK",
    )
    base.update(kw)
    return Observation(**base)


def good_seizure(**kw):
    base = dict(
        seizure_date="2026-05-01",
        country="MY",
        subdivision="MY-01",
        items=[SeizureItem(species_id="manis-javanica", term="SCA", quantity="3", unit="KIL")],
        estimated_value="1000",
        currency="MYR",
        legal_status="charged",
        suspects_count=1,
    )
    base.update(kw)
    return Seizure(**base)


def fields(problems):
    return {p.field for p in problems if p.is_error}


def test_valid_records_have_no_problems(ref):
    assert validate(good_observation(), ref, TODAY) == []
    assert validate(good_seizure(), ref, TODAY) == []
    assert validate(QuestionnaireResponse(form_id="f", form_version="1"), ref, TODAY) == []


@pytest.mark.parametrize(
    "change, field",
    [
        ({"observed_at": "2026-06-02"}, "observed_at"),  # future date
        ({"observed_at": "31/05/2026"}, "observed_at"),  # malformed date
        ({"observed_at": ""}, "observed_at"),  # missing
        ({"platform": "friendster"}, "platform"),
        ({"country": "ZZZ"}, "country"),
        ({"url": "shopee.co.id/p/1"}, "url"),  # no scheme
        ({"url": "https://"}, "url"),
        ({"url": "ftp://x.org/a"}, "url"),
        ({"price": "-10"}, "price"),  # negative
        ({"price": "abc"}, "price"),
        ({"currency": "XYZ"}, "currency"),  # unknown currency
        ({"price": "100", "currency": ""}, "currency"),
        ({"seller_location": "MY-01"}, "seller_location"),  # state of another country
        ({"species": []}, "species"),
        ({"species": [SpeciesLine(species_id="unicornus-magnificus")]}, "species[0].species_id"),
        ({"species": [SpeciesLine(species_id="", other_name="")]}, "species[0].species_id"),
        ({"species": [SpeciesLine(species_id="manis-javanica", quantity="-2")]}, "species[0].quantity"),
        ({"species": [SpeciesLine(species_id="manis-javanica", quantity="0")]}, "species[0].quantity"),
        ({"species": [SpeciesLine(species_id="manis-javanica", unit="BUCKETS")]}, "species[0].unit"),
        ({"species": [SpeciesLine(species_id="manis-javanica", specimen="ghost")]}, "species[0].specimen"),
    ],
)
def test_observation_rules(ref, change, field):
    assert field in fields(validate(good_observation(**change), ref, TODAY))


def test_other_species_with_a_name_is_accepted(ref):
    rec = good_observation(species=[SpeciesLine(other_name="Kura-kura moncong babi", quantity="1")])
    assert validate(rec, ref, TODAY) == []


@pytest.mark.parametrize(
    "change, field",
    [
        ({"seizure_date": "2030-01-01"}, "seizure_date"),
        ({"items": []}, "items"),
        ({"items": [SeizureItem(species_id="manis-javanica", term="XXX", quantity="1")]}, "items[0].term"),
        ({"items": [SeizureItem(species_id="manis-javanica", term="SCA", quantity="-1")]}, "items[0].quantity"),
        ({"suspects_count": -1}, "suspects_count"),
        ({"legal_status": "forgiven"}, "legal_status"),
        ({"estimated_value": "1000", "currency": "ABC"}, "currency"),
        ({"origin_country": "QQ"}, "origin_country"),
        ({"transit_countries": "SG QQ"}, "transit_countries"),
    ],
)
def test_seizure_rules(ref, change, field):
    assert field in fields(validate(good_seizure(**change), ref, TODAY))


def test_response_rules(ref):
    problems = validate(QuestionnaireResponse(form_id="", form_version="", status="lost"), ref, TODAY)
    assert fields(problems) == {"form_id", "form_version", "status"}


def test_every_problem_reported_at_once(ref):
    rec = good_observation(observed_at="2099-01-01", platform="x", country="", price="-1", species=[])
    assert fields(validate(rec, ref, TODAY)) >= {"observed_at", "platform", "country", "price", "species"}


def test_removed_but_not_reported_is_a_warning(ref):
    problems = validate(good_observation(removed=True), ref, TODAY)
    assert [p.severity for p in problems] == ["warning"]


def test_messages_in_english_and_indonesian(ref):
    rec = good_observation(observed_at="2026-06-02", currency="XYZ")
    set_language("en")
    english = {p.field: p.message for p in validate(rec, ref, TODAY)}
    assert english["observed_at"] == "The date cannot be in the future."
    assert english["currency"] == "Unknown currency 'XYZ'."
    set_language("id")
    indonesian = {p.field: p.message for p in validate(rec, ref, TODAY)}
    assert indonesian["observed_at"] == "Tanggal tidak boleh di masa depan."
    assert "XYZ" in indonesian["currency"] and indonesian["currency"] != english["currency"]
