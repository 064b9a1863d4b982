"""Benchmark `pl-cost pricing refresh` on a ~400 MB AmazonEC2 region file: wall time, MB/s, peak RSS.

Generates a mirror in the Price List URL layout (a large AmazonEC2 eu-west-1 file made mostly of
instance products with OnDemand and Reserved terms, with the NAT products among them, plus the small
files of the other offers: AmazonVPC, AWSDataTransfer, AWSELB, AmazonRoute53 and its global file),
runs the refresh in a subprocess, and checks that it found the NAT figures and stayed under the
memory bound. Not part of the test run:

    .venv/bin/python benchmarks/refresh_memory.py [--mb 400] [--keep DIR] [--limit-mb 200]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import pricelist_mirror as mirror  # noqa: E402

REGION = "eu-west-1"
OFFER = "AmazonEC2"
RESERVED_CODES = ("4NA7Y494T4", "6QCMYABX3D", "7NE97W5U4E", "BPH4J8HBKS", "CUZHX8X6JH", "HU7G6KETJZ")


def _pretty(value: Any, indent: int) -> str:
    """JSON in the Price List's own style (`"key" : "value"`, two-space indents), at a nesting depth."""
    text = json.dumps(value, indent=2, separators=(",", " : "))
    return text.replace("\n", "\n" + " " * indent)


class _MapWriter:
    """Writes the entries of one JSON object, comma-separated, without holding them all."""

    def __init__(self, out: IO[str], indent: int) -> None:
        self.out, self.indent, self.first = out, indent, True

    def add(self, key: str, value: Any) -> None:
        self.out.write(("\n" if self.first else ",\n") + " " * self.indent + f'"{key}" : {_pretty(value, self.indent)}')
        self.first = False

    def close(self) -> None:
        self.out.write("\n")


def _reserved(sku: str) -> dict[str, Any]:
    filler = mirror.Row(OFFER, REGION, sku, "EU-BoxUsage:m5.large", "Hrs", "0.061")
    terms: dict[str, Any] = {}
    for code in RESERVED_CODES:
        terms.update(mirror.on_demand(filler, code))
    return terms


def _on_demand(sku: str) -> dict[str, Any]:
    return mirror.on_demand(mirror.Row(OFFER, REGION, sku, "EU-BoxUsage:m5.large", "Hrs", "0.107"))


def _filler_bytes() -> int:
    """Bytes one instance product adds with its OnDemand and Reserved terms."""
    sku = "FILLER0000000000"
    parts = (mirror.filler_product(sku, REGION), _on_demand(sku), _reserved(sku))
    return sum(len(_pretty(p, 6)) + len(sku) + 12 for p in parts)


def write_big_ec2_file(path: Path, target_bytes: int) -> tuple[int, list[mirror.Row]]:
    """A per-region AmazonEC2 offer of about `target_bytes`; returns its size and the NAT rows in it."""
    nat_rows = [r for r in mirror.ROWS if r.offer == OFFER and r.region == REGION]
    fillers = max(1, target_bytes // _filler_bytes())
    # NAT products sit at the start, the middle and the end: the reader must not stop early.
    spots = {0: nat_rows[:2], fillers // 2: nat_rows[2:4], fillers - 1: nat_rows[4:]}
    skus = [f"FILLER{i:010d}" for i in range(fillers)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        head = [
            ("formatVersion", "v1.0"),
            ("disclaimer", "This pricing list is for informational purposes only."),
            ("offerCode", OFFER),
            ("version", mirror.VERSIONS[OFFER]),
            ("publicationDate", mirror.PUBLISHED[OFFER]),
        ]
        out.write("{\n" + "".join(f'  "{k}" : "{v}",\n' for k, v in head) + '  "products" : {')
        products = _MapWriter(out, 4)
        for i, sku in enumerate(skus):
            for row in spots.get(i, []):
                products.add(row.sku, mirror.product(row))
            products.add(sku, mirror.filler_product(sku, REGION))
        products.close()
        out.write('  },\n  "terms" : {\n    "OnDemand" : {')
        on_demand = _MapWriter(out, 6)
        for i, sku in enumerate(skus):
            for row in spots.get(i, []):
                on_demand.add(row.sku, mirror.on_demand(row))
            on_demand.add(sku, _on_demand(sku))
        on_demand.close()
        out.write('    },\n    "Reserved" : {')
        reserved = _MapWriter(out, 6)
        for sku in skus:
            reserved.add(sku, _reserved(sku))
        reserved.close()
        out.write("    }\n  }\n}\n")
    return path.stat().st_size, nat_rows


def write_mirror(root: Path, target_bytes: int) -> tuple[int, list[mirror.Row]]:
    """The benchmark mirror: the big EC2 file plus the standard small files of the other offers."""
    mirror.write_standard_mirror(root, regions=(REGION,))
    url = mirror.region_file_path(OFFER, REGION)
    return write_big_ec2_file(mirror.local_path(root, url), target_bytes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=400, help="size of the AmazonEC2 file in MB (default 400)")
    parser.add_argument("--keep", type=Path, help="write the mirror here and keep it (default: a temporary dir)")
    parser.add_argument("--limit-mb", type=int, default=200, help="fail above this peak RSS (default 200)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pl-cost-bench-") as tmp:
        root = args.keep or Path(tmp) / "mirror"
        started = time.perf_counter()
        size, nat_rows = write_mirror(root, args.mb * 10**6)
        print(f"generated {size / 1e6:.1f} MB AmazonEC2 {REGION} file in {time.perf_counter() - started:.1f} s")
        out = Path(tmp) / "catalog.json"
        command = [sys.executable, "-m", "pl_cost", "pricing", "refresh", "--from", str(root)]
        command += ["--output", str(out), "--format", "json"]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ})
        wall = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        report = json.loads(done.stdout)
        rates = json.loads(out.read_text())["regions"][REGION]["rates"]
        wrong = [r.sku for r in nat_rows if r.rate and Decimal(rates[r.rate]["price"]) != Decimal(r.price or "")]
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        print(f"refresh: {report['bytes_read'] / 1e6:.1f} MB read in {wall:.2f} s wall ({report['seconds']} s inside)")
        print(f"throughput: {report['bytes_read'] / 1e6 / wall:.1f} MB/s wall, {report['mb_per_s']} MB/s reported")
        print(f"peak RSS of the refresh process: {peak_mb:.1f} MiB (limit {args.limit_mb})")
        print(f"rates found: {report['rates_found']}; NAT figures {'wrong: ' + ', '.join(wrong) if wrong else 'ok'}")
        return 1 if wrong or peak_mb > args.limit_mb else 0


if __name__ == "__main__":
    raise SystemExit(main())
