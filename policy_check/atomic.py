"""Write a file so a reader never sees it half-written: a temporary file beside it, then a rename."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from policy_check.errors import OutputError


def write_atomically(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Replace `path` with `data` in one step; on any failure the old file (if any) is left intact."""
    with open_atomically(path, "wb" if isinstance(data, bytes) else "w", durable) as stream:
        stream.write(data)


def link_atomically(source: Path, path: Path) -> None:
    """Make `path` the same file as `source` (a hard link, else a copy), replacing it in one step."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link")
    try:
        if path.exists() and os.path.samefile(source, path):
            return  # already that file (rename() would leave the temporary link behind)
        temporary.unlink(missing_ok=True)
        link_or_copy(source, temporary)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as a hard link to `source` (outputs are replaced, never changed in place, so sharing an
    inode is safe), or a copy on a file system without hard links or across file systems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@contextmanager
def open_atomically(path: Path, mode: str = "w", durable: bool = True) -> Iterator[IO]:
    """A stream to a temporary file beside `path`, renamed over it only when the block ends without error.

    Text mode is UTF-8 with newlines as written. `durable` waits for the disk (fsync) before the rename,
    for outputs a reader keeps; a file that is rebuilt on the next run need not. A failure to write
    (no permission, a full disk) is an OutputError naming the file; nothing is left behind.
    """
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file would be, not mkstemp's 0600
        text = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(handle, mode, **text) as stream:
            yield stream
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    """The process's umask (read once: reading it means setting it, and nothing here changes it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
