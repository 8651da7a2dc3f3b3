from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """The claims a company's provider gives: the e-mail, whether it is verified (a user
    whose last name is "unverified" is not), the name and the groups."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.last_name != "unverified",
            "name": user.first_name,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        """The site under test runs on a port chosen at start (live server) or as
        http://testserver (Django's test client): any of its callback addresses will do."""
        return redirect_uri.startswith(
            ("http://127.0.0.1:", "http://localhost:", "http://testserver/")
        ) and (redirect_uri.split("?")[0].endswith("/accounts/sso/callback/"))
