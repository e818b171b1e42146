"""XLSForm-driven questionnaires: import, validation, expressions and filling (no Qt, no SQL).

Public API::

    load_xlsform(path, media=None) -> FormDefinition  # raises FormError listing every Problem (sheet, row, column);
                                                  # .warnings: rows skipped or read with a guess
    open_form_package(path, media_files)          # an .xlsx, a folder or a zip (Kobo/Central)
    import_responses(book, form_id, path)         # Kobo/Central CSV, XLSX or zip of responses
    export_xlsform(definition, path) -> Path      # re-imports to an equal definition
    FormDefinition.to_json() / FormDefinition.from_json(text)
    FormSession(definition, answers=None)         # skip logic, calculations, problems
    parse_expression(text) -> Expr                # raises ExpressionError(message, position)
    evaluate(expr, values, current=None, today=None)
    builtin_form_path() -> Path                   # the built-in needs-assessment questionnaire
"""

from desktop.forms.builtin_questionnaire import builtin_form_path
from desktop.forms.errors import ExpressionError, FormError, form_issue
from desktop.forms.expressions import Expr, evaluate, evaluate_bool
from desktop.forms.expressions import parse as parse_expression
from desktop.forms.model import Choice, FormDefinition, Group, Page, Question, Texts
from desktop.forms.session import FormCompletion, FormSession
from desktop.forms.xlsform import load_xlsform
from desktop.forms.xlsform_export import export_xlsform

__all__ = [
    "Choice",
    "Expr",
    "ExpressionError",
    "FormDefinition",
    "FormError",
    "FormCompletion",
    "FormSession",
    "Group",
    "Page",
    "Question",
    "Texts",
    "builtin_form_path",
    "evaluate",
    "evaluate_bool",
    "export_xlsform",
    "form_issue",
    "load_xlsform",
    "parse_expression",
]
