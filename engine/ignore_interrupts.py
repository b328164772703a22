"""Imported first by the window's forkserver: Ctrl+C in the terminal reaches every
process of the group, and the forkserver (still importing torch in the window's first
seconds) would print a KeyboardInterrupt traceback. The window handles Ctrl+C itself and
ends its engine; the forkserver and the engines forked from it ignore it."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
