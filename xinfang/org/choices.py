from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    TOWNSHIP = "township", _("Township / street")
    DEPARTMENT = "department", _("Department")
    POLICE_STATION = "police_station", _("Police station")
    PETITION_BUREAU = "petition_bureau", _("Petition bureau")


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("Registrar")
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Handler")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")


# Roles that may see a petitioner's full ID number and phone (each reveal is logged).
ROLES_SEEING_IDENTITY = frozenset({Role.REGISTRAR, Role.DISPATCHER, Role.LEADER, Role.ADMIN})


# Levels of government. A department, bureau or station acts within the jurisdiction of the
# nearest level of government above it (a county's petition bureau dispatches county-wide).
GOVERNMENT_LEVELS = frozenset(
    {UnitKind.PROVINCE, UnitKind.CITY, UnitKind.COUNTY, UnitKind.TOWNSHIP}
)
