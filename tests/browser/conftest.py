"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

- ``browser_type_launch_args`` launches ``/usr/bin/chromium`` headless (``playwright install``
  cannot download here). Without that binary the tests are skipped, unless
  ``SCN_REQUIRE_BROWSER=1`` (CI), where they fail: a missing browser never passes silently.
- Screenshots go to one directory per run: ``$SCN_SCREENSHOT_DIR``, or
  ``<repo>/test-artifacts/screenshots/<YYYYmmdd-HHMMSS>/``.
- A browser test whose call phase fails leaves ``<test>-failure.png`` and
  ``<test>-failure.html`` in that directory.
"""

import os
import re
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO_ROOT = Path(__file__).resolve().parents[2]

_screenshot_dir_key = pytest.StashKey[Path]()


def screenshot_dir_for(config: pytest.Config) -> Path:
    """This run's screenshot directory (named once per run, created on first use)."""
    directory = config.stash.get(_screenshot_dir_key, None)
    if directory is None:
        named = os.environ.get("SCN_SCREENSHOT_DIR")
        if named:
            directory = Path(named).expanduser().resolve()
        else:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            directory = REPO_ROOT / "test-artifacts" / "screenshots" / stamp
        config.stash[_screenshot_dir_key] = directory
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig) -> Path:
    return screenshot_dir_for(pytestconfig)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless; skipped when absent, failed when SCN_REQUIRE_BROWSER=1."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("SCN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SCN_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    options = {k: v for k, v in browser_type_launch_args.items() if k != "channel"}
    return {
        **options,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def console_errors(page) -> list[str]:
    """Texts of the page's console errors and uncaught exceptions, collected as they come."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def _file_stem(item: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", item.name).strip("-")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or "page" not in item.fixturenames:
        return
    page = getattr(item, "funcargs", {}).get("page")
    if page is None or page.is_closed():
        return
    directory = screenshot_dir_for(item.config)
    stem = _file_stem(item)
    saved = []
    try:
        png = directory / f"{stem}-failure.png"
        page.screenshot(path=png, full_page=True)
        saved.append(png)
        html = directory / f"{stem}-failure.html"
        html.write_text(page.content(), encoding="utf-8")
        saved.append(html)
    except Exception as exc:  # the test's own failure stays the one reported
        report.sections.append(("browser failure artifacts", f"could not save: {exc!r}"))
    if saved:
        report.sections.append(
            ("browser failure artifacts", "\n".join(str(path) for path in saved))
        )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    directory = config.stash.get(_screenshot_dir_key, None)
    if directory is not None:
        terminalreporter.write_line(f"browser screenshots: {directory}")
