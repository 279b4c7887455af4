"""Serve plotly.js from the plotly Python package, so charts need no CDN.

Only ``plotly.min.js`` is exposed (as ``vendor/plotly.min.js``): the package's other data
files are not static files of this site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = "vendor/plotly.min.js"


def _plotly_dir() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data"


class PlotlyJsFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False, **kwargs: Any
    ) -> str | list[str]:
        if path != PLOTLY_JS:
            return [] if find_all else ""
        found = str(_plotly_dir() / "plotly.min.js")
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Any:
        storage = FileSystemStorage(location=str(_plotly_dir()))
        storage.prefix = "vendor"  # type: ignore[attr-defined]
        yield "plotly.min.js", storage
