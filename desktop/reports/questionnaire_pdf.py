"""Questionnaire summary: complete responses by country, agency and role; for each
closed question the distribution of answers with a chart; numbers summarised;
open answers listed. Counts are computed in SQL over the stored answers (keyed
by question name; choices by their name)."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from desktop.forms.model import Group, iter_elements
from desktop.i18n import _, current_language, format_number, format_percent, ngettext
from desktop.progress import Progress
from desktop.reports import charts
from desktop.reports.form_pdf import load_form
from desktop.reports.labels import RefLabels
from desktop.reports.pdf_base import ReportMeta, build_pdf, data_table, frame_width, para, styles
from desktop.training import is_training

COUNTED_BY = ("respondent_country", "respondent_agency", "respondent_role")


def answer_distribution(store, form_id: str, question) -> dict[str, int]:
    """Choice name → responses that chose it (a multiple choice counts each chosen name)."""
    counts: dict[str, int] = {}
    for json_type, value, n in store.queries.report.answer_values(form_id, question.name):
        if json_type == "null" or value in (None, ""):
            continue
        names = [str(value)]
        if question.type == "select_multiple" and json_type == "text":
            names = str(value).split()
        for name in names:
            counts[name] = counts.get(name, 0) + n
    return counts


def number_summary(store, form_id: str, name: str) -> dict | None:
    values = []
    for _json_type, value, n in store.queries.report.answer_values(form_id, name):
        try:
            values += [float(value)] * n
        except (TypeError, ValueError):
            continue
    if not values:
        return None
    values.sort()
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return {"n": len(values), "min": values[0], "median": median, "max": values[-1], "mean": sum(values) / len(values)}


def _by_respondent(store, form_id: str, width: float, st: dict, names: RefLabels) -> list:
    out = []
    titles = {
        "respondent_country": _("Responses by country"),
        "respondent_agency": _("Responses by agency"),
        "respondent_role": _("Responses by role"),
    }
    for column in COUNTED_BY:
        rows = store.queries.report.response_counts(form_id, column)
        shown = [(names.country(v) if column == "respondent_country" else v) or _("Not given") for v, _n in rows]
        out.append(
            KeepTogether(
                [
                    para(titles[column], st["h3"]),
                    charts.horizontal_bars(
                        shown,
                        [n for _v, n in rows],
                        width,
                        [format_number(n) for _v, n in rows],
                        bar_height=11,
                        label_share=0.3,
                    ),
                ]
            )
        )
    return out


def write_questionnaire_summary(store, path, form_id: str, progress: Progress | None = None) -> dict:
    """Write the summary PDF of ``form_id``; returns {"complete": n, "draft": n, "questions": n}."""
    form = load_form(store, form_id)
    lang = current_language()
    names = RefLabels(store.ref)
    complete, draft = store.queries.report.response_total(form_id)
    meta = ReportMeta(title=form.title_text(lang), database_id=store.device_id, training=is_training(store.home))
    width, st = frame_width(meta), styles()
    story = [
        para(form.title_text(lang), st["title"]),
        para(
            _("Summary of responses · form {id}, version {version}").format(id=form.form_id, version=form.version),
            st["subtitle"],
        ),
        para(
            ngettext(
                "{n} complete response is summarised here.", "{n} complete responses are summarised here.", complete
            ).format(n=format_number(complete))
            + " "
            + ngettext("{n} draft is not counted.", "{n} drafts are not counted.", draft).format(
                n=format_number(draft)
            ),
            st["narrative"],
        ),
        para(_("Respondents"), st["h2"]),
    ]
    story += _by_respondent(store, form_id, width, st, names)
    questions = [
        e for e, _p in iter_elements(form.children) if not isinstance(e, Group) and e.is_input and not e.repeat
    ]
    story.append(para(_("Answers"), st["h2"]))
    for done, q in enumerate(questions, start=1):
        label = form.label(q, lang)[0]
        if q.is_select:
            counts = answer_distribution(store, form_id, q)
            order = [c.name for c in q.choices] + [k for k in counts if k not in {c.name for c in q.choices}]
            by_name = {c.name: form.label(c, lang)[0] for c in q.choices}
            shown = [(by_name.get(k, k), counts.get(k, 0)) for k in order]
            answered = store.queries.report.answered_count(form_id, q.name)
            total = answered or 1
            note = (
                ngettext(
                    "{n} response answered; several answers were possible.",
                    "{n} responses answered; several answers were possible.",
                    answered,
                )
                if q.type == "select_multiple"
                else ngettext("{n} response answered.", "{n} responses answered.", answered)
            )
            chart = charts.horizontal_bars(
                [s for s, _n in shown],
                [n for _s, n in shown],
                width,
                [f"{format_number(n)} ({format_percent(n / total)})" for _s, n in shown],
                bar_height=11,
                label_share=0.42,
                max_value=max(1, max((n for _s, n in shown), default=1)),
                empty_text=_("No answers."),
            )
            story.append(
                KeepTogether(
                    [
                        para(f"{done}. {label}", st["h3"]),
                        para(note.format(n=format_number(answered)), st["note"]),
                        chart,
                        Spacer(1, 3),
                    ]
                )
            )
        elif q.type in ("integer", "decimal"):
            summary = number_summary(store, form_id, q.name)
            text = (
                _("No answers.")
                if summary is None
                else _("{n} answers: lowest {low}, median {median}, highest {high}, mean {mean}.").format(
                    n=format_number(summary["n"]),
                    low=format_number(summary["min"]),
                    median=format_number(summary["median"]),
                    high=format_number(summary["max"]),
                    mean=format_number(round(summary["mean"], 1)),
                )
            )
            story.append(KeepTogether([para(f"{done}. {label}", st["h3"]), para(text, st["body"])]))
        elif q.type == "text":
            answers = store.queries.report.open_answers(form_id, q.name)
            story.append(para(f"{done}. {label}", st["h3"]))
            if answers:
                story.append(
                    data_table(
                        [_("Country"), _("Agency"), _("Answer")],
                        [[names.country(c), a, text] for c, a, text in answers],
                        [width * 0.16, width * 0.16, width * 0.68],
                        st=st,
                    )
                )
            else:
                story.append(para(_("No answers."), st["body"]))
        if progress:
            progress(done, len(questions))
    build_pdf(path, story, meta)
    return {"complete": complete, "draft": draft, "questions": len(questions)}
