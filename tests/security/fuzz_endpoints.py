"""The endpoints the fuzz sends to, and the fields each takes."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import strategies as st

from accounts.models import User
from accounts.reminders import reminders_token
from dashboards.selectors import SORTS
from reports.models import Report
from tests.security.fuzz_strategies import (
    DATES,
    EMAILS,
    EVIDENCE,
    LANGUAGES,
    LEVELS,
    NAMES,
    NEXT,
    NUMBERS,
    PAGES,
    PASSWORDS,
    ROLES,
    SLUGS,
    model_files,
    pks,
    texts_of,
)

# ---------------------------------------------------------------------------------------------
# The endpoints


def no_fields(world):
    return {}


@dataclass(frozen=True)
class Endpoint:
    users: tuple = ("admin",)
    fields: object = no_fields  # world → {field name: strategy of plausible values}
    urls: object = None  # world → [URL arguments, or an address], one of them per example
    methods: tuple = ("post",)
    reads: bool = False  # changes nothing even when it succeeds
    saves_with_200: bool = False  # htmx saves answer 200 when they succeed
    prepare: object = None  # (client, world) → URL, for a URL that needs a step before
    examples: int = 30


def reads(fields=no_fields, urls=None, users=("admin", "member")):
    """A page that only reads, yet does not refuse POST: fuzzed with query and body."""
    return Endpoint(
        users=users, fields=fields, urls=urls, methods=("get", "post"), reads=True, examples=10
    )


def button(urls=None, users=("admin",)):
    """A POST without fields (publish, revoke, submit...): only junk to send."""
    return Endpoint(users=users, urls=urls, examples=12)


def reset_link(client, world):
    """Open the e-mailed link first: Django then keeps the token in the session."""
    member = User.objects.get(pk=world.member.pk)
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    response = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))
    assert response.status_code == 302
    return response["Location"]


def login_fields(world):
    return {"username": EMAILS, "password": PASSWORDS, "next": NEXT}


def team_fields(world):
    return {"name": NAMES, "slug": SLUGS, "description": st.text(max_size=500)}


def answer_fields(world):
    return {
        "level": LEVELS,
        "ticked": st.sampled_from(world.characteristics),
        "comment": st.text(max_size=300),
        "evidence": EVIDENCE,
        "revision": NUMBERS,
        "continue": st.just(""),
    }


def areas(world):
    return [{"area": key} for key in [*world.areas, "no-such-area"]]


def own_models(world):
    return [{"pk": model.pk} for model in (world.draft, world.own_model, world.mini)]


def rounds(world):
    return [{"pk": world.round.pk}, {"pk": world.foreign_round.pk}]


def round_teams(world):
    return [
        {"pk": world.round.pk, "team": world.team.slug},
        {"pk": world.round.pk, "team": world.foreign_team.slug},
        {"pk": world.foreign_round.pk, "team": world.foreign_team.slug},
    ]


def round_fields(world):
    return {
        "label": NAMES,
        "model": pks(world.mini, world.own_model, world.draft, world.foreign_model),
        "opens_on": DATES | texts_of(date.today().isoformat()),
        "deadline": DATES | texts_of((date.today() + timedelta(days=14)).isoformat()),
        "which_teams": texts_of("all", "chosen", "some", ""),
        "teams": pks(world.team, world.other_team, world.foreign_team),
        "anonymous": texts_of("on", "true", "1", "0", ""),
        "reminder_days": texts_of("3, 1", "", "0", "61", "1 2 3 4 5 6", "٣", "3,,1") | NAMES,
    }


def memberships(world):
    return [{"pk": world.member_membership.pk}, {"pk": world.admin_membership.pk}]


FUZZ = {
    # Anyone
    "set_language": Endpoint(
        users=("anonymous", "admin"), fields=lambda w: {"language": LANGUAGES, "next": NEXT}
    ),
    "accounts:signup": Endpoint(
        users=("anonymous",),
        fields=lambda w: {
            "name": NAMES,
            "email": EMAILS,
            "password1": PASSWORDS,
            "password2": PASSWORDS,
            "organisation_name": NAMES,
            "organisation_slug": SLUGS,
        },
    ),
    "accounts:login": Endpoint(users=("anonymous",), fields=login_fields),
    "admin:login": Endpoint(users=("anonymous",), fields=login_fields, examples=15),
    "accounts:logout": Endpoint(users=("admin", "anonymous"), fields=lambda w: {"next": NEXT}),
    "admin:logout": button(users=("admin", "anonymous")),
    "accounts:password_change": Endpoint(
        fields=lambda w: {
            "old_password": PASSWORDS,
            "new_password1": PASSWORDS,
            "new_password2": PASSWORDS,
        }
    ),
    "accounts:password_reset": Endpoint(users=("anonymous",), fields=lambda w: {"email": EMAILS}),
    "accounts:password_reset_confirm": Endpoint(
        users=("anonymous",),
        fields=lambda w: {"new_password1": PASSWORDS, "new_password2": PASSWORDS},
        prepare=reset_link,
    ),
    "accounts:invitation": Endpoint(
        users=("anonymous", "admin"),
        fields=lambda w: {"name": NAMES, "password1": PASSWORDS, "password2": PASSWORDS},
        urls=lambda w: [
            {"token": w.invitation.token},
            {"token": "no-such-token"},
            "/accounts/invitations/a%00b/",  # not a token: the resolver refuses it
        ],
    ),
    "accounts:reminders": Endpoint(
        users=("anonymous", "admin"),
        fields=lambda w: {
            "reminders": texts_of("on", "off", "", "maybe"),
            "digest": texts_of("on", "off", "", "maybe"),
        },
        urls=lambda w: [
            {"token": reminders_token(w.member.pk)},
            {"token": reminders_token(w.member.pk)[:-3] + "abc"},  # changed: a 404
        ],
    ),
    # The administrators' settings
    "orgs:settings": Endpoint(fields=lambda w: {"name": NAMES}),
    "orgs:team_create": Endpoint(fields=team_fields),
    "orgs:team_edit": Endpoint(
        fields=lambda w: {**team_fields(w), "archived": texts_of("on", "true", "1", "0", "")},
        urls=lambda w: [{"team": w.team.slug}, {"team": w.other_team.slug}],
    ),
    "orgs:member_edit": Endpoint(
        fields=lambda w: {"role": ROLES, "teams": pks(w.team, w.other_team, w.foreign_team)},
        urls=memberships,
    ),
    "orgs:member_remove": button(urls=memberships),
    "orgs:invitation_create": Endpoint(
        fields=lambda w: {
            "email": EMAILS,
            "role": ROLES,
            "teams": pks(w.team, w.other_team, w.foreign_team),
        }
    ),
    "orgs:invitation_revoke": button(),
    "orgs:invitation_resend": button(),
    "maturity:settings": Endpoint(
        fields=lambda w: {"models": pks(w.mini, w.own_model, w.draft, w.foreign_model)}
    ),
    "maturity:upload": Endpoint(fields=lambda w: {"file": model_files(w.mini_data)}, examples=50),
    "maturity:publish": button(urls=own_models),
    "maturity:delete": button(urls=own_models),
    "maturity:retire": button(urls=own_models),
    # Assessments
    "assessments:start": Endpoint(
        fields=lambda w: {
            "label": NAMES,
            "date": DATES,
            "model": pks(w.mini, w.own_model, w.draft, w.foreign_model),
        },
        urls=lambda w: [{"team": w.team.slug}, {"team": w.other_team.slug}],
    ),
    "assessments:answer_area": Endpoint(
        users=("member", "admin"), fields=answer_fields, urls=areas, saves_with_200=True
    ),
    "assessments:agree": Endpoint(
        fields=lambda w: {
            "level": LEVELS,
            "ticked": st.sampled_from(w.characteristics),
            "note": st.text(max_size=300),
        },
        urls=areas,
        methods=("post", "get"),  # GET ?level=N: the htmx checklist
    ),
    "assessments:facilitator": Endpoint(
        fields=lambda w: {"facilitator": pks(w.member, w.admin, w.outsider)}
    ),
    "assessments:submit": button(
        urls=lambda w: [{"pk": w.open_assessment.pk}, {"pk": w.submitted.pk}]
    ),
    "assessments:reopen": Endpoint(
        fields=lambda w: {"reason": st.text(max_size=300)},
        urls=lambda w: [{"pk": w.submitted.pk}, {"pk": w.open_assessment.pk}],
    ),
    # Rounds
    "rounds:new": Endpoint(fields=round_fields),
    "rounds:deadline": Endpoint(
        fields=lambda w: {
            "deadline": DATES | texts_of((date.today() + timedelta(days=30)).isoformat())
        },
        urls=rounds,
    ),
    "rounds:respondents": Endpoint(
        fields=lambda w: {"respondents": pks(w.member, w.admin, w.outsider)},
        urls=round_teams,
    ),
    "rounds:close": button(urls=rounds),
    "rounds:remind": button(urls=rounds),
    "rounds:remind_team": button(urls=round_teams),
    "dashboards:targets": Endpoint(
        fields=lambda w: {f"target-{key}": LEVELS for key in [*w.dimensions, "people", "\x00", ""]}
    ),
    "reports:order": Endpoint(
        fields=lambda w: {
            "kind": st.sampled_from([*Report.Kind.values, "ORGANISATION", "invoice"]),
            "team": texts_of(w.team.slug, w.other_team.slug, w.foreign_team.slug, "a\x00b"),
            "assessment": texts_of(
                f"{w.team.slug}/{w.open_assessment.pk}",
                f"{w.team.slug}/{w.foreign_assessment.pk}",
                f"{w.foreign_team.slug}/{w.foreign_assessment.pk}",
                f"{w.team.slug}/",
                "/",
                f"{w.team.slug}/{2**64}",
                f"{w.team.slug}/²",
                f"a\x00b/{w.open_assessment.pk}",
            ),
            "language": LANGUAGES,
        }
    ),
    "reports:retry": button(urls=lambda w: [{"pk": w.failed_report.pk}, {"pk": w.done_report.pk}]),
    # Pages that only read but do not refuse POST: their query strings are forms too.
    "home": reads(users=("anonymous", "admin", "member")),
    "orgs:list": reads(),
    "orgs:teams": reads(fields=lambda w: {"archived": texts_of("1", "0"), "page": PAGES}),
    "orgs:settings_teams": reads(fields=lambda w: {"page": PAGES}),
    "orgs:settings_members": reads(fields=lambda w: {"page": PAGES}),
    "maturity:list": reads(),
    "maturity:detail": reads(
        urls=lambda w: (
            [
                {"slug": model.slug, "version": model.version}
                for model in (w.mini, w.own_model, w.draft, w.foreign_model)
            ]
            + [{"slug": w.mini.slug, "version": "1\x00"}]
        )
    ),
    "maturity:own_detail": reads(
        urls=lambda w: (
            [
                {"slug": model.slug, "version": model.version}
                for model in (w.own_model, w.draft, w.foreign_model, w.mini)
            ]
            + [{"slug": w.own_model.slug, "version": "1\x00"}]
        )
    ),
    "organisation": reads(
        fields=lambda w: {
            "model": pks(w.mini, w.own_model, w.draft, w.foreign_model),
            "start": DATES,
            "end": DATES,
            "stale": NUMBERS,
            "sort": st.sampled_from([*SORTS, "pk", "-latest_score"]),
            "page": PAGES,
        }
    ),
    "dashboards:compare": reads(
        fields=lambda w: {
            "teams": texts_of(w.team.slug, w.other_team.slug, w.foreign_team.slug, "\x00")
        }
    ),
    "reports:export": reads(urls=lambda w: [{"format": f} for f in ("csv", "xlsx", "pdf")]),
    "reports:list": reads(fields=lambda w: {"page": PAGES}),
    "reports:progress": reads(),
    "reports:download": reads(
        urls=lambda w: [{"pk": w.done_report.pk}, {"pk": w.failed_report.pk}]
    ),
    "dashboards:team": reads(fields=lambda w: {"page": PAGES}),
    "dashboards:changes": reads(
        fields=lambda w: {
            "from": pks(w.submitted, w.open_assessment, w.foreign_assessment),
            "to": pks(w.submitted, w.open_assessment, w.foreign_assessment),
        }
    ),
    "rounds:list": reads(fields=lambda w: {"page": PAGES}),
    "rounds:detail": reads(
        fields=lambda w: {
            "state": texts_of("", "not_started", "answering", "finished", "late", "nope"),
            "q": NAMES,
            "page": PAGES,
        },
        urls=rounds,
    ),
    "rounds:export": reads(
        fields=lambda w: {"state": texts_of("submitted", "disagreement", "x"), "q": NAMES},
        urls=rounds,
    ),
    "assessments:detail": reads(),
    "assessments:answer": reads(),
    "assessments:facilitate": reads(),
}

# Django's own admin is closed to everyone who is not staff, and none of the app's roles is
# (tests/security/test_url_walk.py proves it); only its login and logout take anyone's POST.
DJANGO_ADMIN = "admin:"
