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
from desktop.i18n import _, current_language, language_names
from desktop.reports import labels
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


def _answer_hint(q: Question) -> str:
    return {
        "integer": _("(whole number)"),
        "decimal": _("(number)"),
        "date": _("(date: day / month / year)"),
        "select_one": _("(tick one)"),
        "select_multiple": _("(tick all that apply)"),
    }.get(q.type, "")


def question_cell(form, q: Question, lang: str, st: dict) -> list:
    """The flowables of one question in one language: label, hint, boxes or writing lines."""
    label, _fallback = form.label(q, lang)
    out = [para(label, st["cell_bold"])]
    hint, _f = form.hint(q, lang)
    extra = " ".join(x for x in (hint, _answer_hint(q), _("(only if it applies)") if q.relevant else "") if x)
    if extra:
        out.append(para(extra, st["small"]))
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


def _rows(form, langs: list[str], st: dict) -> tuple[list, list]:
    rows, heading_rows, number = [], [], 0
    for element, _parents in iter_elements(form.children):
        if isinstance(element, Group):
            text = " / ".join(form.label(element, lang)[0] for lang in langs)
            if element.is_repeat:
                text += " " + _("(repeat as needed)")
            heading_rows.append(len(rows))
            rows.append([para(text, st["h3"])] + [""] * len(langs))
            continue
        if not element.is_displayed:
            continue
        if element.type == "note":
            rows.append([""] + [question_cell(form, element, lang, st) for lang in langs])
            continue
        number += 1
        rows.append([para(f"{number}.", st["cell_bold"])] + [question_cell(form, element, lang, st) for lang in langs])
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
