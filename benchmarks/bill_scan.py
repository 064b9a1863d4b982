"""Benchmark: `pl-cost bill` on a generated CUR 2.0 export against DuckDB's own plain aggregate of the same files.

Generates a CUR 2.0 Data Exports delivery (Parquet, `data/BILLING_PERIOD=2024-09/`, the CUR 2.0 columns and
types the tests write) of hourly rows: NAT gateway hours and GB, data transfer on NAT ARNs, interface
endpoints, public IPv4, and mostly other services (EC2 instances, S3), then times, each in a fresh process
so peak RSS is its own:
  - duckdb-by-resource: DuckDB's plain GROUP BY account, region, resource, usage type and row kind with the
    same four sums (the same columns read, no classification): the baseline,
  - duckdb-by-usage-type: a lighter plain aggregate (GROUP BY usage type only), for reference,
  - pl-cost-bill: the whole `pl_cost.bill()` (detection, aggregation, report, savings).
Target: pl-cost-bill within 1.5x of duckdb-by-resource.

    .venv/bin/python benchmarks/bill_scan.py --rows 5000000 --files 10
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.bill_data import write_generated_cur2  # noqa: E402  (one generator for tests and benchmark)

BY_RESOURCE = """
SELECT line_item_usage_account_id, product_region_code, line_item_resource_id, line_item_usage_type,
  line_item_line_item_type, count(*), sum(line_item_usage_amount), sum(line_item_unblended_cost),
  sum(line_item_net_unblended_cost), sum(pricing_public_on_demand_cost)
FROM read_parquet({files})
GROUP BY ALL
"""
BY_USAGE_TYPE = """
SELECT line_item_usage_type, count(*), sum(line_item_usage_amount), sum(line_item_unblended_cost)
FROM read_parquet({files})
GROUP BY ALL
"""


def child(mode: str, folder: str) -> None:
    """One measurement in this process: seconds with and without start-up imports, and peak RSS, as JSON."""
    sys.path.insert(0, str(ROOT / "src"))
    started = time.perf_counter()
    import duckdb

    if mode == "pl-cost-bill":
        import pl_cost.bill
        import pl_cost.bill.read
        import pl_cost.bill.report
    imported = time.perf_counter()
    if mode.startswith("duckdb"):
        files = "[" + ", ".join(f"'{p}'" for p in sorted(Path(folder).rglob("*.parquet"))) + "]"
        query = BY_RESOURCE if mode == "duckdb-by-resource" else BY_USAGE_TYPE
        rows = duckdb.connect().execute(query.replace("{files}", files)).fetchall()
        detail = f"{len(rows):,} groups"
    else:
        report = pl_cost.bill(folder, progress=False)
        detail = f"{len(report.nat_gateways)} NAT gateways, {len(report.interface_endpoints)} endpoints"
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "mode": mode,
                "seconds": done - started,
                "work_seconds": done - imported,
                "peak_rss_mb": peak_rss_mb(),
                "detail": detail,
            }
        )
    )


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM (reset by exec, unlike ru_maxrss, which keeps the parent's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str, folder: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder)], check=True, capture_output=True, text=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--nats", type=int, default=192, help="NAT gateways (a multiple of 16).")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each mode; the fastest is reported.")
    parser.add_argument("--dir", help="Where to write the export (default: a temporary directory, removed after).")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="pl-cost-bill-bench-"))
    try:
        started = time.perf_counter()
        root = write_generated_cur2(folder, args.rows, args.files, args.nats)
        size = sum(p.stat().st_size for p in root.rglob("*.parquet"))
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        print(f"load: {os.getloadavg()[0]:.2f}")
        print(
            f"generated {args.rows:,} CUR 2.0 rows, {args.nats} NAT gateways, in {args.files} Parquet files"
            f" ({size / 1e6:.1f} MB)"
            f" in {time.perf_counter() - started:.1f} s"
        )
        modes = ["duckdb-by-resource", "duckdb-by-usage-type", "pl-cost-bill"]
        results = {}
        for mode in modes:
            runs = [measure(mode, root) for _ in range(args.repeat)]
            results[mode] = min(runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
        base = float(results["duckdb-by-resource"]["seconds"])  # type: ignore[arg-type]
        work_base = float(results["duckdb-by-resource"]["work_seconds"])  # type: ignore[arg-type]
        print(f"{'mode':<22}{'seconds':>9}{'x base':>8}{'no imports':>12}{'x base':>8}{'peak RSS MB':>13}  detail")
        for mode, r in results.items():
            seconds, work = float(r["seconds"]), float(r["work_seconds"])  # type: ignore[arg-type]
            print(
                f"{mode:<22}{seconds:>9.2f}{seconds / base:>8.2f}{work:>12.2f}{work / work_base:>8.2f}"
                f"{float(r['peak_rss_mb']):>13.0f}  {r['detail']}"  # type: ignore[arg-type]
            )
        ratio = float(results["pl-cost-bill"]["seconds"]) / base  # type: ignore[arg-type]
        work_ratio = float(results["pl-cost-bill"]["work_seconds"]) / work_base  # type: ignore[arg-type]
        print(f"pl-cost-bill / duckdb-by-resource = {ratio:.2f} end to end, {work_ratio:.2f} without start-up imports")
        verdicts = ["met" if r <= 1.5 else "NOT met" for r in (ratio, work_ratio)]
        print(f"target <= 1.5: {verdicts[0]} end to end, {verdicts[1]} without imports")
        print(f"load after: {os.getloadavg()[0]:.2f}")
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
