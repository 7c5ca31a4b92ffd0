"""Clearhouse domain core: everything that can be decided without a database.

Never import ``odoo`` here; ``clearhouse/tests/test_no_odoo.py`` enforces it.
"""

__version__ = "18.0.1.0.0"
