"""Species autocomplete that stays fast over tens of thousands of taxa.

Every name a taxon is known by (scientific name, synonyms, common names in en/id/ms) is indexed twice:
whole (folded) in a sorted list, so that exact names and names starting with the text are found by
bisection; and word by word, so that 'white shama' or 'Copsychus mal' find names whose words start
with each word typed, in any order. Names are ranked by one precomputed number per language (common
name first, then the name shown in that language), so a short prefix matching thousands of names
needs only a partial sort of integers, never a pass over the whole list in Python.
"""

from __future__ import annotations

import heapq
import time
from bisect import bisect_left, bisect_right

from desktop.reference.models import LANGS, Species
from desktop.reference.normalise import fold, words

_HIGH = "\U0010ffff"
_CHUNK = 4096


def _sorted(items, key=None) -> list:
    """``sorted(items, key=key)``, done as sorts of small chunks merged in Python, so that a background
    build never holds the interpreter lock for long in one C call (a single sort of 200,000 names holds
    it for a fifth of a second, and the typing officer's thread would wait that long)."""
    items = list(items)
    if len(items) <= _CHUNK:
        return sorted(items, key=key)
    chunks = [sorted(items[i : i + _CHUNK], key=key) for i in range(0, len(items), _CHUNK)]
    return list(heapq.merge(*chunks, key=key))


class SpeciesSearch:
    def __init__(self, taxa: list[Species]):
        self.taxa = taxa
        n = len(taxa)
        self._size = n
        # One entry per name, in parallel lists (no tuple per entry: fewer objects for the garbage
        # collector to walk while a background build runs), then put in order of the folded name.
        wholes: list[str] = []
        taxon_of: list[int] = []
        common_of: list[bool] = []
        words_of: list[tuple[str, ...]] = []
        for index, taxon in enumerate(taxa):
            common = {*taxon.name_en, *taxon.name_id, *taxon.name_ms}
            for name in taxon.all_names():
                name_words = tuple(words(name))
                if name_words:
                    wholes.append(" ".join(name_words))
                    taxon_of.append(index)
                    common_of.append(name in common)
                    words_of.append(name_words)
        order = _sorted(range(len(wholes)), key=wholes.__getitem__)
        self._wholes = [wholes[i] for i in order]  # sorted, one per entry (repeats allowed)
        self._taxon = [taxon_of[i] for i in order]
        self._common = [common_of[i] for i in order]
        self._words = [words_of[i] for i in order]
        del wholes, taxon_of, common_of, words_of, order
        by_word: dict[str, list[int]] = {}
        for number, name_words in enumerate(self._words):
            for word in set(name_words):
                by_word.setdefault(word, []).append(number)
        self._word_list = _sorted(by_word)
        self._by_word = by_word
        # Per language: each taxon's position when sorted by the name shown (then id); an entry's key
        # is (common name? species? tier) * n + position, so smaller keys rank first.
        self._position: dict[str, list[int]] = {}
        self._by_position: dict[str, list[int]] = {}
        self._keys: dict[str, list[int]] = {}
        higher = [taxon.is_higher_taxon for taxon in taxa]  # a species before its genus or family, as typed
        for lang in LANGS:
            # a string key (name, NUL, id) sorts as the tuple would, without a tuple per taxon
            order = _sorted(range(n), key=lambda i: f"{fold(taxa[i].display_name(lang))}\0{taxa[i].id}")
            position = [0] * n
            for pos, index in enumerate(order):
                position[index] = pos
            self._position[lang] = position
            self._by_position[lang] = order
            self._keys[lang] = [
                ((0 if c else 2) + (1 if higher[t] else 0)) * n + position[t] for t, c in zip(self._taxon, self._common)
            ]

    def _range(self, items: list[str], prefix: str) -> tuple[int, int]:
        start = bisect_left(items, prefix)
        return start, bisect_left(items, prefix + _HIGH, start)

    def search(self, text: str, limit: int = 20, lang: str = "en") -> list[Species]:
        """Taxa any of whose names match ``text``: exact names first, then names that start with the
        text, then names each of whose typed words begins one of their words; common names before
        scientific ones at the same rank; ties by the name shown in ``lang``."""
        query = words(text)
        if not query or limit <= 0:
            return []
        lang = lang if lang in self._keys else "en"
        keys, n, order = self._keys[lang], self._size, self._by_position[lang]
        joined = " ".join(query)
        result: list[int] = []
        taken: set[int] = set()

        def take(ranked_keys) -> None:
            for key in ranked_keys:
                index = order[key % n]
                if index not in taken:
                    taken.add(index)
                    result.append(index)
                    if len(result) >= limit:
                        return

        start, end = self._range(self._wholes, joined)
        exact_end = bisect_right(self._wholes, joined, start, end)
        take(sorted(keys[start:exact_end]))  # exact names
        pool = keys[exact_end:end]  # names that start with the text
        size = (limit - len(result)) * 4
        if len(result) < limit and pool:
            take(heapq.nsmallest(size, pool) if size < len(pool) else sorted(pool))
            while len(result) < limit and size < len(pool):
                size *= 4  # taxa with several matching names: widen the partial sort
                take(heapq.nsmallest(size, pool) if size < len(pool) else sorted(pool))
        if len(result) < limit:
            # Names with a word starting with each word typed (sets of entry numbers, intersected in C).
            matches: set[int] | None = None
            for q in sorted(set(query), key=len, reverse=True):
                if matches is not None and len(matches) < 4096:
                    # few names left: check their words rather than gather every word starting with q
                    matches = {i for i in matches if any(w.startswith(q) for w in self._words[i])}
                else:
                    w_start, w_end = self._range(self._word_list, q)
                    numbers = set().union(*(self._by_word[w] for w in self._word_list[w_start:w_end]))
                    matches = numbers if matches is None else matches & numbers
                if not matches:
                    break
            ranked = [keys[i] for i in matches or () if not start <= i < end]
            want = (limit - len(result)) * 4
            take(heapq.nsmallest(want, ranked) if want < len(ranked) else sorted(ranked))
            while len(result) < limit and want < len(ranked):
                want *= 4
                take(heapq.nsmallest(want, ranked) if want < len(ranked) else sorted(ranked))
        return [self.taxa[i] for i in result[:limit]]


def quick_search(
    taxa: list[Species], text: str, limit: int = 20, lang: str = "en", budget_s: float = 0.015
) -> list[Species]:
    """The search without an index, for the seconds while :class:`SpeciesSearch` is being built over a
    large list: taxa are checked in list order (the shipped taxa first) until ``limit`` of them match or
    ``budget_s`` seconds have passed, then ranked as the index ranks them (exact names, names that start
    with the text, then names whose words start with each word typed; common names first, a species
    before its genus or family; ties by the name shown in ``lang``). A match far down a long list may
    be missed until the index is ready, never a wrong one shown."""
    query = words(text)
    if not query or limit <= 0:
        return []
    joined = " ".join(query)
    deadline = time.perf_counter() + budget_s
    found: list[tuple[tuple, Species]] = []
    for number, taxon in enumerate(taxa):
        if number % 32 == 0 and number and time.perf_counter() > deadline:
            break
        common = {*taxon.name_en, *taxon.name_id, *taxon.name_ms}
        best: tuple[int, int] | None = None
        for name in taxon.all_names():
            name_words = words(name)
            whole = " ".join(name_words)
            if whole == joined:
                stage = 0
            elif whole.startswith(joined):
                stage = 1
            elif all(any(w.startswith(q) for w in name_words) for q in query):
                stage = 2
            else:
                continue
            rank = (stage, (0 if name in common else 2) + (1 if taxon.is_higher_taxon else 0))
            best = rank if best is None or rank < best else best
        if best is not None:
            found.append(((*best, fold(taxon.display_name(lang)), taxon.id), taxon))
            if len(found) >= limit:
                break
    found.sort(key=lambda item: item[0])
    return [taxon for _key, taxon in found]
