"""The scripts go out without comment lines and indentation; the assumption that makes this safe is checked."""

from __future__ import annotations

import gzip

from generator.assets import ASSETS, asset_contents, compact_script


def test_comment_lines_and_indentation_go_code_stays():
    source = "// about\n(function () {\n  var url = 'http://x';  // kept: not a whole-line comment\n\n  //  gone\n})();\n"
    assert compact_script(source) == "(function () {\nvar url = 'http://x';  // kept: not a whole-line comment\n})();\n"


def test_no_script_has_a_string_spanning_lines():
    """Stripping indentation is only safe without template literals (the one JS string that may span lines)."""
    for path in ASSETS.glob("*.js"):
        code = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("//")]
        assert not any("`" in line for line in code), path.name


def test_every_asset_is_served_and_the_scripts_are_smaller():
    served = asset_contents()
    assert sorted(served) == sorted(path.name for path in ASSETS.iterdir() if path.is_file())
    for name, text in served.items():
        original = (ASSETS / name).read_text(encoding="utf-8")
        if name.endswith(".js"):
            assert len(gzip.compress(text.encode())) < 0.9 * len(gzip.compress(original.encode()))
        else:
            assert text == original
