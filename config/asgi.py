"""ASGI entry point, for servers such as uvicorn (``config.asgi:application``)."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_asgi_application()
# Everything loaded so far lives as long as the worker: keep it out of the cyclic garbage
# collector's full passes, which otherwise add 60–150 ms to about one request in eight
# (docs/performance.md, indicator engine).
gc.freeze()
