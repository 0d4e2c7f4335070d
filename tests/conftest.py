"""Test-wide settings: a Hypothesis profile that keeps the suite fast and writes nothing into the repository."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from tests.helpers import CORPUS, FIXTURES

# No example database, so test runs add nothing to the (git-ignored) .hypothesis/ folder that a later run
# depends on; derandomize draws the same examples every run, so a failure reproduces from the printed example.
# Example counts stay small: the whole parser suite should run in a few seconds.
settings.register_profile("pufa", database=None, deadline=None, max_examples=60, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pufa")


@pytest.fixture(scope="session")
def fixtures_dir():
    """Folder of the small made-up regulation texts written for these tests."""
    return FIXTURES


@pytest.fixture(scope="session")
def corpus():
    """The shared corpus folder; tests that need it are skipped when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (expected ../shared/corpus beside the project)")
    return CORPUS


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium, launched once for every browser test (skipped when it is not installed)."""
    from tests.helpers import launch_chromium, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
