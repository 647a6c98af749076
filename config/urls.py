from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from xinfang.core.views import healthz
from xinfang.followup.views import survey_page

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", RedirectView.as_view(pattern_name="cases:queue", permanent=False)),
    path("login/", auth_views.LoginView.as_view(template_name="staff/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", include("xinfang.cases.urls")),
    path("intake/", include("xinfang.intake.urls")),
    path("routing/", include("xinfang.routing.urls")),
    path("notify/", include("xinfang.notify.urls")),
    path("followup/", include("xinfang.followup.urls")),
    path("assessment/", include("xinfang.assessment.urls")),
    path("insight/", include("xinfang.insight.urls")),
    path("portal/", include("xinfang.portal.urls")),
    # The staff edit the portal's knowledge base here, off the portal's own host names.
    path("knowledge/", include("xinfang.portal.staff_urls")),
    # The survey link sent to petitioners by SMS: short, public, one-time.
    path("s/<str:token>", survey_page, name="survey"),
    path("api/", include("xinfang.api.urls")),
    path("admin/", admin.site.urls),
]
