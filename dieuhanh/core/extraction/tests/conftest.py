"""Shared paths for the extraction tests."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents"
# …/dieuhanh/core/extraction/tests → parents[3] is the repository root; the
# shared folder with the seeds sits next to it.
SHARED = HERE.parents[3] / ".." / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir() or not (SHARED / "examples").is_dir():
        pytest.skip(f"shared seeds not found at {SHARED.resolve()} (they live beside the repo)")
    return SHARED
