"""What several command groups share: date options and JSON output."""

from __future__ import annotations

import datetime as dt
import json

import click

from desktop.i18n import _


def date_option(_ctx, _param, value) -> dt.date | None:
    """A click callback: an option's YYYY-MM-DD text as a date (a clear message otherwise)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("'{value}' is not a valid date (use YYYY-MM-DD).").format(value=value)) from None


def date_text_option(ctx, param, value) -> str | None:
    """Like ``date_option``, as the ISO text the services take."""
    day = date_option(ctx, param, value)
    return day.isoformat() if day else None


def echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
