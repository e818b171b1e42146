"""Fixtures for the questionnaire-engine tests (helpers in forms_testkit)."""

from __future__ import annotations

import pytest
from forms_testkit import DEFAULT_SETTINGS, FULL_CHOICES, FULL_SETTINGS, FULL_SURVEY, write_xlsform


@pytest.fixture
def make_xlsform(tmp_path):
    counter = iter(range(1000))

    def make(survey, choices=None, settings=DEFAULT_SETTINGS):
        return write_xlsform(tmp_path / "form{n}.xlsx".format(n=next(counter)), survey, choices, settings)

    return make


@pytest.fixture
def full_form_path(tmp_path):
    return write_xlsform(tmp_path / "full.xlsx", FULL_SURVEY, FULL_CHOICES, FULL_SETTINGS)
