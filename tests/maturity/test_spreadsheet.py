"""Maturity models as XLSX workbooks: the template round-trips, problems are located."""

import io
import struct
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from maturity.interchange import ModelImportError, export_model, import_model
from maturity.limits import MAX_CHARACTERISTICS
from maturity.models import MaturityModel
from maturity.spreadsheet import example_model, import_workbook, parse_workbook, workbook_of
from maturity.spreadsheet_format import SHEETS
from maturity.spreadsheet_reading import MAX_UNCOMPRESSED_BYTES
from tests.byo.samm import samm_model

SHEET_NAMES = ["Model", "Levels", "Highlights", "Dimensions", "Areas", "Characteristics"]


def edited(raw, change):
    """The workbook after `change(book)`, as a person would save it from a spreadsheet."""
    book = openpyxl.load_workbook(io.BytesIO(raw))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def clear(sheet, cell):
    def change(book):
        book[sheet][cell] = None

    return change


def problems(raw, organisation=None):
    with pytest.raises(ModelImportError) as refused:
        import_workbook(raw, organisation=organisation)
    return refused.value.errors


def upload(client, organisation, content, name="model.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("maturity:upload", args=[organisation.slug]), {"file": file})


def fill_template(raw, data):
    """Type a model into the empty template, cell by cell, the way a person would."""

    def fill(book):
        model = book["Model"]
        values = {
            "slug": data["slug"],
            "version": data["version"],
            "languages": " ".join(data["languages"]),  # any separator will do
            "name_de": data["name"].get("de"),
            "name_en": data["name"].get("en"),
            "description_de": data["description"].get("de"),
            "description_en": data["description"].get("en"),
            "source": data["source"],
        }
        for row in model.iter_rows(min_row=2):
            row[1].value = values[row[0].value]
        for level in data["levels"]:
            texts = [
                level[f][lang] for f in ("name", "title", "description") for lang in ["de", "en"]
            ]
            book["Levels"].append([level["number"], *texts])
            for highlight in level["highlights"]:
                book["Highlights"].append([level["number"], highlight["de"], highlight["en"]])
        for dimension in data["dimensions"]:
            book["Dimensions"].append([dimension["key"], *dimension["name"].values()])
        for area in data["areas"]:
            book["Areas"].append([area["key"], area["dimension"], *area["name"].values()])
        for item in data["characteristics"]:
            text = item["text"]
            book["Characteristics"].append(
                [item["area"], str(item["level"]), item["key"], text["de"], text["en"]]
            )

    return edited(raw, fill)


# Round trips


@pytest.mark.django_db
def test_the_shipped_model_round_trips(mlops):
    assert parse_workbook(workbook_of(mlops)) == export_model(mlops)


@pytest.mark.django_db
def test_an_english_only_model_round_trips_with_its_german_columns_empty(organisation):
    model = import_model(samm_model(), organisation=organisation)

    raw = workbook_of(model)

    assert parse_workbook(raw) == export_model(model)
    areas = openpyxl.load_workbook(io.BytesIO(raw))["Areas"]
    assert [cell.value for cell in areas[1]] == ["key", "dimension", "name_de", "name_en"]
    assert [row[2] for row in areas.iter_rows(min_row=2, values_only=True)] == [None] * 15
    assert areas["D2"].value == "Strategy and Metrics"


@pytest.mark.django_db
def test_the_example_round_trips_and_is_a_valid_model():
    assert parse_workbook(workbook_of(example_model())) == example_model()


@pytest.mark.django_db
def test_a_text_that_looks_like_a_formula_stays_a_text(organisation):
    data = example_model()
    data["characteristics"][0]["text"]["en"] = '=HYPERLINK("http://evil.example")'

    raw = workbook_of(data)

    cell = openpyxl.load_workbook(io.BytesIO(raw))["Characteristics"]["E2"]
    assert cell.data_type == "s"
    assert parse_workbook(raw) == data


@pytest.mark.django_db
def test_the_template_has_its_sheets_headers_and_instructions():
    book = openpyxl.load_workbook(io.BytesIO(workbook_of()))

    assert book.sheetnames == ["Instructions", *SHEET_NAMES]
    for name, headers in SHEETS.items():
        assert [cell.value for cell in book[name][1]] == list(headers)
        assert book[name]["A1"].font.bold
        assert book[name].freeze_panes == "A2"
    assert [row[0] for row in book["Model"].iter_rows(min_row=2, values_only=True)][:3] == [
        "slug",
        "version",
        "languages",
    ]
    assert "docs/model-format.md" in str([c.value for c in book["Instructions"]["B"]])
    assert book["Areas"].data_validations.dataValidation[0].formula1.startswith("Dimensions!")


# Uploads through the settings page


@pytest.mark.django_db
def test_admin_uploads_the_example_and_the_stored_model_exports_equal(
    client_for, admin, organisation
):
    client = client_for(admin)
    response = client.get(reverse("maturity:template", args=[organisation.slug]) + "?example=1")
    assert response["Content-Disposition"] == 'attachment; filename="model-example.xlsx"'

    response = upload(client, organisation, response.content)

    assert response.status_code == 302
    model = MaturityModel.objects.get(organisation=organisation)
    assert model.status == "draft"
    assert export_model(model) == example_model()


@pytest.mark.django_db
def test_admin_fills_the_empty_template_and_uploads_it(client_for, admin, organisation, mini_data):
    client = client_for(admin)
    template = client.get(reverse("maturity:template", args=[organisation.slug]))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    response = upload(client, organisation, fill_template(template.content, mini_data))

    assert response.status_code == 302
    assert export_model(MaturityModel.objects.get(organisation=organisation)) == mini_data


@pytest.mark.django_db
def test_upload_with_problems_names_sheet_row_and_column_and_stores_nothing(
    client_for, admin, organisation, mlops
):
    def break_it(book):
        book["Areas"]["D5"] = None  # the English name of the 4th area
        book["Characteristics"]["B11"] = 9

    raw = edited(workbook_of(mlops), break_it)

    response = upload(client_for(admin), organisation, raw)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Areas, row 5, column D (name_en)</code>: missing language" in page
    assert "Characteristics, row 11, column B (level)</code>: level 9 is not one" in page
    assert not MaturityModel.objects.filter(organisation=organisation).exists()


@pytest.mark.django_db
def test_an_outsider_can_neither_upload_nor_download_the_template(
    client_for, outsider, organisation, mlops
):
    client = client_for(outsider)

    assert upload(client, organisation, workbook_of(mlops)).status_code == 404
    assert client.get(reverse("maturity:template", args=[organisation.slug])).status_code == 404
    assert not MaturityModel.objects.filter(organisation=organisation).exists()


@pytest.mark.django_db
def test_only_admins_download_the_template(client_for, member, organisation, client):
    url = reverse("maturity:template", args=[organisation.slug])
    assert client.get(url).status_code == 302  # to the login
    assert client_for(member).get(url).status_code == 403


@pytest.mark.django_db
def test_settings_page_links_the_template(client_for, admin, organisation):
    page = client_for(admin).get(reverse("maturity:settings", args=[organisation.slug]))

    html = page.content.decode()
    assert reverse("maturity:template", args=[organisation.slug]) in html
    assert 'accept=".json,.xlsx"' in html


# Downloads of models


@pytest.mark.django_db
def test_a_shipped_model_downloads_as_xlsx_from_its_page(client_for, member, mlops):
    client = client_for(member)
    url = reverse("maturity:download", args=["mlops", "1"])
    assert url in client.get(mlops.get_absolute_url()).content.decode()

    response = client.get(url)

    assert response["Content-Disposition"] == 'attachment; filename="mlops-1.xlsx"'
    assert parse_workbook(response.content) == export_model(mlops)
    assert client.get(reverse("maturity:download", args=["mlops", "9"])).status_code == 404


@pytest.mark.django_db
def test_an_own_model_downloads_for_its_organisation_only(
    client_for, member, outsider, organisation, mini_data
):
    model = import_model(mini_data, organisation=organisation)
    url = reverse("maturity:own_download", args=[organisation.slug, model.slug, model.version])
    assert url in client_for(member).get(model.get_absolute_url()).content.decode()

    response = client_for(member).get(url)

    assert parse_workbook(response.content) == export_model(model)
    assert client_for(outsider).get(url).status_code == 404


@pytest.mark.django_db
def test_export_and_import_commands_take_xlsx_files(tmp_path, mlops, organisation):
    path = tmp_path / "mlops.xlsx"

    call_command("export_model", "mlops", output=path)
    call_command("import_model", path, organisation="acme", stdout=io.StringIO())

    own = MaturityModel.objects.get(organisation=organisation)
    assert export_model(own) == export_model(mlops)


# Problems, each where it is


@pytest.fixture
def mlops_workbook(mlops):
    return workbook_of(mlops)


@pytest.mark.django_db
def test_a_missing_english_name_is_named_by_sheet_row_and_column(mlops_workbook):
    raw = edited(mlops_workbook, clear("Areas", "D5"))

    assert problems(raw) == [("Areas, row 5, column D (name_en)", "missing language")]


@pytest.mark.django_db
def test_a_characteristic_of_no_level_is_named(mlops_workbook):
    raw = edited(mlops_workbook, lambda book: book["Characteristics"].cell(11, 2, "7"))

    assert problems(raw) == [
        ("Characteristics, row 11, column B (level)", "level 7 is not one of the model's levels")
    ]


@pytest.mark.django_db
def test_a_gap_in_the_levels_names_the_levels_sheet(mlops_workbook):
    def renumber(book):
        book["Levels"]["A6"] = 6  # level 4 becomes 6
        for row in book["Characteristics"].iter_rows(min_row=2):
            if row[1].value == 4:
                row[1].value = 6
        for row in book["Highlights"].iter_rows(min_row=2):
            if row[0].value == 4:
                row[0].value = 6

    assert problems(edited(mlops_workbook, renumber)) == [
        ("Levels", "levels must be numbered 0, 1, 2, … without gaps; found 0, 1, 2, 3, 6")
    ]


@pytest.mark.django_db
def test_an_unknown_dimension_is_named(mlops_workbook):
    raw = edited(mlops_workbook, lambda book: book["Areas"].cell(2, 2, "nowhere"))

    found = problems(raw)

    assert ("Areas, row 2, column B (dimension)", "no dimension “nowhere” in $.dimensions") in found


@pytest.mark.django_db
def test_a_highlight_of_no_level_and_a_model_field_are_named(mlops_workbook):
    def break_it(book):
        book["Highlights"]["A3"] = 12
        book["Model"]["B2"] = "Not A Slug"

    found = problems(edited(mlops_workbook, break_it))

    assert (
        "Highlights, row 3, column A (level)",
        "level 12 is not one of the model's levels",
    ) in found
    assert (
        "Model, row 2, column B (slug)",
        "must be a key of lower-case letters, digits and hyphens",
    ) in found


@pytest.mark.django_db
def test_an_existing_version_is_named_at_its_cell(mlops_workbook, organisation):
    import_workbook(mlops_workbook, organisation=organisation)

    assert problems(mlops_workbook, organisation) == [
        ("Model, row 3, column B (version)", "version 1 of “mlops” exists already")
    ]


@pytest.mark.django_db
def test_a_wrong_header_is_named(mlops_workbook):
    raw = edited(mlops_workbook, lambda book: book["Areas"].cell(1, 4, "English name"))

    assert problems(raw) == [
        (
            "Areas, row 1, column D (english name)",
            "unknown column; the columns are key, dimension, name_de, name_en",
        ),
        ("Areas, row 1", "the column “name_en” is missing"),
    ]


@pytest.mark.django_db
def test_a_missing_or_unknown_sheet_is_named(mlops_workbook):
    def rename(book):
        book["Highlights"].title = "Key points"

    assert problems(edited(mlops_workbook, rename)) == [
        ("the workbook", "unknown sheet “Key points”"),
        ("the workbook", "the sheet “Highlights” is missing"),
    ]


@pytest.mark.django_db
def test_a_zip_that_is_no_workbook_is_refused(client_for, admin, organisation):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("model.json", "{}")

    response = upload(client_for(admin), organisation, archive.getvalue(), name="model.zip")

    assert response.status_code == 400
    assert "the file is a ZIP archive, not an XLSX workbook" in response.content.decode()


def with_member(raw, name, content, claimed_size=None):
    """The workbook with one more member; its size in the directory may lie."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(out.getvalue())
    if claimed_size is not None:
        encoded = name.encode()
        for signature, name_at, size_at in ((b"PK\x01\x02", 46, 24), (b"PK\x03\x04", 30, 22)):
            header = data.index(signature + b"", 0)
            while data[header + name_at : header + name_at + len(encoded)] != encoded:
                header = data.index(signature, header + 1)
            struct.pack_into("<I", data, header + size_at, claimed_size)
    return bytes(data)


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_unpacked(mlops_workbook):
    bomb = with_member(mlops_workbook, "xl/media/zeros.bin", b"\x00" * (MAX_UNCOMPRESSED_BYTES + 1))
    assert len(bomb) < 1024 * 1024  # small enough to be uploaded

    assert problems(bomb) == [
        ("the workbook", "the workbook unpacks to more than 20 MB; a model needs far less")
    ]


@pytest.mark.django_db
def test_a_member_that_unpacks_to_more_than_it_claims_is_refused(mlops_workbook):
    liar = with_member(
        mlops_workbook, "xl/worksheets/sheet99.xml", b" " * (MAX_UNCOMPRESSED_BYTES + 1), 100
    )

    assert problems(liar) == [("the workbook", "the file is not an XLSX workbook that can be read")]


@pytest.mark.django_db
def test_a_sheet_with_too_many_rows_is_refused(mlops_workbook):
    def grow(book):
        sheet = book["Characteristics"]
        for n in range(MAX_CHARACTERISTICS + 1 - (sheet.max_row - 1)):
            sheet.append(["data", 1, f"extra-{n}", "x", "x"])

    assert problems(edited(mlops_workbook, grow)) == [
        (
            "Characteristics",
            "the sheet has more than 2,000 rows of entries; at most 2,000 are allowed",
        )
    ]


@pytest.mark.django_db
def test_a_row_far_down_is_refused_without_reading_up_to_it(mlops_workbook):
    raw = edited(mlops_workbook, lambda book: book["Levels"].cell(900_000, 1, 5))

    assert problems(raw) == [
        ("Levels", "the sheet has more than 10 rows of entries; at most 10 are allowed")
    ]


@pytest.mark.django_db
def test_a_file_that_is_not_a_zip_at_all_is_refused():
    assert problems(b"PK\x03\x04 and then nothing") == [
        ("the workbook", "the file is not an XLSX workbook (a damaged ZIP archive)")
    ]
