"""Grouped rows become the report's parts: one entry per NAT gateway and period, endpoints, TGWs, totals, taxes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from pl_cost.bill.charges import NAT_CHARGES, NAT_GB, NAT_HOURS, PUBLIC_IPV4, Group, charge_of, total
from pl_cost.bill.kinds import COUNTS_TOWARD, role
from pl_cost.bill.model import Charge, NatGatewayBill, Period, ResourceBill, RowKind, Tax, Total
from pl_cost.inventory import Inventory, NatGateway

_NAT_ID = re.compile(r"(nat-[0-9a-z]{8,17})\b")
_NAMED_ID = re.compile(r"(?<![0-9a-z])(?:nat|vpc)-[0-9a-f]{8,17}(?![0-9a-z])")
#: Charges on a NAT's ARN that are not the NAT's own: what its traffic costs elsewhere.
RELATED = ("internet_out", "internet_in", "inter_az", "inter_region", "other")
_ENDPOINT = ("endpoint_hours", "endpoint_gb", "endpoint_other")
_TGW = ("tgw_hours", "tgw_gb", "tgw_other")

NatKey = tuple[str, str, str, str, str]


def nat_gateway_id(resource_id: str | None) -> str | None:
    """`nat-0123...` from an ARN (`arn:aws:ec2:<region>:<account>:natgateway/nat-...`) or a bare id."""
    match = _NAT_ID.search(resource_id or "")
    return match.group(1) if match else None


def ids_named(name: str) -> set[str]:
    """The NAT gateway and VPC ids a file name holds, whole (nat-0abc does not match nat-0abcd)."""
    return set(_NAMED_ID.findall(name.replace("\\", "/").rsplit("/", 1)[-1]))


def nat_entries(
    groups: Sequence[Group], periods: Sequence[Period], inventory: Inventory | None
) -> list[NatGatewayBill]:
    """One entry per (period, account, region, resource, availability mode) with NAT rows and a resource ID."""
    factors = {p.billing_period: p.monthly_factor for p in periods}
    own: dict[NatKey, list[Group]] = defaultdict(list)
    for group in groups:
        if group.charge in NAT_CHARGES and group.resource_id:
            key = (group.billing_period, group.account_id, group.region, group.resource_id, group.mode)
            own[key].append(group)
    on_arn: dict[tuple[str, str], list[Group]] = defaultdict(list)
    ipv4: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for group in groups:
        if group.resource_id and group.charge in RELATED:
            on_arn[(group.billing_period, group.resource_id)].append(group)
        if group.resource_id and group.charge in PUBLIC_IPV4:
            # by the whole resource id and by its last part (an allocation ARN ends in /eipalloc-...)
            for name in {group.resource_id, group.resource_id.rsplit("/", 1)[-1]}:
                ipv4[(group.billing_period, name)].append(group)
    described_by_id = {n.id: n for n in inventory.nat_gateways} if inventory is not None else {}
    entries = []
    for key in sorted(own):
        period, account, region, resource, mode = key
        members = own[key]
        nat_id = nat_gateway_id(resource)
        described = described_by_id.get(nat_id or "")
        hours = _charge([g for g in members if g.charge in NAT_HOURS])
        data = _charge([g for g in members if g.charge in NAT_GB])
        other = [g for g in members if g.charge == "nat_other"]
        related = _by_charge(on_arn.get((period, resource), []))
        address, note = _public_ipv4(period, resource, nat_id, described, ipv4)
        costs = [c for c in (hours, data) if c is not None]
        nat_hours = hours.quantity if hours else Decimal(0)
        nat_gb = data.quantity if data else Decimal(0)
        entries.append(
            NatGatewayBill(
                resource_id=resource,
                nat_gateway_id=nat_id,
                account_id=account,
                region=region,
                billing_period=period,
                availability_mode="regional" if mode == "regional" else "zonal",
                nat_hours=nat_hours,
                nat_gb=nat_gb,
                nat_cost=_sum_or_none([c.net_cost for c in costs]),
                nat_cost_list=_sum_or_none([c.list_cost for c in costs]),
                nat_cost_unblended=_sum_or_none([c.unblended_cost for c in costs]),
                nat_credits=sum((c.credits for c in costs), Decimal(0)),
                hours=hours,
                data=data,
                other_nat_charges=[charge_of("nat_other", other)] if other else [],
                public_ipv4=address,
                public_ipv4_note=note,
                related=related,
                idle=nat_hours > 0 and nat_gb == 0,
                monthly_factor=factors.get(period, Decimal(1)),
                effective_hour_rate=hours.effective_rate if hours else None,
                effective_gb_rate=data.effective_rate if data else None,
                vpc_id=described.vpc_id if described else None,
                subnet_id=described.subnet_id if described else None,
                availability_zone=described.availability_zone if described else None,
                availability_zones=[z for z in described.availability_zones if z] if described else [],
                eni_ids=list(described.eni_ids) if described else [],
            )
        )
    return entries


def _charge(groups: list[Group]) -> Charge | None:
    if not groups:
        return None
    return charge_of(groups[0].charge, groups)


def _sum_or_none(values: list[Decimal | None]) -> Decimal | None:
    """Sum when every part is known: a total with an unknown part is unknown, not smaller (nothing sums to 0)."""
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def _by_charge(groups: Iterable[Group]) -> list[Charge]:
    split: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        split[group.charge].append(group)
    return [charge_of(name, split[name]) for name in RELATED if name in split]


def _public_ipv4(
    period: str,
    resource: str,
    nat_id: str | None,
    described: NatGateway | None,
    ipv4: dict[tuple[str, str], list[Group]],
) -> tuple[Charge | None, str]:
    """The NAT's public IPv4 hours: rows whose resource is the NAT, its Elastic IP or its allocation."""
    wanted = {resource, *(v for v in [nat_id] if v)}
    if described is not None:
        for address in described.addresses:
            wanted.update(v for v in (address.public_ip, address.allocation_id) if v)
    found = list({id(g): g for key in wanted for g in ipv4.get((period, key), [])}.values())
    if found:
        return charge_of("public_ipv4", found), ""
    if described is None:
        return None, "unknown: public IPv4 rows name the address, so give --inventory to match them"
    if not described.public_ips:
        return None, "none: a private NAT gateway has no public IPv4 address"
    return None, "not on this bill: no public IPv4 row names its address or allocation"


def resources(groups: Sequence[Group], product: str) -> list[ResourceBill]:
    """Interface endpoints or Transit Gateway attachments: hours, GB and cost per resource and period."""
    charges = _ENDPOINT if product == "interface_endpoint" else _TGW
    hours_name, gb_name = charges[0], charges[1]
    split: dict[tuple[str, str, str, str | None], list[Group]] = defaultdict(list)
    for group in groups:
        if group.charge in charges:
            split[(group.billing_period, group.account_id, group.region, group.resource_id)].append(group)
    found = []
    for key in sorted(split, key=lambda k: (k[0], k[1], k[2], k[3] or "")):
        members = split[key]
        hours = charge_of(hours_name, [g for g in members if g.charge == hours_name])
        gb = charge_of(gb_name, [g for g in members if g.charge == gb_name])
        every = charge_of("all", members)
        found.append(
            ResourceBill(
                product="interface_endpoint" if product == "interface_endpoint" else "transit_gateway",
                resource_id=key[3],
                account_id=key[1],
                region=key[2],
                billing_period=key[0],
                hours=hours.quantity,
                gb=gb.quantity,
                net_cost=every.net_cost,
                list_cost=every.list_cost,
                idle=hours.quantity > 0 and gb.quantity == 0,
            )
        )
    return found


def unattributed(groups: Sequence[Group]) -> list[Total]:
    """NAT rows without a resource ID (a report exported without them), per account, region and period."""
    split: dict[tuple[str, str, str, str], list[Group]] = defaultdict(list)
    for group in groups:
        if group.charge in NAT_CHARGES and not group.resource_id:
            split[(group.billing_period, group.account_id, group.region, group.mode)].append(group)
    found = []
    for (period, account, region, mode), members in sorted(split.items()):
        hours = charge_of("nat_hours", [g for g in members if g.charge in NAT_HOURS])
        data = charge_of("nat_gb", [g for g in members if g.charge in NAT_GB])
        found.append(
            Total(
                key=f"{account} {region} {period} ({mode}, no resource IDs)",
                account_id=account,
                region=region,
                billing_period=period,
                availability_mode="regional" if mode == "regional" else "zonal",
                nat_gateways=None,
                idle=None,
                nat_hours=hours.quantity,
                nat_gb=data.quantity,
                nat_cost=_sum_or_none(
                    [
                        hours.net_cost if hours.line_items else Decimal(0),
                        data.net_cost if data.line_items else Decimal(0),
                    ]
                ),
                nat_cost_list=total([hours.list_cost, data.list_cost]),
                nat_cost_unblended=total([hours.unblended_cost, data.unblended_cost]),
                nat_credits=hours.credits + data.credits,
            )
        )
    return found


def totals(
    nats: Sequence[NatGatewayBill],
    extra: Sequence[Total],
    key: Callable[[str, str, str], tuple[str, str | None, str | None]],
) -> list[Total]:
    """NAT totals grouped by `key(account, region, period)` -> (label, account, region), unattributed rows included."""
    split: dict[tuple[str, str | None, str | None, str], list[NatGatewayBill]] = defaultdict(list)
    spare: dict[tuple[str, str | None, str | None, str], list[Total]] = defaultdict(list)
    for nat in nats:
        label, account, region = key(nat.account_id, nat.region, nat.billing_period)
        split[(label, account, region, nat.billing_period)].append(nat)
    for item in extra:
        label, account, region = key(item.account_id or "", item.region or "", item.billing_period or "")
        spare[(label, account, region, item.billing_period or "")].append(item)
    found = []
    for group_key in sorted(set(split) | set(spare), key=lambda k: (k[3], k[0])):
        label, account, region, period = group_key
        found.append(summed(label, split.get(group_key, []), spare.get(group_key, []), account, region, period))
    return found


def summed(
    label: str,
    nats: Sequence[NatGatewayBill],
    extra: Sequence[Total] = (),
    account: str | None = None,
    region: str | None = None,
    period: str | None = None,
) -> Total:
    """One total over NAT gateways and unattributed rows, of one billing period.

    NAT gateways are counted by resource ID; rows without one are NATs of an unknown number, so a total of
    such rows alone counts None, not 0.
    """
    bounds = [n.savings_upper_bound_monthly for n in nats]
    counted = bool(nats) or not extra
    return Total(
        key=label,
        account_id=account,
        region=region,
        billing_period=period,
        nat_gateways=len({n.resource_id for n in nats}) if counted else None,
        idle=len({n.resource_id for n in nats if n.idle}) if counted else None,
        nat_hours=sum((n.nat_hours for n in nats), Decimal(0)) + sum((e.nat_hours for e in extra), Decimal(0)),
        nat_gb=sum((n.nat_gb for n in nats), Decimal(0)) + sum((e.nat_gb for e in extra), Decimal(0)),
        nat_cost=_sum_or_none([*(n.nat_cost for n in nats), *(e.nat_cost for e in extra)]),
        nat_cost_list=_sum_or_none([*(n.nat_cost_list for n in nats), *(e.nat_cost_list for e in extra)]),
        nat_cost_unblended=_sum_or_none(
            [*(n.nat_cost_unblended for n in nats), *(e.nat_cost_unblended for e in extra)]
        ),
        nat_credits=sum((n.nat_credits for n in nats), Decimal(0)) + sum((e.nat_credits for e in extra), Decimal(0)),
        savings_upper_bound_monthly=_sum_or_none(bounds) if nats else None,
    )


def taxes(groups: Sequence[Group]) -> list[Tax]:
    """EC2 and VPC tax per account and period (AWS computes tax per account and product, not per NAT)."""
    split: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for group in groups:
        if role(group.line_item_type) == "tax":
            split[(group.account_id, group.billing_period)].append(group)
    found = []
    for (account, period), members in sorted(split.items()):
        cost = total(g.unblended_cost if g.unblended_cost is not None else g.net_unblended_cost for g in members)
        found.append(Tax(account_id=account, billing_period=period, cost=cost or Decimal(0)))
    return found


def row_kinds(groups: Sequence[Group]) -> list[RowKind]:
    """Every row kind among the kept rows, what it counts toward, and how many rows and dollars it had."""
    split: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        split[group.line_item_type or "(none)"].append(group)
    return [
        RowKind(
            line_item_type=name,
            counts_toward=COUNTS_TOWARD[role(name)],
            line_items=sum(g.line_items for g in members),
            unblended_cost=total(g.unblended_cost for g in members),
            net_cost=total(g.net_unblended_cost for g in members),
        )
        for name, members in sorted(split.items())
    ]
