"""Installed questionnaire forms: every version of every form this device knows, in the database.

``FormLibrary(store)`` installs an XLSForm only after validating it completely
(:func:`load_xlsform` with the pyxform second opinion); an invalid form raises
:class:`FormError` listing every problem and nothing is written. A definition
is stored as JSON under ``(form_id, version)`` and never changed afterwards:
installing a new version adds a row, so responses recorded against an older
version (each response keeps ``form_id`` and ``form_version``) stay readable
with the definition they were filled in with. Installing the same version
again is accepted when the content is identical and refused otherwise (the
version must be raised). The built-in needs-assessment questionnaire is
installed the first time the library is used.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.ids import utc_now
from desktop.domain.validation import Problem
from desktop.errors import PantauError
from desktop.forms.builtin_questionnaire import FORM_ID as BUILTIN_FORM_ID
from desktop.forms.builtin_questionnaire import builtin_form_path
from desktop.forms.errors import FormError, form_issue
from desktop.forms.form_package import open_form_package
from desktop.forms.model import FormDefinition
from desktop.forms.xlsform import load_xlsform
from desktop.forms.xlsform_export import export_xlsform
from desktop.i18n import _, language_names

RESPONDENT_QUESTIONS = {
    "respondent_country": "country",
    "respondent_agency": "agency_type",
    "respondent_role": "role_level",
}


class UnknownForm(PantauError):
    """No installed form (or version) with the given id."""


def version_key(version: str) -> tuple:
    """Sort key for versions: numbers compare as numbers ('2026.10' after '2026.9')."""
    parts = re.findall(r"\d+|[^\d.\-_ ]+", version or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def language_label(definition: FormDefinition | None, code: str) -> str:
    """A language's name for people: Pantau's own names, else the form's column name."""
    known = language_names()
    if code in known:
        return known[code]
    if definition is not None and definition.language_names.get(code):
        return definition.language_names[code]
    return code


@dataclass(frozen=True)
class InstalledForm:
    form_id: str
    version: str
    title: str
    languages: tuple[str, ...]
    default_language: str
    installed_at: str
    builtin: bool
    source_name: str = ""
    responses: int = 0  # live responses to this version
    complete: int = 0


@dataclass
class InstallResult:
    definition: FormDefinition
    already_installed: bool = False
    # language code -> cells (sheet, row, column) with no text in that language
    missing_translations: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # rows skipped or read with a guess

    def warning_lines(self) -> list[str]:
        """One translated line per language with missing translations, listing the cells."""
        lines = [str(issue) for issue in self.warnings]
        for lang, cells in self.missing_translations.items():
            where = "; ".join(form_issue(sheet, row, column, "").location() for sheet, row, column in cells)
            lines.append(
                _(
                    "{count} texts have no {language} translation (the default language is shown instead): {cells}"
                ).format(count=len(cells), language=language_label(self.definition, lang), cells=where)
            )
        return lines


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _same_content(stored: str, text: str) -> bool:
    """Is a definition stored by an earlier Pantau (fewer keys in its JSON) the same form as ``text``?"""
    try:
        return FormDefinition.from_json(stored).to_json() == text
    except FormError:
        return False


class FormLibrary:
    """The installed forms of one store (one device)."""

    def __init__(self, store):
        self.store = store
        self._cache: dict[tuple[str, str], FormDefinition] = {}

    # -- installing -------------------------------------------------------------------
    def install_file(self, path: str | Path, media_files: list | None = None) -> InstallResult:
        """Validate the XLSForm at ``path`` (an .xlsx, a folder or a zip with its media files,
        plus ``media_files``) completely and install it.

        Raises :class:`FormError` (every problem, with sheet, row and column) when the
        form is invalid, or when this version is installed with other content."""
        path = Path(path)
        if not path.exists():
            issue = form_issue(path.name, None, None, _("The file {path} does not exist.").format(path=path))
            raise FormError([issue], issue.message)
        with open_form_package(path, media_files) as package:
            definition = load_xlsform(package.workbook, media=package.media, form_name=Path(package.name).stem)
        self.ensure_builtin()
        result = self.install(definition, source_name=package.name)
        result.warnings = list(definition.warnings)
        return result

    def install(self, definition: FormDefinition, source_name: str = "", builtin: bool = False) -> InstallResult:
        """Install an already validated definition (from :func:`load_xlsform`)."""
        text = definition.to_json()
        digest = _sha256(text)
        result = InstallResult(definition, missing_translations=definition.missing_translations())
        with self.store.transaction():
            existing = self.store.queries.forms.form_row(definition.form_id, definition.version)
            if existing is not None:
                if existing["sha256"] != digest and not _same_content(existing["definition"], text):
                    issue = form_issue(
                        "settings",
                        definition.title_row or None,
                        "version",
                        _(
                            "Form '{form}' version {version} is already installed with different content. "
                            "Give the changed form a new version in the settings sheet."
                        ).format(form=definition.form_id, version=definition.version),
                    )
                    raise FormError([issue], issue.message)
                result.already_installed = True
                return result
            self.store.queries.forms.insert_form(
                {
                    "form_id": definition.form_id,
                    "version": definition.version,
                    "title": definition.title_text(definition.default_language),
                    "languages": " ".join(definition.languages),
                    "default_language": definition.default_language,
                    "definition": text,
                    "sha256": digest,
                    "source_name": source_name,
                    "installed_at": utc_now(),
                    "installed_by": self.store.actor.officer_name,
                    "builtin": 1 if builtin else 0,
                }
            )
        self._cache[(definition.form_id, definition.version)] = definition
        return result

    def ensure_builtin(self) -> None:
        """Install the shipped needs-assessment questionnaire if this device has no version of it.

        The shipped workbook is checked with pyxform by the test suite, so the import here
        skips that slower second opinion; Pantau's own checks still run."""
        if self.store.queries.forms.form_rows(BUILTIN_FORM_ID):
            return
        definition = load_xlsform(builtin_form_path(), use_pyxform=False)
        self.install(definition, source_name=builtin_form_path().name, builtin=True)

    # -- reading ------------------------------------------------------------------------
    def installed(self) -> list[InstalledForm]:
        """Every installed version, with its response counts, by form id then version."""
        self.ensure_builtin()
        counts = self.store.queries.forms.response_counts_by_form()
        out = []
        for row in self.store.queries.forms.form_rows():
            by_status = counts.get((row["form_id"], row["version"]), {})
            out.append(
                InstalledForm(
                    form_id=row["form_id"],
                    version=row["version"],
                    title=row["title"],
                    languages=tuple(row["languages"].split()),
                    default_language=row["default_language"],
                    installed_at=row["installed_at"],
                    builtin=bool(row["builtin"]),
                    source_name=row["source_name"],
                    responses=sum(by_status.values()),
                    complete=by_status.get("complete", 0),
                )
            )
        out.sort(key=lambda f: (f.form_id, version_key(f.version)))
        return out

    def form_ids(self) -> list[str]:
        return list(dict.fromkeys(f.form_id for f in self.installed()))

    def versions(self, form_id: str) -> list[str]:
        """Installed versions of ``form_id``, oldest first."""
        self.ensure_builtin()
        rows = self.store.queries.forms.form_rows(form_id)
        return sorted((r["version"] for r in rows), key=version_key)

    def latest_version(self, form_id: str) -> str:
        versions = self.versions(form_id)
        if not versions:
            raise UnknownForm(_("No form '{form}' is installed.").format(form=form_id))
        return versions[-1]

    def get(self, form_id: str, version: str | None = None) -> FormDefinition:
        """The definition of ``form_id`` at ``version`` (default: the newest installed)."""
        version = version or self.latest_version(form_id)
        key = (form_id, version)
        if key not in self._cache:
            self.ensure_builtin()
            row = self.store.queries.forms.form_row(form_id, version)
            if row is None:
                raise UnknownForm(
                    _("Form '{form}' version {version} is not installed on this device.").format(
                        form=form_id, version=version
                    )
                )
            self._cache[key] = FormDefinition.from_json(row["definition"])
        return self._cache[key]

    def for_response(self, response) -> FormDefinition:
        """The definition a response was filled in with (its own form version)."""
        return self.get(response.form_id, response.form_version)

    def export(self, form_id: str, path: str | Path, version: str | None = None) -> Path:
        """Write an installed definition back as an XLSForm workbook."""
        definition = self.get(form_id, version)
        try:
            return export_xlsform(definition, path)
        except OSError as exc:
            raise PantauError(
                _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
            ) from None


def respondent_fields(answers: dict, ref=None) -> dict[str, str]:
    """The response's respondent columns from the answers to ``country``, ``agency_type`` and
    ``role_level`` (a country is kept only when it is a known country code)."""
    out = {}
    for column, question in RESPONDENT_QUESTIONS.items():
        value = answers.get(question)
        value = value if isinstance(value, str) else ""
        if column == "respondent_country" and value and ref is not None and ref.country(value) is None:
            value = ""
        out[column] = value
    return out
