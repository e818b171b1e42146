"""Code lists of the seizure fields that the CITES annual illegal-trade report (AITR) asks for:
reason for seizure, disposal of the confiscated specimens and the legal outcome.

The AITR guidelines (CITES SC69/SC71, "Guidelines for the preparation and submission of the CITES
annual illegal trade report") ask for these columns as free text with examples; these lists follow
the examples and the usual entries of that report. Not verified against the current Excel standard
format (see docs/cites-aitr.md): the code is kept in the record and the label is what the report
shows, so a list corrected later relabels old records without changing them. Each coded field has a
free-text field beside it for what the code does not say.
"""

from __future__ import annotations

from desktop.i18n import N_

REASONS = {
    "no_permit": N_("No CITES permit or certificate"),
    "invalid_permit": N_("Invalid, forged or expired permit"),
    "permit_mismatch": N_("Specimens do not match the permit"),
    "undeclared": N_("Not declared or concealed (smuggling)"),
    "illegal_possession": N_("Illegal possession, sale or offer for sale"),
    "illegal_taking": N_("Illegal hunting, capture or collection"),
    "other": N_("Other reason"),
}
DISPOSALS = {
    "released_wild": N_("Released into the wild"),
    "rescue_centre": N_("Sent to a rescue or rehabilitation centre"),
    "zoo_or_institution": N_("Placed in a zoo, garden or public institution"),
    "returned_export_country": N_("Returned to the country of export"),
    "science_education": N_("Used for science or education"),
    "stored_evidence": N_("Kept in government storage (evidence)"),
    "destroyed": N_("Destroyed"),
    "sold": N_("Sold or auctioned"),
    "died": N_("Died"),
    "pending": N_("Not decided yet"),
    "other": N_("Other disposal"),
}
LEGAL_OUTCOMES = {
    "pending": N_("No outcome yet"),
    "no_action": N_("No further action"),
    "administrative": N_("Administrative penalty or warning"),
    "fine": N_("Fine"),
    "prison": N_("Prison sentence"),
    "fine_and_prison": N_("Fine and prison sentence"),
    "suspended": N_("Suspended sentence"),
    "acquitted": N_("Acquitted"),
    "dropped": N_("Case dropped"),
    "other": N_("Other outcome"),
}
