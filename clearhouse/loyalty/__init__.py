"""Loyalty programme core: points arithmetic, voucher codes, birthday windows, lettershop files.

Everything the loyalty addon decides without a database lives here (no ``import odoo``).
"""
