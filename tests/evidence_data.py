"""Generated VPC Flow Logs and Resolver query logs with a known truth of bytes per destination class.

Each NAT flow is written as AWS logs it on the NAT gateway's interface: four records (instance ->
NAT, NAT -> remote, remote -> NAT, NAT -> instance), plus the instance's own two records, so a
correct scan counts each byte once. Destination addresses come from the real ip-ranges.json.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "evidence"
IP_RANGES = ROOT / "src" / "pl_cost" / "data" / "ip-ranges.json"
ACCOUNT = "123456789012"
NAT_ENI = "eni-0a1b2c3d4e5f60001"
NAT_IP = "10.0.0.10"
NAT_ID = "nat-0a1b2c3d4e5f60001"
VPC_ID = "vpc-0e1a2b3c4d5e6f701"
VPC_CIDR = "10.0.0.0/16"
INSTANCE_ENIS = {"10.0.1.5": "eni-0a1b2c3d4e5f60011", "10.0.1.6": "eni-0a1b2c3d4e5f60012"}
ENDPOINT_ENI = "eni-0a1b2c3d4e5f60099"  # an interface endpoint: requester-managed, no translation
T0 = 1787270400  # 2026-08-21T00:00:00Z
#: Rounds of noise the scan must not count: each writes one endpoint record, one instance-to-instance record
#: and one rejected NAT leg.
NOISE_ROUNDS = 5

FIELDS = [
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
    "vpc-id",
    "subnet-id",
    "instance-id",
    "tcp-flags",
    "type",
    "pkt-srcaddr",
    "pkt-dstaddr",
    "flow-direction",
    "traffic-path",
]
#: The default format: version-2 fields in AWS's order (no instance-id, no pkt-* addresses).
DEFAULT_FIELDS = [
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
]


def _prefixes() -> list[tuple[ipaddress.IPv4Network, str, str]]:
    data = json.loads(IP_RANGES.read_text(encoding="utf-8"))
    return [(ipaddress.IPv4Network(p["ip_prefix"]), p["service"], p["region"]) for p in data["prefixes"]]


def _best(ip: ipaddress.IPv4Address, prefixes: list[tuple[ipaddress.IPv4Network, str, str]]) -> tuple[str, str] | None:
    """Brute-force most specific non-AMAZON match: an independent check of the engine's lookup."""
    hits = [(n.prefixlen, s, r) for n, s, r in prefixes if ip in n]
    if not hits:
        return None
    non_amazon = [h for h in hits if h[1] != "AMAZON"]
    pool = non_amazon or hits
    _length, service, region = max(pool, key=lambda h: (h[0], h[1] == "S3" or h[1] == "DYNAMODB"))
    return service, region


def pick_ip(service: str, region: str, skip: int = 0) -> str:
    """An address whose best ip-ranges match is (service, region); AMAZON means no other subset contains it."""
    prefixes = _prefixes()
    found = 0
    for network, svc, reg in prefixes:
        if svc != service or reg != region or network.num_addresses < 16:
            continue
        ip = network.network_address + 7
        if _best(ip, prefixes) == (service, region):
            if found == skip:
                return str(ip)
            found += 1
    raise LookupError(f"no address for {service} in {region}")


@dataclass
class Destination:
    """A remote address, its true class, and how many flows and bytes go there."""

    name: str
    address: str
    truth: str
    out_bytes: int
    in_bytes: int
    flows: int


@dataclass
class Scenario:
    """What was generated and the truth to compare with."""

    region: str
    span_seconds: int
    truth_bytes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    flow_dirs: list[Path] = field(default_factory=list)
    dns_files: list[Path] = field(default_factory=list)
    nodata: int = 0
    skipdata: int = 0
    records: int = 0
    order: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    inventory: list[Path] = field(default_factory=list)

    def truth_gb_per_month(self, hours: int = 730) -> dict[str, Decimal]:
        """Truth in GB (2^30 bytes) a month over the generated span."""
        factor = Decimal(hours * 3600) / Decimal(self.span_seconds)
        return {k: Decimal(v) / Decimal(2**30) * factor for k, v in self.truth_bytes.items()}


def destinations(region: str = "us-east-1") -> list[Destination]:
    """The destination mix: same- and other-region S3, DynamoDB, ECR, Logs, STS (regional, global), others."""
    other = "eu-west-1"
    return [
        Destination("s3", pick_ip("S3", region), "service:s3", 40_000_000, 900_000_000, 40),
        Destination("s3-eu", pick_ip("S3", other), "s3-other-region", 5_000_000, 120_000_000, 10),
        Destination("ddb", pick_ip("DYNAMODB", region), "service:dynamodb", 8_000_000, 30_000_000, 20),
        Destination("ecr-api", pick_ip("AMAZON", region, 0), "service:ecr", 2_000_000, 6_000_000, 12),
        Destination("ecr-dkr", pick_ip("AMAZON", region, 1), "service:ecr", 3_000_000, 9_000_000, 12),
        Destination("logs", pick_ip("AMAZON", region, 2), "service:logs", 70_000_000, 3_000_000, 24),
        Destination("sts", pick_ip("AMAZON", region, 3), "service:sts", 400_000, 900_000, 6),
        Destination("sts-global", pick_ip("AMAZON", region, 4), "aws-global", 300_000, 700_000, 6),
        Destination("aws-other", pick_ip("AMAZON", region, 5), "aws-unattributed", 9_000_000, 11_000_000, 8),
        Destination("web", "198.51.100.7", "internet", 20_000_000, 250_000_000, 16),
        Destination("web2", "203.0.113.9", "internet", 1_000_000, 4_000_000, 8),
        Destination("peer", "10.50.0.9", "private", 3_000_000, 2_000_000, 4),
        Destination("cgnat", "100.64.3.4", "private", 500_000, 700_000, 2),
    ]


def dns_records(region: str, dests: dict[str, Destination]) -> list[dict[str, object]]:
    """Resolver answers naming the AWS destinations (one through a CNAME chain, one seen by another client)."""

    def record(src: str, name: str, answers: list[tuple[str, str]]) -> dict[str, object]:
        return {
            "version": "1.100000",
            "account_id": ACCOUNT,
            "region": region,
            "vpc_id": VPC_ID,
            "query_timestamp": "2026-08-21T00:00:05Z",
            "query_name": name,
            "query_type": "A",
            "query_class": "IN",
            "rcode": "NOERROR",
            "answers": [{"Rdata": rdata, "Type": kind, "Class": "IN"} for kind, rdata in answers],
            "srcaddr": src,
            "srcport": "53123",
            "transport": "UDP",
            "srcids": {"instance": "i-0example"},
        }

    a, b = "10.0.1.5", "10.0.1.6"
    return [
        record(a, f"api.ecr.{region}.amazonaws.com.", [("A", dests["ecr-api"].address)]),
        record(b, f"api.ecr.{region}.amazonaws.com.", [("A", dests["ecr-api"].address)]),
        record(a, f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com.", [("A", dests["ecr-dkr"].address)]),
        record(b, f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com.", [("A", dests["ecr-dkr"].address)]),
        # CNAME chain: an internal alias for the Logs API.
        record(
            a,
            "logs.internal.example.",
            [("CNAME", f"logs.{region}.amazonaws.com."), ("A", dests["logs"].address)],
        ),
        # Client b's lookup is missing: its Logs bytes are matched on the answer address alone.
        record(a, f"sts.{region}.amazonaws.com.", [("A", dests["sts"].address)]),
        record(b, f"sts.{region}.amazonaws.com.", [("A", dests["sts"].address)]),
        record(a, "sts.amazonaws.com.", [("A", dests["sts-global"].address)]),
        record(b, "sts.amazonaws.com.", [("A", dests["sts-global"].address)]),
        record(a, "example.org.", [("A", dests["web"].address)]),
        record(a, "broken", []),
    ]


def _line(order: list[str], values: dict[str, object]) -> str:
    return " ".join(str(values.get(f, "-")) for f in order)


def generate(
    root: Path,
    *,
    region: str = "us-east-1",
    span_seconds: int = 86_400,
    seed: int = 7,
    files: int = 6,
    repeat: int = 1,
    shuffle_fields: bool = True,
    plain_files: int = 1,
    default_format: bool = False,
) -> Scenario:
    """Write flow logs under root/AWSLogs/..., Resolver logs under root/dns and the inventory under
    root/inventory; return the truth. `default_format` writes the version-2 default fields only."""
    rng = random.Random(seed)
    order = list(DEFAULT_FIELDS if default_format else FIELDS)
    if shuffle_fields and not default_format:
        rng.shuffle(order)
    dests = destinations(region)
    by_name = {d.name: d for d in dests}
    scenario = Scenario(region=region, span_seconds=span_seconds, order=order)
    day = "2026/08/21"
    folder = root / "AWSLogs" / ACCOUNT / "vpcflowlogs" / region / day
    folder.mkdir(parents=True, exist_ok=True)
    scenario.flow_dirs.append(root / "AWSLogs")
    buckets: list[list[str]] = [[] for _ in range(files)]
    window = span_seconds // files
    instances = list(INSTANCE_ENIS)

    def emit(values: dict[str, object], when: int) -> None:
        index = min(when // window, files - 1) if window else 0
        buckets[index].append(_line(order, values))
        scenario.records += 1

    version = 2 if default_format else 5
    base = {"version": version, "account-id": ACCOUNT, "protocol": 6, "vpc-id": VPC_ID, "type": "IPv4"}
    for _ in range(repeat):
        for dest in dests:
            outs = _split(dest.out_bytes, dest.flows, rng)
            ins = _split(dest.in_bytes, dest.flows, rng)
            for k in range(dest.flows):
                instance = instances[k % 2]
                start = T0 + rng.randrange(0, span_seconds - 60)
                end = start + 60
                out, back = outs[k], ins[k]
                scenario.truth_bytes[dest.truth] += out + back
                port = 32768 + rng.randrange(20000)
                nat = {
                    **base,
                    "interface-id": NAT_ENI,
                    "subnet-id": "subnet-0public",
                    "instance-id": "-",
                    "start": start,
                    "end": end,
                    "action": "ACCEPT",
                    "log-status": "OK",
                    "packets": 10,
                    "tcp-flags": 19,
                    "traffic-path": "-",
                }
                r = dest.address
                legs = [
                    (instance, NAT_IP, instance, r, out, "ingress", port, 443),
                    (NAT_IP, r, NAT_IP, r, out, "egress", port, 443),
                    (r, NAT_IP, r, NAT_IP, back, "ingress", 443, port),
                    (NAT_IP, instance, r, instance, back, "egress", 443, port),
                ]
                for src, dst, psrc, pdst, size, direction, sport, dport in legs:
                    emit(
                        {
                            **nat,
                            "srcaddr": src,
                            "dstaddr": dst,
                            "pkt-srcaddr": psrc,
                            "pkt-dstaddr": pdst,
                            "bytes": size,
                            "flow-direction": direction,
                            "srcport": sport,
                            "dstport": dport,
                            "traffic-path": 8 if direction == "egress" and dst == r else "-",
                        },
                        start - T0,
                    )
                inst = {
                    **base,
                    "interface-id": INSTANCE_ENIS[instance],
                    "subnet-id": "subnet-0private",
                    "instance-id": "i-0example",
                    "start": start,
                    "end": end,
                    "action": "ACCEPT",
                    "log-status": "OK",
                    "packets": 10,
                    "tcp-flags": 19,
                }
                emit(
                    {
                        **inst,
                        "srcaddr": instance,
                        "dstaddr": r,
                        "pkt-srcaddr": instance,
                        "pkt-dstaddr": r,
                        "bytes": out,
                        "flow-direction": "egress",
                        "traffic-path": 1,
                    },
                    start - T0,
                )
                emit(
                    {
                        **inst,
                        "srcaddr": r,
                        "dstaddr": instance,
                        "pkt-srcaddr": r,
                        "pkt-dstaddr": instance,
                        "bytes": back,
                        "flow-direction": "ingress",
                    },
                    start - T0,
                )
    # Noise the scan must not count: an interface endpoint, instance-to-instance, a rejected NAT leg.
    for k in range(NOISE_ROUNDS):
        when = T0 + 600 * (k + 1)
        common = {**base, "start": when, "end": when + 60, "action": "ACCEPT", "log-status": "OK", "packets": 3}
        emit(
            {
                **common,
                "interface-id": ENDPOINT_ENI,
                "instance-id": "-",
                "srcaddr": "10.0.1.5",
                "dstaddr": "10.0.2.20",
                "pkt-srcaddr": "10.0.1.5",
                "pkt-dstaddr": "10.0.2.20",
                "bytes": 5000,
            },
            when - T0,
        )
        emit(
            {
                **common,
                "interface-id": INSTANCE_ENIS["10.0.1.5"],
                "instance-id": "i-0example",
                "srcaddr": "10.0.1.5",
                "dstaddr": "10.0.1.6",
                "pkt-srcaddr": "10.0.1.5",
                "pkt-dstaddr": "10.0.1.6",
                "bytes": 7000,
            },
            when - T0,
        )
        emit(
            {
                **common,
                "interface-id": NAT_ENI,
                "instance-id": "-",
                "action": "REJECT",
                "srcaddr": "10.0.1.5",
                "dstaddr": NAT_IP,
                "pkt-srcaddr": "10.0.1.5",
                "pkt-dstaddr": "198.51.100.7",
                "bytes": 999,
            },
            when - T0,
        )
    # NODATA and SKIPDATA records; the first and last also pin the span exactly.
    for when, status in ((0, "NODATA"), (span_seconds - 60, "NODATA"), (3600, "SKIPDATA"), (7200, "NODATA")):
        emit(
            {
                "version": version,
                "account-id": ACCOUNT,
                "interface-id": NAT_ENI,
                "start": T0 + when,
                "end": T0 + when + 60,
                "log-status": status,
            },
            when,
        )
        if status == "NODATA":
            scenario.nodata += 1
        else:
            scenario.skipdata += 1
    header = " ".join(order)
    for index, bucket in enumerate(buckets):
        rng.shuffle(bucket)
        scenario.lines.extend(bucket)
        stamp = f"20260821T{index * 24 // files:02d}00Z"
        name = f"{ACCOUNT}_vpcflowlogs_{region}_fl-0example_{stamp}_{index:08x}"
        text = header + "\n" + "\n".join(bucket) + ("\n" if bucket else "")
        if index < plain_files:
            (folder / f"{name}.log").write_text(text, encoding="ascii")
        else:
            with gzip.open(folder / f"{name}.log.gz", "wt", encoding="ascii", compresslevel=6) as handle:
                handle.write(text)
    dns_dir = root / "dns"
    dns_dir.mkdir(exist_ok=True)
    dns_file = dns_dir / "resolver.log.gz"
    with gzip.open(dns_file, "wt", encoding="utf-8") as handle:
        for item in dns_records(region, by_name):
            handle.write(json.dumps(item) + "\n")
        handle.write("not json\n")
    scenario.dns_files.append(dns_dir)
    scenario.inventory = write_inventory(root / "inventory", region)
    return scenario


def write_inventory(folder: Path, region: str) -> list[Path]:
    """What aws ec2 describe-nat-gateways / describe-network-interfaces / describe-vpcs print for this VPC."""
    folder.mkdir(parents=True, exist_ok=True)
    az = f"{region}a"
    nat = {
        "NatGateways": [
            {
                "NatGatewayId": NAT_ID,
                "VpcId": VPC_ID,
                "SubnetId": "subnet-0public",
                "State": "available",
                "ConnectivityType": "public",
                "AvailabilityMode": "zonal",
                "NatGatewayAddresses": [
                    {
                        "NetworkInterfaceId": NAT_ENI,
                        "PrivateIp": NAT_IP,
                        "PublicIp": "198.51.100.200",
                        "IsPrimary": True,
                    }
                ],
            }
        ]
    }
    enis = {
        "NetworkInterfaces": [
            {
                "NetworkInterfaceId": NAT_ENI,
                "InterfaceType": "nat_gateway",
                "Description": f"Interface for NAT Gateway {NAT_ID}",
                "AvailabilityZone": az,
                "VpcId": VPC_ID,
                "SubnetId": "subnet-0public",
                "OwnerId": ACCOUNT,
                "PrivateIpAddress": NAT_IP,
                "RequesterManaged": True,
            },
            *(
                {
                    "NetworkInterfaceId": eni,
                    "InterfaceType": "interface",
                    "AvailabilityZone": f"{region}{'ab'[k]}",
                    "VpcId": VPC_ID,
                    "SubnetId": "subnet-0private",
                    "OwnerId": ACCOUNT,
                    "PrivateIpAddress": ip,
                    "Attachment": {"InstanceId": "i-0example"},
                }
                for k, (ip, eni) in enumerate(INSTANCE_ENIS.items())
            ),
        ]
    }
    vpcs = {"Vpcs": [{"VpcId": VPC_ID, "CidrBlock": VPC_CIDR, "OwnerId": ACCOUNT}]}
    paths = []
    for name, data in (("nat-gateways", nat), ("network-interfaces", enis), ("vpcs", vpcs)):
        path = folder / f"{name}.json"
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split bytes into parts that add up exactly."""
    cuts = sorted(rng.randrange(0, total) for _ in range(parts - 1))
    edges = [0, *cuts, total]
    return [edges[i + 1] - edges[i] for i in range(parts)]


DELIVERY_FORMATS = ("headerless", "cloudwatch-export", "cloudwatch-json", "subscription", "parquet", "parquet-hive")


def write_as(scenario: Scenario, folder: Path, fmt: str) -> Path:
    """The scenario's records as AWS delivers them elsewhere: without a header, through CloudWatch Logs, or Parquet.

    Returns the file or directory to read. CloudWatch shapes: an export to S3 puts `timestamp record` on each
    line; `aws logs filter-log-events` prints {"events": [{"message": ...}]}; a subscription delivers gzip JSON
    {"messageType": "DATA_MESSAGE", "logEvents": [{"message": ...}]}, which Firehose concatenates.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lines = scenario.lines
    half = len(lines) // 2
    if fmt == "headerless":
        target = folder / "records.log.gz"
        with gzip.open(target, "wt", encoding="ascii") as handle:
            handle.write("".join(line + "\n" for line in lines))
        return target
    if fmt == "cloudwatch-export":
        target = folder / "000000.gz"
        with gzip.open(target, "wt", encoding="ascii") as handle:
            for line in lines:
                handle.write(f"{_stamp(line, scenario)} {line}\n")
        return target
    if fmt == "cloudwatch-json":
        target = folder / "events.json"
        documents = [
            {"events": [_event(line, k, scenario) for k, line in enumerate(part)], "searchedLogStreams": []}
            for part in (lines[:half], lines[half:])
        ]
        target.write_text("\n".join(json.dumps(d) for d in documents), encoding="utf-8")
        return target
    if fmt == "subscription":
        target = folder / "firehose-delivery-1"
        control = {"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logEvents": []}
        payloads = [control] + [
            {
                "messageType": "DATA_MESSAGE",
                "owner": ACCOUNT,
                "logGroup": "vpc-flow-logs",
                "logStream": NAT_ENI,
                "subscriptionFilters": ["to-firehose"],
                "logEvents": [_event(line, k, scenario) for k, line in enumerate(part)],
            }
            for part in (lines[:half], lines[half:])
        ]
        with gzip.open(target, "wt", encoding="utf-8") as handle:
            handle.write("".join(json.dumps(p) for p in payloads))
        return target
    if fmt in ("parquet", "parquet-hive"):
        import duckdb

        source = folder / "records.txt"
        source.write_text(" ".join(scenario.order) + "\n" + "".join(line + "\n" for line in lines), encoding="ascii")
        if fmt == "parquet":
            target = folder / "flows.parquet"
            root = target
        else:
            root = folder / "AWSLogs"
            part = (
                f"aws-account-id={ACCOUNT}/aws-service=vpcflowlogs/aws-region={scenario.region}/"
                "year=2026/month=08/day=21/hour=00"
            )
            target = root / part / f"{ACCOUNT}_vpcflowlogs_{scenario.region}_fl-0example_20260821T0000Z_abc.log.parquet"
            target.parent.mkdir(parents=True)
        integers = {"version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "tcp-flags"}
        columns = ", ".join(
            f'TRY_CAST("{name}" AS BIGINT) AS "{name.replace("-", "_")}"'
            if name in integers
            else f'"{name}" AS "{name.replace("-", "_")}"'
            for name in scenario.order
        )
        types = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in scenario.order) + "}"
        con = duckdb.connect()
        con.execute(
            f"COPY (SELECT {columns} FROM read_csv('{source}', delim=' ', header=true, nullstr='-', columns={types},"
            f" auto_detect=false)) TO '{target}' (FORMAT parquet)"
        )
        source.unlink()
        return root
    raise ValueError(fmt)


def _start(line: str, scenario: Scenario) -> int:
    value = line.split(" ")[scenario.order.index("start")]
    return int(value) if value.isdigit() else T0


def _stamp(line: str, scenario: Scenario) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(_start(line, scenario), tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _event(line: str, k: int, scenario: Scenario) -> dict[str, object]:
    millis = _start(line, scenario) * 1000
    return {"id": f"{k:056d}", "timestamp": millis, "message": line, "ingestionTime": millis + 300_000}


#: A second VPC of the same account: its own NAT gateway, clients and interfaces (the first VPC's, renamed).
SECOND_VPC_ID = "vpc-0f1b2c3d4e5f60702"
SECOND_NAT_ENI = "eni-0b1b2c3d4e5f60001"
SECOND_NAT_ID = "nat-0b1b2c3d4e5f60001"
SECOND_AZS = ("a", "b", "c")
_SECOND = {
    NAT_ENI: SECOND_NAT_ENI,
    NAT_IP: "10.1.0.10",
    "10.0.1.5": "10.1.1.5",
    "10.0.1.6": "10.1.1.6",
    INSTANCE_ENIS["10.0.1.5"]: "eni-0b1b2c3d4e5f60011",
    INSTANCE_ENIS["10.0.1.6"]: "eni-0b1b2c3d4e5f60012",
    ENDPOINT_ENI: "eni-0b1b2c3d4e5f60099",
    "10.0.2.20": "10.1.2.20",
    VPC_ID: SECOND_VPC_ID,
}


def add_second_vpc(scenario: Scenario, root: Path) -> Path:
    """The scenario's traffic once more through a second VPC's NAT gateway, in a file beside the first VPC's logs.

    Returns an organisation's inventory folder: the first VPC's files, and the second VPC's in a subfolder
    (its workloads in the AZs of SECOND_AZS, its CIDR 10.1.0.0/16). Each VPC carries the scenario's truth.
    """
    day = next(scenario.flow_dirs[0].rglob("*.log*")).parent
    lines = [" ".join(_SECOND.get(token, token) for token in line.split(" ")) for line in scenario.lines]
    name = f"{ACCOUNT}_vpcflowlogs_{scenario.region}_fl-0second_20260821T0000Z_00000000.log.gz"
    with gzip.open(day / name, "wt", encoding="ascii") as handle:
        handle.write(" ".join(scenario.order) + "\n" + "".join(line + "\n" for line in lines))
    org = root / "org"
    second = org / "second-vpc"
    second.mkdir(parents=True)
    for path in scenario.inventory:
        text = path.read_text(encoding="utf-8")
        (org / path.name).write_text(text, encoding="utf-8")
        for old, new in (*_SECOND.items(), (NAT_ID, SECOND_NAT_ID), (VPC_CIDR, "10.1.0.0/16")):
            text = text.replace(old, new)
        data = json.loads(text)
        for interface in data.get("NetworkInterfaces", []):
            if interface["InterfaceType"] == "interface":
                interface["AvailabilityZone"] = f"{scenario.region}{SECOND_AZS[0]}"
        if "NetworkInterfaces" in data:
            for k, zone in enumerate(SECOND_AZS):
                data["NetworkInterfaces"].append(
                    {
                        "NetworkInterfaceId": f"eni-0b1b2c3d4e5f6010{k}",
                        "InterfaceType": "interface",
                        "AvailabilityZone": f"{scenario.region}{zone}",
                        "VpcId": SECOND_VPC_ID,
                        "SubnetId": f"subnet-0private{zone}",
                        "OwnerId": ACCOUNT,
                        "PrivateIpAddress": f"10.1.{3 + k}.9",
                        "Attachment": {"InstanceId": f"i-0second{k}"},
                    }
                )
        (second / path.name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return org
