"""Tests of search_index: the analyzer, article-number lookups, the Whoosh engine and the browser export."""
