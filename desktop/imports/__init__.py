"""Spreadsheet import (no Qt, no SQL): a coordinator's CSV or XLSX, any column names, read row by
row into observations or seizures.

Entry points::

    run.open_mapping(store, path, kind=None, chosen=None) -> (SheetReader, Mapping)
    run.run_import(store, path, dry_run, skip_bad_rows, progress, chosen, kind, mapping) -> ImportResult
    summary.problem_lines(result) / summary.summary_lines(result)
    mapping.parse_map_options / parse_value_options / read_map_file

Modules: ``fields`` (what a column can fill, header words), ``mapping`` (proposal and choices),
``values`` (cells matched as people write them), ``reader`` (streaming CSV/XLSX), ``build`` (rows →
records), ``run`` (classify and write in one transaction), ``summary`` (text for people).
"""
