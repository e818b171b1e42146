"""Realistic random demo records (observations, seizures, questionnaire
responses), deterministic for a given seed. Used by ``pantau demo``, the
training sandbox, tests and benchmarks.

Besides the records, ``fill`` saves monitoring sessions (platform, date, times,
officer, keywords) and links a share of the observations to a session and to
the keyword that found them. About one advert in sixteen carries a phone number,
some other accounts (WhatsApp, Instagram, Telegram, shop); a few sellers
(:data:`NETWORK_ADVERTS`) share one number written in different ways on
different platforms, so the link suggestions find them. Those extras come from
a second random stream, so the records' other fields are as before.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import nullcontext
from decimal import Decimal

from desktop.domain.ids import new_id
from desktop.domain.records import Observation, QuestionnaireResponse, Record, Seizure, SeizureItem, SpeciesLine
from desktop.intel.keywords import shipped_keywords
from desktop.intel.sessions import MonitoringSession, save_session
from desktop.progress import Progress

COUNTRY_WEIGHTS = {"ID": 6, "MY": 3, "SG": 1}
CURRENCY = {"ID": "IDR", "MY": "MYR", "SG": "SGD"}
PRICE_RANGE = {"IDR": (150_000, 25_000_000), "MYR": (50, 8_000), "SGD": (30, 5_000)}
GROUPS = {
    "ID": [
        "Jual Beli Burung Kicau Jabodetabek",
        "Komunitas Reptil Nusantara",
        "Pecinta Satwa Eksotis Jatim",
        "Forum Jual Beli Hewan Peliharaan",
        "Kicau Mania Bandung",
        "Satwa Langka Jual Cepat",
    ],
    "MY": ["Jual Beli Burung Malaysia", "Haiwan Eksotik Johor", "Reptile Keepers MY", "Burung Kicau Perak"],
    "SG": ["SG Exotic Pets Trading", "Singapore Bird Lovers", "SG Reptile Exchange"],
}
HANDLE_PARTS = [
    "kicau",
    "satwa",
    "exotic",
    "reptil",
    "burung",
    "fauna",
    "pet",
    "alam",
    "rimba",
    "jaya",
    "mania",
    "shop",
    "store",
    "official",
    "murah",
    "kita",
]
PROVINCES = {
    "ID": ["ID-JK", "ID-JB", "ID-JT", "ID-JI", "ID-SU", "ID-RI", "ID-KB", "ID-BA", "ID-SS", "ID-LA"],
    "MY": ["MY-01", "MY-10", "MY-08", "MY-07", "MY-12", "MY-13", "MY-14"],
    "SG": [],
}
PLATFORMS = [
    "facebook",
    "facebook",
    "facebook",
    "shopee",
    "tokopedia",
    "bukalapak",
    "lazada",
    "kaskus",
    "instagram",
    "carousell",
    "whatsapp",
    "telegram",
]
DETECTION = ["x-ray", "tip-off", "online monitoring", "routine inspection", "sniffer dog"]
TRANSPORT = ["courier", "air", "road", "sea", "post"]
TERMS_LIVE = ["LIV"]
TERMS_PART = ["SKI", "SCA", "BON", "TEE", "CLA", "FEA", "SKU", "MEA"]
OFFICERS = ["Rina Susanti", "Ahmad Fauzi", "Dewi Lestari", "Budi Hartono", "Nurul Izzah", "Tan Wei Ming"]
SESSION_PLATFORMS = ["facebook", "facebook", "facebook", "shopee", "tokopedia", "instagram", "carousell", "kaskus"]
SESSION_LANGUAGE = {"carousell": "en"}  # the others are searched in Bahasa Indonesia or Malay
ADVERTS_PER_SESSION = 15
LINKED_SHARE = 0.3  # at most this share of adverts is found in a session
CONTACT_SHARE = 0.06
HANDLE_SHARE = 0.03
# Sellers linked by one number written in different ways (platform, country, number as written,
# other accounts, species, days ago); each line is one advert.
NETWORK_ADVERTS = [
    ("kicau_jaya88", "Kicau Jaya", "facebook", "ID", "0812-7731-4410", [], "kittacincla-malabarica", 40),
    ("kicau_jaya88", "Kicau Jaya", "facebook", "ID", "0812-7731-4410", [], "kittacincla-malabarica", 12),
    (
        "kicaujaya.shop",
        "KicauJaya Shop",
        "instagram",
        "ID",
        "+62 812 7731 4410",
        ["wa:0812 7731 4410"],
        "kittacincla-malabarica",
        9,
    ),
    ("kj_birdhouse", "KJ Birdhouse", "shopee", "ID", "6281277314410", [], "pycnonotus-zeylanicus", 4),
    ("sisik_murah", "Sisik Murah", "tokopedia", "ID", "0857 2290 1187", [], "manis-javanica", 30),
    (
        "obat_herbal_jkt",
        "Obat Herbal Jakarta",
        "facebook",
        "ID",
        "+62 857-2290-1187",
        ["tg:sisikmurah"],
        "manis-javanica",
        21,
    ),
    ("exotic_pets_jb", "Exotic Pets JB", "facebook", "MY", "012-448 9021", [], "nycticebus-coucang", 18),
    (
        "jb_reptile_house",
        "JB Reptile House",
        "carousell",
        "MY",
        "+60 12-448 9021",
        ["ig:jb_reptile_house"],
        "varanus-salvator",
        11,
    ),
    ("sg_rare_birds", "SG Rare Birds", "carousell", "SG", "9134 2276", [], "cacatua-sulphurea", 15),
    ("rarebirds.sg", "Rare Birds SG", "instagram", "SG", "+65 9134 2276", [], "cacatua-sulphurea", 7),
]


class DemoGenerator:
    def __init__(self, ref, seed: int = 1, today: dt.date | None = None):
        self.rng = random.Random(seed)
        self.ref = ref
        self.today = today or dt.date.today()
        self.species = [s.id for s in ref.species]
        self.platforms = [p for p in PLATFORMS if any(x.id == p for x in ref.platforms)] or [
            p.id for p in ref.platforms
        ]
        subdivisions = {s.code for s in ref.subdivisions}
        self.provinces = {c: [p for p in codes if p in subdivisions] for c, codes in PROVINCES.items()}
        self.extra = random.Random(seed * 7919 + 13)  # sessions, contacts and handles
        self.followup_rng = random.Random(seed * 104729 + 7)  # report and check dates of reported adverts
        self.sessions: list[MonitoringSession] = []
        self.linked_share = 0.0
        self.pending: list[Observation] = self.network_adverts()

    def _country(self) -> str:
        return self.rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]

    def _date(self, days: int = 540) -> str:
        return (self.today - dt.timedelta(days=self.rng.randint(0, days))).isoformat()

    def _followup(self, observation: Observation) -> None:
        """A reported advert's report date (0-3 days after it was seen, never after today) and, when it
        was removed, the check that found it so (1-21 days later): the Follow-up page, the dashboard and
        the time to removal then tell the same story. Its due date follows from the report date (save)."""
        f = self.followup_rng
        seen = dt.date.fromisoformat(observation.observed_at[:10])
        reported_on = min(self.today, seen + dt.timedelta(days=f.randint(0, 3)))
        observation.reported_on = reported_on.isoformat()
        if observation.removed or observation.account_locked:
            checked = min(self.today, reported_on + dt.timedelta(days=f.randint(1, 21)))
            observation.followup_outcome = "account_locked" if observation.account_locked else "removed"
            observation.followup_checked_on = checked.isoformat()

    def _handle(self) -> str:
        r = self.rng
        return f"{r.choice(HANDLE_PARTS)}{r.choice(HANDLE_PARTS)}{r.randint(1, 999)}"

    def observation(self) -> Observation:
        r = self.rng
        country = self._country()
        platform = r.choice(self.platforms)
        session = (
            self.extra.choice(self.sessions) if self.sessions and self.extra.random() < self.linked_share else None
        )
        if session is not None:
            platform = session.platform
        currency = CURRENCY[country]
        low, high = PRICE_RANGE[currency]
        handle = self._handle()
        lines = []
        for _ in range(r.choices([1, 2, 3], weights=[8, 2, 1])[0]):
            live = r.random() < 0.75
            lines.append(
                SpeciesLine(
                    species_id=r.choice(self.species),
                    specimen="live" if live else "part",
                    quantity=str(r.choice([1, 1, 1, 2, 2, 3, 4, 5, 10])),
                    unit="",
                    term="LIV" if live else r.choice(TERMS_PART),
                )
            )
        reported = r.random() < 0.55
        removed = reported and r.random() < 0.6
        price = Decimal(r.randint(low, high)).quantize(Decimal(1))
        if currency == "IDR":
            price = (price / 1000).quantize(Decimal(1)) * 1000
        provinces = self.provinces.get(country) or [""]
        day = self._date()
        observation = Observation(
            observed_at=session.session_date if session else day,
            platform=platform,
            country=country,
            url=f"https://www.{platform}.com/{handle}/posts/{r.randint(10**9, 10**10)}",
            group_name=r.choice(GROUPS[country]),
            seller_handle=handle,
            seller_name=handle.capitalize(),
            species=lines,
            price=str(price),
            currency=currency,
            price_text=str(price),
            seller_location=r.choice(provinces),
            reported=reported,
            removed=removed,
            account_locked=removed and r.random() < 0.3,
            notes=r.choice(
                [
                    "",
                    "",
                    "COD available",
                    "Sent via courier",
                    "Bisa kirim luar kota",
                    "Seller says captive bred",
                    "Photo shows cage",
                ]
            ),
        )
        if session is not None:
            observation.session_id, observation.keyword = session.id, self._keyword(session, lines)
        self._contacts(observation)
        if reported:
            self._followup(observation)
        return observation

    # -- extras: sessions, contacts, sellers sharing a number ------------------------------
    def make_sessions(self, count: int) -> list[MonitoringSession]:
        """``count`` monitoring sessions over the last six months; later observations link to them."""
        x = self.extra
        words: dict[tuple[str, str], list[dict]] = {}
        for row in shipped_keywords(self.ref):
            words.setdefault((row["language"], row["kind"]), []).append(row)
        known = {p.id for p in self.ref.platforms}
        platforms = [p for p in SESSION_PLATFORMS if p in known] or sorted(known)
        self.sessions = []
        for _ in range(count):
            platform = x.choice(platforms)
            language = SESSION_LANGUAGE.get(platform, x.choice(["id", "id", "id", "ms"]))
            species = words.get((language, "species"), [])
            sale = words.get((language, "sale"), [])
            keywords = [w["keyword"] for w in x.sample(species, min(len(species), x.randint(3, 8)))]
            keywords += [w["keyword"] for w in x.sample(sale, min(len(sale), x.randint(1, 3)))]
            start = x.randint(8 * 4, 16 * 4) * 15
            end = start + x.choice([45, 60, 90, 120, 150, 180])
            self.sessions.append(
                MonitoringSession(
                    id=new_id(),
                    platform=platform,
                    session_date=(self.today - dt.timedelta(days=x.randint(1, 180))).isoformat(),
                    start_time=f"{start // 60:02d}:{start % 60:02d}",
                    end_time=f"{end // 60:02d}:{end % 60:02d}",
                    officer=x.choice(OFFICERS),
                    keywords=keywords,
                )
            )
        return self.sessions

    def _keyword(self, session: MonitoringSession, lines: list[SpeciesLine]) -> str:
        """The session keyword naming the advert's species if there is one, else any of its keywords."""
        for line in lines:
            species = self.ref.species_by_id(line.species_id)
            names = {n.lower() for lang in ("id", "ms", "en") for n in species.names(lang)} if species else set()
            found = [k for k in session.keywords if k in names]
            if found:
                return found[0]
        return self.extra.choice(session.keywords)

    def _phone(self, country: str) -> str:
        """A mobile number as sellers write it, in one of the usual ways."""
        x = self.extra
        if country == "ID":
            prefix, rest = (
                x.choice(["812", "813", "821", "822", "852", "857", "877", "878", "896"]),
                f"{x.randint(0, 99_999_999):08d}",
            )
            return x.choice(
                [
                    f"0{prefix}-{rest[:4]}-{rest[4:]}",
                    f"+62 {prefix} {rest[:4]} {rest[4:]}",
                    f"62{prefix}{rest}",
                    f"0{prefix} {rest[:4]} {rest[4:]}",
                ]
            )
        if country == "MY":
            prefix, rest = x.choice(["12", "13", "16", "17", "19"]), f"{x.randint(0, 9_999_999):07d}"
            return x.choice(
                [f"0{prefix}-{rest[:3]} {rest[3:]}", f"+60 {prefix}-{rest[:3]} {rest[3:]}", f"60{prefix}{rest}"]
            )
        rest = f"{x.choice('89')}{x.randint(0, 9_999_999):07d}"
        return x.choice([f"{rest[:4]} {rest[4:]}", f"+65 {rest[:4]} {rest[4:]}"])

    def _contacts(self, observation: Observation) -> None:
        x = self.extra
        if x.random() < CONTACT_SHARE:
            observation.contacts = [self._phone(observation.country)]
        if x.random() < HANDLE_SHARE:
            kind = x.choice(["wa", "ig", "tg", "shop"])
            value = (
                self._phone(observation.country)
                if kind == "wa"
                else (f"{observation.seller_handle}_{x.choice(['official', 'store', 'id', '2'])}")
            )
            observation.handles = [f"{kind}:{value}"]

    def network_adverts(self) -> list[Observation]:
        """The adverts of sellers sharing a phone number (:data:`NETWORK_ADVERTS`)."""
        known_species = {s.id for s in self.ref.species}
        known_platforms = {p.id for p in self.ref.platforms}
        out = []
        for n, (handle, name, platform, country, phone, handles, species, days) in enumerate(NETWORK_ADVERTS):
            if platform not in known_platforms:
                continue
            line = SpeciesLine(species_id=species) if species in known_species else SpeciesLine(other_name=species)
            out.append(
                Observation(
                    observed_at=(self.today - dt.timedelta(days=days)).isoformat(),
                    platform=platform,
                    country=country,
                    url=f"https://www.{platform}.com/{handle}/posts/{7_000_000_000 + n}",
                    seller_handle=handle,
                    seller_name=name,
                    species=[line],
                    contacts=[phone],
                    handles=list(handles),
                    notes="Contact number in the advert",
                )
            )
        return out

    def seizure(self) -> Seizure:
        r = self.rng
        country = self._country()
        currency = CURRENCY[country]
        items = []
        for _ in range(r.choice([1, 1, 2, 3])):
            live = r.random() < 0.6
            items.append(
                SeizureItem(
                    species_id=r.choice(self.species),
                    term="LIV" if live else r.choice(TERMS_PART),
                    quantity=str(r.randint(1, 40)),
                    unit="" if live else r.choice(["", "KIL"]),
                )
            )
        provinces = self.provinces.get(country) or [""]
        return Seizure(
            seizure_date=self._date(),
            country=country,
            subdivision=r.choice(provinces),
            place=r.choice(["Port", "Airport cargo terminal", "Courier depot", "Market", "Residence"]),
            agency="",
            case_reference=f"{country}-{r.randint(2024, 2026)}-{r.randint(1, 9999):04d}",
            detection_method=r.choice(DETECTION),
            transport_mode=r.choice(TRANSPORT),
            suspects_count=r.randint(0, 4),
            suspects_initials=" ".join(
                f"{r.choice('ABDHIJKMRSTWY')}.{r.choice('ABDHIJKMRSTWY')}." for _ in range(r.randint(0, 2))
            ),
            items=items,
            estimated_value=str(r.randint(*PRICE_RANGE[currency]) * 10),
            currency=currency,
            legal_status=r.choice(["investigation", "investigation", "charged", "convicted", "released"]),
        )

    def response(self) -> QuestionnaireResponse:
        r = self.rng
        country = self._country()
        return QuestionnaireResponse(
            form_id="needs_assessment",
            form_version="2026.1",
            language=r.choice(["en", "id", "ms"]),
            respondent_country=country,
            respondent_agency=r.choice(["police", "customs", "prosecution", "judiciary", "forestry", "wildlife"]),
            respondent_role=r.choice(["junior", "middle", "senior"]),
            answers={"years_service": r.randint(0, 35)},
            status=r.choice(["draft", "complete", "complete"]),
        )

    def records(self, count: int) -> list[Record]:
        out: list[Record] = self.pending[:count]
        self.pending = self.pending[count:]
        for _ in range(count - len(out)):
            roll = self.rng.random()
            out.append(self.observation() if roll < 0.8 else self.seizure() if roll < 0.95 else self.response())
        return out


def fill(
    store, count: int, seed: int = 1, chunk: int = 5000, progress: Progress | None = None, atomic: bool = True
) -> int:
    """Add ``count`` demo records to ``store``, written ``chunk`` records at a time in one transaction:
    all of them or, when anything fails (a full disk, a cancel), none. ``atomic=False`` commits each
    chunk (the benchmarks' million-record homes: one transaction that size slows every later chunk)."""
    gen = DemoGenerator(store.ref, seed)
    sessions = gen.make_sessions(min(120, max(4, count // 400)))
    gen.linked_share = min(LINKED_SHARE, len(sessions) * ADVERTS_PER_SESSION / max(1, count * 0.8))
    done = 0
    # one commit for all of them; otherwise each save below commits on its own
    with store.transaction() if atomic else nullcontext():
        for session in sessions:
            save_session(store, session)
        while done < count:
            batch = gen.records(min(chunk, count - done))
            store.save_new_many(batch)
            done += len(batch)
            if progress:
                progress(done, count)
    return done
