"""Stability Lab's entry point: `python main.py` opens the window; see `--help`."""

import sys


def main() -> int:
    if len(sys.argv) == 1:  # the window
        from gui.display_check import display_problem

        if display_problem() is None:  # else the command line explains why not
            from gui.forkserver import warm_up

            warm_up()  # first: the engine's forkserver imports torch on the other core
            from gui import splash

            splash.show_splash()  # painted before the heavy imports of the window
    from cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
