"""Document extraction: read notices, plans and reports into reviewable drafts.

Pure Python (no Django): the web app, the command line and the tests call the same
functions. Public API::

    read_text(path_or_bytes, filename=None) -> str        # .txt, .docx, text-based .pdf
    extract(text) -> Extraction                          # kind, number, date, issuer,
                                                         # signer, meeting_date, tasks,
                                                         # targets, figures (with spans)
    extract_file(path) -> Extraction
    Extraction.to_dict() -> dict                         # JSON-ready

Everything returned is a draft for a person to confirm: each item carries the span of the
text it came from.
"""

from dieuhanh.core.extraction.core import extract, extract_file
from dieuhanh.core.extraction.model import (
    Extraction,
    ExtractionError,
    Figure,
    Signer,
    Target,
    Task,
)
from dieuhanh.core.extraction.reader import read_text

__all__ = [
    "Extraction",
    "ExtractionError",
    "Figure",
    "Signer",
    "Target",
    "Task",
    "extract",
    "extract_file",
    "read_text",
]
