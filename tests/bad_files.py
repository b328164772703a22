"""Broken session / --config files, shared by the engine, command-line and window tests.

Each case: the file's content (bytes, or a callable that makes the path itself) and the
words its one-line message must contain. Some payloads would create `MARKER` if anything
executed or unpickled them; tests check that it never appears.
"""

from __future__ import annotations

import json
import os
import pickle
import random
from pathlib import Path

MARKER = "EXECUTED"


class _Payload:
    """Unpickling this opens (creates) the marker file: proof that pickle.loads ran."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def _session(config=None, display=None, **top) -> bytes:
    data = {"stability_lab_session": 1, "config": config or {}, **top}
    if display is not None:
        data["display"] = display
    return json.dumps(data).encode()


def _pickle(protocol: int):
    def make(path: Path) -> None:
        path.write_bytes(pickle.dumps(_Payload(str(path.parent / MARKER)), protocol=protocol))

    return make


def _folder(path: Path) -> None:
    path.mkdir()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _huge(path: Path) -> None:
    with open(path, "wb") as fh:
        fh.write(b'{"depth": 5, "pad": "')
        fh.write(b"x" * (50 * 1024 * 1024))
        fh.write(b'"}')


def _garbage(path: Path) -> None:
    rng = random.Random(8)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))


BAD_FILES: dict[str, tuple[object, tuple[str, ...]]] = {
    "malformed": (b'{"depth": 5,', ("not valid JSON", "line 1")),
    "trailing text": (b'{"depth": 5} and more', ("not valid JSON",)),
    "empty": (b"", ("not valid JSON",)),
    "list at top": (b"[1, 2]", ("expected a JSON object", "list")),
    "string where int": (b'{"depth": "deep"}', ("depth", "'deep'", "not an integer")),
    "bool where int": (b'{"width": true}', ("width", "not an integer")),
    "float where int": (b'{"batch": 2.5}', ("batch", "not an integer")),
    "number where choice": (b'{"activation": 3}', ("activation", "not one of")),
    "config not object": (_session(config=[1, 2]), ("config", "expected a JSON object")),
    "display not object": (_session(display="dark"), ("display", "expected an object")),
    "display wrong type": (_session(display={"theme": 3}), ("display.theme", "wrong type")),
    "display bool layer": (_session(display={"sample_layer": True}), ("display.sample_layer",)),
    "unknown theme": (
        _session(display={"theme": "pink"}),
        ("display.theme", "'pink'", "not one of"),
    ),
    "unknown top-level key": (_session(extra=1), ("unknown key", "'extra'")),
    "unknown config key": (_session(config={"colour": "red"}), ("colour", "unknown setting")),
    "unknown display key": (_session(display={"zoom": 2}), ("display.zoom", "unknown")),
    "unknown format": (json.dumps({"stability_lab_session": 99}).encode(), ("99", "not supported")),
    "huge float": (b'{"lr": 1e400}', ("lr", "inf", "not finite")),
    "huge int field": (b'{"depth": 1e400}', ("depth", "inf", "not an integer")),
    "too many digits": (b'{"seed": ' + b"9" * 5000 + b"}", ("too many digits",)),
    "negative depth": (b'{"depth": -3}', ("depth", "-3", "out of range")),
    "negative clip": (b'{"clip": -1.0}', ("clip", "out of range")),
    "negative lr": (b'{"lr": -0.01}', ("lr", "out of range")),
    "NaN literal": (b'{"lr": NaN}', ("NaN", "not allowed")),
    "Infinity literal": (b'{"clip": Infinity}', ("Infinity", "not allowed")),
    "-Infinity literal": (b'{"residual_scale": -Infinity}', ("-Infinity", "not allowed")),
    "UTF-16": ('{"depth": 5}'.encode("utf-16"), ("not UTF-8",)),
    "latin-1": ('{"activation": "tanh", "init": "é"}'.encode("latin-1"), ("not UTF-8",)),
    "binary garbage": (_garbage, ("not UTF-8",)),
    "NUL bytes": (b"\x00" * 64, ("not valid JSON",)),
    "folder": (_folder, ("is a folder",)),
    "50 MB": (_huge, ("too large",)),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, ("nested too deeply",)),
    "pickle (protocol 0, text)": (_pickle(0), ("not valid JSON",)),
    "pickle (protocol 4, binary)": (_pickle(4), ("not UTF-8",)),
    "__import__ as a value": (
        b"{\"activation\": \"__import__('os').system('touch " + MARKER.encode() + b"')\"}",
        ("activation", "nor a formula in x", "unknown name '__import__'"),
    ),
    "__import__ as a key": (b'{"__import__": "os"}', ("__import__", "unknown setting")),
    "duplicate config key": (b'{"depth": 3, "depth": 4}', ("'depth' appears twice",)),
    "duplicate session key": (
        b'{"stability_lab_session": 1, "config": {}, "config": {"depth": 4}}',
        ("'config' appears twice",),
    ),
    "duplicate nested key": (
        b'{"stability_lab_session": 1, "display": {"theme": "dark", "theme": "light"}}',
        ("'theme' appears twice",),
    ),
    "format true": (b'{"stability_lab_session": true}', ("True", "not supported")),
    "format 1.0": (b'{"stability_lab_session": 1.0}', ("1.0", "not supported")),
    "format as text": (b'{"stability_lab_session": "1"}', ("'1'", "not supported")),
    "top-level true": (b"true", ("expected a JSON object", "bool")),
    "top-level null": (b"null", ("expected a JSON object", "NoneType")),
    "top-level number": (b"5", ("expected a JSON object", "int")),
    "top-level string": (b'"depth"', ("expected a JSON object", "str")),
    "sample layer 0": (_session(display={"sample_layer": 0}), ("display.sample_layer", "range")),
    "sample layer huge": (
        _session(display={"sample_layer": 10**30}),
        ("display.sample_layer", "range"),
    ),
    "900 KB value": (b'{"depth": "' + b"9" * 900_000 + b'"}', ("depth", "not an integer")),
    "2 MB": (b'{"depth": 5, "pad": "' + b" " * 2_000_000 + b'"}', ("too large",)),
    "object where number": (
        b'{"depth": {"__class__": "os.system", "args": ["touch ' + MARKER.encode() + b'"]}}',
        ("depth", "not an integer"),
    ),
}


def make_bad_file(folder: Path, case: str) -> Path:
    """Create the file for `case` in `folder`; return its path."""
    content, _ = BAD_FILES[case]
    path = folder / "session.json"
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)
    return path


def expected_words(case: str) -> tuple[str, ...]:
    return BAD_FILES[case][1]
