"""manage.py make_signing_key runs where the key is missing, in production too (issue 28): the
system check reports.E001, which says the key is missing, no longer stops the command that makes
it, without --skip-checks."""

from tests.iqm.test_settings import PRODUCTION, manage


def test_it_makes_the_key_in_production_where_it_is_missing(tmp_path):
    key, cert = tmp_path / "signing" / "key.pem", tmp_path / "signing" / "cert.pem"
    env = {**PRODUCTION, "IQM_SIGNING_KEY": str(key), "IQM_SIGNING_CERT": str(cert)}
    assert "reports.E001" in manage("check", **env).stderr  # what used to stop the command
    result = manage("make_signing_key", **env)
    assert result.returncode == 0, result.stderr
    assert "Wrote the signing key" in result.stdout
    assert key.exists() and cert.exists()
    assert key.stat().st_mode & 0o777 == 0o600
    assert manage("check", **env).returncode == 0
