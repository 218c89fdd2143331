"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Nothing here downloads a browser. Locally, without /usr/bin/chromium, these tests skip with the
reason; with CI=true they fail instead. On failure, a screenshot and the page's HTML are saved
under test-artifacts/browser/<test name>/.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("IQM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Playwright's sync API runs an event loop in the test's thread; Django's ORM refuses to run
# beside one unless told that this is safe, which it is here: the test thread only sets up data.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _frameworks_present(migration_data_back):
    """Browser tests are transactional: keep the framework rows around them."""


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI=true forbids skipping the browser tests", pytrace=False)
        pytest.skip(message)
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Pages as a user who asks for reduced motion sees them: Bootstrap then draws a button's
    hover and focus colours at once, so axe never measures the contrast of a colour half-way
    through its 0.15 s transition (a button swapped in by htmx under the pointer)."""
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        page = item.funcargs.get("page")
        if page is not None:
            folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
            folder.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
                (folder / "page.html").write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # the page may be closed or crashed; keep the report
                (folder / "error.txt").write_text(repr(exc), encoding="utf-8")
    return report


def axe_violations(page) -> list[str]:
    """Run axe-core on the page for WCAG 2.2 A and AA; return one line per violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in results.response["violations"]
    ]


def sign_in(page, live_server, username: str, password: str = "correct horse battery staple") -> None:
    """Sign in through the real form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
