"""HTML pages without a browser: escaping, self-containment, the extra's error, the CLI, the waterfall, the wheel."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import pl_cost
from pl_cost.errors import DomainError
from pl_cost.pages.adapters.plan import waterfall_steps
from pl_cost.recommend import recommend
from tests.conftest import ROOT, CliResult

pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")

PROFILES = ROOT / "tests" / "profiles"
EVIL = "<script>alert('pl-cost')</script>"


def evil_profile(tmp_path: Path) -> Path:
    """A profile whose path reads `<script>alert('pl-cost')</script>.yaml` (the slash is a directory)."""
    folder = tmp_path / "<script>alert('pl-cost')<"
    folder.mkdir()
    target = folder / "script>.yaml"
    shutil.copy(PROFILES / "ecr-pulls.yaml", target)
    return target


def test_a_profile_named_like_a_script_renders_as_text(tmp_path: Path) -> None:
    path = evil_profile(tmp_path)
    assert EVIL in str(path)
    page = pl_cost.html_page(recommend(path))
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#39;pl-cost&#39;)&lt;/script&gt;" in page
    report = pl_cost.report([path])
    assert "<script" not in report and "&lt;script&gt;" in report


def test_pages_load_nothing_from_outside(catalog: pl_cost.Catalog) -> None:
    pages = [
        pl_cost.html_page(pl_cost.compare(200, azs=2, catalog=catalog)),
        pl_cost.html_page(recommend(PROFILES / "ssm-required.yaml", catalog)),
        pl_cost.html_page(pl_cost.prices("eu-west-1", catalog)),
    ]
    for page in pages:
        assert page.startswith("<!DOCTYPE html>")
        assert not re.search(r"<script|<link|<img|<iframe|@import|url\(\s*['\"]?https?:", page, re.IGNORECASE)
        assert not re.search(r"\bsrc=", page)
        assert "default-src 'none'" in page  # the page's own policy refuses anything that slips in


def test_charts_are_inline_svg_with_text_alternatives(catalog: pl_cost.Catalog) -> None:
    page = pl_cost.html_page(recommend(PROFILES / "ecr-pulls.yaml", catalog))
    svgs = re.findall(r"<svg [^>]*>", page)
    assert len(svgs) >= 2
    assert all('role="img"' in tag and "aria-label=" in tag for tag in svgs)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids must be unique across charts"


def test_comparison_chart_marks_the_break_even_also_with_overrides(catalog: pl_cost.Catalog) -> None:
    overridden = pl_cost.apply_overrides(catalog, {"nat_gateway_gb": Decimal("0.05")}, Decimal(10))
    result = pl_cost.compare(200, azs=2, catalog=overridden)
    page = pl_cost.html_page(result)
    point = result.situations["nat_stays"].break_even_gb
    assert point is not None
    label = re.search(r'<svg [^>]*aria-label="([^"]*)"', page)
    assert label is not None and "Monthly cost against GB per month" in label.group(1)
    assert pl_cost_quantity(point) in label.group(1)


def pl_cost_quantity(value: Decimal) -> str:
    from pl_cost.money import format_quantity

    return format_quantity(value)


def test_waterfall_bars_are_line_items_and_end_at_the_plan(catalog: pl_cost.Catalog) -> None:
    for name in ("ecr-pulls.yaml", "no-internet.yaml", "s3-dynamodb.yaml", "ssm-required.yaml"):
        plan = recommend(PROFILES / name, catalog)
        steps = waterfall_steps(plan)
        today = {i.monthly for i in plan.baseline_line_items}
        planned = {i.monthly for i in plan.line_items}
        for _label, amount, added in steps:
            assert amount in (planned if added else today)
        end = plan.baseline_monthly + sum((a if added else -a for _l, a, added in steps), Decimal(0))
        assert end == plan.plan_monthly, name


def test_a_model_without_an_adapter_gets_every_field() -> None:
    from pydantic import BaseModel

    class Future(BaseModel):
        schema_name: str = "pl-cost/future"
        schema_version: int = 1
        vpc: str = "vpc-<b>"
        savings_monthly: Decimal = Decimal("12.345")

    page = pl_cost.html_page(Future())
    assert "$12.35" in page and "vpc-&lt;b&gt;" in page


def test_the_jupyter_fragment_is_unchanged(catalog: pl_cost.Catalog) -> None:
    fragment = pl_cost.compare(200, azs=2, catalog=catalog)._repr_html_()
    assert fragment.startswith("<div class='pl-cost'>") and "<!DOCTYPE" not in fragment


def test_compare_html_on_stdout(cli: Callable[..., CliResult]) -> None:
    out = cli("compare", "--gb", "200", "--azs", "2", "--format", "html")
    assert out.code == 0, out.stderr
    assert out.stdout.startswith("<!DOCTYPE html>") and "$65.40" in out.stdout


@pytest.mark.parametrize("command", [["prices"], ["regions"], ["breakeven", "--azs", "1,2"]])
def test_every_answering_command_takes_html(cli: Callable[..., CliResult], command: list[str]) -> None:
    out = cli(*command, "-f", "html")
    assert out.code == 0, out.stderr
    assert out.stdout.startswith("<!DOCTYPE html>") and out.stdout.rstrip().endswith("</html>")


def test_unknown_format_names_html(cli: Callable[..., CliResult]) -> None:
    out = cli("compare", "--gb", "1", "-f", "pdf")
    assert out.code == 2 and out.stdout == ""
    assert "html" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_report_writes_one_page_for_several_profiles(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    out = cli("report", str(PROFILES / "ecr-pulls.yaml"), str(PROFILES / "no-internet.yaml"), "-o", str(target))
    assert out.code == 0, out.stderr
    assert out.stdout == ""
    page = target.read_text()
    plans = recommend(PROFILES / "ecr-pulls.yaml"), recommend(PROFILES / "no-internet.yaml")
    from pl_cost.money import format_money

    total = sum((p.savings_monthly for p in plans), Decimal(0))
    assert "Every VPC&#39;s savings" in page and format_money(total) in page
    assert page.index("<caption>Every VPC") < page.index('id="p-plan1"') < page.index('id="p-plan2"')


def test_report_bad_output_fails_first_and_writes_nothing(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    out = cli("report", str(PROFILES / "ecr-pulls.yaml"), "-o", str(tmp_path / "missing" / "r.html"))
    assert out.code in (1, 2) and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert not (tmp_path / "missing").exists()


def test_report_help_names_its_function(cli: Callable[..., CliResult]) -> None:
    out = cli("report", "--help")
    assert out.code == 0 and "pl_cost.report" in out.stdout and "-o report.html" in out.stdout


def test_without_the_extra_html_is_a_one_line_error(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)
    for argv in (["compare", "--gb", "1", "-f", "html"], ["report", str(PROFILES / "ecr-pulls.yaml")]):
        out = cli(*argv)
        assert out.code == 1 and out.stdout == ""
        assert out.stderr.strip() == "pl-cost: error: HTML pages need the report extra: pip install 'pl-cost[report]'"
    with pytest.raises(DomainError, match=re.escape("pip install 'pl-cost[report]'")):
        pl_cost.report([PROFILES / "ecr-pulls.yaml"])


def test_templates_are_found_through_importlib_resources() -> None:
    from importlib.resources import files

    folder = files("pl_cost.pages") / "templates"
    assert all((folder / name).is_file() for name in ("page.html.j2", "blocks.html.j2", "page.css"))


@pytest.mark.slow
def test_the_wheel_carries_the_templates(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("pl_cost-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("page.html.j2", "blocks.html.j2", "page.css"):
        assert f"pl_cost/pages/templates/{name}" in names


def test_an_organisation_profile_gives_the_organisation_page(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    import yaml

    org = tmp_path / "org.yaml"
    org.write_text(yaml.safe_dump({
        "name": "acme<i>",
        "vpcs": [
            {"name": "app-1", "attached": True, "profile": str(PROFILES / "ecr-pulls.yaml")},
            {"name": "batch", "attached": False,
             "profile": {"region": "us-east-1", "azs": 2, "internet_gb_per_month": 50, "services": {"logs": 200}}},
        ],
    }))  # fmt: skip
    target = tmp_path / "org.html"
    out = cli("report", str(org), "-o", str(target))
    assert out.code == 0, out.stderr
    page = target.read_text()
    assert "Organisation plan: acme&lt;i&gt;" in page and "VPC 1: app-1" in page and "VPC 2: batch" in page
    mixed = cli("report", str(org), str(PROFILES / "ecr-pulls.yaml"))
    assert mixed.code == 2 and "give it alone" in mixed.stderr and mixed.stdout == ""


def test_one_profile_gives_the_plan_page(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    out = cli("report", str(PROFILES / "ecr-pulls.yaml"), "-o", str(target))
    assert out.code == 0, out.stderr
    page = target.read_text()
    assert page == pl_cost.html_page(recommend(PROFILES / "ecr-pulls.yaml"))
    assert "Every VPC" not in page and "pl-cost/plan v" in page


def test_the_done_when_commands_write_their_pages(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    cost, plan = tmp_path / "cost.html", tmp_path / "plan.html"
    first = cli("compare", "--gb", "200", "--azs", "2", "--format", "html", "-o", str(cost))
    second = cli("recommend", str(PROFILES / "ecr-pulls.yaml"), "--format", "html", "-o", str(plan))
    assert (first.code, first.stdout, second.code, second.stdout) == (0, "", 0, ""), first.stderr + second.stderr
    assert cost.read_text().startswith("<!DOCTYPE html>") and "NAT gateway or VPC endpoints" in cost.read_text()
    assert plan.read_text() == pl_cost.html_page(recommend(PROFILES / "ecr-pulls.yaml"))
