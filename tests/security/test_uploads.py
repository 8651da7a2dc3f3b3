"""Model uploads: a file that is too large, a body Django will not read, and malformed content
are each refused on the settings page with a message naming the problem, and nothing is stored.

Every request goes through the real view as a multipart POST by an admin of the organisation.
"""

import copy
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maturity.forms import MAX_UPLOAD_BYTES, ModelUploadForm
from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel

MB = 1024 * 1024


def upload_url(organisation):
    return reverse("maturity:upload", args=[organisation.slug])


def upload(client, organisation, content, name="model.json", **extra_fields):
    file = SimpleUploadedFile(name, content, content_type="application/json")
    return client.post(upload_url(organisation), {"file": file, **extra_fields})


def encoded(data):
    return json.dumps(data, ensure_ascii=False).encode()


def assert_nothing_stored():
    for table in (MaturityModel, Dimension, Area, Level, Characteristic):
        assert not table.objects.exists(), table.__name__


def assert_refused_on_the_page(response, *messages):
    assert response.status_code == 400
    page = response.content.decode()
    assert 'action="/o/acme/settings/models/upload/"' in page  # the settings page, not a bare 400
    for message in messages:
        assert message in page, message
    assert_nothing_stored()


@pytest.fixture
def as_admin(client_for, admin):
    return client_for(admin)


# Size


@pytest.mark.django_db
def test_a_10_mb_upload_is_refused_and_none_of_it_is_kept(as_admin, organisation, monkeypatch):
    seen = []
    clean_file = ModelUploadForm.clean_file

    def spying(form):
        upload = form.cleaned_data["file"]
        seen.append((upload.size, len(upload.read())))
        upload.seek(0)
        return clean_file(form)

    def no_temporary_files(*args, **kwargs):
        raise AssertionError("the upload was written to a temporary file")

    monkeypatch.setattr(ModelUploadForm, "clean_file", spying)
    monkeypatch.setattr(
        "django.core.files.uploadedfile.tempfile.NamedTemporaryFile", no_temporary_files
    )
    content = b" " * (10 * MB - 2) + b"{}"

    response = upload(as_admin, organisation, content)

    assert_refused_on_the_page(response, "The file is larger than 1 MB.")
    assert seen == [(10 * MB, 0)]  # its real size is known, its content was dropped unread


@pytest.mark.django_db
def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(
    as_admin, organisation, mini_data
):
    model = encoded(mini_data)
    at_limit = model + b" " * (MAX_UPLOAD_BYTES - len(model))
    assert len(at_limit) == MAX_UPLOAD_BYTES

    assert_refused_on_the_page(
        upload(as_admin, organisation, at_limit + b" "), "The file is larger than 1 MB."
    )
    response = upload(as_admin, organisation, at_limit)

    assert response.status_code == 302
    assert MaturityModel.objects.get().slug == "devops-mini"


@pytest.mark.django_db
def test_form_fields_beyond_djangos_memory_limit_get_the_page_with_a_message(
    as_admin, organisation, mini_data, settings
):
    # A browser sends the file as a file (not counted by DATA_UPLOAD_MAX_MEMORY_SIZE); only a
    # hand-made request puts megabytes into a plain field.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < 3 * MB
    response = upload(as_admin, organisation, encoded(mini_data), padding="x" * (3 * MB))

    assert_refused_on_the_page(
        response, "The upload could not be read: send one model file of at most 1 MB"
    )


@pytest.mark.django_db
def test_more_files_than_django_accepts_get_the_page_with_a_message(
    as_admin, organisation, mini_data, settings
):
    files = [
        SimpleUploadedFile(f"m{i}.json", encoded(mini_data))
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]

    response = as_admin.post(upload_url(organisation), {"file": files})

    assert_refused_on_the_page(response, "The upload could not be read")


@pytest.mark.django_db
def test_a_broken_multipart_body_gets_the_page_with_a_message(as_admin, organisation):
    response = as_admin.generic(
        "POST",
        upload_url(organisation),
        b"--nothing\r\ngarbage",
        content_type="multipart/form-data; boundary=",
    )

    assert_refused_on_the_page(response, "The upload could not be read")


@pytest.mark.django_db
def test_only_the_first_file_of_a_request_is_kept(as_admin, organisation, mini_data):
    other = copy.deepcopy(mini_data)
    other["slug"] = "second-one"
    files = [SimpleUploadedFile("a.json", encoded(mini_data)), SimpleUploadedFile("b.json", b"x")]

    response = as_admin.post(upload_url(organisation), {"file": files, "other": files[1]})

    assert response.status_code == 302
    assert list(MaturityModel.objects.values_list("slug", flat=True)) == ["devops-mini"]


@pytest.mark.django_db
def test_the_upload_still_needs_the_csrf_token(admin, organisation, mini_data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")

    response = upload(client, organisation, encoded(mini_data))

    assert response.status_code == 403
    assert_nothing_stored()
    page = client.get(reverse("maturity:settings", args=[organisation.slug])).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = upload(client, organisation, encoded(mini_data), csrfmiddlewaretoken=token)
    assert response.status_code == 302
    assert MaturityModel.objects.get().organisation == organisation


@pytest.mark.django_db
@pytest.mark.parametrize("oversized", [False, True])
def test_others_cannot_upload_whatever_the_body(
    client_for, outsider, member, organisation, mini_data, oversized
):
    extra = {"padding": "x" * (3 * MB)} if oversized else {}
    content = encoded(mini_data)

    assert upload(client_for(outsider), organisation, content, **extra).status_code == 404
    assert upload(client_for(member), organisation, content, **extra).status_code == 403
    assert_nothing_stored()


# Malformed content


def _deeply_nested_model(mini_data):
    data = copy.deepcopy(mini_data)
    data["source"] = "__NEST__"
    return encoded(data).replace(b'"__NEST__"', b"[" * 50_000 + b"]" * 50_000)


def _zip(mini_data):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("model.json", encoded(mini_data))
    return out.getvalue()


def _changed(mini_data, change):
    data = copy.deepcopy(mini_data)
    change(data)
    return encoded(data)


def _replaced(mini_data, old, new):
    raw = json.dumps(mini_data).encode()
    assert raw.count(old) == 1, old
    return raw.replace(old, new)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

MALFORMED = {
    "not JSON": (lambda d: b"{slug: devops-mini}", "not valid JSON: Expecting property name"),
    "JSON but a list": (lambda d: b"[1, 2, 3]", "<code>$</code>: must be an object"),
    "JSON but a text": (lambda d: b'"a model"', "<code>$</code>: must be an object"),
    "wrong shape": (
        lambda d: _changed(d, lambda m: m.update(areas={"collaboration": "culture"})),
        "<code>$.areas</code>: must be a list",
    ),
    "a number for a list": (
        lambda d: _changed(d, lambda m: m.update(dimensions=5)),
        "<code>$.dimensions</code>: must be a list",
    ),
    "a list for a key": (
        lambda d: _changed(d, lambda m: m["areas"][0].update(dimension=["culture"])),
        "<code>$.areas[0].dimension</code>: no dimension",
    ),
    "an object for a key": (
        lambda d: _changed(d, lambda m: m["characteristics"][0].update(area={"a": 1})),
        "<code>$.characteristics[0].area</code>: no area",
    ),
    "latin-1": (
        lambda d: json.dumps({**d, "source": "Modèle"}, ensure_ascii=False).encode("latin-1"),
        "the file is not UTF-8 text (byte 0xE8 at position",
    ),
    "UTF-16 with a byte order mark": (
        lambda d: json.dumps(d).encode("utf-16"),
        "the file is UTF-16 text; save it as UTF-8",
    ),
    "UTF-16 without one": (
        lambda d: json.dumps(d).encode("utf-16-le"),
        "the file is UTF-16 text; save it as UTF-8",
    ),
    "a PNG": (lambda d: PNG, "the file is a PNG file, not JSON text"),
    "a zip of the model": (_zip, "the file is a ZIP archive, not an XLSX workbook"),
    "binary in the middle": (
        lambda d: encoded(d)[:40] + b"\x00\x01\x02" + encoded(d)[40:],
        "the file contains binary data (NUL bytes), not JSON text",
    ),
    "nested too deeply": (lambda d: b"[" * 100_000, "not valid JSON: nested too deeply"),
    "nested too deeply inside a model": (_deeply_nested_model, "nested too deeply"),
    "an integer of 5,000 digits": (
        lambda d: _replaced(d, b'"number": 0', b'"number": ' + b"9" * 5_000),
        "not valid JSON: a number is too long",
    ),
    "a float beyond the largest": (
        lambda d: _replaced(d, b'"number": 0', b'"number": 1e999'),
        "the number 1e999 is too large",
    ),
    "NaN": (
        lambda d: _replaced(d, b'"number": 0', b'"number": NaN'),
        "NaN is not a number in JSON",
    ),
    "a level number beyond the database's": (
        lambda d: _replaced(d, b'"number": 0', b'"number": ' + b"9" * 100),
        "levels must be numbered 0, 1, 2, … without gaps",
    ),
    "duplicate keys": (
        lambda d: _replaced(d, b'"slug": "devops-mini"', b'"slug": "a", "slug": "devops-mini"'),
        "the key “slug” appears twice in one object",
    ),
    "a missing translation": (
        lambda d: _changed(d, lambda m: m["areas"][1]["name"].pop("en")),
        "<code>$.areas[1].name.en</code>: missing language",
    ),
    "an empty translation": (
        lambda d: _changed(d, lambda m: m["dimensions"][0]["name"].update(de="  ")),
        "<code>$.dimensions[0].name.de</code>: must not be empty",
    ),
    "a NUL character, which PostgreSQL cannot store": (
        lambda d: _changed(d, lambda m: m["areas"][0]["name"].update(en="Col\x00laboration")),
        "a text contains the character U+0000, which cannot be stored",
    ),
    "a lone surrogate, which is no text": (
        lambda d: _replaced(d, b'"Collaboration"', b'"Coll\\ud800aboration"'),
        "a text contains the character U+D800, which cannot be stored",
    ),
    "a slug longer than the database's column": (
        lambda d: _changed(d, lambda m: m.update(slug="a" * 61)),
        "<code>$.slug</code>: is 61 characters long; at most 60 are allowed",
    ),
    "more characteristics than allowed": (
        lambda d: _changed(
            d,
            lambda m: m.update(
                characteristics=[{"area": "delivery", "level": 1, "text": {"de": "x", "en": "x"}}]
                * 2_001
            ),
        ),
        "<code>$.characteristics</code>: the model has 2,001 characteristics; at most 2,000 are",
    ),
    "XML in a .json file": (
        lambda d: b'<?xml version="1.0"?><model slug="devops-mini"/>',
        "not valid JSON: Expecting value at line 1, column 1",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_content_is_refused_with_a_message_naming_the_problem(
    as_admin, organisation, mini_data, case
):
    make, message = MALFORMED[case]
    content = make(mini_data)
    assert len(content) <= MAX_UPLOAD_BYTES

    response = upload(as_admin, organisation, content)

    assert_refused_on_the_page(response, "nothing was stored", message)


@pytest.mark.django_db
def test_an_empty_file_is_refused(as_admin, organisation):
    assert_refused_on_the_page(upload(as_admin, organisation, b""), "The submitted file is empty.")


@pytest.mark.django_db
def test_a_file_with_thousands_of_problems_lists_the_first_fifty(as_admin, organisation, mini_data):
    mini_data["characteristics"] = [{"area": "nowhere", "level": 9}] * 500

    response = upload(as_admin, organisation, encoded(mini_data))

    assert_refused_on_the_page(response, "and 1450 more problems")
    assert response.content.decode().count("<li><code>$.characteristics[") == 50


@pytest.mark.django_db
def test_the_same_file_repaired_is_imported(as_admin, organisation, mini_data):
    """The refusals above are about the file, not the model: the clean file goes in."""
    response = upload(as_admin, organisation, encoded(mini_data))

    assert response.status_code == 302
    model = MaturityModel.objects.get()
    assert (model.organisation, model.status, model.characteristics.count()) == (
        organisation,
        "draft",
        len(mini_data["characteristics"]),
    )


@pytest.mark.django_db
def test_utf8_with_a_byte_order_mark_is_imported(as_admin, organisation, mini_data):
    """Some Windows editors start UTF-8 files with a BOM; it is not a fault of the model."""
    response = upload(as_admin, organisation, b"\xef\xbb\xbf" + encoded(mini_data))

    assert response.status_code == 302
    assert MaturityModel.objects.get().characteristics.count() == len(mini_data["characteristics"])
