"""HTTPS sessions that trust what the operating system trusts (field report F20). No Qt.

Offices with a TLS-inspecting proxy install the proxy's root certificate in the operating system's
store, not in certifi's bundle, so a plain `requests.Session` fails there with
CERTIFICATE_VERIFY_FAILED. :func:`make_session` mounts, for https://, an adapter whose SSL context
is a `truststore.SSLContext` (Windows certificate store, macOS Keychain, the distribution's CA
files on Linux; requests still adds certifi's bundle to it). Without a working `truststore` it
returns requests' default session (certifi only). Verification is never turned off either way.
"""

from __future__ import annotations

import logging
import ssl
from typing import Any

import requests
from requests.adapters import HTTPAdapter

__all__ = ["TrustStoreAdapter", "make_session", "truststore_context"]

log = logging.getLogger(__name__)


class TrustStoreAdapter(HTTPAdapter):
    """An HTTPAdapter whose pools (direct and through proxies) use the given SSL context."""

    def __init__(self, ssl_context: ssl.SSLContext, **kwargs: Any) -> None:
        self.ssl_context = ssl_context
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs.setdefault("ssl_context", self.ssl_context)
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs.setdefault("ssl_context", self.ssl_context)
        proxy_kwargs.setdefault("proxy_ssl_context", self.ssl_context)
        return super().proxy_manager_for(proxy, **proxy_kwargs)


def truststore_context() -> ssl.SSLContext | None:
    """A client SSL context backed by the OS trust store, or None when truststore is missing or
    does not work here (logged)."""
    try:
        import truststore
    except ImportError:
        log.info("truststore is not installed; using certifi's certificates only")
        return None
    try:
        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if context.verify_mode != ssl.CERT_REQUIRED or not context.check_hostname:
            raise ssl.SSLError("truststore context does not verify certificates")
    except Exception as exc:  # any failure means: fall back to certifi
        log.warning("the system certificate store cannot be used (%s); using certifi's", type(exc).__name__)
        return None
    return context


def make_session() -> requests.Session:
    """A requests.Session for HubSpot: OS trust store for https:// when possible, else certifi."""
    session = requests.Session()
    context = truststore_context()
    if context is not None:
        session.mount("https://", TrustStoreAdapter(context))
    session.verify = True
    return session
