"""What the fuzz sends: Hypothesis strategies for every kind of field."""

import copy
import json
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from tests.factories import PASSWORD

BACKEND = "django.contrib.auth.backends.ModelBackend"
SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'

# ---------------------------------------------------------------------------------------------
# What the fuzz sends

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    SCRIPT,
    IMAGE,
    "' OR '1'='1' --",
    "1; DROP TABLE accounts_user; --",
    "%s%s%n%d",
    "{{ 7*7 }}{% debug %}",
    "../../../etc/passwd",
    "javascript:alert(1)",
    "http://",
    "https://evil.example/",
    "//evil.example",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "-0",
    "99999999999999999999999",
    "²",
    "١٢",
    "𝟗",
    "Ⅻ",
    "\u202eevil",
    "\ufeff1",
    "İß",
    "\r\n",
    "null",
    "[]",
    "{}",
    "true",
]
CHARS = ["a", "é", "€", "\x00", "<", "1", "😀", " ", "\n"]

junk = st.one_of(
    st.text(),
    st.sampled_from(NASTY),
    st.integers().map(str),
    st.binary(max_size=40),  # sent as raw bytes: often not UTF-8
    st.builds(lambda char, times: char * times, st.sampled_from(CHARS), st.integers(1_000, 50_000)),
)
extra_keys = st.text(min_size=1, max_size=20) | st.sampled_from(
    ["id", "pk", "organisation", "user", "is_staff", "is_superuser", "state", "submitted_by"]
)


# Hypothesis favours the first of several choices (and 0 of integers): rare ones come last.
MISSING = st.sampled_from([False, False, False, True])
FLOOD = st.sampled_from([None] * 38 + ["fields", "bytes"])


@st.composite
def payloads(draw, fields):
    """The endpoint's own field names (each sometimes missing, sometimes several times) with
    plausible or junk values, plus unknown keys; now and then more fields than Django takes."""
    data = {}
    for name, plausible in fields.items():
        if draw(MISSING):
            continue
        value = st.one_of(plausible, plausible, junk)  # two in three plausible
        data[name] = draw(st.one_of(value, st.lists(value, max_size=4)))
    for key, value in draw(st.dictionaries(extra_keys, junk | st.lists(junk, max_size=3))).items():
        data.setdefault(key, value)
    flood = draw(FLOOD)
    if flood == "fields":
        data["flood"] = ["x"] * 1_100  # beyond DATA_UPLOAD_MAX_NUMBER_FIELDS
    elif flood == "bytes":
        data["flood"] = "x" * 3_000_000  # beyond DATA_UPLOAD_MAX_MEMORY_SIZE
    return data


def texts_of(*values):
    return st.sampled_from([str(value) for value in values])


def pks(*objects):
    return texts_of(*(obj.pk for obj in objects), 0, -1, 2**63, "1.0", "١", "²")


NAMES = st.text(max_size=200) | st.sampled_from(["Acme", "Fraud ML", "A" * 121, "  "])
SLUGS = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,64}", fullmatch=True) | st.sampled_from(
    ["acme", "globex", "fraud-ml", "new", "NEW", "über", "a b"]
)
EMAILS = st.emails() | st.sampled_from(
    [
        "alice@acme.example",
        "ALICE@acme.example ",
        "bob@acme.example",
        "newcomer@example.com",
        "charlie@globex.example",
        "a@b",
        "@",
        "a@b@c",
        "ü@ä.example",
    ]
)
PASSWORDS = st.sampled_from([PASSWORD, "password", "short", "Fuzzed-Passw0rd-2026"]) | st.text(
    min_size=8, max_size=40
)
ROLES = st.sampled_from(["admin", "manager", "member", "viewer", "owner", "ADMIN"])
LANGUAGES = st.sampled_from(["de", "en", "fr", "de-at", "EN", "zz-\x00"])
LEVELS = st.integers(-3, 12).map(str) | texts_of(2**64, "1.0", " 1 ", "²", "١")
NUMBERS = st.integers(-(2**70), 2**70).map(str)
DATES = st.dates().map(date.isoformat) | texts_of("2026-02-30", "0000-00-00", "31.12.2026")
PAGES = st.integers(-3, 10**20).map(str) | texts_of("last", "first")
NEXT = st.sampled_from(
    [
        "/",
        "/models/",
        "/o/acme/",
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver/models/",
    ]
)
LINKS = st.sampled_from(
    [
        "https://ci.example.com/job/1",
        "http://x",
        "ftp://files.example.com/",
        "javascript:alert(1)",
        "https://例え.テスト/パス",
        "https://" + "a" * 300 + ".example",
    ]
)
EVIDENCE = st.lists(LINKS | st.text(max_size=30), max_size=25).map("\n".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


def json_paths(value, path=()):
    """Every place in a JSON document: dict keys and list positions."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    found = []
    for key, inner in items:
        found.append((*path, key))
        found.extend(json_paths(inner, (*path, key)))
    return found


@st.composite
def model_files(draw, base):
    """A model file: the mini model with a few places changed or removed, or junk."""
    if draw(st.booleans()):
        content = draw(
            st.binary(max_size=2_000)
            | st.text().map(str.encode)
            | JSON_VALUES.map(lambda value: json.dumps(value).encode())
            | st.sampled_from(
                [b"[" * 100_000, b'{"a":' * 50_000, b"\xef\xbb\xbf{}", b'{"\\ud800": 1e999}', b""]
            )
        )
    else:
        data = copy.deepcopy(base)
        data["slug"] = draw(st.sampled_from([base["slug"], "acme-draft", "acme-model", "new-one"]))
        data["version"] = draw(st.sampled_from(["1", "2", "01", "", "3\n", "²"]))
        for _ in range(draw(st.integers(0, 3))):
            path = draw(st.sampled_from(json_paths(data)))
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(JSON_VALUES)
        content = json.dumps(data).encode()
    name = draw(st.sampled_from(["model.json", "model.txt", "../../etc/passwd", "m\x00.json"]))
    return SimpleUploadedFile(name, content, content_type="application/json")
