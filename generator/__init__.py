"""pufa's generator: official regulation text → tree → linked, rendered pages.

Pipeline stages, each a module usable without MkDocs:
``normalize`` (bytes → clean text) → ``parse`` (text → :class:`~generator.model.Regulation`)
→ ``link`` (cross-references) → ``render`` (Markdown pages). ``plugin`` and ``cli`` are thin shells.
"""
