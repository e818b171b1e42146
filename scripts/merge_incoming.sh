#!/usr/bin/env bash
# Integration step: take the translations parallel work left in i18n/incoming/ into the catalogs
# (--clean also deletes the merged files, once every line of work has landed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY scripts/catalogs.py extract >/dev/null 2>&1
$PY scripts/catalogs.py update >/dev/null 2>&1
shopt -s nullglob
for f in i18n/incoming/*.id.json i18n/incoming/*.ms.json; do
  lang="${f%.json}"; lang="${lang##*.}"
  $PY scripts/catalogs.py merge "$f" "$lang"
  if [ "${1:-}" = "--clean" ]; then git rm -q --cached "$f" 2>/dev/null || true; rm -f "$f"; fi
done
$PY scripts/catalogs.py compile >/dev/null 2>&1
for lang in id ms; do
  echo "$lang untranslated: $($PY scripts/catalogs.py untranslated $lang | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')"
done
