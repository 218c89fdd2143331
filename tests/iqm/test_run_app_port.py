"""scripts/run-app serves on PORT, and the demo it loads addresses that server: its letters'
verification address and its emails' links come from SITE_URL, which the script sets from PORT.
The script is run with `python` replaced by a stand-in that records what it is asked to do and
with which SITE_URL (the real set-up, _setup.sh, is replaced by a stub in a copy of scripts/)."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path, **env):
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    shutil.copy(ROOT / "scripts" / "run-app", scripts / "run-app")
    (scripts / "_setup.sh").write_text('say() { printf "==> %s\\n" "$*" >&2; }\n')
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log"
    stand_in = bin_dir / "python"
    stand_in.write_text(f'#!/bin/sh\necho "$SITE_URL $*" >> {log}\n')
    stand_in.chmod(0o755)
    environment = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), **env}
    subprocess.run(["bash", str(scripts / "run-app")], env=environment, check=True, capture_output=True)
    return log.read_text().splitlines()


def test_the_demo_addresses_the_port_it_serves(tmp_path):
    calls = _run(tmp_path, PORT="8777")
    assert any("load_demo" in call and call.startswith("http://127.0.0.1:8777 ") for call in calls), calls
    assert calls[-1] == "http://127.0.0.1:8777 manage.py runserver 127.0.0.1:8777"


def test_port_8000_by_default(tmp_path):
    calls = _run(tmp_path)
    assert calls[-1] == "http://127.0.0.1:8000 manage.py runserver 127.0.0.1:8000"


def test_a_given_site_url_wins(tmp_path):
    calls = _run(tmp_path, PORT="8777", SITE_URL="https://iqm.example.org")
    assert all(call.startswith("https://iqm.example.org ") for call in calls), calls
