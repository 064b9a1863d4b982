"""The SQL, in one place: DuckDB runs it locally and `--athena` prints the reduction for Athena (Trino).

`REDUCE_SQL` is the heavy part (one pass over every record) and is the same text on both engines.
It marks malformed records (rules.py), and groups the rest by interface, status and action, keeping
addresses only where they matter:

- a translated leg (packet-level address differs from the interface-level one) keeps the
  interface's own address (`via_addr`), the client (`local_addr`) and the far end (`remote_addr`);
- an untranslated record keeps its two addresses (`plain`) on the interfaces that may be NAT
  gateways: those named (inventory, --nat-eni), or every requester-managed one when NAT gateways
  are to be recognised from the records.

Everything after it reads that small result: on Athena the CSV result comes back through
`pl-cost profile from-athena-result`, locally the same rows stay in DuckDB.
"""

from __future__ import annotations

from pl_cost.evidence.rules import well_formed_sql

#: Columns of the reduced result, in order: what the Athena query returns and the local engines build.
REDUCED_COLUMNS = (
    "interface_id",
    "log_status",
    "action",
    "leg",
    "via_addr",
    "local_addr",
    "remote_addr",
    "has_pkt",
    "instance_id",
    "records",
    "bytes",
    "first_start",
    "last_end",
)

#: Columns the reduction reads, under their SQL names: text NULL where the log has '-' or lacks the
#: field, integers NULL likewise, `bad` when a number was not plain digits, `has_pkt` when the format
#: has pkt-srcaddr and pkt-dstaddr.
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
    "bad",
    "has_pkt",
)

REDUCE_SQL = """\
WITH tagged AS (
  SELECT *,
    CASE
      WHEN NOT ({well_formed}) THEN 'MALFORMED'
      ELSE coalesce(log_status, '-')
    END AS status
  FROM {source}
),
legs AS (
  SELECT *,
    CASE
      WHEN status = 'MALFORMED' THEN NULL
      WHEN has_pkt AND pkt_dstaddr <> dstaddr THEN 'out'
      WHEN has_pkt AND pkt_srcaddr <> srcaddr THEN 'in'
      WHEN status IN ('OK', '-') AND {keep_plain} THEN 'plain'
    END AS leg
  FROM tagged
)
SELECT
  interface_id,
  status AS log_status,
  coalesce(action, '-') AS action,
  leg,
  CASE leg WHEN 'out' THEN dstaddr WHEN 'in' THEN srcaddr END AS via_addr,
  CASE leg WHEN 'out' THEN srcaddr WHEN 'in' THEN dstaddr WHEN 'plain' THEN srcaddr END AS local_addr,
  CASE leg WHEN 'out' THEN pkt_dstaddr WHEN 'in' THEN pkt_srcaddr WHEN 'plain' THEN dstaddr END AS remote_addr,
  has_pkt AND status <> 'MALFORMED' AS has_pkt,
  min(instance_id) AS instance_id,
  count(*) AS records,
  sum(CASE WHEN status <> 'MALFORMED' THEN coalesce(bytes, 0) ELSE 0 END) AS bytes,
  min(start) AS first_start,
  max("end") AS last_end
FROM legs
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""


def keep_plain_sql(nat_enis: list[str] | None) -> str:
    """Which interfaces keep untranslated addresses: the named ones, or every requester-managed one."""
    if nat_enis is None:
        return "instance_id IS NULL"
    if not nat_enis:
        return "FALSE"
    return "interface_id IN (" + ", ".join(_literal(e) for e in nat_enis) + ")"


def reduce_sql(source: str, nat_enis: list[str] | None) -> str:
    """The reduction over a relation with the SOURCE_COLUMNS (a table, view or subquery)."""
    return REDUCE_SQL.format(source=source, well_formed=well_formed_sql(), keep_plain=keep_plain_sql(nat_enis))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: NAT gateway interfaces recognised from the records: requester-managed (no instance id), translating
#: addresses for others, and sending from its own address to the same far ends itself. Transit gateway,
#: Gateway Load Balancer endpoint and firewall interfaces translate but never talk to the far end from
#: their own address; endpoint, load balancer and Lambda interfaces do not translate
#: (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html).
DETECT_NAT_SQL = """\
SELECT DISTINCT t.interface_id
FROM reduced t
JOIN reduced p
  ON p.interface_id = t.interface_id AND p.leg = 'plain' AND p.instance_id IS NULL
  AND p.local_addr = t.via_addr AND p.remote_addr = t.remote_addr
WHERE t.leg IN ('out', 'in') AND t.instance_id IS NULL
UNION
SELECT DISTINCT t.interface_id
FROM reduced t
JOIN reduced p
  ON p.interface_id = t.interface_id AND p.leg = 'plain' AND p.instance_id IS NULL
  AND p.local_addr = t.remote_addr AND p.remote_addr = t.via_addr
WHERE t.leg IN ('out', 'in') AND t.instance_id IS NULL
"""

#: Per interface: what its records show, to explain an interface that is not taken as a NAT gateway.
INTERFACE_SQL = """\
SELECT interface_id,
  sum(records),
  sum(CASE WHEN leg IN ('out', 'in') THEN records ELSE 0 END),
  min(instance_id),
  min(via_addr),
  sum(CASE WHEN log_status IN ('NODATA', 'SKIPDATA') THEN records ELSE 0 END)
FROM reduced
WHERE interface_id IS NOT NULL AND log_status <> 'MALFORMED'
GROUP BY 1
"""


def ipv4_int_sql(column: str) -> str:
    """Dotted IPv4 text to an integer without the inet extension; NULL for IPv6 or text (as ipranges.ipv4_int)."""
    pattern = r"'(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})'"
    parts = [f"TRY_CAST(regexp_extract({column}, {pattern}, {i}) AS BIGINT)" for i in range(1, 5)]
    checks = " AND ".join(f"{p} <= 255" for p in parts)
    number = f"{parts[0]} * 16777216 + {parts[1]} * 65536 + {parts[2]} * 256 + {parts[3]}"
    return f"(CASE WHEN regexp_full_match({column}, {pattern}) AND {checks} THEN {number} END)"


#: Accepted records of NAT interfaces in a usable status: the only ones whose bytes count.
_COUNTED = "r.log_status IN ('OK', '-') AND r.action IN ('ACCEPT', '-')"

#: One leg per direction of each NAT flow. Packet-address method: the translated legs between client
#: and NAT, whose pkt address is the far end. NAT-address method (formats without pkt-*): the legs
#: between the NAT's own address and an address that is not one of the VPC's clients.
LEGS_SQL = f"""\
SELECT r.interface_id, r.leg AS direction, r.local_addr, r.remote_addr, r.bytes, r.records
FROM reduced r JOIN nat_enis n ON r.interface_id = n.interface_id
WHERE r.has_pkt AND r.leg IN ('out', 'in') AND {_COUNTED}
UNION ALL
SELECT r.interface_id, 'out', CAST(NULL AS VARCHAR), r.remote_addr, r.bytes, r.records
FROM reduced r JOIN nat_addresses a ON r.interface_id = a.interface_id AND r.local_addr = a.address
WHERE NOT r.has_pkt AND r.leg = 'plain' AND {_COUNTED}
  AND NOT EXISTS (SELECT 1 FROM client_ranges c WHERE {ipv4_int_sql("r.remote_addr")} BETWEEN c.first_ip AND c.last_ip)
UNION ALL
SELECT r.interface_id, 'in', CAST(NULL AS VARCHAR), r.local_addr, r.bytes, r.records
FROM reduced r JOIN nat_addresses a ON r.interface_id = a.interface_id AND r.remote_addr = a.address
WHERE NOT r.has_pkt AND r.leg = 'plain' AND {_COUNTED}
  AND NOT EXISTS (SELECT 1 FROM client_ranges c WHERE {ipv4_int_sql("r.local_addr")} BETWEEN c.first_ip AND c.last_ip)
"""

STATS_SQL = """\
WITH counted AS (SELECT coalesce(sum(records), 0) AS used FROM legs)
SELECT
  coalesce(sum(CASE WHEN r.log_status <> 'MALFORMED' THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN r.log_status = 'MALFORMED' THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN r.log_status = 'NODATA' THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN r.log_status = 'SKIPDATA' THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN r.log_status IN ('OK', '-') AND n.interface_id IS NULL THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN r.log_status IN ('OK', '-') AND n.interface_id IS NOT NULL THEN records ELSE 0 END), 0),
  coalesce(sum(CASE WHEN r.log_status IN ('OK', '-') AND n.interface_id IS NOT NULL AND r.action = 'REJECT'
    THEN records ELSE 0 END), 0),
  min(CASE WHEN r.log_status <> 'MALFORMED' THEN first_start END),
  max(CASE WHEN r.log_status <> 'MALFORMED' THEN last_end END),
  (SELECT used FROM counted)
FROM reduced r LEFT JOIN nat_enis n ON r.interface_id = n.interface_id
"""

#: Classes of destination; a VPC endpoint can take over only `service:<name>` traffic. Mirrors
#: attribute.classify line by line.
ATTRIBUTE_SQL = f"""\
WITH grouped AS (
  SELECT direction, local_addr, remote_addr, sum(bytes) AS bytes, sum(records) AS records
  FROM legs
  GROUP BY 1, 2, 3
),
remotes AS (
  SELECT remote_addr, {ipv4_int_sql("remote_addr")} AS ip FROM (SELECT DISTINCT remote_addr FROM grouped)
),
matched AS (
  SELECT m.remote_addr, g.service, g.region,
    row_number() OVER (
      PARTITION BY m.remote_addr
      ORDER BY g.service = 'AMAZON', g.prefix_len DESC, g.service NOT IN ('S3', 'DYNAMODB'), g.service, g.region
    ) AS pick
  FROM remotes m JOIN ip_ranges g ON m.ip BETWEEN g.first_ip AND g.last_ip
),
private AS (
  SELECT DISTINCT m.remote_addr FROM remotes m JOIN private_ranges p ON m.ip BETWEEN p.first_ip AND p.last_ip
),
labelled AS (
  SELECT l.direction, l.bytes, l.records, m.ip, b.service AS range_service, b.region AS range_region,
    v.remote_addr IS NOT NULL AS is_private,
    coalesce(p.label, a.label) AS dns_label, p.label IS NULL AND a.label IS NOT NULL AS answer_only
  FROM grouped l
  JOIN remotes m ON m.remote_addr = l.remote_addr
  LEFT JOIN (SELECT * FROM matched WHERE pick = 1) b ON b.remote_addr = l.remote_addr
  LEFT JOIN private v ON v.remote_addr = l.remote_addr
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
      WHEN is_private THEN 'private'
      WHEN dns_label IS NOT NULL THEN dns_label
      WHEN range_region = $region THEN 'aws-unattributed'
      WHEN range_region = 'GLOBAL' THEN 'aws-global'
      WHEN range_service IS NOT NULL THEN 'aws-other-region'
      WHEN ip IS NULL THEN 'ipv6-unattributed'
      ELSE 'internet'
    END AS destination
  FROM labelled
)
SELECT destination, direction, sum(bytes), sum(records),
  sum(CASE WHEN destination = dns_label AND answer_only
    AND coalesce(range_service, '') NOT IN ('S3', 'DYNAMODB') THEN bytes ELSE 0 END)
FROM classed
GROUP BY 1, 2
ORDER BY 1, 2
"""
