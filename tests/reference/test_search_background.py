"""The species search over a large list: the index built on a background thread, the quick scan that
answers meanwhile, and the chunked sort the build uses. The shipped list stands in for a large one by
lowering the size above which the index is built in the background."""

from __future__ import annotations

import random
import threading

import pytest

from desktop.reference import catalog, load_reference
from desktop.reference.normalise import words
from desktop.reference.search import SpeciesSearch, _sorted, quick_search

QUERIES = ["murai", "white shama", "Copsychus mal", "kakatua", "python", "burung", "Pangolin", "zzzz", "a"]


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(catalog, "SYNC_INDEX_MAX", 10)
    return load_reference()


def _matches(species, text: str) -> bool:
    query = words(text)
    return any(all(any(w.startswith(q) for w in words(name)) for q in query) for name in species.all_names())


def test_chunked_sort_equals_sorted_and_is_stable():
    rng = random.Random(3)
    items = [(rng.choice("abcdef") * rng.randint(1, 3), n) for n in range(20_000)]
    assert _sorted(items, key=lambda item: item[0]) == sorted(items, key=lambda item: item[0])
    assert _sorted([3, 1, 2]) == [1, 2, 3]
    numbers = [rng.randint(0, 500) for _ in range(10_000)]
    assert _sorted(range(len(numbers)), key=numbers.__getitem__) == sorted(range(len(numbers)), key=numbers.__getitem__)


def test_quick_search_ranks_as_the_index_when_it_sees_every_taxon():
    ref = load_reference()
    index = SpeciesSearch(ref.species)
    for lang in ("en", "id", "ms"):
        for text in QUERIES:
            full = index.search(text, 1000, lang)
            quick = quick_search(ref.species, text, 1000, lang, budget_s=60)
            assert [s.id for s in quick] == [s.id for s in full], (text, lang)
    assert quick_search(ref.species, "   ", 20) == []
    assert quick_search(ref.species, "murai", 0) == []


def test_quick_search_stops_at_the_limit_and_shows_only_matches():
    ref = load_reference()
    found = quick_search(ref.species, "a", 5)
    assert len(found) == 5
    assert all(_matches(s, "a") for s in found)


def test_large_list_builds_the_index_in_the_background(large):
    assert large._search is None
    thread = large.prepare_search()
    assert isinstance(thread, threading.Thread)
    assert large.prepare_search() in (thread, None)  # started once
    during = large.search_species("murai batu", 20, "id")  # answered while building, or from the index
    assert during and all(_matches(s, "murai batu") for s in during)
    assert large.wait_for_search(60)
    assert large.prepare_search() is None
    expected = SpeciesSearch(large.species)
    for text in QUERIES:
        assert [s.id for s in large.search_species(text, 20, "ms")] == [s.id for s in expected.search(text, 20, "ms")]


def test_a_search_starts_the_background_build_and_answers_from_the_scan(large):
    gate = threading.Event()
    build = catalog.ReferenceData._build_search

    def slow_build(self):
        gate.wait(30)
        build(self)

    catalog.ReferenceData._build_search = slow_build
    try:
        found = large.search_species("Copsychus mal", 20, "en")
        assert large._search is None and large._search_thread is not None
        assert found and all(_matches(s, "Copsychus mal") for s in found)
    finally:
        gate.set()
        catalog.ReferenceData._build_search = build
    assert large.wait_for_search(60)


def test_a_failed_background_build_is_redone_on_the_next_search(large, monkeypatch):
    monkeypatch.setattr(catalog.ReferenceData, "_build_search", lambda self: None)  # ends with no index
    large.wait_for_search(60)
    assert large._search is None
    assert large.search_species("murai", 20)  # built here instead
    assert large._search is not None


def test_small_list_indexes_on_the_first_search_without_a_thread():
    ref = load_reference()
    assert len(ref.species) <= catalog.SYNC_INDEX_MAX
    assert ref.prepare_search() is None and ref._search_thread is None
    assert ref.wait_for_search(0)


def test_species_field_starts_the_index_and_lists_matches_while_it_builds(large, qtbot):
    from desktop.ui.widgets.species_picker import ID_ROLE, SpeciesEdit

    edit = SpeciesEdit(large)
    qtbot.addWidget(edit)
    assert large._search_thread is not None  # opening the field started the build
    qtbot.keyClicks(edit, "murai")
    ids = [edit.model.item(row).data(ID_ROLE) for row in range(edit.model.rowCount() - 1)]
    assert ids and all(_matches(large.species_by_id(i), "murai") for i in ids)
    assert large.wait_for_search(60)
    edit.clear()
    qtbot.keyClicks(edit, "murai")
    ids = [edit.model.item(row).data(ID_ROLE) for row in range(edit.model.rowCount() - 1)]
    assert ids == [s.id for s in SpeciesSearch(large.species).search("murai", len(ids), "en")]
