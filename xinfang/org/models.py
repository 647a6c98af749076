from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfang.org.choices import ROLES_SEEING_IDENTITY, Role, UnitKind

PATH_STEP = 4  # characters per level in Unit.path: "0001" ... "zzzz" in base 36


class Unit(models.Model):
    """A node of the organisation tree: a government level or a department at any level.

    ``path`` is a materialised path (the ids of all ancestors, fixed-width) so that "this
    unit and everything under it" is one indexed prefix query on both databases.
    """

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("tree path"), max_length=255, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=20, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return len(self.path) // PATH_STEP - 1

    def is_within(self, ancestor: Unit) -> bool:
        """True when this unit is ancestor or lies below it."""
        return self.path.startswith(ancestor.path)


class User(AbstractUser):
    """A staff member: belongs to one unit and acts in one role."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REGISTRAR)

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def has_role(self, *roles: str) -> bool:
        return self.role == Role.ADMIN or self.role in roles

    @property
    def may_see_identity(self) -> bool:
        return self.role in ROLES_SEEING_IDENTITY
