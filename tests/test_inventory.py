"""The inventory: what `aws ec2 describe-*` print, read into NAT gateways, interfaces, VPCs and subnets."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pl_cost.errors import PlCostError, UsageError
from pl_cost.inventory import load_inventory, region_of_az

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "evidence" / "inventory"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def test_aws_cli_example_of_describe_nat_gateways() -> None:
    inventory = load_inventory([fixture("aws-cli-describe-nat-gateways.json")])
    source = json.loads((FIXTURES / "aws-cli-describe-nat-gateways.json").read_text())["NatGateways"]
    assert [n.id for n in inventory.nat_gateways] == sorted(n["NatGatewayId"] for n in source)
    for raw in source:
        nat = inventory.nat_gateway(raw["NatGatewayId"])
        assert nat is not None
        assert nat.vpc_id == raw["VpcId"] and nat.subnet_id == raw["SubnetId"]
        assert nat.eni_ids == tuple(a["NetworkInterfaceId"] for a in raw["NatGatewayAddresses"])
        assert nat.private_ips == tuple(a["PrivateIp"] for a in raw["NatGatewayAddresses"])
        assert nat.public_ips == tuple(a["PublicIp"] for a in raw["NatGatewayAddresses"])
        # Fields the example predates take the API's defaults.
        assert (nat.availability_mode, nat.connectivity_type) == ("zonal", "public")
        assert nat.active == (raw["State"] not in ("deleting", "deleted", "failed"))
    assert inventory.nat_eni_ids() == tuple(
        sorted(a["NetworkInterfaceId"] for n in source for a in n["NatGatewayAddresses"])
    )


def test_aws_cli_example_of_describe_network_interfaces() -> None:
    inventory = load_inventory([fixture("aws-cli-describe-network-interfaces.json")])
    assert [i.id for i in inventory.interfaces] == ["eni-e5aa89a3", "eni-f9ba99bf"]
    first = inventory.interface("eni-e5aa89a3")
    assert first is not None
    assert first.instance_id == "i-1234567890abcdef0" and first.private_ips == ("10.0.1.17",)
    assert first.public_ips == ("203.0.113.12",) and first.account == "123456789012"
    assert first.region == "us-east-1" and not first.is_nat and first.interface_type == "interface"
    assert inventory.nat_eni_ids() == ()


def test_nat_joined_with_its_interface_and_vpc() -> None:
    inventory = load_inventory(
        [
            fixture("doc-vpc-describe-nat-gateways.json"),
            fixture("doc-vpc-describe-network-interfaces.json"),
            fixture("doc-vpc-describe-vpcs.json"),
        ]
    )
    [nat] = inventory.nat_gateways
    assert nat.eni_ids == ("eni-1235b8ca123456789",)
    assert (nat.availability_zone, nat.availability_zone_id) == ("us-east-1a", "use1-az1")
    assert (nat.account, nat.region) == ("123456789010", "us-east-1")
    assert nat.availability_zones == ("us-east-1a",)
    assert inventory.nat_for_eni("eni-1235b8ca123456789") == nat
    assert inventory.nat_for_eni("eni-11111111111111111") is None
    tgw = inventory.interface("eni-11111111111111111")
    assert tgw is not None and tgw.interface_type == "transit_gateway" and tgw.requester_managed and not tgw.is_nat
    # A disassociated CIDR block is not the VPC's any more.
    assert inventory.vpc_cidrs(["vpc-abcdefab012345678"]) == ("10.0.0.0/16", "10.40.0.0/16")
    assert inventory.accounts() == ("123456789010",) and inventory.regions() == ("us-east-1",)


def test_regional_nat_gateway_from_a_query_list() -> None:
    """`--query NatGateways` prints a bare list; a regional NAT lists an address per AZ it is active in."""
    inventory = load_inventory([fixture("regional-nat-describe-nat-gateways.json")])
    [nat] = inventory.nat_gateways
    assert nat.availability_mode == "regional" and nat.subnet_id is None
    assert nat.availability_zones == ("eu-west-1a", "eu-west-1b")
    assert nat.eni_ids == ("eni-0aaaaaaaaaaaaaaa1", "eni-0aaaaaaaaaaaaaaa2")
    assert nat.private_ips == ("10.1.0.10", "10.1.16.10", "10.1.16.11")
    assert nat.region == "eu-west-1"


def test_private_nat_from_create_nat_gateway() -> None:
    inventory = load_inventory([fixture("aws-cli-create-nat-gateway-private.json")])
    [nat] = inventory.nat_gateways
    assert nat.connectivity_type == "private" and nat.eni_ids == () and nat.public_ips == ()


def test_nat_interface_named_only_by_describe_network_interfaces(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "doc-vpc-describe-network-interfaces.json").read_text())
    path = tmp_path / "enis.json"
    path.write_text(json.dumps(data))
    inventory = load_inventory([str(path)])
    assert inventory.nat_gateways == ()
    assert inventory.nat_eni_ids() == ("eni-1235b8ca123456789",)
    assert inventory.nat_private_ips() == ("10.0.0.220",)


def test_api_spelling_of_the_interface_type(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(
        json.dumps({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0abc12345", "InterfaceType": "natGateway"}]})
    )
    [eni] = load_inventory([str(path)]).interfaces
    assert eni.interface_type == "nat_gateway" and eni.is_nat


def test_several_responses_in_one_file_and_many_accounts(tmp_path: Path) -> None:
    one = (FIXTURES / "doc-vpc-describe-network-interfaces.json").read_text()
    two = (FIXTURES / "aws-cli-describe-network-interfaces.json").read_text()
    path = tmp_path / "both.json"
    path.write_text(one + "\n" + two)
    inventory = load_inventory([str(path)])
    ids = {i["NetworkInterfaceId"] for text in (one, two) for i in json.loads(text)["NetworkInterfaces"]}
    assert len(inventory.interfaces) == len(ids)
    assert inventory.accounts() == ("123456789010", "123456789012")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "no NatGateways"),
        ("{}", "no NatGateways"),
        ('{"Reservations": []}', "no NatGateways"),
        ("{not json", "not JSON (line 1"),
        ('{"NatGateways": {"a": 1}}', "NatGateways is not a list"),
        ('{"NatGateways": [1]}', "an entry of NatGateways is not an object"),
        ('{"NatGateways": [{"VpcId": "vpc-1"}]}', "has no NatGatewayId"),
        ('{"NatGateways": [{"NatGatewayId": "nat-1", "AvailabilityMode": "global"}]}', "zonal|regional"),
        ("[" * 100_000, "not usable JSON"),
        ('{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": 1' + "0" * 5000 + "}]}", "not usable JSON"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(UsageError) as caught:
        load_inventory([str(path)])
    message = str(caught.value)
    assert needle in message and "\n" not in message and str(path) in message


def test_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no \.json files in this folder"):
        load_inventory([str(tmp_path)])
    with pytest.raises(UsageError, match="cannot read"):
        load_inventory([str(tmp_path / "missing.json")])
    with pytest.raises(UsageError, match="at least one"):
        load_inventory([])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(PlCostError, match="not a regular file"):
        load_inventory([str(fifo)])


@pytest.mark.parametrize(
    ("az", "region"),
    [
        ("us-east-1a", "us-east-1"),
        ("us-east-1-bos-1a", "us-east-1"),
        ("us-gov-west-1b", "us-gov-west-1"),
        ("", None),
        ("use1-az1", None),
    ],
)
def test_region_of_an_az(az: str, region: str | None) -> None:
    assert region_of_az(az) == region


def test_a_folder_stands_for_its_json_files(tmp_path: Path) -> None:
    """Regular .json files under a folder, recursively, each once; what else it holds is listed as skipped."""
    names = (
        "doc-vpc-describe-nat-gateways.json",
        "doc-vpc-describe-network-interfaces.json",
        "doc-vpc-describe-vpcs.json",
    )
    folder = tmp_path / "inventory"
    (folder / "account-b").mkdir(parents=True)
    for name in names[:2]:
        (folder / name).write_text((FIXTURES / name).read_text())
    (folder / "account-b" / names[2]).write_text((FIXTURES / names[2]).read_text())
    (folder / "README.md").write_text("# aws ec2 describe-* output\n")
    (folder / "reservations.json").write_text('{"Reservations": []}')
    (folder / "zz-again.json").symlink_to(folder / names[0])
    (folder / ".hidden.json").write_text("not even JSON")
    fifo = folder / "pipe.json"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
    expected = load_inventory([fixture(n) for n in names])
    found = load_inventory([str(folder)])
    assert found.nat_gateways == tuple(
        n.model_copy(update={"source": str(folder / names[0])}) for n in expected.nat_gateways
    )
    assert [i.id for i in found.interfaces] == [i.id for i in expected.interfaces]
    assert found.vpcs[0].cidrs == expected.vpcs[0].cidrs
    assert sorted(found.files) == sorted(
        [str(folder / names[0]), str(folder / names[1]), str(folder / "account-b" / names[2])]
    )
    skipped = " | ".join(found.skipped)
    assert f"{folder / 'README.md'} (not a .json file)" in found.skipped
    assert f"{folder / 'reservations.json'} (no NatGateways" in skipped
    assert f"{folder / 'zz-again.json'} (the same file as {folder / names[0]}: read once)" in found.skipped
    assert ".hidden.json" not in skipped
    if hasattr(os, "mkfifo"):
        assert f"{fifo} (not a regular file)" in found.skipped


def test_lookups_do_not_scan_every_nat_gateway(monkeypatch: pytest.MonkeyPatch) -> None:
    """An organisation's inventory: looking up each NAT interface reads each NAT's interfaces once, not N times."""
    from pl_cost.inventory import Inventory, NatAddress, NatGateway

    count = 300
    nats = tuple(
        NatGateway(
            id=f"nat-{k:017x}", vpc_id=f"vpc-{k:017x}", addresses=(NatAddress(network_interface_id=f"eni-{k:017x}"),)
        )
        for k in range(count)
    )
    inventory = Inventory(nat_gateways=nats)
    reads = []
    real = NatGateway.eni_ids

    def counted(self: NatGateway) -> tuple[str, ...]:
        reads.append(self.id)
        return real.fget(self)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(NatGateway, "eni_ids", property(counted))
    for k in range(count):
        eni = f"eni-{k:017x}"
        found = inventory.nat_for_eni(eni)
        assert found is not None and found.id == f"nat-{k:017x}"
        assert inventory.vpc_of_eni(eni) == f"vpc-{k:017x}"
        assert inventory.nat_gateway(f"nat-{k:017x}") is found
    assert len(reads) <= 2 * count  # built once: every NAT's interfaces read a bounded number of times
    assert inventory.nat_eni_ids(f"vpc-{7:017x}") == (f"eni-{7:017x}",)
