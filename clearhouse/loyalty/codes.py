"""Voucher codes: unguessable, typed by people, checked before any database lookup.

A code is 14 characters drawn with ``secrets`` from a 31-character alphabet without look-alike
characters (no 0/O, 1/I/L), which is 69 random bits, plus one check character: a weighted sum
modulo 31 (prime), so that every single wrong character and every swap of two neighbours is
detected. Shown in groups of five: ``7KQ2M-XH9TD-4WPAC``.
"""

import math
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime
RANDOM_LENGTH = 14
CODE_LENGTH = RANDOM_LENGTH + 1
GROUP = 5
_INDEX = {char: index for index, char in enumerate(ALPHABET)}


def random_bits():
    """Entropy of the random part of a code, in bits."""
    return RANDOM_LENGTH * math.log2(BASE)


def check_char(body):
    """The check character of ``body`` (characters of the alphabet)."""
    total = sum((position + 1) * _INDEX[char] for position, char in enumerate(body))
    return ALPHABET[(-total) % BASE]


def generate_code(prefix=""):
    """A new code, formatted; ``prefix`` (letters/digits of the alphabet) is not part of it."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return format_code(body + check_char(body), prefix)


def format_code(raw, prefix=""):
    groups = [raw[i : i + GROUP] for i in range(0, len(raw), GROUP)]
    return "-".join(([prefix] if prefix else []) + groups)


def normalize_code(text, prefix=""):
    """The canonical form of a typed code (upper case, grouped), or None when it cannot be one.

    Spaces and dashes are ignored, lower case accepted; a wrong length, a character outside
    the alphabet or a wrong check character answers None without any lookup.
    """
    if not isinstance(text, str):
        return None
    raw = "".join(text.split()).replace("-", "").upper()
    if prefix and raw.startswith(prefix.upper()):
        raw = raw[len(prefix) :]
    if len(raw) != CODE_LENGTH or any(char not in _INDEX for char in raw):
        return None
    if check_char(raw[:-1]) != raw[-1]:
        return None
    return format_code(raw, prefix)


def generate_codes(count, prefix="", taken=frozenset()):
    """``count`` distinct new codes, none in ``taken``."""
    result = set()
    while len(result) < count:
        code = generate_code(prefix)
        if code not in taken:
            result.add(code)
    return sorted(result)
