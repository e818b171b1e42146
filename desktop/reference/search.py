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
from bisect import bisect_left, bisect_right

from desktop.reference.models import LANGS, Species
from desktop.reference.normalise import fold, words

_HIGH = "\U0010ffff"


class SpeciesSearch:
    def __init__(self, taxa: list[Species]):
        self.taxa = taxa
        n = len(taxa)
        self._size = n
        entries: list[tuple[str, int, bool, tuple[str, ...]]] = []  # (whole, taxon index, is common, words)
        for index, taxon in enumerate(taxa):
            common = {*taxon.name_en, *taxon.name_id, *taxon.name_ms}
            for name in taxon.all_names():
                name_words = tuple(words(name))
                if name_words:
                    entries.append((" ".join(name_words), index, name in common, name_words))
        entries.sort(key=lambda e: e[0])
        self._wholes = [e[0] for e in entries]  # sorted, one per entry (repeats allowed)
        self._taxon = [e[1] for e in entries]
        self._common = [e[2] for e in entries]
        self._words = [e[3] for e in entries]
        by_word: dict[str, list[int]] = {}
        for number, name_words in enumerate(self._words):
            for word in set(name_words):
                by_word.setdefault(word, []).append(number)
        self._word_list = sorted(by_word)
        self._by_word = by_word
        # Per language: each taxon's position when sorted by the name shown (then id); an entry's key
        # is (common name? species? tier) * n + position, so smaller keys rank first.
        self._position: dict[str, list[int]] = {}
        self._by_position: dict[str, list[int]] = {}
        self._keys: dict[str, list[int]] = {}
        higher = [taxon.is_higher_taxon for taxon in taxa]  # a species before its genus or family, as typed
        for lang in LANGS:
            order = sorted(range(n), key=lambda i: (fold(taxa[i].display_name(lang)), taxa[i].id))
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
