"""The user dictionary: terms of the site's own regulations and content that segmentation must keep whole."""

from __future__ import annotations

import re

from generator.content import ContentPack
from generator.project import Project

_DEFINED = re.compile(r"本条例所称([\u4e00-\u9fff]{2,12})")


def user_words(project: Project, content: ContentPack) -> tuple[str, ...]:
    """Chapter and section titles, terms the text defines (本条例所称…), glossary terms and their aliases."""
    words: set[str] = set()
    for item in project.regulations:
        if item.regulation is None:
            continue
        for division in item.regulation.divisions():
            words.add(division.title)
        for article in item.regulation.articles():
            words.update(_DEFINED.findall(article.text))
    for term in content.terms:
        words.add(term.term)
        words.update(term.aliases)
    return tuple(sorted(w for w in words if 2 <= len(w) <= 12 and re.fullmatch(r"[\u4e00-\u9fff]+", w)))
