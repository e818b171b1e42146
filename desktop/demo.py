"""Realistic random demo records (observations, seizures, questionnaire
responses), deterministic for a given seed. Used by ``pantau demo``, the
training sandbox, tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from desktop.domain.records import (
    Observation, QuestionnaireResponse, Record, Seizure, SeizureItem, SpeciesLine,
)

COUNTRY_WEIGHTS = {"ID": 6, "MY": 3, "SG": 1}
CURRENCY = {"ID": "IDR", "MY": "MYR", "SG": "SGD"}
PRICE_RANGE = {"IDR": (150_000, 25_000_000), "MYR": (50, 8_000), "SGD": (30, 5_000)}
GROUPS = {
    "ID": ["Jual Beli Burung Kicau Jabodetabek", "Komunitas Reptil Nusantara", "Pecinta Satwa Eksotis Jatim",
           "Forum Jual Beli Hewan Peliharaan", "Kicau Mania Bandung", "Satwa Langka Jual Cepat"],
    "MY": ["Jual Beli Burung Malaysia", "Haiwan Eksotik Johor", "Reptile Keepers MY", "Burung Kicau Perak"],
    "SG": ["SG Exotic Pets Trading", "Singapore Bird Lovers", "SG Reptile Exchange"],
}
HANDLE_PARTS = ["kicau", "satwa", "exotic", "reptil", "burung", "fauna", "pet", "alam", "rimba", "jaya",
                "mania", "shop", "store", "official", "murah", "kita"]
PROVINCES = {"ID": ["ID-JK", "ID-JB", "ID-JT", "ID-JI", "ID-SU", "ID-RI", "ID-KB", "ID-BA", "ID-SS", "ID-LA"],
             "MY": ["MY-01", "MY-10", "MY-08", "MY-07", "MY-12", "MY-13", "MY-14"],
             "SG": []}
PLATFORMS = ["facebook", "facebook", "facebook", "shopee", "tokopedia", "bukalapak", "lazada", "kaskus",
             "instagram", "carousell", "whatsapp", "telegram"]
DETECTION = ["x-ray", "tip-off", "online monitoring", "routine inspection", "sniffer dog"]
TRANSPORT = ["courier", "air", "road", "sea", "post"]
TERMS_LIVE = ["LIV"]
TERMS_PART = ["SKI", "SCA", "BON", "TEE", "CLA", "FEA", "SKU", "MEA"]


class DemoGenerator:
    def __init__(self, ref, seed: int = 1, today: dt.date | None = None):
        self.rng = random.Random(seed)
        self.ref = ref
        self.today = today or dt.date.today()
        self.species = [s.id for s in ref.species]
        self.platforms = [p for p in PLATFORMS if any(x.id == p for x in ref.platforms)] or \
            [p.id for p in ref.platforms]
        subdivisions = {s.code for s in ref.subdivisions}
        self.provinces = {c: [p for p in codes if p in subdivisions] for c, codes in PROVINCES.items()}

    def _country(self) -> str:
        return self.rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]

    def _date(self, days: int = 540) -> str:
        return (self.today - dt.timedelta(days=self.rng.randint(0, days))).isoformat()

    def _handle(self) -> str:
        r = self.rng
        return f"{r.choice(HANDLE_PARTS)}{r.choice(HANDLE_PARTS)}{r.randint(1, 999)}"

    def observation(self) -> Observation:
        r = self.rng
        country = self._country()
        platform = r.choice(self.platforms)
        currency = CURRENCY[country]
        low, high = PRICE_RANGE[currency]
        handle = self._handle()
        lines = []
        for _ in range(r.choices([1, 2, 3], weights=[8, 2, 1])[0]):
            live = r.random() < 0.75
            lines.append(SpeciesLine(species_id=r.choice(self.species), specimen="live" if live else "part",
                                     quantity=str(r.choice([1, 1, 1, 2, 2, 3, 4, 5, 10])), unit="",
                                     term="LIV" if live else r.choice(TERMS_PART)))
        reported = r.random() < 0.55
        removed = reported and r.random() < 0.6
        price = Decimal(r.randint(low, high)).quantize(Decimal(1))
        if currency == "IDR":
            price = (price / 1000).quantize(Decimal(1)) * 1000
        provinces = self.provinces.get(country) or [""]
        return Observation(
            observed_at=self._date(), platform=platform, country=country,
            url=f"https://www.{platform}.com/{handle}/posts/{r.randint(10**9, 10**10)}",
            group_name=r.choice(GROUPS[country]), seller_handle=handle,
            seller_name=handle.capitalize(), species=lines, price=str(price), currency=currency,
            price_text=str(price), seller_location=r.choice(provinces), reported=reported,
            removed=removed, account_locked=removed and r.random() < 0.3,
            notes=r.choice(["", "", "COD available", "Sent via courier", "Bisa kirim luar kota",
                            "Seller says captive bred", "Photo shows cage"]))

    def seizure(self) -> Seizure:
        r = self.rng
        country = self._country()
        currency = CURRENCY[country]
        items = []
        for _ in range(r.choice([1, 1, 2, 3])):
            live = r.random() < 0.6
            items.append(SeizureItem(species_id=r.choice(self.species),
                                     term="LIV" if live else r.choice(TERMS_PART),
                                     quantity=str(r.randint(1, 40)), unit="" if live else r.choice(["", "KIL"])))
        provinces = self.provinces.get(country) or [""]
        return Seizure(
            seizure_date=self._date(), country=country, subdivision=r.choice(provinces),
            place=r.choice(["Port", "Airport cargo terminal", "Courier depot", "Market", "Residence"]),
            agency="", case_reference=f"{country}-{r.randint(2024, 2026)}-{r.randint(1, 9999):04d}",
            detection_method=r.choice(DETECTION), transport_mode=r.choice(TRANSPORT),
            suspects_count=r.randint(0, 4), suspects_initials=" ".join(
                f"{r.choice('ABDHIJKMRSTWY')}.{r.choice('ABDHIJKMRSTWY')}." for _ in range(r.randint(0, 2))),
            items=items, estimated_value=str(r.randint(*PRICE_RANGE[currency]) * 10), currency=currency,
            legal_status=r.choice(["investigation", "investigation", "charged", "convicted", "released"]))

    def response(self) -> QuestionnaireResponse:
        r = self.rng
        country = self._country()
        return QuestionnaireResponse(
            form_id="needs_assessment", form_version="2026.1", language=r.choice(["en", "id", "ms"]),
            respondent_country=country,
            respondent_agency=r.choice(["police", "customs", "prosecution", "judiciary", "forestry", "wildlife"]),
            respondent_role=r.choice(["junior", "middle", "senior"]),
            answers={"years_service": r.randint(0, 35)}, status=r.choice(["draft", "complete", "complete"]))

    def records(self, count: int) -> list[Record]:
        out: list[Record] = []
        for _ in range(count):
            roll = self.rng.random()
            out.append(self.observation() if roll < 0.8 else self.seizure() if roll < 0.95 else self.response())
        return out


def fill(store, count: int, seed: int = 1, chunk: int = 5000, progress=None) -> int:
    """Add ``count`` demo records to ``store`` in transactions of ``chunk`` records."""
    gen = DemoGenerator(store.ref, seed)
    done = 0
    while done < count:
        batch = gen.records(min(chunk, count - done))
        store.save_new_many(batch)
        done += len(batch)
        if progress:
            progress(done, count)
    return done
