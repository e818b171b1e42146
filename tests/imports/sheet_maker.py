"""A coordinator's monitoring spreadsheet as people keep it, generated (seeded) with its truth.

Layout of issue #19: ``observed_at, platform, country, group, seller, url, species, specimen,
quantity, unit, price, currency, reported, removed, account_locked``; adverts from Malaysia and
Indonesia; platforms written as 'Facebook'; species written by scientific or common name (en/id/ms)
in any case and spacing, some not in Pantau's list; dates as Excel date cells, dd/mm/yyyy and
d-MMM-yy; yes/no as Yes, Y, ✓, No or empty; prices partly written 'Rp 1.500.000'. The Indonesian
variant has Indonesian headers and values (ya/tidak, hidup/bagian, '3 Mei 2025').

``make_sheet`` returns the rows' truth, from which a test computes the figures it expects.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass

from desktop.imports.mapping import norm

HEADERS_EN = [
    "observed_at",
    "platform",
    "country",
    "group",
    "seller",
    "url",
    "species",
    "specimen",
    "quantity",
    "unit",
    "price",
    "currency",
    "reported",
    "removed",
    "account_locked",
]
HEADERS_ID = [
    "Tanggal",
    "Platform",
    "Negara",
    "Grup",
    "Penjual",
    "Tautan",
    "Jenis satwa",
    "Spesimen",
    "Jumlah",
    "Satuan",
    "Harga",
    "Mata uang",
    "Dilaporkan",
    "Dihapus",
    "Akun dikunci",
]
LISTED = [
    "kittacincla-malabarica",
    "macaca-fascicularis",
    "manis-javanica",
    "cuora-amboinensis",
    "helarctos-malayanus",
    "pycnonotus-zeylanicus",
    "gracula-religiosa",
    "varanus-salvator",
    "malayopython-reticulatus",
    "cacatua-sulphurea",
    "paradoxurus-hermaphroditus",
    "gekko-gecko",
    "scleropages-formosus",
    "nycticebus-coucang",
]
UNLISTED = [
    "Burung cucak hijau",
    "Kura-kura brazil",
    "Sugar glider",
    "Landak mini",
    "Ikan channa maru",
    "Kucing bengal",
]
PLATFORMS = {
    "MY": ["Facebook", "facebook", "Instagram", "Carousell", "Shopee"],
    "ID": ["Facebook", "Instagram", "Shopee", "Tokopedia", "WhatsApp"],
}
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@dataclass
class Truth:
    country: str
    platform: str
    species_key: str  # listed id, or '~' + the grouped name
    live: int  # live individuals in the row (0 for parts)
    part: bool
    reported: bool
    removed: bool
    locked: bool
    day: dt.date


def _names(ref, species_id: str) -> list[str]:
    """Names of the species that name no other species (so the truth is unambiguous)."""
    owners: dict[str, set] = {}
    for s in ref.species:
        for name in s.all_names():
            owners.setdefault(norm(name), set()).add(s.id)
    entry = ref.species_by_id(species_id)
    return [n for n in entry.all_names() if owners[norm(n)] == {species_id}]


def _spelled(rng, name: str) -> str:
    choice = rng.random()
    if choice < 0.2:
        return name.upper()
    if choice < 0.4:
        return name.lower()
    if choice < 0.5:
        return "  " + name.replace(" ", "  ") + " "
    return name


def make_rows(ref, rows: int = 420, seed: int = 19, lang: str = "en") -> tuple[list[str], list[list], list[Truth]]:
    rng = random.Random(seed)
    names = {sid: _names(ref, sid) for sid in LISTED}
    out, truth = [], []
    yes = ["ya", "Ya", "YA", "y", "✓", "1"] if lang == "id" else ["Yes", "yes", "Y", "✓", "1"]
    no = ["tidak", "Tidak", "", "0", "n"] if lang == "id" else ["No", "no", "", "0", "N"]
    for i in range(rows):
        country = "MY" if rng.random() < 0.45 else "ID"
        platform = rng.choice(PLATFORMS[country])
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 600))
        form = rng.random()
        if form < 0.5:
            written_day: object = dt.datetime(day.year, day.month, day.day)
        elif form < 0.8:
            written_day = day.strftime("%d/%m/%Y")
        else:
            months = MONTHS_ID if lang == "id" else MONTHS_EN
            written_day = f"{day.day}-{months[day.month - 1]}-{day.strftime('%y')}"
        if rng.random() < 0.12:
            unlisted = rng.choice(UNLISTED)
            species_written, key = _spelled(rng, unlisted), "~" + " ".join(unlisted.casefold().split())
        else:
            sid = rng.choice(LISTED)
            species_written, key = _spelled(rng, rng.choice(names[sid])), sid
        part = rng.random() < 0.15
        quantity = rng.randint(1, 6)
        if part:
            specimen = rng.choice(["bagian", "Bagian"] if lang == "id" else ["Part", "part", "parts"])
            unit = "kg" if rng.random() < 0.5 else ""
        else:
            specimen = rng.choice(["hidup", "Hidup"] if lang == "id" else ["Live", "live", "LIVE"])
            unit = "" if rng.random() < 0.7 else ("ekor" if lang == "id" else "")
        if country == "MY":
            currency = rng.choice(["RM", "MYR", "rm"])
            price: object = rng.randint(5, 300) * 10
        else:
            currency = rng.choice(["Rp", "IDR", "rp"])
            amount = rng.randint(2, 400) * 25_000
            price = f"Rp {amount:,}".replace(",", ".") if rng.random() < 0.3 else amount
        if rng.random() < 0.08:
            price, currency = "", ""
        reported = rng.random() < 0.55
        removed = reported and rng.random() < 0.45
        locked = reported and rng.random() < 0.15
        country_written = rng.choice(
            {"MY": ["Malaysia", "MY", "malaysia"], "ID": ["Indonesia", "ID", "indonesia"]}[country]
        )
        out.append(
            [
                written_day,
                platform,
                country_written,
                rng.choice(["", f"Grup Kicau {i % 17}", f"Reptil Club {i % 11}"]),
                f"seller_{rng.randrange(150)}",
                f"https://example.org/{country.lower()}/{i}",
                species_written,
                specimen,
                quantity,
                unit,
                price,
                currency,
                rng.choice(yes) if reported else rng.choice(no),
                rng.choice(yes) if removed else rng.choice(no),
                rng.choice(yes) if locked else rng.choice(no),
            ]
        )
        truth.append(
            Truth(country, platform.lower(), key, 0 if part else quantity, part, reported, removed, locked, day)
        )
    return (HEADERS_ID if lang == "id" else HEADERS_EN), out, truth


def write_sheet(path, headers: list[str], rows: list[list]) -> None:
    """XLSX (date cells stay dates) or CSV by the file's suffix."""
    if str(path).endswith(".xlsx"):
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        book.save(path)
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else v for v in row])


def expected_figures(truth: list[Truth]) -> dict:
    """The figures the monitoring summary must give over every row (all dates, all countries)."""
    keys = {t.species_key for t in truth}
    return {
        "adverts": len(truth),
        "platforms": len({t.platform for t in truth}),
        "live_individuals": sum(t.live for t in truth if not t.part),
        "parts": sum(t.part for t in truth),
        "species": len(keys),
        "species_unidentified": len({k for k in keys if k.startswith("~")}),
        "reported": sum(t.reported for t in truth),
        "removed": sum(t.removed for t in truth),
        "accounts_locked": sum(t.locked for t in truth),
    }
