"""The import's findings as text lines: problems (one line per row, or per distinct value with its
rows), then the summary (rows ready, rows with problems by kind, columns ignored, how dates were
read, species named only in words, which rows are new, changed or already present)."""

from __future__ import annotations

from desktop.i18n import _, format_number, ngettext
from desktop.imports.run import ImportResult
from desktop.imports.values import DATE_FORMS

KIND_LABELS = {"rule": "rule", "ownership": "ownership"}


def row_ranges(rows: list[int], limit: int = 12) -> str:
    """[2, 3, 4, 7] → '2–4, 7' (at most ``limit`` ranges, then '…')."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    shown = [str(a) if a == b else f"{a}–{b}" for a, b in ranges[:limit]]
    return ", ".join(shown) + (", …" if len(ranges) > limit else "")


def problem_lines(result: ImportResult) -> list[str]:
    out = []
    for problem in sorted(result.problems, key=lambda p: (p.row, p.column)):
        label = _("error") if problem.severity == "error" else _("warning")
        out.append(
            _("Row {row}, {column} ({severity}): {message}").format(
                row=problem.row, column=problem.column, severity=label, message=problem.message
            )
        )
    for (name, value), entry in sorted(result.value_problems.items(), key=lambda kv: kv[1]["rows"][:1]):
        label = _("error") if entry["problem"].is_error else _("warning")
        out.append(
            ngettext(
                "Column {column}, value '{value}' ({severity}; row {rows}): {message}",
                "Column {column}, value '{value}' ({severity}; {n} rows: {rows}): {message}",
                entry["count"],
            ).format(
                column=result.column_of(name),
                value=value,
                severity=label,
                n=format_number(entry["count"]),
                rows=row_ranges(entry["rows"], 8) + (", …" if entry["count"] > len(entry["rows"]) else ""),
                message=entry["problem"].message,
            )
        )
    if result.problem_count > len(result.problems) + sum(e["count"] for e in result.value_problems.values()):
        out.append(_("(More problems were found than are listed here.)"))
    return out


def summary_lines(result: ImportResult) -> list[str]:
    counts = result.counts
    ready = counts["new"] + counts["changed"] + counts["present"]
    out = [
        _("Rows read: {rows}; records: {records}.").format(
            rows=format_number(result.rows), records=format_number(result.records)
        ),
        _("Records ready: {ready} (new {new}, changed {changed}, already present {present}).").format(
            ready=format_number(ready),
            new=format_number(counts["new"]),
            changed=format_number(counts["changed"]),
            present=format_number(counts["present"]),
        ),
    ]
    if counts["refused"]:
        out.append(
            ngettext(
                "Records with problems: {n} ({rows} rows).",
                "Records with problems: {n} ({rows} rows).",
                counts["refused"],
            ).format(n=format_number(counts["refused"]), rows=format_number(result.bad_rows))
        )
    if result.rows_by_kind:
        kinds = ", ".join(f"{kind} {format_number(n)}" for kind, n in result.rows_by_kind.most_common())
        out.append(_("Problems by kind: {kinds}.").format(kinds=kinds))
    ignored = [result.mapping.headers[i] for i in sorted(result.mapping.ignored) if result.mapping.headers[i]]
    if ignored:
        out.append(_("Columns ignored: {columns}.").format(columns=", ".join(ignored)))
    for form, (example, iso) in sorted(result.date_forms.items()):
        out.append(
            _("Dates read as {form}: e.g. {example} → {iso}.").format(
                form=_(DATE_FORMS[form]), example=example, iso=iso
            )
        )
    if result.names_only:
        names = sorted(result.names_only.values(), key=lambda e: (-e[1], e[0].casefold()))
        out.append(
            ngettext(
                "{n} species named only in words (counted as species, marked not verified): {names}.",
                "{n} species named only in words (counted as species, marked not verified): {names}.",
                len(names),
            ).format(
                n=format_number(len(names)),
                names=", ".join(name for name, _n in names[:15]) + (", …" if len(names) > 15 else ""),
            )
        )
    verb = {
        "new": _("Rows that would be new: {rows}") if result.dry_run else _("Rows imported as new records: {rows}"),
        "changed": _("Rows that would change a record: {rows}")
        if result.dry_run
        else _("Rows that changed a record: {rows}"),
        "present": _("Rows already present: {rows}"),
    }
    for outcome in ("new", "changed", "present"):
        rows = result.outcome_rows.get(outcome)
        if rows:
            out.append(verb[outcome].format(rows=row_ranges(rows)))
    if result.refused_file:
        out.append(_("Refused rows, with the reason, written to {path}.").format(path=result.refused_file))
    return out
