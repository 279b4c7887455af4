"""WSGI entry point (gunicorn ``config.wsgi:application``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()
# Everything loaded so far lives as long as the worker: keep it out of the cyclic garbage
# collector's full passes, which otherwise add 60–150 ms to about one request in eight
# (docs/performance.md, indicator engine).
gc.freeze()
