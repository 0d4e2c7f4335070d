"""Tests for generator.config: turning the plugin options into regulation specs, and --source overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import RegulationSpec, parse_source_overrides, regulation_specs
from generator.errors import ConfigError
from tests.helpers import load_options

SITE = Path("/srv/site")
CONFIG = SITE / "mkdocs.yml"


def test_relative_source_is_resolved_against_the_config_folder():
    """A relative source is joined to the folder of the config file; an absolute one is kept."""
    options = load_options(regulations=[{"slug": "demo", "source": "texts/demo.txt"},
                                        {"slug": "other", "source": "/data/other.txt"}])
    assert [spec.source for spec in regulation_specs(options, CONFIG)] == [
        SITE / "texts" / "demo.txt", Path("/data/other.txt")]


def test_spec_defaults():
    """A spec without title shows its slug; short_titles default to none and status to 现行有效."""
    options = load_options(regulations=[{"slug": "demo", "source": "demo.txt"}])
    assert regulation_specs(options, CONFIG) == [
        RegulationSpec("demo", SITE / "demo.txt", "demo", (), "现行有效", None)]


def test_spec_keeps_every_option():
    """title, short_titles, status and source_name pass through to the spec, in the listed order."""
    options = load_options(regulations=[
        {"slug": "b", "source": "b.txt", "title": "示范条例", "short_titles": ["条例", "示范"], "status": "已废止",
         "source_name": "示范网"},
        {"slug": "a", "source": "a.txt"}])
    specs = regulation_specs(options, CONFIG)
    assert [spec.slug for spec in specs] == ["b", "a"]
    assert specs[0] == RegulationSpec("b", SITE / "b.txt", "示范条例", ("条例", "示范"), "已废止", "示范网")


def test_source_override_replaces_the_configured_path(tmp_path):
    """--source SLUG=PATH replaces that regulation's source; a relative override is resolved like the config."""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "demo-2024.txt").write_text("x", encoding="utf-8")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "b.txt").write_text("x", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    options = load_options(regulations=[{"slug": "demo", "source": "demo.txt"}, {"slug": "b", "source": "b.txt"}])
    specs = regulation_specs(options, config, {"demo": str(tmp_path / "elsewhere" / "demo-2024.txt")})
    assert [spec.source for spec in specs] == [tmp_path / "elsewhere" / "demo-2024.txt", tmp_path / "b.txt"]
    specs = regulation_specs(options, config, {"b": "new/b.txt"})
    assert [spec.source for spec in specs] == [tmp_path / "demo.txt", tmp_path / "new" / "b.txt"]


def test_source_override_to_a_missing_file_is_an_error(tmp_path):
    """An explicit --source that names no file is a mistake: a ConfigError naming the slug and path."""
    options = load_options(regulations=[{"slug": "demo", "source": "demo.txt"}])
    with pytest.raises(ConfigError, match=r"--source demo=.*nope\.txt: file not found"):
        regulation_specs(options, tmp_path / "mkdocs.yml", {"demo": str(tmp_path / "nope.txt")})


def test_source_override_does_not_change_the_callers_dict(tmp_path):
    """regulation_specs consumes a copy of the overrides, not the caller's dict."""
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    options = load_options(regulations=[{"slug": "demo", "source": "demo.txt"}])
    overrides = {"demo": str(tmp_path / "x.txt")}
    regulation_specs(options, CONFIG, overrides)
    assert overrides == {"demo": str(tmp_path / "x.txt")}


@pytest.mark.parametrize("slug", ["Demo", "demo_1", "信访", "demo-", "-demo", "de--mo", "demo tiaoli", ""],
                         ids=["uppercase", "underscore", "han", "trailing-hyphen", "leading-hyphen", "double-hyphen",
                              "space", "empty"])
def test_malformed_slug(slug):
    """A slug that is not lowercase letters, digits and single hyphens is a ConfigError naming it and its position."""
    options = load_options(regulations=[{"slug": "ok", "source": "a.txt"}, {"slug": slug, "source": "b.txt"}])
    with pytest.raises(ConfigError) as caught:
        regulation_specs(options, CONFIG)
    assert caught.value.path == str(CONFIG)
    assert str(caught.value) == (f"{CONFIG}: plugins.pufa.regulations[2].slug {slug!r} is not a URL slug "
                                 "Hint: use lowercase letters, digits and hyphens, e.g. xinfang-gongzuo-tiaoli.")


def test_duplicate_slug():
    """The same slug listed twice is a ConfigError naming the second entry."""
    options = load_options(regulations=[{"slug": "demo", "source": "a.txt"}, {"slug": "demo", "source": "b.txt"}])
    with pytest.raises(ConfigError) as caught:
        regulation_specs(options, CONFIG)
    assert str(caught.value) == (f"{CONFIG}: plugins.pufa.regulations[2].slug 'demo' is listed twice "
                                 "Hint: slugs must be unique.")


def test_override_for_unknown_slug():
    """--source for a slug that is not configured is a ConfigError listing the configured slugs."""
    options = load_options(regulations=[{"slug": "demo", "source": "a.txt"}, {"slug": "b", "source": "b.txt"}])
    with pytest.raises(ConfigError) as caught:
        regulation_specs(options, CONFIG, {"nope": "/x.txt"})
    assert str(caught.value) == (f"{CONFIG}: --source names nope, which is not a configured regulation "
                                 "Hint: configured slugs: b, demo.")


def test_unknown_default_regulation():
    """default_regulation must be one of the configured slugs; the error lists them."""
    options = load_options(regulations=[{"slug": "demo", "source": "a.txt"}], default_regulation="xinfang")
    with pytest.raises(ConfigError) as caught:
        regulation_specs(options, CONFIG)
    assert str(caught.value) == (f"{CONFIG}: plugins.pufa.default_regulation 'xinfang' is not a configured slug "
                                 "Hint: configured slugs: demo.")


def test_unknown_default_regulation_without_regulations():
    """With no regulation configured the hint says so instead of listing nothing."""
    options = load_options(default_regulation="xinfang")
    with pytest.raises(ConfigError, match="configured slugs: none"):
        regulation_specs(options, CONFIG)


def test_known_default_regulation_is_accepted():
    """default_regulation naming a configured slug is fine."""
    options = load_options(regulations=[{"slug": "a", "source": "a.txt"}, {"slug": "b", "source": "b.txt"}],
                           default_regulation="b")
    assert [spec.slug for spec in regulation_specs(options, CONFIG)] == ["a", "b"]


# --- parse_source_overrides ------------------------------------------------------------------------------------

def test_parse_source_overrides():
    """SLUG=PATH values become a dict; spaces around either side are dropped and the path may contain '='."""
    assert parse_source_overrides(["demo=texts/demo.txt", " b = /x/b.txt ", "c=a=b.txt"]) == {
        "demo": "texts/demo.txt", "b": "/x/b.txt", "c": "a=b.txt"}
    assert parse_source_overrides([]) == {}


@pytest.mark.parametrize("value", ["demo", "=texts/demo.txt", "demo=", "="])
def test_parse_source_overrides_rejects_values_without_slug_or_path(value):
    """A value without '=', a slug or a path is a ConfigError quoting it and showing the SLUG=PATH form."""
    with pytest.raises(ConfigError) as caught:
        parse_source_overrides([value])
    assert str(caught.value) == (f"--source {value!r} is not SLUG=PATH Hint: e.g. "
                                 "--source xinfang-gongzuo-tiaoli=texts/xinfang-gongzuo-tiaoli-2022.txt")


@pytest.mark.parametrize("value", ["demo= ", " =texts/demo.txt"], ids=["blank-path", "blank-slug"])
def test_parse_source_overrides_rejects_blank_slug_or_path(value):
    """A slug or path made only of spaces is as empty as a missing one: ConfigError, not an empty entry."""
    with pytest.raises(ConfigError, match="is not SLUG=PATH"):
        parse_source_overrides([value])


def test_severity_option_is_validated_per_kind():
    """Kinds and severities are checked with the option's name; a valid map comes back as given."""
    from generator.config import severity_overrides

    assert severity_overrides(load_options(severity={"numbering-gap": "warning"}), CONFIG) == {"numbering-gap": "warning"}
    with pytest.raises(ConfigError, match="unknown kind of problem 'gap'"):
        severity_overrides(load_options(severity={"gap": "warning"}), CONFIG)
    with pytest.raises(ConfigError, match="'fatal' is not error or warning"):
        severity_overrides(load_options(severity={"numbering-gap": "fatal"}), CONFIG)


def test_severity_option_decides_whether_a_gap_stops_the_campaign_and_the_library(tmp_path):
    """One severity map for both: a gap that is an error in a campaign text becomes a warning, and a library
    gap (a warning by default) becomes an error."""
    from generator.library import load_collection
    from generator.project import load_project

    source = tmp_path / "a.txt"
    source.write_text("示范条例\n\n第一条　甲。\n第三条　丙。\n", encoding="utf-8")
    spec = RegulationSpec("a", source, "示范条例", (), "现行有效", None)
    assert [p.severity for p in load_project([spec]).problems] == ["error"]
    assert [p.severity for p in load_project([spec], {"numbering-gap": "warning"}).problems] == ["warning"]
    library = tmp_path / "lib"
    (library / "法律").mkdir(parents=True)
    (library / "法律" / "a.txt").write_bytes(source.read_bytes())
    assert [p.severity for p in load_collection(library).problems] == ["warning"]
    assert [p.severity for p in load_collection(library, {"numbering-gap": "error"}).problems] == ["error"]
