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
