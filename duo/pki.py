"""A test PKI in the shape of PKIoverheid private root, for the DUO simulator, the demo and the tests: one CA, the
server and client certificates of DUO and of our app, and two client certificates that must be refused (one of
another CA, one of this CA with an OIN that is not DUO's). As in PKIoverheid, the OIN of the holder is the subject's
serialNumber attribute.

Files are written once and reused (the demo keeps them in .data/duo-pki); EC P-256 keys keep generating fast. The
validity is fixed and wide (2020-2099): the tests move Python's clock, OpenSSL checks against the real one."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

GELDIG_VAN = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
GELDIG_TOT = dt.datetime(2099, 12, 31, tzinfo=dt.UTC)

# The OIN in our client certificate when no gemeente is given: a software supplier acting for gemeenten.
LEVERANCIER_OIN = "00000003123456780000"
# The OIN of the certificate that is valid (our CA) but is not DUO's.
VERKEERD_OIN = "00000001999999999000"


@dataclass(frozen=True)
class Pki:
    """Paths of the PEM files. `ca_cert` is what both sides trust; `vreemd_*` is signed by another CA."""

    map: Path
    ca_cert: Path
    ca_key: Path
    duo_server_cert: Path
    duo_server_key: Path
    duo_client_cert: Path
    duo_client_key: Path
    app_server_cert: Path
    app_server_key: Path
    app_client_cert: Path
    app_client_key: Path
    vreemd_ca_cert: Path
    vreemd_client_cert: Path
    vreemd_client_key: Path
    verkeerd_oin_client_cert: Path
    verkeerd_oin_client_key: Path


def _naam(cn: str, organisatie: str, oin: str | None = None) -> x509.Name:
    attributen = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisatie),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ]
    if oin:
        attributen.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, oin))
    return x509.Name(attributen)


def _sleutel(pad: Path) -> ec.EllipticCurvePrivateKey:
    if pad.exists():
        return serialization.load_pem_private_key(pad.read_bytes(), password=None)
    sleutel = ec.generate_private_key(ec.SECP256R1())
    pad.write_bytes(
        sleutel.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pad.chmod(0o600)
    return sleutel


def _ca(cert_pad: Path, key_pad: Path, cn: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    sleutel = _sleutel(key_pad)
    if cert_pad.exists():
        return x509.load_pem_x509_certificate(cert_pad.read_bytes()), sleutel
    naam = _naam(cn, "Simulator PKIoverheid (test)")
    cert = (
        x509.CertificateBuilder()
        .subject_name(naam)
        .issuer_name(naam)
        .public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(GELDIG_VAN)
        .not_valid_after(GELDIG_TOT)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(sleutel.public_key()), critical=False)
        .sign(sleutel, hashes.SHA256())
    )
    cert_pad.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, sleutel


def _uitgeven(
    cert_pad: Path,
    key_pad: Path,
    ca: tuple[x509.Certificate, ec.EllipticCurvePrivateKey],
    naam: x509.Name,
    *,
    server: bool,
) -> None:
    sleutel = _sleutel(key_pad)
    if cert_pad.exists():
        return
    ca_cert, ca_sleutel = ca
    bouwer = (
        x509.CertificateBuilder()
        .subject_name(naam)
        .issuer_name(ca_cert.subject)
        .public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(GELDIG_VAN)
        .not_valid_after(GELDIG_TOT)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(sleutel.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_sleutel.public_key()),
            critical=False,
        )
    )
    if server:
        bouwer = bouwer.add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    cert = bouwer.sign(ca_sleutel, hashes.SHA256())
    cert_pad.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def pki_paden(map: Path) -> Pki:
    """The paths of the PKI in `map`, without creating anything (the commands that talk to a running simulator)."""
    map = Path(map)
    paden = {
        f"{naam}_{soort}": map / f"{naam}.{'pem' if soort == 'cert' else 'key'}"
        for naam in ("ca", "duo_server", "duo_client", "app_server", "app_client", "vreemd_client")
        + ("verkeerd_oin_client",)
        for soort in ("cert", "key")
    }
    return Pki(map=map, vreemd_ca_cert=map / "vreemd_ca.pem", **paden)


def maak_pki(map: Path, *, gemeente_oins: list[str] | tuple[str, ...] = (), duo_oin: str) -> Pki:
    """Create (once; files already in `map` are reused) the CA and the certificates; see Pki. Our client
    certificate carries the OIN of the first gemeente, or a supplier's OIN when none is given."""
    pki = pki_paden(map)
    pki.map.mkdir(parents=True, exist_ok=True)
    ca = _ca(pki.ca_cert, pki.ca_key, "Simulator Staat der Nederlanden Private Root CA")
    vreemd_ca = _ca(pki.vreemd_ca_cert, pki.map / "vreemd_ca.key", "Andere CA (niet vertrouwd)")
    app_oin = gemeente_oins[0] if gemeente_oins else LEVERANCIER_OIN
    uitgaven = [
        (pki.duo_server_cert, pki.duo_server_key, ca, _naam("localhost", "DUO (simulator)", duo_oin), True),
        (pki.duo_client_cert, pki.duo_client_key, ca, _naam("DUO M2M inburgering", "DUO (simulator)", duo_oin), False),
        (pki.app_server_cert, pki.app_server_key, ca, _naam("localhost", "Inburgering (demo)", app_oin), True),
        (pki.app_client_cert, pki.app_client_key, ca, _naam("Inburgering M2M", "Inburgering (demo)", app_oin), False),
        (pki.vreemd_client_cert, pki.vreemd_client_key, vreemd_ca, _naam("Vreemd", "Onbekend", duo_oin), False),
        (
            pki.verkeerd_oin_client_cert,
            pki.verkeerd_oin_client_key,
            ca,
            _naam("Verkeerd OIN", "Andere organisatie", VERKEERD_OIN),
            False,
        ),
    ]
    for cert_pad, key_pad, uitgever, naam, server in uitgaven:
        _uitgeven(cert_pad, key_pad, uitgever, naam, server=server)
    return pki
