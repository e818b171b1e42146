"""Small hand-made datasets for the monitoring-intelligence tests; every figure is worked out by hand."""

from __future__ import annotations

from desktop.domain.records import EvidenceRef, Observation, SpeciesLine
from desktop.intel.sessions import MonitoringSession, delete_session, save_session

SHAMA, PANGOLIN = "kittacincla-malabarica", "manis-javanica"
IMAGE_1 = "1" * 64
IMAGE_2 = "2" * 64
PDF = "3" * 64


def advert(**kw) -> Observation:
    base = dict(
        observed_at="2026-03-02",
        platform="facebook",
        country="ID",
        species=[SpeciesLine(species_id=SHAMA, specimen="live", quantity="1", term="LIV")],
    )
    base.update(kw)
    return Observation(**base)


def image(sha: str, name: str = "advert.jpg", media_type: str = "image/jpeg") -> EvidenceRef:
    return EvidenceRef(sha256=sha, filename=name, media_type=media_type, size=1000)


def save(store, **kw) -> Observation:
    return store.save(advert(**kw), accept_warnings=True)


def build_effort(store) -> dict:
    """Sessions S1-S4 (S5 deleted) and adverts O1-O9 (O10 deleted).

    S1 facebook 2026-03-02 09:00-11:00 (120 min) jual murai, murai batu, cod → O1, O2 (murai batu), O3 (jual murai)
    S2 facebook 2026-03-15 14:00-15:00 (60 min) murai batu, trenggiling → O4 (murai batu)
    S3 shopee   2026-04-01 10:00-10:30 (30 min) murai batu → O5 (murai batu)
    S4 shopee   2026-04-20 23:30-00:30 (60 min, past midnight) sisik, cod → O6, O7 (sisik)
    S5 facebook 2026-04-05 (deleted) → O11 (not counted as found); O8 facebook and O9 tokopedia in April
    without a session; O10 (S1, cod) deleted.
    """

    def session(platform, day, start, end, keywords):
        return save_session(
            store,
            MonitoringSession(platform=platform, session_date=day, start_time=start, end_time=end, keywords=keywords),
        )

    s = {
        "S1": session("facebook", "2026-03-02", "09:00", "11:00", ["Jual Murai", "murai batu", "COD"]),
        "S2": session("facebook", "2026-03-15", "14:00", "15:00", ["murai batu", "trenggiling"]),
        "S3": session("shopee", "2026-04-01", "10:00", "10:30", ["murai batu"]),
        "S4": session("shopee", "2026-04-20", "23:30", "00:30", ["sisik", "cod"]),
        "S5": session("facebook", "2026-04-05", "08:00", "09:00", ["jual"]),
    }
    delete_session(store, s["S5"].id)
    o = {
        "O1": save(store, session_id=s["S1"].id, keyword="murai batu", seller_handle="a1"),
        "O2": save(store, session_id=s["S1"].id, keyword="murai batu", seller_handle="a2"),
        "O3": save(store, session_id=s["S1"].id, keyword="Jual Murai ", seller_handle="a3"),
        "O4": save(store, observed_at="2026-03-15", session_id=s["S2"].id, keyword="murai batu"),
        "O5": save(store, observed_at="2026-04-01", platform="shopee", session_id=s["S3"].id, keyword="murai batu"),
        "O6": save(store, observed_at="2026-04-20", platform="shopee", session_id=s["S4"].id, keyword="sisik"),
        "O7": save(store, observed_at="2026-04-21", platform="shopee", session_id=s["S4"].id, keyword="sisik"),
        "O8": save(store, observed_at="2026-04-10"),
        "O9": save(store, observed_at="2026-04-11", platform="tokopedia"),
        "O10": save(store, session_id=s["S1"].id, keyword="cod"),
        "O11": save(store, observed_at="2026-04-12", session_id=s["S5"].id, keyword="jual"),
    }
    store.delete("observation", o["O10"].id)
    return {**s, **o}


def build_sellers(store) -> dict:
    """Seller accounts: pairs linked by each reason, and unrelated sellers that must not be linked."""
    records = {
        # same number in two formats (Indonesian advert)
        "phone_1": save(store, seller_handle="penjual_satu", seller_name="Toko Satu", contacts=["0812-3456-7890"]),
        "phone_2": save(
            store,
            seller_handle="Penjual_Dua",
            seller_name="Toko Dua",
            platform="shopee",
            contacts=["+62 812 3456 7890"],
        ),
        # another advert of the same account with the same number: no self-link
        "phone_1b": save(store, seller_handle="penjual_satu", contacts=["(0812) 3456 7890"]),
        # a handle listed by two accounts
        "handle_1": save(
            store, seller_handle="akun_alfa", seller_name="Alfa Birds", handles=["ig:@KicauMania_Official"]
        ),
        "handle_2": save(
            store,
            seller_handle="akun_beta",
            seller_name="Beta Fauna",
            platform="kaskus",
            handles=["IG: kicaumania_official"],
        ),
        # the same evidence image
        "image_1": save(store, seller_handle="foto_satu", seller_name="Galeri Satwa", evidence=[image(IMAGE_1)]),
        "image_2": save(
            store,
            seller_handle="foto_dua",
            seller_name="Hewan Eksotis",
            platform="tokopedia",
            evidence=[image(IMAGE_1, "copy.png", "image/png")],
        ),
        # near-identical display names
        "name_1": save(store, seller_handle="kjshop_01", seller_name="Kicau Jaya Shop"),
        "name_2": save(store, seller_handle="kj.jakarta", seller_name="KicauJaya shop", platform="instagram"),
        # unrelated sellers
        "other_1": save(
            store,
            seller_handle="rimba_reptil",
            seller_name="Rimba Reptil",
            contacts=["0813-1111-2222"],
            evidence=[image(IMAGE_2)],
        ),
        "other_2": save(
            store,
            seller_handle="satwa_nusantara",
            seller_name="Satwa Nusantara",
            contacts=["0813-1111-2223"],
            handles=["tg:satwa_nusantara"],
        ),
        "other_3": save(store, seller_handle="burung_kita88", seller_name="Burung Kita 88"),
        "other_4": save(store, seller_handle="burung_kita89", seller_name="Burung Kita 89"),
        "other_5": save(store, seller_handle="kicau_official", seller_name="Kicau Official"),
        "other_6": save(store, seller_handle="kita_official", seller_name="Kita Official"),
        # the same PDF (not an image) and a deleted advert sharing a number link nobody
        "pdf_1": save(store, seller_handle="dokumen_pertama", evidence=[image(PDF, "a.pdf", "application/pdf")]),
        "pdf_2": save(store, seller_handle="berkas_kedua", evidence=[image(PDF, "b.pdf", "application/pdf")]),
        "deleted": save(store, seller_handle="dihapus", contacts=["0813-1111-2222"]),
    }
    store.delete("observation", records["deleted"].id)
    return records


LINKED = {
    ("penjual_dua", "penjual_satu"): "phone",
    ("akun_alfa", "akun_beta"): "handle",
    ("foto_dua", "foto_satu"): "image",
    ("kj.jakarta", "kjshop_01"): "name",
}
