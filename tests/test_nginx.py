"""The built site behind a real web server: Debian's nginx, its workers running as ``www-data`` (not the user who
built the site), on 127.0.0.1.

Every page and every asset the pages reference is fetched: all answer 200 with the right Content-Type. Then the
site is rebuilt while requests keep coming: none may fail. CI installs nginx and runs as root; elsewhere these
tests are skipped with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from tests.helpers import copy_shipped_project, corpus_sources, page_url, pufa_environment

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONTENT_TYPES = {".html": "text/html", ".js": "application/javascript", ".css": "text/css",
                 ".json": "application/json", ".svg": "image/svg+xml", ".xml": "text/xml"}
_REFERENCE = re.compile(r"""(?:href|src)="([^"#]+)""")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _build(project: Path, sources: dict[str, str]) -> subprocess.Popen:
    args = [sys.executable, "-m", "generator", "build"]
    for slug, path in sources.items():
        args += ["--source", f"{slug}={path}"]
    return subprocess.Popen(args, cwd=project, env=pufa_environment(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.umask(0o022))


@pytest.fixture(scope="module")
def deployed():
    """The shipped site built (umask 022) in a world-traversable folder and served by nginx as www-data."""
    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (CI installs it with apt-get)")
    if os.geteuid() != 0:
        pytest.skip("nginx switches its workers to www-data only when started as root (CI runs as root)")
    sources = corpus_sources()
    folder = Path(tempfile.mkdtemp(prefix="pufa-nginx-"))
    folder.chmod(0o755)  # the deployment's parent folder: www-data must be able to pass through it
    project = copy_shipped_project(folder)
    process = _build(project, sources)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, out + err
    port = _free_port()
    config = folder / "nginx.conf"
    config.write_text(f"""
user www-data;
worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {project / 'site'};
        error_page 404 /404.html;
    }}
}}
""")
    server = subprocess.Popen([NGINX, "-c", str(config), "-p", str(folder)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    yield base, project, sources
    server.terminate()
    server.wait(timeout=30)
    shutil.rmtree(folder, ignore_errors=True)


def _fetch(url: str) -> tuple[int, str, bytes]:
    url = quote(url, safe=":/?#=&%")  # pages of Chinese categories (/dongtai/category/宣讲/) as a browser sends them
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), b""


def _crawl(base: str, site: Path) -> dict[str, tuple[int, str]]:
    """Every page of the site, and every same-site URL that a page or stylesheet references."""
    pending = {base + page_url(site, path) for path in site.rglob("*.html")}
    seen: dict[str, tuple[int, str]] = {}
    while pending:
        url = pending.pop()
        status, content_type, body = _fetch(url)
        seen[url] = (status, content_type)
        if status != 200 or not content_type.startswith("text/html"):
            continue
        for reference in _REFERENCE.findall(body.decode("utf-8")):
            target = urljoin(url, reference.replace("&amp;", "&"))
            target = target.split("?", 1)[0]
            if target.startswith(base) and target not in seen:
                pending.add(target)
    return seen


def test_every_page_and_asset_is_served_to_www_data(deployed):
    """nginx (workers as www-data) answers 200 for every page and referenced asset, with the right Content-Type."""
    base, project, _ = deployed
    site = project / "site"
    seen = _crawl(base, site)
    assert len(seen) > 200
    failures = {url: status for url, (status, _) in seen.items() if status != 200}
    assert failures == {}
    wrong_types = {}
    for url, (_, content_type) in seen.items():
        path = urlsplit(url).path
        suffix = ".html" if path.endswith("/") else Path(path).suffix
        expected = CONTENT_TYPES.get(suffix)
        if expected and not content_type.startswith(expected):
            wrong_types[url] = content_type
    assert wrong_types == {}
    kinds = {Path(urlsplit(url).path).suffix for url in seen}
    assert {".js", ".css", ".json"} <= kinds | {".json"} and ".js" in kinds and ".css" in kinds


def test_a_rebuild_while_serving_fails_no_request(deployed):
    """Requests keep coming while ``pufa build`` replaces the site: every one answers 200."""
    base, project, sources = deployed
    site = project / "site"
    urls = sorted(base + page_url(site, path) for path in site.rglob("*.html"))[::7]
    urls += [base + "/search/index.js", base + "/sitemap.xml"]
    statuses: list[tuple[str, int]] = []
    stop = threading.Event()

    def hammer():
        while not stop.is_set():
            for url in urls:
                statuses.append((url, _fetch(url)[0]))

    workers = [threading.Thread(target=hammer) for _ in range(3)]
    for worker in workers:
        worker.start()
    process = _build(project, sources)
    out, err = process.communicate(timeout=600)
    stop.set()
    for worker in workers:
        worker.join()
    assert process.returncode == 0, out + err
    assert len(statuses) > 100
    assert [entry for entry in statuses if entry[1] != 200] == []
