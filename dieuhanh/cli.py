"""The ``dieuhanh`` command: Django's management commands under the product's name.

``dieuhanh demo``, ``dieuhanh serve``, ``dieuhanh orgunits load --province 20``,
``dieuhanh migrate``, ``dieuhanh createsuperuser``… all go through Django's dispatcher,
with development settings unless ``DJANGO_SETTINGS_MODULE`` says otherwise.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dieuhanh", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
