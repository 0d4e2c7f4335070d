"""The library's browse pages: by category, issuing body and year, an A–Z (拼音) index, and the build report.

They are few (one per group), so they are ordinary generated pages that MkDocs renders with the full theme.
Their lists are HTML written here (every value escaped) and put in after Markdown has run (``fragments``): links to
the texts' pages, which MkDocs does not know about, must not be validated (or rewritten) as links between Markdown
files, and thousands of list items are a second of Python-Markdown's HTML parser.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from .library import Collection, LibraryText
from .library_pages import LIBRARY_DIR, category_url, text_dir, url_segment
from .render import GeneratedPage, fragment_marker, front_matter

UNKNOWN_YEAR = "年份不详"


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    src_uri: str
    texts: tuple[LibraryText, ...]


def browse_pages(collection: Collection) -> list[GeneratedPage]:
    categories = _groups(collection, lambda text: text.category, lambda name: f"{LIBRARY_DIR}/{category_url(name)}")
    issuers = _groups(collection, lambda text: text.issuer,
                      lambda name: f"{LIBRARY_DIR}/jiguan/{url_segment(name)}/")
    years = _groups(collection, lambda text: str(text.year) if text.year else UNKNOWN_YEAR,
                    lambda name: f"{LIBRARY_DIR}/nianfen/{name if name.isdigit() else 'weizhi'}/")
    years.sort(key=lambda group: group.name if group.name.isdigit() else "0", reverse=True)
    pages = [_index_page(collection, categories, issuers, years), _pinyin_page(collection), _report_page(collection)]
    for kind, groups in (("类别", categories), ("发布机关", issuers), ("年份", years)):
        pages += [_group_page(group, kind) for group in groups]
    return pages


def _groups(collection: Collection, key, src) -> list[Group]:
    return [Group(name, f"{src(name)}index.md", tuple(texts)) for name, texts in collection.grouped(key).items()]


def _page(src_uri: str, title: str, body: str, fragments: tuple[str, ...] = ()) -> GeneratedPage:
    meta = {"title": title, "pufa_generated": "library"}
    return GeneratedPage(src_uri, front_matter(meta) + body, fragments)


def _root(src_uri: str) -> str:
    """The relative path from a browse page's folder back to the site root."""
    return "../" * src_uri.count("/")


def _text_list(texts, root: str) -> str:
    items = []
    for text in texts:
        when = f"{text.date:%Y-%m-%d}" if text.date else UNKNOWN_YEAR
        items.append(f'<li><a href="{root}{text_dir(text)}/">{html.escape(text.title)}</a> '
                     f'<span class="pufa-library-meta">{html.escape(text.issuer)} · {when}</span></li>')
    return '<ul class="pufa-library-list">\n' + "\n".join(items) + "\n</ul>\n"


def _links(groups: list[Group], from_src: str) -> str:
    root = _root(from_src)
    items = [f'<li><a href="{root}{group.src_uri[:-len("index.md")]}">{html.escape(group.name)}</a> '
             f'<span class="pufa-count">{len(group.texts)}</span></li>' for group in groups]
    return '<ul class="pufa-library-groups">\n' + "\n".join(items) + "\n</ul>\n"


def _index_page(collection: Collection, categories, issuers, years) -> GeneratedPage:
    src = f"{LIBRARY_DIR}/index.md"
    articles = sum(text.article_count for text in collection.texts)
    body = (f"共收录 {len(collection.texts)} 部法律法规和司法解释，{articles} 条。每部一页全文（带目录），每条一页，"
            "可以按类别、发布机关、年份或拼音查找。\n\n"
            f'<p><a class="md-button" href="pinyin/">按拼音首字母（A–Z）</a> '
            f'<a class="md-button" href="../sousuo/">搜索</a></p>\n\n'
            f"## 按类别\n\n{_links(categories, src)}\n## 按发布机关\n\n{_links(issuers, src)}\n"
            f"## 按年份\n\n{_links(years, src)}\n"
            f'<p class="pufa-library-report"><a href="baogao/">文本检查报告</a>（供编辑使用：原文中的编号缺漏、'
            f"标题顺序等问题）</p>\n")
    return _page(src, "法规库", body)


def _group_page(group: Group, kind: str) -> GeneratedPage:
    body = f"{kind}：{html.escape(group.name)}，共 {len(group.texts)} 部。\n" + fragment_marker(0)
    return _page(group.src_uri, f"{group.name} · 法规库", body, (_text_list(group.texts, _root(group.src_uri)),))


def initial(title: str) -> str:
    """The A–Z letter a title is filed under: the 拼音 of its first character after 中华人民共和国."""
    from pypinyin import Style, lazy_pinyin

    core = title.removeprefix("中华人民共和国") or title
    letter = (lazy_pinyin(core[:2], style=Style.FIRST_LETTER) or ["#"])[0][:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def _pinyin_page(collection: Collection) -> GeneratedPage:
    from pypinyin import lazy_pinyin

    src = f"{LIBRARY_DIR}/pinyin/index.md"
    keyed = sorted(collection.texts, key=lambda text: (initial(text.title),
                                                        lazy_pinyin(text.title.removeprefix("中华人民共和国"))))
    letters: dict[str, list[LibraryText]] = {}
    for text in keyed:
        letters.setdefault(initial(text.title), []).append(text)
    jump = " ".join(f'<a href="#letter-{letter.lower() if letter != "#" else "other"}">{letter}</a>'
                    for letter in letters)
    sections = [f'<p class="pufa-az">{jump}</p>\n']
    for letter, texts in letters.items():
        anchor = letter.lower() if letter != "#" else "other"
        sections.append(f'<h2 id="letter-{anchor}">{letter}</h2>\n' + _text_list(texts, _root(src)))
    return _page(src, "按拼音查找 · 法规库", "标题中“中华人民共和国”之后的第一个字的拼音首字母。\n" + fragment_marker(0),
                 ("\n".join(sections),))


def _report_page(collection: Collection) -> GeneratedPage:
    """For editors: every defect found in the sources, by kind, with file and line. The texts are published."""
    src = f"{LIBRARY_DIR}/baogao/index.md"
    problems = collection.problems
    counts = Counter(problem.kind for problem in problems)
    summary = "".join(f"<li><code>{html.escape(kind)}</code>：{count}</li>\n" for kind, count in counts.most_common())
    rows = "\n".join(f"<li><code>{html.escape(problem.path or '')}:{problem.lineno or ''}</code> "
                     f"{html.escape(problem.message)} <code>[{html.escape(problem.kind)}]</code></li>"
                     for problem in problems)
    body = (f"{len(collection.texts)} 部文本全部发布；检查发现 {len(problems)} 处问题（不影响发布，"
            "`pufa build --strict` 会把它们当作错误）。每条写明文件和行号。\n" + fragment_marker(0))
    return _page(src, "文本检查报告 · 法规库", body,
                 (f'<ul class="pufa-report-kinds">\n{summary}</ul>\n<ol class="pufa-report">\n{rows}\n</ol>\n',))
