"""Odoo-free clients of the logistics transports; see ``base`` for the contract."""
