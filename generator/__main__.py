"""``python -m generator`` is the same as the ``pufa`` command (useful where pip's script folder is not on PATH)."""

from .cli import main

main()
