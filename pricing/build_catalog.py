"""Build the catalog the package ships from the per-region sources in pricing/regions/.

Run after editing any region file: python pricing/build_catalog.py  (--check: exit 1 if stale).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGIONS = HERE / "regions"
SHIPPED = HERE.parent / "src" / "pl_cost" / "data" / "catalog.json"
SCHEMA_VERSION = 1


def build() -> str:
    """The shipped catalog's text, built from the region files."""
    regions: dict[str, dict[str, object]] = {}
    dates: list[str] = []
    for path in sorted(REGIONS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = data.pop("region")
        if code != path.stem:
            raise SystemExit(f"{path}: region {code!r} does not match the file name")
        regions[code] = data
        dates.extend(rate["source_date"] for rate in data.get("rates", {}).values())
    catalog = {
        "schema_version": SCHEMA_VERSION,
        "currency": "USD",
        "snapshot_date": max(dates),
        "description": "pl-cost price snapshot, built from pricing/regions/ by pricing/build_catalog.py",
        "regions": regions,
    }
    return json.dumps(catalog, indent=1, sort_keys=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the shipped catalog is out of date")
    args = parser.parse_args()
    text = build()
    if args.check:
        if not SHIPPED.exists() or SHIPPED.read_text(encoding="utf-8") != text:
            print(f"{SHIPPED} is out of date: run python pricing/build_catalog.py", file=sys.stderr)
            return 1
        return 0
    SHIPPED.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED.relative_to(HERE.parent)} ({len(regions_of(text))} regions)")
    return 0


def regions_of(text: str) -> dict[str, object]:
    return dict(json.loads(text)["regions"])


if __name__ == "__main__":
    raise SystemExit(main())
