"""The pure-Python core: domain logic with no Django import.

Periods, Vietnamese number and date notation, indicator formulas, progress evaluation,
document extraction and the 766 scoring live here, so they can be tested and reused
without a database. Nothing in this package may import Django or another app of
dieuhanh; a test (``dieuhanh/core/tests/test_purity.py``) enforces it.
"""
