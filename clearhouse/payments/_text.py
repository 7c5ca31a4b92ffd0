"""Text normalisation for matching: folded text, name tokens, Cologne phonetics.

Payers write "Müller", "Mueller" and "MULLER", "Meier, Hans" and "Hans Maier"; banks
drop umlauts. Everything compared is folded first (case, ß, accents, umlaut spelling);
names are also reduced to their Cologne phonetic code ("Kölner Phonetik", the German
counterpart of Soundex), so that "Meier", "Maier" and "Meyer" land in one index bucket.
"""

import re
import unicodedata
from functools import lru_cache

_FAST = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e"})
_UMLAUT_SPELLING = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_NAME_TOKEN = re.compile(r"[a-z]+")


def words(text):
    """A frozenset of the words of ``text``: long word lists stay readable."""
    return frozenset(text.split())


# Words in names that say nothing about who paid.
NAME_STOPWORDS = words(
    "herr herrn frau fr hr dr prof ing dipl von van der den de la le du und u and gmbh mbh "
    "ag kg ug ohg gbr ek e k co ltd limited inc llc sarl sa bv nv plc eg ev "
    "haftungsbeschrankt familie fam eheleute ehel mr mrs ms"
)


def fold(text):
    """Lower case ASCII-ish text: ``Straße`` -> ``strasse``, ``Müller`` -> ``muller``."""
    text = str(text).casefold().translate(_FAST)
    if not text.isascii():
        text = "".join(
            char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
        )
    return text


@lru_cache(maxsize=200_000)
def name_tokens(name):
    """Folded tokens of a person or company name, stop words removed, sorted.

    ``ue``/``ae``/``oe`` are read as umlauts (``Mueller`` == ``Müller``); initials
    ("H.") are kept as one-letter tokens.
    """
    tokens = []
    for token in _NAME_TOKEN.findall(fold(name)):
        if token in NAME_STOPWORDS:
            continue
        for spelled, plain in _UMLAUT_SPELLING:
            token = token.replace(spelled, plain)
        tokens.append(token)
    return tuple(sorted(tokens))


@lru_cache(maxsize=200_000)
def phonetic(token):
    """Cologne phonetic code of a folded token ("meier" -> "67", "muller" -> "657")."""
    digits = []
    last = len(token) - 1
    for index, char in enumerate(token):
        before = token[index - 1] if index else ""
        after = token[index + 1] if index < last else ""
        for digit in _code(char, before, after, index == 0):
            if not digits or digits[-1] != digit:
                digits.append(digit)
    if not digits:
        return ""
    return digits[0] + "".join(digit for digit in digits[1:] if digit != "0")


def _code(char, before, after, first):
    """Code of one letter in context; "" for letters without one (h, digits)."""
    if char in "aeijouy":
        return "0"
    if char in "bp":
        return "3" if char == "p" and after == "h" else "1"
    if char in "dt":
        return "8" if after and after in "csz" else "2"
    if char in "fvw":
        return "3"
    if char in "gkq":
        return "4"
    if char == "c":
        if first:
            return "4" if after and after in "ahkloqrux" else "8"
        if before and before in "sz":
            return "8"
        return "4" if after and after in "ahkoqux" else "8"
    if char == "x":
        return "8" if before and before in "ckq" else "48"
    if char == "l":
        return "5"
    if char in "mn":
        return "6"
    if char == "r":
        return "7"
    if char in "sz":
        return "8"
    return ""


def similarity(left, right):
    """0..1: how much two short folded tokens agree (1 - edit distance / length)."""
    if left == right:
        return 1.0
    longest = max(len(left), len(right))
    if not longest:
        return 0.0
    if abs(len(left) - len(right)) * 2 > longest:
        return 0.0
    return max(0.0, 1.0 - edit_distance(left, right) / longest)


def edit_distance(left, right):
    """Damerau-Levenshtein distance (optimal string alignment): a swap costs one."""
    previous2 = None
    previous = list(range(len(right) + 1))
    for i, char in enumerate(left, start=1):
        current = [i] + [0] * len(right)
        for j, other in enumerate(right, start=1):
            cost = 0 if char == other else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and char == right[j - 2]
                and left[i - 2] == other
            ):
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
