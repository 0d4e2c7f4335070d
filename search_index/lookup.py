"""Article-number lookups in any form a reader types: 第二十二条, 第22条, 22条, 信访条例第21条, 31.6,
第三十一条第六项. Shared by both engines (the browser client implements the same grammar); the result is the
same :class:`~generator.link.Target` a cross-reference resolves to."""

from __future__ import annotations

import re
from generator.link import Target
from generator.numerals import CN_NUMERAL, NUMBER, cn_to_int

_NUM = NUMBER
_LOOKUP = re.compile(
    rf"^\s*(?:《?(?P<title>[^《》\s第0-9]{{2,40}}?)》?)?\s*"
    rf"(?:第?(?P<art>{_NUM})\s*条(?:之(?P<suffix>{CN_NUMERAL}))?(?:第(?P<para>{_NUM})款)?(?:第(?P<item>{_NUM})项)?"
    rf"|(?P<dotted>[0-9]+)(?:\.(?P<dotted_item>[0-9]+))?)\s*$")


def find_lookup(text: str, titles: dict[str, str], default_regulation: str | None) -> Target | None:
    """The article a query names, if the whole query is an article number (with an optional title before it).

    A bare number counts only with a dot (31.6) or 条 (22条): 2022 alone is a year, not an article.
    """
    match = _LOOKUP.match(text.translate(_FULLWIDTH))
    if not match or (match["dotted"] and not match["dotted_item"]):
        return None
    regulation = default_regulation
    if match["title"]:
        regulation = titles.get(match["title"].strip("《》"))
        if regulation is None:
            return None
    if regulation is None:
        return None
    try:
        if match["dotted"]:
            return Target(regulation, int(match["dotted"]), item=int(match["dotted_item"]))
        return Target(regulation, cn_to_int(match["art"]),
                             cn_to_int(match["suffix"]) if match["suffix"] else None,
                             cn_to_int(match["para"]) if match["para"] else None,
                             cn_to_int(match["item"]) if match["item"] else None)
    except ValueError:
        return None


_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF0E: 0x2E, 0x3000: 0x20}
