"""The online-trade observation form: one advert or post offering wildlife.

Keyboard order follows how an advert is read: its web address (pasting it
fills the platform and, from the domain, the country), platform, country,
date, group, seller, then the species lines, the price, the seller's phone
numbers and other accounts, the monitoring session and keyword that found the
advert, the follow-up and the evidence. The fields after the price are not in
the way of a typical advert (saved with Ctrl+S from the price); "Save and new"
keeps the session and keyword with the other context fields.
"""

from __future__ import annotations

import datetime as dt

from babel.numbers import get_territory_currencies
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit

from desktop.domain.records import Observation
from desktop.domain.validation import WARNING, Problem
from desktop.errors import PantauError
from desktop.i18n import _, current_language, format_date
from desktop.ui.forms.base_form import EVIDENCE, LINES, RecordForm
from desktop.ui.forms.fields import DateField, ListEdit
from desktop.ui.widgets.choices import ChoiceCombo, country_items, platform_items
from desktop.ui.widgets.contact_fields import (
    HANDLE_EXAMPLES,
    SessionChoices,
    contacts_preview,
    handle_hint,
    handles_preview,
)
from desktop.ui.widgets.money_edit import MoneyEdit
from desktop.ui.widgets.species_picker import malaysian_jurisdiction

COUNTRY_DOMAINS = {"id": "ID", "my": "MY", "sg": "SG"}


def country_for_url(host_or_url: str) -> str:
    """ID, MY or SG from a country domain (shopee.co.id, lazada.com.my, carousell.sg), else ""."""
    text = (host_or_url or "").lower()
    host = text.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return COUNTRY_DOMAINS.get(host.rsplit(".", 1)[-1], "") if "." in host else ""


def currency_for_country(ref, country: str) -> str:
    known = {c.code for c in ref.currencies}
    try:
        currencies = get_territory_currencies(country) if country else []
    except (ValueError, LookupError):
        currencies = []
    return next((c for c in currencies if c in known), "")


class ObservationForm(RecordForm):
    kind = "observation"
    record_class = Observation
    lines_field = "species"
    context_fields = ("platform", "country", "observed_at", "group_name", "session_id", "keyword")
    reminder_fields = ("evidence",)  # reported without a screenshot: a reminder, not a second Ctrl+S
    field_order = (
        "url",
        "platform",
        "country",
        "observed_at",
        "group_name",
        "seller_handle",
        "seller_name",
        "seller_location",
        LINES,
        "price",
        "currency",
        "price_text",
        "contacts",
        "handles",
        "session_id",
        "keyword",
        "reported",
        "reported_on",
        "removed",
        "account_locked",
        "notes",
        EVIDENCE,
    )

    def __init__(self, store, settings=None, parent=None):
        self._auto: set[str] = set()  # fields filled from another field, not typed
        self._url_notes: tuple[str, list[str]] = ("", [])  # (web address, its duplicate notes)
        self.session_choices = SessionChoices(store)
        self._keyword_items: list[tuple[str, str]] = []
        super().__init__(store, settings, parent)

    def build_body(self, body) -> None:
        ref = self.ref
        self.money = MoneyEdit(ref)
        advert, advert_form = self.group(_("Advert"))
        self.add_field(
            advert_form,
            "url",
            _("Web address:"),
            QLineEdit(),
            _("Paste the advert's address; the platform and country are filled in from it."),
        )
        self.widget("url").setPlaceholderText("https://…")
        self.add_field(advert_form, "platform", _("Platform:"), ChoiceCombo(platform_items(ref), _("— choose —")))
        self.add_field(advert_form, "country", _("Country:"), ChoiceCombo(country_items(ref), _("— choose —")))
        self.add_field(advert_form, "observed_at", _("Date seen:"), DateField())
        self.add_field(advert_form, "group_name", _("Group, page or shop:"), QLineEdit())

        seller, seller_form = self.group(_("Seller"))
        self.add_field(
            seller_form,
            "seller_handle",
            _("Account name:"),
            QLineEdit(),
            _("The seller's user name or handle as shown on the platform."),
        )
        self.add_field(seller_form, "seller_name", _("Display name:"), QLineEdit())
        self.add_field(seller_form, "seller_location", _("Province or state:"), ChoiceCombo([], _("— not known —")))

        species_box, species_form = self.group(_("Species offered"))
        species_form.addRow(self.lines)
        self.errors["species"] = self.lines.list_error

        price, price_form = self.group(_("Price"))
        self.add_field(
            price_form,
            "price",
            _("Price:"),
            self.money.amount,
            _("Type the number as usual in your language, for example 150.000 or 150,000."),
        )
        self.add_field(price_form, "currency", _("Currency:"), self.money.currency)
        price_form.addRow("", self.money.usd_label)
        self.add_field(
            price_form,
            "price_text",
            _("Price as written:"),
            QLineEdit(),
            _("The price exactly as the advert states it, for example “150rb nego”."),
        )

        contacts = self.build_contacts()
        session = self.build_session()

        follow, follow_form = self.group(_("Follow-up"))
        self.add_field(follow_form, "reported", _("Reported:"), QCheckBox(_("Reported to the platform")))
        self.add_field(follow_form, "reported_on", _("Reported on:"), DateField())
        self.add_field(follow_form, "removed", _("Removed:"), QCheckBox(_("Advert removed")))
        self.add_field(follow_form, "account_locked", _("Account:"), QCheckBox(_("Seller account locked")))

        notes, evidence = self.notes_and_evidence()
        self.lay_out(body, [[advert, seller], [species_box], [price, contacts], [session, follow], [notes], [evidence]])
        self.widget("url").textChanged.connect(self._url_changed)

    def build_contacts(self):
        box, form = self.group(_("Contacts"))
        self.contacts_read = self._preview(
            self.add_field(
                form,
                "contacts",
                _("Phone numbers:"),
                ListEdit(),
                _("Phone or WhatsApp numbers as written in the advert, separated by commas."),
            ),
            "contactsRead",
        )
        self.widget("contacts").setPlaceholderText("0812-3456-7890, +60 12-345 6789")
        self.handles_read = self._preview(
            self.add_field(form, "handles", _("Other accounts:"), ListEdit(), handle_hint(self.ref)), "handlesRead"
        )
        self.widget("handles").setPlaceholderText(HANDLE_EXAMPLES)
        return box

    def _preview(self, holder, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.hide()
        holder.layout().insertWidget(1, label)
        return label

    def build_session(self):
        box, form = self.group(_("Monitoring session"))
        self.add_field(
            form,
            "session_id",
            _("Session:"),
            ChoiceCombo([], _("— none —")),
            _("The monitoring session during which the advert was found (Sessions page)."),
        )
        self.add_field(
            form,
            "keyword",
            _("Keyword:"),
            ChoiceCombo([], _("— none —")),
            _("The search keyword that found the advert."),
        )
        return box

    def title_text(self) -> str:
        if not self.record_id:
            return _("New observation")
        return _("Edit observation")

    def defaults(self) -> dict:
        country = (self.settings.country if self.settings else "") or ""
        return {
            "observed_at": dt.date.today().isoformat(),
            "country": country,
            "currency": currency_for_country(self.ref, country),
            "reported_on": "",
        }

    def convert(self, values: dict) -> dict:
        if not values.get("reported"):
            values["reported_on"] = ""
        return values

    def state(self) -> dict:
        state = super().state()
        state["auto"] = sorted(self._auto)
        return state

    def set_state(self, state: dict) -> None:
        super().set_state(state)
        self._auto = set(state.get("auto") or [])

    def start_new(self, context: dict | None = None) -> None:
        self._auto = set()
        self._url_notes = ("", [])  # records saved since may be duplicates now
        self._load_sessions((context or {}).get("session_id", ""))
        super().start_new(context)

    def load_record(self, record) -> None:
        self._auto = set()
        self._url_notes = ("", [])
        self._load_sessions(record.session_id)
        super().load_record(record)

    def _load_sessions(self, keep: str) -> None:
        self.widget("session_id").set_items(self.session_choices.load(keep), _("— none —"))

    # -- dependent fields ------------------------------------------------------------
    def _fill(self, name: str, value: str) -> None:
        """Fill ``name`` from another field unless the user chose it."""
        binding = self.bindings[name]
        if value and (not binding.get() or name in self._auto) and binding.get() != value:
            binding.put(value)
            self._auto.add(name)
            self.after_load()

    def _url_changed(self, text: str) -> None:
        if self._loading:
            return
        platform = self.ref.platform_for_url(text.strip())
        if platform:
            self._fill("platform", platform)
        country = country_for_url(text.strip())
        if country:
            self._fill("country", country)
            self._fill("currency", currency_for_country(self.ref, self.value("country")))

    def current_problems(self):
        """The record's problems, and (once the web address was left) an advert already saved with it."""
        record, problems = super().current_problems()
        url = (record.url or "").strip()
        if url and "url" in self.touched:
            if self._url_notes[0] != url:
                self._url_notes = (url, self._same_url_notes(record))
            problems = problems + [Problem("url", note, WARNING) for note in self._url_notes[1]]
        return record, problems

    def _same_url_notes(self, record) -> list[str]:
        return [self._duplicate_note(other, True) for other, same_url in self._duplicates(record) if same_url]

    def on_committed(self, name: str) -> None:
        if name in ("platform", "country", "currency"):
            self._auto.discard(name)
        if name == "country":
            self._fill("currency", currency_for_country(self.ref, self.value("country")))
        if name == "session_id":
            self._fill("platform", self.session_choices.platform(self.value("session_id")))
            self._update_keywords(keep_other=False)
        if name == "reported" and self.value("reported") and not self.widget("reported_on").isEnabled():
            self.widget("reported_on").set_iso(dt.date.today().isoformat())
        self.after_load()

    def after_load(self) -> None:
        self.refresh_subdivisions("seller_location")
        self.widget("reported_on").setEnabled(bool(self.value("reported")))
        self.money.update_usd(self.rates, self.value("observed_at"))
        self._update_keywords(keep_other=True)
        country = self.value("country")
        for label, text in (
            (self.contacts_read, contacts_preview(self.value("contacts"), country)),
            (self.handles_read, handles_preview(self.ref, self.value("handles"), country)),
        ):
            label.setText(text)
            label.setVisible(bool(text))
        jurisdictions = ("ID", malaysian_jurisdiction(self.ref, self.value("seller_location")))
        self.lines.set_context(self.value("observed_at"), jurisdictions)

    def _update_keywords(self, keep_other: bool) -> None:
        """Offer the session's keywords; a keyword the chosen session did not search is cleared."""
        combo, session_id = self.widget("keyword"), self.value("session_id")
        items = self.session_choices.keywords(session_id, self.value("country"), current_language())
        if items != self._keyword_items:
            self._keyword_items = items
            combo.set_items(items, _("— none —"))
        if not keep_other and session_id and combo.value() not in {word for word, _w in items}:
            combo.set_value("", emit=False)

    # -- duplicates -------------------------------------------------------------------------
    def duplicate_notes(self, record) -> list[str]:
        return [self._duplicate_note(other, same_url) for other, same_url in self._duplicates(record)]

    def _duplicates(self, record):
        """Up to five saved adverts that look like ``record``, each with whether its URL is the same."""
        for other_id in self.store.duplicates_of(record)[:5]:
            try:
                other = self.store.get("observation", other_id)
            except PantauError:
                continue
            yield other, bool(record.url) and other.url.strip() == record.url.strip()

    @staticmethod
    def _duplicate_note(other, same_url: bool) -> str:
        try:
            day = format_date(dt.date.fromisoformat(other.observed_at))
        except ValueError:
            day = other.observed_at
        if same_url:
            return _(
                "Possible duplicate: an observation with the same web address was saved on {date} (seller {seller})."
            ).format(date=day, seller=other.seller_handle or "—")
        return _(
            "Possible duplicate: seller {seller} was already recorded offering the same species on {date}."
        ).format(seller=other.seller_handle, date=day)
