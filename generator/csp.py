"""The Content-Security-Policy of every page, as a <meta> tag the site's own scripts satisfy.

Scripts may come only from the site itself. The theme's few inline scripts are allowed by their SHA-256 hashes,
and those hashes are computed once per build from the theme's *templates* (each inline script rendered for every
depth a page can have), never from what a built page happens to contain: a page carrying any other inline script
fails the build, so a script that slipped into a title or a heading is an error, not something the policy allows.
``file:`` is allowed beside ``'self'`` because a file:// page has no origin of its own to match.
"""

from __future__ import annotations

import base64
import hashlib
import re

import jinja2

from .errors import PufaError

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_SCRIPT = re.compile(r"""type=["']?application/(?:ld\+)?json""", re.I)
MAX_DEPTH = 16
"""Deepest page folder a site has (tiaoli/<slug>/<n>/ is 3); base_url is rendered for each depth up to it."""


class UnknownScriptError(PufaError):
    """A built page holds an inline script that is not one of the theme's."""


def theme_script_hashes(env: jinja2.Environment, context: dict, base_urls: list[str]) -> frozenset[str]:
    """Hashes of every inline script in the theme's HTML templates, rendered with ``context`` and each base URL.

    A script that needs more than the site's configuration and ``base_url`` (a page's own values, such as the
    redirect template's ``page.meta.location``) cannot be rendered here and so is not allowed.
    """
    hashes = set()
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        source = env.loader.get_source(env, name)[0]
        for match in _INLINE_SCRIPT.finditer(source):
            if _DATA_SCRIPT.search(match["attrs"]):
                continue
            template = env.from_string(match["body"])
            for base_url in base_urls:
                try:
                    hashes.add(_hash(template.render(**context, base_url=base_url)))
                except (jinja2.TemplateError, AttributeError, TypeError):
                    break
    return frozenset(hashes)


def depth_base_urls(extra: list[str]) -> list[str]:
    """``.``, ``..``, ``../..`` … as MkDocs writes base_url for pages at each depth, plus ``extra`` (404's)."""
    return [".", *("/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)), *extra]


def policy(page_html: str, allowed: frozenset[str], page: str) -> str:
    """The policy for one page.

    Raises:
        UnknownScriptError: the page has an inline script whose hash is not one of the theme's.
    """
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(page_html):
        if _DATA_SCRIPT.search(match["attrs"]):
            continue
        digest = _hash(match["body"])
        if digest not in allowed:
            snippet = " ".join(match.group()[:120].split())
            raise UnknownScriptError(f"an inline script that is not the theme's: {snippet}", path=page,
                                     hint="inline scripts come only from the theme's templates; put site scripts "
                                          "in a .js file under docs/ and list it in extra_javascript.")
        hashes.add(digest)
    scripts = " ".join(["'self'", "file:", *(f"'{h}'" for h in sorted(hashes))])
    return ("default-src 'self' file:; "
            f"script-src {scripts}; "
            "style-src 'self' file: 'unsafe-inline'; "
            "img-src 'self' file: data:; font-src 'self' file: data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self' file:")


def with_policy(page_html: str, allowed: frozenset[str], page: str) -> str:
    """``page_html`` with the policy as the first element of <head>."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page_html, allowed, page)}">'
    return re.sub(r"<head(\s[^>]*)?>", lambda m: m.group() + meta, page_html, count=1, flags=re.I)


def _hash(body: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
