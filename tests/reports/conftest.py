from __future__ import annotations

import pytest

from desktop.rates import save_rate
from tests.reports.dataset import build_dataset


@pytest.fixture
def dataset(store):
    """The hand-made dataset with dated USD rates: MYR 0.25 and IDR 0.00005 from 2025-01-01."""
    save_rate(store, "MYR", "2025-01-01", "0.25")
    save_rate(store, "IDR", "2025-01-01", "0.00005")
    return build_dataset(store)
