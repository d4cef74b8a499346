"""Who is calling: the verified client certificate of an inbound request and the OIN in it.

Mutual TLS is terminated either by the app server (duo.tls.MtlsServer, or Apache mod_ssl: the verified
certificate is in environ["SSL_CLIENT_CERT"], which a client cannot set) or by the reverse proxy in front of
gunicorn. In the latter case the proxy forwards the certificate and its verdict in two headers, named by
settings.DUO_PROXY_CERT_HEADER and DUO_PROXY_VERIFY_HEADER; nginx:

    proxy_set_header X-SSL-Client-Cert   $ssl_client_escaped_cert;   # URL-encoded PEM
    proxy_set_header X-SSL-Client-Verify $ssl_client_verify;         # SUCCESS when verified

Those headers are trusted only when both settings are set: the proxy must then always overwrite them (nginx's
proxy_set_header does), so a client cannot forge them."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

from cryptography import x509
from cryptography.x509.oid import NameOID
from django.conf import settings

# PKIoverheid puts the OIN in the subject's serialNumber: 20 digits, sometimes written as "OIN:<20 digits>".
_OIN = re.compile(r"(?:OIN[:\-\s]?)?([0-9]{20})", re.IGNORECASE)


def oin_uit_certificaat(cert: x509.Certificate) -> str | None:
    """The OIN of the certificate's holder (subject serialNumber), or None when it holds none."""
    for attribuut in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        gevonden = _OIN.fullmatch(str(attribuut.value).strip())
        if gevonden:
            return gevonden.group(1)
    return None


def client_certificaat(request) -> x509.Certificate | None:
    """The verified client certificate of `request`, or None when there is none (or it cannot be read)."""
    tekst = request.META.get("SSL_CLIENT_CERT") or _van_proxy(request)
    if not tekst:
        return None
    return _lees(tekst)


def _van_proxy(request) -> str | None:
    cert_header, verify_header = settings.DUO_PROXY_CERT_HEADER, settings.DUO_PROXY_VERIFY_HEADER
    if not (cert_header and verify_header) or _header(request, verify_header) != "SUCCESS":
        return None
    return unquote(_header(request, cert_header) or "")


def _header(request, naam: str) -> str | None:
    """A header by its META key (HTTP_X_SSL_CLIENT_CERT) or its HTTP name (X-SSL-Client-Cert)."""
    return request.META.get(naam) or request.headers.get(naam)


def _lees(tekst: str) -> x509.Certificate | None:
    """PEM (nginx, mod_ssl), or base64 DER without the PEM armour (what some other proxies forward)."""
    try:
        if "-----BEGIN" in tekst:
            return x509.load_pem_x509_certificate(tekst.strip().encode())
        return x509.load_der_x509_certificate(base64.b64decode(tekst.strip(), validate=True))
    except (ValueError, binascii.Error):
        return None
