"""An Atom feed of the campaign news (/dongtai/feed.xml): the posts' titles, dates, summaries and addresses.

Written with the standard library's XML writer (no plugin, no requests); it needs the site's public address
(``site_url``), because feed readers need absolute links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .qr import absolute_url

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    url: str
    """Relative to the site root, as MkDocs writes page URLs."""
    date: dt.date
    summary: str


def atom_feed(title: str, site_url: str, feed_url: str, entries: list[FeedEntry]) -> str:
    """The feed document, newest entry first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ordered = sorted(entries, key=lambda entry: (entry.date, entry.url), reverse=True)
    updated = ordered[0].date if ordered else dt.date(2000, 1, 1)
    _text(feed, "title", title)
    _text(feed, "id", absolute_url(site_url, feed_url))
    _text(feed, "updated", f"{updated.isoformat()}T00:00:00Z")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=absolute_url(site_url, feed_url), rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=absolute_url(site_url, ""), rel="alternate")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", title)
    for entry in ordered:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "title", entry.title)
        _text(item, "id", absolute_url(site_url, entry.url))
        ET.SubElement(item, f"{{{ATOM}}}link", href=absolute_url(site_url, entry.url), rel="alternate")
        _text(item, "updated", f"{entry.date.isoformat()}T00:00:00Z")
        _text(item, "summary", entry.summary)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element
