"""Uploaded files in: a size limit enforced before a body is read whole, names that never become paths,
and .zip archives opened with the same limits as a Word file's zip (`extract/docx.check_zip`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policy_check.errors import InputError
from policy_check.extract import limits
from policy_check.extract.docx import check_zip
from policy_check.extract.files import never_a_policy
from policy_check.web.config import MAX_FILES_PER_UPLOAD
from policy_check.web.responses import refusal

FILE_FIELD = "file"
MAX_NAME_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Upload:
    """One file to check: the name it came with (shown, never used as a path), its bytes, or why it was refused."""

    name: str
    data: bytes
    error: str | None = None


class UploadTooLarge(Exception):
    """The request body passed the limit while it was being received."""


class BodyLimit:
    """ASGI middleware: 413 for a body over `limit` bytes, at once when Content-Length says so, else as
    soon as the bytes received pass it; nothing beyond the limit is ever read."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = (f"policy-check: upload larger than the file-size limit "
                   f"({self.limit:,} bytes, MAX_FILE_BYTES): send fewer or smaller files")
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await refusal(scope, 413, message, {"connection": "close"})(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message_in = await receive()
            if message_in["type"] == "http.request":
                received += len(message_in.get("body", b""))
                if received > self.limit:
                    raise UploadTooLarge
            return message_in

        async def tracking_send(message_out: Message) -> None:
            nonlocal started
            started = started or message_out["type"] == "http.response.start"
            await send(message_out)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except UploadTooLarge:
            if started:
                raise
            await refusal(scope, 413, message, {"connection": "close"})(scope, receive, send)


def display_name(raw: str | None) -> str:
    """The last part of an uploaded name, without control characters; what the report calls the file."""
    last = re.split(r"[\\/]", raw or "")[-1]
    name = " ".join(_CONTROL.sub(" ", last).split())[:MAX_NAME_CHARS]
    return name if name.strip(".") else "upload"


async def uploads_in(form: FormData) -> list[Upload]:
    """The `file` fields of a form, in order; a .zip becomes the policies inside it."""
    found: list[Upload] = []
    for field in form.getlist(FILE_FIELD):
        if not isinstance(field, UploadFile):
            continue
        name, data = display_name(field.filename), await field.read()
        if name.lower().endswith(".zip"):  # unpacking is work: off the event loop
            found.extend(await run_in_threadpool(open_zip, name, data))
        else:
            found.append(Upload(name, data))
    return found


def open_zip(name: str, data: bytes) -> list[Upload]:
    """The files in an archive (folders flattened, hidden/lock/README files passed over as `audit` does).

    An archive that fails the zip checks (damaged, encrypted, a zip bomb, too large when unpacked) is
    one refused upload under its own name; a member over the file-size limit is refused unread.
    """
    try:
        check_zip(data, name, required=None, what="a zip archive")
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist()
                   if not m.is_dir() and not never_a_policy(PurePosixPath(m.filename.replace("\\", "/")).parts)]
    except InputError as error:
        return [Upload(name, data, error.reason)]
    if len(members) > MAX_FILES_PER_UPLOAD:
        return [Upload(name, data, f"more than {MAX_FILES_PER_UPLOAD} files in one archive")]
    if not members:
        return [Upload(name, data, "no policy files in this archive")]
    return [_member(archive, member) for member in members]


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Upload:
    name = display_name(member.filename)
    if member.file_size > limits.MAX_FILE_BYTES:
        return Upload(name, b"", f"file larger than MAX_FILE_BYTES ({limits.MAX_FILE_BYTES:,} bytes)")
    try:
        with archive.open(member) as stream:
            data = stream.read(limits.MAX_FILE_BYTES + 1)  # bounded even if the size recorded in the zip lies
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        return Upload(name, b"", f"cannot unpack from the archive ({type(error).__name__})")
    if len(data) > limits.MAX_FILE_BYTES:
        return Upload(name, b"", f"file larger than MAX_FILE_BYTES ({limits.MAX_FILE_BYTES:,} bytes)")
    return Upload(name, data)
