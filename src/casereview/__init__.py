"""casereview: review Danish citizen case files for recovery orientation.

The package is split into a domain core (``engine``, ``textio`` and, later,
storage, import and export) and thin user interfaces (``cli``). The core never
imports a UI module; ``tests/test_import_hygiene.py`` proves it.
"""

__version__ = "0.1.0"
