"""The web UI and JSON API: `create_app(db_url)`, served by `newsledger serve`."""

from __future__ import annotations

from newsledger.web.app import create_app

__all__ = ["create_app"]
