"""Cell values matched the way people write them.

Each ``ValueMatcher`` method turns one cell into the value Pantau stores, or a :class:`CellProblem`
(a Problem, the one validation result type) saying why it cannot (with the accepted or nearest
values). Coded values (platforms, countries, provinces, currencies, units, yes/no words, species,
dates) are looked up once per distinct value and file: the answer is cached, which keeps a large import fast and lets the user map each unknown
value once (the mapping's value table, ``--value field:theirs=ours``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz, process

from desktop.domain.records import LEGAL_STATUSES, SPECIMEN_TYPES
from desktop.domain.validation import ERROR, WARNING, Problem
from desktop.i18n import N_, _, current_language
from desktop.imports.mapping import norm

YES = {"yes", "y", "true", "1", "x", "ya", "iya", "benar", "betul", "sudah", "ada", "ok", "v", "✓", "✔", "☑"}
NO = {"no", "n", "false", "0", "tidak", "tak", "tdk", "bukan", "belum", "salah", "tiada", "-", "none", "✗", "✘"}
SPECIMEN_WORDS = {
    "live": ("live", "alive", "living", "hidup", "live animal", "satwa hidup", "haiwan hidup", "hdp"),
    "part": ("part", "parts", "bagian", "bagian tubuh", "bahagian", "bahagian badan", "body part", "awetan", "mati"),
    "product": ("product", "products", "produk", "olahan", "barang", "derivative"),
}
LEGAL_WORDS = {
    "investigation": ("investigation", "penyidikan", "penyelidikan", "siasatan", "dalam siasatan"),
    "charged": ("charged", "didakwa", "dituduh", "pendakwaan"),
    "convicted": ("convicted", "divonis", "dihukum", "disabitkan", "bersalah"),
    "released": ("released", "dibebaskan", "dilepaskan", "bebas"),
}
CURRENCY_WORDS = {
    "IDR": ("rp", "rp.", "rupiah", "idr"),
    "MYR": ("rm", "ringgit", "myr"),
    "SGD": ("s$", "sgd", "singapore dollar", "dolar singapura"),
    "USD": ("$", "us$", "usd", "dollar", "dolar", "dolar as"),
    "EUR": ("€",),
    "GBP": ("£",),
}
UNIT_WORDS = {
    "": (
        "",
        "ekor",
        "individu",
        "individual",
        "individuals",
        "head",
        "heads",
        "specimen",
        "specimens",
        "animal",
        "animals",
        "nos",
        "no",
        "ind",
    ),
    "KIL": ("kg", "kgs", "kilo", "kilogram", "kilograms"),
    "GRM": ("g", "gr", "gram", "grams"),
    "LTR": ("l", "liter", "litre", "litres", "liters"),
    "PCS": ("pcs", "pc", "piece", "pieces", "buah", "biji", "keping", "potong"),
    "MLT": ("ml",),
    "PAI": ("pair", "pairs", "pasang"),
}
MONTHS = {
    # en, id, ms abbreviations and names (folded)
    **{
        m: i
        for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
    },
    **{
        m: i
        for i, m in enumerate(
            (
                "januari",
                "februari",
                "maret",
                "april",
                "mei",
                "juni",
                "juli",
                "agustus",
                "september",
                "oktober",
                "november",
                "desember",
            ),
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
            1,
        )
    },
    "mac": 3,
    "mei": 5,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "ogo": 8,
    "ogos": 8,
    "okt": 10,
    "des": 12,
    "dis": 12,
    "sept": 9,
    "disember": 12,
    "julai": 7,
    "jun": 6,
    "februari": 2,
}
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?.*)?$")
SLASH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
NAMED_DATE = re.compile(r"^(\d{1,2})[\s/.-]*([^\W\d_]+)\.?[\s/.,-]*(\d{2}|\d{4})$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
# What each date form is read as (untranslated; shown in the dry run's summary).
DATE_FORMS = {
    "excel": N_("Excel date cell"),
    "serial": N_("Excel day number"),
    "iso": N_("ISO (YYYY-MM-DD)"),
    "dmy": N_("day/month/year (dd/mm/yyyy)"),
    "dmy2": N_("day/month/two-digit year (dd/mm/yy, 20yy)"),
    "named": N_("day-month name-year (d-MMM-yy)"),
}


@dataclass(frozen=True)
class CellProblem(Problem):
    """A problem in one spreadsheet cell, as the one validation result type: ``kind`` groups problems
    in the import's summary (number, date, rule, ownership…) and ``value`` is the cell's text, which
    groups one wrong value over many rows."""

    kind: str = ""
    value: str = ""


def cell_problem(kind: str, message: str, severity: str = ERROR) -> CellProblem:
    """Why a cell cannot be used as it is; the record builder adds the field, row and value."""
    return CellProblem("", message, severity, kind=kind)


def _short_list(items, limit: int = 12) -> str:
    items = list(items)
    text = ", ".join(items[:limit])
    return text + (", …" if len(items) > limit else "")


class ValueMatcher:
    def __init__(self, ref, values: dict[str, dict[str, str]] | None = None, lang: str | None = None):
        self.ref = ref
        self.lang = lang or current_language()
        self.table = {name: {norm(k): v for k, v in table.items()} for name, table in (values or {}).items()}
        self.cache: dict[tuple[str, str], tuple] = {}
        self.date_forms: dict[str, tuple[str, str]] = {}  # form -> (example as written, read as)
        self.platforms = self._index(
            [(p.id, (p.id, p.name, *p.hosts, *(h.split(".")[0] for h in p.hosts))) for p in ref.platforms]
        )
        self.countries = self._index([(c.code, (c.code, c.name_en, c.name_id, c.name_ms)) for c in ref.countries])
        self.subdivisions = self._index(
            [(s.code, (s.code, s.name, s.code.split("-", 1)[1] + " " + s.country)) for s in ref.subdivisions]
        )
        self.currencies = self._index(
            [(c.code, (c.code, c.name, *CURRENCY_WORDS.get(c.code, ()))) for c in ref.currencies]
        )
        self.units = self._index([(u.code, (u.code, u.name_en)) for u in ref.cites_units] + list(UNIT_WORDS.items()))
        self.terms = self._index([(t.code, (t.code, t.name_en)) for t in ref.cites_terms])
        self.specimens = self._index(list(SPECIMEN_WORDS.items()))
        self.legal = self._index(list(LEGAL_WORDS.items()))
        self.species_names: dict[str, str] = {}
        owners: dict[str, set[str]] = {}
        for species in ref.species:
            for name in (species.id, *species.all_names()):
                self.species_names.setdefault(norm(name), species.id)
                owners.setdefault(norm(name), set()).add(species.id)
        # common names shared by several species ('orangutan', 'kancil'): not read as any one of them
        self.ambiguous = {name: sorted(ids) for name, ids in owners.items() if len(ids) > 1}
        self._species_choices = list(self.species_names)

    @staticmethod
    def _index(entries) -> dict[str, str]:
        out: dict[str, str] = {}
        for code, names in entries:
            for name in names:
                out.setdefault(norm(name) if name not in ("$", "€", "£", "s$", "us$") else name, code)
        return out

    # -- the one entry point ---------------------------------------------------------------
    def convert(self, name: str, raw) -> tuple[object, CellProblem | None]:
        """(value to store, issue) for the cell ``raw`` of field ``name``."""
        method = CONVERTERS.get(name)
        if method is None:
            return text_of(raw), None
        if isinstance(raw, (dt.date, dt.datetime, float, int)) and name in DATE_FIELDS:
            return getattr(self, method)(raw, name)
        key = (name, raw if isinstance(raw, str) else repr(raw))
        hit = self.cache.get(key)
        if hit is None:
            hit = getattr(self, method)(raw, name)
            if len(self.cache) < 50_000:
                self.cache[key] = hit
        return hit

    def _override(self, name: str, text: str) -> str | None:
        table = self.table.get(name)
        return table.get(norm(text)) if table else None

    def _coded(
        self, name: str, raw, index: dict[str, str], unknown: str, accepted
    ) -> tuple[object, CellProblem | None]:
        text = text_of(raw)
        if not text:
            return "", None
        chosen = self._override(name, text)
        if chosen is not None:
            text = chosen
        code = index.get(norm(text)) if text not in ("$", "€", "£") else index.get(text)
        if code is None:
            code = index.get(text.strip().lower())
        if code is not None:
            return code, None
        near = process.extractOne(norm(text), list(index), scorer=fuzz.ratio, score_cutoff=75)
        hint = _("Did you mean {value}?").format(value=index[near[0]]) + " " if near else ""
        return text, cell_problem(
            name,
            unknown.format(value=text) + " " + hint + _("Accepted: {values}.").format(values=_short_list(accepted)),
        )

    # -- coded fields -----------------------------------------------------------------------
    def platform(self, raw, name: str = "platform"):
        text = text_of(raw)
        if "/" in text or "." in text:
            from desktop.reference.catalog import host_of

            host = host_of(text)
            for known, pid in self.ref._hosts.items():
                if host == known or host.endswith("." + known):
                    return pid, None
        names = [p.name for p in self.ref.platforms]
        return self._coded(name, raw, self.platforms, _("Unknown platform '{value}'."), names)

    def country(self, raw, name: str = "country"):
        return self._coded(
            name, raw, self.countries, _("Unknown country '{value}'."), [c.name_en for c in self.ref.countries]
        )

    def subdivision(self, raw, name: str = "seller_location"):
        shown = [f"{s.name} ({s.code})" for s in self.ref.subdivisions]
        return self._coded(name, raw, self.subdivisions, _("Unknown province or state '{value}'."), shown)

    def currency(self, raw, name: str = "currency"):
        shown = [c.code for c in self.ref.currencies] + ["Rp", "RM"]
        return self._coded(name, raw, self.currencies, _("Unknown currency '{value}'."), shown)

    def unit(self, raw, name: str = "unit"):
        shown = [u.code for u in self.ref.cites_units] + ["kg", "g", "ekor"]
        return self._coded(name, raw, self.units, _("Unknown unit '{value}'."), shown)

    def term(self, raw, name: str = "term"):
        shown = [t.code for t in self.ref.cites_terms]
        return self._coded(name, raw, self.terms, _("Unknown specimen description '{value}'."), shown)

    def specimen(self, raw, name: str = "specimen"):
        if not text_of(raw):
            return "live", None
        return self._coded(name, raw, self.specimens, _("Unknown specimen type '{value}'."), SPECIMEN_TYPES)

    def legal_status(self, raw, name: str = "legal_status"):
        if not text_of(raw):
            return "investigation", None
        return self._coded(name, raw, self.legal, _("Unknown legal status '{value}'."), LEGAL_STATUSES)

    def flag(self, raw, name: str = "flag"):
        if isinstance(raw, bool):
            return raw, None
        text = text_of(raw)
        chosen = self._override(name, text)
        low = (chosen if chosen is not None else text).strip().lower()
        if low in YES or norm(low) in YES:
            return True, None
        if not low or low in NO or norm(low) in NO:
            return False, None
        return False, cell_problem(
            "flag",
            _("'{value}' is not yes or no. Accepted: yes, no, ya, tidak, y, n, 1, 0, ✓ (empty means no).").format(
                value=text
            ),
        )

    # -- numbers and dates ------------------------------------------------------------------
    def number(self, raw, name: str = "number"):
        if isinstance(raw, bool):
            return str(int(raw)), None
        if isinstance(raw, (int, float)):
            return text_of(raw), None
        text = text_of(raw)
        if not text:
            return "", None
        cleaned = re.sub(r"^(rp\.?|rm|s\$|us\$|\$)\s*", "", text.strip(), flags=re.IGNORECASE)
        cleaned = cleaned.replace(" ", "").replace("\u00a0", "")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):  # 1.500.000 (Indonesian thousands)
            cleaned = cleaned.replace(".", "")
        elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):  # 1,500,000.50
            cleaned = cleaned.replace(",", "")
        elif re.fullmatch(r"\d+,\d{1,2}", cleaned):  # 12,5
            cleaned = cleaned.replace(",", ".")
        try:
            if Decimal(cleaned).is_finite():
                return cleaned, None
        except InvalidOperation:
            pass
        return text, cell_problem("number", _("'{value}' is not a number.").format(value=text))

    def date(self, raw, name: str = "date"):
        if isinstance(raw, dt.datetime):
            return self._dated("excel", text_of(raw), raw.date())
        if isinstance(raw, dt.date):
            return self._dated("excel", text_of(raw), raw)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return self._serial(raw, text_of(raw))
        text = text_of(raw)
        if not text:
            return "", None
        match = ISO_DATE.match(text)
        if match:
            return self._dated("iso", text, *map(int, match.groups()[:3]))
        match = SLASH_DATE.match(text)
        if match:
            day, month, year = (int(x) for x in match.groups())
            two = len(match.group(3)) == 2
            return self._dated("dmy2" if two else "dmy", text, 2000 + year if two else year, month, day)
        match = NAMED_DATE.match(text)
        if match and match.group(2).lower()[:9] in MONTHS or (match and match.group(2).lower()[:3] in MONTHS):
            word = match.group(2).lower()
            month = MONTHS.get(word) or MONTHS.get(word[:4]) or MONTHS[word[:3]]
            year = int(match.group(3))
            return self._dated("named", text, 2000 + year if year < 100 else year, month, int(match.group(1)))
        if re.fullmatch(r"\d{5}(\.0)?", text):
            return self._serial(float(text), text)
        return text, cell_problem(
            "date",
            _("'{value}' is not a date. Accepted: 2025-04-03, 03/04/2025, 3-Apr-25, Excel dates.").format(value=text),
        )

    def _serial(self, number, text):
        if 20000 <= number < 80000:
            return self._dated("serial", text, EXCEL_EPOCH + dt.timedelta(days=int(number)))
        return text, cell_problem(
            "date",
            _("'{value}' is not a date. Accepted: 2025-04-03, 03/04/2025, 3-Apr-25, Excel dates.").format(value=text),
        )

    def _dated(self, form: str, text: str, year, month=None, day=None):
        try:
            day_value = year if isinstance(year, dt.date) else dt.date(year, month, day)
        except (ValueError, TypeError):
            return text, cell_problem(
                "date",
                _("'{value}' is not a valid date (read as {form}).").format(value=text, form=_(DATE_FORMS[form])),
            )
        iso = day_value.isoformat()
        self.date_forms.setdefault(form, (text, iso))
        return iso, None

    # -- species ------------------------------------------------------------------------------
    def species(self, raw, name: str = "species") -> tuple[object, CellProblem | None]:
        """((species_id, other_name), issue): a listed species by id or any name, else the name itself
        as a species named only in words (counted, marked not verified), with a suggestion when near."""
        text = " ".join(text_of(raw).split())
        if not text:
            return ("", ""), None
        chosen = self._override(name, text)
        if chosen is not None:
            if self.ref.species_by_id(chosen):
                return (chosen, ""), None
            text = " ".join(chosen.split()) or text
        several = self.ambiguous.get(norm(text))
        if several:
            names = ", ".join(self.ref.species_by_id(i).scientific_name for i in several)
            return ("", text), cell_problem(
                "species_ambiguous",
                _(
                    "'{value}' names several species of the list ({names}); it is kept as a name (not "
                    'verified). To choose one: --value "species:{value}=<species id>".'
                ).format(value=text, names=names),
                WARNING,
            )
        found = self.species_names.get(norm(text))
        if found:
            return (found, ""), None
        near = process.extractOne(norm(text), self._species_choices, scorer=fuzz.ratio, score_cutoff=85)
        if near:
            entry = self.ref.species_by_id(self.species_names[near[0]])
            return (
                ("", text),
                cell_problem(
                    "species_near",
                    _(
                        "'{value}' is not in the species list; it is kept as a name (not verified). "
                        'Did you mean {scientific} ({common})? To use it: --value "species:{value}={id}".'
                    ).format(
                        value=text, scientific=entry.scientific_name, common=entry.display_name(self.lang), id=entry.id
                    ),
                    WARNING,
                ),
            )
        return ("", text), None


def text_of(value) -> str:
    """A cell as text: dates ISO, whole floats without '.0', everything stripped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


DATE_FIELDS = {"observed_at", "seizure_date", "reported_on", "followup_due", "followup_checked_on"}
CONVERTERS = {
    "platform": "platform",
    "country": "country",
    "origin_country": "country",
    "destination_country": "country",
    "offender_nationality": "country",
    "seller_location": "subdivision",
    "subdivision": "subdivision",
    "currency": "currency",
    "unit": "unit",
    "term": "term",
    "specimen": "specimen",
    "legal_status": "legal_status",
    "reported": "flag",
    "removed": "flag",
    "account_locked": "flag",
    "price": "number",
    "estimated_value": "number",
    "quantity": "number",
    "observed_at": "date",
    "seizure_date": "date",
    "reported_on": "date",
    "followup_due": "date",
    "followup_checked_on": "date",
    "species": "species",
}
