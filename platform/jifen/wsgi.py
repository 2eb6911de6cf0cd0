"""WSGI entry point: django-tenants is served over WSGI (the schema is per thread)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")
application = get_wsgi_application()
