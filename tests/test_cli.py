"""The CLI contract: figures in every format, exit codes, stdout for data and stderr for one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from pl_cost.catalog import Catalog
from pl_cost.money import format_money, format_quantity
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def unit(catalog: Catalog, rate: str) -> Decimal:
    return catalog.rate("us-east-1", rate).tier_list()[0].price


def expected_figures(catalog: Catalog, hours: Decimal, endpoints: int) -> dict[str, Decimal]:
    """The issue's check figures, computed from the catalog's unit prices."""
    per_gb = unit(catalog, "nat_gateway_gb") - unit(catalog, "interface_endpoint_gb")
    endpoint_hours = endpoints * 2 * hours * unit(catalog, "interface_endpoint_hour")
    return {
        "nat_hours": 2 * hours * unit(catalog, "nat_gateway_hour"),
        "nat_data": 200 * unit(catalog, "nat_gateway_gb"),
        "nat_ips": 2 * hours * unit(catalog, "public_ipv4_hour"),
        "endpoint_hours": endpoint_hours,
        "endpoint_data": 200 * unit(catalog, "interface_endpoint_gb"),
        "break_even": endpoint_hours / per_gb,
    }


CASES = [
    ([], Decimal(730), 1),
    (["--hours", "720"], Decimal(720), 1),
    (["--service", "ecr", "--kind", "push"], Decimal(730), 2),  # pushes go through ecr.dkr, not S3
]


@pytest.mark.parametrize(("extra", "hours", "endpoints"), CASES)
def test_issue_figures_in_table_and_markdown(
    cli: Cli, catalog: Catalog, extra: list[str], hours: Decimal, endpoints: int
) -> None:
    want = expected_figures(catalog, hours, endpoints)
    for fmt in ("table", "markdown"):
        out = cli("compare", "--gb", "200", "--azs", "2", *extra, "--format", fmt)
        assert out.code == 0, out.stderr
        for key in ("nat_hours", "nat_data", "nat_ips", "endpoint_data"):
            assert format_money(want[key]) in out.stdout, (fmt, key)
        hour_lines = [line for line in out.stdout.splitlines() if "endpoint-AZ-hour" in line]
        assert len(hour_lines) == endpoints
        assert f"above {format_quantity(want['break_even'])} GB" in out.stdout


@pytest.mark.parametrize(("extra", "hours", "endpoints"), CASES)
def test_issue_figures_in_json(cli: Cli, catalog: Catalog, extra: list[str], hours: Decimal, endpoints: int) -> None:
    want = expected_figures(catalog, hours, endpoints)
    out = cli("compare", "--gb", "200", "--azs", "2", *extra, "--format", "json")
    data = json.loads(out.stdout)
    assert data["schema_name"] == "pl-cost/compare" and data["schema_version"] == 1
    nat = {i["name"]: Decimal(i["monthly"]) for i in data["nat_path"]["line_items"]}
    assert nat["NAT gateway hours"] == want["nat_hours"]
    assert nat["NAT data processed"] == want["nat_data"]
    assert nat["NAT public IPv4 address"] == want["nat_ips"]
    ep_hours = sum(Decimal(i["monthly"]) for i in data["endpoint_path"]["line_items"] if i["kind"] == "fixed")
    assert ep_hours == want["endpoint_hours"]
    assert Decimal(data["situations"]["nat_stays"]["break_even_gb"]) == want["break_even"]
    assert data["situations"]["nat_goes"]["break_even_outcome"] == "always"
    assert data["inputs"]["hours_per_month"] == str(hours)
    assert data["prices"]["snapshot_date"] == catalog.snapshot_date.isoformat()


@pytest.mark.parametrize(("extra", "hours", "endpoints"), CASES)
def test_issue_figures_in_csv(cli: Cli, catalog: Catalog, extra: list[str], hours: Decimal, endpoints: int) -> None:
    want = expected_figures(catalog, hours, endpoints)
    out = cli("compare", "--gb", "200", "--azs", "2", *extra, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    by_item = {(r["section"], r["item"]): r for r in rows}
    assert Decimal(by_item[("NAT path", "NAT gateway hours")]["monthly"]) == want["nat_hours"]
    assert Decimal(by_item[("NAT path", "NAT data processed")]["monthly"]) == want["nat_data"]
    fixed = Decimal(by_item[("Endpoint path", "Subtotal, fixed")]["monthly"])
    assert fixed == want["endpoint_hours"]
    assert Decimal(by_item[("situation", "NAT stays")]["break_even_gb"]) == want["break_even"]


def test_table_fits_80_columns_and_ends_with_verdicts(cli: Cli) -> None:
    for args in (["--gb", "200", "--azs", "2"], ["--gb", "123456789", "--azs", "6", "--service", "ssm",
                 "--nat", "single"], ["--gb", "0", "--azs", "3", "--nat", "regional"]):  # fmt: skip
        out = cli("compare", *args)
        lines = out.stdout.rstrip("\n").splitlines()
        assert max(len(line) for line in lines) <= 80, max(lines, key=len)
        verdicts = [line for line in lines if line.startswith("Verdict")]
        assert [v.split(":")[0] for v in verdicts] == ["Verdict, NAT stays", "Verdict, NAT goes"]


def test_breakeven_several_azs(cli: Cli, catalog: Catalog) -> None:
    out = cli("breakeven", "--azs", "1,2,3", "--format", "json")
    data = json.loads(out.stdout)
    per_gb = unit(catalog, "nat_gateway_gb") - unit(catalog, "interface_endpoint_gb")
    for row in data["rows"]:
        expected = row["azs"] * 730 * unit(catalog, "interface_endpoint_hour") / per_gb
        assert Decimal(row["nat_stays"]["break_even_gb"]) == expected


BAD = [
    (["compare", "--gb", "-5"], 2, "gb: must be 0 or more"),
    (["compare", "--gb", "nan"], 2, "gb: expected a finite number"),
    (["compare", "--gb", "inf"], 2, "gb: expected a finite number"),
    (["compare", "--gb", "ten"], 2, "gb: expected a number"),
    (["compare", "--gb", "1", "--azs", "0"], 2, "azs: must be from 1 to 6"),
    (["compare", "--gb", "1", "--azs", "7"], 2, "azs: must be from 1 to 6"),
    (["compare", "--gb", "1", "--azs", "two"], 2, "azs: expected a whole number"),
    (["compare", "--gb", "1", "--hours", "0"], 2, "hours: must be above 0"),
    (["compare", "--gb", "1", "--hours", "800"], 2, "hours: must be above 0 and at most 744"),
    (["compare", "--gb", "1", "--region", "eu-wst-1"], 1, "did you mean eu-west-1"),
    (["compare", "--gb", "1", "--service", "nope"], 2, "valid: "),
    (["compare", "--gb", "1", "--format", "xml"], 2, "allowed: table, json, csv, markdown"),
    (["compare", "--gb", "1", "--catalog", "/nonexistent/catalog.json"], 2, "no such file"),
    (["compare", "--gb", "1", "--price", "nat_gateway_hr=0.05"], 2, "did you mean nat_gateway_hour"),
    (["compare", "--gb", "1", "--price", "nat_gateway_hour=abc"], 2, "--price nat_gateway_hour: expected a number"),
    (["compare", "--gb", "1", "--price", "nat_gateway_hour"], 2, "expected RATE=VALUE"),
    (["compare", "--gb", "1", "--discount", "100"], 2, "--discount: must be at least 0 and below 100"),
    (["compare", "--gb", "1", "--nat", "two"], 2, "allowed: per-az, single, regional"),
    (["compare", "--gb", "1", "--endpoints", "1", "--service", "ssm"], 2, "not both"),
    (["compare"], 2, "--gb"),
    (["compare", "--gb", "1", "--bogus"], 2, "No such option"),
    (["frobnicate"], 2, "No such command"),
]


@pytest.mark.parametrize(("argv", "code", "text"), BAD)
def test_bad_input_is_one_line_on_stderr(cli: Cli, argv: list[str], code: int, text: str) -> None:
    out = cli(*argv)
    assert out.code == code, out
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("pl-cost: error: ")
    assert text in out.stderr
    assert "Traceback" not in out.stderr


def test_corrupt_catalog_is_a_domain_error(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "catalog.json"
    for content, text in (("{not json", "not valid JSON"), ('[]', "not a pl-cost catalog"),
                          ('{"schema_version": 1, "snapshot_date": "2026-01-01", "regions": {"us-east-1": '
                           '{"name": "x", "rates": {"nat_gateway_hour": {"unit": "GB"}}}}}', "malformed")):  # fmt: skip
        broken.write_text(content)
        out = cli("compare", "--gb", "1", "--catalog", str(broken))
        assert (out.code, out.stdout) == (1, "")
        assert text in out.stderr and out.stderr.count("\n") == 1


def test_missing_rate_names_rate_region_and_remedy(cli: Cli, catalog: Catalog, tmp_path: Path) -> None:
    data = catalog.model_dump(mode="json")
    del data["regions"]["us-east-1"]["rates"]["interface_endpoint_hour"]
    lacking = tmp_path / "lacking.json"
    lacking.write_text(json.dumps(data))
    out = cli("compare", "--gb", "1", "--catalog", str(lacking))
    assert (out.code, out.stdout) == (1, "")
    assert "interface_endpoint_hour in us-east-1" in out.stderr
    assert "pl-cost pricing refresh" in out.stderr and "--price" in out.stderr


def test_price_override_is_shown_in_the_header(cli: Cli) -> None:
    out = cli("compare", "--gb", "200", "--azs", "2", "--price", "nat_gateway_gb=0.05", "--discount", "5")
    assert out.code == 0
    assert "overrides: --price nat_gateway_gb=0.05, --discount 5%" in " ".join(out.stdout.split())


def test_version_and_help_name_the_library(cli: Cli) -> None:
    import pl_cost

    assert cli("--version").stdout == f"pl-cost {pl_cost.__version__}\n"
    assert "pl_cost.compare" in cli("compare", "--help").stdout
    assert "pl_cost.break_even" in cli("breakeven", "--help").stdout
    assert "pl_cost.prices" in cli("prices", "--help").stdout


def test_prices_show_every_source(cli: Cli, catalog: Catalog) -> None:
    out = cli("prices", "--region", "us-east-1", "--format", "json")
    data = json.loads(out.stdout)
    for name, rate in catalog.regions["us-east-1"].rates.items():
        assert data["rates"][name]["source"] == rate.source
    table = cli("prices", "--region", "us-east-1").stdout
    for name in catalog.regions["us-east-1"].rates:
        assert f"{name} (" in table


def test_regions_lists_every_region(cli: Cli, catalog: Catalog) -> None:
    data = json.loads(cli("regions", "--format", "json").stdout)
    assert [r["region"] for r in data["regions"]] == sorted(catalog.regions)


def test_stale_catalog_warns_on_stderr_unless_silenced(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pl_cost.catalog import shipped_catalog_path

    data = json.loads(shipped_catalog_path().read_text())
    data["snapshot_date"] = "2020-01-01"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    monkeypatch.delenv("PL_COST_NO_STALE_WARNING", raising=False)
    out = cli("compare", "--gb", "1", "--catalog", str(old))
    assert out.code == 0 and "days old" in out.stderr and out.stderr.count("\n") == 1
    monkeypatch.setenv("PL_COST_NO_STALE_WARNING", "1")
    assert cli("compare", "--gb", "1", "--catalog", str(old)).stderr == ""


@pytest.mark.parametrize("entry", [["-m", "pl_cost"], ["-c", "from pl_cost.cli import main; main()"]])
def test_real_process_no_traceback(entry: list[str]) -> None:
    proc = subprocess.run([sys.executable, *entry, "compare", "--gb", "x"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "pl-cost: error: gb: expected a number, got 'x'\n"


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_writes_the_chart(cli: Cli, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"cost{suffix}"
    out = cli("compare", "--gb", "200", "--azs", "2", "--plot", str(target))
    assert out.code == 0 and "Verdict" in out.stdout
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]
    chart = tmp_path / f"be{suffix}"
    assert cli("breakeven", "--azs", "1,2,3", "--plot", str(chart)).code == 0 and chart.stat().st_size > 0


def test_plot_errors(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = cli("compare", "--gb", "1", "--plot", str(tmp_path / "cost.jpg"))
    assert (bad.code, bad.stdout) == (2, "") and "must end in .png or .svg" in bad.stderr
    nowhere = cli("compare", "--gb", "1", "--plot", str(tmp_path / "missing" / "cost.png"))
    assert nowhere.code == 2 and "no such directory" in nowhere.stderr
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    missing = cli("compare", "--gb", "1", "--plot", str(tmp_path / "cost.png"))
    assert (missing.code, missing.stdout) == (1, "")
    assert "matplotlib is not installed: pip install 'pl-cost[notebook]'" in missing.stderr


def test_cost_curves_are_exact_at_their_points(catalog: Catalog) -> None:
    import pl_cost

    curves = pl_cost.cost_curves(None, 2, "us-east-1")
    for point in curves.points:
        result = pl_cost.compare(point.gb, 2, "us-east-1")
        assert point.nat_path_monthly == result.situations["nat_stays"].nat_path_monthly
        assert point.endpoints_nat_stays_monthly == result.situations["nat_stays"].endpoint_path_monthly
        assert point.endpoints_nat_goes_monthly == result.situations["nat_goes"].endpoint_path_monthly
    assert curves.break_evens["nat_stays"].break_even_gb in [p.gb for p in curves.points]


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["compare", "--gb", "1", "--endpoints", "-1"], "is not an endpoint name like ecr.api"),
        (["compare", "--gb", "1", "--endpoints", "2.5"], "nor a count from 1 to 50"),
        (["compare", "--gb", "1e26"], "gb: must be at most 1,000,000,000,000"),
        (["breakeven", "--azs", "2,2"], "azs: give each AZ count once"),
    ],
)
def test_more_bad_input(cli: Cli, argv: list[str], text: str) -> None:
    out = cli(*argv)
    assert (out.code, out.stdout) == (2, "")
    assert text in out.stderr and out.stderr.count("\n") == 1


def test_plot_to_an_unwritable_place_is_one_line(cli: Cli, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        out = cli("compare", "--gb", "1", "--plot", str(locked / "cost.png"))
    finally:
        locked.chmod(0o700)
    if os.geteuid() == 0:
        # root may write anywhere; a path under a file fails on write instead.
        out = cli("compare", "--gb", "1", "--plot", "/proc/version/cost.png")
    assert out.code in (1, 2) and out.stdout == "" and out.stderr.count("\n") == 1
    assert "--plot" in out.stderr and "internal error" not in out.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "--gb", "200", "--azs", "2", "--service", "ecr"],
        ["breakeven", "--azs", "1,2,3", "--service", "ssm", "--nat", "regional"],
        ["breakeven", "--endpoints", "codeartifact.api,codeartifact.repositories"],
    ],
)
def test_every_table_line_fits_80_columns(cli: Cli, argv: list[str]) -> None:
    out = cli(*argv)
    assert out.code == 0
    assert max(len(line) for line in out.stdout.splitlines()) <= 80


def test_tiered_price_override(cli: Cli, catalog: Catalog) -> None:
    out = cli("compare", "--gb", "2000000", "--azs", "1", "--price", "interface_endpoint_gb=0.02@1000000,0.001",
              "--format", "json")  # fmt: skip
    data = json.loads(out.stdout)
    tiers = [i for i in data["endpoint_path"]["line_items"] if i["rate"] == "interface_endpoint_gb"]
    assert [(i["tier"], Decimal(i["quantity"]), Decimal(i["unit_price"])) for i in tiers] == [
        (1, Decimal(1000000), Decimal("0.02")),
        (2, Decimal(1000000), Decimal("0.001")),
    ]
    assert data["prices"]["overrides"] == ["--price interface_endpoint_gb=0.02@1000000,0.001"]
    flat = cli("compare", "--gb", "1", "--price", "interface_endpoint_gb=0.01")
    assert "(flat: replaces its tiers)" in flat.stdout
    assert max(len(line) for line in flat.stdout.splitlines()) <= 80


@pytest.mark.parametrize("value", ["0.02@100,0.01@50,0.001", "0.02@100", "0.02,0.01@5", "x@5,0.1", "0.1@-5,0.2"])
def test_bad_tier_overrides(cli: Cli, value: str) -> None:
    out = cli("compare", "--gb", "1", "--price", f"interface_endpoint_gb={value}")
    assert (out.code, out.stdout) == (2, "") and out.stderr.count("\n") == 1
    assert "--price interface_endpoint_gb" in out.stderr
