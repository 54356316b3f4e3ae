"""`newsledger serve`: refuses to listen beyond this machine without a write token, and
serves the ledger when started (as a subprocess, on a free loopback port)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from newsledger.cli import app


def test_serve_is_registered_with_help() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--allow-private" in result.output


def test_serve_is_registered_when_run_as_a_module() -> None:
    result = subprocess.run([sys.executable, "-m", "newsledger.cli", "serve", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--allow-private" in result.stdout and "8000" in result.stdout


def test_public_bind_needs_a_token(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "l.db"), "--host",
                                      "0.0.0.0"], env={"NEWSLEDGER_TOKEN": ""})
    assert result.exit_code == 2
    assert "--token" in result.output


def test_serve_answers_on_loopback(db_url: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NEWSLEDGER_TOKEN": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsledger.cli", "serve", "--db", db_url, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/index.json", trust_env=False)
                break
            except httpx.TransportError as err:
                if proc.poll() is not None or time.monotonic() > deadline:
                    message = proc.stderr.read().decode() if proc.stderr else ""
                    raise AssertionError(message) from err
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["summary"]["documents"] == 2
        assert "server" not in r.headers
    finally:
        proc.terminate()
        proc.wait(timeout=10)
