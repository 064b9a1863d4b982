"""A progress bar on stderr for long bill scans: drawn only on a terminal, fed by DuckDB's own progress figure."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TextIO, TypeVar

T = TypeVar("T")


class Bar:
    """Percent done as a bar; silent when stderr is not a terminal (pipes, CI, tests) unless asked."""

    def __init__(self, label: str, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._shown = False

    def show(self, percent: float) -> None:
        """Redraw the bar at `percent` (0 to 100)."""
        share = min(max(percent / 100, 0.0), 1.0)
        filled = int(share * 30)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {share:4.0%}")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Erase the bar so the next message starts on a clean line."""
        if self._shown:
            self.stream.write("\r" + " " * (len(self.label) + 40) + "\r")
            self.stream.flush()


def run_with_bar(
    work: Callable[[], T], progress: Callable[[], float], bar: Bar, interrupt: Callable[[], object] | None = None
) -> T:
    """Run `work` in a worker thread; meanwhile draw the bar from `progress` (percent; negative: unknown).

    The caller's thread only waits, so Ctrl-C reaches it at once even while `work` sits in C code (a DuckDB
    scan): it then calls `interrupt` (DuckDB's `con.interrupt()`), waits for the worker to stop, and re-raises.
    The wait is on an Event, not `Thread.join(timeout)`: a KeyboardInterrupt inside join can mark a running
    thread as stopped (CPython's bpo-45274 handling), and a DuckDB thread still running at exit aborts Python.
    """
    result: list[T] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def target() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=target, daemon=True).start()
    try:
        while not done.wait(0.2):
            if not bar.enabled:
                continue
            try:
                percent = progress()
            except Exception:  # a progress figure is never worth failing the scan for
                percent = -1.0
            if percent >= 0:
                bar.show(percent)
    except BaseException:  # Ctrl-C: stop the work too, wait until it has stopped, then let it propagate
        while not done.is_set():  # another Ctrl-C meanwhile only interrupts again
            try:
                if interrupt is not None:
                    interrupt()
                done.wait(0.2)
            except KeyboardInterrupt:
                continue
        raise
    finally:
        bar.close()
    if failure:
        raise failure[0]
    return result[0]
