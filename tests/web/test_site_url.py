"""Links in emails and calendar feeds point where ``make run`` serves the portal."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def planned_runserver(**variables) -> str:
    """The command ``make run`` would serve with (make -n runs nothing)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(variables.pop("env", {}))
    args = [f"{name}={value}" for name, value in variables.items()]
    out = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return next(line for line in out.splitlines() if "runserver" in line)


def test_make_run_on_another_port_writes_that_port_into_links():
    line = planned_runserver(PORT="8101")
    assert 'SITE_URL="http://127.0.0.1:8101"' in line
    assert line.endswith("runserver 127.0.0.1:8101")


def test_make_run_on_another_host_writes_that_host_into_links():
    assert 'SITE_URL="http://0.0.0.0:8000"' in planned_runserver(HOST="0.0.0.0")


def test_an_explicit_site_url_wins():
    line = planned_runserver(PORT="8101", env={"SITE_URL": "https://portal.example.org"})
    assert 'SITE_URL="https://portal.example.org"' in line
