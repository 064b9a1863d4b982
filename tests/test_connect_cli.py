"""`pl-cost connect` and `pl-cost hub`: figures in every format, files, charts, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import hcl2
import pytest

from pl_cost.catalog import Catalog
from pl_cost.money import format_money
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
R = "us-east-1"
H = Decimal(730)
CONNECT = ["connect", "--consumers", "10", "--gb", "1000", "--azs", "2"]
HUB = ["hub", "--vpcs", "12", "--endpoints", "ssm,ssmmessages,logs,sts,ecr.api,ecr.dkr", "--azs", "2", "--gb", "500"]


def price(catalog: Catalog, rate: str) -> Decimal:
    return catalog.rate(R, rate).tier_list()[0].price


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_connect_prints_line_items_who_pays_verdict_and_break_evens(cli: Cli, catalog: Catalog, fmt: str) -> None:
    out = cli(*CONNECT, "--format", fmt)
    assert out.code == 0, out.stderr
    assert format_money(H * price(catalog, "nlb_hour")) in out.stdout
    assert format_money(10 * H * price(catalog, "tgw_attachment_hour")) in out.stdout
    for text in ("Pays", "provider", "consumers", "Verdict: Cheapest:", "Cheaper than", "In consumers", "Assumptions"):
        assert text in out.stdout, text


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_hub_prints_both_layouts_situations_dns_and_services(cli: Cli, catalog: Catalog, fmt: str) -> None:
    out = cli(*HUB, "--format", fmt)
    assert out.code == 0, out.stderr
    assert format_money(12 * H * price(catalog, "tgw_attachment_hour")) in out.stdout
    for text in (
        "Endpoints in every VPC",
        "Endpoints in a hub VPC",
        "TGW exists",
        "TGW added",
        "Route 53 Profile",
        "Route 53 Resolver",
        "Verdict, TGW added",
        "Per service",
        "Hub pays (VPCs)",
    ):
        assert text in out.stdout, text


def test_json_is_versioned_with_exact_decimals(cli: Cli, catalog: Catalog) -> None:
    data = json.loads(cli(*CONNECT, "--format", "json").stdout)
    assert (data["schema_name"], data["schema_version"]) == ("pl-cost/connect", 1)
    option = next(o for o in data["options"] if o["option"] == "privatelink")
    nlb = next(i for i in option["cost"]["line_items"] if i["rate"] == "nlb_hour")
    assert Decimal(nlb["monthly"]) == H * price(catalog, "nlb_hour") and nlb["payer"] == "provider"
    hub = json.loads(cli(*HUB, "--format", "json").stdout)
    assert (hub["schema_name"], hub["schema_version"]) == ("pl-cost/hub", 1)
    assert hub["situations"]["tgw_added"]["vpcs"]["outcome"] in ("above", "never", "always", "below", "between")
    assert isinstance(hub["situations"]["tgw_added"]["savings_monthly"], str)


def test_csv_has_line_items_options_and_break_evens(cli: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(cli(*CONNECT, "--format", "csv").stdout)))
    sections = {r["section"] for r in rows}
    assert {"line item", "option", "break-even"} <= sections
    assert {r["payer"] for r in rows if r["section"] == "line item" and r["payer"]} == {"provider", "consumers"}
    rows = list(csv.DictReader(io.StringIO(cli(*HUB, "--format", "csv").stdout)))
    assert {"line item", "situation", "break-even", "dns", "service"} <= {r["section"] for r in rows}


def test_output_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "answer.json"
    out = cli(*HUB, "--format", "json", "-o", str(target))
    assert out.code == 0 and out.stdout == ""
    assert json.loads(target.read_text())["schema_name"] == "pl-cost/hub"
    out = cli(*CONNECT, "-o", str(tmp_path / "missing" / "x.txt"))
    assert out.code != 0 and out.stdout == "" and out.stderr.count("\n") == 1


def test_plots(cli: Cli, tmp_path: Path) -> None:
    for argv, name in ((CONNECT, "connect.png"), (HUB, "hub.svg")):
        out = cli(*argv, "--plot", str(tmp_path / name))
        assert out.code == 0, out.stderr
        assert (tmp_path / name).stat().st_size > 1000
    out = cli(*HUB, "--plot", str(tmp_path / "hub.gif"))
    assert out.code == 2 and "--plot: the file must end in .png or .svg" in out.stderr


def test_hub_emits_terraform(cli: Cli) -> None:
    out = cli(*HUB, "--emit", "terraform", "--dns", "profile")
    assert out.code == 0, out.stderr
    parsed = hcl2.loads(out.stdout)
    assert parsed["resource"]
    out = cli(*HUB, "--emit", "pulumi")
    assert out.code == 2 and out.stderr == "pl-cost: error: --emit: unknown output 'pulumi'; allowed: terraform\n"


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["connect", "--consumers", "0", "--gb", "1"], 2, "consumers: must be from 1 to 10,000 (consumer VPCs), got 0"),
        (["connect", "--consumers", "2", "--gb", "-5"], 2, "gb: must be 0 or more (GB per month), got -5"),
        (["connect", "--consumers", "2", "--gb", "1", "--region", "us-est-1"], 1, "region: unknown region 'us-est-1'"),
        (
            ["hub", "--vpcs", "0", "--endpoints", "ssm", "--gb", "1"],
            2,
            "vpcs: must be from 1 to 4,999 (spoke VPCs), got 0",
        ),
        (["hub", "--vpcs", "3", "--endpoints", "ssm", "--gb", "-1"], 2, "gb: must be 0 or more (GB per month), got -1"),
        (
            ["hub", "--vpcs", "3", "--endpoints", "ssm", "--gb", "1", "--dns", "bind"],
            2,
            "dns: unknown DNS option 'bind'; allowed: phz, profile, resolver",
        ),
        (["hub", "--vpcs", "3", "--endpoints", "ssm", "--gb", "logs=x"], 2, "gb.logs: expected a number"),
        (
            ["hub", "--vpcs", "3", "--endpoints", "ssm", "--gb", "1", "--format", "xml"],
            2,
            "--format: unknown format 'xml'",
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr(cli: Cli, argv: list[str], code: int, message: str) -> None:
    out = cli(*argv)
    assert out.code == code
    assert out.stdout == ""
    assert out.stderr.startswith("pl-cost: error: " + message) and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr


def test_a_region_without_a_needed_rate(cli: Cli, catalog: Catalog, tmp_path: Path) -> None:
    data = catalog.model_dump(mode="json")
    data["regions"] = {R: data["regions"][R]}
    data["regions"][R]["rates"].pop("tgw_attachment_hour")
    path = tmp_path / "thin.json"
    path.write_text(json.dumps(data))
    expected = (
        "pl-cost: error: no price for tgw_attachment_hour in us-east-1 in this catalog: run 'pl-cost pricing "
        "refresh' or pass --price tgw_attachment_hour=VALUE\n"
    )
    out = cli(*HUB, "--catalog", str(path))
    assert (out.code, out.stdout, out.stderr) == (1, "", expected)
    # connect prices the other options and says which one it could not price.
    out = cli(*CONNECT, "--catalog", str(path))
    assert out.code == 0 and "not priced (no price in this catalog): Transit Gateway" in " ".join(out.stdout.split())
    out = cli(*CONNECT, "--catalog", str(path), "--options", "transit_gateway")
    assert (out.code, out.stdout, out.stderr) == (1, "", expected)


def test_help_names_the_library_function_and_an_example(cli: Cli) -> None:
    for command, function in (("connect", "pl_cost.connect"), ("hub", "pl_cost.hub")):
        out = cli(command, "--help")
        assert out.code == 0
        assert function in out.stdout and "Example: pl-cost " + command in out.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["connect", "--consumers", "9" * 5000, "--gb", "1"],
        ["connect", "--consumers", "²", "--gb", "1"],
        ["connect", "--consumers", "3", "--gb", "0." + "0" * 4000 + "1"],
        ["hub", "--vpcs", "3", "--gb", "1", "--endpoints", "9" * 5000],
        ["hub", "--vpcs", "3", "--gb", "1", "--endpoints", "²"],
        ["hub", "--vpcs", "3", "--endpoints", "ssm,logs", "--gb", "0." + "0" * 4000 + "1"],
    ],
)
def test_hostile_numbers_answer_in_one_line(cli: Cli, argv: list[str]) -> None:
    out = cli(*argv)
    assert out.code in (0, 2), out.stderr
    assert "internal error" not in out.stderr and "Traceback" not in out.stderr
    if out.code:
        assert out.stderr.count("\n") == 1 and len(out.stderr) < 300 and out.stdout == ""


def test_hub_gb_per_endpoint_given_twice_is_a_usage_error(cli: Cli) -> None:
    out = cli("hub", "--vpcs", "3", "--endpoints", "ssm", "--gb", "ssm=1,ssm=2")
    assert out.code == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "given twice" in out.stderr
