"""Settings → API's endpoints the fuzz sends to (issue 19). Merged into FUZZ by test_fuzz.py.
The API itself takes JSON and is fuzzed by tests/api/test_fuzz_*.py."""

from api.models import ApiToken
from api.tokens import token_create
from tests.security.fuzz_endpoints import Endpoint, button
from tests.security.fuzz_strategies import texts_of


def api_objects(organisation, foreign_organisation):
    """A token of Acme's and one of Globex's (not Acme's to revoke)."""
    token, _secret = token_create(organisation=organisation, name="Warehouse", scope="read")
    foreign, _secret = token_create(organisation=foreign_organisation, name="BI", scope="write")
    return {"api_token": token, "foreign_api_token": foreign}


def fields(world):
    return {
        "name": texts_of("Nightly export", "Warehouse", "", " ", "x" * 101),
        "scope": texts_of(*ApiToken.Scope.values, "root", ""),
        "expires_on": texts_of("2099-12-31", "2000-01-01", "31.12.2099", "tomorrow", ""),
    }


def tokens(world):
    return [
        {"api_token": world.api_token.pk},
        {"api_token": world.foreign_api_token.pk},
        {"api_token": 2**31},
    ]


API_FUZZ = {
    # A token made answers 200 with its secret (shown once), not a redirect.
    "api_settings:token_create": Endpoint(
        fields=fields, methods=("post", "get"), saves_with_200=True
    ),
    "api_settings:token_revoke": button(urls=tokens),
}
