"""Test data builders for cases."""

from __future__ import annotations

import io
import shutil
import tempfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from xinfang.cases.choices import Channel, DeadlineKind
from xinfang.cases.models import Case, ServiceLevelRule
from xinfang.cases.services import PetitionerInput, case_register
from xinfang.core.workdays import DurationUnit
from xinfang.org.models import User

# Valid GB 11643 numbers (the check character is computed, not made up).
ID_ZHANG = "11010519491231002X"
ID_LI = "440524188001010014"


def valid_id(prefix17: str) -> str:
    from xinfang.people.identity import id_check_code

    return prefix17 + id_check_code(prefix17)


def register_case(actor: User, **overrides: Any) -> Case:
    """Register a plausible case through the real service."""
    fields: dict[str, Any] = {
        "channel": Channel.VISIT,
        "title": "小区楼下烧烤店油烟扰民",
        "content": "我住在河东街道锦华社区，楼下烧烤店每天营业到凌晨两点，油烟和噪音严重影响休息。",
        "petitioners": [PetitionerInput(name="张三", id_number=ID_ZHANG, phone="13800138000")],
    }
    fields.update(overrides)
    return case_register(actor=actor, **fields)


def five_minute_rule() -> ServiceLevelRule:
    """A 12345 hotline service level: acknowledge within 5 minutes, reminded 2 before."""
    return ServiceLevelRule.objects.create(
        name="12345 热线 5 分钟签收",
        deadline=DeadlineKind.ACKNOWLEDGE,
        channel=Channel.PHONE,
        amount=5,
        unit=DurationUnit.MINUTES,
        remind_before="2m",
    )


def use_temporary_attachments(test: TestCase) -> str:
    """Keep the attachments a test stores in a folder of their own, removed after it."""
    folder = tempfile.mkdtemp(prefix="xf-attachments-")
    test.addCleanup(shutil.rmtree, folder, ignore_errors=True)
    storages = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": None},
        },
    }
    overridden = override_settings(STORAGES=storages)
    overridden.enable()
    test.addCleanup(overridden.disable)
    return folder


def png_file(name: str = "photo.png") -> SimpleUploadedFile:
    """A real (small) PNG picture."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
