"""The one grammar of numbers in legal text that both search engines read: how numerals are normalised
(六十日 → 60日, 第三十一条 → 第31条) and how a query names an article (第二十二条, 22条, 条例第三十一条第六项, 31.6).

The patterns are written once, here, in the subset of regular-expression syntax that Python and JavaScript read
alike (named groups, lookahead; no lookbehind, which older phone browsers reject). Python compiles them as they
are; :func:`browser_grammar` hands them, with the numeral tables, to the in-browser client through the search
index, so the two engines cannot drift apart. The numeral algorithm itself is :func:`generator.numerals.cn_to_int`
in Python and its port ``cnToInt`` in the client; a parity test drives both with the same generated inputs.
"""

from __future__ import annotations

import re

from .numerals import BIG_UNITS, CN_NUMERAL, CN_NUMERAL_CHARS, DIGITS, NUMBER, SMALL_UNITS

COUNT_UNITS = ("个工作日", "工作日", "日", "天", "人", "名", "个月", "年", "周", "小时", "次", "倍")
"""Units after which a Chinese numeral is a quantity (十五日, 五个工作日) and becomes Arabic digits."""

NUMERIC = (
    rf"第(?P<ordinal>{CN_NUMERAL})(?P<kind>[条款项章节编])"
    rf"|(?P<count>{CN_NUMERAL})(?P<unit>{'|'.join(COUNT_UNITS)})"
    rf"|(?P<before>^|[^第0-9])(?P<bare>[0-9]+)(?=条)"
    rf"|(?P<day_digit>[0-9])天"
)
"""Numerals to normalise: 第三十一条 (ordinal), 六十日 (count), 31条 without 第 (bare), 60天 (days)."""

DEFAULT_TITLES = ("条例", "本条例", "该条例", "这个条例", "这部条例")
"""Words that name no particular regulation: 条例第三十一条 means the site's default one."""

LOOKUP = (
    rf"^(?:《?(?P<title>[^《》第0-9]{{1,39}}?[^《》第0-9{CN_NUMERAL_CHARS}])》?)?"
    rf"(?:第?(?P<art>{NUMBER})条(?:之(?P<suffix>{CN_NUMERAL}))?(?:第?(?P<para>{NUMBER})款)?(?:第?(?P<item>{NUMBER})项)?"
    rf"|(?P<dotted>[0-9]+)(?:\.(?P<dotted_item>[0-9]+))?)$"
)
"""A query that is an article number and nothing else, after :func:`compact_query`; an optional title before it."""

MAX_ARTICLE = 9999
MAX_SUBDIVISION = 99
"""No regulation has more articles, or an article more paragraphs or items: larger numbers are typing errors."""


def in_bounds(article: int, suffix: int | None = None, paragraph: int | None = None, item: int | None = None) -> bool:
    """Whether a citation's numbers can exist: articles 1 … MAX_ARTICLE, the rest 1 … MAX_SUBDIVISION."""
    return 1 <= article <= MAX_ARTICLE and all(value is None or 1 <= value <= MAX_SUBDIVISION
                                               for value in (suffix, paragraph, item))


WIDTH = {**{0xFF10 + i: 0x30 + i for i in range(10)}, **{0xFF21 + i: 0x61 + i for i in range(26)},
         **{0xFF41 + i: 0x61 + i for i in range(26)}, 0xFF0E: 0x2E, 0x3000: 0x20}
"""Full-width digits, letters, full stop and space → ASCII (letters lower-cased)."""

SPACE = r"[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
"""White space as both languages agree on it (Python's \\s also takes \\x1c-\\x1f; JavaScript's does not)."""
_SPACE = re.compile(SPACE)


def compact_query(text: str) -> str:
    """A query as the lookup grammar reads it: half-width, without spaces (第 22 条 = 第22条)."""
    return _SPACE.sub("", text.translate(WIDTH))


def javascript(pattern: str) -> str:
    """The same pattern in JavaScript's spelling of named groups."""
    return pattern.replace("(?P<", "(?<")


def browser_grammar() -> dict:
    """Everything the browser client needs to normalise and look up exactly as Python does."""
    return {"numeric": javascript(NUMERIC), "lookup": javascript(LOOKUP), "digits": DIGITS,
            "smallUnits": SMALL_UNITS, "bigUnits": BIG_UNITS, "width": {str(k): v for k, v in WIDTH.items()},
            "space": javascript(SPACE), "defaultTitles": list(DEFAULT_TITLES), "maxArticle": MAX_ARTICLE,
            "maxSubdivision": MAX_SUBDIVISION}
