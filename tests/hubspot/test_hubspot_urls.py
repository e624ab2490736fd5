"""validate_api_base and the one place that builds contact paths."""

from __future__ import annotations

import pytest

from contact_editor.hubspot.client import DEFAULT_API_BASE, ApiPaths, is_loopback_host, validate_api_base
from contact_editor.hubspot.errors import HubSpotError, InsecureUrlError


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (DEFAULT_API_BASE, "https://api.hubapi.com"),
        ("https://api.hubapi.com/", "https://api.hubapi.com"),
        ("HTTPS://api.hubapi.com//", "https://api.hubapi.com"),
        ("https://proxy.example.com/hubspot/", "https://proxy.example.com/hubspot"),
        ("https://10.0.0.5:8443", "https://10.0.0.5:8443"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://127.4.5.6", "http://127.4.5.6"),
        ("http://localhost:9000", "http://localhost:9000"),
        ("http://LOCALHOST", "http://LOCALHOST"),
        ("http://[::1]:9000/", "http://[::1]:9000"),
        ("http://[::ffff:127.0.0.1]:9000", "http://[::ffff:127.0.0.1]:9000"),
    ],
)
def test_accepted_bases_are_normalised(url: str, expected: str) -> None:
    assert validate_api_base(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://api.hubapi.com",  # plain http to a remote host
        "http://10.0.0.5",
        "http://192.168.1.1:8080",
        "http://[::2]",
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io",
        "http://2130706433",  # 127.0.0.1 in decimal: only literal dotted/colon forms count
        "http://0x7f000001",
        "ftp://api.hubapi.com",
        "file:///etc/passwd",
        "api.hubapi.com",
        "//api.hubapi.com",
        "https://",
        "https:///path",
        "",
        " https://api.hubapi.com",
        "https://api.hubapi.com/\n",
        "https://user:pass@api.hubapi.com",
        "https://api.hubapi.com?x=1",
        "https://api.hubapi.com#frag",
        "https://api.hubapi.com:99999",
        "https://[::1",
    ],
)
def test_rejected_bases(url: str) -> None:
    with pytest.raises(InsecureUrlError) as info:
        validate_api_base(url)
    assert isinstance(info.value, HubSpotError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.255.255.254", True),
        ("::1", True),
        ("localhost", True),
        ("128.0.0.1", False),
        ("0.0.0.0", False),
        ("example.com", False),
    ],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_paths_live_in_one_place() -> None:
    v3 = ApiPaths.for_version("v3")
    assert v3 == ApiPaths()
    assert v3.contact("5 1/2") == "/crm/v3/objects/contacts/5%201%2F2"
    assert v3.contact_properties() == "/crm/v3/properties/contacts"
    assert v3.contact_groups() == "/crm/v3/properties/contacts/groups"
    dated = ApiPaths.for_version("2026-03")
    assert dated.contact("512") == "/crm/objects/2026-03/contacts/512"
    assert dated.contact_properties() == "/crm/properties/2026-03/contacts"
