"""Attachments: files given with a case, checked by their content, kept privately."""

from __future__ import annotations

import os
from collections.abc import Iterable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.cases.choices import Action
from xinfang.cases.models import Attachment, Case
from xinfang.cases.services._common import transition
from xinfang.core.exceptions import ApplicationError
from xinfang.core.uploads import CheckedUpload, upload_check
from xinfang.org.models import User

NAME_MAX = 200


def attachment_clean_name(name: str) -> str:
    """Return the file's own name without any folder, shortened to fit, never empty."""
    name = os.path.basename((name or "").replace("\\", "/")).strip() or _("attachment")
    stem, dot, suffix = name.rpartition(".")
    if len(name) > NAME_MAX:
        name = (stem[: NAME_MAX - len(suffix) - 1] + dot + suffix) if dot else name[:NAME_MAX]
    return name


def attachments_check(uploads: Iterable[UploadedFile], *, held: int = 0) -> list[CheckedUpload]:
    """Check the files' number, sizes and kinds by content; raise ApplicationError (field
    "attachments") at the first fault. Forms call it to answer at the field; the service
    calls it again before keeping anything."""
    uploads = list(uploads)
    if held + len(uploads) > settings.XF_ATTACHMENT_MAX_FILES:
        raise ApplicationError(
            _("At most %(max)d files can be attached to a case.")
            % {"max": settings.XF_ATTACHMENT_MAX_FILES},
            code="upload_too_many",
            extra={"field": "attachments"},
        )
    return [
        upload_check(upload, name=upload.name or "", max_bytes=settings.XF_ATTACHMENT_MAX_BYTES)
        for upload in uploads
    ]


@transaction.atomic
def case_attachments_add(
    *, case: Case, uploads: list[UploadedFile], actor: User | None
) -> list[Attachment]:
    """Check each file by its content and keep it with the case; all or none.

    actor None: the petitioner gave the files through the public portal. A refused file
    raises ApplicationError (field "attachments") and keeps none of them. The caller that
    fails after this returns removes the stored files with ``attachment_files_delete``.
    """
    checked = attachments_check(uploads, held=case.attachments.count())
    return _keep(case, uploads, checked, actor)


def _keep(
    case: Case, uploads: list[UploadedFile], checked: list[CheckedUpload], actor: User | None
) -> list[Attachment]:
    """Store the checked files and their rows; on a failure remove what was stored."""
    now = timezone.now()
    kept: list[Attachment] = []
    try:
        for upload, kind in zip(uploads, checked, strict=True):
            attachment = Attachment(
                case=case,
                name=attachment_clean_name(upload.name or ""),
                content_type=kind.content_type,
                size=kind.size,
                sha256=kind.sha256,
                uploaded_by=actor,
                uploaded_at=now,
            )
            attachment.file.save(f"{kind.sha256[:8]}.{kind.extension}", upload, save=False)
            kept.append(attachment)
            attachment.save()
    except BaseException:
        attachment_files_delete(kept)
        raise
    return kept


def attachment_files_delete(attachments: Iterable[Attachment]) -> None:
    """Remove the stored files of attachments whose rows were not kept (a rolled-back
    registration); rows are not touched."""
    for attachment in attachments:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)


@transaction.atomic
def case_attach(*, case: Case, actor: User, files: list[UploadedFile], note: str = "") -> Case:
    """Attach files to an open case as evidence (a scanned letter, photos, a recording):
    an ATTACH event names them (file name, size, SHA-256) in the case's chain, and the
    files are kept with it. A refused file keeps nothing and records nothing."""
    if not files:
        raise ApplicationError(
            _("Choose at least one file."), code="upload_none", extra={"field": "files"}
        )
    checked = attachments_check(files, held=case.attachments.count())
    attached = transition(
        case=case,
        actor=actor,
        action=Action.ATTACH,
        payload={
            "files": [
                {
                    "name": attachment_clean_name(upload.name or ""),
                    "size": kind.size,
                    "sha256": kind.sha256,
                }
                for upload, kind in zip(files, checked, strict=True)
            ],
            "note": (note or "").strip(),
        },
    )
    _keep(attached, files, checked, actor)
    return attached
