"""The build cache: an entry is made once per key, found again by the same key, never by another; and a cache
that cannot be written only means the result is made again."""

from __future__ import annotations

import os

import jinja2

from generator.cache import cached, template_cache


def test_made_once_and_found_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = []

    def make(path):
        made.append(path)
        path.write_text("result", encoding="utf-8")

    first = cached("kind", "key one", ".txt", make)
    second = cached("kind", "key one", ".txt", make)
    other = cached("kind", "key two", ".txt", make)
    assert first == second != other
    assert len(made) == 2 and first.read_text(encoding="utf-8") == "result"
    assert not list((tmp_path / "pufa" / "kind").glob(".*.tmp"))


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cached("kind", "key", ".txt", lambda path: path.write_text("r", encoding="utf-8")) is None


def _render(folder, cache, **options) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache, **options)
    return env.get_template("page.html").render(name="<b>")


def test_compiled_templates_are_kept_and_never_stale(tmp_path, monkeypatch):
    """A second environment loads the compiled template from the cache; an edited template is compiled again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("v1 {{ name }}", encoding="utf-8")
    assert _render(templates, template_cache("pages")) == "v1 <b>"
    assert len(list((tmp_path / "cache" / "pufa" / "jinja" / "pages").iterdir())) == 1
    assert _render(templates, template_cache("pages")) == "v1 <b>"
    (templates / "page.html").write_text("v2 {{ name }}", encoding="utf-8")
    assert _render(templates, template_cache("pages")) == "v2 <b>"


def test_environments_with_other_options_do_not_share_compiled_templates(tmp_path, monkeypatch):
    """Jinja's cache key ignores autoescape: each environment has its own folder, so escaping is never lost."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ name }}", encoding="utf-8")
    assert _render(templates, template_cache("pages"), autoescape=False) == "<b>"
    assert _render(templates, template_cache("library"), autoescape=True) == "&lt;b&gt;"


def test_an_unwritable_template_cache_is_no_error(tmp_path, monkeypatch):
    """The folder vanishes after the environment was made (another build cleared the cache): still renders."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("ok {{ name }}", encoding="utf-8")
    cache = template_cache("pages")
    (tmp_path / "cache" / "pufa" / "jinja" / "pages").rmdir()
    assert _render(templates, cache) == "ok <b>"
    monkeypatch.setenv("XDG_CACHE_HOME", str(templates / "page.html"))  # a file where the folder would go
    assert template_cache("pages") is None
