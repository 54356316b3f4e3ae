"""Fetching a URL without becoming a tool against the network we run in.

A URL given to `ingest` may point — directly or through a redirect — at localhost, the cloud
metadata service or a private range. Every hop's host is resolved here, every address it
resolves to must be public, and the connection goes to the vetted address (the name is kept
for the Host header and TLS), so a second DNS answer cannot swap in a private one.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import httpx

from newsledger.errors import DropError
from newsledger.record import RawDocument

__all__ = ["DEFAULT_MAX_BYTES", "MAX_REDIRECTS", "fetch", "is_public_address", "vet_host"]

DEFAULT_MAX_BYTES = 20_000_000
MAX_REDIRECTS = 5
_USER_AGENT = "newsledger/0.1 (+https://github.com/newsledger)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public_address(address: IPAddress) -> bool:
    """False for private, loopback, link-local, multicast, reserved and unspecified addresses,
    including IPv4 addresses hidden in IPv6 (mapped, 6to4, Teredo)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None and not is_public_address(inner):
            return False
        if address.teredo is not None and not is_public_address(address.teredo[1]):
            return False
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def vet_host(host: str, port: int, *, allow_private: bool, source: str) -> str:
    """The first address `host` resolves to, once every address it resolves to is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DropError("fetch_error", f"cannot resolve {host}: {exc}", source=source) from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise DropError("fetch_error", f"{host} resolves to no address", source=source)
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                raise DropError(
                    "private_address",
                    f"{host} resolves to non-public address {address}",
                    source=source,
                )
    return str(addresses[0])


def _split(url: str, source: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise DropError("bad_url", f"only http and https URLs are fetched: {url}", source=source)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise DropError("bad_url", f"bad port in {url}", source=source) from exc
    if not parts.hostname:
        raise DropError("bad_url", f"no host in {url}", source=source)
    return parts.scheme, parts.hostname, port


def _pinned_url(url: str, ip: str) -> httpx.URL:
    # Connect to the vetted address; Host header and TLS name stay the original host.
    return httpx.URL(url).copy_with(host=ip)


def _content_type(header: str) -> str | None:
    media = header.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media == "text/plain":
        return "text"
    return None


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 15.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
) -> RawDocument:
    """GET `url` (following at most MAX_REDIRECTS redirects, each re-vetted) as a RawDocument.

    Raises DropError: bad_url, private_address, fetch_timeout, http_error, too_large,
    too_many_redirects, fetch_error. `timeout` bounds the whole fetch, not only each read."""
    deadline = time.monotonic() + timeout
    own_client = client is None
    http = client or httpx.Client(follow_redirects=False, trust_env=False)
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DropError("fetch_timeout", f"timed out fetching {url}", source=url)
            scheme, host, port = _split(current, url)
            ip = vet_host(host, port, allow_private=allow_private, source=url)
            location, doc = _get_once(
                http, current, ip, host, scheme, remaining, deadline, max_bytes, url
            )
            if doc is not None:
                return doc
            current = urljoin(current, location)
        raise DropError(
            "too_many_redirects", f"more than {MAX_REDIRECTS} redirects from {url}", source=url
        )
    finally:
        if own_client:
            http.close()


def _get_once(
    http: httpx.Client,
    url: str,
    ip: str,
    host: str,
    scheme: str,
    remaining: float,
    deadline: float,
    max_bytes: int,
    source: str,
) -> tuple[str, RawDocument | None]:
    """One request: ("", document) on success, (location, None) on a redirect."""
    request = http.build_request(
        "GET",
        _pinned_url(url, ip),
        headers={"Host": httpx.URL(url).netloc.decode("ascii"), "User-Agent": _USER_AGENT},
        timeout=httpx.Timeout(remaining),
        extensions={"sni_hostname": host} if scheme == "https" else {},
    )
    try:
        response = http.send(request, stream=True)
        try:
            if response.is_redirect:
                location = response.headers.get("location", "")
                if not location:
                    raise DropError(
                        "http_error", f"redirect without Location from {url}", source=source
                    )
                return location, None
            if response.status_code >= 400:
                raise DropError(
                    "http_error", f"HTTP {response.status_code} from {url}", source=source
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise DropError("too_large", f"{url} is {declared} bytes", source=source)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise DropError("too_large", f"{url} exceeds {max_bytes} bytes", source=source)
                if time.monotonic() > deadline:
                    raise DropError("fetch_timeout", f"timed out reading {url}", source=source)
                chunks.append(chunk)
        finally:
            response.close()
    except httpx.TimeoutException as exc:
        raise DropError("fetch_timeout", f"timed out fetching {url}", source=source) from exc
    except httpx.HTTPError as exc:
        raise DropError("fetch_error", f"cannot fetch {url}: {exc}", source=source) from exc
    return "", RawDocument(
        source=source,
        data=b"".join(chunks),
        url=url,
        content_type=_content_type(response.headers.get("content-type", "")),
    )
