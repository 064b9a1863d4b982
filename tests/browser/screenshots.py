"""Regenerate the README's screenshots of each page: python -m tests.browser.screenshots [FOLDER].

Each page is built from the shipped catalog and the test profiles, opened in Debian's Chromium with the
network refused, and its top saved as a small palette PNG (docs/ by default). Look at them before committing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser.harness import launch, open_page
from tests.conftest import ROOT, run_main

#: Relative, so the pages name the profiles as a reader would type them (main() works from the root).
PROFILES = Path("tests") / "profiles"
WIDTH, HEIGHT, THUMB = 1000, 1150, 640


def _cli(*argv: str) -> str:
    out = run_main(list(argv))
    if out.code != 0:
        raise SystemExit(out.stderr)
    return out.stdout


def build(folder: Path) -> dict[str, Path]:
    """The pages the README shows, written to `folder`."""
    pages = {
        "compare": _cli("compare", "--gb", "200", "--azs", "2", "--format", "html"),
        "breakeven": _cli("breakeven", "--azs", "1,2,3", "--format", "html"),
        "prices": _cli("prices", "--region", "us-east-1", "--format", "html"),
        "regions": _cli("regions", "--format", "html"),
    }
    from pl_cost.pages import html_page
    from pl_cost.recommend import recommend

    (folder / "plan.html").write_text(html_page(recommend(PROFILES / "ecr-pulls.yaml")), encoding="utf-8")
    _cli("report", str(PROFILES / "ecr-pulls.yaml"), str(PROFILES / "no-internet.yaml"), "-o",
         str(folder / "report.html"))  # fmt: skip
    paths = {"plan": folder / "plan.html", "report": folder / "report.html"}
    for name, text in pages.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def main(target: Path) -> None:
    import os

    from PIL import Image

    target = target.resolve()
    os.chdir(ROOT)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        paths = build(Path(scratch))
        browser_iter = launch()
        browser = next(browser_iter)
        try:
            for name, path in paths.items():
                page, visit, context = open_page(browser, path, viewport={"width": WIDTH, "height": HEIGHT})
                assert not visit.refused and not visit.errors, (name, visit.refused, visit.errors)
                shot = Path(scratch) / f"{name}.png"
                page.screenshot(path=str(shot))
                context.close()
                image = Image.open(shot).convert("RGB")
                image = image.resize((THUMB, round(HEIGHT * THUMB / WIDTH)), Image.Resampling.LANCZOS)
                image.quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(
                    target / f"page-{name}.png", optimize=True
                )
        finally:
            browser_iter.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
