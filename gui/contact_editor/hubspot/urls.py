"""Where HubSpot is and how its paths are laid out; which addresses are safe. No HTTP library here,
so the command line and the window can check an address without importing `requests`."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from contact_editor.hubspot.errors import InsecureUrlError

DEFAULT_API_BASE = "https://api.hubapi.com"
_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


@dataclass(frozen=True)
class ApiPaths:
    """Where the contact endpoints live. The only place that knows the URL layout.

    v3 (default): /crm/v3/objects/contacts/{id}, /crm/v3/properties/contacts[/groups].
    Date-based versions: /crm/objects/2026-03/contacts/{id}, /crm/properties/2026-03/contacts.
    """

    objects_prefix: str = "/crm/v3/objects"
    properties_prefix: str = "/crm/v3/properties"

    @classmethod
    def for_version(cls, version: str) -> ApiPaths:
        """"v3" or a date-based version such as "2026-03"."""
        if version == "v3":
            return cls()
        return cls(f"/crm/objects/{version}", f"/crm/properties/{version}")

    def contact(self, contact_id: str) -> str:
        return f"{self.objects_prefix}/contacts/{quote(contact_id, safe='')}"

    def contact_properties(self) -> str:
        return f"{self.properties_prefix}/contacts"

    def contact_groups(self) -> str:
        return f"{self.properties_prefix}/contacts/groups"

    def contact_batch_read(self) -> str:
        return f"{self.objects_prefix}/contacts/batch/read"


V3_PATHS = ApiPaths()


def validate_api_base(url: str) -> str:
    """Normalise an API base URL (no trailing "/") or raise InsecureUrlError.

    https to any host is fine; plain http only to loopback (127.0.0.0/8, ::1, localhost).
    """
    if not isinstance(url, str) or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise InsecureUrlError("the API address is empty or contains spaces")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - validates the port (raises ValueError)
    except ValueError:
        raise InsecureUrlError("the API address is not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise InsecureUrlError("the API address must start with https://")
    if not host:
        raise InsecureUrlError("the API address has no host")
    if parts.username is not None or parts.password is not None:
        raise InsecureUrlError("the API address must not contain a user name or password")
    if parts.query or parts.fragment:
        raise InsecureUrlError("the API address must not contain a query or fragment")
    if scheme == "http" and not is_loopback_host(host):
        raise InsecureUrlError("plain http is allowed only to this computer (loopback); use https://")
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def is_loopback_host(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 (literal addresses only; no DNS lookups)."""
    host = host.lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


