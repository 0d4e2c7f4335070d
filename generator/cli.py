"""``pufa``: the command line, a thin shell over the library and MkDocs.

Every user-facing failure is a :class:`~generator.errors.PufaError` or an MkDocs abort, printed as one
``Error: file:line: …`` line with exit status 1; never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import errno
import shutil
import sys
from pathlib import Path

import click

from search_index.generations import DEFAULT_INDEX, publish_generation

from .atomic import clean_leftovers, discard, make_staging, real_target, swap_in
from .errors import PufaError
from .incremental import (LibraryOutputs, Manifest, campaign_files, forget_manifest, read_manifest, unit_key,
                          update_site, write_manifest)
from .library_pages import LIBRARY_DIR
from .lock import output_lock

_SOURCE_HELP = "Use PATH as the official text of regulation SLUG for this run (repeatable)."


def main() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        cli(prog_name="pufa", standalone_mode=True)
    except Exception as error:  # a bug in pufa, not bad input: say so in one line unless debugging
        if os.environ.get("PUFA_DEBUG"):
            raise
        click.echo(f"Error: internal error ({type(error).__name__}: {error}). Please report it; "
                   "run again with PUFA_DEBUG=1 to see the traceback.", err=True)
        sys.exit(2)


class _EchoHandler(logging.Handler):
    """MkDocs' (and the plugin's) log lines on standard error, as ``mkdocs`` prints them. Without a handler a
    strict build fails with only "Aborted with a BuildError!", hiding the file:line that says why."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname:<7} -  {record.getMessage()}", err=True)


def _show_mkdocs_messages() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(handler, _EchoHandler) for handler in logger.handlers):
        logger.addHandler(_EchoHandler())
        logger.setLevel(logging.INFO)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """普法站点生成器: build a regulation's publicity site and full-text index."""
    _show_mkdocs_messages()


def config_options(function):
    function = click.option("-f", "--config-file", default="mkdocs.yml", show_default=True,
                            type=click.Path(dir_okay=False), help="The MkDocs configuration file.")(function)
    return click.option("--source", "sources", multiple=True, metavar="SLUG=PATH", help=_SOURCE_HELP)(function)


def _fail(error: Exception) -> click.ClickException:
    return click.ClickException(str(error))


def _load_mkdocs_config(config_file: str, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not Path(config_file).is_file():
        raise PufaError("configuration file not found", path=config_file,
                        hint="run pufa in the folder that holds mkdocs.yml, or pass -f PATH.")
    try:
        return load_config(config_file, **overrides)
    except ConfigurationError as error:
        raise PufaError(f"invalid configuration: {error}", path=config_file) from None
    except Abort:  # MkDocs has logged which option is wrong, just above
        raise PufaError("invalid configuration (the option and the accepted values are named above)",
                        path=config_file, hint="see the plugins.pufa options in README.md.") from None


@cli.command()
@config_options
@click.option("--strict", is_flag=True, help="Fail on warnings (unresolved references, numbering problems).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), help="Where to write the site (default: site_dir).")
@click.option("--site-url", help="The address the site is published at (overrides site_url; QR codes use it).")
@click.option("--index", "index_dir", type=click.Path(file_okay=False),
              help="Where to write the search index (default: .pufa-index beside the site folder).")
@click.option("--library", "library", type=click.Path(file_okay=False),
              help="A folder of official texts to publish as the 法规库 /fagui/ (overrides plugins.pufa.library).")
@click.option("--incremental", is_flag=True,
              help="Write into the site only what changed since the last build (each file replaced whole, not the "
                   "site at once); the first build, or one after a configuration change, is a full build.")
def build(config_file: str, sources: tuple[str, ...], strict: bool, site_dir: str | None, site_url: str | None,
          index_dir: str | None, library: str | None, incremental: bool) -> None:
    """Build the site and its search index. Both are written beside the old ones and swapped in only when complete.

    Example: pufa build --source xinfang-gongzuo-tiaoli=texts/xinfang-gongzuo-tiaoli-2022.txt
    """
    from mkdocs.exceptions import MkDocsException

    target = Path(site_dir or "site")
    try:
        config = _load_mkdocs_config(config_file, strict=strict or None, site_dir=site_dir, site_url=site_url)
        target = Path(config.site_dir)
        index = Path(index_dir) if index_dir else target.parent / DEFAULT_INDEX
        _set_plugin_inputs(config, sources, library, index)
        fingerprint = unit_key(Path(config_file).read_bytes(), sources, library, strict, site_url, os.path.abspath(index))
        with output_lock(target.parent, on_wait=lambda message: click.echo(message, err=True)):
            warnings = _build_and_publish(config, target, index, fingerprint, incremental)
    except (PufaError, MkDocsException) as error:
        raise _fail(error) from None
    except OSError as error:
        raise click.ClickException(_write_error(error, target)) from None
    for warning in warnings:
        click.echo(f"WARNING -  {warning}", err=True)
    click.echo(f"站点已生成：{target}{os.sep}index.html（用浏览器打开，或运行 pufa serve 预览）")
    if index.is_symlink():
        click.echo(f"检索索引：{index}（pufa search 关键词）")


def _set_plugin_inputs(config, sources: tuple[str, ...], library: str | None, index: Path | None) -> None:
    """``--source``, ``--library`` and where the index goes, handed to the plugin of the loaded configuration (no
    environment back-channel). MkDocs keeps a plugin that has ``on_startup`` across the rebuilds of ``serve``,
    so what is set here holds for them too."""
    from .config import parse_source_overrides

    plugin = config.plugins.get("pufa")
    if plugin is None:
        if sources or library:
            raise PufaError("--source and --library need the pufa plugin under plugins", path=config.config_file_path,
                            hint="add '- pufa' to the plugins of mkdocs.yml.")
        return
    plugin.source_overrides = {slug: os.path.abspath(path) for slug, path in parse_source_overrides(sources).items()}
    plugin.index_dir = index
    if library is not None:
        plugin.config.library = os.path.abspath(library)


def _build_and_publish(config, target: Path, index: Path, fingerprint: str, incremental: bool) -> list[str]:
    """Build into a working folder beside the real target, index, then publish both; return cleanup warnings.

    Either the whole site is swapped in at once, or (``incremental``, with the manifest of a build of the same
    configuration) only the files that changed are moved into it (:mod:`generator.incremental`).
    """
    from mkdocs.commands.build import build as mkdocs_build

    real = real_target(target)
    warnings: list[str] = []
    clean_leftovers(real, warnings)
    plugin = config.plugins.get("pufa")
    previous = read_manifest(target, fingerprint, LIBRARY_DIR) if incremental and plugin is not None else None
    if plugin is not None:
        plugin.previous_library = previous.library if previous is not None else None
    staging = make_staging(real)
    config.site_dir = str(staging)
    try:
        mkdocs_build(config)
        generation = plugin.index_generation if plugin is not None else None
        manifest = _manifest(staging, plugin, fingerprint)
        forget_manifest(target)
        # Both are complete now: publish them one after the other, the site first.
        if previous is not None and manifest is not None:
            update_site(staging, real, previous, manifest, LIBRARY_DIR)
            shutil.rmtree(staging)
        else:
            warnings += swap_in(staging, real).warnings
        if manifest is not None:
            write_manifest(target, manifest)
        if generation is not None:
            with output_lock(index.parent):
                publish_generation(index, generation)
    finally:
        if staging.exists():
            discard(staging, real)
    return warnings


def _manifest(built: Path, plugin, fingerprint: str) -> Manifest | None:
    """What this build made, for the next incremental one (None without the pufa plugin)."""
    if plugin is None:
        return None
    library = plugin.library_outputs or LibraryOutputs()
    return Manifest(fingerprint, campaign_files(built, library, LIBRARY_DIR), library)


def _write_error(error: OSError, target: Path, what: str = "the site") -> str:
    """One line naming the output folder the user chose, what went wrong and what to do."""
    reason = error.strerror or str(error)
    detail = f" ({error.filename})" if error.filename and Path(error.filename) != target else ""
    if error.errno == errno.ENOSPC:
        hint = "free space on that disk, or build elsewhere with -d DIR."
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        hint = (f"the folder {target.parent.resolve()} must be writable: build elsewhere with -d DIR, or fix its "
                "permissions.")
    else:
        hint = "check the output folder, or build elsewhere with -d DIR."
    return f"{target}: cannot write {what}: {reason}{detail}. Hint: {hint}"


@cli.command()
@config_options
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: str, sources: tuple[str, ...], dev_addr: str) -> None:
    """Preview the site; rebuilds when a page, the configuration or an official text changes.

    Example: pufa serve --source xinfang-gongzuo-tiaoli=texts/xinfang-gongzuo-tiaoli-2022.txt
    """
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    try:
        _set_plugin_inputs(_load_mkdocs_config(config_file), sources, None, None)
        mkdocs_serve(config_file=config_file, dev_addr=dev_addr, livereload=True)
    except (PufaError, MkDocsException) as error:
        raise _fail(error) from None


def _load_site(config_file: str, sources: tuple[str, ...], library: str | None = None):
    """The site's configuration and everything it publishes, loaded without building (the host-neutral core)."""
    from .config import parse_source_overrides
    from .site import load_site

    overrides = parse_source_overrides(sources)
    config = _load_mkdocs_config(config_file)
    plugin = config.plugins.get("pufa")
    if plugin is None:
        raise PufaError("the pufa plugin is not listed under plugins", path=config_file,
                        hint="add '- pufa' to the plugins of mkdocs.yml.")
    if library is not None:
        plugin.config.library = os.path.abspath(library)
    blog = config.plugins.get("material/blog")
    site = load_site(plugin.config, Path(config_file), Path(config.docs_dir),
                     blog.config.blog_dir if blog is not None else None, overrides)
    return config, site


@cli.command()
@config_options
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--library", type=click.Path(file_okay=False), help="Also check the texts of this 法规库 folder.")
def check(config_file: str, sources: tuple[str, ...], strict: bool, library: str | None) -> None:
    """Validate the configuration, the official texts and every content page without building.

    Fast enough to run on every save; exit 1 on errors (and on warnings with --strict).

    Example: pufa check
    """
    from .project import missing_source_message

    try:
        _, site = _load_site(config_file, sources, library)
    except PufaError as error:
        raise _fail(error) from None
    project, content = site.project, site.content
    for item in project.missing:
        click.echo(missing_source_message(item), err=True)
    problems = site.problems + site.library_problems
    for problem in problems:
        click.echo(f"{problem.severity}: {problem}", err=True)
    errors = sum(1 for problem in problems if problem.severity == "error")
    articles = sum(1 for item in project.regulations if item.regulation for _ in item.regulation.articles())
    click.echo(f"{len(project.regulations)} regulation(s), {articles} article(s); "
               f"{len(content.interpretations)} interpretation(s), {len(content.questions)} Q&A, "
               f"{len(content.cases)} case(s), {len(content.terms)} glossary term(s)"
               + (f"; 法规库 {len(site.collection.texts)} text(s)" if site.collection else "")
               + f": {errors} error(s), {len(problems) - errors} warning(s)")
    if errors or (strict and problems):
        sys.exit(1)


@cli.command()
@config_options
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False),
              help="Where to write the index.")
@click.option("--library", type=click.Path(file_okay=False), help="Also index every article of this 法规库 folder.")
def index(config_file: str, sources: tuple[str, ...], index_dir: str, library: str | None) -> None:
    """Build only the search index (written beside the old one and swapped in when complete).

    Example: pufa index --source xinfang-gongzuo-tiaoli=texts/xinfang-gongzuo-tiaoli-2022.txt
    """
    from search_index import index_project

    try:
        config, site = _load_site(config_file, sources, library)
        if site.errors:
            raise PufaError(f"{len(site.errors)} error(s); run pufa check. First: {site.errors[0]}")
        index_project(site.project, site.content, index_dir, site.default_regulation, config.use_directory_urls,
                      collection=site.collection)
    except PufaError as error:
        raise _fail(error) from None
    except OSError as error:
        raise click.ClickException(_write_error(error, Path(index_dir), "the index")) from None
    click.echo(f"检索索引：{index_dir}")


@cli.command()
@click.argument("query")
@click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True, type=click.Path(file_okay=False),
              help="The index built by pufa build or pufa index.")
@click.option("--type", "doc_type", type=click.Choice(["article", "interpretation", "qa", "case", "term"]),
              help="Only results of this kind.")
@click.option("--regulation", help="Only results of this regulation (slug).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200), help="Number of results.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list (one list per line with QUERY '-').")
def search(query: str, index_dir: str, doc_type: str | None, regulation: str | None, limit: int,
           as_json: bool) -> None:
    """Search the index. QUERY '-' reads one query per line from standard input.

    Example: pufa search 上访以后多久能给我答复
    """
    from search_index.engine import Searcher

    if query != "-" and not _is_text(query):
        raise click.ClickException("the query is not valid UTF-8 text. Hint: type it again, or check the terminal's "
                                   "encoding (LANG=zh_CN.UTF-8).")
    try:
        searcher = Searcher(index_dir)
    except FileNotFoundError:
        raise click.ClickException(f"{index_dir}: no search index here. Hint: run pufa build or pufa index first, "
                                   "or pass --index DIR.") from None
    except PufaError as error:
        raise _fail(error) from None
    colour = sys.stdout.isatty() and not as_json
    with searcher:
        if query != "-":
            hits = _search_or_fail(searcher, query, limit, doc_type, regulation)
            click.echo(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False) if as_json
                       else _human_results(hits, colour))
            return
        for number, raw in enumerate(sys.stdin.buffer, 1):
            click.echo(json.dumps(_batch_line(searcher, raw, number, limit, doc_type, regulation),
                                  ensure_ascii=False))


def _is_text(value: str) -> bool:
    """False for arguments that were not valid UTF-8 (Python keeps their bytes as lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _search_or_fail(searcher, text: str, limit: int, doc_type, regulation):
    try:
        return searcher.search(text, limit=limit, type=doc_type, regulation=regulation)
    except PufaError as error:
        raise _fail(error) from None


def _batch_line(searcher, raw: bytes, number: int, limit: int, doc_type, regulation):
    """One input line of ``pufa search -``: its result list, or an error object; never nothing."""
    try:
        text = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as error:
        return {"error": f"line {number}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at position {error.start})",
                "line": number}
    try:
        return [hit.as_dict() for hit in searcher.search(text, limit=limit, type=doc_type, regulation=regulation)]
    except PufaError as error:
        return {"error": f"line {number}: {error}", "line": number}


def _human_results(hits, colour: bool) -> str:
    import html

    if not hits:
        return "没有找到结果。"
    lines = ["没有完全匹配的结果，下面是相近的内容（宽泛匹配）："] if hits[0].broad else []
    for number, hit in enumerate(hits, 1):
        snippet = hit.snippet
        if colour:
            snippet = snippet.replace("<mark>", "\x1b[1;33m").replace("</mark>", "\x1b[0m")
        else:
            snippet = snippet.replace("<mark>", "【").replace("</mark>", "】")
        source = f"  《{hit.regulation_title}》·{hit.status}" if hit.regulation_title else ""
        lines.append(f"{number}. [{hit.label}] {hit.title}{source}  /{hit.url}")
        if hit.note:
            lines.append(f"   （{hit.note}）")
        lines.append(f"   {html.unescape(snippet)}")
    return "\n".join(lines)


@cli.command()
@click.argument("old_slug")
@click.argument("new_slug")
@config_options
@click.option("--json", "as_json", is_flag=True, help="Print [{new, old: [...], score}, ...] (primary predecessor first).")
def compare(old_slug: str, new_slug: str, config_file: str, sources: tuple[str, ...], as_json: bool) -> None:
    """新旧对照: which articles of OLD_SLUG each article of NEW_SLUG continues, 新增 and 删除.

    Uses the editors' corrections in docs/duizhao/OLD_SLUG--NEW_SLUG.yml when present.

    Example: pufa compare xinfang-tiaoli-2005 xinfang-gongzuo-tiaoli --json
    """
    from .compare import load_alignments

    try:
        config, site = _load_site(config_file, sources)
        project = site.project
        for slug in (old_slug, new_slug):
            item = project.get(slug)
            if item is None:
                known = ", ".join(r.slug for r in project.regulations)
                raise PufaError(f"{slug!r} is not a configured regulation", path=config_file,
                                hint=f"configured slugs: {known}.")
            if item.regulation is None:
                raise PufaError(f"the official text of 《{item.title}》 is not loaded", path=item.spec.source,
                                hint=f"put it there or pass --source {slug}=PATH.")
        alignments, problems = load_alignments(project, [(old_slug, new_slug)], Path(config.docs_dir))
        if problems:
            raise PufaError(str(problems[0]))
    except PufaError as error:
        raise _fail(error) from None
    alignment = alignments[0]
    if as_json:
        click.echo(json.dumps([pair.as_dict() for pair in alignment.pairs], ensure_ascii=False))
        return
    from .model import article_label

    for pair in alignment.pairs:
        old = "、".join(article_label(n) for n in pair.old)
        if pair.new is None:
            click.echo(f"（删除）      ← {old}")
        else:
            click.echo(f"{article_label(pair.new):<8}← {old or '（新增）'}  {pair.score:.2f}"
                       f"{'  人工校正' if pair.overridden else ''}")
    click.echo(f"新增 {len(alignment.added)} 条，删除/未保留 {len(alignment.removed)} 条")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the tree as JSON (the schema in DESIGN.md).")
@click.option("--strict", is_flag=True, help="Treat warnings (a text that seems cut off, stray lines) as errors.")
def parse(file: str, as_json: bool, strict: bool) -> None:
    """Parse an official text and print its outline (or JSON).

    Example: pufa parse texts/xinfang-gongzuo-tiaoli-2022.txt --json
    """
    from .parse import parse_file

    try:
        result = parse_file(file)
    except PufaError as error:
        raise _fail(error) from None
    for problem in result.problems:
        click.echo(f"{problem.severity}: {problem}", err=True)
    failing = result.problems if strict else result.errors
    if failing:
        raise click.ClickException(f"{len(failing)} {'problem' if strict else 'error'}(s) in {file}; nothing printed.")
    regulation = result.regulation
    if as_json:
        click.echo(json.dumps(regulation.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(_outline(regulation))


def _outline(regulation) -> str:
    from .model import Division

    lines = [regulation.title]
    if regulation.meta.note:
        lines.append(f"（{regulation.meta.note}）")
    for name, label in (("adopted", "通过"), ("published", "公布"), ("effective", "施行")):
        value = getattr(regulation.meta, name)
        if value:
            lines.append(f"{label}：{value.isoformat()}")

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, Division):
                articles = list(node.articles())
                span = f"{articles[0].label}—{articles[-1].label}" if articles else "（无条文）"
                lines.append(f"{'  ' * depth}{node.heading}  {span}")
                walk(node.children, depth + 1)

    walk(regulation.body, 0)
    articles = list(regulation.articles())
    paragraphs = sum(len(a.paragraphs) for a in articles)
    items = sum(len(p.items) for a in articles for p in a.paragraphs)
    lines.append(f"共 {len(articles)} 条，{paragraphs} 款，{items} 项")
    return "\n".join(lines)
