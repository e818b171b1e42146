"""Link suggestions between seller accounts (one per reason, none for unrelated sellers), decisions and networks."""

from __future__ import annotations

import pytest

from desktop.domain.contacts import contact_rows, normalise_handle, parse_phone, split_handle
from desktop.errors import PantauError
from desktop.intel.links import MIN_NAME_LENGTH, fold_name, similar_names, suggest_links
from desktop.intel.networks import (
    confirm_link,
    decisions,
    find_network,
    network_accounts,
    networks,
    reject_link,
    rename_network,
)
from tests.intel.dataset import IMAGE_1, LINKED, build_sellers, save


def pairs(suggestions):
    return {(s.account_a, s.account_b): s for s in suggestions}


def test_phone_numbers_and_handles_normalise():
    assert parse_phone("0812-3456-7890", "ID") == parse_phone("+62 812 3456 7890", "ID") == "+6281234567890"
    assert parse_phone("(0812) 3456 7890", "ID") == "+6281234567890"
    assert parse_phone("012-345 6789", "MY") == "+60123456789"
    assert parse_phone("0812-3456-7890", "") is None and parse_phone("12", "ID") is None
    assert parse_phone("no number", "ID") is None
    assert split_handle("IG: @Kicau_Jaya ") == ("instagram", "kicau_jaya")
    assert split_handle("kicau_jaya") is None and split_handle("tg:") is None
    assert normalise_handle("wa:0812 3456 7890", "ID") == ("phone", "+6281234567890")
    assert normalise_handle("shop:Kicau Jaya", "ID") == ("handle", "shop:kicau jaya")
    rows = contact_rows(
        {
            "kind": "observation",
            "id": "x",
            "country": "ID",
            "platform": "facebook",
            "seller_handle": " Kicau ",
            "contacts": ["0812-3456-7890", "+62 812 3456 7890", "bad"],
            "handles": ["wa:+6281234567890", "ig:kicau"],
            "evidence": [
                {"sha256": IMAGE_1, "filename": "a.jpg", "media_type": "image/jpeg"},
                {"sha256": "f" * 64, "filename": "a.pdf", "media_type": "application/pdf"},
            ],
        }
    )
    assert sorted((kind, value) for kind, value, _raw in rows) == [
        ("handle", "facebook:kicau"),
        ("handle", "instagram:kicau"),
        ("image", IMAGE_1),
        ("phone", "+6281234567890"),
    ]
    assert contact_rows({"kind": "observation", "id": "x", "deleted": True, "contacts": ["0812-3456-7890"]}) == []


def test_one_suggestion_per_reason_and_none_for_unrelated_sellers(store):
    build_sellers(store)
    found = pairs(suggest_links(store))
    assert set(found) == set(LINKED)
    for pair, kind in LINKED.items():
        assert [r.kind for r in found[pair].reasons] == [kind]
    assert found[("penjual_dua", "penjual_satu")].reasons[0].value == "+6281234567890"
    assert found[("akun_alfa", "akun_beta")].reasons[0].value == "instagram:kicaumania_official"
    assert found[("foto_dua", "foto_satu")].reasons[0].value == IMAGE_1
    name = found[("kj.jakarta", "kjshop_01")].reasons[0]
    assert name.score == 100 and name.value == "KicauJaya shop ≈ Kicau Jaya Shop"
    accounts = {a for pair in found for a in pair}
    for unrelated in (
        "rimba_reptil",
        "satwa_nusantara",
        "burung_kita88",
        "burung_kita89",
        "kicau_official",
        "kita_official",
        "dokumen_pertama",
        "berkas_kedua",
        "dihapus",
    ):
        assert unrelated not in accounts


def test_several_reasons_are_listed_together(store):
    save(store, seller_handle="kicau_jaya", platform="instagram", contacts=["0812-3456-7890"])
    save(store, seller_handle="KJ_backup", handles=["ig:kicau_jaya", "wa:+62 812-3456-7890"])
    [suggestion] = suggest_links(store)
    assert (suggestion.account_a, suggestion.account_b) == ("kicau_jaya", "kj_backup")
    assert [(r.kind, r.value) for r in suggestion.reasons] == [
        ("phone", "+6281234567890"),
        ("handle", "instagram:kicau_jaya"),
    ]
    data = suggestion.as_dict()
    assert data["reasons"][0]["text"] == "Same phone number +6281234567890"


def test_suggestions_follow_edits_and_deletes(store):
    a = save(store, seller_handle="a_seller", contacts=["0812-3456-7890"])
    b = save(store, seller_handle="b_seller", contacts=["0812 3456 7890"])
    assert len(suggest_links(store)) == 1
    b.contacts = ["0812-9999-0000"]
    store.save(b, accept_warnings=True)
    assert suggest_links(store) == []
    b.contacts = ["0812-3456-7890"]
    store.save(b, accept_warnings=True)
    assert len(suggest_links(store)) == 1
    store.delete("observation", a.id)
    assert suggest_links(store) == []
    store.restore("observation", a.id)
    assert len(suggest_links(store)) == 1


def test_name_folding_and_threshold():
    assert fold_name("Kicau Jaya Shop") == fold_name("KicauJaya shop") == "kicaujayashop"
    assert fold_name("Burung Kicáu_Ñ") == "burungkicaun"
    found = similar_names(
        {
            "a": {"Kicau Jaya Shop"},
            "b": {"KicauJaya shop"},
            "c": {"Kicau Jaya Shopp"},
            "d": {"kicau jaya 12"},
            "e": {"kicau jaya 13"},
            "f": {"Kicau Official"},
            "g": {"Kita Official"},
            "h": {"Budi"},
            "i": {"Budi"},
        }
    )
    assert set(found) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert len("budi") < MIN_NAME_LENGTH


def test_confirm_reject_and_networks(store):
    build_sellers(store)
    net = confirm_link(store, "Penjual_Satu", "penjual_dua", network_name="Jaringan Murai")
    assert (net.name, net.accounts) == ("Jaringan Murai", ["penjual_dua", "penjual_satu"])
    assert network_accounts(store, "Jaringan Murai") == ["penjual_dua", "penjual_satu"]
    assert network_accounts(store, net.id) == ["penjual_dua", "penjual_satu"]
    reject_link(store, "foto_satu", "foto_dua")
    remaining = pairs(suggest_links(store))
    assert set(remaining) == {("akun_alfa", "akun_beta"), ("kj.jakarta", "kjshop_01")}
    decided = pairs(suggest_links(store, include_decided=True))
    assert decided[("penjual_dua", "penjual_satu")].status == "confirmed"
    assert decided[("foto_dua", "foto_satu")].status == "rejected"
    link = decisions(store, "confirmed")[0]
    assert link["reasons"] == [{"kind": "phone", "value": "+6281234567890", "score": 100.0}]
    assert link["decided_by"] == "Test Officer" and link["revision"] == 1

    other = confirm_link(store, "kjshop_01", "kj.jakarta")  # no name: a new network
    assert other.name == "Network of kj.jakarta" and other.accounts == ["kj.jakarta", "kjshop_01"]
    joined = confirm_link(store, "penjual_satu", "kjshop_01")  # joins the two networks
    assert joined.name == "Jaringan Murai"
    assert joined.accounts == ["kj.jakarta", "kjshop_01", "penjual_dua", "penjual_satu"]
    assert [n.name for n in networks(store)] == ["Jaringan Murai"]
    grown = confirm_link(store, "akun_alfa", "akun_beta", network_name="Jaringan Murai")
    assert len(grown.accounts) == 6
    renamed = rename_network(store, "Jaringan Murai", "Jaringan Kicau")
    assert renamed.id == net.id and find_network(store, "Jaringan Murai") is None

    reject_link(store, "penjual_satu", "kjshop_01")  # undo one confirmation
    assert "kjshop_01" in network_accounts(store, "Jaringan Kicau")  # still linked through others
    assert decisions(store, "rejected")[-1]["revision"] == 2
    history = store.history("kjshop_01|penjual_satu")
    assert [(h["record_kind"], h["new_value"]["status"]) for h in history] == [
        ("seller_link", "confirmed"),
        ("seller_link", "rejected"),
    ]
    assert store.verify_audit().ok


def test_decision_errors(store):
    with pytest.raises(PantauError):
        confirm_link(store, "same", "SAME ")
    with pytest.raises(PantauError):
        reject_link(store, "", "b")
    with pytest.raises(PantauError):
        network_accounts(store, "No such network")
    confirm_link(store, "x1", "x2", "A")
    confirm_link(store, "y1", "y2", "B")
    with pytest.raises(PantauError):
        rename_network(store, "A", "B")
