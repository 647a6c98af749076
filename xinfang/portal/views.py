"""The public portal: what a citizen sees of the system, from a phone, without an account.

Submit a petition; open it again with its code and query password (the browser then keeps
it open for XF_PORTAL_ACCESS_MINUTES); read its steps, deadlines and answer; download its
notices; rate the answer.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xinfang.cases.models import Case
from xinfang.cases.notice_service import case_notice_render
from xinfang.cases.notices import NoticeKind
from xinfang.core.exceptions import ApplicationError
from xinfang.core.forms import form_add_application_error
from xinfang.core.http import docx_response
from xinfang.portal.forms import RateForm, SubmitForm, TrackForm
from xinfang.portal.limits import rate_limited
from xinfang.portal.selectors import portal_case_view
from xinfang.portal.services import portal_case_open, portal_rate, portal_submit

ACCESS_KEY = "portal_access"  # session: {case code: ISO time the access ends}
RECEIPT_KEY = "portal_receipt"  # session: the code and password to show once


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The portal's front page: submit, track, rate, ask, the law library."""
    return render(request, "portal/home.html", {"nav": "home"})


# Access to one case, kept in the browser's session


def _grant(request: HttpRequest, case: Case) -> None:
    until = timezone.now() + dt.timedelta(minutes=settings.XF_PORTAL_ACCESS_MINUTES)
    granted = dict(request.session.get(ACCESS_KEY, {}))
    granted[case.code] = until.isoformat()
    request.session[ACCESS_KEY] = granted


def _granted_case(request: HttpRequest, code: str) -> Case:
    """Return the case with code when this browser opened it recently; else 404."""
    until = request.session.get(ACCESS_KEY, {}).get(code)
    if not until or dt.datetime.fromisoformat(until) < timezone.now():
        raise Http404
    case = Case.objects.filter(code=code).first()
    if case is None:
        raise Http404
    _grant(request, case)  # each visit keeps it open a while longer
    return case


# Submit


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The petition form; on success the code and query password are shown once."""
    initial = {"content": request.GET.get("content", "")[:2000]}
    form = SubmitForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if rate_limited(request, "portal-submit", settings.XF_PORTAL_SUBMIT_RATE):
            return _too_many(request, "portal/submit.html", {"form": form, "nav": "submit"})
        if form.is_valid():
            data = form.cleaned_data
            phone_key = "portal-submit-phone:" + data["phone"]
            if rate_limited(
                request,
                "portal-submit-phone",
                settings.XF_PORTAL_SUBMIT_PHONE_RATE,
                key=lambda group, req: phone_key,
            ):
                form.add_error(
                    "phone",
                    _("This phone number has sent many petitions today; please try tomorrow."),
                )
                status = 429
            else:
                try:
                    submission = portal_submit(
                        name=data["name"],
                        id_number=data["id_number"],
                        phone=data["phone"],
                        title=data["title"],
                        content=data["content"],
                        region=data["region"],
                        address=data["address"],
                        attachments=data["attachments"],
                    )
                except ApplicationError as error:
                    form_add_application_error(form, error)
                    status = 400
                else:
                    request.session[RECEIPT_KEY] = {
                        "code": submission.case.code,
                        "password": submission.password,
                    }
                    _grant(request, submission.case)
                    return redirect("portal:submitted")
        else:
            status = 400
    return render(request, "portal/submit.html", {"form": form, "nav": "submit"}, status=status)


@never_cache
@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    """Show the new case's code and query password, once."""
    receipt = request.session.pop(RECEIPT_KEY, None)
    if receipt is None:
        return redirect("portal:track")
    return render(request, "portal/submitted.html", {"receipt": receipt, "nav": "submit"})


# Track


def _too_many(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    context = {**context, "too_many": True}
    return render(request, template, context, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Open a case by its code and query password.

    A wrong code and a wrong password give the same answer; every address may try
    XF_PORTAL_TRACK_RATE times, and each code takes XF_PORTAL_TRACK_CODE_RATE tries from
    everyone together.
    """
    form = TrackForm(request.POST or None)
    context = {"form": form, "nav": "track"}
    if request.method != "POST":
        return render(request, "portal/track.html", context)
    code = (request.POST.get("code") or "").strip().upper()[:30]
    code_limited = rate_limited(
        request,
        "portal-track-code",
        settings.XF_PORTAL_TRACK_CODE_RATE,
        key=lambda group, req: "code:" + code,
    )
    if rate_limited(request, "portal-track", settings.XF_PORTAL_TRACK_RATE) or code_limited:
        return _too_many(request, "portal/track.html", context)
    if not form.is_valid():
        return render(request, "portal/track.html", context, status=400)
    case = portal_case_open(code=form.cleaned_data["code"], password=form.cleaned_data["password"])
    if case is None:
        form.add_error(None, _("The case code or the query password is not right."))
        return render(request, "portal/track.html", context, status=400)
    _grant(request, case)
    return redirect("portal:case", code=case.code)


@never_cache
@require_GET
def case_page(request: HttpRequest, code: str) -> HttpResponse:
    case = _granted_case(request, code)
    view = portal_case_view(case, now=timezone.now())
    context = {"view": view, "form": RateForm(), "nav": "track"}
    response = render(request, "portal/case.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_POST
def case_rate(request: HttpRequest, code: str) -> HttpResponse:
    case = _granted_case(request, code)
    form = RateForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            portal_rate(
                case=case, answer=form.cleaned_data["answer"], reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            status = 409
        else:
            return redirect("portal:case", code=case.code)
    view = portal_case_view(case, now=timezone.now())
    return render(
        request, "portal/case.html", {"view": view, "form": form, "nav": "track"}, status=status
    )


@never_cache
@require_GET
def case_notice(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    case = _granted_case(request, code)
    try:
        notice = NoticeKind(kind)
        filename, data = case_notice_render(case=case, kind=notice)
    except (ValueError, ApplicationError):
        raise Http404 from None
    return docx_response(filename, data)
