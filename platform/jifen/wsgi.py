"""WSGI entry point: django-tenants is served over WSGI (the schema is per thread).

Only the web server loads this module, so the per-request time limit is set here: every
database connection of a web process cancels a statement after
`WEB_STATEMENT_TIMEOUT_MS` (workers and migrations keep no such limit).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")
application = get_wsgi_application()

from jifen.timeouts import statement_timeout_install  # noqa: E402  (needs settings loaded)

statement_timeout_install()
