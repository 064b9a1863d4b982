"""A progress bar on stderr for long bill scans: drawn only on a terminal, fed by DuckDB's own progress figure."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO


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


def run_with_bar(work: Callable[[], object], progress: Callable[[], float], bar: Bar) -> object:
    """Run `work` in a thread while the bar polls `progress` (percent; negative: unknown) 5 times a second."""
    if not bar.enabled:
        return work()
    result: list[object] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
            try:
                percent = progress()
            except Exception:  # a progress figure is never worth failing the scan for
                percent = -1.0
            if percent >= 0:
                bar.show(percent)
        time.sleep(0)
    finally:
        bar.close()
    if failure:
        raise failure[0]
    return result[0]
