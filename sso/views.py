"""Signing in and out by single sign-on (OpenID Connect, with mozilla-django-oidc), and the
login page's password sign-in, refused for members of organisations that require SSO.

config/urls.py puts these before accounts' own login and logout at the same addresses."""

import logging
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from sso.backends import ProviderBackend
from sso.forms import FindProviderForm, SsoAwareAuthenticationForm
from sso.providers import (
    SsoError,
    discovery,
    organisation_provider,
    provider_by_key,
    provider_for_email,
    site_provider,
)
from sso.services import SignInRefused

logger = logging.getLogger(__name__)
AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"
STATES = "sso_states"  # state → provider key, beside the library's oidc_states
PROVIDER = "sso_provider"
ID_TOKEN = "sso_id_token"

login_page = auth_views.LoginView.as_view(
    authentication_form=SsoAwareAuthenticationForm, redirect_authenticated_user=True
)


class _StartView(OIDCAuthenticationRequestView):
    """The library's authentication request (state, nonce, PKCE challenge in the session),
    for the provider given rather than Django's settings."""

    def __init__(self, provider, endpoint, login_hint=""):
        View.__init__(self)
        self.OIDC_OP_AUTH_ENDPOINT = endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.login_hint = login_hint

    def get_extra_params(self, request):
        return {"login_hint": self.login_hint} if self.login_hint else {}


def _refuse(request, message):
    messages.error(request, message)
    return redirect("accounts:login")


def _start(request, provider, login_hint=""):
    try:
        document = discovery(provider.issuer)
    except SsoError as error:
        return _refuse(request, str(error))
    view = _StartView(provider, document["authorization_endpoint"], login_hint)
    view.setup(request)
    response = view.get(request)
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    states = request.session.get(STATES, {})
    states[state] = provider.key
    request.session[STATES] = dict(list(states.items())[-10:])  # the library keeps 50
    return response


@require_GET
def start_site(request):
    provider = site_provider()
    if provider is None:
        raise Http404
    return _start(request, provider)


@require_GET
def start_organisation(request, organisation):
    provider = organisation_provider(organisation)
    if provider is None:
        raise Http404
    return _start(request, provider)


@require_http_methods(["GET", "POST"])
def find(request):
    """ "Sign in with single sign-on": the provider for the e-mail address's domain."""
    form = FindProviderForm(request.POST or None)
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        provider = provider_for_email(email)
        if provider is not None:
            request.GET = request.GET.copy()
            request.GET[REDIRECT_FIELD_NAME] = next_url  # checked by the library
            return _start(request, provider, login_hint=email)
        form.add_error(
            "email",
            _("No single sign-on is set up for %(domain)s. Log in with your password.")
            % {"domain": email.rpartition("@")[2]},
        )
    response = render(request, "sso/find.html", {"form": form, "next": next_url})
    # This page's form leads on to the provider (another origin): Chromium applies the
    # Content-Security-Policy's form-action to that redirect.
    schemes = ["https:", "http:"] if settings.DEBUG or settings.SSO_ALLOW_HTTP else ["https:"]
    response._csp_update = {"form-action": schemes}
    return response


@require_GET
def callback(request):
    state = request.GET.get("state", "")
    states = request.session.get(STATES, {})
    key = states.pop(state, None)
    request.session[STATES] = states
    entry = request.session.get("oidc_states", {}).pop(state, None)
    request.session.modified = True
    provider = provider_by_key(key) if key else None
    if provider is None or entry is None:
        return _refuse(request, _("This sign-in was not started here or has expired. Try again."))
    if request.GET.get("error") or not request.GET.get("code"):
        return _refuse(request, _("The sign-in provider did not sign you in."))
    try:
        backend = ProviderBackend(provider)
        user = backend.authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except (SsoError, SignInRefused) as error:
        if error.email:  # the audit log's failed sign-in (and django-axes' count)
            user_login_failed.send(
                sender=__name__, credentials={"username": error.email}, request=request
            )
        return _refuse(request, str(error))
    except (SuspiciousOperation, requests.RequestException, jwt.InvalidTokenError) as error:
        logger.warning("SSO sign-in with %s refused: %s", provider.key, error)
        return _refuse(request, _("The sign-in could not be verified. Try again."))
    if user is None or not user.is_active:
        return _refuse(request, _("The sign-in could not be verified. Try again."))
    next_url = request.session.get("oidc_login_next")
    login(request, user, backend=AUTH_BACKEND)
    request.session[PROVIDER] = provider.key
    request.session[ID_TOKEN] = backend.id_token
    return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


@require_POST
def logout(request):
    """Ends the local session; after a single sign-on, also the provider's where it offers
    an end-session endpoint (OpenID Connect RP-Initiated Logout)."""
    key, id_token = request.session.get(PROVIDER), request.session.get(ID_TOKEN)
    next_url = request.POST.get(REDIRECT_FIELD_NAME, "")
    auth_logout(request)
    target = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = next_url
    provider = provider_by_key(key) if key else None
    if provider is not None:
        try:
            end_session = discovery(provider.issuer).get("end_session_endpoint")
        except SsoError:
            end_session = None
        if end_session:
            params = {
                "client_id": provider.client_id,
                "post_logout_redirect_uri": request.build_absolute_uri(target),
            }
            if id_token:
                params["id_token_hint"] = id_token
            # A page that moves on by itself (meta refresh), not a redirect: the site's
            # Content-Security-Policy (form-action 'self') stops a form's redirect elsewhere.
            return render(
                request,
                "sso/signed_out.html",
                {"end_session_url": f"{end_session}?{urlencode(params)}", "provider": provider},
            )
    return HttpResponseRedirect(target)
