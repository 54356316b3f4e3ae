"""`newsledger serve`: the web UI and JSON API over a ledger."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from newsledger.cli import DEFAULT_DB, EXIT_STORE, EXIT_USAGE, DbOption, _fail, app

__all__ = ["serve"]


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on. Anything beyond this "
                                      "machine needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(help="Write token: storing needs it "
                                              "(Authorization: Bearer TOKEN).",
                                              envvar="NEWSLEDGER_TOKEN")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let URL analysis "
                                                "reach private and loopback addresses.")]
    = False,
    allowed_host: Annotated[list[str] | None, typer.Option(help="A Host name to answer "
                                                           "besides the loopback names "
                                                           "(repeatable; * for any).")]
    = None,
    max_upload: Annotated[int, typer.Option(min=1, help="Largest upload or pasted text, in "
                                            "bytes.")] = 2_000_000,
) -> None:
    """Serve the ledger as web pages and a JSON API (every page has a .json twin)."""
    from newsledger.errors import StoreError
    from newsledger.web.security import is_loopback

    if not is_loopback(host) and not token:
        raise _fail(f"--host {host} reaches beyond this machine: give a write token with "
                    "--token or NEWSLEDGER_TOKEN", EXIT_USAGE)
    try:
        import uvicorn

        from newsledger.web import create_app
    except ImportError as err:  # pragma: no cover - the web parts are core dependencies
        raise _fail(f"the web server needs its packages ({err}): pip install newsledger",
                    EXIT_USAGE) from err
    hosts = ["localhost", "127.0.0.1", "[::1]", "::1"] + list(allowed_host or [])
    if not is_loopback(host) and host not in ("0.0.0.0", "::"):
        hosts.append(host)
    try:
        web = create_app(db, allow_private=allow_private, token=token, allowed_hosts=hosts,
                         max_upload_bytes=max_upload)
    except StoreError as err:
        raise _fail(str(err), EXIT_STORE) from err
    shown = f"[{host}]" if ":" in host else host
    print(f"newsledger: serving {db} on http://{shown}:{port}/ (open it in a browser; "
          f"API at http://{shown}:{port}/docs; Ctrl-C to stop)", file=sys.stderr, flush=True)
    uvicorn.run(web, host=host, port=port, log_level=os.environ.get("NEWSLEDGER_LOG", "warning"),
                server_header=False)
