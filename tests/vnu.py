"""The Nu HTML checker (vnu-jar from npm, pinned in package.json), run with the machine's Java.

`./scripts/run-tests` installs it with `npm ci` when node_modules is missing. Locally, without
Java or the jar, the tests that use it skip with the reason; with CI=true they fail instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = Path(
    os.environ.get("IQM_VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
)


def _missing(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; CI=true forbids skipping the HTML checks", pytrace=False)
    pytest.skip(message)


def java() -> str:
    """The java command, or a skip (a failure with CI=true) naming what to install."""
    found = shutil.which("java")
    if found is None:
        _missing("Java is not installed (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        _missing(f"The Nu HTML checker is not installed at {VNU_JAR} (npm ci)")
    return found


def html_errors(files: list[Path]) -> list[str]:
    """Check the HTML files with one start of the checker; one line per error."""
    result = subprocess.run(
        [
            java(),
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"vnu failed ({result.returncode}): {result.stderr[-2000:]}")
    # vnu writes its JSON report to stderr.
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} — {m.get('extract', '').strip()!r}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
