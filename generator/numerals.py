"""Chinese numerals as used in legislation: 第一百零一条, 二百零四, 一千, 〇/零, and back.

Only non-negative integers below 10^8 appear in article, chapter and item numbers, so that
is the range supported; anything else raises ``ValueError`` (callers turn it into a ParseError).
"""

from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
CN_NUMERAL = f"[{CN_NUMERAL_CHARS}]+"
"""Regex fragment matching a run of Chinese numeral characters."""
NUMBER = rf"(?:{CN_NUMERAL}|[0-9]+)"
"""Regex fragment for a number as legislation writes it: Chinese numerals or Arabic digits (第22条)."""

_ARABIC = re.compile(r"[0-9０-９]+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(text: str) -> int:
    """Convert 一百零一 → 101, 十五 → 15, 二〇二二 → 2022 (digit-by-digit form), or Arabic digits.

    Raises:
        ValueError: ``text`` is empty or not a well-formed numeral.
    """
    if not text:
        raise ValueError("empty numeral")
    if _ARABIC.fullmatch(text):
        return int(text.translate(_FULLWIDTH_DIGITS))
    if any(ch not in CN_NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if not any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in text):
        if len(text) == 1 or all(ch in DIGITS for ch in text):
            return int("".join(str(DIGITS[ch]) for ch in text))
    return _positional(text)


def _positional(text: str) -> int:
    """Read a numeral with units; units must descend (百 before 十) and 万 may appear once."""
    total, section, digit = 0, 0, None
    smallest_unit = None  # the last unit used in the current section: the next one must be smaller
    seen_big = False
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = DIGITS[ch] if DIGITS[ch] else None
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if smallest_unit is not None and unit >= smallest_unit:
                raise ValueError(f"units out of order in {text!r}")
            if digit is None and section:
                raise ValueError(f"unit without a digit in the middle of {text!r}")
            section += (1 if digit is None else digit) * unit
            smallest_unit, digit = unit, None
        else:
            if seen_big:
                raise ValueError(f"repeated 万 in {text!r}")
            seen_big = True
            total += ((section + (digit or 0)) or 1) * BIG_UNITS[ch]
            section, digit, smallest_unit = 0, None, None
    return total + section + (digit or 0)


def int_to_cn(number: int) -> str:
    """Convert 101 → 一百零一, 15 → 十五, 10 → 十, 1000 → 一千: the style of official article numbers."""
    if number < 0 or number >= 100_000_000:
        raise ValueError(f"out of range: {number}")
    if number < 10_000:
        return _below_10000(number)
    high, low = divmod(number, 10_000)
    text = _below_10000(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _below_10000(low)
    return text


def _below_10000(number: int) -> str:
    if number == 0:
        return "零"
    names = "零一二三四五六七八九"
    parts: list[str] = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (number // unit) % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(names[digit] + name)
    text = "".join(parts)
    # 一十五 is written 十五 when it stands alone (but 一百一十五 keeps its 一).
    return text[1:] if text.startswith("一十") else text
