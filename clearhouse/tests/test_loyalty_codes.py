import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.loyalty import codes


def test_codes_carry_at_least_64_random_bits():
    assert codes.random_bits() >= 64


def test_alphabet_has_no_look_alikes():
    for char in "0O1IL":
        assert char not in codes.ALPHABET
    assert len(set(codes.ALPHABET)) == codes.BASE == 31


def test_generated_code_is_grouped_and_valid():
    code = codes.generate_code()
    assert len(code) == 17 and code[5] == code[11] == "-"
    assert codes.normalize_code(code) == code


@pytest.mark.parametrize(
    "typed",
    ["{code}", "{lower}", " {raw} ", "{spaced}"],
)
def test_typed_forms_normalise_to_the_code(typed):
    code = codes.generate_code()
    raw = code.replace("-", "")
    text = typed.format(
        code=code, lower=code.lower(), raw=raw, spaced=" ".join([raw[:4], raw[4:9], raw[9:]])
    )
    assert codes.normalize_code(text) == code


@pytest.mark.parametrize("text", ["", "ABC", None, 42, "0" * 15, "22222-22222-2222"])
def test_malformed_codes_are_refused(text):
    assert codes.normalize_code(text) is None


def test_prefix_is_kept_and_accepted():
    code = codes.generate_code(prefix="BD")
    assert code.startswith("BD-")
    assert codes.normalize_code(code, prefix="BD") == code
    assert codes.normalize_code(code.replace("BD-", ""), prefix="BD") == code


def test_generate_codes_are_distinct_and_avoid_taken():
    taken = set(codes.generate_codes(50))
    fresh = codes.generate_codes(200, taken=taken)
    assert len(set(fresh)) == 200 and not taken & set(fresh)


@given(st.data())
def test_every_single_substitution_is_detected(data):
    raw = codes.generate_code().replace("-", "")
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    other = data.draw(st.sampled_from([c for c in codes.ALPHABET if c != raw[position]]))
    changed = raw[:position] + other + raw[position + 1 :]
    assert codes.normalize_code(changed) is None


@given(st.data())
def test_every_swap_of_neighbours_is_detected(data):
    raw = codes.generate_code().replace("-", "")
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 2))
    if raw[position] == raw[position + 1]:
        return
    swapped = raw[:position] + raw[position + 1] + raw[position] + raw[position + 2 :]
    assert codes.normalize_code(swapped) is None


@given(st.text(alphabet=string.printable + "ÄÖÜß", max_size=40))
def test_normalize_never_raises(text):
    result = codes.normalize_code(text)
    assert result is None or codes.normalize_code(result) == result
