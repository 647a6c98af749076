from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfang.core.models import TimeStampedModel


class Petitioner(TimeStampedModel):
    """A person who raises petitions (信访人).

    The ID number and phone are stored encrypted; ``*_hash`` columns are keyed hashes used
    to find a person by ID or phone without decrypting anything, and ``*_masked`` are the
    forms shown to staff who may not see the full value.
    """

    name = models.CharField(_("name"), max_length=50)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_hash = models.CharField(
        _("ID number lookup hash"), max_length=64, null=True, blank=True, unique=True
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, blank=True)
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    phone_hash = models.CharField(_("phone lookup hash"), max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    gender = models.CharField(_("gender"), max_length=1, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    watch_level = models.PositiveSmallIntegerField(_("watch level"), default=0)
    watch_reason = models.CharField(_("watch reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_number_masked or '—'})"


class IdentityReveal(models.Model):
    """One time a staff member saw a petitioner's full ID number or phone (an audit record)."""

    class Field(models.TextChoices):
        ID_NUMBER = "id_number", _("ID number")
        PHONE = "phone", _("phone")

    petitioner = models.ForeignKey(
        Petitioner, verbose_name=_("petitioner"), on_delete=models.PROTECT, related_name="reveals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff user"), on_delete=models.PROTECT
    )
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    revealed_at = models.DateTimeField(_("revealed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity reveal")
        verbose_name_plural = _("identity reveals")
        ordering = ["-revealed_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.petitioner_id}.{self.field}"
