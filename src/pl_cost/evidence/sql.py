"""The attribution SQL, in one place: DuckDB runs it locally and `--athena` prints it for Athena (Trino).

`REDUCE_SQL` is the heavy part (one pass over every record) and is the same text on both engines:
it keeps one leg per direction of each NAT flow (the instance-side legs, where `pkt-dstaddr` or
`pkt-srcaddr` differs from `dstaddr` / `srcaddr`) and groups bytes by (interface, local address,
remote address). Everything after it reads that small result: on Athena the CSV result comes back
through `pl-cost profile from-athena-result`, locally the same rows stay in DuckDB.
"""

from __future__ import annotations

#: Columns of the reduced result, in order: what the Athena query returns and the local engines build.
REDUCED_COLUMNS = (
    "interface_id",
    "log_status",
    "action",
    "direction",
    "local_addr",
    "remote_addr",
    "requester_managed",
    "records",
    "bytes",
    "first_start",
    "last_end",
)

#: Columns the reduction reads, under their SQL names; optional ones may be NULL (`-` in the log).
SOURCE_COLUMNS = (
    "interface_id",
    "srcaddr",
    "dstaddr",
    "pkt_srcaddr",
    "pkt_dstaddr",
    "instance_id",
    "action",
    "log_status",
    "bytes",
    "start",
    "end",
)

# Both dialects: coalesce(x, '-') because DuckDB reads '-' as NULL and Athena keeps it as text.
REDUCE_SQL = """\
WITH tagged AS (
  SELECT
    interface_id,
    coalesce(log_status, '-') AS log_status,
    coalesce(action, '-') AS action,
    coalesce(instance_id, '-') = '-' AS requester_managed,
    CASE
      WHEN coalesce(pkt_dstaddr, '-') <> '-' AND pkt_dstaddr <> dstaddr THEN 'out'
      WHEN coalesce(pkt_srcaddr, '-') <> '-' AND pkt_srcaddr <> srcaddr THEN 'in'
    END AS direction,
    srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr, bytes, start, "end"
  FROM {source}
  WHERE {where}
)
SELECT
  interface_id,
  log_status,
  action,
  direction,
  CASE direction WHEN 'out' THEN srcaddr WHEN 'in' THEN dstaddr END AS local_addr,
  CASE direction WHEN 'out' THEN pkt_dstaddr WHEN 'in' THEN pkt_srcaddr END AS remote_addr,
  bool_and(requester_managed) AS requester_managed,
  count(*) AS records,
  sum(coalesce(bytes, 0)) AS bytes,
  min(start) AS first_start,
  max("end") AS last_end
FROM tagged
GROUP BY 1, 2, 3, 4, 5, 6
"""

#: NAT gateway interfaces recognised from the records: requester-managed (instance-id '-') with
#: translated legs (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
DETECT_NAT_SQL = """\
SELECT DISTINCT interface_id FROM reduced WHERE direction IS NOT NULL AND requester_managed ORDER BY 1
"""

#: Counted legs: accepted records of the NAT interfaces ('-' where the log format lacks the field).
_COUNTED = "r.direction IS NOT NULL AND r.log_status IN ('OK', '-') AND r.action IN ('ACCEPT', '-')"

STATS_SQL = f"""\
SELECT
  coalesce(sum(records), 0),
  coalesce(sum(CASE WHEN log_status = 'NODATA' THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN log_status = 'SKIPDATA' THEN records ELSE 0 END), 0),
  min(first_start),
  max(last_end),
  coalesce(sum(CASE WHEN n.interface_id IS NOT NULL THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN n.interface_id IS NOT NULL AND {_COUNTED} THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN n.interface_id IS NOT NULL AND r.direction IS NOT NULL AND r.action = 'REJECT'
    THEN records ELSE 0 END), 0)
FROM reduced r LEFT JOIN nat_enis n ON r.interface_id = n.interface_id
"""


def ipv4_int_sql(column: str) -> str:
    """Dotted IPv4 text to an integer without the inet extension; NULL for IPv6 or '-'."""
    parts = [f"TRY_CAST(split_part({column}, '.', {i}) AS BIGINT)" for i in range(1, 5)]
    return f"({parts[0]} * 16777216 + {parts[1]} * 65536 + {parts[2]} * 256 + {parts[3]})"


#: Classes of destination; a VPC endpoint can take over only `service:<name>` traffic.
ATTRIBUTE_SQL = f"""\
WITH legs AS (
  SELECT r.direction, r.local_addr, r.remote_addr, sum(r.bytes) AS bytes, sum(r.records) AS records
  FROM reduced r JOIN nat_enis n ON r.interface_id = n.interface_id
  WHERE {_COUNTED}
  GROUP BY 1, 2, 3
),
remotes AS (
  SELECT remote_addr, {ipv4_int_sql("remote_addr")} AS ip FROM (SELECT DISTINCT remote_addr FROM legs)
),
matched AS (
  SELECT m.remote_addr, g.service, g.region,
    row_number() OVER (
      PARTITION BY m.remote_addr
      ORDER BY g.service = 'AMAZON', g.prefix_len DESC, g.service NOT IN ('S3', 'DYNAMODB'), g.service, g.region
    ) AS pick
  FROM remotes m JOIN ip_ranges g ON m.ip BETWEEN g.first_ip AND g.last_ip
),
labelled AS (
  SELECT l.direction, l.bytes, l.records, m.ip, b.service AS range_service, b.region AS range_region,
    coalesce(p.label, a.label) AS dns_label, p.label IS NULL AND a.label IS NOT NULL AS answer_only
  FROM legs l
  JOIN remotes m ON m.remote_addr = l.remote_addr
  LEFT JOIN (SELECT * FROM matched WHERE pick = 1) b ON b.remote_addr = l.remote_addr
  LEFT JOIN dns_pairs p ON p.local_addr = l.local_addr AND p.answer_addr = l.remote_addr
  LEFT JOIN dns_answers a ON a.answer_addr = l.remote_addr
),
classed AS (
  SELECT *,
    CASE
      WHEN range_service = 'S3' AND range_region = $region THEN 'service:s3'
      WHEN range_service = 'S3' THEN 's3-other-region'
      WHEN range_service = 'DYNAMODB' AND range_region = $region THEN 'service:dynamodb'
      WHEN range_service = 'DYNAMODB' THEN 'dynamodb-other-region'
      WHEN dns_label IS NOT NULL THEN dns_label
      WHEN range_service IS NOT NULL THEN 'aws-unattributed'
      WHEN ip IS NULL THEN 'ipv6-unattributed'
      ELSE 'internet'
    END AS destination,
    coalesce(range_service, '') NOT IN ('S3', 'DYNAMODB') AND dns_label IS NOT NULL AND answer_only AS loose
  FROM labelled
)
SELECT destination, direction, sum(bytes), sum(records), sum(CASE WHEN loose THEN bytes ELSE 0 END)
FROM classed
GROUP BY 1, 2
ORDER BY 1, 2
"""


def reduce_sql(source: str, where: str = "TRUE") -> str:
    """The reduction over a flow-log relation with the SOURCE_COLUMNS (a table, view or subquery)."""
    return REDUCE_SQL.format(source=source, where=where)
