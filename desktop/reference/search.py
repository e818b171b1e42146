"""Species autocomplete that stays fast over tens of thousands of taxa.

Every name a taxon is known by (scientific name, synonyms, common names in en/id/ms) is indexed twice:
whole (folded) in a sorted list, so that exact names and names starting with the text are found by
bisection; and word by word, so that 'white shama' or 'Copsychus mal' find names whose words start
with each word typed, in any order. Only the matches are ranked, never the whole list.
"""

from __future__ import annotations

from bisect import bisect_left

from desktop.reference.models import Species
from desktop.reference.normalise import fold, words

_HIGH = "\U0010ffff"


class SpeciesSearch:
    def __init__(self, taxa: list[Species]):
        self.taxa = taxa
        # entry = (taxon index, is-common-name); whole name → entries; word → (entry number) list
        self._entries: list[tuple[int, bool, tuple[str, ...]]] = []
        by_whole: dict[str, list[int]] = {}
        by_word: dict[str, list[int]] = {}
        for index, taxon in enumerate(taxa):
            common = {*taxon.name_en, *taxon.name_id, *taxon.name_ms}
            for name in taxon.all_names():
                name_words = tuple(words(name))
                if not name_words:
                    continue
                number = len(self._entries)
                self._entries.append((index, name in common, name_words))
                by_whole.setdefault(" ".join(name_words), []).append(number)
                for word in set(name_words):
                    by_word.setdefault(word, []).append(number)
        self._wholes = sorted(by_whole)
        self._by_whole = by_whole
        self._words = sorted(by_word)
        self._by_word = by_word
        self._display: dict[str, list[str]] = {}

    def _display_keys(self, lang: str) -> list[str]:
        keys = self._display.get(lang)
        if keys is None:
            keys = [fold(t.display_name(lang)) for t in self.taxa]
            self._display[lang] = keys
        return keys

    def _prefixed(self, items: list[str], prefix: str) -> list[str]:
        start = bisect_left(items, prefix)
        end = bisect_left(items, prefix + _HIGH, start)
        return items[start:end]

    def search(self, text: str, limit: int = 20, lang: str = "en") -> list[Species]:
        """Taxa any of whose names match ``text``: exact names first, then names that start with the
        text, then names each of whose typed words begins one of their words; common names before
        scientific ones at the same rank; ties by the name shown in ``lang``."""
        query = words(text)
        if not query or limit <= 0:
            return []
        joined = " ".join(query)
        best: dict[int, tuple[int, int]] = {}

        def consider(number: int, rank: int) -> None:
            index, is_common, _words = self._entries[number]
            score = (rank, 0 if is_common else 1)
            old = best.get(index)
            if old is None or score < old:
                best[index] = score

        for number in self._by_whole.get(joined, ()):
            consider(number, 0)
        for whole in self._prefixed(self._wholes, joined):
            if whole != joined:
                for number in self._by_whole[whole]:
                    consider(number, 1)
        if len(best) < limit:
            # Names containing a word that starts with each word typed; the rarest word typed first.
            candidate_sets = []
            for q in sorted(set(query), key=len, reverse=True):
                numbers: set[int] = set()
                for word in self._prefixed(self._words, q):
                    numbers.update(self._by_word[word])
                candidate_sets.append(numbers)
                if not numbers:
                    break
            matches = set.intersection(*candidate_sets) if candidate_sets else set()
            for number in matches:
                name_words = self._entries[number][2]
                if all(any(w.startswith(q) for w in name_words) for q in query):
                    consider(number, 2)
        keys = self._display_keys(lang)
        ranked = sorted(best.items(), key=lambda item: (item[1], keys[item[0]], self.taxa[item[0]].id))
        return [self.taxa[index] for index, _score in ranked[:limit]]
