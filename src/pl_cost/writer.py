"""The one way pl-cost writes a file: whole or not at all, never over a device, keeping the old file's mode.

Every file the tool writes (catalogs, profiles, plots, reports, `init`, generated code) goes through
`write_file`: the text goes to a temporary file in the target's directory, is flushed to disk, and
replaces the target in one rename, so an error or Ctrl-C leaves the previous file byte-identical.
A symlink is followed on purpose: the file it points to is replaced and the link stays. Devices,
FIFOs, sockets and directories are refused, so `-o /dev/stdout` never replaces the device.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from pl_cost.errors import DomainError, UsageError

#: What a new file gets when nothing older says otherwise: rw for the user, r for the rest (umask applies).
NEW_FILE_MODE = 0o666


def checked_target(path: str | os.PathLike[str], field: str = "--output") -> Path:
    """The path a write will replace, with symlinks resolved; refuses what is not a regular file.

    Called before any work, so a bad output path fails first.
    """
    text = os.fspath(path)
    if not text or text.strip() != text:
        raise UsageError(f"{field}: give a file name, got {text!r}")
    target = Path(text)
    resolved = Path(os.path.realpath(target))
    try:
        info = os.stat(resolved)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise DomainError(f"{field}: cannot use {text}: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, FIFO or socket)"
        raise UsageError(f"{field}: {text} is {kind}, which pl-cost never replaces; give a file ('-' for stdout)")
    folder = resolved.parent
    if not folder.is_dir():
        raise UsageError(f"{field}: cannot write {text}: no such directory {folder}")
    return resolved


def write_file(path: str | os.PathLike[str], data: str | bytes, field: str = "--output") -> Path:
    """Write `data` to `path` atomically (temp file, fsync, rename); returns the path written.

    An existing file keeps its permission bits; a symlink keeps pointing at the (replaced) file.
    """
    target = checked_target(path, field)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _replace_with(target, payload)
    except OSError as exc:
        raise DomainError(f"{field}: cannot write {os.fspath(path)}: {exc.strerror or exc}") from None
    return target


def write_files(texts: dict[Path, str], field: str = "--output") -> list[Path]:
    """Write several files so that either all are replaced or none is (up to the renames themselves)."""
    targets = {checked_target(path, field): text for path, text in texts.items()}
    staged: list[tuple[str, Path]] = []
    try:
        for target, text in targets.items():
            staged.append((_stage(target, text.encode("utf-8")), target))
        for temp, target in staged:
            os.replace(temp, target)
    except OSError as exc:
        raise DomainError(f"{field}: cannot write: {exc.strerror or exc}") from None
    finally:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
    return list(targets)


def _write_all(handle: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def _replace_with(target: Path, payload: bytes) -> None:
    temp = _stage(target, payload)
    try:
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _stage(target: Path, payload: bytes) -> str:
    """A flushed temporary file beside `target` holding `payload`; removed again if writing fails."""
    handle, temp = _open_temp(target)
    try:
        try:
            _write_all(handle, payload)
            os.fsync(handle)
        finally:
            os.close(handle)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return temp


def _open_temp(target: Path) -> tuple[int, str]:
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(handle, _mode_for(target))
    except OSError:
        os.close(handle)
        os.unlink(temp)
        raise
    return handle, temp


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return NEW_FILE_MODE & ~umask
