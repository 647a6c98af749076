"""The staff's pages of the portal's knowledge base, under /knowledge/ on the staff side
(not in ``portal.urls``: the portal's own host names serve those and no staff page)."""

from __future__ import annotations

from django.urls import path

from xinfang.portal import staff_views

app_name = "knowledge"
urlpatterns = [
    path("", staff_views.knowledge_list, name="list"),
    path("new/", staff_views.knowledge_create, name="create"),
    path("<int:pk>/", staff_views.knowledge_edit, name="edit"),
    path("<int:pk>/retire/", staff_views.knowledge_retire, name="retire"),
    path("<int:pk>/restore/", staff_views.knowledge_restore, name="restore"),
]
