"""The URLs served on the portal's own host names (XF_PORTAL_HOSTS): the public portal at
the root, the survey links and the language switch; no staff page, API or admin."""

from __future__ import annotations

from django.urls import include, path

from xinfang.followup.views import survey_page

urlpatterns = [
    path("", include("xinfang.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("s/<str:token>", survey_page, name="survey"),
]
