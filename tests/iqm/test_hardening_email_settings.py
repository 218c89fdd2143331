"""Every email backend the settings accept works with the settings they read (issue 28, item 7):
the file backend needs EMAIL_FILE_PATH, which is now read, and start-up stops naming it when it is
missing or not a directory."""

import os
import subprocess
import sys

from tests.iqm.test_settings import PRODUCTION, ROOT, manage

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def test_it_stops_start_up_naming_email_file_path_when_it_is_missing():
    result = manage("check", **{**PRODUCTION, "EMAIL_BACKEND": FILE_BACKEND})
    assert result.returncode != 0
    assert "EMAIL_FILE_PATH must be set to a directory" in result.stderr


def test_it_stops_start_up_when_email_file_path_is_a_file(tmp_path):
    a_file = tmp_path / "mail.txt"
    a_file.write_text("")
    result = manage("check", **{**PRODUCTION, "EMAIL_BACKEND": FILE_BACKEND, "EMAIL_FILE_PATH": str(a_file)})
    assert result.returncode != 0
    assert "EMAIL_FILE_PATH must be set to a directory" in result.stderr


def test_the_file_backend_writes_emails_to_email_file_path(tmp_path):
    folder = tmp_path / "outbox"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env.pop("DATABASE_URL", None)
    env.update(PRODUCTION)
    env.update(
        {
            "EMAIL_BACKEND": FILE_BACKEND,
            "EMAIL_FILE_PATH": str(folder),
            "DJANGO_SETTINGS_MODULE": "iqm.settings",
            # Every email is recorded in the outbox before the file backend delivers it.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from django.core.mail import send_mail\n"
        "send_mail('Subject', 'Body of the email', None, ['someone@example.org'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    (written,) = folder.iterdir()
    assert "Body of the email" in written.read_text()
