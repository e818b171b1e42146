"""Record.to_dict gives exactly what dataclasses.asdict gives, and copies what it must."""

from __future__ import annotations

from dataclasses import asdict

from desktop.domain.records import EvidenceRef, Observation, QuestionnaireResponse, Seizure, SeizureItem, SpeciesLine


def _expected(record) -> dict:
    data = asdict(record)
    data["kind"] = record.kind
    data["deleted"] = bool(record.deleted)
    return data


def test_to_dict_equals_asdict_for_every_kind():
    evidence = [EvidenceRef(sha256="ab" * 32, filename="shot.png", size=12)]
    records = [
        Observation(
            id="o1",
            revision=2,
            observed_at="2025-04-03",
            species=[SpeciesLine(species_id="manis-javanica", quantity="2.5", unit="KIL"), SpeciesLine(other_name="x")],
            evidence=evidence,
            contacts=["0812"],
            handles=["ig:kicau"],
            reported=True,
        ),
        Seizure(id="s1", items=[SeizureItem(species_id="gekko-gecko", term="LIV")], suspects_count=3),
        QuestionnaireResponse(id="r1", answers={"q1": ["a", "b"], "q2": {"n": 1, "x": None}, "q3": 2.5}),
    ]
    for record in records:
        data = record.to_dict()
        assert data == _expected(record) and list(data)[:-1] == list(_expected(record))[:-1]
    # nothing is shared with the record: changing the dict leaves the record as it was
    data = records[0].to_dict()
    data["species"][0]["quantity"] = "9"
    data["contacts"].append("0813")
    answers = records[2].to_dict()["answers"]
    answers["q1"].append("c")
    assert records[0].species[0].quantity == "2.5" and records[0].contacts == ["0812"]
    assert records[2].answers["q1"] == ["a", "b"]
