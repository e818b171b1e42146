"""pyxform reads JSON and language-subtag lists at run time; the Java ODK validator is not used."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files(
    "pyxform", excludes=["**/odk_validate/**", "**/enketo_validate/**", "**/*.jar", "**/xlsform_spec_test.xml"]
)
