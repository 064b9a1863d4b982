"""What AWS says a VPC holds: NAT gateways, network interfaces, VPCs and subnets, from the AWS CLI's own JSON.

Reads what `aws ec2 describe-nat-gateways`, `describe-network-interfaces`, `describe-vpcs` and
`describe-subnets` print (files or folders of them, one account or many; a whole response, its list
under `--query`, or several responses in one file), so flow-log evidence and bill rows can be tied to
the NAT gateway, interface, subnet, AZ and VPC they belong to. Shapes follow the EC2 API reference:
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html ,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGatewayAddress.html ,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInterface.html .
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from pl_cost.errors import UsageError
from pl_cost.inputs import regular_file

#: Inventory files above this size are refused: a describe-* dump of 100,000 interfaces is about 300 MB.
MAX_FILE_BYTES = 512 * 2**20
#: The response keys this module reads; anything else in a file is ignored.
RESPONSE_KEYS = ("NatGateways", "NetworkInterfaces", "Vpcs", "Subnets")
NAT_INTERFACE_TYPE = "nat_gateway"
_SINGLE_KEYS = {
    "NatGateway": "NatGateways",
    "NetworkInterface": "NetworkInterfaces",
    "Vpc": "Vpcs",
    "Subnet": "Subnets",
}

_FROZEN = ConfigDict(frozen=True)
_NAT_ID = re.compile(r"\bnat-[0-9a-f]{8,17}\b")
_AZ_REGION = re.compile(r"^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)")
_CAMEL = re.compile(r"(?<=[a-z])([A-Z])")


class NatAddress(BaseModel):
    """One address of a NAT gateway: its interface, private and public IP, and the AZ it serves (regional NATs)."""

    model_config = _FROZEN
    network_interface_id: str | None = None
    private_ip: str | None = None
    public_ip: str | None = None
    allocation_id: str | None = None
    is_primary: bool | None = None
    status: str | None = None
    availability_zone: str | None = None
    availability_zone_id: str | None = None


class NatGateway(BaseModel):
    """A NAT gateway as `describe-nat-gateways` shows it, with its AZ and account filled in from other files."""

    model_config = _FROZEN
    id: str
    vpc_id: str | None = None
    subnet_id: str | None = None
    state: str | None = None
    connectivity_type: Literal["public", "private"] = "public"
    availability_mode: Literal["zonal", "regional"] = "zonal"
    addresses: tuple[NatAddress, ...] = ()
    availability_zone: str | None = Field(None, description="Zonal NATs: the AZ of its subnet or interface.")
    availability_zone_id: str | None = None
    account: str | None = Field(None, description="From the owner of its interface, when that file is given.")
    region: str | None = Field(None, description="From an AZ name, when one is known.")
    source: str = Field("", description="The file it was read from.")

    @property
    def eni_ids(self) -> tuple[str, ...]:
        """Its network interfaces, in the order AWS lists them, each once."""
        return _unique(a.network_interface_id for a in self.addresses)

    @property
    def private_ips(self) -> tuple[str, ...]:
        """Its private addresses (primary and secondary)."""
        return _unique(a.private_ip for a in self.addresses)

    @property
    def public_ips(self) -> tuple[str, ...]:
        """Its Elastic IP addresses (public NATs only)."""
        return _unique(a.public_ip for a in self.addresses)

    @property
    def availability_zones(self) -> tuple[str, ...]:
        """AZs it serves: its own for a zonal NAT, those of its addresses for a regional one (AZ ids when no names)."""
        if self.availability_mode == "regional":
            return _unique(a.availability_zone or a.availability_zone_id for a in self.addresses)
        return _unique([self.availability_zone or self.availability_zone_id])

    @property
    def active(self) -> bool:
        """Not deleted or failed: `pending` and `available` gateways bill hours."""
        return self.state not in ("deleted", "deleting", "failed")


class NetworkInterface(BaseModel):
    """A network interface as `describe-network-interfaces` shows it; `interface_type` uses the CLI's spelling."""

    model_config = _FROZEN
    id: str
    interface_type: str = "interface"
    vpc_id: str | None = None
    subnet_id: str | None = None
    availability_zone: str | None = None
    availability_zone_id: str | None = None
    private_ips: tuple[str, ...] = ()
    public_ips: tuple[str, ...] = ()
    requester_managed: bool = False
    instance_id: str | None = None
    account: str | None = None
    description: str = ""
    nat_gateway_id: str | None = Field(None, description="The NAT gateway this interface belongs to, if any.")
    region: str | None = None
    source: str = ""

    @property
    def is_nat(self) -> bool:
        """A NAT gateway's interface, by its type or AWS's description 'Interface for NAT Gateway nat-...'."""
        return self.interface_type == NAT_INTERFACE_TYPE or self.nat_gateway_id is not None


class Vpc(BaseModel):
    """A VPC and its IPv4 CIDR blocks (primary and associated)."""

    model_config = _FROZEN
    id: str
    cidrs: tuple[str, ...] = ()
    account: str | None = None
    source: str = ""


class Subnet(BaseModel):
    """A subnet: its VPC, CIDR and AZ."""

    model_config = _FROZEN
    id: str
    vpc_id: str | None = None
    cidr: str | None = None
    availability_zone: str | None = None
    availability_zone_id: str | None = None
    account: str | None = None
    source: str = ""


class _Index:
    """Lookups by id, built once from the tuples they index (a copy with other tuples builds its own)."""

    def __init__(self, nats: tuple[NatGateway, ...], interfaces: tuple[NetworkInterface, ...]) -> None:
        self.built_from = (nats, interfaces)
        self.nats = {n.id: n for n in nats}
        self.interfaces = {i.id: i for i in interfaces}
        self.nat_by_eni: dict[str, NatGateway] = {}
        for nat in nats:
            for eni in nat.eni_ids:
                self.nat_by_eni.setdefault(eni, nat)
        for interface in interfaces:
            if interface.nat_gateway_id and interface.id not in self.nat_by_eni:
                found = self.nats.get(interface.nat_gateway_id)
                if found is not None:
                    self.nat_by_eni[interface.id] = found
        ids = set(self.nat_by_eni)
        ids.update(i.id for i in interfaces if i.is_nat)
        self.nat_eni_ids = tuple(sorted(ids))


class Inventory(BaseModel):
    """Everything read from the files, joined: NAT gateways know their interfaces' AZ, account and region."""

    model_config = _FROZEN
    nat_gateways: tuple[NatGateway, ...] = ()
    interfaces: tuple[NetworkInterface, ...] = ()
    vpcs: tuple[Vpc, ...] = ()
    subnets: tuple[Subnet, ...] = ()
    files: tuple[str, ...] = ()
    skipped: tuple[str, ...] = Field((), description="Files of the folders given that were not read, and why.")
    _index: _Index | None = PrivateAttr(None)

    def _lookup(self) -> _Index:
        """The id indexes (every lookup below is one dict access, whatever the inventory's size)."""
        index = self._index
        if index is None or index.built_from[0] is not self.nat_gateways or index.built_from[1] is not self.interfaces:
            index = self._index = _Index(self.nat_gateways, self.interfaces)
        return index

    def nat_gateway(self, nat_id: str) -> NatGateway | None:
        """The NAT gateway with this id, or None."""
        return self._lookup().nats.get(nat_id)

    def interface(self, eni_id: str) -> NetworkInterface | None:
        """The interface with this id, or None."""
        return self._lookup().interfaces.get(eni_id)

    def nat_for_eni(self, eni_id: str) -> NatGateway | None:
        """The NAT gateway an interface belongs to, or None."""
        return self._lookup().nat_by_eni.get(eni_id)

    def vpc_of_eni(self, eni_id: str) -> str | None:
        """The VPC of an interface: its NAT gateway's, else its own (describe-network-interfaces), else None."""
        nat = self.nat_for_eni(eni_id)
        if nat is not None and nat.vpc_id:
            return nat.vpc_id
        found = self.interface(eni_id)
        return found.vpc_id if found is not None else None

    def nat_eni_ids(self, vpc_id: str | None = None) -> tuple[str, ...]:
        """Every NAT gateway interface (of one VPC when given), from either command's output, sorted."""
        ids = self._lookup().nat_eni_ids
        if vpc_id is None:
            return ids
        return tuple(e for e in ids if self.vpc_of_eni(e) == vpc_id)

    def nat_private_ips(self) -> tuple[str, ...]:
        """Every NAT gateway private address, sorted."""
        ips = {ip for nat in self.nat_gateways for ip in nat.private_ips}
        ips.update(ip for i in self.interfaces if i.is_nat for ip in i.private_ips)
        return tuple(sorted(ips))

    def vpc_cidrs(self, vpc_ids: Iterable[str] | None = None) -> tuple[str, ...]:
        """IPv4 CIDRs of the given VPCs (all when None), from describe-vpcs, else their subnets' CIDRs."""
        wanted = None if vpc_ids is None else set(vpc_ids)
        described = {v.id for v in self.vpcs}
        cidrs = {c for v in self.vpcs if wanted is None or v.id in wanted for c in v.cidrs}
        cidrs.update(
            s.cidr
            for s in self.subnets
            if s.cidr and (wanted is None or s.vpc_id in wanted) and s.vpc_id not in described
        )
        return tuple(sorted(cidrs))

    def accounts(self) -> tuple[str, ...]:
        """Accounts seen in any file, sorted."""
        found = {n.account for n in self.nat_gateways if n.account}
        found.update(i.account for i in self.interfaces if i.account)
        found.update(v.account for v in self.vpcs if v.account)
        found.update(s.account for s in self.subnets if s.account)
        return tuple(sorted(found))

    def regions(self) -> tuple[str, ...]:
        """Regions derived from AZ names, sorted."""
        found = {n.region for n in self.nat_gateways if n.region}
        found.update(i.region for i in self.interfaces if i.region)
        found.update(r for s in self.subnets if (r := region_of_az(s.availability_zone)))
        return tuple(sorted(found))


def region_of_az(az: str | None) -> str | None:
    """`us-east-1a` and `us-east-1-bos-1a` (a Local Zone) are in us-east-1; None when the name says nothing."""
    if not az:
        return None
    match = _AZ_REGION.match(az)
    return match.group(1) if match else None


def load_inventory(paths: Sequence[str | os.PathLike[str]]) -> Inventory:
    """Read and join describe-* JSON files; a folder stands for the regular .json files under it.

    A file named is read or is an error naming it; in a folder, files that are not .json, not regular
    files, or JSON without any describe-* records are skipped and listed in `Inventory.skipped`, and a
    file reached twice (a symlink, a folder and a file in it) is read once.
    """
    if not paths:
        raise UsageError("--inventory: give at least one JSON file from aws ec2 describe-nat-gateways or similar")
    nats: dict[str, NatGateway] = {}
    interfaces: dict[str, NetworkInterface] = {}
    vpcs: dict[str, Vpc] = {}
    subnets: dict[str, Subnet] = {}
    files: list[str] = []
    listed, skipped = inventory_files(paths)
    for name, named in listed:
        found = 0
        for kind, record in _records(_read(name), name):
            found += 1
            if kind == "NatGateways":
                nat = _nat_gateway(record, name)
                nats[nat.id] = nat
            elif kind == "NetworkInterfaces":
                eni = _interface(record, name)
                interfaces[eni.id] = eni
            elif kind == "Vpcs":
                vpc = _vpc(record, name)
                vpcs[vpc.id] = vpc
            else:
                subnet = _subnet(record, name)
                subnets[subnet.id] = subnet
        if not found:
            if not named:
                skipped.append(f"{name} (no NatGateways, NetworkInterfaces, Vpcs or Subnets)")
                continue
            raise UsageError(
                f"--inventory: {name}: no NatGateways, NetworkInterfaces, Vpcs or Subnets; give the JSON that"
                " aws ec2 describe-nat-gateways / describe-network-interfaces / describe-vpcs / describe-subnets print"
            )
        files.append(name)
    if not files:
        shown = ", ".join(os.fspath(p) for p in paths)
        raise UsageError(f"--inventory: {shown}: no describe-* JSON files in it")
    by_nat: dict[str, list[NetworkInterface]] = {}
    for interface in interfaces.values():
        if interface.nat_gateway_id:
            by_nat.setdefault(interface.nat_gateway_id, []).append(interface)
    return Inventory(
        nat_gateways=tuple(
            _joined(n, interfaces, subnets, by_nat.get(n.id, [])) for n in sorted(nats.values(), key=lambda n: n.id)
        ),
        interfaces=tuple(sorted(interfaces.values(), key=lambda i: i.id)),
        vpcs=tuple(sorted(vpcs.values(), key=lambda v: v.id)),
        subnets=tuple(sorted(subnets.values(), key=lambda s: s.id)),
        files=tuple(files),
        skipped=tuple(skipped),
    )


def inventory_files(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[tuple[str, bool]], list[str]]:
    """The files to read, each with whether it was named itself, and what the folders held that was skipped.

    A folder is walked recursively (hidden entries and symlinked folders aside) for regular files whose name
    ends in .json; anything else found there is listed as skipped. A folder without one .json file is an error.
    """
    listed: list[tuple[str, bool]] = []
    skipped: list[str] = []
    seen: dict[tuple[int, int], str] = {}
    for item in paths:
        name = os.fspath(item)
        try:
            info = os.stat(name)
        except OSError as exc:
            raise UsageError(f"--inventory: {name}: cannot read: {exc.strerror or exc}") from None
        if not stat.S_ISDIR(info.st_mode):
            if _first_time(name, info, seen, skipped):
                listed.append((name, True))
            continue
        count = 0
        for inner, inner_info in _walk_folder(name, skipped):
            if not inner.lower().endswith(".json"):
                skipped.append(f"{inner} (not a .json file)")
            elif not stat.S_ISREG(inner_info.st_mode):
                skipped.append(f"{inner} (not a regular file)")
            else:
                count += 1
                if _first_time(inner, inner_info, seen, skipped):
                    listed.append((inner, False))
        if count == 0:
            raise UsageError(f"--inventory: {name}: no .json files in this folder")
    return listed, skipped


def _walk_folder(root: str, skipped: list[str]) -> Iterator[tuple[str, os.stat_result]]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            try:
                yield path, os.stat(path)
            except OSError as exc:
                skipped.append(f"{path} (cannot read: {exc.strerror or exc})")


def _first_time(name: str, info: os.stat_result, seen: dict[tuple[int, int], str], skipped: list[str]) -> bool:
    key = (info.st_dev, info.st_ino)
    if key in seen:
        skipped.append(f"{name} (the same file as {seen[key]}: read once)")
        return False
    seen[key] = name
    return True


def _read(name: str) -> str:
    info = regular_file(name, "--inventory")
    if info.st_size > MAX_FILE_BYTES:
        raise UsageError(f"--inventory: {name}: {info.st_size:,} bytes is more than {MAX_FILE_BYTES:,}")
    try:
        return Path(name).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--inventory: {name}: not UTF-8 JSON") from None
    except OSError as exc:
        raise UsageError(f"--inventory: {name}: cannot read: {exc.strerror or exc}") from None


def _documents(text: str, name: str) -> Iterator[Any]:
    """One JSON document, or several written one after another (`aws ... >> file`)."""
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise UsageError(
                f"--inventory: {name}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from None
        except (RecursionError, ValueError) as exc:
            raise UsageError(f"--inventory: {name}: not usable JSON ({type(exc).__name__})") from None
        yield value


def _records(text: str, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for document in _documents(text, name):
        yield from _walk(document, name)


def _walk(value: Any, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Records under the response keys, in a response, a list of responses, or a bare list from --query."""
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, name)
        return
    if not isinstance(value, dict):
        return
    for single, key in _SINGLE_KEYS.items():
        if isinstance(value.get(single), dict):  # create-nat-gateway and other create-* responses
            yield key, value[single]
    if any(key in value for key in RESPONSE_KEYS):
        for key in RESPONSE_KEYS:
            items = value.get(key) or []
            if not isinstance(items, list):
                raise UsageError(f"--inventory: {name}: {key} is not a list")
            for item in items:
                if not isinstance(item, dict):
                    raise UsageError(f"--inventory: {name}: an entry of {key} is not an object")
                yield key, item
        return
    if any(single in value for single in _SINGLE_KEYS):
        return
    kind = _bare_kind(value)
    if kind is not None:
        yield kind, value


def _bare_kind(record: dict[str, Any]) -> str | None:
    if "NatGatewayId" in record:
        return "NatGateways"
    if "NetworkInterfaceId" in record and ("InterfaceType" in record or "PrivateIpAddresses" in record):
        return "NetworkInterfaces"
    if "SubnetId" in record and "CidrBlock" in record:
        return "Subnets"
    if "VpcId" in record and ("CidrBlock" in record or "CidrBlockAssociationSet" in record):
        return "Vpcs"
    return None


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        return None
    return str(value)


def _required(record: dict[str, Any], key: str, kind: str, name: str) -> str:
    value = _text(record, key)
    if value is None:
        raise UsageError(f"--inventory: {name}: an entry of {kind} has no {key}")
    return value


def _nat_gateway(record: dict[str, Any], name: str) -> NatGateway:
    addresses = []
    for item in record.get("NatGatewayAddresses") or []:
        if not isinstance(item, dict):
            continue
        primary = item.get("IsPrimary")
        addresses.append(
            NatAddress(
                network_interface_id=_text(item, "NetworkInterfaceId"),
                private_ip=_text(item, "PrivateIp"),
                public_ip=_text(item, "PublicIp"),
                allocation_id=_text(item, "AllocationId"),
                is_primary=primary if isinstance(primary, bool) else None,
                status=_text(item, "Status"),
                availability_zone=_text(item, "AvailabilityZone"),
                availability_zone_id=_text(item, "AvailabilityZoneId"),
            )
        )
    mode = (_text(record, "AvailabilityMode") or "zonal").lower()
    connectivity = (_text(record, "ConnectivityType") or "public").lower()
    nat_id = _required(record, "NatGatewayId", "NatGateways", name)
    if mode not in ("zonal", "regional") or connectivity not in ("public", "private"):
        raise UsageError(
            f"--inventory: {name}: {nat_id}: AvailabilityMode {mode!r} / ConnectivityType {connectivity!r};"
            " allowed: zonal|regional and public|private"
        )
    zones = {a.availability_zone for a in addresses if a.availability_zone}
    return NatGateway(
        id=nat_id,
        vpc_id=_text(record, "VpcId"),
        subnet_id=_text(record, "SubnetId"),
        state=_text(record, "State"),
        connectivity_type=connectivity,
        availability_mode=mode,
        addresses=tuple(addresses),
        region=next((region_of_az(z) for z in sorted(zones)), None),
        source=name,
    )


def _interface_type(value: str | None) -> str:
    """The CLI prints `nat_gateway`; the API reference spells it `natGateway`: one spelling here."""
    if not value:
        return "interface"
    return _CAMEL.sub(r"_\1", value).lower()


def _interface(record: dict[str, Any], name: str) -> NetworkInterface:
    private: list[str | None] = [_text(record, "PrivateIpAddress")]
    public: list[str | None] = []
    if isinstance(record.get("Association"), dict):
        public.append(_text(record["Association"], "PublicIp"))
    for item in record.get("PrivateIpAddresses") or []:
        if isinstance(item, dict):
            private.append(_text(item, "PrivateIpAddress"))
            if isinstance(item.get("Association"), dict):
                public.append(_text(item["Association"], "PublicIp"))
    attachment = record.get("Attachment") if isinstance(record.get("Attachment"), dict) else {}
    description = _text(record, "Description") or ""
    kind = _interface_type(_text(record, "InterfaceType"))
    nat_match = _NAT_ID.search(description) if "nat" in description.lower() else None
    az = _text(record, "AvailabilityZone")
    managed = record.get("RequesterManaged")
    return NetworkInterface(
        id=_required(record, "NetworkInterfaceId", "NetworkInterfaces", name),
        interface_type=kind,
        vpc_id=_text(record, "VpcId"),
        subnet_id=_text(record, "SubnetId"),
        availability_zone=az,
        availability_zone_id=_text(record, "AvailabilityZoneId"),
        private_ips=_unique(private),
        public_ips=_unique(public),
        requester_managed=managed if isinstance(managed, bool) else False,
        instance_id=_text(attachment or {}, "InstanceId"),
        account=_text(record, "OwnerId"),
        description=description,
        nat_gateway_id=nat_match.group(0) if nat_match else None,
        region=region_of_az(az),
        source=name,
    )


def _vpc(record: dict[str, Any], name: str) -> Vpc:
    cidrs: list[str | None] = [_text(record, "CidrBlock")]
    for item in record.get("CidrBlockAssociationSet") or []:
        if isinstance(item, dict):
            state = item.get("CidrBlockState")
            if isinstance(state, dict) and state.get("State") not in (None, "associated", "associating"):
                continue
            cidrs.append(_text(item, "CidrBlock"))
    return Vpc(
        id=_required(record, "VpcId", "Vpcs", name),
        cidrs=_unique(cidrs),
        account=_text(record, "OwnerId"),
        source=name,
    )


def _subnet(record: dict[str, Any], name: str) -> Subnet:
    return Subnet(
        id=_required(record, "SubnetId", "Subnets", name),
        vpc_id=_text(record, "VpcId"),
        cidr=_text(record, "CidrBlock"),
        availability_zone=_text(record, "AvailabilityZone"),
        availability_zone_id=_text(record, "AvailabilityZoneId"),
        account=_text(record, "OwnerId"),
        source=name,
    )


def _joined(
    nat: NatGateway,
    interfaces: dict[str, NetworkInterface],
    subnets: dict[str, Subnet],
    naming: list[NetworkInterface],
) -> NatGateway:
    """Fill a NAT's AZ, account and region from its interfaces and subnet; add interfaces that name it (`naming`)."""
    own = [interfaces[e] for e in nat.eni_ids if e in interfaces]
    known = set(nat.eni_ids)
    named = [i for i in naming if i.id not in known]
    addresses = list(nat.addresses)
    for eni in named:
        addresses.append(
            NatAddress(
                network_interface_id=eni.id,
                private_ip=eni.private_ips[0] if eni.private_ips else None,
                public_ip=eni.public_ips[0] if eni.public_ips else None,
                availability_zone=eni.availability_zone if nat.availability_mode == "regional" else None,
                availability_zone_id=eni.availability_zone_id if nat.availability_mode == "regional" else None,
            )
        )
    related = own + named
    subnet = subnets.get(nat.subnet_id or "")
    az = az_id = None
    if nat.availability_mode == "zonal":
        az = next((i.availability_zone for i in related if i.availability_zone), None)
        az_id = next((i.availability_zone_id for i in related if i.availability_zone_id), None)
        if subnet is not None:
            az, az_id = az or subnet.availability_zone, az_id or subnet.availability_zone_id
    account = next((i.account for i in related if i.account), None) or (subnet.account if subnet else None)
    region = nat.region or region_of_az(az) or next((i.region for i in related if i.region), None)
    return nat.model_copy(
        update={
            "addresses": tuple(addresses),
            "availability_zone": az,
            "availability_zone_id": az_id,
            "account": account,
            "region": region,
        }
    )


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


__all__ = [
    "Inventory",
    "NatAddress",
    "NatGateway",
    "NetworkInterface",
    "Subnet",
    "Vpc",
    "inventory_files",
    "load_inventory",
    "region_of_az",
]
