"""Monitoring intelligence: effort of monitoring sessions, search keywords, follow-up of reported
adverts, suggested links between seller accounts, seller networks and the
trade graph (GraphML for Gephi).

Pure Python: no Qt, no SQL (the SQL is in ``desktop.db.intel_sql``). Modules are imported
directly (``from desktop.intel.followup import apply_followup_defaults``). Reading contacts in
adverts is domain code (``desktop.domain.contacts``), used by the rules and the database alike.
"""
