"""Where Price List files come from: a local mirror of the URL layout, or AWS's public Price List host.

Both follow https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-the-aws-price-list-bulk-api.html:
`/offers/v1.0/aws/<Offer>/current/region_index.json` names, per region, a `currentVersionUrl` such as
`/offers/v1.0/aws/AmazonEC2/20260925174521/eu-west-1/index.json` (or `index.csv`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.client import HTTPException
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol

from pl_cost.pricelist.offer import refresh_error

#: The public Price List host (no credentials needed).
PRICE_LIST_HOST = "https://pricing.us-east-1.amazonaws.com"
#: Seconds to wait for the Price List host before giving up.
TIMEOUT_SECONDS = 60

#: Opens a URL for reading bytes (urllib.request.urlopen, or a fake in tests).
Opener = Callable[[str], AbstractContextManager[IO[bytes]]]


def region_index_path(offer: str) -> str:
    """The URL path of an offer's current region index."""
    return f"/offers/v1.0/aws/{offer}/current/region_index.json"


class PriceListSource(Protocol):
    """Hands out local copies of Price List files by URL path, and names them for error messages."""

    description: str

    def fetch(self, url_path: str) -> AbstractContextManager[Path]:
        """The file at `url_path`, readable on disk while the context lasts."""
        ...

    def where(self, url_path: str) -> str:
        """How an error names the file at `url_path`."""
        ...


class MirrorSource:
    """A directory that mirrors the Price List URL layout (`--from DIR`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.description = str(root)

    def where(self, url_path: str) -> str:
        """The file's path under the mirror."""
        return str(self.root.joinpath(*PurePosixPath(url_path).parts[1:]))

    @contextmanager
    def fetch(self, url_path: str) -> Iterator[Path]:
        """The mirror's own file; nothing is copied."""
        path = Path(self.where(url_path))
        if not path.is_file():
            raise refresh_error(str(path), "does not exist (the mirror lacks a file the Price List index names)")
        yield path


class OnlineSource:
    """The public Price List host: each file is downloaded to a temporary file, read, then deleted."""

    def __init__(self, opener: Opener | None = None, host: str = PRICE_LIST_HOST) -> None:
        self.host = host.rstrip("/")
        self.opener = opener or _urlopen
        self.description = self.host

    def where(self, url_path: str) -> str:
        """The file's URL."""
        return self.host + url_path

    @contextmanager
    def fetch(self, url_path: str) -> Iterator[Path]:
        """Download to a temporary directory, so a 450 MB file never sits in memory."""
        url = self.where(url_path)
        with tempfile.TemporaryDirectory(prefix="pl-cost-pricelist-") as tmp:
            path = Path(tmp) / PurePosixPath(url_path).name
            try:
                with self.opener(url) as response, path.open("wb") as out:
                    shutil.copyfileobj(response, out, 1 << 20)
            except (OSError, HTTPException, ValueError) as exc:  # urllib's URLError and HTTPError are OSErrors
                raise refresh_error(url, f"could not be downloaded ({exc})") from None
            yield path


def _urlopen(url: str) -> AbstractContextManager[IO[bytes]]:
    import urllib.request

    response: AbstractContextManager[IO[bytes]] = urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS)
    return response


#: A region index names a few dozen regions: a few kilobytes.
MAX_INDEX_BYTES = 16 * 1024 * 1024


def read_region_index(source: PriceListSource, offer: str) -> dict[str, str]:
    """Region code -> URL path of that region's current offer file, from the offer's region index."""
    url_path = region_index_path(offer)
    where = source.where(url_path)
    with source.fetch(url_path) as path:
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_INDEX_BYTES:
                raise refresh_error(where, f"is {len(raw):,} bytes: too large for a region index")
            data: Any = json.loads(raw)
        except RecursionError:
            raise refresh_error(where, "nests too deep to be a region index") from None
        except UnicodeDecodeError:
            raise refresh_error(where, "is not UTF-8 text") from None
        except ValueError as exc:  # json.JSONDecodeError, and numbers too long to convert
            if not isinstance(exc, json.JSONDecodeError):
                raise refresh_error(where, "holds a number too long to be a region index") from None
            raise refresh_error(where, f"is truncated or not JSON (byte {exc.pos}: {exc.msg})") from None
        except OSError as exc:
            raise refresh_error(where, f"cannot be read ({exc.strerror or exc})") from None
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, dict):
        raise refresh_error(where, "is not a Price List region index (no 'regions' object)")
    found: dict[str, str] = {}
    for code, entry in regions.items():
        url = entry.get("currentVersionUrl") if isinstance(entry, dict) else None
        if not isinstance(url, str) or not _plausible_offer_path(url):
            raise refresh_error(where, f"names no usable currentVersionUrl for region {code!r} ({url!r})")
        found[str(code)] = url
    return found


def _plausible_offer_path(url_path: str) -> bool:
    """An absolute path to an index.json or index.csv, that cannot climb out of a mirror."""
    parts = PurePosixPath(url_path).parts
    return (
        url_path.startswith("/")
        and ".." not in parts
        and "\\" not in url_path
        and parts[-1].lower() in ("index.json", "index.csv")
    )
