"""reportlab's own fonts (Vera, Type 1 metrics) for charts and any standard-font fallback."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("reportlab", includes=["fonts/*"])
