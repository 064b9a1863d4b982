"""Pieces of the evidence scan: DNS names to services, ip-ranges containment, exact decimals, the progress bar."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
import yaml

from pl_cost.evidence.hostnames import classify_name
from pl_cost.evidence.ipranges import ipv4_int, load_ip_ranges, parse_ip_ranges
from pl_cost.evidence.progress import Progress
from pl_cost.evidence.write import to_json, to_yaml


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("api.ecr.us-east-1.amazonaws.com.", "service:ecr"),
        ("123456789012.dkr.ecr.us-east-1.amazonaws.com", "service:ecr"),
        ("logs.us-east-1.amazonaws.com", "service:logs"),
        ("sts.us-east-1.amazonaws.com", "service:sts"),
        ("sts.amazonaws.com.", "aws-global"),
        ("logs.eu-west-1.amazonaws.com", "aws-other-region"),
        ("bucket.s3.us-east-1.amazonaws.com", "service:s3"),
        ("s3.dualstack.us-east-1.amazonaws.com", "service:s3"),
        ("bucket.s3-us-west-2.amazonaws.com", "aws-other-region"),
        ("ssmmessages.us-east-1.amazonaws.com", "service:ssm"),
        ("kinesis.us-east-1.amazonaws.com", "service:kinesis-streams"),
        ("kms-fips.us-east-1.amazonaws.com", "service:kms"),
        ("abc.execute-api.us-east-1.amazonaws.com", "service:execute-api"),
        ("x.gr7.us-east-1.eks.amazonaws.com", "service:eks"),
        ("eks-auth.us-east-1.api.aws", "service:eks-auth"),
        ("somethingnew.us-east-1.amazonaws.com", "aws-unattributed"),
        ("example.org.", None),
    ],
)
def test_names_to_services(name: str, label: str | None) -> None:
    assert classify_name(name, "us-east-1") == label


def test_service_names_exist_in_the_catalog() -> None:
    from pl_cost.evidence.hostnames import name_keys
    from pl_cost.services import service_table

    assert set(name_keys().values()) <= set(service_table())


def test_most_specific_non_amazon_subset_wins() -> None:
    ranges = parse_ip_ranges(
        json.dumps(
            {
                "createDate": "2030-01-01-00-00-00",
                "prefixes": [
                    {"ip_prefix": "10.0.0.0/8", "region": "us-east-1", "service": "AMAZON"},
                    {"ip_prefix": "10.1.0.0/16", "region": "us-east-1", "service": "AMAZON"},
                    {"ip_prefix": "10.1.2.0/24", "region": "us-east-1", "service": "AMAZON"},
                    {"ip_prefix": "10.1.0.0/16", "region": "eu-west-1", "service": "S3"},
                    {"ip_prefix": "10.1.0.0/16", "region": "eu-west-1", "service": "EC2"},
                    {"ip_prefix": "10.2.0.0/16", "region": "us-east-1", "service": "EC2"},
                ],
            }
        ),
        "test",
    )
    best = ranges.best(ipv4_int("10.1.2.3") or 0)
    assert best is not None and (best.service, best.region) == ("S3", "eu-west-1")  # beats the longer AMAZON /24
    only_amazon = ranges.best(ipv4_int("10.9.0.1") or 0)
    assert only_amazon is not None and only_amazon.prefix_len == 8
    assert ranges.best(ipv4_int("192.0.2.1") or 0) is None


def test_shipped_ip_ranges() -> None:
    ranges = load_ip_ranges()
    assert ranges.create_date == "2026-08-22-15-17-05" and len(ranges.ranges) == 10_668
    ddb = ranges.best(ipv4_int("52.94.0.10") or 0)
    assert ddb is not None and (ddb.service, ddb.region) == ("DYNAMODB", "us-east-1")


@pytest.mark.parametrize("text", ["2600:1f18::1", "-", "1.2.3", "1.2.3.256", "a.b.c.d"])
def test_not_ipv4(text: str) -> None:
    assert ipv4_int(text) is None


def test_decimals_stay_exact() -> None:
    data = {"a": Decimal("123456789012.123456"), "b": Decimal("730"), "c": [Decimal("0.000001")]}
    assert json.loads(to_json(data), parse_float=Decimal) == data
    assert '"a": 123456789012.123456' in to_json(data)
    loaded = yaml.safe_load(to_yaml(data))
    assert loaded["b"] == 730 and str(loaded["c"][0]) in ("1e-06", "0.000001")


def test_progress_only_on_a_terminal() -> None:
    silent = io.StringIO()
    Progress(100, "scan", stream=silent).update(50)
    assert silent.getvalue() == ""
    shown = io.StringIO()
    bar = Progress(100, "scan", stream=shown, enabled=True)
    bar.update(50)
    bar.close()
    assert "[###############...............]  50%" in shown.getvalue() and shown.getvalue().endswith("\r")
