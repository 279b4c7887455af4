#!/usr/bin/env python
"""Django's usual entry point; the same as the ``dieuhanh`` command."""

from dieuhanh.cli import main

if __name__ == "__main__":
    main()
