"""Unexpected errors: a short message for the person at the terminal, the details in a log.

The log (`logs/crash.log` in the data folder, mode 0600) gets the full traceback as Python
prints it: code lines and messages, never local variables (Textual's and Rich's tracebacks show
them by default, which would put PIN entries and file contents on screen). The screen and the
command line only say which kind of error it was and where the details are.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from shiftcheck import __version__
from shiftcheck.i18n import t

LOG_DIR = "logs"
LOG_NAME = "crash.log"
LOG_MAX_BYTES = 1024 * 1024
"""A log larger than this is renamed `crash.log.1` (replacing an older one) before writing."""


def plain_traceback(error: BaseException) -> str:
    """The traceback Python prints: code lines and messages, no local variables."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def write_crash_log(data_dir: Path, error: BaseException) -> Path:
    """Append the error's traceback to the data folder's crash log, durably; its path.

    Raises `OSError` if the log cannot be written.
    """
    folder = data_dir / LOG_DIR
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    # Neither the folder nor the log is followed if planted as a symlink (OSError instead).
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        with contextlib.suppress(FileNotFoundError):
            if os.stat(LOG_NAME, dir_fd=dir_fd, follow_symlinks=False).st_size > LOG_MAX_BYTES:
                os.replace(LOG_NAME, f"{LOG_NAME}.1", src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        head = f"=== {stamp} shiftcheck {__version__}, Python {platform.python_version()}\n"
        text = head + plain_traceback(error) + "\n"
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(LOG_NAME, flags, 0o600, dir_fd=dir_fd)
        try:
            os.write(fd, text.encode("utf-8", "backslashreplace"))
            os.fsync(fd)
        finally:
            os.close(fd)
    finally:
        os.close(dir_fd)
    return folder / LOG_NAME


def crash_message(data_dir: Path | None, error: BaseException, lang: str) -> str:
    """Log `error` in the data folder and say so in `lang`; when the log cannot be written,
    the message ends with the plain traceback instead (still without local variables)."""
    kind = type(error).__name__
    if data_dir is not None and data_dir.is_dir():
        try:
            log = write_crash_log(data_dir, error)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
        else:
            return t("trust.crashed", lang, error=kind, log=log)
    else:
        reason = f"no data folder at {data_dir}"
    return (
        t("trust.crashed_no_log", lang, error=kind, reason=reason) + "\n" + plain_traceback(error)
    )


def report_crash(data_dir: Path | None, error: BaseException, lang: str) -> None:
    """Print the short message for an unexpected error on stderr (after logging it)."""
    print(f"shiftcheck: {crash_message(data_dir, error, lang)}", file=sys.stderr)
