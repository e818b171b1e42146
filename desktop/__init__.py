"""Pantau: offline data tool for wildlife-crime enforcement.

The package is layered: ``desktop.ui`` (the only place that imports Qt) sits on
the core packages (``domain``, ``reference``, ``forms``, ``sync``, ``reports``,
``store``), which sit on ``desktop.db`` (the only place with SQL).
"""

__version__ = "0.2.0"
APP_NAME = "Pantau"
