from __future__ import annotations

from django.urls import path

from xinfang.portal import ask_views, captcha, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("submit/", views.submit, name="submit"),
    path("submit/done/", views.submitted, name="submitted"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.case_page, name="case"),
    path("track/<str:code>/rate/", views.case_rate, name="case_rate"),
    path("track/<str:code>/notices/<str:kind>/", views.case_notice, name="case_notice"),
    path("captcha/challenge/", captcha.captcha_challenge, name="captcha_challenge"),
]

# Ask a question (云问诊) and the law library. The staff's knowledge base pages are in
# staff_urls, which the portal's own host names do not serve.
urlpatterns += [
    path("ask/", ask_views.ask, name="ask"),
    path("laws/", ask_views.laws, name="laws"),
    path("laws/<slug:slug>/", ask_views.law, name="law"),
]
