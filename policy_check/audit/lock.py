"""One audit at a time per output folder: a second one started into the same folder refuses at once.

The lock is an advisory `flock` on OUT/.lock, so it is released by the kernel however the first
audit ends (finished, interrupted, killed, power lost); there is never a stale lock to clear by hand.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from policy_check.errors import OutputError

LOCK_FILE = ".lock"


def lock_output_folder(out_dir: Path) -> IO | None:
    """Hold the folder's lock until the returned handle is closed (or the process ends).

    Raises OutputError when another audit holds it or the folder cannot be written. Where `flock` does
    not exist (Windows) there is no lock.
    """
    try:
        import fcntl
    except ImportError:
        return None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / LOCK_FILE, "a+", encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write to {out_dir}: {error.strerror or error}") from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise OutputError(f"another audit is writing to {out_dir} ({holder}); wait for it to finish or use "
                          "another --out") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle
