"""Names of codes in the current language, for reports and exports.

Reference entries (species, platforms, countries, CITES terms…) carry their
own names per language; the fixed code lists of records (protection
categories, specimen types, legal statuses…) are translated here.
"""

from __future__ import annotations

from desktop.i18n import N_, _, current_language

PROTECTION = {
    "totally_protected": N_("Totally protected"),
    "protected": N_("Protected"),
    "not_protected": N_("Not protected"),
    "unknown": N_("Status unknown"),
}
SPECIMEN = {"live": N_("Live"), "part": N_("Part"), "product": N_("Product")}
LEGAL_STATUS = {
    "investigation": N_("Under investigation"),
    "charged": N_("Charged"),
    "convicted": N_("Convicted"),
    "released": N_("Released"),
}
RESPONSE_STATUS = {"draft": N_("Draft"), "complete": N_("Complete")}
TAXON_GROUP = {
    "bird": N_("Birds"),
    "birds": N_("Birds"),
    "mammal": N_("Mammals"),
    "mammals": N_("Mammals"),
    "reptile": N_("Reptiles"),
    "reptiles": N_("Reptiles"),
    "amphibian": N_("Amphibians"),
    "amphibians": N_("Amphibians"),
    "fish": N_("Fish"),
    "fishes": N_("Fish"),
    "insect": N_("Insects"),
    "insects": N_("Insects"),
    "invertebrate": N_("Invertebrates"),
    "invertebrates": N_("Invertebrates"),
    "coral": N_("Corals"),
    "corals": N_("Corals"),
    "plant": N_("Plants"),
    "plants": N_("Plants"),
    "primate": N_("Primates"),
    "primates": N_("Primates"),
    "mollusc": N_("Molluscs"),
    "molluscs": N_("Molluscs"),
    "unknown": N_("Unknown group"),
}


def coded(table: dict[str, str], code: str) -> str:
    """The translated label of ``code`` in a fixed code list (the code itself when unknown)."""
    text = table.get(code or "")
    return _(text) if text else (code or "")


def protection(code: str) -> str:
    return coded(PROTECTION, code)


def taxon_group(code: str) -> str:
    return coded(TAXON_GROUP, (code or "").lower()) if (code or "").lower() in TAXON_GROUP else (code or "")


def entry_name(entry, lang: str | None = None) -> str:
    """The name of a reference entry in ``lang`` (falls back to English, then any name, then its code)."""
    if entry is None:
        return ""
    lang = lang or current_language()
    display = getattr(entry, "display_name", None)
    if callable(display):
        return display(lang)
    name = getattr(entry, "name", None)
    if callable(name):
        return name(lang)
    attributes = ("name_en", "name") if lang == "en" else (f"name_{lang}", "name", "name_en")
    for attribute in attributes + ("code", "id"):
        value = getattr(entry, attribute, None)
        if isinstance(value, str) and value:
            return value
    return ""


class RefLabels:
    """Look-ups of reference names in the current language, built once per report or export."""

    def __init__(self, ref, lang: str | None = None):
        self.ref = ref
        self.lang = lang or current_language()
        self.platforms = {p.id: entry_name(p, self.lang) for p in ref.platforms}
        self.countries = {c.code: entry_name(c, self.lang) for c in ref.countries}
        self.subdivisions = {s.code: entry_name(s, self.lang) for s in getattr(ref, "subdivisions", [])}
        self.terms = {t.code: entry_name(t, self.lang) for t in getattr(ref, "cites_terms", [])}
        self.units = {u.code: entry_name(u, self.lang) for u in getattr(ref, "cites_units", [])}
        self.agencies = {a.id: entry_name(a, self.lang) for a in getattr(ref, "agencies", []) if hasattr(a, "id")}

    def platform(self, code: str) -> str:
        return self.platforms.get(code, code or "")

    def country(self, code: str) -> str:
        return self.countries.get(code, code or "")

    def subdivision(self, code: str) -> str:
        return self.subdivisions.get(code, code or "")

    def term(self, code: str) -> str:
        return self.terms.get(code, code or "")

    def unit(self, code: str) -> str:
        return self.units.get(code, code or "") if code else _("specimens")

    def agency(self, code: str) -> str:
        return self.agencies.get(code, code or "")

    def species(self, species_id: str, other_name: str = "") -> tuple[str, str]:
        """(scientific name, common name in the current language) of a species line."""
        entry = self.ref.species_by_id(species_id) if species_id else None
        if entry is None:
            return "", other_name or species_id or ""
        return getattr(entry, "scientific_name", "") or "", entry_name(entry, self.lang)

    def species_label(self, species_id: str, other_name: str = "") -> str:
        scientific, common = self.species(species_id, other_name)
        if scientific and common and common != scientific:
            return f"{common} ({scientific})"
        return common or scientific


def species_label(entry: dict) -> str:
    """A figure's species name (``top_species`` entry), marked when it was named only in words."""
    name = entry["name"] or entry["scientific_name"]
    if entry.get("verified", True):
        return name
    return _("{name} (not verified)").format(name=name)
