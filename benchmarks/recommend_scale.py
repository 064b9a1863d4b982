"""Recommender benchmark: a plan for 10, 20 and 30 services with no internet traffic (the NAT can go).

That is the case that took the first release 28.8 s for 11 services: every decision's break-even
re-ran the whole search at every breakpoint. The named baseline is the plan's own search (the
cheapest plan, no explanations), so the ratio shows what explaining each service costs on top.

    python benchmarks/recommend_scale.py [--runs 5] [--sizes 10,20,30]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from decimal import Decimal
from typing import Any


def profile(services: int) -> dict[str, Any]:
    """`services` services (S3, DynamoDB among them) at varied volumes, 3 AZs, fewer NATs allowed, no internet."""
    from pl_cost.services import service_table

    names = list(service_table())[:services]
    if len(names) < services:
        raise SystemExit(f"the service table has only {len(names)} services")
    return {
        "region": "us-east-1",
        "azs": 3,
        "nat": {"mode": "per-az", "allow_fewer": True},
        "internet_gb_per_month": 0,
        "services": {name: Decimal(37 * (i + 1) % 900 + 1) for i, name in enumerate(names)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="10,20,30")
    args = parser.parse_args()

    import pl_cost
    from pl_cost.recommend import Profile
    from pl_cost.recommend.cost import flows
    from pl_cost.recommend.search import search

    catalog = pl_cost.load_catalog()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {args.runs} runs; baseline: the search alone (no per-service explanations)")
    for size in (int(s) for s in args.sizes.split(",")):
        data = profile(size)
        plans, searches = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            plan = pl_cost.recommend(data, catalog)
            plans.append(time.perf_counter() - start)
            parsed = Profile.model_validate(data)
            start = time.perf_counter()
            search(parsed, flows(parsed), catalog)
            searches.append(time.perf_counter() - start)
        whole, alone = statistics.median(plans), statistics.median(searches)
        print(
            f"  {size:2d} services: recommend {whole:6.3f} s, search alone {alone:6.3f} s ({whole / alone:4.1f}x); "
            f"NAT {plan.nat.action}, endpoint AZs {plan.endpoint_azs.count}, exact {plan.exact}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
