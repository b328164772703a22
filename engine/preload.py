"""What the window's forkserver imports before its first fork (`gui/forkserver.py`): the
engine's loop and probe, torch with them, so each engine process forked from it starts
in milliseconds.

Python's cyclic garbage collector is off while they import: ~250k objects are created
and none of them is garbage worth a collection, yet the automatic collections took ~10%
of the import (and the import is most of the wait for the window's first frame). What
was imported is then frozen, out of the collector's reach in every engine process (as
the window does with its own start-up objects), and collection is on again for them.
"""

import gc

from . import ignore_interrupts  # noqa: F401 - first: an early Ctrl+C ends no import

gc.disable()
try:
    from . import probe, service  # noqa: F401 - imported for the engines forked from here
finally:
    gc.freeze()
    gc.enable()
