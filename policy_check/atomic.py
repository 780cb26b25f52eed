"""Write a file so a reader never sees it half-written: a temporary file beside it, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from policy_check.errors import OutputError


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; on any failure the old file (if any) is left intact."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file would be, not mkstemp's 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
