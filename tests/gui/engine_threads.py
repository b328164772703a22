"""An engine starter for tests that patch the engine: `EngineRunner(start=start_thread)`
runs the engine loop and the Taylor expansions in threads of the test's own process,
where a monkeypatch reaches them."""

from __future__ import annotations

import threading


class EngineThread(threading.Thread):
    """Stands in for a `multiprocessing.Process`: a thread cannot be terminated or
    killed, so the runner's last resorts do nothing (its loop ends on `Stop` or a
    closed pipe)."""

    pid = None
    exitcode = None

    def terminate(self) -> None:
        pass

    kill = terminate
    close = terminate


def start_thread(target, args: tuple, name: str) -> EngineThread:
    thread = EngineThread(target=target, args=args, name=name, daemon=True)
    thread.start()
    return thread
