"""Two uploads of the same version at once (issue 14): the second gets the form's message.

Both look for an existing version before either has saved; the unique constraint lets only
one be stored. The race is made here by storing the other upload first and letting the
second one's look miss it, as it would a moment earlier.
"""

import json

import pytest

from maturity import interchange
from maturity.models import MaturityModel
from tests.maturity.test_views import upload


@pytest.fixture
def other_upload(monkeypatch, organisation, mini_data):
    model = interchange.import_model(json.loads(json.dumps(mini_data)), organisation=organisation)
    monkeypatch.setattr(interchange, "_existing", lambda data, organisation: None)
    return model


@pytest.mark.django_db
def test_the_slower_of_two_uploads_of_one_version_gets_the_form_error(
    client_for, admin, organisation, mini_data, other_upload
):
    client = client_for(admin)

    response = upload(client, organisation, json.dumps(mini_data))

    assert response.status_code == 400
    page = response.content.decode()
    assert "<code>$.version</code>: version 1 of “devops-mini” exists already" in page
    assert list(MaturityModel.objects.all()) == [other_upload]
    assert other_upload.characteristics.count() == len(mini_data["characteristics"])
    # The transaction is still usable: the settings page reads after the refusal.
    assert client.get(f"/o/{organisation.slug}/settings/models/").status_code == 200


@pytest.mark.django_db
def test_two_shipped_imports_of_one_version_refuse_the_second(mini_data, other_upload):
    interchange.import_model(json.loads(json.dumps(mini_data)))

    with pytest.raises(interchange.ModelImportError, match="exists already"):
        interchange.import_model(json.loads(json.dumps(mini_data)))

    assert MaturityModel.objects.filter(organisation=None).count() == 1
