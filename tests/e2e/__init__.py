"""Browser tests: a real server, Debian's Chromium driven by Playwright, axe-core on every page.

A package, so that its conftest is `e2e.conftest` and does not shadow the `conftest`
module that the other tests import from.
"""
