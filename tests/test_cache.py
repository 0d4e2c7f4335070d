"""The build cache: an entry is made once per key, found again by the same key, never by another; and a cache
that cannot be written only means the result is made again."""

from __future__ import annotations

from generator.cache import cached


def test_made_once_and_found_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = []

    def make(path):
        made.append(path)
        path.write_text("result", encoding="utf-8")

    first = cached("kind", "key one", ".txt", make)
    second = cached("kind", "key one", ".txt", make)
    other = cached("kind", "key two", ".txt", make)
    assert first == second != other
    assert len(made) == 2 and first.read_text(encoding="utf-8") == "result"
    assert not list((tmp_path / "pufa" / "kind").glob(".*.tmp"))


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cached("kind", "key", ".txt", lambda path: path.write_text("r", encoding="utf-8")) is None
