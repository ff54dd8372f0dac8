"""`python -m alscriteria` runs the command-line tool."""

import sys

from alscriteria.cli.app import main

sys.exit(main())
