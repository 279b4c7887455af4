"""dieuhanh: a province's digital-transformation programme in one live application."""

__version__ = "0.1.0"
