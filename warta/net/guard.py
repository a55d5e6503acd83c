"""Which addresses Warta may connect to: public unicast addresses only, unless the configuration allows more.

A URL's host is resolved (all answers) and refused when ANY answer is loopback, private, link-local (the cloud
metadata service 169.254.169.254 among them), unspecified, multicast, broadcast, reserved, carrier-grade NAT,
or an IPv6 form of one of those (IPv4-mapped `::ffff:127.0.0.1`, NAT64 `64:ff9b::10.0.0.5`, 6to4). Literal
hosts are read the way the operating system reads them, so `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.1` are
all 127.0.0.1. `warta.net.transport` connects to exactly the addresses checked here, never resolving twice.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from warta.errors import FetchError, InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
AsyncResolver = Callable[[str, int], Awaitable[list[str]]]  # (host, port) → address strings
SyncResolver = Callable[[str, int], list[str]]

CRAWL_HINT = "allow it with allow_networks in warta.toml"
PORT_HINT = "add the port to allow_ports in warta.toml"
SCHEMES = ("http", "https")

# What an address is, when it is not public. The first matching network wins, so specific ones come first.
_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(net), kind)
    for net, kind in (
        ("0.0.0.0/8", "unspecified"),
        ("127.0.0.0/8", "loopback"),
        ("10.0.0.0/8", "private"),
        ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"),
        ("100.64.0.0/10", "shared"),
        ("169.254.169.254/32", "metadata"),
        ("169.254.0.0/16", "link-local"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved"),
    )
)
_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(net), kind)
    for net, kind in (
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::/96", "ipv4-compatible"),
        ("::ffff:0:0:0/96", "reserved"),
        ("64:ff9b:1::/48", "local-nat64"),
        ("fc00::/7", "private"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_PHRASES = {
    "unspecified": "an unspecified ('this host') address",
    "loopback": "a loopback address",
    "private": "a private address",
    "shared": "a carrier-grade NAT (shared) address",
    "metadata": "the cloud metadata address (link-local)",
    "link-local": "a link-local address",
    "multicast": "a multicast address",
    "broadcast": "the broadcast address",
    "reserved": "a reserved or special-purpose address",
    "ipv4-compatible": "a deprecated IPv4-compatible IPv6 address",
    "local-nat64": "a local-use NAT64 address",
    "site-local": "a site-local address",
}
_NUMERIC_V4 = re.compile(r"[0-9a-fA-FxX.]+")  # what inet_aton might read as a number: 2130706433, 0x7f.1, 127.1


class AddressRefused(FetchError):
    """A URL or address Warta does not connect to. Never worth retrying: the answer will be the same."""

    def __init__(self, reason: str, hint: str) -> None:
        self.reason = reason
        self.hint = hint
        super().__init__(f"refused: {reason}; {hint}")


def kind_of(ip: IPAddress) -> str | None:
    """What `ip` is when it is not a public unicast address (a key of the phrases above), else None."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped
        if mapped is not None:
            return kind_of(mapped)
        ip = ipaddress.IPv6Address(int(ip))  # drop a %zone
        found = next((kind for net, kind in _V6 if ip in net), None)
        embedded = _embedded_v4(ip)
        if found is None and embedded is not None:
            found = kind_of(embedded)
        return found or (None if ip.is_global else "reserved")
    found = next((kind for net, kind in _V4 if ip in net), None)
    return found or (None if ip.is_global else "reserved")


def describe(ip: IPAddress) -> str | None:
    """Why `ip` is refused by default ('a private address', …), or None for a public unicast address."""
    kind = kind_of(ip)
    if kind is None:
        return None
    phrase = _PHRASES[kind]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        embedded = _embedded_v4(ip)
        if embedded is not None:
            return f"a form of {embedded}, {phrase}"
    return phrase


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one leads to: NAT64 (64:ff9b::/96) and 6to4 (2002::/16)."""
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def literal_address(host: str) -> IPAddress | None:
    """The address a URL host stands for without DNS, read as the operating system reads it, or None."""
    text = unquote(host.strip("[]"))
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if _NUMERIC_V4.fullmatch(text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def effective(ip: IPAddress) -> IPAddress:
    """The address the operating system really talks to: an IPv4-mapped IPv6 address is its IPv4 address."""
    if isinstance(ip, ipaddress.IPv6Address):
        return ip.ipv4_mapped or ipaddress.IPv6Address(int(ip))
    return ip


@dataclass(frozen=True)
class AddressPolicy:
    """Addresses allowed beyond the public ones: `networks`, and on them only `ports` when any are given."""

    networks: tuple[IPNetwork, ...] = ()
    ports: tuple[int, ...] = ()

    def refusal(self, ip: IPAddress, port: int) -> tuple[str, bool] | None:
        """(why `ip`:`port` is refused, whether only the port is wrong), or None when it is allowed."""
        phrase = describe(ip)
        if phrase is None:
            return None
        real = effective(ip)
        if not any(real in net or ip in net for net in self.networks):
            return phrase, False
        if self.ports and port not in self.ports:
            return f"{phrase} allowed only on port {_ports(self.ports)}, not {port}", True
        return None

    @classmethod
    def parse(cls, networks: object, ports: object, where: str) -> AddressPolicy:
        """A policy from warta.toml values; each bad one is a one-line InputError naming `where`."""
        if not isinstance(networks, list) or not all(isinstance(n, str) for n in networks):
            raise InputError(f'{where}.allow_networks must be a list of networks, such as ["127.0.0.1/32"]')
        if not isinstance(ports, list) or not all(isinstance(p, int) and not isinstance(p, bool) for p in ports):
            raise InputError(f"{where}.allow_ports must be a list of port numbers, such as [8100, 8101]")
        bad = [p for p in ports if not 1 <= p <= 65535]
        if bad:
            raise InputError(f"{where}.allow_ports: {bad[0]} is not a port; write numbers from 1 to 65535")
        return cls(tuple(_network(n, where) for n in networks), tuple(ports))


def _network(value: str, where: str) -> IPNetwork:
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError:
        pass
    try:
        loose = ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise InputError(
            f'{where}.allow_networks: {value!r} is not an address or network; write one such as "127.0.0.1/32"'
        ) from None
    raise InputError(f"{where}.allow_networks: {value!r} has host bits set; write {loose} or one address /32")


def _ports(ports: tuple[int, ...]) -> str:
    return ", ".join(str(p) for p in sorted(ports))


def url_target(url: str) -> tuple[str, int]:
    """The (host, port) a URL connects to; AddressRefused when it is not http(s) or has no host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise AddressRefused(f"{url} is not a valid URL", "check the address") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise AddressRefused(f"{url} is not an http(s) URL", "only http and https are fetched")
    if not parts.hostname:
        raise AddressRefused(f"{url} has no host", "fix the URL")
    return parts.hostname, port or (443 if scheme == "https" else 80)


class Guard:
    """Checks hosts against a policy. The resolvers are replaceable, so tests need no DNS."""

    def __init__(
        self,
        policy: AddressPolicy | None = None,
        hint: str = CRAWL_HINT,
        resolver: AsyncResolver | None = None,
        sync_resolver: SyncResolver | None = None,
    ) -> None:
        self.policy = policy or AddressPolicy()
        self.hint = hint
        self._resolver = resolver or system_resolve
        self._sync_resolver = sync_resolver or system_resolve_sync

    def check_url(self, url: str) -> tuple[str, int]:
        """The URL's (host, port), refused at once when it is not http(s) or its host is a refused literal."""
        host, port = url_target(url)
        literal = literal_address(host)
        if literal is not None:
            self.checked(host, port, [str(literal)])
        return host, port

    async def check(self, url: str, timeout: float | None = None) -> list[IPAddress]:
        """Every address the URL's host resolves to, all allowed; else AddressRefused (OSError: no answer)."""
        host, port = self.check_url(url)
        return await self.resolve(host, port, timeout)

    async def resolve(self, host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
        """The host's addresses, each checked; a literal host is not looked up."""
        literal = literal_address(host)
        if literal is not None:
            return self.checked(host, port, [str(literal)])
        answers = await asyncio.wait_for(self._resolver(host, port), timeout)
        return self.checked(host, port, answers)

    def resolve_sync(self, host: str, port: int) -> list[IPAddress]:
        """`resolve` for blocking code."""
        literal = literal_address(host)
        answers = [str(literal)] if literal is not None else self._sync_resolver(host, port)
        return self.checked(host, port, answers)

    def checked(self, host: str, port: int, answers: list[str]) -> list[IPAddress]:
        """The answers as addresses, in order and once each, when ALL are allowed; else AddressRefused."""
        addresses: list[IPAddress] = []
        for answer in answers:
            ip = ipaddress.ip_address(answer)
            verdict = self.policy.refusal(ip, port)
            if verdict is not None:
                phrase, port_only = verdict
                shown = effective(ip)
                subject = f"{shown} is" if host.strip("[]") in (str(ip), str(shown)) else f"{host} resolves to {shown},"
                raise AddressRefused(f"{subject} {phrase}", PORT_HINT if port_only else self.hint)
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} has no address")
        return addresses


async def system_resolve(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for `host`."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def system_resolve_sync(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for `host`, blocking."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def command_line_policy(url: str) -> AddressPolicy:
    """What `warta extract URL` may reach besides public addresses: the URL's own host when the user wrote a
    loopback or private address literally (or `localhost`), and nothing else (never link-local or metadata)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return AddressPolicy()
    if host == "localhost":
        return AddressPolicy((ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128")))
    literal = literal_address(host)
    if literal is None or kind_of(literal) not in ("loopback", "private"):
        return AddressPolicy()
    return AddressPolicy((ipaddress.ip_network(effective(literal)),))
