"""Printable questionnaires: a blank form with tick boxes in one or two languages
side by side (for paper collection at a workshop), and one filled response as a
record. Form definitions come from :mod:`desktop.forms`."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from desktop.errors import PantauError
from desktop.forms.installed import FormLibrary
from desktop.forms.model import Group, Question, iter_elements
from desktop.i18n import N_, _, current_language, language_names, translator
from desktop.reports import labels
from desktop.reports.form_conditions import condition_sentence
from desktop.reports.labels import RefLabels
from desktop.reports.pdf_base import GREEN, LIGHT, ReportMeta, build_pdf, frame_width, key_value_table, para, styles
from desktop.reports.tip_pdf import moment_text
from desktop.training import is_training

BOX = "☐"
LINE = "_" * 60


def load_form(store, form_id: str):
    """The newest installed version of ``form_id`` (the built-in questionnaire or one imported
    with ``pantau forms import``)."""
    return FormLibrary(store).get(form_id)


def _answer_hint(q: Question, tr) -> str:
    hints = {
        "integer": N_("(whole number)"),
        "decimal": N_("(number)"),
        "date": N_("(date: day / month / year)"),
        "select_one": N_("(tick one)"),
        "select_multiple": N_("(tick all that apply)"),
    }
    return tr(hints[q.type]) if q.type in hints else ""


def question_cell(form, q: Question, lang: str, st: dict, tr=None, numbers: dict[str, int] | None = None) -> list:
    """The flowables of one question in one language: label, hint, when to answer it, boxes or writing
    lines. ``tr`` translates Pantau's own instructions into the column's language (``translator(lang)``)."""
    tr = tr or translator(lang)
    label, _fallback = form.label(q, lang)
    out = [para(label, st["cell_bold"])]
    hint, _f = form.hint(q, lang)
    extra = " ".join(x for x in (hint, _answer_hint(q, tr)) if x)
    if extra:
        out.append(para(extra, st["small"]))
    condition = condition_sentence(form, q, numbers or {}, lang, tr)
    if condition:
        out.append(para(condition, st["small"]))
    if q.type == "note":
        return out
    if q.is_select:
        for choice in q.choices:
            out.append(para(f"{BOX}  {form.label(choice, lang)[0]}", st["cell"]))
    elif q.type == "date":
        out.append(para("__ / __ / ____", st["cell"]))
    elif q.type in ("integer", "decimal"):
        out.append(para("[ __________ ]", st["cell"]))
    else:
        out += [para(LINE, st["small"]), para(LINE, st["small"])]
    return out


def question_numbers(form) -> dict[str, int]:
    """The number printed before each displayed question (notes and groups have none)."""
    numbers: dict[str, int] = {}
    for element, _parents in iter_elements(form.children):
        if isinstance(element, Question) and element.is_displayed and element.type != "note":
            numbers[element.name] = len(numbers) + 1
    return numbers


def _rows(form, langs: list[str], st: dict) -> tuple[list, list]:
    rows, heading_rows = [], []
    numbers = question_numbers(form)
    tr = {lang: translator(lang) for lang in langs}
    for element, _parents in iter_elements(form.children):
        if isinstance(element, Group):
            parts = []
            for lang in langs:
                text = form.label(element, lang)[0]
                if element.is_repeat:
                    text += " " + tr[lang](N_("(repeat as needed)"))
                parts.append(text)
            heading_rows.append(len(rows))
            rows.append([para(" / ".join(parts), st["h3"])] + [""] * len(langs))
            continue
        if not isinstance(element, Question) or not element.is_displayed:
            continue
        cells = [question_cell(form, element, lang, st, tr[lang], numbers) for lang in langs]
        if element.type == "note":
            rows.append([""] + cells)
            continue
        rows.append([para(f"{numbers[element.name]}.", st["cell_bold"])] + cells)
    return rows, heading_rows


def write_blank_form(store, path, form_id: str, langs: list[str] | None = None) -> Path:
    """A printable blank form; two languages are printed side by side."""
    form = load_form(store, form_id)
    langs = list(dict.fromkeys(langs or [current_language()]))[:2]
    meta = ReportMeta(title=form.title_text(langs[0]), database_id=store.device_id, training=is_training(store.home))
    width, st = frame_width(meta), styles()
    names = language_names()
    story = [
        para(" / ".join(form.title_text(lang) for lang in langs), st["title"]),
        para(_("Form {id}, version {version}").format(id=form.form_id, version=form.version), st["subtitle"]),
    ]
    rows, headings = _rows(form, langs, st)
    col = (width - 10 * mm) / len(langs)
    header = [""] + [para(names.get(lang, lang), st["cell_bold"]) for lang in langs]
    table = Table([header] + rows, colWidths=[10 * mm] + [col] * len(langs), repeatRows=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GREEN),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if len(langs) == 2:
        style.append(("LINEAFTER", (1, 0), (1, -1), 0.25, GREEN))
    for index in headings:
        style.append(("SPAN", (0, index + 1), (-1, index + 1)))
        style.append(("BACKGROUND", (0, index + 1), (-1, index + 1), LIGHT))
    table.setStyle(TableStyle(style))
    story.append(table)
    return build_pdf(path, story, meta)


def answer_text(form, q: Question, value, lang: str) -> str:
    if value in (None, "", []):
        return "—"
    if q.is_select:
        chosen = value if isinstance(value, list) else ([value] if q.type == "select_one" else str(value).split())
        by_name = {c.name: form.label(c, lang)[0] for c in q.choices}
        return "\n".join(f"☒ {by_name.get(str(name), str(name))}" for name in chosen)
    return str(value)


def write_response(store, path, record_id: str) -> Path:
    """One filled response as a record: respondent, every question and its answer, envelope."""
    record = store.find(record_id)
    if record.kind != "response":
        raise PantauError(_("Record {id} is not a questionnaire response.").format(id=record_id))
    form = FormLibrary(store).for_response(record)  # the version it was answered with
    lang = current_language()
    names = RefLabels(store.ref)
    meta = ReportMeta(title=form.title_text(lang), database_id=store.device_id, training=is_training(store.home))
    width, st = frame_width(meta), styles()
    story = [
        para(form.title_text(lang), st["title"]),
        para(_("Questionnaire response"), st["subtitle"]),
        key_value_table(
            [
                (_("Form"), _("{id}, version {version}").format(id=record.form_id, version=record.form_version)),
                (_("Country"), names.country(record.respondent_country)),
                (_("Agency"), record.respondent_agency),
                (_("Role"), record.respondent_role),
                (_("Status"), labels.coded(labels.RESPONSE_STATUS, record.status)),
                (_("Language answered in"), language_names().get(record.language, record.language)),
                (_("Record id"), record.id),
                (
                    _("Recorded by"),
                    _("{officer} on device {device}").format(officer=record.officer_name, device=record.device_id),
                ),
                (_("Last changed"), moment_text(record.updated_at)),
            ],
            width,
            st,
        ),
        para(_("Answers"), st["h2_flow"]),
    ]
    pairs = []
    for element, _parents in iter_elements(form.children):
        if isinstance(element, Group) or not element.is_input or element.repeat:
            continue
        pairs.append((form.label(element, lang)[0], answer_text(form, element, record.answers.get(element.name), lang)))
    story.append(key_value_table(pairs, width, st, label_share=0.5))
    return build_pdf(path, story, meta)
