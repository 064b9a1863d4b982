"""The emitted code passes real tools: cfn-lint, an HCL2 parser, `bash -n` (and shellcheck if installed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import hcl2
import pytest

from pl_cost.catalog import Catalog
from pl_cost.iac import emit
from pl_cost.recommend import Plan, recommend

PROFILES = Path(__file__).parent / "profiles"
CASES = ["s3-dynamodb.yaml", "no-internet.yaml", "ssm-required.yaml", "example.json", "ecr-pulls.yaml"]
NO_ENDPOINTS = {"region": "us-east-1", "azs": 2, "internet_gb_per_month": 10, "services": {"logs": 1}}


def plans(catalog: Catalog) -> list[Plan]:
    return [recommend(PROFILES / name, catalog) for name in CASES] + [recommend(NO_ENDPOINTS, catalog)]


@pytest.fixture(scope="module")
def all_plans() -> list[Plan]:
    from pl_cost.catalog import load_catalog

    return plans(load_catalog())


def _resources(parsed: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for block in parsed.get("resource", []):
        for kind, named in block.items():
            for name, body in named.items():
                found[f"{kind.strip(chr(34))}.{name.strip(chr(34))}"] = body
    return found


def test_terraform_parses_and_has_every_endpoint(all_plans: list[Plan]) -> None:
    for plan in all_plans:
        parsed = hcl2.loads(emit(plan, "terraform"))
        resources = _resources(parsed)
        endpoints = {k: v for k, v in resources.items() if k.startswith("aws_vpc_endpoint.")}
        assert len(endpoints) == len(plan.endpoints)
        variables = {name.strip('"') for block in parsed["variable"] for name in block}
        # Each input is asked for only when an endpoint uses it: no unused variable a user must still fill.
        has_interface = any(e.type == "interface" for e in plan.endpoints)
        has_gateway = any(e.type == "gateway" for e in plan.endpoints)
        expected = {"vpc_id"}
        expected |= {"subnet_ids", "workload_security_group_ids"} if has_interface else set()
        expected |= {"route_table_ids"} if has_gateway else set()
        assert variables == expected
        if any(e.type == "interface" for e in plan.endpoints):
            group = resources["aws_security_group.vpc_endpoints"]
            assert group["ingress"][0]["from_port"] == 443
            assert all(
                v["private_dns_enabled"] is True for v in endpoints.values() if "Interface" in v["vpc_endpoint_type"]
            )


def test_cloudformation_passes_cfn_lint(all_plans: list[Plan], tmp_path: Path) -> None:
    lint = Path(sys.executable).parent / "cfn-lint"
    files = []
    for index, plan in enumerate(all_plans):
        target = tmp_path / f"plan{index}.yaml"
        target.write_text(emit(plan, "cloudformation"), encoding="utf-8")
        files.append(str(target))
    proc = subprocess.run([str(lint), *files], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cloudformation_has_endpoints_and_parameters(all_plans: list[Plan]) -> None:
    import yaml

    for plan in all_plans:
        template = yaml.safe_load(emit(plan, "cloudformation"))
        endpoints = [
            r
            for r in template["Resources"].values()
            if isinstance(r, dict) and r.get("Type") == "AWS::EC2::VPCEndpoint"
        ]
        assert len(endpoints) == len(plan.endpoints)
        assert "VpcId" in template["Parameters"]


def test_aws_cli_script_parses(all_plans: list[Plan], tmp_path: Path) -> None:
    shellcheck = shutil.which("shellcheck")
    for index, plan in enumerate(all_plans):
        script = emit(plan, "aws-cli")
        target = tmp_path / f"plan{index}.sh"
        target.write_text(script, encoding="utf-8")
        proc = subprocess.run(["bash", "-n", str(target)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert script.count("create-vpc-endpoint") == len(plan.endpoints)
        if any(e.type == "interface" for e in plan.endpoints):
            assert "--private-dns-enabled" in script
            assert "--enable-dns-support" in script and "--enable-dns-hostnames" in script
        if shellcheck:
            check = subprocess.run([shellcheck, str(target)], capture_output=True, text=True)
            assert check.returncode == 0, check.stdout
