"""Hostile-file-safe XML parsing for bank statements (see ``clearhouse.xmlsafe``)."""

from clearhouse.xmlsafe import parse_untrusted as parse_xml

__all__ = ["parse_xml"]
