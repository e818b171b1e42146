"""A fixed, hand-made dataset whose every figure is worked out by hand in the tests."""

from __future__ import annotations

from desktop.domain.records import Observation, Seizure, SeizureItem, SpeciesLine

PERIOD = ("2025-04-01", "2025-09-30")
SHAMA, CIVET, MACAQUE = "kittacincla-malabarica", "paradoxurus-hermaphroditus", "macaca-fascicularis"
PANGOLIN, BOX_TURTLE, TIGER, JUNGLEFOWL = (
    "manis-javanica",
    "cuora-amboinensis",
    "panthera-tigris-sumatrae",
    "gallus-gallus",
)


def live(species_id: str, n: int) -> SpeciesLine:
    return SpeciesLine(species_id=species_id, specimen="live", quantity=str(n), term="LIV")


def build_dataset(store) -> dict:
    """Observations O1-O6 in the period, O7 after it, O8 deleted, O9 before it; seizures S1-S3 in it, S4 after."""
    o = {}

    def save(record):
        return store.save(record, accept_warnings=True)

    o["O1"] = save(
        Observation(
            observed_at="2025-04-10",
            platform="facebook",
            country="MY",
            seller_handle="shama_my",
            group_name="Burung Kicau Perak",
            species=[live(SHAMA, 3)],
            price="850",
            currency="MYR",
            seller_location="MY-08",
            reported=True,
            removed=True,
            account_locked=True,
            url="https://www.facebook.com/groups/kicauperak/posts/1",
            contacts=["+60123456789"],
            handles=["wa:+60123456789", "ig:shama_perak"],
            keyword="murai batu",
        )
    )
    o["O2"] = save(
        Observation(
            observed_at="2025-05-15",
            platform="facebook",
            country="MY",
            seller_handle="Shama_MY",
            group_name="burung kicau perak",
            species=[live(CIVET, 2), live(MACAQUE, 1)],
            price="600",
            currency="MYR",
            reported=True,
            removed=True,
            notes="Same seller as before",
        )
    )
    o["O3"] = save(
        Observation(
            observed_at="2025-06-20",
            platform="shopee",
            country="ID",
            seller_handle="kicau_id",
            species=[live(SHAMA, 5)],
            price="1500000",
            currency="IDR",
            reported=True,
            seller_location="ID-JB",
        )
    )
    o["O4"] = save(
        Observation(
            observed_at="2025-07-01",
            platform="shopee",
            country="ID",
            seller_handle="kicau_id",
            species=[SpeciesLine(species_id=PANGOLIN, specimen="part", quantity="2", unit="KIL", term="SCA")],
            price="3000000",
            currency="IDR",
        )
    )
    o["O5"] = save(
        Observation(
            observed_at="2025-08-05",
            platform="tokopedia",
            country="ID",
            seller_handle="reptil88",
            group_name="Komunitas Reptil Nusantara",
            species=[live(BOX_TURTLE, 10)],
            price="250000",
            currency="IDR",
            reported=True,
            removed=True,
        )
    )
    o["O6"] = save(
        Observation(
            observed_at="2025-09-30",
            platform="facebook",
            country="SG",
            seller_handle="sgpets",
            species=[SpeciesLine(other_name="Unknown parrot", specimen="live", quantity="1")],
        )
    )
    o["O7"] = save(
        Observation(
            observed_at="2025-10-01",
            platform="facebook",
            country="MY",
            seller_handle="late",
            species=[live(JUNGLEFOWL, 4)],
        )
    )
    o["O8"] = save(
        Observation(
            observed_at="2025-05-01",
            platform="lazada",
            country="ID",
            seller_handle="deleted",
            species=[live(JUNGLEFOWL, 7)],
        )
    )
    store.delete("observation", o["O8"].id)
    o["O9"] = save(
        Observation(
            observed_at="2025-03-31",
            platform="kaskus",
            country="ID",
            seller_handle="early",
            species=[live(JUNGLEFOWL, 9)],
        )
    )
    s = {}
    s["S1"] = save(
        Seizure(
            seizure_date="2025-05-20",
            country="ID",
            subdivision="ID-JB",
            place="Courier depot",
            agency="id-polri",
            case_reference="ID-2025-0001",
            items=[
                SeizureItem(species_id=PANGOLIN, term="SCA", quantity="12", unit="KIL"),
                SeizureItem(species_id=TIGER, term="SKI", quantity="1"),
            ],
            estimated_value="90000000",
            currency="IDR",
            detection_method="x-ray",
            transport_mode="courier",
            notes="Sender advertised as kicau_id",
        )
    )
    s["S2"] = save(
        Seizure(
            seizure_date="2025-05-25",
            country="MY",
            subdivision="MY-01",
            items=[SeizureItem(species_id=SHAMA, term="LIV", quantity="30")],
        )
    )
    s["S3"] = save(
        Seizure(
            seizure_date="2025-09-01",
            country="ID",
            items=[SeizureItem(other_name="Unidentified bird", term="LIV", quantity="5")],
        )
    )
    s["S4"] = save(
        Seizure(
            seizure_date="2025-12-01",
            country="ID",
            subdivision="ID-JI",
            place="Port",
            agency="id-polri",
            case_reference="ID-2025-0099",
            detection_method="x-ray",
            transport_mode="sea",
            concealment_method="boxes",
            origin_country="MY",
            destination_country="CN",
            transit_countries="SG TH",
            offender_nationality="ID",
            suspects_count=2,
            legal_status="charged",
            law_sections="UU 5/1990 Pasal 21",
            items=[
                SeizureItem(species_id=JUNGLEFOWL, term="LIV", quantity="4"),
                SeizureItem(species_id=BOX_TURTLE, term="LIV", quantity="2"),
            ],
            estimated_value="5000000",
            currency="IDR",
        )
    )
    return {**o, **s}
