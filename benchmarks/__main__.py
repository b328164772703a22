"""`python -m benchmarks`: see `python -m benchmarks --help`."""

import sys

from .suite import main

sys.exit(main())
