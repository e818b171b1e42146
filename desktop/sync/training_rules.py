"""Training bundles and update packs stay among training sandboxes (:mod:`desktop.training`)."""

from __future__ import annotations

from desktop.i18n import _
from desktop.sync.errors import BundleError
from desktop.training import is_training


def check_bundle(home, manifest: dict, what: str) -> None:
    """Refuse a training bundle at a real coordinator, and a real bundle in a training sandbox."""
    bundle_training = manifest.get("training") is True
    if bundle_training and not is_training(home):
        raise BundleError(
            "training",
            _(
                "{what} comes from a training sandbox and holds demo data only; a real "
                "coordinator does not import it. Import it into the trainer's training "
                "sandbox (pantau --training)."
            ).format(what=what),
        )
    if is_training(home) and not bundle_training:
        raise BundleError(
            "training",
            _(
                "{what} holds real records; a training sandbox does not import them. "
                "Import it at the real coordinator (without --training)."
            ).format(what=what),
        )


def check_pack(home, manifest: dict, what: str) -> None:
    """Refuse a training coordinator's update pack on a real device (its rates and forms are for exercises)."""
    if manifest.get("training") is True and not is_training(home):
        raise BundleError(
            "training",
            _(
                "{what} is an update pack from a training sandbox; a real device does not "
                "apply it. Apply it in the training sandbox (pantau --training)."
            ).format(what=what),
        )
