"""Suggested links between seller accounts, each with its reasons.

Two accounts (``lower(trim(seller_handle))`` of live observations) are
suggested as linked when their adverts share:

* ``phone`` — a phone number, compared in E.164 form (so '0812-3456-7890' in an
  Indonesian advert and '+62 812 3456 7890' match); WhatsApp handles count as numbers;
* ``handle`` — another account handle ('ig:kicau_jaya'), or one account lists the
  other's own account on its platform;
* ``image`` — an identical evidence image (same SHA-256 in the records' evidence lists);
* ``name`` — a near-identical display name or handle: the names are folded
  (accents removed, lower case, only letters and digits kept) and compared with
  rapidfuzz's ``fuzz.ratio`` (0-100); a pair is suggested at :data:`NAME_THRESHOLD`
  (92) or more, only when both folded names have at least :data:`MIN_NAME_LENGTH` (6)
  characters and the same digits ('kicaujaya12' and 'kicaujaya13' are different
  sellers). 'Kicau Jaya Shop' and 'KicauJaya shop' fold to the same text (100); one
  typo in a name of 13 letters or more still passes (92+), in shorter names it does
  not; 'kicauofficial' and 'kitaofficial' (90) are not suggested — 138 pairs of
  unrelated demo sellers look like that, and a lower threshold would bury real links.

Nothing else links accounts: unrelated sellers get no suggestion. A coordinator
confirms or rejects each suggestion (:mod:`desktop.intel.networks`); decided pairs
are not suggested again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from desktop.i18n import _

NAME_THRESHOLD = 92
MIN_NAME_LENGTH = 6
_NOT_ALNUM = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
REASON_ORDER = ("phone", "handle", "image", "name")


@dataclass(frozen=True)
class Reason:
    kind: str  # phone | handle | image | name
    value: str  # the shared number, handle or SHA-256; for names 'name A ≈ name B'
    score: float = 100.0

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "score": self.score, "text": reason_text(self)}


@dataclass
class LinkSuggestion:
    account_a: str
    account_b: str
    reasons: list[Reason] = field(default_factory=list)
    status: str = "pending"  # pending | confirmed | rejected

    def as_dict(self) -> dict:
        return {
            "account_a": self.account_a,
            "account_b": self.account_b,
            "status": self.status,
            "reasons": [r.as_dict() for r in self.reasons],
        }


def reason_text(reason: Reason) -> str:
    """One reason in words, in the current language."""
    if reason.kind == "phone":
        return _("Same phone number {value}").format(value=reason.value)
    if reason.kind == "handle":
        return _("Same account handle {value}").format(value=reason.value)
    if reason.kind == "image":
        return _("Same evidence image (SHA-256 {value}…)").format(value=reason.value[:12])
    if reason.kind == "name":
        return _("Near-identical names: {value} (similarity {score}%)").format(
            value=reason.value, score=int(round(reason.score))
        )
    return f"{reason.kind}: {reason.value}"


def fold_name(text: str) -> str:
    """'Kicau Jaya Shop' and 'KicauJaya shop' → 'kicaujayashop' (no accents, lower case, letters and digits)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    if not decomposed.isascii():
        decomposed = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", decomposed).lower()


def similar_names(names: dict[str, set[str]], threshold: float = NAME_THRESHOLD) -> dict[tuple[str, str], Reason]:
    """Pairs of accounts (a < b) whose names (handle and display names) are near-identical, with the
    best-scoring pair of names as the reason.

    Names are only compared within blocks that share their digits and the first or last three
    letters, so large lists stay fast; near-identical names almost always share one end.
    """
    blocks: dict[tuple, list[tuple[str, str, str]]] = defaultdict(list)
    for account, raw_names in names.items():
        folded_names: dict[str, str] = {}
        for raw in sorted(raw_names):
            folded = fold_name(raw)
            if len(folded) >= MIN_NAME_LENGTH:
                folded_names.setdefault(folded, raw)
        for folded, raw in folded_names.items():
            digits = "-".join(_DIGITS.findall(folded))
            letters = _DIGITS.sub("", folded) if digits else folded
            entry = (account, raw, folded)
            blocks[("head", digits, letters[:3])].append(entry)
            blocks[("tail", digits, letters[-3:])].append(entry)
    best: dict[tuple[str, str], Reason] = {}
    for entries in blocks.values():
        if len(entries) < 2:
            continue
        folds = [entry[2] for entry in entries]
        for i, (acc_a, raw_a, fold_a) in enumerate(entries[:-1]):
            rest = folds[i + 1 :]
            found = {
                j: score
                for _c, score, j in process.extract(fold_a, rest, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            }
            for j, score in found.items():
                acc_b, raw_b, _fold_b = entries[i + 1 + j]
                if acc_a == acc_b:
                    continue
                pair, shown = ((acc_a, acc_b), (raw_a, raw_b)) if acc_a < acc_b else ((acc_b, acc_a), (raw_b, raw_a))
                known = best.get(pair)
                if known is None or score > known.score:
                    best[pair] = Reason("name", f"{shown[0]} ≈ {shown[1]}", float(score))
    return best


def suggest_links(store, include_decided: bool = False) -> list[LinkSuggestion]:
    """Every suggested pair of accounts with all its reasons, strongest first (more reasons, then
    phone before handle before image before name). Pairs already confirmed or rejected are left
    out unless ``include_decided``."""
    pairs: dict[tuple[str, str], list[Reason]] = defaultdict(list)
    for kind, value, account_a, account_b in store.queries.intel.shared_contacts():
        pairs[(account_a, account_b)].append(Reason(kind, value))
    names: dict[str, set[str]] = defaultdict(set)
    for account, display in store.queries.intel.account_names():
        names[account].add(account)
        if display:
            names[account].add(display)
    for pair, reason in similar_names(names).items():
        pairs[pair].append(reason)
    decisions = {(link["account_a"], link["account_b"]): link["status"] for link in store.queries.networks.read_links()}
    out = []
    for (account_a, account_b), reasons in pairs.items():
        status = decisions.get((account_a, account_b), "pending")
        if status != "pending" and not include_decided:
            continue
        reasons.sort(key=lambda r: (REASON_ORDER.index(r.kind) if r.kind in REASON_ORDER else 9, r.value))
        out.append(LinkSuggestion(account_a, account_b, reasons, status))
    out.sort(
        key=lambda s: (-len(s.reasons), min(REASON_ORDER.index(r.kind) for r in s.reasons), s.account_a, s.account_b)
    )
    return out


def suggestion_for(store, account_a: str, account_b: str) -> LinkSuggestion | None:
    """The current suggestion for one pair (whatever its decision), or None when nothing links them."""
    a, b = sorted((account_a, account_b))
    return next((s for s in suggest_links(store, include_decided=True) if (s.account_a, s.account_b) == (a, b)), None)
