"""Sync between devices and a coordinator, without a network: signed (minisign)
and encrypted (age) bundles exported on a device, verified and merged at the
coordinator; coordinator-signed update packs; a shared sync folder.

Modules: ``keys`` (every key file, in one place), ``signing`` (the minisign
format), ``files`` (atomic and owner-only writes), ``zipsafe`` (writing and
safely reading zips), ``bundle`` (the bundle format, no database), ``export``
(device side), ``importer``, ``merge``, ``devices`` and ``conflicts``
(coordinator side), ``packs`` (update packs), ``folder`` (the sync folder).
The format is described in docs/bundle-format.md.
"""
