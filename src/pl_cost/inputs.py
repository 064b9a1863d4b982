"""Input files are checked before anything opens them: a FIFO would hang a read, a device never ends."""

from __future__ import annotations

import os
import stat

from pl_cost.errors import UsageError


def regular_file(path: str | os.PathLike[str], field: str = "", what: str = "file") -> os.stat_result:
    """The file's stat, or a one-line UsageError naming `field` (when given) and the path: missing (no such
    `what`), a folder, or a device, FIFO or socket."""
    where = f"{field}: {os.fspath(path)}" if field else os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"{where}: no such {what}") from None
    except OSError as exc:
        raise UsageError(f"{where}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{where}: a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{where}: not a regular file (a FIFO, device or socket); pl-cost reads files only")
    return info
