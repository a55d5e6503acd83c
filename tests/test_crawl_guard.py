"""The address guard without sockets: every kind of address classified, literal hosts read as the system reads
them, URL refusals, policies, DNS answers from a fake resolver, and the warta.toml options. The fetches through
it, against real servers on 127.0.0.1, are in test_crawl_guard_net.py."""

from __future__ import annotations

import asyncio
import ipaddress
from pathlib import Path

import pytest

from tests.conftest import DEMO
from warta.crawl.config import load, parse, starter
from warta.errors import InputError
from warta.net.guard import AddressPolicy, AddressRefused, Guard, describe, literal_address


class FakeDNS:
    """Answers from a table; a name given several answer lists gives the next one on each lookup."""

    def __init__(self, **names: list[list[str]]) -> None:
        self.names = {name.replace("_", "."): list(answers) for name, answers in names.items()}
        self.asked: list[str] = []

    def answer(self, host: str) -> list[str]:
        self.asked.append(host)
        answers = self.names.get(host)
        if not answers:
            raise OSError(f"{host}: no such name (fake DNS)")
        return answers.pop(0) if len(answers) > 1 else answers[0]

    async def __call__(self, host: str, port: int) -> list[str]:
        return self.answer(host)

    def sync(self, host: str, port: int) -> list[str]:
        return self.answer(host)


# Addresses ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "phrase"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fec0::1", "site-local"),
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("255.255.255.255", "broadcast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("100.127.255.254", "carrier-grade NAT"),
        ("192.0.2.1", "reserved"),  # documentation
        ("198.18.0.1", "reserved"),  # benchmarking
        ("2001:db8::1", "reserved"),  # documentation
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:10.0.0.5", "private"),
        ("::ffff:169.254.169.254", "cloud metadata"),
        ("::127.0.0.1", "IPv4-compatible"),
        ("::10.0.0.5", "IPv4-compatible"),
        ("64:ff9b::10.0.0.5", "form of 10.0.0.5, a private"),  # NAT64
        ("64:ff9b::127.0.0.1", "form of 127.0.0.1, a loopback"),
        ("64:ff9b::169.254.169.254", "cloud metadata"),
        ("64:ff9b:1::1", "local-use NAT64"),
        ("2002:a00:5::1", "form of 10.0.0.5, a private"),  # 6to4
        ("2002:7f00:1::1", "loopback"),
        ("2001::1", "reserved"),  # Teredo
        ("::ffff:0:a00:5", "reserved"),  # IPv4-translated
    ],
)
def test_guard_refuses_every_non_public_address(address: str, phrase: str) -> None:
    found = describe(ipaddress.ip_address(address))
    assert found is not None and phrase in found


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "203.190.242.69", "2001:4860:4860::8888", "2001:4860::8888", "2606:4700:4700::1111",
     "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1", "172.32.0.1", "100.128.0.1", "169.253.0.1"],
)  # fmt: skip
def test_guard_allows_public_addresses(address: str) -> None:
    assert describe(ipaddress.ip_address(address)) is None
    Guard().checked("news.example", 443, [address])


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),  # decimal
        ("017700000001", "127.0.0.1"),  # octal
        ("0x7f000001", "127.0.0.1"),  # hex
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("[::1]", "::1"),
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1"),
        ("[fe80::1%25eth0]", "fe80::1%eth0"),
        ("news.example", None),
        ("cafe.be", None),
        ("1.2.3.4.5", None),
    ],
)
def test_literal_hosts_are_read_as_the_system_reads_them(host: str, address: str | None) -> None:
    expected = None if address is None else ipaddress.ip_address(address)
    assert literal_address(host) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://2130706433/", "127.0.0.1, a loopback"),
        ("http://0x7f.1/", "127.0.0.1, a loopback"),
        ("http://127.1:8100/", "127.0.0.1, a loopback"),
        ("http://[::1]/", "::1 is a loopback"),
        ("http://[::ffff:127.0.0.1]/", "127.0.0.1, a loopback"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://0xa9fea9fe/latest/meta-data/", "cloud metadata"),
        ("http://[fd00:ec2::254]/latest/meta-data/", "private"),
        ("http://0/", "unspecified"),
        ("http://10.0.0.5/", "10.0.0.5 is a private address; allow it with allow_networks in warta.toml"),
        ("ftp://news.example/a", "not an http(s) URL"),
        ("file:///etc/passwd", "not an http(s) URL"),
        ("gopher://127.0.0.1:6379/_INFO", "not an http(s) URL"),
        ("http:///berita", "no host"),
        ("http://news.example:99999/", "not a valid URL"),
    ],
)
def test_urls_refused_without_any_lookup(url: str, message: str) -> None:
    dns = FakeDNS()
    with pytest.raises(AddressRefused, match=r"^refused: ") as caught:
        asyncio.run(Guard(resolver=dns).check(url))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert dns.asked == []


def test_policy_allows_its_networks_and_ports_only() -> None:
    policy = AddressPolicy.parse(["127.0.0.1/32", "10.1.0.0/16", "fd00::/8"], [8100], "warta.toml: crawl")
    assert policy.refusal(ipaddress.ip_address("127.0.0.1"), 8100) is None
    assert policy.refusal(ipaddress.ip_address("::ffff:127.0.0.1"), 8100) is None  # the same address
    assert policy.refusal(ipaddress.ip_address("10.1.2.3"), 8100) is None
    assert policy.refusal(ipaddress.ip_address("fd00::5"), 8100) is None
    assert policy.refusal(ipaddress.ip_address("127.0.0.2"), 8100) == ("a loopback address", False)
    assert policy.refusal(ipaddress.ip_address("10.2.0.1"), 8100) == ("a private address", False)
    assert policy.refusal(ipaddress.ip_address("127.0.0.1"), 6379) == (
        "a loopback address allowed only on port 8100, not 6379",
        True,
    )
    assert policy.refusal(ipaddress.ip_address("8.8.8.8"), 6379) is None  # public: any port
    with pytest.raises(AddressRefused, match="add the port to allow_ports"):
        Guard(policy).check_url("http://127.0.0.1:6379/")


# DNS answers (fake resolver) ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (["10.0.0.5"], "news.test resolves to 10.0.0.5, a private address"),
        (["93.184.215.14", "10.0.0.5"], "10.0.0.5, a private"),  # any answer refuses the host
        (["2606:2800:21f:cb07:6820:80da:af6b:8b2c", "fd00::1"], "fd00::1, a private"),
        (["127.0.0.1"], "loopback"),
        (["::ffff:169.254.169.254"], "cloud metadata"),
        (["64:ff9b::a9fe:a9fe"], "cloud metadata"),
        (["0.0.0.0"], "unspecified"),
    ],
)
def test_private_dns_answers_are_refused(answers: list[str], message: str) -> None:
    with pytest.raises(AddressRefused) as caught:
        asyncio.run(Guard(resolver=FakeDNS(news_test=[answers])).check("https://news.test/berita/1"))
    assert message in str(caught.value)


def test_public_dns_answers_pass_in_order_once_each() -> None:
    dns = FakeDNS(news_test=[["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "93.184.215.14"]])
    found = asyncio.run(Guard(resolver=dns).check("https://news.test/"))
    assert [str(ip) for ip in found] == ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]


# Configuration --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("crawl", "message"),
    [
        ({"allow_networks": "127.0.0.1/32"}, "must be a list of networks"),
        ({"allow_networks": [127]}, "must be a list of networks"),
        ({"allow_networks": ["localhost"]}, "'localhost' is not an address or network"),
        ({"allow_networks": ["10.0.0.300"]}, "not an address or network"),
        ({"allow_networks": ["10.0.0.1/8"]}, "has host bits set; write 10.0.0.0/8"),
        ({"allow_networks": ["fd00::1/8"]}, "has host bits set"),
        ({"allow_ports": [70000]}, "70000 is not a port"),
        ({"allow_ports": [0]}, "0 is not a port"),
        ({"allow_ports": ["8100"]}, "must be a list of port numbers"),
        ({"allow_ports": [True]}, "must be a list of port numbers"),
        ({"total_timeout": 0}, "crawl.total_timeout"),
    ],
)
def test_guard_config_errors_are_one_line(crawl: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=r"^warta\.toml: crawl") as caught:
        parse({"crawl": crawl}, "warta.toml")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_guard_config_defaults_allow_nothing_and_the_demo_allows_its_site(tmp_path: Path) -> None:
    assert parse({}, "x").limits.allow == AddressPolicy()
    assert parse({"crawl": {"allow_networks": ["127.0.0.1", "fd00::/8"]}}, "x").limits.allow.networks == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("fd00::/8"),
    )
    demo = load(DEMO / "warta.toml").limits
    assert demo.allow == AddressPolicy((ipaddress.ip_network("127.0.0.1/32"),), (8100, 8101, 8102))
    path = tmp_path / "warta.toml"
    path.write_text(starter(), encoding="utf-8")
    assert load(path).limits.allow == AddressPolicy() and "# allow_networks = [" in starter()
