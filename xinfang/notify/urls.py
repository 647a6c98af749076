from __future__ import annotations

from django.urls import path

from xinfang.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("poll", views.poll, name="poll"),
    path("read", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open", views.message_open, name="open"),
]
