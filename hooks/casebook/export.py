"""Open data and feeds written into the built site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casebook.model import Catalog


def write_all(catalog: Catalog, site_dir: Path, site_url: str, today: dt.date) -> None:
    """Write every export for ``catalog`` under ``site_dir``."""
