"""Stability Lab's entry point: `python main.py` opens the window; see `--help`."""

import sys


def main() -> int:
    from cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
