"""Duplicate score on a labelled set of contact pairs (tests/data/desk_duplicate_pairs.csv).

The pairs were built from German names with the variations a service center sees
(word order, umlauts spelled out, Meier/Mayer, "Hauptstr." for "Hauptstraße", e-mail
tags, phone formats, titles, moves) and the look-alikes that are not the same person
(household members, namesakes, neighbours, same surname).
"""

import csv
from pathlib import Path

import pytest

from clearhouse.desk import (
    Contact,
    address_key,
    duplicate_score,
    email_key,
    is_duplicate,
    name_key,
    phone_digits,
    phonetic_key,
)

PAIRS = Path(__file__).parent / "data" / "desk_duplicate_pairs.csv"
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90
FIELDS = ("name", "email", "phone", "street", "zip", "city")


def _pairs():
    with PAIRS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            a = Contact(**{f: row[f"{f}_a"] for f in FIELDS})
            b = Contact(**{f: row[f"{f}_b"] for f in FIELDS})
            yield row["duplicate"] == "1", a, b, row["note"]


def test_labelled_pairs_precision_and_recall_above_floors():
    pairs = list(_pairs())
    assert len(pairs) >= 200
    tp = fp = fn = 0
    misses = []
    for label, a, b, note in pairs:
        found = is_duplicate(a, b)
        tp += found and label
        fp += found and not label
        fn += label and not found
        if found != label:
            misses.append((note, a.name, b.name, duplicate_score(a, b)))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(f"duplicates: {len(pairs)} pairs, precision {precision:.3f}, recall {recall:.3f}")
    for miss in misses:
        print("  missed or wrong:", miss)
    assert precision >= PRECISION_FLOOR, f"precision {precision:.3f} below {PRECISION_FLOOR}"
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f} below {RECALL_FLOOR}"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Müller, Hans", "Hans Mueller"),
        ("Herr Dr. Hans Müller", "hans müller"),
        ("José García", "Jose Garcia"),
    ],
)
def test_name_key_equal_for_spellings_of_one_name(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Meier", "Mayer"), ("Schmidt", "Schmitt"), ("Müller", "Mueller"), ("Hofmann", "Hoffmann")],
)
def test_phonetic_key_equal_for_german_homophones(a, b):
    assert phonetic_key(a) == phonetic_key(b) != ""


def test_phonetic_key_differs_for_different_names():
    assert phonetic_key("Hans Müller") != phonetic_key("Hans Becker")


def test_address_key_ignores_street_spelling_and_needs_zip():
    assert address_key("Hauptstraße 5", "10115", "DE") == address_key("Hauptstr. 5", "10115", "DE")
    assert address_key("Hauptstrasse 5", "10115") != address_key("Hauptstrasse 7", "10115")
    assert address_key("Hauptstraße 5", "") == ""


def test_email_key_ignores_tag_and_case():
    assert email_key("Anna.Schneider+shop@Example.com") == "anna.schneider@example.com"
    assert email_key("no mail") == ""


def test_phone_digits_are_e164_digits():
    assert phone_digits("030 44021187") == phone_digits("+49 30 44021187") == "493044021187"
    assert phone_digits("12") == ""


def test_score_name_alone_is_never_a_duplicate():
    assert not is_duplicate(Contact(name="Hans Müller"), Contact(name="Hans Müller"))
    assert duplicate_score(Contact(), Contact()) == 0.0
