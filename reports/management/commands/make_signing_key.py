"""Write a development signing key and self-signed certificate where the settings name them."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.signing import make_key_pair


class Command(BaseCommand):
    help = (
        "Write an RSA key and a self-signed certificate for signing issued letters, at "
        "IQM_SIGNING_KEY and IQM_SIGNING_CERT (under var/signing/ in development). An existing "
        "pair is kept unless --force is given. For development and demos only: a real deployment "
        "signs with a certificate from a certification authority."
    )
    # It makes what the check reports.E001 asks for, so that check must not stop it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Replace an existing key and certificate.")

    def handle(self, *args, **options):
        if not settings.IQM_SIGNING_KEY or not settings.IQM_SIGNING_CERT:
            raise CommandError("Set IQM_SIGNING_KEY and IQM_SIGNING_CERT to the paths to write.")
        key, cert = Path(settings.IQM_SIGNING_KEY), Path(settings.IQM_SIGNING_CERT)
        if (key.exists() or cert.exists()) and not options["force"]:
            self.stdout.write(f"A signing key already exists at {key}; kept (--force replaces it).")
            return
        make_key_pair(key, cert)
        self.stdout.write(f"Wrote the signing key {key} and its self-signed certificate {cert}.")
