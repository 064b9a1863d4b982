"""Display pieces every page shares: running text with its links, and where each rate's AWS page is."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from pl_cost.money import format_money, format_price, format_quantity
from pl_cost.pages.view import Link, Text

__all__ = ["format_money", "format_price", "format_quantity", "gb", "linkify", "pricing_page", "when"]

_URL = re.compile(r"https?://[^\s()\"'<>;,]+[^\s()\"'<>;,.]")

#: The AWS pricing page a reader checks each family of rates on (what the rate's source was read from is
#: listed beside it).
PRICING_PAGES: tuple[tuple[str, str], ...] = (
    ("regional_nat_gateway", "https://aws.amazon.com/vpc/pricing/"),
    ("nat_gateway", "https://aws.amazon.com/vpc/pricing/"),
    ("public_ipv4", "https://aws.amazon.com/vpc/pricing/"),
    ("interface_endpoint", "https://aws.amazon.com/privatelink/pricing/"),
    ("gwlb_endpoint", "https://aws.amazon.com/privatelink/pricing/"),
    ("inter_az", "https://aws.amazon.com/ec2/pricing/on-demand/"),
    ("inter_region", "https://aws.amazon.com/ec2/pricing/on-demand/"),
    ("vpc_peering", "https://aws.amazon.com/ec2/pricing/on-demand/"),
    ("tgw", "https://aws.amazon.com/transit-gateway/pricing/"),
    ("nlb", "https://aws.amazon.com/elasticloadbalancing/pricing/"),
    ("nlcu", "https://aws.amazon.com/elasticloadbalancing/pricing/"),
    ("lattice", "https://aws.amazon.com/vpc/lattice/pricing/"),
    ("route53", "https://aws.amazon.com/route53/pricing/"),
    ("resolver", "https://aws.amazon.com/route53/pricing/"),
)


def linkify(text: str) -> Text:
    """Running text with every http(s) URL in it made a link (the URL stays the link's text)."""
    parts: list[str | Link] = []
    last = 0
    for match in _URL.finditer(text):
        if match.start() > last:
            parts.append(text[last : match.start()])
        parts.append(Link(match.group(0), match.group(0)))
        last = match.end()
    if last < len(text):
        parts.append(text[last:])
    return tuple(parts)


def urls(text: str) -> list[str]:
    """The http(s) URLs in a source text, in order, each once."""
    return list(dict.fromkeys(m.group(0) for m in _URL.finditer(text)))


def host(url: str) -> str:
    """A link's short text: the host name."""
    return urlsplit(url).netloc or url


def pricing_page(rate: str | None) -> str | None:
    """The AWS pricing page for a rate name, or None when pl-cost knows none."""
    if rate is None:
        return None
    return next((page for prefix, page in PRICING_PAGES if rate.startswith(prefix)), None)


def gb(value: Decimal | None, places: int = 2) -> str:
    """A volume: 417.14 GB, or '-' when there is none."""
    return "-" if value is None else f"{format_quantity(value, places)} GB"


def when(value: date | None) -> str:
    """A date as ISO text, or '-'."""
    return "-" if value is None else value.isoformat()


def plural(count: int, word: str) -> str:
    """'1 AZ', '3 AZs'."""
    return f"{count} {word}{'' if count == 1 else 's'}"
