"""TLS: the OS trust store through truststore, certifi as the fallback, verification never off."""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import re
import ssl
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from contact_editor.hubspot.client import HubSpotClient
from contact_editor.hubspot.errors import NetworkError
from contact_editor.hubspot.tls import TrustStoreAdapter, make_session

GUI = Path(__file__).resolve().parents[2] / "gui"


def test_https_uses_a_truststore_context_when_available() -> None:
    truststore = pytest.importorskip("truststore")
    session = make_session()
    adapter = session.get_adapter("https://api.hubapi.com")
    assert isinstance(adapter, TrustStoreAdapter)
    assert isinstance(adapter.ssl_context, truststore.SSLContext)
    assert adapter.ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert adapter.ssl_context.check_hostname is True
    assert adapter.poolmanager.connection_pool_kw["ssl_context"] is adapter.ssl_context
    proxy = adapter.proxy_manager_for("http://proxy.example:3128")
    assert proxy.connection_pool_kw["ssl_context"] is adapter.ssl_context
    assert session.verify is True
    # http:// (loopback only, checked by the client) keeps the plain adapter.
    assert type(session.get_adapter("http://127.0.0.1:1")) is HTTPAdapter


def test_the_client_uses_it_by_default() -> None:
    pytest.importorskip("truststore")
    client = HubSpotClient("https://api.hubapi.com", lambda: "pat-na1-x")
    try:
        adapter = client._session.get_adapter("https://api.hubapi.com/crm/v3/objects/contacts/1")
        assert isinstance(adapter, TrustStoreAdapter)
    finally:
        client.close()


def test_falls_back_to_certifi_when_truststore_is_missing(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "truststore", None)  # import raises ImportError
    caplog.set_level("INFO", logger="contact_editor.hubspot.tls")
    session = make_session()
    adapter = session.get_adapter("https://api.hubapi.com")
    assert type(adapter) is HTTPAdapter
    assert "ssl_context" not in adapter.poolmanager.connection_pool_kw
    assert session.verify is True
    assert "certifi" in caplog.text


def test_falls_back_when_truststore_does_not_work(monkeypatch: pytest.MonkeyPatch) -> None:
    truststore = pytest.importorskip("truststore")

    def broken(protocol: int) -> ssl.SSLContext:
        raise OSError("no system store here")

    monkeypatch.setattr(truststore, "SSLContext", broken)
    session = make_session()
    assert type(session.get_adapter("https://api.hubapi.com")) is HTTPAdapter
    assert session.verify is True


def test_verification_is_never_turned_off_anywhere_in_the_app() -> None:
    pattern = re.compile(
        r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context"
    )
    offenders = [
        str(path.relative_to(GUI))
        for path in GUI.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# -- a real TLS handshake on loopback ------------------------------------------------------------


@pytest.fixture(scope="module")
def private_ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A private CA (like a TLS-inspecting proxy's) and a server certificate for 127.0.0.1."""
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Office proxy test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return ca_file, cert_file, key_file


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"results": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def https_server(private_ca: tuple[Path, Path, Path]) -> Iterator[str]:
    _, cert_file, key_file = private_ca
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="SSL_CERT_FILE selects the system store on Linux"
)


@linux_only
def test_a_certificate_trusted_only_by_the_system_store_is_accepted(
    https_server: str, private_ca: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office proxy's CA is in the system store (here: SSL_CERT_FILE), not in certifi."""
    pytest.importorskip("truststore")
    monkeypatch.setenv("SSL_CERT_FILE", str(private_ca[0]))
    with HubSpotClient(https_server, lambda: "pat-na1-test-token") as client:
        assert client.list_groups() == []


@linux_only
def test_certifi_alone_rejects_that_certificate(
    https_server: str, private_ca: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(private_ca[0]))
    monkeypatch.setitem(sys.modules, "truststore", None)
    with HubSpotClient(https_server, lambda: "pat-na1-test-token") as client, pytest.raises(NetworkError):
        client.list_groups()


def test_an_untrusted_certificate_is_refused(https_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Verification stays on: a certificate from an unknown CA fails, with or without truststore."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with HubSpotClient(https_server, lambda: "pat-na1-test-token") as client, pytest.raises(NetworkError):
        client.list_groups()


def test_requests_default_session_would_also_refuse(https_server: str) -> None:
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(https_server, timeout=5)
