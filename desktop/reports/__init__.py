"""Reports and data exchange (no Qt): monitoring figures (computed in SQL by
``desktop.db.report_sql``), PDF reports drawn with reportlab, CSV/XLSX/GeoJSON
exports, the CITES annual illegal trade report, and import of historic
spreadsheets.

Entry points::

    figures.monitoring_figures(store, date_from, date_to, country=None, platform=None) -> dict
    summary_pdf.write_monitoring_summary(store, path, date_from, date_to, country, platform, progress)
    questionnaire_pdf.write_questionnaire_summary(store, path, form_id, progress)
    tip_pdf.write_tip(store, path, accounts, progress)             # RESTRICTED
    form_pdf.write_blank_form(store, path, form_id, langs) / write_response(store, path, record_id)
    seizure_pdf.write_seizure_sheet(store, path, record_id)
    exports.export_records(store, kind, "csv" | "xlsx", path, list_filter, progress)
    geo.export_geojson(store, path, kind, list_filter, progress)
    cites_aitr.export_aitr(store, year, country, path, progress)
    imports.run_import(...)   # moved to desktop.imports (kept here for callers)

Slow functions take an optional ``progress(done, total)`` callable (the GUI's
OperationRunner passes one that raises when the user cancels).
"""
