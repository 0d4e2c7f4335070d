"""The ``pufa`` plugin's options in mkdocs.yml, validated the MkDocs way, and ``--source`` overrides.

```yaml
plugins:
  - pufa:
      regulations:
        - slug: xinfang-gongzuo-tiaoli        # URL segment: /tiaoli/xinfang-gongzuo-tiaoli/
          source: texts/xinfang-gongzuo-tiaoli-2022.txt   # relative to mkdocs.yml, or absolute
          title: 信访工作条例                  # shown while the source is missing
          short_titles: [条例]                 # other names used in 《…》第X条
          status: 现行有效                     # or 已废止, 已修订, 尚未施行
```
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from .errors import ConfigError

DEFAULT_TOPICS = ("信访渠道", "网上信访", "走访接待", "受理转送", "办理期限", "处理意见", "复查复核", "涉法涉诉",
                  "检举控告", "建议意见", "权益保护", "信访秩序", "矛盾化解", "帮扶救助", "工作体制", "工作责任", "监督追责")
DEFAULT_OUTCOMES = ("化解息诉", "调解结案", "导入法定程序", "复查维持", "复核终结", "救助帮扶", "依法处置", "建议采纳")

STATUSES = ("现行有效", "已废止", "已修订", "尚未施行")
LEVELS = ("法律", "行政法规", "党内法规", "地方性法规", "部门规章", "地方政府规章", "司法解释", "规范性文件")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RegulationOptions(base.Config):
    slug = c.Type(str)
    """URL segment of the regulation's pages: lowercase letters, digits and hyphens."""
    source = c.Type(str)
    """Path of the official text (.txt in any accepted encoding, or LawRefBook .md)."""
    title = c.Optional(c.Type(str))
    """Display title while the source is missing; the parsed title wins when the text is there."""
    short_titles = c.ListOfItems(c.Type(str), default=[])
    """Other names readers use in 《…》第X条."""
    status = c.Choice(STATUSES, default="现行有效")
    """Shown as a badge on every page of the regulation."""
    source_name = c.Optional(c.Type(str))
    """Where the text was published, e.g. 中国政府网; shown in the provenance line."""
    article_count = c.Optional(c.Type(int))
    """Number of articles, so that content can be checked and article pages made while the text is missing."""
    level = c.Optional(c.Choice(LEVELS))
    """What kind of law it is; 地方性法规 is shown on every search result of a local regulation."""
    repealed_by = c.Optional(c.Type(str))
    """Slug of the configured regulation that replaced this one (status 已废止): its pages link there."""
    repealed_on = c.Optional(c.Type(str))
    """Date the regulation ceased to have effect, YYYY-MM-DD (shown in the banner of its pages)."""


class CompareOptions(base.Config):
    old = c.Type(str)
    """Slug of the earlier regulation (e.g. xinfang-tiaoli-2005)."""
    new = c.Type(str)
    """Slug of the regulation that replaced it."""


class PufaOptions(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing its configuration."""
    regulations = c.ListOfItems(c.SubConfig(RegulationOptions), default=[])
    """The regulations the site publishes, in the order they are listed."""
    default_regulation = c.Optional(c.Type(str))
    """The regulation a bare 第X条 on an editor's page refers to; defaults to the first one listed."""
    csp = c.Type(bool, default=True)
    """Add a Content-Security-Policy <meta> to every page (scripts only from this site)."""
    compare = c.ListOfItems(c.SubConfig(CompareOptions), default=[])
    """新旧对照 pages to make: /duizhao/<old>/<new>/, with links from both regulations' article pages."""
    trusted_pages = c.ListOfItems(c.Type(str), default=[])
    """Pages (paths under docs/, e.g. index.md) whose raw HTML and theme front matter (template, hide …) are
    published as written. Every other page is sanitised and may use only its content type's front-matter keys."""
    link_pages = c.Type(bool, default=True)
    """Turn article references in every Markdown page of the site into links."""
    severity = c.Type(dict, default={})
    """Per kind of problem found in the official texts, ``error`` (stops the build) or ``warning`` (reported; fails
    only ``--strict``), e.g. ``numbering-gap: warning``. Applies to the campaign's regulations and the library."""
    library = c.Optional(c.Type(str))
    """A folder of official texts published as the 法规库 (/fagui/): the folder layout gives the category, the
    file name the title and date. Relative to mkdocs.yml; ``pufa build --library DIR`` overrides it."""

    # Content
    topics = c.ListOfItems(c.Type(str), default=list(DEFAULT_TOPICS))
    """The tags Q&A and cases may use."""
    outcomes = c.ListOfItems(c.Type(str), default=list(DEFAULT_OUTCOMES))
    """The values a case's ``outcome`` may take."""
    privacy_allow = c.ListOfItems(c.Type(str), default=["12345"])
    """Public numbers the privacy guard lets through (12345, a bureau's published hotline)."""


@dataclass(frozen=True, slots=True)
class RegulationSpec:
    """One configured regulation, with its source path resolved."""

    slug: str
    source: Path
    title: str
    short_titles: tuple[str, ...]
    status: str
    source_name: str | None
    article_count: int | None = None
    level: str | None = None
    repealed_by: str | None = None
    repealed_on: dt.date | None = None

    @property
    def label(self) -> str:
        """现行, 已废止 or 地方性法规: what a reader must know about a result before trusting it."""
        if self.status == "已废止":
            return "已废止"
        return "地方性法规" if self.level == "地方性法规" else "现行"


def regulation_specs(options: PufaOptions, config_file: Path, overrides: dict[str, str] | None = None
                     ) -> list[RegulationSpec]:
    """Turn validated options into specs, applying ``--source`` overrides; relative sources are resolved
    against the folder of ``config_file``, which errors name.

    Raises:
        ConfigError: a slug is malformed or repeated, or an override names no configured slug.
    """
    overrides = dict(overrides or {})
    base_dir = config_file.parent
    specs, seen = [], set()
    for number, entry in enumerate(options.regulations, 1):
        slug = entry.slug
        if not _SLUG.match(slug):
            raise ConfigError(f"plugins.pufa.regulations[{number}].slug {slug!r} is not a URL slug", path=config_file,
                              hint="use lowercase letters, digits and hyphens, e.g. xinfang-gongzuo-tiaoli.")
        if slug in seen:
            raise ConfigError(f"plugins.pufa.regulations[{number}].slug {slug!r} is listed twice", path=config_file,
                              hint="slugs must be unique.")
        seen.add(slug)
        overridden = slug in overrides
        source = Path(overrides.pop(slug, entry.source)).expanduser()
        if not source.is_absolute():
            source = Path(os.path.normpath(base_dir / source))
        if overridden and not source.is_file():
            raise ConfigError(f"--source {slug}={source}: file not found",
                              hint="check the path; without --source the configured source is used.")
        specs.append(RegulationSpec(slug, source, entry.title or slug, tuple(entry.short_titles), entry.status,
                                    entry.source_name, entry.article_count, entry.level, entry.repealed_by,
                                    _date(entry.repealed_on, f"plugins.pufa.regulations[{number}].repealed_on",
                                          config_file)))
    if overrides:
        unknown = ", ".join(sorted(overrides))
        raise ConfigError(f"--source names {unknown}, which is not a configured regulation", path=config_file,
                          hint=f"configured slugs: {', '.join(sorted(seen)) or 'none'}.")
    for number, spec in enumerate(specs, 1):
        if spec.repealed_by and (spec.repealed_by not in seen or spec.repealed_by == spec.slug):
            raise ConfigError(f"plugins.pufa.regulations[{number}].repealed_by {spec.repealed_by!r} is not another "
                              "configured slug", path=config_file,
                              hint=f"configured slugs: {', '.join(sorted(seen))}.")
        if spec.repealed_by and spec.status != "已废止":
            raise ConfigError(f"plugins.pufa.regulations[{number}] has repealed_by but status {spec.status}",
                              path=config_file, hint="a replaced regulation has status: 已废止.")
    if options.default_regulation and options.default_regulation not in seen:
        raise ConfigError(f"plugins.pufa.default_regulation {options.default_regulation!r} is not a configured slug",
                          path=config_file,
                          hint=f"configured slugs: {', '.join(sorted(seen)) or 'none'}.")
    return specs


def _date(value: str | None, option: str, config_file: Path) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{option} {value!r} is not a date", path=config_file,
                          hint="write YYYY-MM-DD, e.g. 2022-05-01.") from None


def parse_source_overrides(values: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["slug=path", …]`` → ``{slug: path}``.

    Raises:
        ConfigError: a value is not of the form SLUG=PATH.
    """
    overrides = {}
    for value in values:
        slug, sep, path = (part.strip() for part in value.partition("="))
        if not sep or not slug or not path:
            raise ConfigError(f"--source {value!r} is not SLUG=PATH",
                              hint="e.g. --source xinfang-gongzuo-tiaoli=texts/xinfang-gongzuo-tiaoli-2022.txt")
        overrides[slug] = path
    return overrides


def library_path(options: PufaOptions, config_file: Path) -> Path | None:
    """The configured library folder, resolved against the folder of mkdocs.yml."""
    if not options.library:
        return None
    path = Path(options.library).expanduser()
    return path if path.is_absolute() else Path(os.path.normpath(config_file.parent / path))


SEVERITIES = ("error", "warning")


def severity_overrides(options: PufaOptions, config_file: Path) -> dict[str, str]:
    """The validated ``severity`` option.

    Raises:
        ConfigError: an unknown kind of problem, or a severity other than error/warning.
    """
    from .parse import PROBLEM_KINDS

    for kind, value in options.severity.items():
        if kind not in PROBLEM_KINDS:
            raise ConfigError(f"plugins.pufa.severity: unknown kind of problem {kind!r}", path=config_file,
                              hint=f"the kinds are {', '.join(PROBLEM_KINDS)}.")
        if value not in SEVERITIES:
            raise ConfigError(f"plugins.pufa.severity.{kind}: {value!r} is not error or warning", path=config_file,
                              hint="error stops the build; warning is reported and fails only --strict.")
    return dict(options.severity)
