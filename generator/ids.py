"""The one scheme for anchors and URL segments, used by pages, links and the search index.

Anchors are built from the citation a reader would use, not from the position in the tree, so that
``#art-31-p1-i6`` (第三十一条第一款第六项) stays valid when a chapter is renumbered:

=============  ===================  ==========================
what           example              anchor
=============  ===================  ==========================
article        第三十一条            ``art-31``
article 之一    第十条之一            ``art-10-1``
paragraph      第三十一条第二款       ``art-31-p2``
item           第三十一条第一款第六项  ``art-31-p1-i6``
sub-item       …第六项第1目          ``art-31-p1-i6-s1``
chapter        第三章                ``chp-3``
section        第三章第一节           ``chp-3-sec-1``
=============  ===================  ==========================
"""

from __future__ import annotations


def article_slug(number: int, suffix: int | None = None) -> str:
    """The article page's URL segment: ``22`` or ``10-1`` (第十条之一)."""
    return f"{number}-{suffix}" if suffix else str(number)


def article_anchor(number: int, suffix: int | None = None) -> str:
    return f"art-{article_slug(number, suffix)}"


def paragraph_anchor(number: int, suffix: int | None, paragraph: int) -> str:
    return f"{article_anchor(number, suffix)}-p{paragraph}"


def item_anchor(number: int, suffix: int | None, paragraph: int, item: int) -> str:
    return f"{paragraph_anchor(number, suffix, paragraph)}-i{item}"


def subitem_anchor(number: int, suffix: int | None, paragraph: int, item: int, subitem: int) -> str:
    return f"{item_anchor(number, suffix, paragraph, item)}-s{subitem}"


def chapter_anchor(chapter: int, part: int | None = None) -> str:
    return f"part-{part}-chp-{chapter}" if part else f"chp-{chapter}"


def section_anchor(chapter: int | None, section: int, part: int | None = None) -> str:
    return f"{chapter_anchor(chapter, part)}-sec-{section}" if chapter else f"sec-{section}"


def part_anchor(part: int) -> str:
    return f"part-{part}"


def division_anchors(body) -> dict[int, tuple[str, int]]:
    """``id(division) → (anchor, depth)`` for every 编/章/节 of a regulation's body, in reading order. A heading
    repeated in a defective source (a library text published as it is) gets ``-r`` until its anchor is unique."""
    found: dict[int, tuple[str, int]] = {}
    taken: set[str] = set()

    def walk(nodes, numbers: dict[str, int], depth: int) -> None:
        for node in nodes:
            kind = getattr(node, "kind", None)
            if kind not in ("part", "chapter", "section"):
                continue
            inner = {**numbers, kind: node.number}
            if kind == "part":
                anchor = part_anchor(node.number)
            elif kind == "chapter":
                anchor = chapter_anchor(node.number, inner.get("part"))
            else:
                anchor = section_anchor(inner.get("chapter"), node.number, inner.get("part"))
            while anchor in taken:
                anchor += "-r"
            taken.add(anchor)
            found[id(node)] = (anchor, depth)
            walk(node.children, inner, depth + 1)

    walk(body, {}, 0)
    return found
