"""Legacy Word (.doc) and Rich Text (.rtf) files, converted to .docx by LibreOffice when it is installed.

The conversion runs `soffice --headless --convert-to docx` in a private temporary folder with its own
LibreOffice profile (so it never meets a user's open session or settings), with a time limit, and the
converted file then goes through the .docx reader's checks and limits. Headless conversion runs no
macros. Without LibreOffice the user gets one line saying how to convert the file or what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from policy_check.errors import InputError

CONVERT_TIMEOUT = 8.0  # seconds: a real policy converts in 1-3 s; a file that makes LibreOffice hang stops here
_NAMES = {"doc": "legacy Word (.doc)", "rtf": "Rich Text (.rtf)"}
INSTALL_HINT = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui)"


def soffice() -> str | None:
    """The LibreOffice command on the PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, source: str, kind: str) -> bytes:
    """The bytes of a .docx LibreOffice made from a .doc or .rtf file, or InputError with what to do."""
    name = _NAMES[kind]
    command = soffice()
    if command is None:
        raise InputError(source, f"{name} file: save it as .docx or PDF, or {INSTALL_HINT} to read it directly")
    with tempfile.TemporaryDirectory(prefix="policy-check-convert-") as scratch:
        folder = Path(scratch)
        original = folder / f"policy.{kind}"
        original.write_bytes(data)
        profile = (folder / "profile").as_uri()
        try:
            _run_with_deadline([command, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                                "--convert-to", "docx", "--outdir", str(folder / "out"), str(original)])
        except subprocess.TimeoutExpired:
            raise InputError(source, f"{name} file: LibreOffice did not convert it within {CONVERT_TIMEOUT:g} s") from None
        except OSError as error:
            raise InputError(source, f"{name} file: LibreOffice could not run ({error.strerror or error})") from None
        converted = folder / "out" / "policy.docx"
        if not converted.is_file():
            raise InputError(source, f"{name} file: LibreOffice could not convert it (damaged or not a document?)")
        return converted.read_bytes()


def _run_with_deadline(command: list[str]) -> None:
    """Run LibreOffice in its own process group and, past CONVERT_TIMEOUT, kill the whole group:
    `soffice` is a launcher, and killing it alone would leave a hung `soffice.bin` behind."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (OSError, AttributeError):  # already gone, or no process groups (Windows)
            process.kill()
        process.wait()
        raise
