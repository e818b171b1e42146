"""What an update pack carries and what applying it changes on a device.

A pack's files (under ``files/`` in the zip) are, by name:

- ``forms/<form>-<version>.json`` — a questionnaire version (a validated form definition);
  it is installed into the forms library, so the newest version becomes the one new
  responses use, while responses already started keep the version they were begun with;
- ``rates.csv`` — exchange rates (``currency,valid_from,usd_per_unit[,note]``), added to the
  device's rate table (a rate of the same currency and start day is replaced);
- ``settings.json`` — settings a coordinator may set: ``followup_days`` (the follow-up
  period) and ``keywords`` (``{"id": [...], "ms": [...], "en": [...]}``: the search keyword
  list of each language named, which replaces the device's list);
- ``reference/<name>`` — reference and legal lists, handed to
  :func:`desktop.sync.reference_updates.apply_reference_update`;
- ``records/<device id>.age`` — the coordinator's decisions on the records that device
  holds, encrypted to it (see :mod:`desktop.sync.pack_records` and
  :mod:`desktop.sync.decisions`); a device reads only its own.

Any other file is refused, when the pack is made and when it is applied: nothing is
stored where no code reads it. Applying checks every file first, then makes every database
change in one transaction (with one audit entry for the pack); the settings file is
written last. :func:`describe_change` turns the stored changes into sentences.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from desktop.domain.canonical import canonical_json
from desktop.domain.csv_safe import safe_cell, unsafe_cell
from desktop.errors import PantauError
from desktop.forms.errors import FormError
from desktop.forms.installed import FormLibrary
from desktop.forms.model import FormDefinition
from desktop.i18n import _, format_number, language_names, ngettext
from desktop.sync import decisions, pack_records
from desktop.sync.errors import BundleError

FORMS = "forms/"
REFERENCE = "reference/"
RATES = "rates.csv"
SETTINGS = "settings.json"
RATE_HEADER = ("currency", "valid_from", "usd_per_unit")
KEYWORD_LANGUAGES = ("id", "ms", "en")


def _refuse(message: str) -> BundleError:
    return BundleError("format", message)


# -- at the coordinator: what goes into a pack ---------------------------------------------------
def form_file(definition: FormDefinition) -> tuple[str, bytes]:
    return f"{FORMS}{definition.form_id}-{definition.version}.json", definition.to_json().encode("utf-8")


def rates_file(rates) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RATE_HEADER + ("note",))
    for rate in rates:
        writer.writerow([rate.currency, rate.valid_from, format(rate.usd_per_unit, "f"), safe_cell(rate.note)])
    return out.getvalue().encode("utf-8")


def settings_file(store, followup_days: int | None, keywords: bool) -> bytes | None:
    """The settings a coordinator sends: a follow-up period and/or this home's keyword lists."""
    from desktop.intel.keywords import keyword_list

    data: dict = {}
    if followup_days is not None:
        data["followup_days"] = followup_days
    if keywords:
        data["keywords"] = {lang: [k.keyword for k in keyword_list(store, lang)] for lang in KEYWORD_LANGUAGES}
    if not data:
        return None
    _check_settings(store, data, SETTINGS)
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def given_file(path: Path, data: bytes) -> tuple[str, bytes]:
    """A file named on the command line, as it goes into the pack (a workbook becomes its definition)."""
    name = path.name
    if name.lower().endswith(".xlsx"):
        from desktop.forms.xlsform import load_xlsform

        try:
            return form_file(load_xlsform(path))
        except FormError as exc:
            raise _refuse(
                _("{name}: the form is not valid: {problem}").format(name=name, problem=exc.message)
            ) from None
    if name.lower().endswith("rates.csv"):
        return RATES, data
    if name == SETTINGS:
        return SETTINGS, data
    raise _refuse(
        _(
            "{name}: Pantau does not know what to do with this file in an update pack. A pack carries "
            "questionnaire forms (.xlsx), exchange rates (rates.csv) and settings (settings.json); "
            "reference lists and the coordinator's decisions are added by Pantau itself."
        ).format(name=name)
    )


def coordinator_files(
    store, given: dict[str, bytes], followup_days: int | None, keywords: bool, what: str
) -> dict[str, bytes]:
    """Everything a pack made now carries: the files given, this home's added questionnaire versions
    and rate table, its decisions on device records (encrypted per device), reference updates and
    the settings chosen."""
    from desktop.rates import list_rates
    from desktop.sync.reference_updates import reference_update_files

    files = dict(given)
    library = FormLibrary(store)
    for form in library.installed():
        if not form.builtin:
            name, data = form_file(library.get(form.form_id, form.version))
            files.setdefault(name, data)
    rates = list_rates(store)
    if rates and RATES not in files:
        files[RATES] = rates_file(rates)
    settings = settings_file(store, followup_days, keywords)
    if settings is not None:
        files[SETTINGS] = settings
    for name, data in reference_update_files(store).items():
        files[REFERENCE + name] = data
    files.update(pack_records.device_files(store, what))
    return files


# -- on a device: checking and applying -----------------------------------------------------------
@dataclass
class PackPlan:
    forms: list[FormDefinition] = field(default_factory=list)
    rates: list[tuple[str, str, str, str]] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    reference: dict[str, bytes] = field(default_factory=dict)
    records: list[tuple[dict, str]] = field(default_factory=list)


def plan_pack(store, contents: dict[str, bytes], what: str) -> PackPlan:
    """Check every file of a verified pack; raises BundleError naming the first that cannot be applied."""
    plan = PackPlan()
    for name, data in sorted(contents.items()):
        if name.startswith(FORMS) and name.endswith(".json"):
            plan.forms.append(_parse_form(name, data, what))
        elif name == RATES:
            plan.rates = _parse_rates(store, data, what)
        elif name == SETTINGS:
            plan.settings = _parse_settings(store, data, what)
        elif name.startswith(REFERENCE):
            plan.reference[name[len(REFERENCE) :]] = data
        elif pack_records.is_record_file(name):
            continue  # only this device's own file is read, below
        else:
            raise _refuse(
                _("{what}: this version of Pantau does not know the file '{name}'; nothing was applied.").format(
                    what=what, name=name
                )
            )
    plan.records = pack_records.own_records(store, contents, what)
    return plan


def _parse_form(name: str, data: bytes, what: str) -> FormDefinition:
    try:
        return FormDefinition.from_json(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        raise _refuse(_("{what}: the form '{name}' cannot be read.").format(what=what, name=name)) from None


def _parse_rates(store, data: bytes, what: str) -> list[tuple[str, str, str, str]]:
    from desktop.rates import check_rate

    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        rows = []
    if not rows or tuple(c.strip().lower() for c in rows[0][:3]) != RATE_HEADER:
        raise _refuse(
            _("{what}: rates.csv must start with the columns currency, valid_from, usd_per_unit.").format(what=what)
        )
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [c.strip() for c in row] + ["", "", "", ""]
        currency, valid_from, value, note = cells[0].upper(), cells[1], cells[2], unsafe_cell(cells[3])
        problems = check_rate(store, currency, valid_from, value)
        if problems:
            raise _refuse(
                _("{what}: rates.csv line {n}: {field}: {message}").format(
                    what=what, n=n, field=problems[0].field, message=problems[0].message
                )
            )
        out.append((currency, valid_from, str(Decimal(value)), note))
    return out


def _parse_settings(store, data: bytes, what: str) -> dict:
    try:
        settings = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        settings = None
    if not isinstance(settings, dict):
        raise _refuse(_("{what}: settings.json is not a JSON object.").format(what=what))
    _check_settings(store, settings, what)
    return settings


def _check_settings(store, settings: dict, what: str) -> None:
    unknown = sorted(set(settings) - {"followup_days", "keywords"})
    if unknown:
        raise _refuse(
            _("{what}: settings.json: '{name}' is not a setting a coordinator may set.").format(
                what=what, name=unknown[0]
            )
        )
    days = settings.get("followup_days")
    if "followup_days" in settings and (not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365):
        raise _refuse(
            _("{what}: settings.json: followup_days must be a whole number of days from 1 to 365.").format(what=what)
        )
    keywords = settings.get("keywords", {})
    if not isinstance(keywords, dict) or not all(
        lang in KEYWORD_LANGUAGES and isinstance(words, list) and all(isinstance(w, str) and w.strip() for w in words)
        for lang, words in keywords.items()
    ):
        raise _refuse(
            _("{what}: settings.json: keywords must give a list of words for the languages id, ms or en.").format(
                what=what
            )
        )


def apply_plan(store, plan: PackPlan) -> list[dict]:
    """Make the planned database changes inside the caller's transaction; returns what changed."""
    from desktop.sync.reference_updates import apply_reference_update

    changes: list[dict] = []
    library = FormLibrary(store)
    if plan.forms:
        library.ensure_builtin()  # a pack's version of the shipped form must not stand in for the shipped one
    for definition in plan.forms:
        try:
            result = library.install(definition, source_name=f"{definition.form_id}-{definition.version}.json")
        except FormError as exc:
            raise _refuse(exc.message) from None
        if not result.already_installed:
            changes.append({"what": "form", "form_id": definition.form_id, "version": definition.version})
    if plan.rates:
        for currency, valid_from, value, note in plan.rates:
            store.queries.drafts.upsert_rate(currency, valid_from, value, note)
        changes.append({"what": "rates", "count": len(plan.rates)})
    for lang, words in sorted((plan.settings.get("keywords") or {}).items()):
        added, removed = _replace_keywords(store, lang, words)
        changes.append({"what": "keywords", "language": lang, "added": added, "removed": removed})
    if plan.reference:
        try:
            lines = apply_reference_update(store, plan.reference)
        except PantauError as exc:
            raise _refuse(exc.message) from None
        changes.extend({"what": "reference", "text": line} for line in lines)
    if plan.records:
        outcome = decisions.plan_decisions(store, plan.records)
        decisions.apply_decisions(store, outcome)
        changes.append({"what": "records", "updated": len(outcome.writes), "kept": outcome.kept})
    if "followup_days" in plan.settings:
        changes.append({"what": "followup_days", "days": plan.settings["followup_days"]})
    return changes


def _replace_keywords(store, lang: str, words: list[str]) -> tuple[int, int]:
    from desktop.intel.keywords import add_keyword, keyword_list, normalise, remove_keyword

    wanted = list(dict.fromkeys(normalise(w) for w in words if normalise(w)))
    current = {k.keyword for k in keyword_list(store, lang)}
    for word in wanted:
        if word not in current:
            add_keyword(store, lang, word)
    extra = sorted(current - set(wanted))
    for word in extra:
        remove_keyword(store, lang, word)
    return len([w for w in wanted if w not in current]), len(extra)


def apply_settings(store, plan: PackPlan) -> None:
    """Write the settings of a pack (after its database changes were committed)."""
    if "followup_days" not in plan.settings or store.settings is None or store.home is None:
        return
    store.settings.extra["followup_days"] = plan.settings["followup_days"]
    store.settings.save(store.home.settings_path)


def describe_change(change: dict) -> str:
    """One sentence for one stored change of a pack."""
    what = change.get("what")
    if what == "form":
        return _("Questionnaire {form} version {version} installed; new responses use it.").format(
            form=change["form_id"], version=change["version"]
        )
    if what == "rates":
        n = change["count"]
        return ngettext(
            "{n} exchange rate added to the rate table.", "{n} exchange rates added to the rate table.", n
        ).format(n=format_number(n))
    if what == "keywords":
        return _("Keyword list ({language}): {added} added, {removed} removed.").format(
            language=language_names().get(change["language"], change["language"]),
            added=format_number(change["added"]),
            removed=format_number(change["removed"]),
        )
    if what == "followup_days":
        n = change["days"]
        return ngettext("Follow-up period set to {n} day.", "Follow-up period set to {n} days.", n).format(
            n=format_number(n)
        )
    if what == "records":
        return _(
            "Coordinator decisions: {updated} records updated, {kept} kept (your newer edits go to the coordinator)."
        ).format(updated=format_number(change["updated"]), kept=format_number(change["kept"]))
    if what == "reference":
        return str(change.get("text", ""))
    return canonical_json(change)
