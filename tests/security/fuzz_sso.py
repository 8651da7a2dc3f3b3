"""Single sign-on's endpoints the fuzz sends to (issue 20). Merged into FUZZ by test_fuzz.py.
Issuers come from a fixed list: saving the settings fetches nothing, and the fuzz never asks
DNS about a made-up name. The provider lookup by e-mail finds none (no provider is set up),
so nothing leaves the machine either."""

from tests.security.fuzz_endpoints import FUZZ as BASE
from tests.security.fuzz_endpoints import Endpoint
from tests.security.fuzz_strategies import EMAILS, NEXT, texts_of


def fields(world):
    return {
        "name": texts_of("Acme ID", "", "x" * 81),
        "issuer": texts_of(
            "https://login.acme.example/tenant/v2.0",
            "http://login.acme.example",
            "https://login.acme.example/?q=1",
            "javascript:alert(1)",
            "",
        ),
        "client_id": texts_of("client", "", "x" * 201),
        "client_secret": texts_of("secret", "", "x" * 501),
        "allowed_domains": texts_of("acme.example", "acme.example, acme.de", "not a domain", ""),
        "default_role": texts_of("member", "admin", "owner", ""),
        "groups_claim": texts_of("groups", "roles", ""),
        "team_map": texts_of("fraud-ml = fraud-ml", "g = nope", "junk", ""),
        "require_sso": texts_of("on", ""),
        "enabled": texts_of("on", ""),
    }


SSO_FUZZ = {
    "sso_settings:sign_in": Endpoint(fields=fields, methods=("post", "get")),
    "sso:find": Endpoint(
        users=("anonymous", "member"),
        fields=lambda w: {"email": EMAILS, "next": NEXT},
        methods=("post", "get"),
        examples=15,
    ),
    # The same addresses as accounts' login and logout, which these replace.
    "sso:login": BASE["accounts:login"],
    "sso:logout": BASE["accounts:logout"],
}
