"""Article-number lookups in any form a reader types: 第二十二条, 第22条, 22条, 第 22 条, 信访条例第21条, 条例第三十一条第六项,
31.6. The grammar is :data:`generator.grammar.LOOKUP`, which the browser client reads too; the result is the same
:class:`~generator.link.Target` a cross-reference resolves to."""

from __future__ import annotations

import re

from generator.grammar import DEFAULT_TITLES, LOOKUP, compact_query, in_bounds
from generator.link import Target
from generator.numerals import cn_to_int

_LOOKUP = re.compile(LOOKUP)


def find_lookup(text: str, titles: dict[str, str], default_regulation: str | None) -> Target | None:
    """The article a query names, if the whole query is an article number (with an optional title before it).

    A bare number counts only with a dot (31.6) or 条 (22条): 2022 alone is a year, not an article.
    """
    match = _LOOKUP.match(compact_query(text))
    if not match or (match["dotted"] and not match["dotted_item"]):
        return None
    regulation = default_regulation
    if match["title"] and match["title"] not in DEFAULT_TITLES:
        regulation = titles.get(match["title"])
    if regulation is None:
        return None
    try:
        if match["dotted"]:
            target = Target(regulation, int(match["dotted"]), item=int(match["dotted_item"]))
        else:
            target = Target(regulation, cn_to_int(match["art"]),
                            cn_to_int(match["suffix"]) if match["suffix"] else None,
                            cn_to_int(match["para"]) if match["para"] else None,
                            cn_to_int(match["item"]) if match["item"] else None)
    except ValueError:
        return None
    return target if in_bounds(target.article, target.suffix, target.paragraph, target.item) else None
