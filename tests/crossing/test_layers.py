"""The layers hold: import-linter's contract (pyproject.toml, run by the test command) passes on
the tree, fails when an upward import is planted in a copy of it — at module level or inside a
function — and no two apps import each other."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_of_the_tree(destination: Path) -> Path:
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, destination / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _plant(tree: Path, module: str, line: str) -> None:
    path = tree / module
    path.write_text(path.read_text() + "\n\n" + line + "\n")


def test_it_keeps_the_contract_on_the_tree(tmp_path):
    result = _lint(_copy_of_the_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "named"),
    [
        # The core reaching up into a feature, the way it used to: inside a function.
        (
            "assessments/workspace.py",
            "def _planted():\n    from continuity import parts  # noqa\n",
            "assessments.workspace -> continuity.parts",
        ),
        # A feature reaching up into the top app, at module level.
        ("reports/letter.py", "import desk.homes  # noqa", "reports.letter -> desk.homes"),
        # Two feature apps of one layer: independent.
        (
            "selfeval/services.py",
            "import factcheck.deadlines  # noqa",
            "selfeval.services -> factcheck.deadlines",
        ),
        # schools sits below the core.
        (
            "schools/models.py",
            "def _planted():\n    import assessments.models  # noqa\n",
            "schools.models -> assessments.models",
        ),
    ],
)
def test_it_breaks_the_contract_on_a_planted_upward_import(tmp_path, module, line, named):
    tree = _copy_of_the_tree(tmp_path)
    _plant(tree, module, line)
    result = _lint(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 kept, 1 broken" in result.stdout
    assert named in result.stdout
