"""pufa's full-text search: the Chinese analyzer, the Whoosh index and queries (see DESIGN.md, "Search").

Reads the same project the site is built from (``generator.project``); never imports MkDocs.
"""
