from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "src" / "newsledger" / "data" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold" / "seed.json").exists():
        pytest.skip(f"../shared is absent ({SHARED}): reference data not available")
    return SHARED


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    from newsledger.analyze import Analyzer

    return Analyzer()


# -- a throwaway PostgreSQL server for the test session -----------------------------------

_PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _pg_tool(name: str) -> str | None:
    import shutil

    for folder in _PG_BIN_DIRS:  # Debian keeps them off PATH, newest version first
        if (folder / name).is_file():
            return str(folder / name)
    return shutil.which(name)


def _as_server_user(command: list[str], folder: Path) -> list[str]:
    """initdb and postgres refuse to run as root: as root, run them as `nobody`, owning
    `folder`; otherwise as ourselves."""
    import os
    import shutil

    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser") or shutil.which("setpriv")
    if runuser is None:
        pytest.skip("PostgreSQL: running as root and neither runuser nor setpriv is "
                    "available to drop privileges for initdb")
    shutil.chown(folder, "nobody", "nogroup" if _group_exists("nogroup") else "nobody")
    if runuser.endswith("runuser"):
        return [runuser, "-u", "nobody", "--", *command]
    return [runuser, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


def _group_exists(name: str) -> bool:
    import grp

    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for this test session: NEWSLEDGER_TEST_POSTGRES_URL
    when set, else a throwaway cluster (initdb in a temporary directory, listening only on a
    unix socket there), stopped and removed at the end of the session. Skips, saying why,
    when there is no driver, no server binaries, or the server does not start."""
    import os
    import shutil
    import subprocess
    import tempfile

    given = os.environ.get("NEWSLEDGER_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL: the psycopg driver is not installed "
                    "(pip install 'newsledger[postgres]')")
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL: no initdb/pg_ctl binaries found (install postgresql, or "
                    "set NEWSLEDGER_TEST_POSTGRES_URL)")
    # As root, a folder `nobody` can reach: $TMPDIR may sit under a private home directory.
    shared_tmp = "/tmp" if os.geteuid() == 0 and Path("/tmp").is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix="nl-pg-", dir=shared_tmp))
    data, log = folder / "data", folder / "server.log"

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(_as_server_user(list(command), folder), capture_output=True,
                              text=True, timeout=60, check=False)

    started = False
    try:
        made = run(initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                   "--no-locale", "--no-sync")
        if made.returncode != 0:
            pytest.skip(f"PostgreSQL: initdb failed: {made.stderr.strip()[-300:]}")
        # No TCP at all: the socket lives in the private folder. fsync off: a test server.
        options = f"-k {folder} -c listen_addresses='' -F"
        up = run(pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "30", "-o", options,
                 "start")
        started = up.returncode == 0
        if not started:
            tail = log.read_text(errors="replace")[-300:] if log.exists() else up.stderr
            pytest.skip(f"PostgreSQL: the test server did not start: {tail.strip()}")
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}"
    finally:
        if started:
            run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """The session's PostgreSQL server with an empty public schema (wiped for each test)."""
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_server)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()
    return postgres_server
