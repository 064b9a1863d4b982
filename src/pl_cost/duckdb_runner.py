"""DuckDB for pl-cost's scans: one connection setup, a progress bar, and a Ctrl-C that really stops a query.

DuckDB is optional (the `evidence` and `bill` extras), so nothing here imports it before a connection is
made. `run` executes a long statement in a worker thread while the calling thread follows DuckDB's
progress and does other work; Ctrl-C in the calling thread (KeyboardInterrupt) interrupts DuckDB, waits
until its thread has stopped, and re-raises, so the command exits 130 ("interrupted") with nothing
written. The worker is awaited through an Event, never `Thread.join`: in CPython 3.11 a join that a
KeyboardInterrupt broke can later report the thread finished while it still runs, and a process that
exits while DuckDB's thread runs aborts (SIGABRT) instead of exiting 130.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from pl_cost.errors import UsageError

T = TypeVar("T")
U = TypeVar("U")

#: Seconds between two looks at DuckDB's progress (and at Ctrl-C).
POLL_SECONDS = 0.2


def available() -> bool:
    """Whether the duckdb module can be imported."""
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


def connect(install_hint: str) -> Any:
    """A fresh in-memory database in UTC that fetches no extension and reports progress; `install_hint` when absent."""
    try:
        import duckdb
    except ImportError:
        raise UsageError(install_hint) from None
    con = duckdb.connect(":memory:")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET preserve_insertion_order = false")  # no scan here needs rows in file order
    # AWS bills in UTC: a timestamp with a time zone must not turn 2024-09-01 00:00 UTC into August 31st
    # because the machine runs on New York time (the bill reads periods from a timestamp's text). Evidence
    # only takes epoch(), which no time zone changes. A build without ICU has no time zones and is UTC already.
    with contextlib.suppress(duckdb.Error):
        con.execute("SET TimeZone = 'UTC'")
    for setting in ("enable_progress_bar_print = false", "enable_progress_bar = true"):
        # query_progress() needs the progress bar on; DuckDB draws none of its own. In Jupyter without
        # ipywidgets DuckDB refuses these settings: then it keeps its defaults and only the bar is affected.
        try:
            con.execute(f"SET {setting}")
        except duckdb.Error:
            break
    return con


def is_interrupt(exc: BaseException) -> bool:
    """Whether DuckDB stopped because of Ctrl-C: its InterruptException, or the RuntimeError('Query interrupted')
    it raises when the signal reaches a query running in the main thread."""
    if isinstance(exc, KeyboardInterrupt):
        return True
    if type(exc).__name__ == "InterruptException":
        return True
    return isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()


def first_line(exc: BaseException) -> str:
    """DuckDB's message without its context lines (one line for the CLI's error)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def run(
    con: Any,
    work: Callable[[], T],
    *,
    bar: ProgressBar | None = None,
    meanwhile: Callable[[], U] | None = None,
) -> tuple[T, U | None]:
    """`work()` (DuckDB statements on `con`) in a worker thread; here `meanwhile()`, then the bar until it ends.

    Returns (what work returned, what meanwhile returned). An error on either side stops the other. Ctrl-C
    interrupts DuckDB and raises KeyboardInterrupt once its thread has stopped; work's own errors are
    re-raised as they are (callers turn duckdb.Error into their one-line message).
    """
    outcome: list[T] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=target, name="pl-cost-duckdb", daemon=True).start()
    other: U | None = None
    try:
        if meanwhile is not None:
            other = meanwhile()
        while not done.wait(POLL_SECONDS):
            if bar is not None and bar.enabled:
                bar.show(_percent(con))
    except BaseException:
        stop(con, done)
        raise
    if failure:
        if is_interrupt(failure[0]):
            raise KeyboardInterrupt from None
        raise failure[0]
    return outcome[0], other


def stop(con: Any, done: threading.Event) -> None:
    """Interrupt DuckDB and wait until the worker has finished; another Ctrl-C meanwhile only interrupts again."""
    while not done.is_set():
        try:
            con.interrupt()
            done.wait(POLL_SECONDS)
        except KeyboardInterrupt:
            continue


def _percent(con: Any) -> float:
    try:
        return float(con.query_progress())
    except Exception:  # a progress figure is never worth failing the scan for
        return -1.0


class ProgressBar:
    """Share done as a bar on stderr; silent unless stderr is a terminal (pipes, CI, tests) or it is asked for.

    `show(percent)` draws DuckDB's figure; `update(done)` draws done/total (the Python engine's bytes read),
    at most ten times a second.
    """

    def __init__(
        self, label: str, *, total: float = 100.0, enabled: bool | None = None, stream: TextIO | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.total = max(total, 1.0)
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0
        self._shown = False

    def update(self, done: float) -> None:
        """Redraw at done/total, at most ten times a second."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        self.show(100 * done / self.total)

    def show(self, percent: float) -> None:
        """Redraw the bar at `percent` (0 to 100); a negative figure (unknown) draws nothing."""
        if not self.enabled or percent < 0:
            return
        share = min(percent / 100, 1.0)
        filled = int(share * 30)
        self._shown = True  # before writing: a Ctrl-C right after the write must still find the bar to erase
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {share:4.0%}")
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar so the next message starts on a clean line."""
        if self._shown:
            self.stream.write("\r" + " " * (len(self.label) + 40) + "\r")
            self.stream.flush()
            self._shown = False
