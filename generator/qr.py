"""码上知: QR codes of a page's absolute URL, as inline SVG (no image files, no requests), made with segno.

A QR code needs the site's public address: ``site_url`` in mkdocs.yml (or ``pufa build --site-url``). Without it
there are no QR codes, and the build says once which setting is missing.
"""

from __future__ import annotations

import html
from urllib.parse import urljoin

import segno

from .cache import cached

SITE_URL_MISSING = ("site_url is not set in mkdocs.yml: pages and posters get no QR codes. Set it to the address "
                    "the site is published at (e.g. site_url: https://xinfang.example.gov.cn/), or pass "
                    "pufa build --site-url URL.")


def absolute_url(site_url: str, url: str) -> str:
    """``url`` (relative to the site root, as MkDocs writes page URLs) on the published site."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", url)


def qr_svg(url: str, label: str) -> str:
    """An inline SVG QR code of ``url`` (error correction M: survives a little dirt on a printed poster), scaled by
    CSS; ``label`` names it for screen readers. Codes are cached between builds (:mod:`generator.cache`)."""
    path = cached("qr", f"segno {segno.__version__}|m|2|{url}", ".svg",
                  lambda target: target.write_text(_svg(url), encoding="utf-8"))
    svg = path.read_text(encoding="utf-8") if path else _svg(url)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label, quote=True)}" ', 1)


def _svg(url: str) -> str:
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(border=2, dark="#000", light="#fff", omitsize=True, svgclass="pufa-qr-svg")


def qr_block(url: str, page_title: str) -> str:
    """The QR box of a page: a 二维码 toggle on screen (a native <details>), always shown in print."""
    caption = html.escape(url)
    return (f'<details class="pufa-qr-box"><summary>二维码</summary><div class="pufa-qr">'
            f'{qr_svg(url, f"本页二维码：{page_title}")}<p class="pufa-qr-url">{caption}</p></div></details>')
