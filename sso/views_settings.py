"""Settings → Sign-in: the organisation's own OpenID Connect provider (administrators)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import organisation_view
from sso.forms import ProviderForm
from sso.models import Provider


@organisation_view("sso.manage_sign_in")
@require_http_methods(["GET", "POST"])
def sign_in(request, organisation):
    provider = Provider.objects.filter(organisation=organisation).first()
    form = ProviderForm(request.POST or None, instance=provider, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Sign-in settings saved."))
        return redirect("sso_settings:sign_in", org=organisation.slug)
    return render(
        request,
        "sso/settings.html",
        {
            "organisation": organisation,
            "form": form,
            "provider": provider,
            "callback_url": request.build_absolute_uri(reverse("sso:callback")),
            "start_url": request.build_absolute_uri(
                reverse("sso:start_organisation", kwargs={"organisation": organisation.slug})
            ),
        },
    )
