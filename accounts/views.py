"""The start page, sign-up, password reset, accepting invitations and switching reminders
and the weekly digest."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import InvitationAcceptForm, SignupForm
from accounts.models import Invitation, User
from accounts.permissions import SESSION_ORGANISATION_KEY, organisations_for
from accounts.reminders import digest_set, reminders_set, reminders_token, reminders_user
from accounts.services import AccountsError, invitation_accept, invitation_problem, user_signup
from accounts.throttling import password_reset_limited

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


def home(request):
    """Logged in: the organisation last used (or the list of them). Otherwise: what this is."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    organisations = organisations_for(request.user)
    last = request.session.get(SESSION_ORGANISATION_KEY)
    current = organisations.filter(slug=last).first() if last else None
    if current is None and len(organisations) == 1:
        current = organisations[0]
    if current is not None:
        return redirect("organisation", org=current.slug)
    return redirect("orgs:list")


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, organisation = user_signup(
                email=data["email"],
                name=data["name"],
                password=data["password1"],
                organisation_name=data["organisation_name"],
                organisation_slug=data["organisation_slug"],
            )
        except AccountsError as error:
            form.add_error(error.field, str(error))
        else:
            login(request, user, backend=AUTH_BACKEND)
            # The only published model is chosen with the organisation (maturity listens to
            # organisation_created); with none or several, sign-up's next step asks which.
            if not organisation.models_in_use.exists():
                messages.info(
                    request,
                    _(
                        "Welcome! %(organisation)s is ready. Choose the maturity model "
                        "its teams will be assessed against."
                    )
                    % {"organisation": organisation.name},
                )
                return redirect("maturity:settings", org=organisation.slug)
            messages.success(
                request,
                _("Welcome! %(organisation)s is ready: create its teams and invite colleagues.")
                % {"organisation": organisation.name},
            )
            return redirect("organisation", org=organisation.slug)
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Accept an invitation: as the logged-in user, or by creating an account."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    problem = invitation_problem(invitation)
    if problem:
        return render(request, "accounts/invitation_invalid.html", {"problem": problem}, status=410)
    user = request.user if request.user.is_authenticated else None
    has_account = user is None and User.objects.filter(email=invitation.email).exists()
    form = (
        None
        if user or has_account
        else InvitationAcceptForm(request.POST or None, email=invitation.email)
    )
    if request.method == "POST" and (form is None or form.is_valid()) and not has_account:
        try:
            membership = invitation_accept(
                token=token,
                user=user,
                name=form.cleaned_data["name"] if form else "",
                password=form.cleaned_data["password1"] if form else None,
            )
        except AccountsError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        if user is None:
            login(request, membership.user, backend=AUTH_BACKEND)
        messages.success(
            request,
            _("You have joined %(organisation)s.") % {"organisation": invitation.organisation},
        )
        return redirect("organisation", org=invitation.organisation.slug)
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "has_account": has_account,
            "login_url": f"{reverse('accounts:login')}?next={request.path}",
            "wrong_user": user is not None and user.email != invitation.email,
        },
    )


@require_http_methods(["GET", "POST"])
def reminders(request, token):
    """Reminder e-mails off (or on again) by the link in every reminder, without logging in:
    the signed token names the person. A changed token is a 404 that says so."""
    person = reminders_user(token)
    if person is None:
        return render(request, "accounts/reminders_invalid.html", status=404)
    if request.method == "POST" and request.POST.get("reminders") in ("on", "off"):
        on = request.POST["reminders"] == "on"
        reminders_set(user=person, on=on)
        if on:
            messages.success(request, _("Reminder e-mails are on again."))
        else:
            messages.success(
                request,
                _("You will get no more reminder e-mails. You can switch them on again below."),
            )
        return redirect(request.path)
    if request.method == "POST" and request.POST.get("digest") in ("on", "off"):
        on = request.POST["digest"] == "on"
        digest_set(user=person, on=on)
        if on:
            messages.success(request, _("The weekly digest of your actions is on again."))
        else:
            messages.success(
                request,
                _("You will get no more weekly digests. You can switch them on again below."),
            )
        return redirect(request.path)
    return render(request, "accounts/reminders.html", {"person": person})


@login_required
@require_GET
def email_settings(request):
    """The same page for the person logged in, reached from the user menu."""
    return redirect("accounts:reminders", reminders_token(request.user.pk))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with at most so many e-mails an hour per address and per client.

    Over the limit no e-mail goes out and the answer is the same "check your e-mail" page,
    with a note that no further e-mail is sent for now; the count does not depend on
    whether the address has an account, so neither does the note.
    """

    def form_valid(self, form):
        if password_reset_limited(self.request, form.cleaned_data["email"]):
            messages.warning(
                self.request,
                _(
                    "There have been too many requests for a new password in the last hour: "
                    "no further e-mail is sent for now. Use the link in an e-mail you received, "
                    "or try again in an hour."
                ),
            )
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
