"""Settings → API: an organisation's tokens, for its administrators (`api.manage_tokens`).

A new token's secret is shown once, in the answer to the form that created it, and kept
nowhere: neither in the database (only its digest) nor in the session.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import organisation_view
from api.forms import TokenForm
from api.models import ApiToken
from api.tokens import PREFIX, TokenError, token_create, token_revoke

PAGE_SIZE = 25
PERMISSION = "api.manage_tokens"


def token_state(token, now):
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "live"


@organisation_view(PERMISSION)
@require_GET
def token_list(request, organisation):
    tokens = (
        ApiToken.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(tokens, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(token, token_state(token, now)) for token in page.object_list]
    return render(
        request,
        "api/settings_tokens.html",
        {"organisation": organisation, "page": page, "rows": rows, "prefix": PREFIX},
    )


@organisation_view(PERMISSION)
@require_http_methods(["GET", "POST"])
@never_cache  # the answer to the POST holds the secret: no cache may keep it
def token_new(request, organisation):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = token_create(
                organisation=organisation,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
                by=request.user,
            )
        except TokenError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request,
                "api/token_created.html",
                {"organisation": organisation, "token": token, "secret": secret},
            )
    return render(request, "api/token_form.html", {"organisation": organisation, "form": form})


@organisation_view(PERMISSION)
@require_http_methods(["GET", "POST"])
def token_revoke_confirm(request, organisation, api_token):
    token = get_object_or_404(ApiToken, organisation=organisation, pk=api_token)
    if request.method == "POST":
        token_revoke(token, by=request.user)
        messages.success(
            request,
            _("The token “%(name)s” has been revoked: it no longer works.") % {"name": token.name},
        )
        return redirect("api_settings:tokens", org=organisation.slug)
    return render(
        request,
        "api/token_revoke.html",
        {"organisation": organisation, "token": token, "prefix": PREFIX},
    )
