"""``python -m sla``: the ``sla`` command line."""

import sys

from sla.cli import main

sys.exit(main())
