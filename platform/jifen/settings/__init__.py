"""Settings, split by concern; every value from the environment is read in `env`."""

from jifen.settings.base import *  # noqa: F403
from jifen.settings.lifecycle import *  # noqa: F403
from jifen.settings.observability import *  # noqa: F403
from jifen.settings.tenancy import *  # noqa: F403
from jifen.settings.workers import *  # noqa: F403

# isort: split
# Last: it extends DATABASES, MIDDLEWARE and DATABASE_ROUTERS from the modules above.
from jifen.settings.database import *  # noqa: F403
