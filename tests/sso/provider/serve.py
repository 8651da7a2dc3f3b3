"""Start the test provider: `python -m tests.sso.provider.serve` with PROVIDER_PORT,
PROVIDER_DB, PROVIDER_ISSUER, PROVIDER_REDIRECT_URIS (space-separated) and the client's
PROVIDER_CLIENT_ID / PROVIDER_CLIENT_SECRET in the environment. Users (password "secret"):
alice@acme.example (groups fraud-ml), bob@elsewhere.example, una@acme.example (e-mail not
verified)."""

import os
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso.provider.settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

PASSWORD = "secret"
USERS = [
    ("alice", "alice@acme.example", "Alice Example", "", ["fraud-ml", "everyone"]),
    ("bob", "bob@elsewhere.example", "Bob Elsewhere", "", []),
    ("una", "una@acme.example", "Una Unverified", "unverified", []),
    ("carol", "carol@acme.example", "Carol Example", "", []),
]


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def prepare():
    call_command("migrate", verbosity=0, interactive=False)
    for username, email, name, last, groups in USERS:
        user = User.objects.create_user(username, email, PASSWORD, first_name=name, last_name=last)
        for group in groups:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
    Application.objects.create(
        name="Maturity Assessments (tests)",
        client_id=os.environ["PROVIDER_CLIENT_ID"],
        client_secret=os.environ["PROVIDER_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["PROVIDER_REDIRECT_URIS"],
        post_logout_redirect_uris=os.environ.get("PROVIDER_LOGOUT_URIS", ""),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


if __name__ == "__main__":
    prepare()
    port = int(os.environ["PROVIDER_PORT"])
    server = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=Server, handler_class=QuietHandler
    )
    print(f"provider listening on {port}", flush=True)
    server.serve_forever()
