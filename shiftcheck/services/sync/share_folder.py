"""Folders on a shared folder, opened so that nothing planted there redirects a read or write.

Anyone who can write to the share can put a symlink where a store or terminal folder, a
bundle or a staff directory should be (e.g. pointing into a terminal's data folder). Each
folder is opened once, refusing a symlink (`O_NOFOLLOW`), and every file in it is then read,
written and removed relative to that open folder: a symlink in its place is refused with a
message naming it, never followed, so nothing is read or written outside the share.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from shiftcheck.store.atomic import open_folder, write_in_folder

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
READ_LIMIT = 1 << 30
"""Largest file read from the share (a bundle of 100,000 documents is far smaller)."""


class NotARealFile(OSError):
    """A name on the share that is a symlink (or a device, a pipe...) where a file or a folder
    should be; the message names it."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.ELOOP, f"{path} is {what}: refused (never followed)")
        self.path = path

    def __str__(self) -> str:
        return str(self.args[1])


class ShareFolder:
    """One folder on the share, held open; file names are looked up in it, never followed."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.fd = fd

    @classmethod
    def open_root(cls, path: Path) -> ShareFolder:
        """The configured share folder itself (set up by store IT: a symlink there is fine)."""
        return cls(path, open_folder(path))

    def sub(self, name: str, *, create: bool = False) -> ShareFolder:
        """The folder `name` in this one (made if `create`); `NotARealFile` if it is a
        symlink or not a folder, `FileNotFoundError` if it is not there."""
        if create:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o755, dir_fd=self.fd)
        path = self.path / name
        try:
            fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=self.fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise NotARealFile(path, _what(self.fd, name, "not a folder")) from None
            raise
        return ShareFolder(path, fd)

    def close(self) -> None:
        """Let the folder go."""
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def __enter__(self) -> ShareFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> list[str]:
        """The names in the folder, sorted."""
        return sorted(os.listdir(self.fd))

    def entries(self) -> list[tuple[str, bool, bool]]:
        """(name, is a symlink, is a real folder) for each name, sorted."""
        out = []
        for name in self.names():
            try:
                st = os.stat(name, dir_fd=self.fd, follow_symlinks=False)
            except FileNotFoundError:
                continue
            out.append((name, stat.S_ISLNK(st.st_mode), stat.S_ISDIR(st.st_mode)))
        return out

    def exists(self, name: str) -> bool:
        """Whether anything (a symlink included) has this name."""
        try:
            os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return True

    def read(self, name: str) -> bytes:
        """A regular file's bytes; `NotARealFile` for a symlink, pipe or device,
        `FileNotFoundError` when it is not there."""
        path = self.path / name
        flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC
        try:
            fd = os.open(name, flags, dir_fd=self.fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise NotARealFile(path, "a symlink") from None
            raise
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise NotARealFile(path, "not a regular file")
            if st.st_size > READ_LIMIT:
                raise OSError(errno.EFBIG, f"larger than {READ_LIMIT} bytes", str(path))
            chunks: list[bytes] = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)

    def write(self, name: str, data: bytes) -> None:
        """Replace the file `name` atomically (a symlink there is replaced, not followed)."""
        write_in_folder(self.fd, name, data)

    def unlink(self, name: str) -> None:
        """Remove `name` if it is there (a symlink itself, never what it points to)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name, dir_fd=self.fd)


def _what(folder_fd: int, name: str, default: str) -> str:
    try:
        st = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except OSError:
        return default
    return "a symlink" if stat.S_ISLNK(st.st_mode) else default
