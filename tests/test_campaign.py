"""活动动态 and the content fixes: at least six dated, tagged news posts that link the articles they are about, an
Atom feed, every case saying what it rests on, and the case retold from a public report stating only reported
facts."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from tests.helpers import TEST_SITE_URL, build_project, copy_shipped_project, corpus_sources

ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_project(copy_shipped_project(tmp_path_factory.mktemp("campaign")), corpus_sources(["xinfang-gongzuo-tiaoli"]))


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_news_posts_are_dated_tagged_and_link_articles(site):
    """At least six posts, one per kind of activity, each dated in the month, tagged, marked as an example and
    linking at least three articles of the regulation."""
    posts = sorted((ROOT / "docs" / "dongtai" / "posts").glob("*.md"))
    assert len(posts) >= 6
    categories = set()
    for path in posts:
        meta = _front(path)
        categories.update(meta["categories"])
        assert meta["date"] and meta["tags"]
        html = (site / "dongtai" / path.stem / "index.html").read_text(encoding="utf-8")
        assert "示例内容" in html
        linked = set(re.findall(r'href="\.\./\.\./tiaoli/xinfang-gongzuo-tiaoli/(\d+)/', html))
        assert len(linked) >= 3, path.name
    assert {"宣讲", "培训", "征文", "开放日", "以案释法", "知识测试"} <= categories


def test_atom_feed(site):
    """/dongtai/feed.xml is a valid Atom feed with one entry per post, absolute links, newest first."""
    feed = ET.parse(site / "dongtai" / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(list((ROOT / "docs" / "dongtai" / "posts").glob("*.md")))
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert all(link.startswith(TEST_SITE_URL + "dongtai/") for link in links)
    for link in links:
        assert (site / link[len(TEST_SITE_URL):] / "index.html").is_file()
    dates = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert dates == sorted(dates, reverse=True)
    assert "feed.xml" in (site / "dongtai" / "index.html").read_text(encoding="utf-8")


def test_every_case_page_says_what_it_rests_on(site):
    for path in sorted((ROOT / "docs" / "anli").glob("*.md")):
        if path.name == "index.md":
            continue
        meta = _front(path)
        html = (site / "anli" / path.stem / "index.html").read_text(encoding="utf-8")
        assert f"案例性质：{meta['basis']}" in html
        if meta["basis"] == "公开报道":
            assert meta["source"] and f"来源：{meta['source']}" in html
        else:
            assert "综合多起同类事项写成的示例" in html


def test_the_kecheng_case_states_only_reported_facts():
    """The 柯城 case rests on the public report: its date and place match it, and the details the report does not
    give (a land dispute, years of petitioning, lawyers, a survey, rounds of mediation, 司法确认) are not stated."""
    path = ROOT / "docs" / "anli" / "quzhou-kecheng-jian-an-shuangmanyi.md"
    meta = _front(path)
    assert meta["basis"] == "公开报道" and str(meta["date"]).startswith("2022-0")
    assert "柯城区沟溪乡" in meta["region"]
    text = path.read_text(encoding="utf-8")
    facts = text.split("## 条例适用")[0]
    for invented in ("土地", "八年", "律师", "测量", "测绘", "三轮", "司法确认", "2024"):
        assert invented not in facts, invented
    assert "蔡某" in facts and "调解协议" in facts and "双满意" in facts and "通过法律途径解决了问题" in facts
