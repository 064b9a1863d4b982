"""Stream one per-region offer file (JSON or CSV), keeping only the SKUs that price pl-cost's rates.

A per-region AmazonEC2 file is about 450 MB, so nothing is loaded whole: JSON is read with ijson,
products in a first pass (which also proves the file is complete), then `terms.OnDemand` in a
second pass that stops once every matching SKU has its terms. Memory stays at a few dozen MB.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import ijson

from pl_cost.pricelist.offer import (
    FileSource,
    OfferFile,
    PriceDimension,
    Term,
    lower_keys,
    offer_date,
    price_decimal,
    range_begin,
    range_end,
    refresh_error,
    terms_from_json,
)
from pl_cost.pricelist.rules import GLOBAL, Match, Product, match_product, rate_for_usage_type

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

#: Read size for the JSON parser; large reads keep the C parser busy between Python calls.
BUFFER_BYTES = 1 << 20
Matcher = Callable[[Product], Match | None]
_META_KEYS = ("formatVersion", "offerCode", "version", "publicationDate")


#: Price List files nest seven levels deep; far deeper is a hostile file (the parser's cost grows with the
#: square of the depth: 400 KB of nested arrays once took a refresh to 23 GB).
MAX_DEPTH = 256
#: A run of this many digits is no number AWS publishes, and some parsers crash on such numbers.
MAX_DIGITS = 64
_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_PARENS = bytes.maketrans(b"[{]}", b"(())")
_DIGIT_RUNS = bytes(ord("0") if chr(b).isascii() and chr(b).isdigit() else ord(" ") for b in range(256))
_LONG_NUMBER = b"0" * MAX_DIGITS


class _CountingReader:
    """A binary file handed to the parser: counts bytes (to say where a bad file broke) and refuses, before the
    parser sees them, nesting deeper than MAX_DEPTH and numbers longer than MAX_DIGITS."""

    def __init__(self, raw: IO[bytes], where: str) -> None:
        self.raw = raw
        self.where = where
        self.count = 0
        self.depth = 0
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self._check(data)
        self.count += len(data)
        return data

    def _check(self, data: bytes) -> None:
        # Every digit becomes "0" and every other byte " ", so a plain substring search finds a long run.
        if _LONG_NUMBER in (self.tail + data).translate(_DIGIT_RUNS):
            raise refresh_error(self.where, f"has a number of {MAX_DIGITS} digits or more (bytes {self._span(data)})")
        self.tail = data[-MAX_DIGITS:]
        # Brackets only (inside strings too: a few there only make the bound looser), then matched pairs
        # removed pass by pass: what remains is ")))(((", and the passes bound the nesting in between.
        kept = data.translate(_PARENS, _BRACKETS)
        passes = 0
        while b"()" in kept:
            passes += 1
            if passes > MAX_DEPTH:
                raise refresh_error(self.where, f"nests deeper than {MAX_DEPTH} levels (bytes {self._span(data)})")
            kept = kept.replace(b"()", b"")
        closes = kept.count(b")")
        start, self.depth = self.depth, max(self.depth - closes + (len(kept) - closes), 0)
        if max(start, self.depth) + passes > MAX_DEPTH:
            raise refresh_error(self.where, f"nests deeper than {MAX_DEPTH} levels (bytes {self._span(data)})")

    def _span(self, data: bytes) -> str:
        return f"{self.count:,} to {self.count + len(data):,}"


@contextmanager
def _reading(path: Path, where: str) -> Iterator[_CountingReader]:
    """Open `path` for the parser; a parse or read failure becomes one line naming the file."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise refresh_error(where, f"cannot be read ({exc.strerror or exc})") from None
    reader = _CountingReader(raw, where)
    try:
        yield reader
    except ijson.JSONError as exc:
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise refresh_error(where, f"is truncated or not JSON (byte {reader.count}: {detail})") from None
    except UnicodeDecodeError:
        raise refresh_error(where, f"is not UTF-8 text (byte {reader.count})") from None
    except OSError as exc:
        raise refresh_error(where, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        raw.close()


def read_offer_file(path: Path, source: FileSource, locations: Mapping[str, str]) -> OfferFile:
    """The products of `source.region` in one offer file that price a rate, and their OnDemand terms."""

    def wanted(product: Product) -> Match | None:
        found = match_product(source.offer, product, locations)
        # Offers from before per-region files hold every region in one file; so may a global service's file.
        return found if found is not None and source.region in (found.region, GLOBAL) else None

    if source.url_path.lower().endswith(".csv"):
        result = _read_csv(path, source, wanted)
    else:
        result = _read_json(path, source, wanted)
    result.size = path.stat().st_size
    return result


def _check_offer(where: str, expected: str, found: str | None, version: str | None) -> str:
    if found is not None and found != expected:
        raise refresh_error(where, f"is an offer for {found}, not {expected}")
    if not version:
        raise refresh_error(where, "is not an AWS Price List offer file (it has no version)")
    return version


# -- JSON ------------------------------------------------------------------------------------------


def _read_json(path: Path, source: FileSource, wanted: Matcher) -> OfferFile:
    where = source.where
    meta = _json_header(path, where)
    version = _check_offer(where, source.offer, meta.get("offerCode"), meta.get("version"))
    result = OfferFile(source, version, offer_date(meta.get("publicationDate"), version, where))
    with _reading(path, where) as reader:
        # This pass reads to the end of the file, so a truncated file never yields a catalog.
        for sku, item in ijson.kvitems(reader, "products", buf_size=BUFFER_BYTES):
            if _may_match(source.offer, item):
                found = wanted(_product_from_json(sku, item, where))
                if found is not None:
                    result.matches[sku] = found
    pending = set(result.matches)
    if not pending:
        return result
    with _reading(path, where) as reader:
        for sku, raw in ijson.kvitems(reader, "terms.OnDemand", buf_size=BUFFER_BYTES):
            if sku in pending:
                result.terms[sku] = terms_from_json(raw, sku, f"{where} ({result.matches[sku].rate})")
                pending.discard(sku)
                if not pending:
                    break  # the rest is other SKUs and Reserved terms
    return result


def _json_header(path: Path, where: str) -> dict[str, str]:
    """The offer's top-level strings (version, publicationDate...), which AWS writes before products."""
    meta: dict[str, str] = {}
    with _reading(path, where) as reader:
        events = ijson.parse(reader, buf_size=1 << 16)
        first = next(events, None)
        if first is None or first[1] != "start_map":
            raise refresh_error(where, "is not an AWS Price List offer file (not a JSON object)")
        for prefix, event, value in events:
            if event == "string" and prefix in _META_KEYS:
                meta[prefix] = value
            elif event == "start_map" and prefix in ("products", "terms") and "version" in meta:
                break
    return meta


def _may_match(offer: str, item: Any) -> bool:
    """A cheap first look at the usage type, so the many other products cost almost nothing."""
    attributes = item.get("attributes") if isinstance(item, dict) else None
    if not isinstance(attributes, dict):
        return True  # malformed: let the full check name it
    usage_type = attributes.get("usagetype")
    return not isinstance(usage_type, str) or rate_for_usage_type(offer, usage_type) is not None


def _product_from_json(sku: str, item: Any, where: str) -> Product:
    attributes = item.get("attributes") if isinstance(item, dict) else None
    if not isinstance(attributes, dict):
        raise refresh_error(where, f"has a malformed product {sku!r}")
    return Product(sku=sku, family=str(item.get("productFamily", "")), attributes=lower_keys(attributes))


# -- CSV -------------------------------------------------------------------------------------------


def _read_csv(path: Path, source: FileSource, wanted: Matcher) -> OfferFile:
    where = source.where
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as text:
            return _read_csv_rows(csv.reader(text), source, wanted)
    except csv.Error as exc:
        raise refresh_error(where, f"is not a readable CSV offer ({exc})") from None
    except UnicodeDecodeError:
        raise refresh_error(where, "is not UTF-8 text") from None
    except OSError as exc:
        raise refresh_error(where, f"cannot be read ({exc.strerror or exc})") from None


def _read_csv_rows(rows: CsvReader, source: FileSource, wanted: Matcher) -> OfferFile:
    """The CSV form: metadata lines (`"Version","2026..."`), a header starting with SKU, then one row per price."""
    where, offer = source.where, source.offer
    meta: dict[str, str] = {}
    header: list[str] | None = None
    for row in rows:
        if row and row[0] == "SKU":
            header = [name.replace(" ", "").lower() for name in row]
            break
        if len(row) >= 2:
            meta[row[0].replace(" ", "").lower()] = row[1]
    if header is None:
        raise refresh_error(where, "is truncated or not a Price List CSV offer (no header row starting with SKU)")
    version = _check_offer(where, offer, meta.get("offercode"), meta.get("version"))
    result = OfferFile(source, version, offer_date(meta.get("publicationdate"), version, where))
    column = {name: index for index, name in enumerate(header)}
    for needed in ("sku", "termtype", "usagetype", "priceperunit", "unit"):
        if needed not in column:
            raise refresh_error(where, f"is not a Price List CSV offer (no {needed!r} column)")
    term_at, usage_at = column["termtype"], column["usagetype"]
    dims: dict[str, dict[str, list[PriceDimension]]] = {}
    for row in rows:
        if len(row) != len(header):
            raise refresh_error(
                where,
                f"is truncated or corrupt (line {rows.line_num}: {len(row)} fields, the header has {len(header)})",
            )
        if row[term_at] != "OnDemand" or rate_for_usage_type(offer, row[usage_at]) is None:
            continue
        fields = dict(zip(header, row, strict=True))
        sku = fields["sku"]
        found = wanted(Product(sku=sku, family=fields.get("productfamily", ""), attributes=lower_keys(fields)))
        if found is None:
            continue
        result.matches[sku] = found
        dims.setdefault(sku, {}).setdefault(fields.get("offertermcode", ""), []).append(
            _dimension_from_csv(fields, where, rows.line_num)
        )
    result.terms = {sku: [Term(sku, code, tuple(d)) for code, d in by_term.items()] for sku, by_term in dims.items()}
    return result


def _dimension_from_csv(fields: Mapping[str, str], where: str, line: int) -> PriceDimension:
    at = f"{where} line {line}"
    usd = price_decimal(fields["priceperunit"], at, "PricePerUnit") if fields.get("currency", "USD") == "USD" else None
    return PriceDimension(
        rate_code=fields.get("ratecode", ""),
        unit=fields["unit"],
        begin=range_begin(fields.get("startingrange"), at, "StartingRange"),
        end=range_end(fields.get("endingrange"), at, "EndingRange"),
        usd=usd,
    )
