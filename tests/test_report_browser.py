"""Each page in a real browser (Debian's Chromium, driven by Playwright) with the network refused.

For each page: nothing leaves it, no console error, every figure of the JSON answer for the same input
is in its text, tables have header cells, charts have text alternatives, it fits a phone, it prints
on A4, and axe-core finds nothing serious. Screenshots and PDFs go to tests/output/ for people to see.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import pl_cost
from tests.browser import figures
from tests.browser.harness import OUTPUT, PHONE, REQUIRE, axe_violations, launch, open_page, pdf_bytes
from tests.conftest import ROOT, run_main

for _module in ("jinja2", "matplotlib"):  # the 'report' and 'plot' extras; required where browsers must run
    try:
        __import__(_module)
    except ImportError:
        if REQUIRE:
            raise
        pytest.skip(f"{_module} is not installed (pip install -e '.[test]')", allow_module_level=True)

PROFILES = ROOT / "tests" / "profiles"


@dataclass(frozen=True)
class Built:
    """One page on disk and the JSON answer for the same input."""

    name: str
    html: Path
    data: Any


def _cli(*argv: str) -> str:
    out = run_main(list(argv))
    assert out.code == 0, out.stderr
    return out.stdout


def _from_cli(folder: Path, name: str, argv: list[str]) -> Built:
    """The page and the JSON from the same command line."""
    html = folder / f"{name}.html"
    assert _cli(*argv, "--format", "html", "-o", str(html)) == ""
    return Built(name, html, json.loads(_cli(*argv, "--format", "json")))


def _evil_profile(folder: Path) -> Path:
    parent = folder / "<script>alert('pl-cost')<"
    parent.mkdir()
    target = parent / "script>.yaml"
    shutil.copy(PROFILES / "ecr-pulls.yaml", target)
    return target


def _evidence(folder: Path) -> Built:
    from pl_cost.evidence import profile_from_flow_logs
    from pl_cost.evidence.render import render
    from tests.evidence_data import generate

    scenario = generate(folder / "logs")
    result = profile_from_flow_logs(
        [str(p) for p in scenario.flow_dirs],
        scenario.region,
        dns_logs=[str(p) for p in scenario.dns_files],
        engine="python",
        progress=False,
    )
    html = folder / "profile.html"
    html.write_text(pl_cost.html_page(result), encoding="utf-8")
    return Built("profile", html, json.loads(render(result, "json")))


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    folder = tmp_path_factory.mktemp("pages")
    built = [
        _from_cli(folder, "compare", ["compare", "--gb", "200", "--azs", "2"]),
        _from_cli(folder, "compare-ecr", ["compare", "--gb", "800", "--azs", "2", "--service", "ecr"]),
        _from_cli(folder, "breakeven", ["breakeven", "--azs", "1,2,3"]),
        _from_cli(folder, "prices", ["prices", "--region", "us-east-1"]),
        _from_cli(folder, "regions", ["regions"]),
    ]
    evil = _evil_profile(folder)
    for name, profile in (("plan", PROFILES / "ecr-pulls.yaml"), ("plan-ssm", PROFILES / "ssm-required.yaml"),
                          ("plan-script-name", evil)):  # fmt: skip
        built.append(_from_cli(folder, name, ["recommend", str(profile)]))
    profiles = [str(PROFILES / "ecr-pulls.yaml"), str(PROFILES / "no-internet.yaml"), str(evil)]
    report = folder / "report.html"
    _cli("report", *profiles, "-o", str(report))
    built.append(Built("report", report, json.loads(_cli("recommend", *profiles, "--format", "json"))))
    built.append(_evidence(folder))
    built += _many_vpcs(folder)
    return {b.name: b for b in built}


def _from_model(folder: Path, name: str, result: Any) -> Built:
    html = folder / f"{name}.html"
    html.write_text(pl_cost.html_page(result), encoding="utf-8")
    return Built(name, html, json.loads(result.model_dump_json()))


def _many_vpcs(folder: Path) -> list[Built]:
    """connect, hub, an organisation plan and a bill, each through the library."""
    from pl_cost.multivpc.connect import connect
    from pl_cost.multivpc.hub import hub
    from pl_cost.multivpc.organisation import plan_organisation
    from tests import bill_data

    organisation = {
        "name": "acme",
        "hub": {"azs": 2, "dns": "phz"},
        "vpcs": [
            {"name": "app-1", "attached": True, "profile": str(PROFILES / "ecr-pulls.yaml")},
            {"name": "batch", "attached": False,
             "profile": {"region": "us-east-1", "azs": 2, "internet_gb_per_month": 50, "services": {"logs": 200}}},
        ],
    }  # fmt: skip
    bill = pl_cost.bill(bill_data.write_cur2(bill_data.organisation(), folder / "cur2"))
    return [
        _from_model(folder, "connect", connect(10, 1000, 2)),
        _from_model(folder, "hub", hub(8, "ecr.api,ecr.dkr,logs,sts", 2, gb=500)),
        _from_model(folder, "organisation", plan_organisation(organisation)),
        _from_model(folder, "bill", bill),
    ]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    yield from launch()


NAMES = [
    "compare", "compare-ecr", "breakeven", "prices", "regions", "plan", "plan-ssm", "plan-script-name", "report",
    "profile", "connect", "hub", "organisation", "bill",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_page_in_the_browser(browser: Any, pages: dict[str, Built], name: str) -> None:
    built = pages[name]
    OUTPUT.mkdir(exist_ok=True)
    page, visit, context = open_page(browser, built.html)
    try:
        assert visit.refused == [], "requests left the page"
        assert visit.requests == [visit.url]
        assert visit.errors == [], "console errors"
        gaps = figures.missing(built.data, visit.text)
        assert not gaps, "figures in the JSON but not on the page:\n" + "\n".join(gaps[:40])
        checks = page.evaluate(
            """() => ({
              tables: [...document.querySelectorAll('table')]
                .map(t => t.querySelectorAll('thead th[scope=col]').length),
              rowHeads: [...document.querySelectorAll('tbody tr')]
                .filter(r => !r.querySelector('th[scope=row]')).length,
              images: [...document.querySelectorAll('img')].filter(i => !i.getAttribute('alt')).length,
              svgs: [...document.querySelectorAll('svg')].map(s => s.getAttribute('role') === 'img'
                     && (s.getAttribute('aria-label') || '').length > 20 && !!s.querySelector('title')),
              scripts: document.querySelectorAll('script').length,
              h1: document.querySelectorAll('h1').length,
              verdict: (document.querySelector('.verdict') || {}).innerText || '',
            })"""
        )
        assert checks["tables"] and all(count > 0 for count in checks["tables"]), "a table without header cells"
        assert checks["rowHeads"] == 0
        assert checks["images"] == 0 and all(checks["svgs"]), "an image without a text alternative"
        assert checks["scripts"] == 0 and checks["h1"] == 1
        assert checks["verdict"].startswith("Answer:")
        page.screenshot(path=str(OUTPUT / f"{name}-desktop.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("name", NAMES)
def test_page_fits_a_phone(browser: Any, pages: dict[str, Built], name: str) -> None:
    page, visit, context = open_page(browser, pages[name].html, viewport=PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width} px)"
        assert visit.errors == []
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"{name}-phone.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("name", NAMES)
def test_page_prints_on_a4(browser: Any, pages: dict[str, Built], name: str) -> None:
    data = pdf_bytes(browser, pages[name].html)
    assert data.startswith(b"%PDF-")
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A4 is 595.3 x 841.9 points
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"{name}.pdf").write_bytes(data)


@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_nothing_serious(browser: Any, pages: dict[str, Built], name: str) -> None:
    violations = axe_violations(browser, pages[name].html)
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    assert not serious, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} {v['nodes'][0]['target']}" for v in serious)


def test_the_script_in_a_profile_name_stays_text(browser: Any, pages: dict[str, Built]) -> None:
    page, visit, context = open_page(browser, pages["plan-script-name"].html)
    try:
        assert "<script>alert('pl-cost')</script>.yaml" in visit.text
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        assert visit.errors == []
    finally:
        context.close()
