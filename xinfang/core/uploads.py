"""Uploaded files: what they are by their content, never by their name or declared type.

``upload_kind`` reads a file's first bytes (the ``filetype`` library's signatures) and, for
images, decodes the whole picture with Pillow: a file named photo.jpg that is not a picture,
or a picture cut short, is refused. Only the kinds in ``UPLOAD_KINDS`` are accepted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

import filetype
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from xinfang.core.exceptions import ApplicationError

# Content type: what it is called for people. Images, PDF, and the audio phones record.
UPLOAD_KINDS: dict[str, str] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/pdf": "PDF",
    "audio/mpeg": "MP3",
    "audio/mp4": "M4A",
    "audio/x-m4a": "M4A",
    "audio/amr": "AMR",
    "audio/x-wav": "WAV",
    "audio/ogg": "OGG",
    "audio/aac": "AAC",
}
IMAGE_KINDS = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
SNIFF_BYTES = 8192
# A picture of more pixels is refused unread (a "decompression bomb").
MAX_IMAGE_PIXELS = 80_000_000


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str


def accepted_kinds_text() -> str:
    """The accepted kinds, for a hint beside the field: JPEG、PNG、…"""
    return "、".join(dict.fromkeys(UPLOAD_KINDS.values()))


def upload_check(stream: IO[bytes], *, name: str, max_bytes: int) -> CheckedUpload:
    """Return what the file is, or raise ApplicationError naming the file and the fault.

    The stream is read to the end (for its size and digest) and left at its start.
    """
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    digest = hashlib.sha256(head)
    size = len(head)
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        size += len(chunk)
        if size > max_bytes:
            break
        digest.update(chunk)
    stream.seek(0)
    if size == 0:
        raise _refused(_("“%(name)s” is empty.") % {"name": name}, "upload_empty")
    if size > max_bytes:
        raise _refused(
            _("“%(name)s” is larger than %(max)s MB.")
            % {"name": name, "max": f"{max_bytes / 1_000_000:g}"},
            "upload_too_large",
        )
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime not in UPLOAD_KINDS:
        raise _refused(
            _("“%(name)s” is not a file of an accepted kind (%(kinds)s).")
            % {"name": name, "kinds": accepted_kinds_text()},
            "upload_kind",
        )
    if mime in IMAGE_KINDS:
        _check_picture(stream, name)
    return CheckedUpload(
        content_type=mime, extension=guess.extension, size=size, sha256=digest.hexdigest()
    )


def _check_picture(stream: IO[bytes], name: str) -> None:
    """Decode the whole picture: a broken or disguised one, or one of more than
    MAX_IMAGE_PIXELS pixels (checked from its header, before decoding), raises
    ApplicationError. Pillow's own process-wide limit is left as it is."""
    try:
        with Image.open(stream) as picture:
            if picture.width * picture.height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError(picture.size)
            picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refused(
            _("“%(name)s” says it is a picture but cannot be read as one.") % {"name": name},
            "upload_broken_image",
        ) from None
    finally:
        stream.seek(0)


def _refused(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": "attachments"})
