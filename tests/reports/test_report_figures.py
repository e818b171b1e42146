"""Every monitoring figure on the hand-made dataset (see conftest.py for the records)."""

from __future__ import annotations

import json

from desktop.reports.figures import monitoring_figures
from tests.reports.dataset import BOX_TURTLE, CIVET, MACAQUE, PANGOLIN, PERIOD, SHAMA


def test_every_figure_for_all_countries(store, dataset):
    f = monitoring_figures(store, *PERIOD)
    json.dumps(f)  # JSON-ready
    assert f["period"] == {"from": "2025-04-01", "to": "2025-09-30"}
    assert f["adverts"] == 6  # O1-O6; O7 after, O8 deleted, O9 before
    assert f["platforms"] == 3  # facebook, shopee, tokopedia
    assert f["seller_accounts"] == 4  # shama_my = Shama_MY; kicau_id; reptil88; sgpets
    assert f["groups"] == 2  # Burung Kicau Perak (any case); Komunitas Reptil Nusantara
    assert f["live_individuals"] == 22  # 3 + 2 + 1 + 5 + 10 + 1
    assert f["parts"] == 1
    assert f["parts_by_unit"] == [{"unit": "KIL", "quantity": 2, "lines": 1}]
    assert f["species"] == 6  # 5 listed + 1 named only in words (not verified)
    assert f["species_unidentified"] == 1
    assert (f["reported"], f["removed"], f["accounts_locked"]) == (4, 3, 1)
    assert (f["reported_removed"], f["reported_locked"]) == (3, 1)
    # each advert's own country: the shama is protected in MY-PEN and not protected in ID (since 2019)
    assert f["species_by_protection"] == {"protected": 4, "not_protected": 2}
    assert f["species_by_taxon_group"] == {
        "mammal": {"species": 3, "share": 0.6},
        "bird": {"species": 1, "share": 0.2},
        "reptile": {"species": 1, "share": 0.2},
    }
    assert f["by_platform"] == {
        "facebook": {
            "name": "Facebook",
            "adverts": 3,
            "reported": 2,
            "removed": 2,
            "accounts_locked": 1,
            "live_individuals": 7,
        },
        "shopee": {
            "name": "Shopee",
            "adverts": 2,
            "reported": 1,
            "removed": 0,
            "accounts_locked": 0,
            "live_individuals": 5,
        },
        "tokopedia": {
            "name": "Tokopedia",
            "adverts": 1,
            "reported": 1,
            "removed": 1,
            "accounts_locked": 0,
            "live_individuals": 10,
        },
    }
    top = [(s["species_id"], s["live_individuals"], s["adverts"], s["part_lines"]) for s in f["top_species"]]
    # the species named only in words counts among the species, not verified
    assert top == [
        (BOX_TURTLE, 10, 1, 0),
        (SHAMA, 8, 2, 0),
        (CIVET, 2, 1, 0),
        (MACAQUE, 1, 1, 0),
        ("", 1, 1, 0),
        (PANGOLIN, 0, 1, 1),
    ]
    assert [s["verified"] for s in f["top_species"]] == [True, True, True, True, False, True]
    assert f["species_not_verified"] == [{"name": f["top_species"][4]["name"], "adverts": 1}]
    assert f["top_species"][0]["name"] == "Southeast Asian box turtle"
    assert f["rates_source"] == "database"
    prices = {
        (p["species_id"], p["currency"]): (p["adverts"], p["min"], p["max"], p["min_usd"], p["max_usd"])
        for p in f["price_range_by_species"]
    }
    assert prices == {
        (SHAMA, "MYR"): (1, 850, 850, 212.5, 212.5),  # O2 lists two species: left out
        (SHAMA, "IDR"): (1, 1500000, 1500000, 75.0, 75.0),
        (PANGOLIN, "IDR"): (1, 3000000, 3000000, 150.0, 150.0),
        (BOX_TURTLE, "IDR"): (1, 250000, 250000, 12.5, 12.5),
    }
    assert f["seizures"]["count"] == 3
    assert f["seizures"]["by_month"] == {
        "2025-04": 0,
        "2025-05": 2,
        "2025-06": 0,
        "2025-07": 0,
        "2025-08": 0,
        "2025-09": 1,
    }
    assert f["seizures"]["live_individuals"] == 35  # 30 shamas + 5 unidentified birds
    assert f["seizures"]["species"] == 4  # 3 listed + the birds named only in words


def test_country_filter_uses_its_own_law(store, dataset):
    my = monitoring_figures(store, *PERIOD, country="MY")
    assert my["jurisdiction"] == "MY-PEN"
    assert (my["adverts"], my["seller_accounts"], my["live_individuals"], my["species"]) == (2, 1, 6, 3)
    assert my["species_by_protection"] == {"protected": 3}
    assert my["seizures"]["count"] == 1
    indonesia = monitoring_figures(store, *PERIOD, country="ID")
    assert indonesia["species_by_protection"] == {"not_protected": 2, "protected": 1}
    assert indonesia["adverts"] == 3 and indonesia["seizures"]["count"] == 2


def test_platform_filter(store, dataset):
    f = monitoring_figures(store, *PERIOD, platform="shopee")
    assert (f["adverts"], f["platforms"], f["seller_accounts"], f["live_individuals"], f["parts"]) == (2, 1, 1, 5, 1)
    assert list(f["by_platform"]) == ["shopee"]


def test_protection_on_the_advert_date(store):
    from desktop.domain.records import Observation
    from tests.reports.dataset import live

    store.save(
        accept_warnings=True,
        record=Observation(
            observed_at="2018-08-01", platform="facebook", country="ID", seller_handle="a", species=[live(SHAMA, 1)]
        ),
    )
    f = monitoring_figures(store, "2018-01-01", "2018-12-31", country="ID")
    assert f["species_by_protection"] == {"protected": 1}  # P.20/2018 was in force that day


def test_builtin_rates_without_database_rates(store):
    from tests.reports.dataset import build_dataset

    build_dataset(store)
    f = monitoring_figures(store, *PERIOD)
    assert f["rates_source"] == "builtin"
    myr = next(p for p in f["price_range_by_species"] if p["currency"] == "MYR")
    assert myr["max_usd"] == round(850 / 4.35, 2)


def test_empty_period(store, dataset):
    f = monitoring_figures(store, "2020-01-01", "2020-01-31")
    assert f["adverts"] == 0 and f["live_individuals"] == 0 and f["species_by_protection"] == {}
    assert f["top_species"] == [] and f["seizures"]["by_month"] == {"2020-01": 0}
