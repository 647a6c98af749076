from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfang.cases.models import Case


class TrackingAccess(models.Model):
    """The query password of a case submitted through the portal: with the case code it
    lets the petitioner follow the case, download its notices and rate the answer. Only
    a salted hash of the password is stored."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="tracking_access", verbose_name=_("case")
    )
    password_hash = models.CharField(_("password hash"), max_length=200)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("tracking access")
        verbose_name_plural = _("tracking accesses")

    def __str__(self) -> str:
        return str(self.case_id)
