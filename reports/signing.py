"""Signing issued letters (PAdES, with pyHanko) and checking a signature.

    sign_pdf(pdf)          → the same PDF with a PAdES signature appended as an incremental
                             update, so its tags, title, language and outline are untouched
    signature_check(pdf)   → SignatureCheck: whether the file carries a signature, made with the
                             configured certificate, that covers the whole file unchanged
    make_key_pair(key, cert) → writes an RSA key and a self-signed certificate (development)

The key and certificate are PEM files named by IQM_SIGNING_KEY and IQM_SIGNING_CERT. With
DJANGO_DEBUG on, a missing pair is made on first use (IQM_SIGNING_DEV_KEY_AUTO); in production a
missing pair raises SigningUnavailable, which the confirmation turns into a message, and the
system check `reports.E001` stops `manage.py check` (and start-up under `check --deploy`).
"""

from __future__ import annotations

import datetime
import functools
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks

logger = logging.getLogger(__name__)

FIELD_NAME = "IQMSignature"


def outside_event_loop(work):
    """work() run where pyHanko may start its own asyncio loop: here, or in a worker thread when
    this thread already runs a loop (an async server, a browser test's driver), where
    asyncio.run() would refuse."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


class SigningUnavailable(Exception):
    """No usable key and certificate: str(error) says which setting to fix."""


def make_key_pair(
    key_path: Path, cert_path: Path, *, common_name: str = "IQM Assessments (development)"
) -> None:
    """Write a new 2048-bit RSA key and a self-signed certificate for it, valid ten years, as PEM
    files (the key readable by its owner only). For development and tests: a real deployment
    uses a certificate from a certification authority."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Inclusion Quality Mark Ltd"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # Readable by its owner only, also when it replaces a key that was not.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key_bytes)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _paths() -> tuple[Path | None, Path | None]:
    key, cert = settings.IQM_SIGNING_KEY, settings.IQM_SIGNING_CERT
    return (Path(key) if key else None, Path(cert) if cert else None)


def configuration_problem() -> str | None:
    """Why letters cannot be signed now, in words naming the setting; None when they can
    (or, in development, when the missing pair will be made on first use)."""
    key, cert = _paths()
    if key is None or cert is None:
        return (
            "Issued letters are signed, but IQM_SIGNING_KEY and IQM_SIGNING_CERT are not both set: "
            "set them to the PEM files of the signing key and its certificate."
        )
    if settings.IQM_SIGNING_DEV_KEY_AUTO and not key.exists() and not cert.exists():
        return None
    for setting, path in (("IQM_SIGNING_KEY", key), ("IQM_SIGNING_CERT", cert)):
        if not path.is_file():
            return f"Issued letters are signed, but {setting} names {path}, which is not a file."
    return None


def _ensure_files() -> tuple[Path, Path]:
    problem = configuration_problem()
    if problem:
        raise SigningUnavailable(problem)
    key, cert = _paths()
    if not key.exists() and not cert.exists():
        logger.warning("Making a development signing key at %s (DJANGO_DEBUG is on)", key)
        make_key_pair(key, cert)
    return key, cert


@functools.lru_cache(maxsize=4)
def _signer(key: str, cert: str, mtime: float):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(key, cert)
    if signer is None:
        raise SigningUnavailable(
            f"The signing key {key} or certificate {cert} could not be read: check IQM_SIGNING_KEY "
            "and IQM_SIGNING_CERT name a PEM key without a passphrase and its certificate."
        )
    return signer


def _current_signer():
    key, cert = _ensure_files()
    return _signer(str(key), str(cert), max(key.stat().st_mtime, cert.stat().st_mtime))


@functools.lru_cache(maxsize=4)
def _trusted_cert(cert: str, mtime: float):
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(cert)


def trusted_certificate():
    """The configured certificate (asn1crypto), which a letter's signature must be made with."""
    _key, cert = _ensure_files()
    return _trusted_cert(str(cert), cert.stat().st_mtime)


def sign_pdf(pdf: bytes) -> bytes:
    """The PDF signed (PAdES baseline B) with the configured key, as an incremental update: the
    original bytes come first, unchanged. Raises SigningUnavailable without a usable key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _current_signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Issued by Inclusion Quality Mark Ltd",
        md_algorithm="sha256",
    )
    out = outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer))
    return out.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What signature_check found: `valid` only when the file has a signature made with the
    configured certificate, intact, covering the whole file; `reason` says what was wrong."""

    valid: bool
    reason: str


def signature_check(pdf: bytes) -> SignatureCheck:
    """Check the PDF's signature against the configured certificate, in memory. Never raises
    for a bad file: a non-PDF, a truncated or altered one gives valid=False and a reason."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.status import SignatureCoverageLevel
        from pyhanko_certvalidator import ValidationContext

        trusted = trusted_certificate()
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        if not signatures:
            return SignatureCheck(False, "The file carries no signature.")
        signature = signatures[-1]
        context = ValidationContext(trust_roots=[trusted], allow_fetching=False)
        status = outside_event_loop(lambda: validate_pdf_signature(signature, context))
    except SigningUnavailable:
        raise
    except Exception as error:  # any file at all may be uploaded: pyHanko's errors are many
        logger.info("Signature check failed: %s: %s", type(error).__name__, str(error)[:200])
        return SignatureCheck(
            False, "The file could not be read as a signed PDF; it may be incomplete or altered."
        )
    if not (status.intact and status.valid):
        return SignatureCheck(False, "The signature does not match the file: the file has been changed.")
    if not status.trusted or status.signing_cert.dump() != trusted.dump():
        return SignatureCheck(False, "The signature was not made with Inclusion Quality Mark's key.")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureCheck(False, "The file has been changed since it was signed.")
    return SignatureCheck(True, "The signature is Inclusion Quality Mark's and covers the whole file.")


@checks.register(checks.Tags.security, deploy=False)
def check_signing_key(app_configs=None, **kwargs) -> list:
    """reports.E001: without a signing key and certificate no letter can be issued."""
    problem = configuration_problem()
    if problem is None:
        return []
    return [
        checks.Error(
            problem,
            hint="Make a pair for development with `manage.py make_signing_key`; in production use "
            "the key and certificate IQM issues letters with.",
            id="reports.E001",
        )
    ]
