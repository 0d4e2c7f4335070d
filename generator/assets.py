"""pufa's own scripts and stylesheet, as the site serves them.

The scripts go out without their comment lines and indentation: a reader on a phone downloads them before the first
search, and the comments are a fifth of their gzip size. Only whole-line ``//`` comments, leading whitespace and
blank lines go (the scripts have no template literals, so no string spans lines); everything else is unchanged.
"""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).parent / "assets"


def compact_script(source: str) -> str:
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def asset_contents() -> dict[str, str]:
    """File name → content served, for every file in ``assets/``."""
    return {path.name: compact_script(path.read_text(encoding="utf-8")) if path.suffix == ".js"
            else path.read_text(encoding="utf-8") for path in sorted(ASSETS.iterdir()) if path.is_file()}
