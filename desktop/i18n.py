"""The one localisation module: gettext for strings, Babel for dates, numbers and money.

Use ``from desktop.i18n import _, N_, ngettext``. ``N_`` marks a string for
extraction without translating it (translate later with ``_``). Catalogs are
kept as ``i18n/<lang>/LC_MESSAGES/messages.po`` and compiled into
``desktop/locale`` by ``scripts/compile_catalogs.py`` (run by the set-up).

Babel is imported by the formatting functions when first used: the unlock screen, the first window,
needs only gettext.
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

LANGUAGES = ("en", "id", "ms")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_state = {"lang": DEFAULT_LANGUAGE, "trans": _gettext.NullTranslations()}


_ENDONYMS = {"en": "English", "id": "Bahasa Indonesia", "ms": "Bahasa Melayu"}


def language_names() -> dict[str, str]:
    """Each supported language named in its own language (for pickers; never translated)."""
    return dict(_ENDONYMS)


def set_language(lang: str | None) -> str:
    """Switch the current language; unknown codes fall back to English. Returns the code used."""
    lang = (lang or DEFAULT_LANGUAGE).split("_")[0].split("-")[0].lower()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    trans = _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)
    _state["lang"] = lang
    _state["trans"] = trans
    return lang


def translator(lang: str):
    """``gettext`` for ``lang`` alone, leaving the current language as it is: for a document written
    in another language than the app's (a printed guide); mark its strings with ``N_``."""
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True).gettext


def current_language() -> str:
    return _state["lang"]


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _state["trans"].gettext(message)


def translated(message: str) -> str:
    """The translation of text marked with ``N_()`` elsewhere and looked up at run time.

    For a variable (``translated(LABELS.get(code, code))``): ``_()`` takes literals only, since Babel
    extracts any literal inside a ``_()`` call. Empty text stays empty (``_("")`` is the catalog header).
    """
    return _(message) if message else ""


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark ``message`` for extraction; translate it later with ``_``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with the plural form for ``n``."""
    return _state["trans"].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _state["trans"].pgettext(context, message)


def babel_locale() -> Locale:
    from babel import Locale

    return Locale.parse(_state["lang"])


def format_date(value: _dt.date | _dt.datetime | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel import dates as _bdates

    if isinstance(value, _dt.datetime):
        return _bdates.format_datetime(value, fmt, locale=lang or _state["lang"])
    return _bdates.format_date(value, fmt, locale=lang or _state["lang"])


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    if value is None:
        return ""
    from babel import numbers as _bnumbers

    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return _bnumbers.format_decimal(value, format=pattern, locale=_state["lang"])
    return _bnumbers.format_decimal(value, locale=_state["lang"])


def format_percent(value: float) -> str:
    from babel import numbers as _bnumbers

    return _bnumbers.format_percent(value, locale=_state["lang"])


def format_list(items: list[str], style: str = "standard") -> str:
    """'a, b and c' in the current language ('a, b dan c' in Bahasa)."""
    from babel import lists as _blists

    return _blists.format_list(list(items), style=style, locale=_state["lang"])


def format_money(amount: Decimal | int | float | None, currency: str) -> str:
    if amount is None:
        return ""
    from babel import numbers as _bnumbers

    return _bnumbers.format_currency(amount, currency, locale=_state["lang"])


def parse_decimal(text: str) -> Decimal:
    """Parse a number typed in the current locale ('150.000' in id, '150,000' in en).

    Raises ValueError with a translated message when the text is not a number.
    """
    cleaned = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise ValueError(_("Enter a number."))
    from babel import numbers as _bnumbers

    try:
        return _bnumbers.parse_decimal(cleaned, locale=_state["lang"], strict=False)
    except _bnumbers.NumberFormatError:
        raise ValueError(_("'{text}' is not a number.").format(text=text)) from None


def decimal_separators() -> tuple[str, str]:
    """(decimal sign, group sign) for the current locale."""
    loc = babel_locale()
    return loc.number_symbols["latn"]["decimal"], loc.number_symbols["latn"]["group"]
