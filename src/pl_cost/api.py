"""The public functions: the CLI and notebooks call these and nothing deeper."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from pl_cost.catalog import Catalog, load_catalog
from pl_cost.components import MAX_AZS, NAT_LAYOUTS, NatLayout
from pl_cost.display import Displayable
from pl_cost.engine import (
    COMPARE_SCHEMA_VERSION,
    BreakEven,
    PathCost,
    Scenario,
    SituationName,
    SituationResult,
    break_even_for,
    breakpoints,
    price_path,
    situation_costs,
    situation_result,
)
from pl_cost.errors import UsageError, brief
from pl_cost.money import (
    DEFAULT_HOURS_PER_MONTH,
    MAX_GB_PER_MONTH,
    MAX_HOURS_PER_MONTH,
    format_quantity,
    parse_decimal,
)
from pl_cost.pricing import LineItem

SITUATIONS: tuple[SituationName, ...] = ("nat_stays", "nat_goes")
#: Endpoint service names: lower-case letters, digits, dots and dashes (ecr.api, kinesis-streams).
ENDPOINT_NAME = re.compile(r"[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*")
#: Interface and GWLB endpoints per VPC, AWS default quota (vpc-limits-endpoints.html).
MAX_ENDPOINTS = 50


class Inputs(BaseModel):
    """What was asked, after validation and defaults."""

    model_config = ConfigDict(frozen=True)
    region: str
    gb_per_month: Decimal | None = None
    azs: int
    nat_layout: NatLayout
    hours_per_month: Decimal
    service: str | None = None
    traffic_kind: str | None = None
    interface_endpoints: list[str] | None = None
    interface_endpoint_count: int
    endpoint_azs: int
    gateway_endpoints: list[str]
    gateway_share: Decimal = Field(
        default=Decimal(0), description="Share of the GB that ride the gateway endpoints on the endpoint path."
    )
    nat_active_azs: int | None = None
    region_endpoint_gb_per_month: Decimal


class GatewayAlone(BaseModel):
    """What the free gateway endpoints save by themselves, with the NAT kept and no interface endpoint."""

    model_config = ConfigDict(frozen=True)
    endpoints: list[str]
    gb_per_month: Decimal
    savings_monthly: Decimal
    interface_endpoints_savings_monthly: Decimal = Field(
        description="What the interface endpoints add over the gateway alone, the NAT kept (negative: they cost more)."
    )


class PricesUsed(BaseModel):
    """Which catalog priced the answer, how old it is, and which overrides were in force."""

    model_config = ConfigDict(frozen=True)
    region: str
    region_name: str
    catalog: str
    snapshot_date: date
    currency: str
    overrides: list[str]
    oldest_rate_date: date | None = None
    newest_rate_date: date | None = None


class Comparison(Displayable):
    """NAT path against endpoint path at one volume, in both situations."""

    model_config = ConfigDict(frozen=True)
    schema_name: str = "pl-cost/compare"
    schema_version: int = COMPARE_SCHEMA_VERSION
    inputs: Inputs
    prices: PricesUsed
    assumptions: list[str]
    nat_path: PathCost
    endpoint_path: PathCost
    situations: dict[SituationName, SituationResult]
    gateway_alone: GatewayAlone | None = None


class BreakEvenRow(BaseModel):
    """Both situations' break-evens for one AZ count."""

    model_config = ConfigDict(frozen=True)
    azs: int
    nat_stays: BreakEven
    nat_goes: BreakEven


class BreakEvenReport(Displayable):
    """Break-even volumes for one or several AZ counts."""

    model_config = ConfigDict(frozen=True)
    schema_name: str = "pl-cost/breakeven"
    schema_version: int = COMPARE_SCHEMA_VERSION
    inputs: list[Inputs]
    prices: PricesUsed
    assumptions: list[str]
    rows: list[BreakEvenRow]


def check_azs(azs: object, field: str = "azs") -> int:
    """An AZ count from 1 to MAX_AZS, from an int or a CLI string; every command parses AZs here."""
    if isinstance(azs, bool) or not isinstance(azs, int):
        try:
            azs = int(str(azs))
        except ValueError:
            raise UsageError(
                f"{field}: expected a whole number from 1 to {MAX_AZS}, got {brief(azs, quote=False)}"
            ) from None
    if not 1 <= azs <= MAX_AZS:
        raise UsageError(f"{field}: must be from 1 to {MAX_AZS}, got {brief(azs, quote=False)}")
    return azs


def check_text(value: object, field: str, example: str) -> str:
    """A name given to the library (region, service, layout): text, or a usage error naming the field."""
    if not isinstance(value, str):
        raise UsageError(f"{field}: expected text like {example}, got {brief(value, quote=False)}")
    return value


def check_catalog(catalog: object) -> Catalog:
    """The catalog a library call prices with: the shipped one by default, else a `Catalog`."""
    if catalog is None:
        return load_catalog()
    if not isinstance(catalog, Catalog):
        raise UsageError(
            f"catalog: expected a pl_cost Catalog (pl_cost.load_catalog(path)), got {brief(catalog, quote=False)}"
        )
    return catalog


def check_hours(hours: object) -> Decimal:
    """Hours billed in a month: above 0, at most 744."""
    value = parse_decimal(hours, "hours")
    if not Decimal(0) < value <= MAX_HOURS_PER_MONTH:
        shown = brief(hours, quote=False)
        raise UsageError(f"hours: must be above 0 and at most {MAX_HOURS_PER_MONTH} (hours in a month), got {shown}")
    return value


def check_gb(gb: object, field: str) -> Decimal:
    """GB per month: 0 or more, at most MAX_GB_PER_MONTH; errors name `field`."""
    value = parse_decimal(gb, field)
    if value < 0:
        raise UsageError(f"{field}: must be 0 or more (GB per month), got {brief(gb, quote=False)}")
    if value > MAX_GB_PER_MONTH:
        raise UsageError(f"{field}: must be at most {MAX_GB_PER_MONTH:,} (GB per month), got {brief(gb, quote=False)}")
    return value


def check_endpoint_azs(value: object, azs: int, field: str = "endpoint_azs") -> int | None:
    """Endpoint AZs: None (every workload AZ) or 1 to `azs`."""
    if value is None:
        return None
    count = check_azs(value, field)
    if count > azs:
        raise UsageError(f"{field}: at most the {azs} AZ(s) in use, got {count}")
    return count


def _scenario(
    region: str,
    azs: object,
    endpoints: int | Sequence[str] | None,
    service: str | None,
    nat: str,
    hours: object,
    region_endpoint_gb: object,
    catalog: Catalog,
    kind: str | None = None,
    endpoint_azs: object = None,
    nat_active_azs: object = None,
) -> tuple[Scenario, Inputs]:
    region = check_text(region, "region", "us-east-1")
    nat = check_text(nat, "nat", "per-az")
    if service is not None:
        service = check_text(service, "service", "ecr")
    if kind is not None:
        kind = check_text(kind, "kind", "pull")
    azs_checked = check_azs(azs)
    hours_checked = check_hours(hours)
    extra_gb = check_gb(region_endpoint_gb, "region_endpoint_gb")
    if nat not in NAT_LAYOUTS:
        raise UsageError(f"nat: unknown NAT layout {nat!r}; allowed: {', '.join(NAT_LAYOUTS)}")
    ep_azs = check_endpoint_azs(endpoint_azs, azs_checked)
    active = None if nat_active_azs is None else check_azs(nat_active_azs, "nat_active_azs")
    if active is not None and nat != "regional":
        raise UsageError("nat_active_azs: only with the regional NAT layout (--nat regional)")
    catalog.region(region)
    interface: tuple[str, ...] | int
    gateways: tuple[tuple[str, str | None], ...] = ()
    share = Decimal(0)
    if service is not None and endpoints is not None:
        raise UsageError("endpoints: give either --endpoints or --service, not both")
    if kind is not None and service is None:
        raise UsageError("kind: a kind of traffic goes with --service")
    if service is not None:
        interface, gateways, share, kind = _service_set(service, kind)
    elif endpoints is None:
        interface = 1
    else:
        interface = endpoint_names(endpoints)
    _check_available(region, interface, gateways)
    layout: NatLayout = nat
    scenario = Scenario(
        region, azs_checked, interface, gateways, layout, hours_checked, extra_gb, share, ep_azs, active
    )
    count = interface if isinstance(interface, int) else len(interface)
    inputs = Inputs(
        region=region,
        azs=azs_checked,
        nat_layout=layout,
        hours_per_month=hours_checked,
        service=service,
        traffic_kind=kind,
        interface_endpoints=None if isinstance(interface, int) else list(interface),
        interface_endpoint_count=count,
        endpoint_azs=ep_azs or azs_checked,
        gateway_endpoints=[g for g, _ in gateways],
        gateway_share=share,
        nat_active_azs=active,
        region_endpoint_gb_per_month=extra_gb,
    )
    return scenario, inputs


def _service_set(
    name: str, kind: str | None
) -> tuple[tuple[str, ...], tuple[tuple[str, str | None], ...], Decimal, str | None]:
    """A service's endpoint set and the share of its bytes that ride gateway endpoints (`services.route`)."""
    from pl_cost.services import get_service, route, service_table  # only when asked: read from disk

    found = get_service(name)
    if kind is not None and kind not in found.traffic:
        allowed = ", ".join(found.traffic) or "none (it has one kind of traffic)"
        raise UsageError(f"kind: unknown kind of {name} traffic {kind!r}; allowed: {allowed}")
    kind = kind or found.default_traffic
    routed = route(name, {kind or "": Decimal(1)})
    gateways = {g.service: g.note for g in found.gateway_endpoints}
    table = service_table()
    share = Decimal(0)
    for target, part in routed.moved.items():
        if not table[target].is_gateway:
            raise UsageError(f"service: {name} sends bytes to {target}, which compare cannot price; use recommend")
        share += part
        for ref in table[target].gateway_endpoints:
            gateways.setdefault(ref.service, ref.note)
    if found.is_gateway:
        share = Decimal(1)
    return found.interface_endpoints, tuple(gateways.items()), share, kind


def endpoint_names(endpoints: int | str | Sequence[str]) -> tuple[str, ...] | int:
    """A count of interface endpoints (1 to MAX_ENDPOINTS) or their names, each once; every command parses here.

    Names come as a list or as one comma-separated string ("kms,sts"), as on the command line.
    """
    if isinstance(endpoints, int) and not isinstance(endpoints, bool):
        if not 1 <= endpoints <= MAX_ENDPOINTS:
            raise UsageError(f"endpoints: count must be from 1 to {MAX_ENDPOINTS}, got {brief(endpoints)}")
        return endpoints
    if isinstance(endpoints, str):
        endpoints = endpoints.split(",")
    if not isinstance(endpoints, (list, tuple)) or not all(isinstance(e, str) for e in endpoints):
        raise UsageError(
            f"endpoints: give a count from 1 to {MAX_ENDPOINTS} or endpoint names, got {brief(endpoints, quote=False)}"
        )
    names = tuple(e.strip() for e in endpoints if e.strip())
    if not names:
        raise UsageError("endpoints: give a count or at least one endpoint name")
    for name in names:
        if not ENDPOINT_NAME.fullmatch(name):
            raise UsageError(
                f"endpoints: {brief(name)} is not an endpoint name like ecr.api (the suffix of "
                f"com.amazonaws.<region>.<service>) nor a count from 1 to {MAX_ENDPOINTS}"
            )
    if len(set(names)) != len(names):
        raise UsageError("endpoints: each endpoint name once")
    return names


def _check_available(
    region: str, interface: tuple[str, ...] | int, gateways: tuple[tuple[str, str | None], ...]
) -> None:
    """Asking for an endpoint the region lacks is an error, never a silent plan."""
    if isinstance(interface, int):
        names: list[str] = [g for g, _ in gateways]
    else:
        names = [*interface, *(g for g, _ in gateways)]
    if names:  # a bare count names no endpoint: nothing to look up (and nothing to load)
        from pl_cost.endpoint_services import require_available

        require_available(region, names)


class Dated(Protocol):
    """Anything priced from a dated rate: a line item, a many-VPC charge."""

    @property
    def source_date(self) -> date | None: ...


def prices_used(catalog: Catalog, region: str, items: Iterable[Dated] = ()) -> PricesUsed:
    """Which catalog priced an answer, and how old the rates it used are (the snapshot can be newer)."""
    dates = [item.source_date for item in items if item.source_date is not None]
    return PricesUsed(
        region=region,
        region_name=catalog.region(region).name,
        catalog=catalog.origin,
        snapshot_date=catalog.snapshot_date,
        currency=catalog.currency,
        overrides=list(catalog.overrides),
        oldest_rate_date=min(dates, default=None),
        newest_rate_date=max(dates, default=None),
    )


def _rates_of(scenario: Scenario, catalog: Catalog) -> list[LineItem]:
    """The line items of both paths at 1 GB: which rates this scenario uses."""
    return [
        *price_path(scenario, catalog, Decimal(1), "nat").line_items,
        *price_path(scenario, catalog, Decimal(1), "endpoint").line_items,
    ]


def _assumptions(scenario: Scenario, inputs: Inputs) -> list[str]:
    from pl_cost import assumptions as words

    notes = [
        words.hours_line(scenario.hours),
        "The same GB go through the NAT on the NAT path and through the endpoints on the endpoint path.",
        words.endpoint_azs_line(inputs.endpoint_azs, scenario.azs),
        words.INTERNET_EGRESS,
        *words.nat_layout_lines(scenario.nat_layout, scenario.azs, scenario.nat_active_azs),
    ]
    names = [*(inputs.interface_endpoints or []), *inputs.gateway_endpoints]
    if names:
        notes += words.endpoint_name_lines(scenario.region, names)
    if inputs.service is not None:
        from pl_cost.services import route

        notes += words.route_lines(route(inputs.service, {inputs.traffic_kind or "": Decimal(1)}))
    if scenario.region_endpoint_gb:
        notes.append(
            f"{format_quantity(scenario.region_endpoint_gb)} GB/month of other interface-endpoint traffic in the "
            "region come first in the data tiers."
        )
    return notes


def _gateway_alone(
    scenario: Scenario, inputs: Inputs, catalog: Catalog, gb: Decimal, nat_stays: SituationResult
) -> GatewayAlone | None:
    """The NAT kept, only the free gateway endpoints added: the NAT processes the other GB only."""
    if not scenario.gateway_share or not scenario.gateway_endpoints:
        return None
    on_gateways = gb * scenario.gateway_share
    today = price_path(scenario, catalog, gb, "nat").total_monthly
    after = price_path(scenario, catalog, gb - on_gateways, "nat").total_monthly
    return GatewayAlone(
        endpoints=inputs.gateway_endpoints,
        gb_per_month=on_gateways,
        savings_monthly=today - after,
        interface_endpoints_savings_monthly=nat_stays.savings_monthly - (today - after),
    )


def compare(
    gb: object,
    azs: object = 1,
    region: str = "us-east-1",
    *,
    endpoints: int | Sequence[str] | None = None,
    service: str | None = None,
    nat: str = "per-az",
    hours: object = DEFAULT_HOURS_PER_MONTH,
    region_endpoint_gb: object = 0,
    catalog: Catalog | None = None,
    kind: str | None = None,
    endpoint_azs: object = None,
    nat_active_azs: object = None,
) -> Comparison:
    """Price `gb` GB/month through the NAT against through VPC endpoints, in both situations.

    With `service`, the service's endpoint set is priced with its bytes routed as AWS documents (ECR
    pulls ride the free S3 gateway endpoint); `kind` picks the kind of its traffic (pull or push).
    """
    catalog = check_catalog(catalog)
    gb_checked = check_gb(gb, "gb")
    scenario, inputs = _scenario(
        region, azs, endpoints, service, nat, hours, region_endpoint_gb, catalog, kind, endpoint_azs, nat_active_azs
    )
    inputs = inputs.model_copy(update={"gb_per_month": gb_checked})
    nat_path = price_path(scenario, catalog, gb_checked, "nat")
    endpoint_path = price_path(scenario, catalog, gb_checked, "endpoint")
    situations = {s: situation_result(scenario, catalog, gb_checked, s) for s in SITUATIONS}
    return Comparison(
        inputs=inputs,
        prices=prices_used(catalog, region, [*nat_path.line_items, *endpoint_path.line_items]),
        assumptions=_assumptions(scenario, inputs),
        nat_path=nat_path,
        endpoint_path=endpoint_path,
        situations=situations,
        gateway_alone=_gateway_alone(scenario, inputs, catalog, gb_checked, situations["nat_stays"]),
    )


def break_even(
    azs: object | Sequence[object] = 1,
    region: str = "us-east-1",
    *,
    endpoints: int | Sequence[str] | None = None,
    service: str | None = None,
    nat: str = "per-az",
    hours: object = DEFAULT_HOURS_PER_MONTH,
    region_endpoint_gb: object = 0,
    catalog: Catalog | None = None,
    kind: str | None = None,
    endpoint_azs: object = None,
    nat_active_azs: object = None,
) -> BreakEvenReport:
    """The GB/month at which endpoints start to pay, for each AZ count, in both situations."""
    catalog = check_catalog(catalog)
    counts = list(azs) if isinstance(azs, (list, tuple)) else [azs]
    if not counts:
        raise UsageError("azs: give at least one AZ count")
    if len({str(c).strip() for c in counts}) != len(counts):
        raise UsageError("azs: give each AZ count once")
    rows: list[BreakEvenRow] = []
    inputs: list[Inputs] = []
    assumptions: list[str] = []
    for count in counts:
        scenario, row_inputs = _scenario(
            region, count, endpoints, service, nat, hours, region_endpoint_gb, catalog, kind, endpoint_azs,
            nat_active_azs,
        )  # fmt: skip
        inputs.append(row_inputs)
        assumptions = assumptions or _assumptions(scenario, row_inputs)
        rows.append(
            BreakEvenRow(
                azs=scenario.azs,
                nat_stays=break_even_for(scenario, catalog, "nat_stays"),
                nat_goes=break_even_for(scenario, catalog, "nat_goes"),
            )
        )
    prices = prices_used(catalog, region, _rates_of(scenario, catalog))
    return BreakEvenReport(inputs=inputs, prices=prices, assumptions=assumptions, rows=rows)


class CurvePoint(BaseModel):
    """Monthly cost of each side at one volume."""

    model_config = ConfigDict(frozen=True)
    gb: Decimal
    nat_path_monthly: Decimal
    endpoints_nat_stays_monthly: Decimal
    endpoints_nat_goes_monthly: Decimal


class CostCurves(BaseModel):
    """Cost against volume for both paths and situations: exact, since costs are linear between points."""

    model_config = ConfigDict(frozen=True)
    schema_name: str = "pl-cost/curves"
    schema_version: int = COMPARE_SCHEMA_VERSION
    inputs: Inputs
    prices: PricesUsed
    points: list[CurvePoint]
    break_evens: dict[SituationName, BreakEven]


def cost_curves(
    gb_max: object | None = None,
    azs: object = 1,
    region: str = "us-east-1",
    *,
    endpoints: int | Sequence[str] | None = None,
    service: str | None = None,
    nat: str = "per-az",
    hours: object = DEFAULT_HOURS_PER_MONTH,
    region_endpoint_gb: object = 0,
    catalog: Catalog | None = None,
    around_gb: object | None = None,
    kind: str | None = None,
    endpoint_azs: object = None,
    nat_active_azs: object = None,
) -> CostCurves:
    """Cost curves from 0 to `gb_max` GB/month.

    Without `gb_max` the range is twice the largest of the break-evens and `around_gb`, at least 100
    (1,000 when neither is known), so the interesting part of the chart is in view.
    """
    catalog = check_catalog(catalog)
    scenario, inputs = _scenario(
        region, azs, endpoints, service, nat, hours, region_endpoint_gb, catalog, kind, endpoint_azs, nat_active_azs
    )
    evens = {s: break_even_for(scenario, catalog, s) for s in SITUATIONS}
    crossings = [c for even in evens.values() for c in even.crossings]
    if gb_max is None:
        focus = [*crossings] + ([check_gb(around_gb, "around_gb")] if around_gb is not None else [])
        top = max([Decimal(100), *(2 * c for c in focus)]) if focus else Decimal(1000)
    else:
        top = check_gb(gb_max, "gb_max")
        if top <= 0:
            raise UsageError("gb_max: must be above 0")
    volumes = sorted({p for p in [*breakpoints(scenario, catalog), *crossings, top] if p <= top})
    points = []
    for gb in volumes:
        nat_side, stays = situation_costs(scenario, catalog, gb, "nat_stays")
        goes = situation_costs(scenario, catalog, gb, "nat_goes")[1]
        points.append(CurvePoint(
            gb=gb, nat_path_monthly=nat_side, endpoints_nat_stays_monthly=stays, endpoints_nat_goes_monthly=goes,
        ))  # fmt: skip
    prices = prices_used(catalog, region, _rates_of(scenario, catalog))
    return CostCurves(inputs=inputs, prices=prices, points=points, break_evens=evens)
