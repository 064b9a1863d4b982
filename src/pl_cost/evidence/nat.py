"""Which interfaces are NAT gateways, and what the profile's AZ count and NAT layout are.

In order of authority: the inventory (AWS's own `describe-nat-gateways` / `describe-network-interfaces`
output), `--nat-eni`, and last the records themselves. A NAT gateway's interface is requester-managed
(no instance id), translates addresses for its clients (`dstaddr` is its own address while
`pkt-dstaddr` is the far end) and also talks to those far ends from its own address; a transit
gateway, Gateway Load Balancer endpoint or firewall interface translates but never does the latter,
and endpoint, load balancer and Lambda interfaces do not translate
(https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pl_cost.errors import DomainError, UsageError
from pl_cost.evidence.ipranges import cidr_range

if TYPE_CHECKING:
    from pl_cost.inventory import Inventory, NatGateway

#: Private IPv4 space: RFC 1918 and the RFC 6598 shared space (100.64.0.0/10), which VPCs may also use.
PRIVATE_CIDRS = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
MAX_AZS = 6
#: VPCs an error message names before it says "and N more".
_SHOWN_VPCS = 5


@dataclass(frozen=True)
class Seen:
    """What one interface's records show (for messages about interfaces that are not NAT gateways)."""

    records: int
    translated: int
    instance_id: str | None
    own_address: str | None
    status_only: int

    def describe(self) -> str:
        """One clause: what was seen on the interface."""
        if self.records == self.status_only:
            return f"only {self.records} NODATA/SKIPDATA record(s)"
        if self.instance_id is not None:
            return (
                f"{self.records} record(s) of instance {self.instance_id}"
                " (a NAT gateway's interface has no instance id)"
            )
        if self.translated:
            return (
                f"{self.records} record(s), {self.translated} translating addresses for others, but its own address"
                f" {self.own_address or '-'} never talks to those far ends, as a transit gateway's or a Gateway Load"
                " Balancer endpoint's interface does"
            )
        return (
            f"{self.records} record(s), none translated (pkt-srcaddr = srcaddr, pkt-dstaddr = dstaddr), as an"
            " instance, endpoint, load balancer or Lambda interface shows"
        )


@dataclass
class Plan:
    """Before the scan: which interfaces keep their untranslated legs, and the NAT addresses known."""

    nat_enis: list[str] | None  # None: recognise them from the records
    source: str  # "inventory", "--nat-eni" or "inferred"
    addresses: dict[str, list[str]] = field(default_factory=dict)
    inventory: Inventory | None = None


@dataclass
class Selection:
    """After the scan: the NAT interfaces used, their addresses, and the address ranges for classes."""

    enis: list[str]
    source: str
    addresses: dict[str, list[str]]
    private_ranges: list[tuple[int, int]]
    client_ranges: list[tuple[int, int]]
    inferred: list[str] = field(default_factory=list)
    not_nat: dict[str, str] = field(default_factory=dict)
    without_records: list[str] = field(default_factory=list)
    vpc_cidrs: list[str] = field(default_factory=list)
    vpc: str | None = None


def plan(inventory: Inventory | None, nat_enis: list[str], needs_addresses: bool, vpc: str | None = None) -> Plan:
    """Choose the interfaces before scanning; errors when an inventory says a named interface is no NAT.

    `vpc` keeps the inventory's NAT gateways of that VPC (an organisation's inventory covers many).
    """
    addresses: dict[str, list[str]] = {}
    if inventory is not None:
        for nat in inventory.nat_gateways:
            for address in nat.addresses:
                if address.network_interface_id and address.private_ip:
                    addresses.setdefault(address.network_interface_id, []).append(address.private_ip)
        for eni in inventory.interfaces:
            if eni.is_nat:
                for ip in eni.private_ips:
                    if ip not in addresses.setdefault(eni.id, []):
                        addresses[eni.id].append(ip)
    if vpc is not None and inventory is None:
        raise UsageError(f"--vpc {vpc}: give --inventory too (aws ec2 describe-nat-gateways output names its NATs)")
    if nat_enis:
        if inventory is not None:
            for name in nat_enis:
                described = inventory.interface(name)
                if described is not None and not described.is_nat:
                    raise DomainError(
                        f"--nat-eni {name}: the inventory lists it as a {described.interface_type} interface"
                        f" ({described.description or 'no description'}), not a NAT gateway's"
                    )
                where = inventory.vpc_of_eni(name)
                if vpc is not None and where is not None and where != vpc:
                    raise DomainError(f"--nat-eni {name}: the inventory puts it in {where}, not in --vpc {vpc}")
        chosen = sorted(set(nat_enis))
        result = Plan(chosen, "--nat-eni", {e: addresses[e] for e in chosen if e in addresses}, inventory)
    elif vpc is not None and inventory is not None:
        chosen = list(inventory.nat_eni_ids(vpc))
        if not chosen:
            raise DomainError(f"--vpc {vpc}: the inventory has no NAT gateway in it{_vpcs_with_nats(inventory)}")
        result = Plan(chosen, "inventory", {e: addresses.get(e, []) for e in chosen}, inventory)
    elif inventory is not None and inventory.nat_eni_ids():
        chosen = list(inventory.nat_eni_ids())
        result = Plan(chosen, "inventory", {e: addresses.get(e, []) for e in chosen}, inventory)
    else:
        result = Plan(None, "inferred", {}, inventory)
    if needs_addresses:
        missing = [e for e in (result.nat_enis or []) if not result.addresses.get(e)]
        if result.nat_enis is None or missing:
            what = f" for {', '.join(missing)}" if missing else ""
            raise UsageError(
                "flow logs without pkt-srcaddr/pkt-dstaddr (the default format) need the NAT gateway's private"
                f" address{what}: give --inventory with the output of aws ec2 describe-nat-gateways"
            )
    return result


def select(planned: Plan, pattern: set[str], seen: dict[str, Seen], nat_given_has_pkt: bool) -> Selection:
    """The NAT interfaces to count, checked against what the records show."""
    inventory = planned.inventory
    not_nat = {
        eni: info.describe()
        for eni, info in seen.items()
        if info.translated and info.instance_id is None and eni not in pattern
    }
    inferred: list[str] = []
    without: list[str] = []
    if planned.nat_enis is None:
        enis = sorted(pattern)
        inferred = list(enis)
    else:
        enis = [e for e in planned.nat_enis if e in seen]
        without = [e for e in planned.nat_enis if e not in seen]
        if planned.source == "--nat-eni":
            if without:
                raise DomainError(f"--nat-eni: no records for {', '.join(without)} in the flow logs")
            known = inventory is not None and all(e in planned.addresses for e in enis)
            for eni in enis:
                if nat_given_has_pkt and not known and eni not in pattern:
                    raise DomainError(f"--nat-eni {eni}: no NAT gateway pattern; seen: {seen[eni].describe()}")
    not_nat = {e: text for e, text in not_nat.items() if e not in enis}
    vpc = one_vpc(inventory, enis)
    if vpc is not None and inventory is not None:
        without = [e for e in without if inventory.vpc_of_eni(e) in (vpc, None)]
    cidrs = inventory.vpc_cidrs([vpc]) if inventory is not None and vpc is not None else ()
    private = [r for c in (*PRIVATE_CIDRS, *cidrs) if (r := cidr_range(c))]
    clients = [r for c in cidrs if (r := cidr_range(c))] or [r for c in PRIVATE_CIDRS if (r := cidr_range(c))]
    return Selection(
        enis=enis,
        source=planned.source,
        addresses={e: planned.addresses.get(e, []) for e in enis},
        private_ranges=private,
        client_ranges=clients,
        inferred=inferred,
        not_nat=dict(sorted(not_nat.items())),
        without_records=without,
        vpc_cidrs=list(cidrs),
        vpc=vpc,
    )


def one_vpc(inventory: Inventory | None, enis: Iterable[str]) -> str | None:
    """The one VPC the NAT interfaces sit in (None when the inventory does not say); several is an error.

    A profile describes one VPC: its AZs, its NAT layout and its endpoints. Interfaces of several VPCs
    pooled would give one VPC's plan for all of them.
    """
    if inventory is None:
        return None
    by_vpc: dict[str, list[str]] = {}
    for eni in enis:
        where = inventory.vpc_of_eni(eni)
        if where is not None:
            by_vpc.setdefault(where, []).append(eni)
    if len(by_vpc) <= 1:
        return next(iter(by_vpc), None)
    shown = sorted(by_vpc)[:_SHOWN_VPCS]
    listing = "; ".join(f"{v}: {', '.join(sorted(by_vpc[v]))}" for v in shown)
    more = f"; and {len(by_vpc) - len(shown)} more" if len(by_vpc) > len(shown) else ""
    raise DomainError(
        f"the NAT gateways with records sit in {len(by_vpc)} VPCs ({listing}{more}); a profile is one VPC's:"
        " give --vpc VPC_ID to choose one (or --nat-eni with its NAT interfaces)"
    )


def _vpcs_with_nats(inventory: Inventory) -> str:
    vpcs = sorted({v for e in inventory.nat_eni_ids() if (v := inventory.vpc_of_eni(e))})
    if not vpcs:
        return ""
    shown = vpcs[:_SHOWN_VPCS]
    more = f" and {len(vpcs) - len(shown)} more" if len(vpcs) > len(shown) else ""
    return f" (VPCs with NAT gateways: {', '.join(shown)}{more})"


@dataclass(frozen=True)
class Layout:
    """The profile's AZ count and NAT layout, and where each came from."""

    azs: int
    mode: str
    active_azs: int | None
    azs_from: str
    layout_from: str
    nat_gateways: list[str]


def layout(selection: Selection, inventory: Inventory | None, azs: int | None, nat_mode: str | None) -> Layout:
    """AZs and layout: the options, else the inventory, else one AZ per NAT interface."""
    gateways = _gateways(selection.enis, inventory)
    count = max(len(selection.enis), 1)
    if gateways:
        regional = [g for g in gateways if g.availability_mode == "regional"]
        zones = {z for g in gateways for z in g.availability_zones}
        mode = "regional" if regional else ("per-az" if len(zones) > 1 else "single")
        layout_from = f"inventory: {len(gateways)} NAT gateway(s), {'regional' if regional else 'zonal'}"
        workload_zones = _workload_zones(selection.enis, inventory)
        if workload_zones:
            zone_count, azs_from = (
                len(workload_zones),
                f"inventory: AZs of the VPC's interfaces ({len(workload_zones)})",
            )
        else:
            zone_count, azs_from = max(len(zones), 1), f"inventory: AZs of the NAT gateways ({len(zones)})"
        active = len({z for g in regional for z in g.availability_zones}) or None
    else:
        mode = "per-az" if count > 1 else "single"
        layout_from = f"inferred from {len(selection.enis)} NAT interface(s)"
        zone_count, azs_from = count, f"inferred: one per NAT interface ({len(selection.enis)})"
        active = None
    if azs is not None:
        zone_count, azs_from = azs, "--azs"
    if nat_mode is not None:
        mode, layout_from = nat_mode, "--nat"
    zone_count = min(max(zone_count, 1), MAX_AZS)
    if active is not None:
        active = min(active, zone_count) if mode == "regional" else None
    return Layout(
        zone_count, mode, active if mode == "regional" else None, azs_from, layout_from, [g.id for g in gateways]
    )


def _gateways(enis: list[str], inventory: Inventory | None) -> list[NatGateway]:
    if inventory is None:
        return []
    found: dict[str, NatGateway] = {}
    for eni in enis:
        nat = inventory.nat_for_eni(eni)
        if nat is not None:
            found[nat.id] = nat
    return [found[k] for k in sorted(found)]


def _workload_zones(enis: list[str], inventory: Inventory | None) -> set[str]:
    """AZs where the NAT's VPC has interfaces other than NAT gateways (the workloads)."""
    if inventory is None:
        return set()
    vpcs = {nat.vpc_id for e in enis if (nat := inventory.nat_for_eni(e)) and nat.vpc_id}
    return {
        i.availability_zone
        for i in inventory.interfaces
        if i.vpc_id in vpcs and not i.is_nat and i.availability_zone and i.interface_type != "transit_gateway"
    }
