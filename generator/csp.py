"""The Content-Security-Policy of every page, as a <meta> tag the site's own scripts satisfy.

Scripts may come only from the site itself; the theme's few inline scripts are allowed by their SHA-256 hashes,
computed from each built page, so a script injected into content cannot run even if it slipped past the
sanitiser. ``file:`` is allowed beside ``'self'`` because a file:// page has no origin of its own to match.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_SCRIPT = re.compile(r"""type=["']?application/(?:ld\+)?json""", re.I)


_CONTENT = re.compile(r"<article\b.*?</article>", re.S | re.I)


def policy(page_html: str) -> str:
    """The policy for one page. Only the theme's inline scripts are hashed: anything inside the page content
    (<article>) is text someone wrote, and a script there must not be allowed by its own hash."""
    theme = _CONTENT.sub("", page_html)
    hashes = sorted({_hash(m["body"]) for m in _INLINE_SCRIPT.finditer(theme) if not _DATA_SCRIPT.search(m["attrs"])})
    scripts = " ".join(["'self'", "file:", *(f"'{h}'" for h in hashes)])
    return ("default-src 'self' file:; "
            f"script-src {scripts}; "
            "style-src 'self' file: 'unsafe-inline'; "
            "img-src 'self' file: data:; font-src 'self' file: data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self' file:")


def with_policy(page_html: str) -> str:
    """``page_html`` with the policy as the first element of <head>."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page_html)}">'
    return re.sub(r"<head(\s[^>]*)?>", lambda m: m.group() + meta, page_html, count=1, flags=re.I)


def _hash(body: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
