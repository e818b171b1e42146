"""The fields a spreadsheet column can be mapped to, per record kind, and the header words
(English, Indonesian, Malay) that name them.

A field is what the importer fills (``observed_at``, ``platform``, ``species`` …); most are the
record's own field names, a few are import-only (``species`` is a name or an id resolved through
the species list, ``record_id`` / ``device_id`` say whose record a row is).
"""

from __future__ import annotations

from desktop.i18n import N_

# field -> untranslated label (shown in the wizard and in --show-mapping)
OBSERVATION_FIELDS: dict[str, str] = {
    "record_id": N_("Record id"),
    "device_id": N_("Device id"),
    "observed_at": N_("Date seen"),
    "platform": N_("Platform"),
    "country": N_("Country"),
    "url": N_("Web address"),
    "group_name": N_("Group or page"),
    "seller_handle": N_("Seller account"),
    "seller_name": N_("Seller name"),
    "species": N_("Species (name or id)"),
    "other_name": N_("Species name (not in the list)"),
    "specimen": N_("Specimen (live, part, product)"),
    "quantity": N_("Quantity"),
    "unit": N_("Unit"),
    "term": N_("Specimen description (CITES term)"),
    "price": N_("Price"),
    "currency": N_("Currency"),
    "price_text": N_("Price as written"),
    "seller_location": N_("Seller's province or state"),
    "reported": N_("Reported to the platform"),
    "reported_on": N_("Reported on"),
    "removed": N_("Removed"),
    "account_locked": N_("Account locked"),
    "notes": N_("Notes"),
    "evidence": N_("Evidence (Pantau export form)"),
    "contacts": N_("Phone numbers"),
    "handles": N_("Other accounts"),
    "keyword": N_("Search keyword"),
    "session_id": N_("Monitoring session"),
    "followup_due": N_("Follow-up due"),
    "followup_outcome": N_("Follow-up outcome"),
    "followup_checked_on": N_("Follow-up checked on"),
}
SEIZURE_FIELDS: dict[str, str] = {
    "record_id": N_("Record id"),
    "device_id": N_("Device id"),
    "seizure_date": N_("Seizure date"),
    "country": N_("Country"),
    "subdivision": N_("Province or state"),
    "place": N_("Place"),
    "agency": N_("Agency"),
    "case_reference": N_("Case reference"),
    "detection_method": N_("Detection method"),
    "transport_mode": N_("Mode of transport"),
    "concealment_method": N_("Concealment"),
    "origin_country": N_("Country of origin"),
    "destination_country": N_("Country of destination"),
    "transit_countries": N_("Transit countries"),
    "offender_nationality": N_("Offender nationality"),
    "suspects_count": N_("Number of suspects"),
    "suspects_initials": N_("Suspects' initials"),
    "species": N_("Species (name or id)"),
    "other_name": N_("Species name (not in the list)"),
    "term": N_("Specimen description (CITES term)"),
    "quantity": N_("Quantity"),
    "unit": N_("Unit"),
    "estimated_value": N_("Estimated value"),
    "currency": N_("Currency"),
    "legal_status": N_("Legal status"),
    "law_sections": N_("Law sections"),
    "notes": N_("Notes"),
    "evidence": N_("Evidence (Pantau export form)"),
}
FIELDS = {"observation": OBSERVATION_FIELDS, "seizure": SEIZURE_FIELDS}
# Fields that may receive several columns (the first non-empty one wins per row).
MULTI = {"species"}
# Columns of Pantau's own exports that are read into another field, or left out on purpose.
EXPORT_HEADERS: dict[str, str] = {
    "species_id": "species",
    "scientific_name": "species",
    "species_name": "species",
}
EXPORT_IGNORED = {
    "revision",
    "line_no",
    "platform_name",
    "country_name",
    "specimen_label",
    "unit_label",
    "term_label",
    "seller_location_name",
    "subdivision_name",
    "agency_name",
    "legal_status_label",
    "created_at",
    "updated_at",
    "officer_id",
    "officer_name",
    "price_usd",
    "usd_rate",
    "usd_rate_from",
}
# Header words people write, normalised (lower case, single spaces, no punctuation): en, id, ms.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "record_id": ("id", "record id", "id catatan", "id rekod"),
    "device_id": ("device", "device id", "id perangkat", "id peranti"),
    "observed_at": (
        "date", "date seen", "observed", "observed on", "observation date", "seen on", "tanggal", "tgl",
        "tanggal pengamatan", "tanggal ditemukan", "tanggal temuan", "tarikh", "tarikh pemerhatian",
        "tarikh dilihat", "waktu",
    ),
    "seizure_date": ("date", "seizure date", "date of seizure", "tanggal penyitaan", "tanggal sita", "tarikh rampasan"),
    "platform": ("platform", "site", "website", "media", "media sosial", "situs", "laman", "laman web", "aplikasi"),
    "country": ("country", "negara"),
    "url": ("url", "link", "address", "web address", "tautan", "pautan", "alamat", "alamat web", "pranala"),
    "group_name": ("group", "group name", "page", "grup", "nama grup", "halaman", "kumpulan", "nama kumpulan"),
    "seller_handle": (
        "seller", "seller account", "account", "handle", "username", "user", "penjual", "akun", "akun penjual",
        "akaun", "akaun penjual", "pengguna",
    ),
    "seller_name": ("seller name", "name of seller", "nama penjual"),
    "species": (
        "species", "spesies", "jenis", "nama jenis", "nama spesies", "satwa", "jenis satwa", "haiwan", "animal",
        "scientific name", "nama ilmiah", "nama latin", "nama saintifik", "common name", "nama umum",
        "nama tempatan", "taxon", "takson",
    ),
    "other_name": ("other species", "spesies lain"),
    "specimen": ("specimen", "specimen type", "form", "spesimen", "bentuk", "jenis spesimen", "keadaan"),
    "quantity": (
        "quantity", "qty", "number", "count", "amount", "individuals", "jumlah", "jumlah individu", "banyaknya",
        "bilangan", "kuantiti", "ekor",
    ),
    "unit": ("unit", "units", "satuan", "unit ukuran"),
    "term": ("term", "cites term", "description", "deskripsi", "keterangan spesimen"),
    "price": ("price", "harga", "price asked", "asking price", "nilai jual"),
    "currency": ("currency", "mata uang", "matauang", "mata wang", "matawang"),
    "price_text": ("price text", "price as written", "harga tertulis", "harga seperti ditulis"),
    "seller_location": (
        "location", "seller location", "province", "state", "lokasi", "lokasi penjual", "provinsi", "negeri",
        "wilayah",
    ),
    "subdivision": ("province", "state", "provinsi", "negeri", "wilayah"),
    "reported": ("reported", "reported to platform", "dilaporkan", "sudah dilaporkan", "dilapor", "dilaporkan ke platform"),
    "reported_on": ("reported on", "date reported", "tanggal dilaporkan", "tarikh dilaporkan", "tarikh lapor"),
    "removed": ("removed", "taken down", "deleted", "dihapus", "diturunkan", "dibuang", "dipadam", "ditarik"),
    "account_locked": (
        "account locked", "locked", "blocked", "banned", "akun dikunci", "akun diblokir", "diblokir", "dikunci",
        "akaun dikunci", "akaun disekat", "disekat",
    ),
    "notes": ("notes", "note", "remarks", "comments", "catatan", "keterangan", "nota", "ulasan"),
    "place": ("place", "location", "tempat", "lokasi", "lokasi kejadian"),
    "agency": ("agency", "instansi", "lembaga", "agensi", "jabatan"),
    "case_reference": ("case", "case number", "case reference", "nomor perkara", "no perkara", "nombor kes", "no kes"),
    "origin_country": ("origin", "country of origin", "negara asal"),
    "destination_country": ("destination", "country of destination", "negara tujuan", "negara destinasi"),
    "offender_nationality": ("nationality", "kewarganegaraan", "warganegara"),
    "suspects_count": ("suspects", "number of suspects", "jumlah tersangka", "bilangan suspek"),
    "estimated_value": ("value", "estimated value", "nilai", "nilai taksiran", "nilai anggaran"),
    "legal_status": ("legal status", "status", "status hukum", "status perundangan"),
    "law_sections": ("law", "law sections", "pasal", "seksyen"),
}
