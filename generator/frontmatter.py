"""YAML front matter that remembers where every key stands, so errors can say ``wenda/x.md:4``.

PyYAML's own ``safe_load`` forgets positions and turns ``2022-13-45`` into a ValueError traceback; here
dates stay strings (the content model checks them) and every key and list element keeps its file line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError

_FENCE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)


MAX_DIGITS = 18
"""Longer integers are typing errors (and Python refuses to read 4,300 digits or more)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: a date is validated by the content model, with its line.

    Aliases (``*name``) are refused: editors never need them, and nested ones expand exponentially (an alias
    bomb). Integers longer than MAX_DIGITS are refused with their line.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not allowed here",
                                              event.start_mark)
        return super().compose_node(parent, index)


def _construct_int(loader, node):
    if sum(char.isdigit() for char in node.value) > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(None, None, f"the number {node.value[:20]}… has more than "
                                                f"{MAX_DIGITS} digits", node.start_mark)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


# No implicit timestamps (dates are checked with their line) and no implicit floats: 31.10 is 第三十一条第十项,
# which YAML would otherwise read as the number 31.1.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same loader on libyaml's parser (ten times faster), for text that cannot hold an alias."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_FastLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _load(source: str):
    """(node, data) of a YAML document, composed once.

    libyaml reads it unless the text could hold an alias (only a ``*`` starts one) or is invalid: then the pure
    Python loader reads it, which refuses aliases with their line and words its errors more plainly ("expected
    ',' or ']', but got ':'" where libyaml says "did not find expected ',' or ']'").
    """
    if "*" not in source:
        try:
            return _compose_and_construct(_FastLoader, source)
        except yaml.YAMLError:
            pass
    return _compose_and_construct(_Loader, source)


def _compose_and_construct(loader_class, source: str):
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class FrontMatter:
    data: dict
    lines: dict[str, int] = field(default_factory=dict)
    """Line in the file of each top-level key."""
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    """Line in the file of each element of a top-level list."""
    body: str = ""
    body_lineno: int = 1
    """Line in the file where the Markdown body starts."""

    def line_of(self, key: str, index: int | None = None) -> int:
        if index is not None and key in self.item_lines and index < len(self.item_lines[key]):
            return self.item_lines[key][index]
        return self.lines.get(key, 1)


def read_front_matter(text: str, path: str | Path) -> FrontMatter:
    """Split ``text`` into front matter and body.

    Raises:
        ContentError: the front matter is not valid YAML or not a mapping.
    """
    match = _FENCE.match(text)
    if not match:
        return FrontMatter({}, body=text)
    source = match["yaml"]
    try:
        node, data = _load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(f"invalid YAML front matter: {problem}", path=path,
                           lineno=mark.line + 2 if mark else 1,
                           hint="check indentation, colons and brackets; quote values containing ':' or '#'.") from None
    body_lineno = text.count("\n", 0, match.end()) + 1
    if node is None:
        return FrontMatter({}, body=text[match.end():], body_lineno=body_lineno)
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError("front matter must be a mapping of keys to values", path=path, lineno=2,
                           hint="write one 'key: value' per line between the two --- lines.")
    lines, item_lines = {}, {}
    for key_node, value_node in node.value:
        key = key_node.value
        lines[key] = key_node.start_mark.line + 2
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [element.start_mark.line + 2 for element in value_node.value]
    return FrontMatter(data, lines, item_lines, text[match.end():], body_lineno)


def glossary_entries(text: str, path: str | Path):
    """Yield (entry, key lines, list-element lines) for each entry of a YAML list such as ``cidian.yml``.

    ``key lines`` has the line of each key, and ``""`` → the entry's own first line.

    Raises:
        ContentError: the file is not valid YAML or not a list.
    """
    try:
        node, data = _load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        raise ContentError(f"invalid YAML: {getattr(error, 'problem', None) or error}", path=path,
                           lineno=mark.line + 1 if mark else 1, hint="check indentation and colons.") from None
    if not isinstance(node, yaml.SequenceNode) or not isinstance(data, list):
        raise ContentError("expected a list of terms", path=path, lineno=1, hint="each entry starts with '- term: …'.")
    for entry, entry_node in zip(data, node.value):
        lines = {"": entry_node.start_mark.line + 1}
        item_lines = {}
        if isinstance(entry_node, yaml.MappingNode):
            for key_node, value_node in entry_node.value:
                lines[key_node.value] = key_node.start_mark.line + 1
                if isinstance(value_node, yaml.SequenceNode):
                    item_lines[key_node.value] = [element.start_mark.line + 1 for element in value_node.value]
        yield entry, lines, item_lines
