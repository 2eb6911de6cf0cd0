"""Settings, split by concern; every value from the environment is read in `env`."""

from jifen.settings.base import *  # noqa: F403
from jifen.settings.lifecycle import *  # noqa: F403
from jifen.settings.observability import *  # noqa: F403
from jifen.settings.tenancy import *  # noqa: F403
from jifen.settings.workers import *  # noqa: F403

# isort: split
# Last: it extends DATABASES, MIDDLEWARE and DATABASE_ROUTERS from the modules above.
from jifen.settings.database import *  # noqa: F403

# isort: split
# After everything else: a test-only clock shift must refuse production settings.
from jifen.clock import shift_for_tests
from jifen.settings import env as _env

shift_for_tests(_env.CLOCK_SHIFT_DAYS, allowed=_env.DEBUG or _env.TESTING)
