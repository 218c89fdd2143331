"""The dependency audit (issue 17, item 11): scripts/audit-dependencies checks the exact
versions installed from the pinned requirements against known vulnerabilities with pip-audit.
It needs PyPI, so the tests only check what it would audit, offline; docs/security.md says
when it is run."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit-dependencies"


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            found[normalized(name.split("[")[0])] = version.strip()
    return found


def run(*args: str, venv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IQM_VENV": venv}
    return subprocess.run(
        ["bash", str(SCRIPT), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_it_audits_every_pinned_requirement_at_its_pinned_version():
    result = run("--list", venv=sys.prefix)
    assert result.returncode == 0, result.stderr
    listed = {
        normalized(name): version for name, version in (line.split("==") for line in result.stdout.split())
    }
    expected = {**pins(ROOT / "requirements.txt"), **pins(ROOT / "requirements-dev.txt")}
    assert expected
    for name, version in expected.items():
        assert listed.get(name) == version, f"{name}=={version} is not what would be audited"
    # and what they pull in: WeasyPrint's and Django's own dependencies
    assert {"sqlparse", "asgiref", "pydyf"} <= set(listed)


def test_its_own_tool_is_pinned():
    assert re.fullmatch(r"\d+(\.\d+)+", pins(ROOT / "requirements-audit.txt")["pip-audit"])


def test_without_a_virtualenv_it_stops_with_a_message(tmp_path):
    result = run("--list", venv=str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no virtualenv at" in result.stderr


def test_the_security_page_says_how_and_when_it_is_run():
    text = (ROOT / "docs" / "security.md").read_text()
    assert "scripts/audit-dependencies" in text
    assert "pip-audit" in text
