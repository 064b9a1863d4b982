"""Open a page in Debian's Chromium with every request outside the page refused, and report what happened.

Playwright drives /usr/bin/chromium (never a browser of its own): its request routing, console events
and PDF printing are built in, so no chromedriver is needed. In CI (PL_COST_REQUIRE_BROWSER=1) a
missing browser or axe-core fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "output"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PL_COST_CHROMIUM", "/usr/bin/chromium")
REQUIRE = os.environ.get("PL_COST_REQUIRE_BROWSER") == "1"
#: As the machine notes say: without the background-networking flags Chromium keeps dialling out.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}


def unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where the browser tests must run."""
    if REQUIRE:
        pytest.fail(f"{reason} (PL_COST_REQUIRE_BROWSER=1: the browser tests must run here)")
    pytest.skip(reason)


def launch() -> Iterator[Any]:
    """One Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: pip install -e '.[test]'")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        unavailable(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """What one page did while it loaded: requests refused, console errors, and its visible text."""

    url: str
    refused: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    text: str = ""


def open_page(browser: Any, path: Path, viewport: dict[str, int] = DESKTOP, bypass_csp: bool = False) -> Any:
    """A new page showing `path` with the network refused; returns (page, visit, context)."""
    context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp, java_script_enabled=True)
    page = context.new_page()
    visit = Visit(url=path.resolve().as_uri())

    def route(route: Any) -> None:
        if route.request.url == visit.url:
            route.continue_()
        else:
            visit.refused.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda message: visit.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.goto(visit.url, wait_until="load")
    visit.text = " ".join(page.inner_text("body").split())
    return page, visit, context


def axe_violations(browser: Any, path: Path) -> list[dict[str, Any]]:
    """axe-core's violations for the page (the page's own CSP is bypassed only to inject axe)."""
    if not AXE.exists():
        unavailable(f"axe-core is not installed at {AXE}: npm install --prefix tests/browser axe-core")
    page, _visit, context = open_page(browser, path, bypass_csp=True)
    try:
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result: dict[str, Any] = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    return list(result["violations"])


def pdf_bytes(browser: Any, path: Path) -> bytes:
    """The page printed on A4, as Chromium's print preview would."""
    page, _visit, context = open_page(browser, path)
    try:
        data: bytes = page.pdf(format="A4", print_background=True)
    finally:
        context.close()
    return data
