"""Stability Lab's entry point: `python main.py` opens the window; see `--help`."""

import sys


def main() -> int:
    if len(sys.argv) == 1:  # the window: paint a splash screen before the heavy imports
        from gui import splash

        if splash.can_open_window():
            splash.show_splash()
            from gui.engine_runner import warm_up

            warm_up()  # the engine's process imports torch on another core meanwhile
    from cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
