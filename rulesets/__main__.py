import sys

from rulesets.cli import main

sys.exit(main())
