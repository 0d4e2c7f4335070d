"""Tests for generator.numerals: Chinese numerals in article, chapter and item numbers, both ways."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from generator.numerals import cn_to_int, int_to_cn

# (numeral as written in legislation, value). Each pair holds both ways: int_to_cn gives this exact spelling.
CANONICAL = [
    ("零", 0), ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十五", 15), ("二十", 20), ("二十二", 22),
    ("九十九", 99), ("一百", 100), ("一百零一", 101), ("一百一十", 110), ("一百一十五", 115),
    ("二百零四", 204), ("三百二十", 320), ("九百九十九", 999), ("一千", 1000), ("一千零一", 1001),
    ("一千零一十", 1010), ("一千零一十一", 1011), ("一千一百", 1100), ("一千二百六十", 1260),
    ("二千零二十二", 2022), ("一万", 10_000), ("一万零一", 10_001), ("十万", 100_000),
    ("一千万零一", 10_000_001), ("九千九百九十九万九千九百九十九", 99_999_999),
]


@pytest.mark.parametrize(("numeral", "value"), CANONICAL)
def test_cn_to_int_reads_legislative_numerals(numeral, value):
    """cn_to_int reads the numerals used in article numbers (一百零一 → 101, 十五 → 15, 一千 → 1000)."""
    assert cn_to_int(numeral) == value


@pytest.mark.parametrize(("numeral", "value"), CANONICAL)
def test_int_to_cn_writes_legislative_numerals(numeral, value):
    """int_to_cn writes numbers the way official texts do (10 → 十, 110 → 一百一十, 204 → 二百零四)."""
    assert int_to_cn(value) == numeral


@pytest.mark.parametrize(("numeral", "value"), [
    ("二〇二二", 2022), ("二零二二", 2022), ("一九九六", 1996), ("二〇〇五", 2005), ("〇", 0), ("○", 0),
])
def test_digit_by_digit_form_is_read_as_digits(numeral, value):
    """Years written digit by digit (二〇二二) read as the digits they spell."""
    assert cn_to_int(numeral) == value


@pytest.mark.parametrize(("numeral", "value"), [("一十五", 15), ("两百", 200), ("两千零四", 2004)])
def test_accepted_spelling_variants(numeral, value):
    """Spellings that are not canonical but unambiguous are accepted: 一十五, 两百."""
    assert cn_to_int(numeral) == value


@pytest.mark.parametrize(("numeral", "value"), [("2022", 2022), ("31", 31), ("０", 0), ("２０２２", 2022),
                                                ("007", 7)])
def test_arabic_digits_are_accepted(numeral, value):
    """Arabic digits, half- or full-width, read as their value."""
    assert cn_to_int(numeral) == value


@pytest.mark.parametrize("unit,value", [("十", 10), ("百", 100), ("千", 1000), ("万", 10_000)])
def test_a_lone_unit_means_one_of_it(unit, value):
    """A unit with no digit before it counts once, as 十 means ten: 百 → 100, 万 → 10000 (never 0)."""
    assert cn_to_int(unit) == value


@pytest.mark.parametrize("text", [
    "", "第一", "一条", "abc", "1.5", "-1", "一 二", "十十", "百百", "一百百", "一千千", "十一十",
    "一二十", "一百二三", "十百", "百千", "一十百", "万万", "三万万", "٣",
])
def test_malformed_numerals_raise_value_error(text):
    """Empty text, foreign characters, repeated or out-of-order units and over-range values raise ValueError."""
    with pytest.raises(ValueError):
        cn_to_int(text)


@pytest.mark.parametrize("number", [-1, 100_000_000, 10**12])
def test_int_to_cn_rejects_out_of_range(number):
    """int_to_cn supports 0 ≤ n < 10^8 and raises ValueError outside it."""
    with pytest.raises(ValueError):
        int_to_cn(number)


def test_round_trip_up_to_3000():
    """cn_to_int(int_to_cn(n)) == n for every n in 0..3000 (every article number in practice)."""
    mismatches = [(n, int_to_cn(n)) for n in range(3001) if cn_to_int(int_to_cn(n)) != n]
    assert mismatches == []


def test_written_form_is_unique_up_to_3000():
    """No two numbers in 0..3000 share a written form."""
    written = [int_to_cn(n) for n in range(3001)]
    assert len(set(written)) == len(written)


@given(st.integers(min_value=0, max_value=99_999_999))
def test_round_trip_large_values(number):
    """cn_to_int(int_to_cn(n)) == n across the whole supported range."""
    assert cn_to_int(int_to_cn(number)) == number


@given(st.text(alphabet="〇零○一二两三四五六七八九十百千万0123456789２第条 ", max_size=8))
def test_cn_to_int_raises_only_value_error(text):
    """On any string of numeral-like characters cn_to_int returns a non-negative int or raises ValueError."""
    try:
        value = cn_to_int(text)
    except ValueError:
        return
    assert isinstance(value, int) and value >= 0
