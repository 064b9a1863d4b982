"""Helpers for the browser tests: Debian's Chromium driven by Playwright, axe-core from npm."""
