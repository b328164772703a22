"""Stability Lab's entry point: `python main.py` opens the window; see `--help`."""

import sys

from gui.blas_threads import one_numpy_blas_thread

one_numpy_blas_thread()  # before numpy loads here or in the engine processes started from here


def main() -> int:
    if len(sys.argv) == 1:  # the window
        from gui.display_check import display_problem

        if display_problem() is None:  # else the command line explains why not
            from gui.forkserver import warm_up

            warm_up(wait=True)  # first: the engine's forkserver imports torch on the other core
            import gc

            # No cyclic collection while Qt, pyqtgraph and the window load (~8% of their
            # time, for no garbage): the window's own collector takes over once it is
            # built (gui/main_window.py: it freezes what start-up made).
            gc.disable()
            from gui import splash

            splash.show_splash()  # painted before the heavy imports of the window
    from cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
