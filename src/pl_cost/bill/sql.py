"""The bill's SQL, one text for both engines: DuckDB runs it on local files, `--athena` prints it for Athena (Trino).

`projection_sql` renames a bill's own columns to the canonical ones (`columns.CANONICAL`);
`AGGREGATE_SQL` keeps the rows that matter (NAT gateway, interface endpoint, Transit Gateway and public
IPv4 usage types, every row carrying a NAT gateway's ARN, EC2 and VPC tax), names each row's charge by
its whole usage type after the region prefix (`USE2-NatGateway-Bytes` is `NatGateway-Bytes`;
`RegionalNatGateway-Bytes` is not), and sums exact decimals per NAT, charge and row kind. Only
functions both dialects share are used: regexp_replace, LIKE, CAST, TRY_CAST, substr, split_part.
"""

from __future__ import annotations

from pl_cost.bill.columns import CANONICAL, NUMERIC

#: The aggregation's output, in order: what DuckDB returns and the Athena result CSV holds.
RESULT_COLUMNS = (
    "billing_period",
    "account_id",
    "region",
    "resource_id",
    "charge",
    "usage_type",
    "line_item_type",
    "provider",
    "line_items",
    "usage_amount",
    "unblended_cost",
    "net_unblended_cost",
    "net_line_items",
    "public_on_demand_cost",
    "total_discount",
    "first_usage",
    "last_usage",
    "bad_numbers",
    "billing_period_end",
)
#: Result columns an older Athena result may lack (read as unknown).
OPTIONAL_RESULT_COLUMNS = ("billing_period_end",)
#: Result columns holding whole numbers and exact decimals.
COUNT_COLUMNS = ("line_items", "net_line_items", "bad_numbers")
DECIMAL_COLUMNS = ("usage_amount", "unblended_cost", "net_unblended_cost", "public_on_demand_cost", "total_discount")

#: The precision sums keep: ten decimal places, as the CUR writes its figures.
DECIMAL_TYPE = "DECIMAL(38, 10)"

#: Region billing-code prefixes (`USE1-`, `EU-`, `APN1-`, Local Zones' `LAX1-`), stripped before matching.
REGION_PREFIX = "^([A-Z]{2,4}[0-9]{0,2}-)+"

#: Charges by whole usage type (after the prefix); Amazon VPC billing codes:
#: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-billing-usage-reports.html
CHARGES_BY_USAGE_TYPE = (
    ("NatGateway-Hours", "nat_hours"),
    ("NatGateway-Bytes", "nat_gb"),
    ("RegionalNatGateway-Hours", "regional_nat_hours"),
    ("RegionalNatGateway-Bytes", "regional_nat_gb"),
    ("VpcEndpoint-Hours", "endpoint_hours"),
    ("VpcEndpoint-Bytes", "endpoint_gb"),
    ("TransitGateway-Hours", "tgw_hours"),
    ("TransitGateway-Bytes", "tgw_gb"),
    ("PublicIPv4:InUseAddress", "public_ipv4"),
    ("PublicIPv4:IdleAddress", "public_ipv4_idle"),
    ("DataTransfer-Out-Bytes", "internet_out"),
    ("DataTransfer-In-Bytes", "internet_in"),
    ("DataTransfer-Regional-Bytes", "inter_az"),
)
#: Usage types that start like a NAT, endpoint or TGW charge but are none of the above stay apart.
CHARGE_FAMILIES = (
    ("NatGateway-%", "nat_other"),
    ("RegionalNatGateway-%", "nat_other"),
    ("VpcEndpoint-%", "endpoint_other"),
    ("TransitGateway-%", "tgw_other"),
    ("PublicIPv4:%", "public_ipv4_other"),
)

#: A FOCUS export without AWS usage types: NAT rows named by their description, as in the public FOCUS
#: sample data ("$0.045 per NAT Gateway Hour", "$0.045 per GB Data Processed by NAT Gateways").
CHARGES_BY_DESCRIPTION = (
    ("%per NAT Gateway Hour%", "nat_hours"),
    ("%Data Processed by NAT Gateway%", "nat_gb"),
    ("%NAT Gateway%", "nat_other"),
)

_RELEVANT = """\
    usage_type LIKE '%NatGateway%'
    OR usage_type LIKE '%VpcEndpoint%'
    OR usage_type LIKE '%TransitGateway%'
    OR usage_type LIKE '%PublicIPv4%'
    OR resource_id LIKE '%:natgateway/%'
    OR description LIKE '%NAT Gateway%'
    OR (line_item_type = 'Tax' AND product_code IN ('AmazonEC2', 'AmazonVPC'))"""


def _charge_case() -> str:
    lines = ["    CASE"]
    for usage_type, charge in CHARGES_BY_USAGE_TYPE:
        lines.append(f"      WHEN base_type = '{usage_type}' THEN '{charge}'")
    for pattern, charge in CHARGE_FAMILIES:
        lines.append(f"      WHEN base_type LIKE '{pattern}' THEN '{charge}'")
    lines.append("      WHEN usage_type LIKE '%-AWS-Out-Bytes' OR usage_type LIKE '%-AWS-In-Bytes' THEN 'inter_region'")
    for pattern, charge in CHARGES_BY_DESCRIPTION:
        lines.append(f"      WHEN description LIKE '{pattern}' THEN '{charge}'")
    lines.append("      WHEN line_item_type = 'Tax' THEN 'tax'")
    lines.append("      ELSE 'other'")
    lines.append("    END")
    return "\n".join(lines)


def _unreadable() -> str:
    """A number column holding something that is not a number (TRY_CAST gives NULL for it)."""
    return " OR ".join(
        f"({c} IS NOT NULL AND TRY_CAST({c} AS {DECIMAL_TYPE}) IS NULL)"
        for c in ("usage_amount", "unblended_cost", "net_unblended_cost", "public_on_demand_cost", "total_discount")
    )


def _sum(column: str) -> str:
    return f"    sum(TRY_CAST({column} AS {DECIMAL_TYPE})) AS {column},"


AGGREGATE_SQL = (
    "WITH kept AS (\n"
    "  SELECT *\n"
    "  FROM {source}\n"
    "  WHERE\n" + _RELEVANT + "\n"
    "),\n"
    "summed AS (\n"
    "  SELECT\n"
    "    billing_period, account_id, region, resource_id, usage_type, line_item_type, provider, description,\n"
    "    count(*) AS line_items,\n"
    + _sum("usage_amount")
    + "\n"
    + _sum("unblended_cost")
    + "\n"
    + _sum("net_unblended_cost")
    + "\n"
    "    count(TRY_CAST(net_unblended_cost AS "
    + DECIMAL_TYPE
    + ")) AS net_line_items,\n"
    + _sum("public_on_demand_cost")
    + "\n"
    + _sum("total_discount")
    + "\n"
    "    min(usage_start) AS first_usage,\n"
    "    max(usage_end) AS last_usage,\n"
    "    max(billing_period_end) AS billing_period_end,\n"
    "    sum(CASE WHEN " + _unreadable() + " THEN 1 ELSE 0 END) AS bad_numbers\n"
    "  FROM kept\n"
    "  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8\n"
    "),\n"
    "named AS (\n"
    "  SELECT *, regexp_replace(coalesce(usage_type, ''), '" + REGION_PREFIX + "', '') AS base_type\n"
    "  FROM summed\n"
    ")\n"
    "SELECT\n"
    "  substr(CAST(billing_period AS VARCHAR), 1, 7) AS billing_period, account_id, region, resource_id,\n"
    + _charge_case()
    + " AS charge,\n"
    "  usage_type, line_item_type, provider, line_items, usage_amount, unblended_cost, net_unblended_cost,\n"
    "  net_line_items, public_on_demand_cost, total_discount,\n"
    "  CAST(first_usage AS VARCHAR) AS first_usage, CAST(last_usage AS VARCHAR) AS last_usage, bad_numbers,\n"
    "  CAST(billing_period_end AS VARCHAR) AS billing_period_end\n"
    "FROM named\n"
)


def quote(name: str) -> str:
    """A column name as a quoted identifier (both dialects use double quotes)."""
    return '"' + name.replace('"', '""') + '"'


def projection_sql(columns: dict[str, tuple[str, ...]], relation: str, provider: str | None = "AWS") -> str:
    """SELECT the canonical columns from a relation with the bill's own column names (several are coalesced)."""
    parts = []
    for canonical in CANONICAL:
        sources = columns.get(canonical) or ()
        if canonical == "provider" and provider is not None:
            parts.append(f"  '{provider}' AS provider")
        elif not sources:
            parts.append(f"  CAST(NULL AS VARCHAR) AS {canonical}")
        else:
            parts.append(f"  {_coalesced(canonical, sources)} AS {canonical}")
    return "SELECT\n" + ",\n".join(parts) + f"\nFROM {relation}"


def _coalesced(canonical: str, sources: tuple[str, ...]) -> str:
    # Values pass through as they are (timestamps stay timestamps): the aggregation formats only the rows it
    # keeps. Several candidate columns are coalesced, an empty text counting as absent.
    if len(sources) == 1:
        return quote(sources[0])
    if canonical in NUMERIC or canonical in ("billing_period", "billing_period_end", "usage_start", "usage_end"):
        return f"coalesce({', '.join(quote(s) for s in sources)})"
    return f"coalesce({', '.join(f'nullif(CAST({quote(s)} AS VARCHAR), {chr(39) * 2})' for s in sources)})"


#: The row kind of the groups `aggregate_sql(..., count_others=True)` adds: rows it does not keep, by provider.
NOT_KEPT = "(not kept)"


def aggregate_sql(source: str, count_others: bool = False) -> str:
    """The aggregation over a relation with the canonical columns (a table, view or parenthesised subquery).

    `count_others` (FOCUS files, which may hold several providers): the rows the aggregation does not keep
    are counted in the same pass, one group per provider with the row kind NOT_KEPT and every other key
    NULL, so a second scan is never needed to tell which providers a file holds.
    """
    if not count_others:
        return AGGREGATE_SQL.replace("{source}", source)
    blanked = ",\n".join(
        f"    CASE WHEN kept_row THEN {c} END AS {c}"
        if c != "line_item_type"
        else f"    CASE WHEN kept_row THEN {c} ELSE '{NOT_KEPT}' END AS {c}"
        for c in CANONICAL
        if c != "provider"
    )
    kept = (
        "WITH marked AS (\n"
        "  SELECT *, (\n" + _RELEVANT + "\n  ) AS kept_row\n"
        "  FROM {source}\n"
        "),\n"
        "kept AS (\n"
        "  SELECT\n" + blanked + ",\n    provider\n"
        "  FROM marked\n"
        "),\n"
    )
    head = AGGREGATE_SQL[: AGGREGATE_SQL.index("summed AS (")]
    return (kept + AGGREGATE_SQL[len(head) :]).replace("{source}", source)
