"""`export --compare A,B[,…] --out FIG`: several runs overlaid on one plot, each labelled.

Each item is a lesson preset (labelled with its title, or with its settings when the
title names a contrast, "sigmoid vs 4·sigmoid − 2") or a session file (labelled with
the file's stem); experiment options given beside it (`--depth 50`) apply to every item,
as they do on top of `--preset`. Everything is checked before any computing, and a bad
item is one line naming it and the presets there are; nothing is written then.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

from engine import ConfigError
from engine.files import FileProblem, WriteBatch
from engine.pinned import MAX_PINS, default_label
from engine.presets import load_presets
from engine.session import load_session

from .options import EXPERIMENT_OPTIONS, FLAG_OF, UsageError, check_steps
from .outputs import add_output
from .streams import say, signals_held

COMPARE_PLOTS = ("gradient", "activation")  # gui.compare_figure.COMPARE_PLOTS (no Qt here)


def add_compare_options(group) -> None:
    group.add_argument(
        "--compare",
        metavar="A,B[,…]",
        help=f"overlay 2–{MAX_PINS} runs on one plot ({' or '.join(COMPARE_PLOTS)}), each "
        "labelled: preset names or session files, e.g. vanishing,scaled_sigmoid",
    )


def comparing(args) -> bool:
    return getattr(args, "compare", None) is not None


def compare_items(text: str, changes: dict | None = None) -> list[tuple[str, object]]:
    """(label, config) per item of `text`; UsageError naming the first bad one."""
    presets = load_presets()
    items = [item.strip() for item in text.split(",")]
    if len(items) < 2 or len(items) > MAX_PINS:
        raise UsageError(
            f"--compare: {len(items)} item(s) given (allowed: 2–{MAX_PINS}, separated by commas)"
        )
    runs = []
    for item in items:
        if not item:
            raise UsageError("--compare: an empty item (two commas, or one at an end)")
        if item in presets:
            preset = presets[item]
            label, config = preset.title, preset.config
            if " vs " in label:  # a title naming a contrast would mislabel one run of it
                label = default_label(config)
        elif item.lower().endswith(".json") or os.path.isfile(item):
            try:
                config, _display = load_session(item)
            except FileProblem as exc:
                raise UsageError(f"--compare: item {item!r}: {exc}") from None
            label = Path(item).stem
        else:
            raise UsageError(
                f"--compare: {item!r} is neither a preset nor a session file "
                f"(presets: {', '.join(presets)})"
            )
        try:
            runs.append((label, config.with_(**(changes or {}))))
        except ConfigError as exc:
            flag = FLAG_OF.get(exc.field, exc.field)
            raise UsageError(f"argument {flag}: {exc.reason}") from None
    return runs


def _plan(args) -> tuple[list[tuple[str, object]], Path, str]:
    from .export_command import _check_figure_path, _check_size

    for given, flag in (
        (args.all_presets, "--all-presets"),
        (args.preset, "--preset"),
        (args.config, "--config"),
        (args.csv, "--csv"),
        (args.json, "--json"),
        (args.format, "--format"),
    ):
        if given is not None:
            raise UsageError(f"--compare names the runs and writes one figure: drop {flag}")
    if args.plot not in COMPARE_PLOTS:
        raise UsageError(
            f"--compare: cannot overlay runs on the {args.plot} plot "
            f"(allowed --plot: {', '.join(COMPARE_PLOTS)})"
        )
    if args.out is None:
        raise UsageError("--compare needs --out FIG.png|.svg|.pdf")
    changes = {f: getattr(args, f) for f in EXPERIMENT_OPTIONS if getattr(args, f) is not None}
    runs = compare_items(args.compare, changes)
    return runs, _check_figure_path(args.out, "--out"), _check_size(args, args.plot)


def cmd_compare(args: argparse.Namespace) -> int:
    from .export_command import DEFAULT_STEPS

    steps = check_steps(args, default=DEFAULT_STEPS, limit=10_000)
    runs, path, aspect = _plan(args)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # as for every exported figure
    from gui.compare_figure import compare_figure
    from gui.export import figure_bytes
    from gui.figure_builder import ensure_app
    from gui.language import localise

    from .figure_language import use_language

    ensure_app()
    use_language(args)  # before the plot is built
    started = time.perf_counter()
    caption = " vs ".join(localise(label) for label, _ in runs) if args.caption else None
    look = (args.width_px, args.theme, caption, aspect, args.height_px)  # as `export` has
    with WriteBatch() as batch:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # NaN layers are the lesson
            with signals_held(), compare_figure(runs, args.plot, steps) as widget:
                try:
                    data = figure_bytes(widget, path.suffix, *look)
                except OSError as exc:
                    raise FileProblem(f"{path}: cannot write the figure ({exc})") from None
        add_output(batch, str(path), data)
        batch.commit()
    say(f"wrote {path} ({len(runs)} runs compared, {time.perf_counter() - started:.1f} s)")
    return 0
