"""Are two contacts the same person? A score from name, phonetic key, address, e-mail, phone.

German customer bases hold the same person as "Müller, Hans", "Hans Mueller" and
"H. Müller" with "Hauptstr. 5" or "Hauptstraße 5": the keys below make those equal, the
Kölner Phonetik (``cologne_phonetics``) makes "Meier"/"Mayer" and "Schmidt"/"Schmitt"
equal. The score weighs what is strong evidence (same e-mail, same phone, same name at
the same address) over what is weak (same name alone: there are many Hans Müllers).
"""

import re
import unicodedata
from dataclasses import dataclass

import cologne_phonetics

from clearhouse.validation.phone import normalize_phone

# A pair scoring at least this is proposed as a duplicate (checked on the labelled pairs).
DUPLICATE_THRESHOLD = 0.6

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})
_TITLES = frozenset(
    {
        "herr",
        "frau",
        "hr",
        "fr",
        "dr",
        "prof",
        "med",
        "dipl",
        "ing",
        "mr",
        "mrs",
        "ms",
        "miss",
        "familie",
        "fam",
        "von",
        "vom",
        "van",
        "der",
        "den",
        "de",
    }
)
_STREET_SUFFIX = re.compile(r"(strasse|str)\b\.?")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Contact:
    """What the score reads of a contact; every field may be empty."""

    name: str = ""
    email: str = ""
    phone: str = ""
    street: str = ""
    zip: str = ""
    city: str = ""
    country: str = "DE"


def _fold(text):
    text = (text or "").casefold().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _name_tokens(name):
    tokens = _NON_ALNUM.sub(" ", _fold(name)).split()
    return [t for t in tokens if t not in _TITLES]


def name_key(name):
    """Name tokens folded (umlauts, accents, case), titles dropped, sorted: word order
    ("Müller, Hans" / "Hans Mueller") does not matter."""
    return " ".join(sorted(_name_tokens(name)))


def phonetic_key(name):
    """Kölner Phonetik of each name token (initials dropped), sorted."""
    tokens = [t for t in _name_tokens(name) if len(t) > 1 and not t.isdigit()]
    codes = {code for token in tokens for _word, code in cologne_phonetics.encode(token) if code}
    return " ".join(sorted(codes))


def address_key(street, zip_code, country=""):
    """Street without "straße"/"str." spelling, house number and postal code: the same
    house whatever the spelling; empty when street or postal code is missing."""
    street = _fold(street)
    if not street.strip() or not (zip_code or "").strip():
        return ""
    street = _STREET_SUFFIX.sub("str", street)
    numbers = _DIGITS.findall(street)
    words = _NON_ALNUM.sub("", _DIGITS.sub("", street))
    house = numbers[0] if numbers else ""
    return f"{(country or '').upper()}|{_NON_ALNUM.sub('', _fold(zip_code))}|{words}|{house}"


def email_key(email):
    """Lower-case address; a "+tag" of the local part is ignored."""
    email = (email or "").strip().casefold()
    if "@" not in email:
        return ""
    local, _sep, domain = email.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def phone_digits(phone, country="DE"):
    """Digits of the E.164 form ("030 4402" -> "49304402"); of the raw digits when the
    number cannot be read (at least 6 digits, else empty)."""
    check = normalize_phone(phone or "", country or "")
    digits = "".join(ch for ch in (check.e164 or "") if ch.isdigit())
    if not digits:
        digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    return digits if len(digits) >= 6 else ""


def _name_similarity(a, b):
    """1.0 same folded name; 0.8 same phonetic key; 0.6 same surname and initial; else
    the share of phonetic codes in common (0..0.5)."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 1.0
    ph_a, ph_b = set(phonetic_key(a).split()), set(phonetic_key(b).split())
    if ph_a and ph_a == ph_b:
        return 0.8
    tokens_a, tokens_b = _name_tokens(a), _name_tokens(b)
    if _initial_match(tokens_a, tokens_b) or _initial_match(tokens_b, tokens_a):
        return 0.6
    if not ph_a or not ph_b:
        return 0.0
    return 0.5 * len(ph_a & ph_b) / len(ph_a | ph_b)


def _initial_match(short, full):
    """ "H. Müller" against "Hans Müller": same long tokens, initials match first letters."""
    initials = [t for t in short if len(t) == 1]
    words = [t for t in short if len(t) > 1]
    if not initials or not words:
        return False
    full_words = [t for t in full if len(t) > 1]
    if not set(words) <= set(full_words):
        return False
    rest = [t[0] for t in full_words if t not in words]
    return all(i in rest for i in initials)


def duplicate_score(a, b):
    """A score in [0, 1] that ``a`` and ``b`` (``Contact``) are the same person.

    Same e-mail or same phone with a similar name is near certain; a similar name at the
    same address is strong; a name alone is never enough (at most 0.5).
    """
    name = _name_similarity(a.name, b.name)
    same_email = bool(email_key(a.email)) and email_key(a.email) == email_key(b.email)
    phone_a, phone_b = phone_digits(a.phone, a.country), phone_digits(b.phone, b.country)
    same_phone = bool(phone_a) and phone_a == phone_b
    addr_a = address_key(a.street, a.zip, a.country)
    same_address = bool(addr_a) and addr_a == address_key(b.street, b.zip, b.country)
    score = 0.5 * name
    if same_email:
        score += 0.45 if name >= 0.5 else 0.3
    if same_phone:
        score += 0.35 if name >= 0.5 else 0.2
    if same_address:
        score += 0.35 if name >= 0.5 else 0.05
    return round(min(score, 1.0), 3)


def is_duplicate(a, b, threshold=DUPLICATE_THRESHOLD):
    return duplicate_score(a, b) >= threshold
