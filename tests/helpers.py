"""Shared helpers for pufa's tests: paths, tree comparison, and a small renderer of regulation text.

The renderer here is deliberately independent of ``generator.render``: it writes the two source shapes
(official plain text and LawRefBook Markdown) from a plain-dict description of a regulation, so parser tests
can check ``parse(render(tree)) == tree`` without trusting any generator code on the way in.
"""

from __future__ import annotations

from pathlib import Path

from generator.numerals import int_to_cn
from generator.parse import ParseResult, parse

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
CORPUS = (TESTS.parent / ".." / "shared" / "corpus").resolve()
"""The shared corpus of official texts, kept outside the repository (see shared/corpus/README.md)."""


def fixture_path(name: str) -> Path:
    return FIXTURES / name


def make_regulation(text: str, path: str = "sample.txt") -> ParseResult:
    """Parse ``text`` as if it came from the file ``path``."""
    return parse(text, path=path)


def without_lines(data):
    """``as_dict()`` with every ``"line"`` key removed, so two source shapes of one text compare equal."""
    if isinstance(data, dict):
        return {key: without_lines(value) for key, value in data.items() if key != "line"}
    if isinstance(data, list):
        return [without_lines(value) for value in data]
    return data


# --- a tiny renderer -------------------------------------------------------------------------------------------
#
# A regulation is described as a dict:
#   {"title": str, "body": [division-or-article, ...]}
#   division: {"unit": "编" | "章" | "节", "number": int, "title": str, "children": [...]}
#   article:  {"number": int, "suffix": int | None, "paragraphs": [paragraph, ...]}
#   paragraph: {"text": str, "items": [{"text": str, "subitems": [str, ...]}, ...]}
# Item and sub-item texts are given without their markers; the renderer numbers them.

def _spaced(title: str) -> str:
    # Official texts spread two-character headings: 总　　则. The parser must read it back as 总则.
    return "　　".join(title) if len(title) == 2 else title


def _article_label(article: dict) -> str:
    suffix = f"之{int_to_cn(article['suffix'])}" if article.get("suffix") else ""
    return f"第{int_to_cn(article['number'])}条{suffix}"


def _paragraph_lines(paragraph: dict) -> list[str]:
    lines = []
    for number, item in enumerate(paragraph["items"], 1):
        lines.append(f"（{int_to_cn(number)}）{item['text']}")
        lines.extend(f"{sub_number}．{sub}" for sub_number, sub in enumerate(item["subitems"], 1))
    return lines


def render_official(regulation: dict) -> str:
    """The gov.cn shape: title, blank line, ``第一章　总　　则``, ``第一条　…`` with paragraphs on the next lines."""
    lines = [regulation["title"], ""]

    def walk(nodes):
        for node in nodes:
            if "unit" in node:
                lines.extend([f"第{int_to_cn(node['number'])}{node['unit']}　{_spaced(node['title'])}", ""])
                walk(node["children"])
                lines.append("")
            else:
                first, *rest = node["paragraphs"]
                lines.append(f"{_article_label(node)}　{first['text']}")
                lines.extend(_paragraph_lines(first))
                for paragraph in rest:
                    lines.append(paragraph["text"])
                    lines.extend(_paragraph_lines(paragraph))

    walk(regulation["body"])
    return "\n".join(lines) + "\n"


def render_lawrefbook(regulation: dict) -> str:
    """The LawRefBook shape: ``# title``, ``<!-- INFO END -->``, ``## 第一章 …``, blank lines between paragraphs."""
    lines = [f"# {regulation['title']}", "", "<!-- INFO END -->", ""]
    depth_of = {"编": 2, "章": 2, "节": 3}
    has_parts = any(node.get("unit") == "编" for node in regulation["body"])

    def walk(nodes):
        for node in nodes:
            if "unit" in node:
                depth = depth_of[node["unit"]] + (1 if has_parts and node["unit"] != "编" else 0)
                lines.extend([f"{'#' * depth} 第{int_to_cn(node['number'])}{node['unit']} {node['title']}", ""])
                walk(node["children"])
            else:
                first, *rest = node["paragraphs"]
                lines.extend([f"{_article_label(node)} {first['text']}", ""])
                for line in _paragraph_lines(first):
                    lines.extend([line, ""])
                for paragraph in rest:
                    lines.extend([paragraph["text"], ""])
                    for line in _paragraph_lines(paragraph):
                        lines.extend([line, ""])

    walk(regulation["body"])
    return "\n".join(lines)


def expected_dict(regulation: dict) -> dict:
    """The ``as_dict()`` (without lines) that parsing either rendering of ``regulation`` must give."""
    parts, chapters, sections, articles = [], [], [], []

    def walk(nodes, trail):
        for node in nodes:
            if "unit" in node:
                entry = {"number": node["number"], "label": f"第{int_to_cn(node['number'])}{node['unit']}",
                         "title": node["title"]}
                if node["unit"] == "编":
                    parts.append(entry)
                elif node["unit"] == "章":
                    chapters.append({**entry, "part": trail.get("编")})
                else:
                    sections.append({**entry, "chapter": trail.get("章")})
                walk(node["children"], {**trail, node["unit"]: node["number"]})
            else:
                paragraphs = []
                for paragraph in node["paragraphs"]:
                    markers = _paragraph_lines({"items": paragraph["items"]})
                    data = {"text": paragraph["text"],
                            "items": [line for line in markers if line.startswith("（")]}
                    if any(item["subitems"] for item in paragraph["items"]):
                        data["subitems"] = [[f"{n}．{sub}" for n, sub in enumerate(item["subitems"], 1)]
                                            for item in paragraph["items"]]
                    paragraphs.append(data)
                articles.append({"number": node["number"], "suffix": node.get("suffix"),
                                 "label": _article_label(node), "part": trail.get("编"),
                                 "chapter": trail.get("章"), "section": trail.get("节"),
                                 "paragraphs": paragraphs})

    walk(regulation["body"], {})
    return {"title": regulation["title"],
            "meta": {"note": "", "adopted": None, "published": None, "effective": None},
            "preamble": [], "parts": parts, "chapters": chapters, "sections": sections, "articles": articles}


# --- linking: two small made-up regulations and a project built from strings -----------------------------------

PARKING_TEXT = """示范小区停车管理条例

第一章　总　　则

第一条　为了规范小区停车秩序，方便居民出行，制定本条例。
第二条　本条例适用于示范小区内机动车的停放管理。
本条所称停放管理，包括车位分配、日常巡查和违规处理。

第二章　停放规则

第三条　车辆停放应当遵守下列规定：
（一）停放在划定的车位内；
（二）不占用消防通道；
（三）不妨碍他人通行。
临时停放的车辆，应当在出入口登记。
违反前两款规定的，由物业服务人劝阻；违反第二项规定的，可以通知车主挪车。
第四条　车位分配办法由业主大会决定。
业主大会决定前款事项，应当公示七日。
第五条　物业服务人应当每日巡查，发现违反本条例第三条第一款第二项规定的，应当立即处理。
对违反第三条第二款规定的车辆，依照第四条第二款处理；违反第3条第三项的，予以登记。
第六条　本条例第二条至第五条规定的事项，依照刑法第二十条、《其他法》第九条处理的除外。
违反本条例第三条、第四条规定，情节较重的，参照第二款办理。
本条例自2024年1月1日起施行。
"""
"""A made-up 条例 of six articles whose text cites itself in most of the ways the linker knows."""

PARKING_SLUG = "tingche"

SERVICE_TEXT = """中华人民共和国示范物业服务法

第一条　为了规范物业服务，制定本法。
第二条　物业服务人应当按照合同提供服务。
第三条　本法自2024年1月1日起施行。
"""
"""A second made-up regulation, registered with the short title 物业法, for 《…》第X条 references."""

SERVICE_SLUG = "wuye"


def make_library(*entries: tuple[str, str | None, list[str]]):
    """A :class:`generator.link.Library` of ``(slug, text or None, extra titles)``; None stands for a missing source."""
    from generator.link import Library

    library = Library()
    for slug, text, titles in entries:
        regulation = make_regulation(text, path=f"{slug}.txt").regulation if text is not None else None
        library.add(slug, regulation, titles)
    return library


def parking_library():
    """The parking regulation plus the service law (short title 物业法)."""
    return make_library((PARKING_SLUG, PARKING_TEXT, []), (SERVICE_SLUG, SERVICE_TEXT, ["物业法"]))


def make_project(library):
    """A :class:`generator.project.Project` over ``library`` with every regulation linked, built without files."""
    from generator.config import RegulationSpec
    from generator.link import LinkGraph, link_regulation
    from generator.project import LoadedRegulation, Project

    graph, loaded, problems = LinkGraph(), [], []
    for slug, regulation in library.regulations.items():
        spec = RegulationSpec(slug, Path(f"{slug}.txt"), regulation.title if regulation else slug, (), "现行有效", None)
        item = LoadedRegulation(spec, regulation)
        if regulation is not None:
            item.references, found = link_regulation(slug, regulation, library, graph)
            problems.extend(found)
        loaded.append(item)
    return Project(loaded, library, graph, problems)


def load_options(**config):
    """The pufa plugin options validated from ``config`` (as under ``plugins: - pufa:``), asserting no errors."""
    from generator.config import PufaOptions

    options = PufaOptions()
    options.load_dict(config)
    errors, warnings = options.validate()
    assert errors == [], errors
    assert warnings == [], warnings
    return options


# --- content trees ------------------------------------------------------------------------------------------------

def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (text as UTF-8), creating folders; returns ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


SMALL_MKDOCS_YML = """\
site_name: 示范普法
site_url: https://pufa.test/
theme:
  name: material
  language: zh
  font: false
plugins:
  - pufa:
      regulations:
        - slug: shifan
          source: shifan.txt
          title: 示范条例
"""


def small_project(folder: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A small pufa project of our own in ``folder``: mkdocs.yml, a home page and a 6-article regulation
    (slug ``shifan``), plus ``files``."""
    return write_files(folder, {
        "mkdocs.yml": SMALL_MKDOCS_YML,
        "docs/index.md": "# 示范普法\n\n见第一条。\n",
        "shifan.txt": stand_in_regulation(articles=6, paragraphs=2, items=2),
        **(files or {}),
    })


# --- search: a small made-up regulation, content pack and index ----------------------------------------------------

MEDIATION_SLUG = "tiaojie"

SCRIPT = "<script>alert(1)</script>"
"""Markup that must never come back from a search as markup."""


def _mediation_text() -> str:
    """示范社区调解条例: articles 1–32 plus 第十条之一, with 22, 31 (six items, two paragraphs) and 5 written out."""
    special = {
        2: ["本条例所称调解员，是指经居民委员会聘任从事社区调解的人员。"],
        5: ["调解员应当保护当事人的隐私。", f"网页中出现{SCRIPT}字样的，调解员应当报告。"],
        22: ["当事人对调解协议不服的，可以在六十日内向街道办事处申请复核。"],
        31: ["调解员不得有下列行为：", "（一）偏袒一方当事人；", "（二）侮辱当事人；", "（三）索取财物；",
             "（四）拖延调解；", "（五）强迫调解；", "（六）泄露当事人的隐私或者商业秘密。",
             "调解员有前款行为的，由居民委员会给予批评教育。"],
    }
    lines = ["示范社区调解条例", "", "第一章　总　　则", ""]
    for number in range(1, 33):
        if number == 20:
            lines += ["", "第二章　调解程序", ""]
        text = special.get(number, ["居民委员会应当做好社区调解的示范工作。"])
        lines.append(f"第{int_to_cn(number)}条　{text[0]}")
        lines.extend(text[1:])
        if number == 10:
            lines.append("第十条之一　调解员应当参加年度培训。")
    return "\n".join(lines) + "\n"


MEDIATION_TEXT = _mediation_text()


def search_fixture():
    """``(project, content)``: the made-up mediation regulation and the service law (short title 物业法), plus a
    Q&A, a glossary term and a case whose words include :data:`SCRIPT`."""
    import datetime as dt

    from generator.content import Case, ContentPack, GlossaryTerm, Question

    library = make_library((MEDIATION_SLUG, MEDIATION_TEXT, []), (SERVICE_SLUG, SERVICE_TEXT, ["物业法"]))
    project = make_project(library)
    content = ContentPack(
        questions=[Question("xieyi-bufu", "wenda/xieyi-bufu.md", f"对调解协议不服{SCRIPT}怎么办", (), ("调解",), "公众",
                            f"对调解协议不服的，{SCRIPT}可以在六十日内申请复核。")],
        cases=[Case("peixun", "anli/peixun.md", "调解员培训案", dt.date(2024, 1, 1), "浙江省杭州市", ("调解",), (),
                    "调解成功", f"调解员参加培训后{SCRIPT}调解成功。", "调解员参加了培训。")],
        terms=[GlossaryTerm("调解协议", f"调解协议是{SCRIPT}当事人在调解员主持下达成的书面协议。", (),
                            ("和解书",), 1)])
    return project, content


def search_documents(directory_urls: bool = True):
    """``(documents, user words, titles, default regulation)`` of :func:`search_fixture`, ready for an index."""
    from search_index.documents import build_documents
    from search_index.words import user_words

    project, content = search_fixture()
    return (build_documents(project, content, directory_urls), user_words(project, content),
            dict(project.library.titles), MEDIATION_SLUG)


def launch_chromium(playwright):
    """Debian's headless chromium (the same flags as tests/test_site_build.py)."""
    return playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run"])


# --- the shipped site in a scratch folder, run as a user runs it ------------------------------------------------

SHIPPED_SLUG = "xinfang-gongzuo-tiaoli"
"""The regulation the shipped site (docs/ + mkdocs.yml) publishes first."""

SHIPPED_OFFICIAL = CORPUS / "official" / "xinfang-gongzuo-tiaoli-2022.txt"


def stand_in_regulation(articles: int = 50, paragraphs: int = 5, items: int = 10) -> str:
    """A made-up regulation shaped like 信访工作条例 (50 articles), with enough 款 and 项 in every article that each
    reference in the shipped content resolves; used when the shared corpus is absent."""
    lines = ["示范信访工作条例", "", "第一章　总　　则", ""]
    for number in range(1, articles + 1):
        if number == 26:
            lines += ["", "第二章　附　　则", ""]
        for paragraph in range(1, paragraphs + 1):
            text = f"本条第{int_to_cn(paragraph)}款规定下列事项："
            lines.append(f"第{int_to_cn(number)}条　{text}" if paragraph == 1 else text)
            lines += [f"（{int_to_cn(item)}）示范事项；" for item in range(1, items)]
            lines.append(f"（{int_to_cn(items)}）其他示范事项。")
    return "\n".join(lines) + "\n"


def good_regulation_bytes() -> bytes:
    """The official text of 信访工作条例 from the shared corpus, or :func:`stand_in_regulation` without it."""
    if SHIPPED_OFFICIAL.is_file():
        return SHIPPED_OFFICIAL.read_bytes()
    return stand_in_regulation().encode("utf-8")


TEST_SITE_URL = "https://pufa.test/"
"""Where test copies of the shipped site say they are published (QR codes need a site_url; the shipped
mkdocs.yml leaves it to the operator)."""


def copy_shipped_config(destination: Path) -> Path:
    """The shipped mkdocs.yml copied to ``destination`` with :data:`TEST_SITE_URL` as its site_url."""
    text = (TESTS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    destination.write_text(f"site_url: {TEST_SITE_URL}\n" + text, encoding="utf-8")
    return destination


def copy_shipped_site(folder: Path) -> Path:
    """Copy the shipped docs/ and mkdocs.yml into ``folder`` (created); returns ``folder``."""
    import shutil

    root = TESTS.parent
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(root / "docs", folder / "docs")
    copy_shipped_config(folder / "mkdocs.yml")
    return folder


def pufa_environment() -> dict[str, str]:
    """The environment pufa runs in: this process's, with debugging tracebacks off."""
    import os

    return {key: value for key, value in os.environ.items() if key != "PUFA_DEBUG"}


def run_pufa(cwd: Path, *args: str, timeout: float = 300):
    """Run ``python -m generator ARGS`` in ``cwd`` as a separate process; returns the CompletedProcess (text)."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=pufa_environment(),
                          capture_output=True, text=True, timeout=timeout)


def start_pufa(cwd: Path, *args: str):
    """Start ``python -m generator ARGS`` in ``cwd`` without waiting (output discarded); returns the Popen."""
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, env=pufa_environment(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def tree_digest(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``folder`` (symbolic links are followed)."""
    import hashlib

    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def output_snapshot(project: Path, index: str = ".pufa-index") -> dict:
    """What a build leaves for readers: every file of site/, and where the index link points plus its files."""
    link = project / index
    return {"site": tree_digest(project / "site"),
            "index link": link.readlink().as_posix() if link.is_symlink() else None,
            "index": tree_digest(link.resolve())}


# --- the shipped site, built and served for browser tests ------------------------------------------------------------

ROOT = TESTS.parent
CHROMIUM_PATH = Path("/usr/bin/chromium")
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SITE_SOURCES = {
    "xinfang-gongzuo-tiaoli": "official/xinfang-gongzuo-tiaoli-2022.txt",
    "xinfang-tiaoli-2005": "official/xinfang-tiaoli-2005.txt",
    "zhejiang-xinfang-tiaoli": "lawrefbook/zhejiang-xinfang-tiaoli-2016.md",
}
"""The three official texts of the shipped site, relative to :data:`CORPUS`."""


def corpus_sources(slugs=None) -> dict[str, str]:
    """``{slug: absolute path}`` of the shipped site's official texts in the shared corpus; skips the test if any
    is absent."""
    import pytest

    sources = {slug: CORPUS / path for slug, path in SITE_SOURCES.items() if slugs is None or slug in slugs}
    missing = [str(path) for path in sources.values() if not path.is_file()]
    if missing:
        pytest.skip(f"shared corpus absent: {', '.join(missing)} not found")
    return {slug: str(path) for slug, path in sources.items()}


def copy_shipped_project(folder: Path) -> Path:
    """A copy of the shipped docs/ and mkdocs.yml in ``folder/project``, to plant things in before building."""
    import shutil

    project = folder / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    copy_shipped_config(project / "mkdocs.yml")
    return project


def build_project(project: Path, sources: dict[str, str]) -> Path:
    """``pufa build --strict --source …`` run in ``project`` (through CliRunner); returns the site folder."""
    import os

    import pytest
    from click.testing import CliRunner

    from generator.cli import cli

    args = ["build", "--strict"]
    for slug, path in sources.items():
        args += ["--source", f"{slug}={path}"]
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(project)
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert os.path.isfile(project / "site" / "index.html")
    return project / "site"


class serve_directory:
    """Context manager: ``directory`` served on 127.0.0.1 (an ephemeral port), quietly; yields the base URL."""

    def __init__(self, directory: Path):
        import functools
        import http.server

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a page left before a large file finished: the browser closed the connection

        self.server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))

    def __enter__(self) -> str:
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def require_chromium():
    """Skip unless Debian's chromium is installed at /usr/bin/chromium."""
    import pytest

    if not CHROMIUM_PATH.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")


def page_url(site: Path, html_file: Path) -> str:
    """The served path of a built page: ``site/a/b/index.html`` → ``/a/b/``, ``site/404.html`` → ``/404.html``."""
    relative = html_file.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def csp_meta(page_html: str) -> str | None:
    """The content of the page's Content-Security-Policy <meta>, or None."""
    import re

    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page_html)
    return match.group(1) if match else None


def csp_script_hashes(policy: str) -> set[str]:
    """The ``'sha256-…'`` sources of the policy's script-src, without quotes."""
    import re

    directive = next((part.strip() for part in policy.split(";") if part.strip().startswith("script-src ")), "")
    return set(re.findall(r"'(sha256-[A-Za-z0-9+/=]+)'", directive))


def sha256_source(body: str) -> str:
    """A CSP hash source (``sha256-…``) of an inline script's text."""
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")


# --- fuzzing: regulation-shaped text, random damage, and the invariants every stage must keep -------------------
#
# Shared by tests/generator/test_fuzz.py (a few dozen examples per run) and fuzz/fuzz_pipeline.py (as many as fit
# in a time box). Strategies are built lazily so that importing this module does not need Hypothesis.

FUZZ_HAN = "甲乙丙丁戊己庚辛壬癸天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏居民社区设施管理应当可以信访事项办理"
"""Han text with none of the characters the grammar gives meaning to (numerals, 第, 条, 章, 节, 款, 项, brackets)."""

FUZZ_SLUG = "shifan"
FUZZ_TITLE = "示范条例"
"""Every fuzzed regulation is registered under this slug and (besides its own title) this title."""

_STRANGE = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1c", "\x1f", "\x7f", "\x85", "\u00a0", "\u2028", "\u2029",
            "\u200b", "\ufeff", "\u3000", "\t", "\r", "\r\n", "\n", "（", "）", "(", ")", "、", "．", ".", "第", "条",
            "章", "节", "款", "项", "之", "十", "百", "万", "零", "〇", "《", "》", "<!--", "-->", "#", "## ", "---",
            "目录", "目　　录", "序言", "<!-- INFO END -->", "本条例", "前款", "至", "１", "９"]
"""Single characters and fragments that mean something to some stage; mixed into damaged text."""


def fuzz_strategies():
    """``{"regulation": …, "damaged": …, "encoded": …}``: Hypothesis strategies for fuzzing.

    - ``regulation`` draws clean regulation-shaped text: title, optional （issuing note）, optional 目录, 第N章 /
      第N节 headings with spaced titles, 第N条 articles with paragraphs, （一） items and 1． sub-items, and
      references (本条例第N条第M项, 前款, 第N条至第M条, 《title》第N条 …), sometimes to articles that do not exist;
    - ``damaged`` draws such a text and damages it: lines dropped, duplicated or swapped, a cut at a random point,
      random Unicode (control characters and NUL included), random bytes read as Latin-1, doubled characters
      (第十十条), CR or CRLF line ends, full-width digits, Arabic article numbers;
    - ``encoded`` draws ``(damaged text, encoding, bytes)`` for UTF-8, UTF-8 with BOM, GB18030 and UTF-16.
    """
    from hypothesis import strategies as st

    # Drawing whole phrases (one choice each) rather than characters keeps an example at a few hundred draws.
    prose = st.sampled_from([FUZZ_HAN[i:i + size] for size in (1, 3, 6, 11) for i in range(0, len(FUZZ_HAN) - size, 5)])
    ends = st.sampled_from(["。", "。", "；", "：", "", "，"])
    # A numeral as a hurried typist leaves it: 十十, 二百百, 三万万 — or a good one.
    numeral_typo = st.text(alphabet="一二三四五六七八九十百千万零两〇", min_size=1, max_size=4)

    @st.composite
    def reference(draw, articles: int):
        n, k = (int_to_cn(draw(st.integers(1, articles + 2))) for _ in range(2))
        m = int_to_cn(draw(st.integers(1, 7)))
        typo = draw(numeral_typo)
        return draw(st.sampled_from([
            f"本条例第{n}条", f"本条例第{n}条第{m}项", f"本条例第{n}条第{m}款", f"第{n}条第{m}款第{m}项", f"第{n}条",
            f"第{n}条至第{k}条", f"第{n}条、第{k}条", f"《{FUZZ_TITLE}》第{n}条", f"刑法第{n}条", "前款", "前两款",
            f"前款第{m}项", "本条", f"本条第{m}项", "本款", f"第{m}项", f"第{m}款", f"本条例第{n}条之一",
            f"第{n} 条", f"本条例第{typo}条", f"第{n}条第{typo}款", f"第{typo}项"]))

    @st.composite
    def sentence(draw, articles: int):
        parts = [draw(prose)]
        for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2]))):
            parts += [draw(reference(articles)), draw(prose)]
        return "".join(parts) + draw(ends)

    def spaced(title: str, draw) -> str:
        if len(title) == 2 and draw(st.booleans()):
            return title[0] + draw(st.sampled_from(["　　", "　", "  ", " "])) + title[1]
        return title

    @st.composite
    def regulation(draw):
        articles = draw(st.integers(1, 8))
        chapters = draw(st.integers(0, 3))
        title = draw(prose) + draw(st.sampled_from(["条例", "办法", "规定", ""]))
        lines = [draw(st.sampled_from([title, f"# {title}"])), ""]
        if draw(st.booleans()):
            lines += [f"（{draw(st.integers(1990, 2030))}年{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日"
                      f"{draw(prose)}通过{draw(st.sampled_from(['）', '', '　自公布之日起施行）']))}", ""]
        chapter_titles = [spaced(draw(st.sampled_from(["总则", "附则", "监督", "信访事项办理", "管理", "甲乙丙"])), draw)
                          for _ in range(chapters)]
        separator = draw(st.sampled_from(["　", " ", "　　", ""]))
        if chapters and draw(st.booleans()):
            lines += [draw(st.sampled_from(["目录", "目　　录", "目 录"])), ""]
            lines += [f"第{int_to_cn(n)}章{separator}{t}" for n, t in enumerate(chapter_titles, 1)] + [""]
        per_chapter = max(1, articles // max(chapters, 1))
        number = 0
        for chapter in range(max(chapters, 1)):
            if chapters:
                lines += [f"第{int_to_cn(chapter + 1)}章{separator}{chapter_titles[chapter]}", ""]
                if draw(st.integers(0, 3)) == 0:
                    lines += [f"第{int_to_cn(1)}节{separator}{draw(prose)}", ""]
            count = per_chapter if chapter < max(chapters, 1) - 1 else max(1, articles - number)
            for _ in range(count):
                number += 1
                label = draw(st.sampled_from([f"第{int_to_cn(number)}条", f"第{int_to_cn(number)}条", f"第{number}条"]))
                lines.append(f"{label}{draw(st.sampled_from(['　', ' ', '　　']))}{draw(sentence(articles))}")
                for paragraph in range(draw(st.integers(0, 2)) + 1):
                    if paragraph:
                        lines.append(draw(sentence(articles)))
                    for item in range(1, draw(st.sampled_from([0, 0, 1, 2, 3])) + 1):
                        marker = draw(st.sampled_from([f"（{int_to_cn(item)}）", f"({int_to_cn(item)})"]))
                        lines.append(f"{marker}{draw(sentence(articles))}")
                        for sub in range(1, draw(st.sampled_from([0, 0, 0, 1, 2])) + 1):
                            lines.append(f"{sub}{draw(st.sampled_from(['．', '.']))}{draw(sentence(articles))}")
                if draw(st.integers(0, 5)) == 0:
                    lines.append(f"第{int_to_cn(number)}条之一　{draw(sentence(articles))}")
        lines.append(f"本{draw(st.sampled_from(['条例', '办法']))}自{draw(st.integers(1990, 2030))}年1月1日起施行。")
        return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))

    strange = st.one_of(
        st.sampled_from(_STRANGE),
        st.text(max_size=6),  # any Unicode except surrogates, control characters included
        st.binary(max_size=8).map(lambda raw: raw.decode("latin-1")),
    )
    line_damage = st.tuples(st.sampled_from(["drop", "duplicate", "swap", "insert-line"]), st.integers(0, 10_000),
                            st.integers(0, 10_000), strange)
    text_damage = st.tuples(st.sampled_from(["cut", "insert", "stutter", "delete-char"]), st.floats(0, 1),
                            strange)
    whole_damage = st.sampled_from(["crlf", "cr", "fullwidth-digits", "arabic-numbers", "no-spaces", "tabs"])

    @st.composite
    def damaged(draw):
        text = draw(regulation())
        for operation in draw(st.lists(st.one_of(line_damage, text_damage, whole_damage), max_size=5)):
            text = _damage(text, operation)
        return text

    @st.composite
    def encoded(draw):
        text = draw(damaged())
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]))
        return text, encoding, text.encode(encoding)

    return {"regulation": regulation(), "damaged": damaged(), "encoded": encoded()}


_CN_DIGITS = "一二三四五六七八九"


def _damage(text: str, operation) -> str:
    """Apply one damage operation drawn by :func:`fuzz_strategies` to ``text``."""
    import re

    if isinstance(operation, str):
        if operation == "crlf":
            return text.replace("\n", "\r\n")
        if operation == "cr":
            return text.replace("\n", "\r")
        if operation == "fullwidth-digits":
            return text.translate({ord(str(d)): 0xFF10 + d for d in range(10)})
        if operation == "arabic-numbers":
            return re.sub(r"第([一二三四五六七八九十百]+)条", lambda m: f"第{_cn_value(m[1])}条", text)
        if operation == "no-spaces":
            return text.replace("　", "").replace(" ", "")
        return text.replace("　", "\t")
    kind = operation[0]
    if kind in ("drop", "duplicate", "swap", "insert-line"):
        _, first, second, strange = operation
        lines = text.split("\n")
        i, j = first % len(lines), second % len(lines)
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(i, strange)
        return "\n".join(lines)
    _, where, strange = operation
    position = min(int(where * len(text)), len(text))
    if kind == "cut":
        return text[:position]
    if kind == "insert":
        return text[:position] + strange + text[position:]
    if kind == "stutter":
        return text[:position + 1] + text[position:]
    return text[:position] + text[position + 1:]


def _cn_value(numeral: str) -> int:
    from generator.numerals import cn_to_int

    try:
        return cn_to_int(numeral)
    except ValueError:
        return 0


def check_decode(raw: bytes, text: str, encoding: str) -> None:
    """``decode(raw)`` returns text or raises ReadError naming a line; UTF-8 input comes back unchanged."""
    from generator.errors import ReadError
    from generator.normalize import decode

    try:
        decoded, used = decode(raw, "fuzz.txt")
    except ReadError as error:
        assert error.path == "fuzz.txt" and (error.lineno or 1) >= 1
        assert str(error).startswith("fuzz.txt:")
        return
    assert isinstance(decoded, str)
    if encoding in ("utf-8", "utf-8-sig") and used in ("utf-8", "utf-8-sig"):
        assert decoded == text.removeprefix("\ufeff") or decoded == text


def check_parse(text: str):
    """``parse(text)`` raises nothing but ParseError; a tree keeps the invariants below. Returns the result or None.

    - every problem and every node has a line inside the (normalised) text;
    - the line of each paragraph, item, sub-item and preamble line contains its text, the line of each 编/章/节
      contains its title (spaces aside), and the line of each article contains its first paragraph (when the
      article line has text) or at least 条 / 、;
    - article keys strictly increase unless a duplicate-article or article-order problem was reported.
    """
    from generator.errors import ParseError
    from generator.model import Division
    from generator.normalize import normalize_text
    from generator.parse import parse

    try:
        result = parse(text, path="fuzz.txt")
    except ParseError as error:
        assert error.path == "fuzz.txt" and str(error).startswith("fuzz.txt:")
        return None
    lines = normalize_text(text).split("\n")

    def line(lineno: int) -> str:
        assert 1 <= lineno <= len(lines), f"line {lineno} outside 1..{len(lines)}"
        return lines[lineno - 1]

    for problem in result.problems:
        assert problem.lineno is None or 1 <= problem.lineno <= len(lines), problem
    regulation = result.regulation
    for paragraph in regulation.preamble:
        assert paragraph.text in line(paragraph.lineno)
    for division in regulation.divisions(Division):
        assert division.title.replace(" ", "") in line(division.lineno).replace(" ", ""), division
    articles = list(regulation.articles())
    for article in articles:
        article_line = line(article.lineno)
        assert "条" in article_line or "、" in article_line, (article.label, article_line)
        assert article.lineno <= article.endlineno <= len(lines)
        for paragraph in article.paragraphs:
            assert paragraph.text and paragraph.text in line(paragraph.lineno), (paragraph, line(paragraph.lineno))
            for item in paragraph.items:
                assert item.text in line(item.lineno), item
                for sub in item.subitems:
                    assert sub.text in line(sub.lineno), sub
    keys = [article.key for article in articles]
    if not any(p.kind in ("duplicate-article", "article-order") for p in result.problems):
        assert keys == sorted(set(keys)), keys
    return result


def fuzz_library(regulation):
    """A :class:`generator.link.Library` holding ``regulation`` as :data:`FUZZ_SLUG`, titled also :data:`FUZZ_TITLE`."""
    from generator.link import Library

    library = Library()
    library.add(FUZZ_SLUG, regulation, [FUZZ_TITLE])
    return library


def check_links(regulation, library=None):
    """``find_references`` over every paragraph and item never raises, and every span slices to its text."""
    from generator.link import Context, find_references

    library = library or fuzz_library(regulation)
    for article in regulation.articles():
        for p_index, paragraph in enumerate(article.paragraphs, 1):
            for text in [paragraph.text, *(item.text for item in paragraph.items)]:
                references, _ = find_references(text, library, Context(FUZZ_SLUG, article, p_index))
                previous_end = 0
                for reference in references:
                    assert text[reference.start:reference.end] == reference.text, reference
                    assert reference.start >= previous_end, references
                    previous_end = reference.end
    return library


_RENDER_ENV: dict = {}


def run_pipeline(raw: bytes) -> str:
    """decode → parse → link → render one input, checking every stage's invariants; returns how far it got
    (``read-error``, ``parse-error`` or ``rendered``). Any other exception or failed check is a finding."""
    from generator.errors import ReadError
    from generator.normalize import decode
    from generator.render import Renderer, regulation_json

    try:
        text, _ = decode(raw, "fuzz.txt")
    except ReadError:
        return "read-error"
    result = check_parse(text)
    if result is None:
        return "parse-error"
    library = check_links(result.regulation)
    project = make_project(library)
    renderer = Renderer(project)
    # The Jinja environment holds no project state; reusing one spares compiling every template per example.
    renderer.env = _RENDER_ENV.setdefault("env", renderer.env)
    pages = renderer.pages()
    assert pages and all(page.content for page in pages)
    regulation_json(result.regulation)
    return "rendered"


DONE_SEARCHING = ("document.getElementById('pufa-status') && document.getElementById('pufa-status').textContent.length > 0"
                  " && !document.getElementById('pufa-status').textContent.startsWith('正在')")
"""The search page has answered: its status line says what it found (or that it found nothing, or failed)."""


def wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll a JavaScript expression from Python until it holds. ``page.wait_for_function`` polls inside the page
    by evaluating a string, which the site's Content-Security-Policy rightly forbids; ``page.evaluate`` is not."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {expression}")
        page.wait_for_timeout(25)
